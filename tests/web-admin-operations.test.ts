/**
 * The admin console's day-to-day operations in a real Chromium (Debian's, driven by playwright-core), each
 * role in a browser of its own: a rights manager edits and deletes products and manages a viewer's grants,
 * an editor imports a guide and edits a programme, an administrator rebuilds the search index and reads
 * the audit log through its filters. Asserts what the operator sees.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInTab as signedInTabOf } from './support/browser';
import { adminSession, register, sessionWithRoles } from './support/client';
import { createChannel, uniqueXmltvId, xmltvDoc, xmltvTime } from './support/live';
import { CARD, createOffer, createPackage, createPlan, key, must, publishedMovie, SUBSCRIBE } from './support/rights';
import { oneReindexAtATime, REINDEX_TEST_MS } from './support/reindex';

// A reindex replays every event of the run into a new index: on a busy machine that takes a while.
const SLOW_TEST_MS = 240_000;
const tag = Math.random().toString(36).slice(2, 8);

describe('admin console operations', () => {
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    // Script errors and failed requests of the app fail the suite, as in tests/web.test.ts.
    expect(problems).toEqual([]);
  });

  /** A browser of the operator (own storage), signed in through the sign-in screen. */
  const signedInTab = (email: string, password?: string): Promise<Page> => signedInTabOf(browser, problems, email, password);

  test(
    "a rights manager edits a plan's price, deletes an offer, and grants then revokes access seen in the viewer's rights history",
    async () => {
      const manager = await sessionWithRoles(['EDITOR', 'RIGHTS_MANAGER']);
      const movie = await publishedMovie(manager);
      const planName = `Ops Plan ${tag}`;
      const plan = await createPlan(manager, [await createPackage(manager, { titleIds: [movie] })], {
        name: planName,
        price: { amount: 999, currency: 'EUR' },
      });
      await createOffer(manager, movie, { kind: 'RENT', price: { amount: 349, currency: 'EUR' } });
      const viewer = await register();
      await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, viewer.accessToken);

      const tab = await signedInTab(manager.user.email);
      try {
        await tab.goto('/admin/rights');
        const planRow = tab.getByRole('row').filter({ hasText: planName });
        await planRow.getByRole('button', { name: 'Edit' }).click();
        const edit = tab.getByRole('form', { name: `Edit plan ${planName}` });
        expect(await edit.getByLabel('Price', { exact: true }).inputValue()).toBe('9.99');
        await edit.getByLabel('Price', { exact: true }).fill('-2');
        await edit.getByRole('button', { name: 'Save plan' }).click();
        await edit.locator('.field-error').filter({ hasText: 'zero or more' }).waitFor();
        await edit.getByLabel('Price', { exact: true }).fill('12.49');
        await edit.getByRole('button', { name: 'Save plan' }).click();
        await planRow.filter({ hasText: '€12.49 / month' }).waitFor();
        expect(await edit.count()).toBe(0);

        await tab.getByLabel('Title id to look up').fill(movie);
        await tab.getByRole('button', { name: 'Show offers' }).click();
        const offers = tab.getByRole('table', { name: `Offers of ${movie}` });
        const rent = offers.getByRole('row').filter({ hasText: '€3.49' });
        await rent.getByRole('button', { name: 'Delete' }).click();
        // Nothing is deleted until the manager confirms.
        await rent.getByRole('group', { name: 'Delete the rent offer at €3.49?' }).getByRole('button', { name: 'Cancel' }).click();
        await rent.getByRole('button', { name: 'Delete' }).click();
        await rent.getByRole('button', { name: 'Yes, delete' }).click();
        await offers.getByRole('cell', { name: 'No offer for this title.' }).waitFor();

        await tab.getByLabel('Account email').fill(viewer.user.email);
        await tab.getByRole('button', { name: 'Look up' }).click();
        const rights = tab.getByRole('region', { name: `Rights of ${viewer.user.email}` });
        const charges = rights.getByRole('table', { name: `Charges of ${planName}` });
        // The subscription's charge keeps the price it was sold at.
        await charges.getByRole('row').filter({ hasText: '€9.99' }).filter({ hasText: 'succeeded' }).waitFor();

        expect(await tab.getByLabel('User id').inputValue()).toBe(viewer.user.id);
        await tab.getByLabel('Title or channel id').fill(movie);
        await tab.getByLabel('Reason').fill(`Goodwill ${tag}`);
        await tab.getByRole('button', { name: 'Grant', exact: true }).click();
        const grant = rights.getByRole('row').filter({ hasText: `Goodwill ${tag}` });
        await grant.getByRole('button', { name: 'Revoke' }).click();
        await grant.getByRole('button', { name: 'Yes, revoke' }).click();
        await grant.getByRole('cell', { name: /^revoked / }).waitFor();
      } finally {
        await tab.context().close();
      }
    },
    REINDEX_TEST_MS,
  );

  test(
    "an editor imports a guide with its progress and report, edits a programme's title, and the guide shows it",
    async () => {
      const editor = await sessionWithRoles(['EDITOR']);
      const channel = await createChannel(editor.accessToken, { name: `Ops Channel ${tag}` });
      const now = Date.now();
      await must(
        `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }`,
        {
          i: {
            channelId: channel.id,
            start: new Date(now - 10 * 60_000).toISOString(),
            end: new Date(now + 50 * 60_000).toISOString(),
            titles: [{ language: 'en', text: `Ops Show ${tag}` }],
          },
        },
        editor.accessToken,
      );
      const xmltvId = uniqueXmltvId('ops');
      const guide = join(mkdtempSync(join(tmpdir(), 'ops-guide-')), 'guide.xml');
      writeFileSync(
        guide,
        xmltvDoc(
          [{ id: xmltvId, name: `Ops Import ${tag}` }],
          [0, 1].map((hour) => ({
            channel: xmltvId,
            start: xmltvTime(new Date(now + hour * 3_600_000)),
            stop: xmltvTime(new Date(now + (hour + 1) * 3_600_000)),
            title: `Imported ${hour}`,
          })),
        ),
      );

      const tab = await signedInTab(editor.user.email);
      try {
        await tab.goto('/admin/live');
        await tab.getByLabel('XMLTV guide').setInputFiles(guide);
        // The import is held on its way to the server until the progress has been seen, so a fast import cannot hide it.
        let release = () => {};
        const held = new Promise<void>((resolve) => (release = resolve));
        await tab.route('**/graphql', async (route) => {
          if (route.request().postDataJSON()?.operationName === 'ImportXmltv') await held;
          await route.continue();
        });
        await tab.getByRole('button', { name: 'Import guide' }).click();
        await tab
          .getByRole('status', { name: 'Guide import progress' })
          .filter({ hasText: /Uploading: \d+%|importing the programmes/ })
          .waitFor();
        release();
        const report = tab.getByRole('region', { name: 'Import report' });
        await report.waitFor();
        expect(
          await report
            .locator('div', { has: tab.locator('dt', { hasText: /^Imported$/ }) })
            .locator('dd')
            .textContent(),
        ).toBe('2');

        await tab.getByLabel('Channel', { exact: true }).selectOption({ label: `${channel.number} · ${channel.name}` });
        const schedule = tab.getByRole('table', { name: 'Schedule' });
        await schedule.getByRole('button', { name: `Edit Ops Show ${tag}` }).click();
        const edit = tab.getByRole('form', { name: `Edit “Ops Show ${tag}”` });
        await edit.getByLabel('Programme title').fill(`Ops Show ${tag} (director's cut)`);
        await edit.getByRole('button', { name: 'Save programme' }).click();
        await schedule.getByRole('rowheader', { name: `Ops Show ${tag} (director's cut)` }).waitFor();

        await tab.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live TV' }).click();
        await tab
          .getByRole('listitem')
          .filter({ hasText: channel.name })
          .filter({ hasText: `Ops Show ${tag} (director's cut)` })
          .waitFor();
      } finally {
        await tab.context().close();
      }
    },
    SLOW_TEST_MS,
  );

  test(
    'an administrator rebuilds the search index, sees the job in the history, and filters the audit log',
    async () => {
      const admin = await adminSession();
      // Made by the administrator just now: a role change the filtered log must show.
      const promoted = await sessionWithRoles(['EDITOR']);
      const tab = await signedInTab(admin.user.email, process.env.TEST_ADMIN_PASSWORD);
      try {
        await tab.goto('/admin/search');
        await oneReindexAtATime(async () => {
          await tab.getByRole('button', { name: 'Rebuild the search index' }).click();
          await tab
            .getByRole('status', { name: 'Reindex progress' })
            .filter({ hasText: /^completed: \d+ of \d+ events/ })
            .waitFor({ timeout: 180_000 });
        });
        await tab.getByRole('table', { name: 'Reindex history' }).getByRole('cell', { name: 'completed' }).first().waitFor();

        await tab.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click();

        // An account found by its email: made an editor, then disabled once the console has asked.
        const viewer = await register();
        await tab.getByLabel('Email contains').fill(viewer.user.email);
        const account = tab.getByRole('table', { name: 'Accounts' }).getByRole('row').filter({ hasText: viewer.user.email });
        await account.getByRole('checkbox', { name: 'editor' }).click();
        await account.getByRole('checkbox', { name: 'editor', checked: true }).waitFor();
        await account.getByRole('button', { name: 'Disable' }).click();
        const ask = account.getByRole('group', { name: `Disable ${viewer.user.email} and sign it out everywhere?` });
        await ask.getByRole('button', { name: 'Cancel' }).click();
        await account.getByRole('button', { name: 'Disable' }).click();
        await ask.getByRole('button', { name: 'Yes, disable' }).click();
        await account.getByRole('cell', { name: 'disabled' }).waitFor();
        expect(await account.getByRole('checkbox', { name: 'editor' }).isDisabled()).toBe(true);

        const filters = tab.getByRole('form', { name: 'Audit log filters' });
        const entries = tab.getByRole('table', { name: 'Audit entries' });
        await entries.getByRole('row').nth(1).waitFor(); // the unfiltered log
        await filters.getByLabel('Actor (email)').fill(admin.user.email.split('@')[0]);
        await filters.getByLabel('Action').fill('user.setRoles');
        // The filtered log is held on its way until the page has been seen waiting for it.
        let release = () => {};
        const held = new Promise<void>((resolve) => (release = resolve));
        await tab.route('**/graphql', async (route) => {
          const body = route.request().postDataJSON();
          if (body?.operationName === 'AuditTrail' && body.variables?.filter?.action === 'user.setRoles') await held;
          await route.continue().catch(() => undefined);
        });
        await filters.getByRole('button', { name: 'Filter the log' }).click();
        // The old rows do not pass for the filter's answer: the log says it is loading instead.
        await tab.getByText('Loading the audit log…').waitFor();
        expect(await entries.count()).toBe(0);
        release();
        await tab.unroute('**/graphql');
        const actionCells = entries.locator('tbody tr td:nth-child(3)');
        await entries.getByRole('row').filter({ hasText: promoted.user.id }).waitFor();
        expect(new Set(await actionCells.allTextContents())).toEqual(new Set(['user.setRoles']));

        // The log is every service's trail: the rebuild just started is search's entry, under the same actor.
        await filters.getByLabel('Action').fill('search.');
        await filters.getByRole('button', { name: 'Filter the log' }).click();
        const reindexRow = entries.getByRole('row').filter({ hasText: 'search.reindex' }).first();
        await reindexRow.waitFor();
        expect(await reindexRow.locator('td').nth(1).textContent()).toBe(admin.user.email);
        expect(await reindexRow.locator('td').nth(3).textContent()).toBe('search');

        // The disabling just done, under the same actor.
        await filters.getByLabel('Action').fill('user.disable');
        await filters.getByRole('button', { name: 'Filter the log' }).click();
        await entries.getByRole('row').filter({ hasText: viewer.user.id }).filter({ hasText: 'user.disable' }).waitFor();

        // A range that ends before it starts: the API's message beside the field.
        await filters.getByLabel('From').fill('2030-01-02T00:00');
        await filters.getByLabel('Until').fill('2030-01-01T00:00');
        await filters.getByRole('button', { name: 'Filter the log' }).click();
        await filters.locator('#audit-to-error').filter({ hasText: 'Must be after the start' }).waitFor();
        await filters.getByLabel('Until').fill('2030-01-03T00:00');
        await filters.getByRole('button', { name: 'Filter the log' }).click();
        await entries.getByRole('cell', { name: 'No entry matches.' }).waitFor();
      } finally {
        await tab.context().close();
      }
    },
    SLOW_TEST_MS,
  );
});
