/**
 * The admin console's catalog pages in a real Chromium (Debian's, driven by playwright-core) against the web
 * server the global setup starts: an editor builds a series and orders a rail, a viewer sees both; an editor
 * renames a rail and deletes it after confirming.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, seriousAxeViolations, signedInTab as signedInTabOf, WEB_URL } from './support/browser';
import { register, sessionWithRoles, STRONG_PASSWORD, uniqueEmail } from './support/client';
import { must } from './support/rights';

// Building a series through a dozen forms on a busy machine takes a while.
const SLOW_TEST_MS = 240_000;
const tag = Math.random().toString(36).slice(2, 8);

describe('admin console: catalog editing', () => {
  let browser: Browser;
  const problems: string[] = [];
  const series = `Admin Series ${tag}`;
  const rail = `Editors' rail ${tag}`;
  const films = [`Rail Film A ${tag}`, `Rail Film B ${tag}`];

  const signedInTab = (email: string): Promise<Page> => signedInTabOf(browser, problems, email);

  let editorEmail: string;
  /** The series the first test builds, whose admin page the accessibility check opens. */
  let seriesId: string | null = null;

  beforeAll(async () => {
    const [editor, launched] = await Promise.all([sessionWithRoles(['EDITOR']), launchChromium()]);
    browser = launched;
    editorEmail = editor.user.email;
    // Two published films for the rail beside the series the editor builds in the browser.
    for (const title of films) {
      const { createMovie } = await must<{ createMovie: { id: string } }>(
        `mutation($t: String!) { createMovie(input: { title: $t }) { id } }`,
        { t: title },
        editor.accessToken,
      );
      await must(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: createMovie.id }, editor.accessToken);
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  test(
    'an editor builds a series (seasons, episodes, a credit, artwork, a window), publishes it and orders a curated rail by keyboard; a viewer sees both',
    async () => {
      // A picture the web server itself serves, so the viewer's page loads it.
      const posterUrl = new URL('/favicon.svg', WEB_URL()).href;
      const tab = await signedInTab(editorEmail);
      try {
        await tab.goto('/admin/titles');
        await tab.getByRole('heading', { level: 1, name: 'Titles' }).waitFor();
        await tab.getByLabel('Kind', { exact: true }).selectOption('Series');
        await tab.getByLabel('Title', { exact: true }).fill(series);
        await tab.getByRole('button', { name: 'Create draft' }).click();
        await tab
          .getByRole('row')
          .filter({ hasText: series })
          .getByRole('link', { name: `Manage ${series}` })
          .click();
        await tab.getByRole('heading', { level: 1, name: series }).waitFor();
        seriesId = new URL(tab.url()).searchParams.get('title');

        // The window: the API's field error beside the field, then a window open now.
        await tab.getByLabel('Available from').fill('2020-01-01T00:00');
        await tab.getByLabel('Available until').fill('2019-01-01T00:00');
        await tab.getByRole('button', { name: 'Save window' }).click();
        await tab.locator('#availability-to-error').filter({ hasText: 'The window must end after it starts' }).waitFor();
        await tab.getByLabel('Available until').fill('2099-12-31T20:00');
        await tab.getByRole('button', { name: 'Save window' }).click();
        // Saved (the editor's history names the change), and the form still shows the window the API now holds.
        await tab.getByRole('region', { name: 'History' }).getByTestId('audit-action').filter({ hasText: 'title.update' }).first().waitFor();
        expect(await tab.getByLabel('Available from').inputValue()).toBe('2020-01-01T00:00');
        expect(await tab.getByLabel('Available until').inputValue()).toBe('2099-12-31T20:00');

        const credits = tab.getByRole('region', { name: 'Credits' });
        await credits.getByRole('button', { name: 'Add credit' }).click();
        await credits.locator('#credit-name-error').filter({ hasText: 'Give each person a name' }).waitFor();
        await credits.getByLabel('Person').fill(`Director ${tag}`);
        await credits.getByLabel('Role').selectOption('DIRECTOR');
        await credits.getByRole('button', { name: 'Add credit' }).click();
        await credits.getByText(`Director ${tag} (director)`).waitFor();
        // A series has creators beside its cast, directors, writers and producers.
        await credits.getByLabel('Person').fill(`Creator ${tag}`);
        await credits.getByLabel('Role').selectOption('CREATOR');
        await credits.getByRole('button', { name: 'Add credit' }).click();
        await credits.getByText(`Creator ${tag} (creator)`).waitFor();
        await credits.getByText(`Director ${tag} (director)`).waitFor();

        const artwork = tab.getByRole('region', { name: 'Artwork' });
        // Until it has a poster of its own, the one the catalog drew from its name stands in.
        const drawn = artwork.getByRole('img', { name: `The poster drawn for ${series}` });
        await tab.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await drawn.elementHandle());
        await artwork.getByLabel('Image URL').fill('not an address');
        await artwork.getByRole('button', { name: 'Add artwork' }).click();
        await artwork.locator('#artwork-url-error').filter({ hasText: 'Use an http or https address' }).waitFor();
        await artwork.getByLabel('Image URL').fill(posterUrl);
        await artwork.getByRole('button', { name: 'Add artwork' }).click();
        await artwork.getByText('poster 600×900').waitFor();
        // The editor's poster wins: the drawn one is no longer offered.
        await drawn.waitFor({ state: 'detached' });

        await tab.getByRole('button', { name: 'Add season' }).click();
        const season = tab.getByRole('region', { name: 'Season 1' });
        await season.getByRole('button', { name: 'Add episode' }).click();
        await season.locator('.field-error').filter({ hasText: 'A title is required' }).waitFor();
        for (const [number, title] of [
          ['1', `Pilot ${tag}`],
          ['2', `Second ${tag}`],
          ['3', `Doomed ${tag}`],
        ]) {
          await season.getByRole('form', { name: 'Add an episode to season 1' }).getByLabel('Episode title').fill(title);
          expect(await season.getByRole('form', { name: 'Add an episode to season 1' }).getByLabel('Episode number').inputValue()).toBe(number);
          await season.getByRole('button', { name: 'Add episode' }).click();
          await season.getByRole('rowheader', { name: title }).waitFor();
        }
        // Deleting asks first.
        const doomed = season.getByRole('row').filter({ hasText: `Doomed ${tag}` });
        await doomed.getByRole('button', { name: 'Delete' }).click();
        await doomed.getByRole('button', { name: 'Yes, delete' }).click();
        await doomed.waitFor({ state: 'detached' });

        const history = tab.getByRole('region', { name: 'History' });
        await history.getByTestId('audit-action').filter({ hasText: 'episode.delete' }).waitFor();
        const actions = await history.getByTestId('audit-action').allTextContents();
        expect(actions.slice(0, 1)).toEqual(['episode.delete']);
        expect(actions).toEqual(expect.arrayContaining(['season.create', 'episode.create', 'title.update', 'title.create']));

        await tab.getByRole('link', { name: '← All titles' }).click();
        // The list holds the 50 newest, and other suites add titles meanwhile: the editor looks the series up.
        await tab.getByLabel('Title contains').fill(series);
        const row = tab.getByRole('row').filter({ hasText: series });
        await row.getByRole('button', { name: 'Publish' }).click();
        await row.getByTestId('title-status').filter({ hasText: 'published' }).waitFor();

        // A curated rail: the field errors first, then the rail with the two films and the series.
        const newRail = tab.getByRole('form', { name: 'New rail' });
        await newRail.getByLabel('Rail name').fill(rail);
        await newRail.getByLabel('Rail slug').fill('Not A Slug');
        await newRail.getByRole('button', { name: 'Create rail' }).click();
        await newRail.locator('#collection-slug-error').waitFor();
        await newRail.getByLabel('Rail slug').fill(`editors-rail-${tag}`);
        await newRail.getByLabel('Rail name').fill(rail);
        await newRail.getByLabel('Place on the home screen').fill('0');
        await newRail.getByRole('button', { name: 'Create rail' }).click();
        const railAdmin = tab.getByRole('region', { name: new RegExp(`^${rail}`) });
        for (const title of [...films, series]) {
          // The picker searches titles by name (any status) rather than listing the newest ones.
          await railAdmin.getByLabel('Find a title').fill(title.slice(0, -2).toUpperCase());
          await railAdmin.getByRole('button', { name: 'Find', exact: true }).click();
          await railAdmin.getByLabel('Title to add').locator('option', { hasText: title }).waitFor({ state: 'attached' });
          await railAdmin.getByLabel('Title to add').selectOption({ label: title });
          await railAdmin.getByRole('button', { name: 'Add to rail' }).click();
          await railAdmin.getByRole('listitem').filter({ hasText: title }).waitFor();
        }
        const order = () =>
          railAdmin
            .getByRole('list', { name: `Titles of ${rail}` })
            .locator(':scope > li > span')
            .allTextContents();
        expect(await order()).toEqual([...films, series]);

        // From the series' Up button on, keyboard only (Down is disabled at the end of the rail).
        await railAdmin.getByRole('button', { name: `Move ${series} up` }).focus();
        const focused = () => tab.evaluate(() => document.activeElement?.getAttribute('aria-label'));
        expect(await focused()).toBe(`Move ${series} up`);
        await tab.keyboard.press('Enter');
        await railAdmin
          .getByRole('status')
          .filter({ hasText: `${series} is now number 2 of 3` })
          .waitFor();
        expect(await focused()).toBe(`Move ${series} up`);
        await tab.keyboard.press('Space');
        await railAdmin
          .getByRole('status')
          .filter({ hasText: `${series} is now number 1 of 3` })
          .waitFor();
        // At the top Up is disabled: the focus moves to Down, still on the series.
        expect(await focused()).toBe(`Move ${series} down`);
        expect(await order()).toEqual([series, ...films]);
        // Tab order follows the rail: past the series' Remove to the next title's Up.
        await tab.keyboard.press('Tab');
        await tab.keyboard.press('Tab');
        expect(await focused()).toBe(`Move ${films[0]} up`);
      } finally {
        await tab.context().close();
      }

      const viewer = await register(uniqueEmail('admin-catalog-viewer'));
      const home = await signedInTab(viewer.user.email);
      try {
        const railOnHome = home.getByRole('region', { name: rail, exact: true });
        await railOnHome.waitFor();
        expect(await railOnHome.locator('.card-title').allTextContents()).toEqual([series, ...films]);
        await railOnHome.getByRole('link', { name: new RegExp(series) }).click();
        await home.getByRole('heading', { level: 1, name: series }).waitFor();
        const seasonOne = home.getByRole('region', { name: 'Season 1' });
        expect(await seasonOne.getByRole('listitem').locator('strong').allTextContents()).toEqual([`1. Pilot ${tag}`, `2. Second ${tag}`]);
        expect(await home.locator(`img[src="${posterUrl}"]`).count()).toBeGreaterThan(0);
      } finally {
        await home.context().close();
      }
    },
    SLOW_TEST_MS,
  );

  test(
    'axe finds no serious accessibility violations on a series’ admin page',
    async () => {
      expect(seriesId).not.toBeNull();
      // axe is injected as a script of the page, which the app's content security policy would refuse.
      const context = await browser.newContext({ baseURL: WEB_URL(), locale: 'en-GB', timezoneId: 'UTC', bypassCSP: true });
      context.setDefaultTimeout(30_000);
      try {
        const tab = await context.newPage();
        await tab.goto('/signin');
        await tab.getByLabel('Email').fill(editorEmail);
        await tab.getByLabel('Password').fill(STRONG_PASSWORD);
        await tab.getByRole('button', { name: 'Sign in' }).click();
        await tab.getByRole('button', { name: 'Sign out' }).waitFor();
        await tab.goto(`/admin/titles?title=${seriesId}`);
        await tab.getByRole('region', { name: 'Season 1' }).waitFor();
        const history = tab.getByRole('region', { name: 'History' }).getByRole('table');
        await history.waitFor();
        // Who made each change, by the email their access token carried.
        expect(new Set(await history.locator('tbody tr td:nth-child(3)').allTextContents())).toEqual(new Set([editorEmail]));
        const violations = await seriousAxeViolations(tab);
        expect(violations).toEqual([]);
      } finally {
        await context.close();
      }
    },
    SLOW_TEST_MS,
  );

  test(
    'an editor renames a rail (a blank name refused beside the field), then deletes it after confirming',
    async () => {
      const editor = await sessionWithRoles(['EDITOR']);
      const name = `Rail to rename ${tag}`;
      await must(
        `mutation($s: String!, $n: String!) { createCollection(slug: $s, name: $n, kind: NEW_THIS_MONTH, position: 0) { id } }`,
        { s: `rename-${tag}`, n: name },
        editor.accessToken,
      );
      const tab = await signedInTab(editor.user.email);
      try {
        await tab.goto('/admin/titles');
        const region = tab.getByRole('region', { name: new RegExp(`^${name}`) });
        // An empty name: the API's message beside the field, the rail unchanged.
        await region.getByLabel('New name').fill('   ');
        await region.getByRole('button', { name: 'Rename' }).click();
        await region.locator('.field-error').filter({ hasText: 'Use 1 to 100 characters' }).waitFor();
        await region.getByLabel('New name').fill(`Renamed rail ${tag}`);
        await region.getByRole('button', { name: 'Rename' }).click();
        const renamed = tab.getByRole('region', { name: new RegExp(`^Renamed rail ${tag}`) });
        await renamed.waitFor();

        // Deleting asks first; cancelling keeps the rail.
        await renamed.getByRole('button', { name: 'Delete rail' }).click();
        const confirm = renamed.getByRole('group', { name: `Delete the rail Renamed rail ${tag}? Its titles stay in the catalog.` });
        await confirm.getByRole('button', { name: 'Cancel' }).click();
        await renamed.getByRole('button', { name: 'Delete rail' }).click();
        await confirm.getByRole('button', { name: 'Yes, delete rail' }).click();
        await renamed.waitFor({ state: 'detached' });
        expect(await tab.getByRole('heading', { name: new RegExp(`Renamed rail ${tag}`) }).count()).toBe(0);
      } finally {
        await tab.context().close();
      }
    },
    SLOW_TEST_MS,
  );
});
