import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { codes, gql, register, sessionWithRoles, type Session } from './support/client';
import { sqlRows, TEST_DATABASE_URL } from './support/database';
import { CARD, clockAt, createOffer, createPackage, createPlan, key, must, publishedMovie, PURCHASE, SUBSCRIBE } from './support/rights';
import { PORT_OFFSETS, testPort } from './support/ports';
import { eventually } from './support/eventually';
import { stopChild } from '../scripts/system';

/** Money that can be neither free nor double: cards, concurrency, renewals, and a provider or process that fails. */

const HOUR = 3_600_000;
const ROOT = resolve(__dirname, '..');
const ENTITLED = `query($id: ID!) { title(id: $id) { id ... on Movie { entitled } } }`;
const RUN_RENEWALS = `mutation($u: ID) { runRenewals(userId: $u) { renewed pastDue failed } }`;

let editor: Session;
let manager: Session;

beforeAll(async () => {
  [editor, manager] = await Promise.all([sessionWithRoles(['EDITOR']), sessionWithRoles(['RIGHTS_MANAGER'])]);
});

const chargesOf = (userId: string) =>
  sqlRows<{ status: string; amount: number }>(`SELECT status::text, amount FROM rights."PaymentCharge" WHERE "userId" = $1 ORDER BY "createdAt"`, [userId]);
const subscriptionsOf = (userId: string) =>
  sqlRows<{ id: string; status: string; currentPeriodEnd: Date }>(
    `SELECT id, status::text, "currentPeriodEnd" FROM rights."Subscription" WHERE "userId" = $1`,
    [userId],
  );
const purchasesOf = (userId: string) => sqlRows<{ id: string }>(`SELECT id FROM rights."Purchase" WHERE "userId" = $1`, [userId]);
const entitled = async (movie: string, token: string) => (await must<{ title: { entitled: boolean } }>(ENTITLED, { id: movie }, token)).title.entitled;

/** How long a test waits for an outcome written by another process (a reconciler, a sweep): a generous bound. */
const OUTCOME_WAIT_MS = 300_000;

describe('only what viewers can see is for sale', () => {
  test('an offer on a draft or archived title cannot be bought, even by a viewer who knows its id; once published it can', async () => {
    const { createMovie } = await must<{ createMovie: { id: string } }>(
      `mutation($i: TitleInput!) { createMovie(input: $i) { id } }`,
      { i: { title: `Unreleased ${key().slice(0, 8)}` } },
      editor.accessToken,
    );
    const movie = createMovie.id;
    const offer = await createOffer(manager, movie, { kind: 'BUY', price: { amount: 1499, currency: 'EUR' } });
    const viewer = await register();
    // Nor is it listed to a viewer naming the title, through the gateway or straight at rights; its manager sees it.
    const OFFERS = `query($id: ID!) { offers(contentId: $id) { id } }`;
    const ENTITY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Movie { offers { id } } } }`;
    const listed = async (token: string) => {
      const viaGateway = await gql<{ offers: unknown[] }>(OFFERS, { id: movie }, { token });
      const atRights = await gql<{ _entities: { offers: unknown[] }[] }>(
        ENTITY,
        { r: [{ __typename: 'Movie', id: movie }] },
        { token, url: process.env.SUBGRAPH_RIGHTS_URL },
      );
      expect([viaGateway.errors, atRights.errors]).toEqual([undefined, undefined]);
      return [viaGateway.data!.offers.length, atRights.data!._entities[0].offers.length];
    };
    expect(await listed(viewer.accessToken)).toEqual([0, 0]);
    expect(await listed(manager.accessToken)).toEqual([1, 1]);
    const draft = await gql(PURCHASE, { o: offer, k: key(), c: CARD }, { token: viewer.accessToken });
    expect(codes(draft)).toEqual(['NOT_FOUND']);
    expect(await chargesOf(viewer.user.id)).toEqual([]);

    await must(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: movie }, editor.accessToken);
    expect(await listed(viewer.accessToken)).toEqual([1, 1]);
    const idempotencyKey = key();
    await must(PURCHASE, { o: offer, k: idempotencyKey, c: CARD }, viewer.accessToken);
    expect(await chargesOf(viewer.user.id)).toEqual([{ status: 'SUCCEEDED', amount: 1499 }]);

    // Archived later: a retry of the purchase made answers as before; a new buyer is refused.
    await must(`mutation($id: ID!) { archiveTitle(id: $id) { id } }`, { id: movie }, editor.accessToken);
    expect((await gql(PURCHASE, { o: offer, k: idempotencyKey, c: CARD }, { token: viewer.accessToken })).errors).toBeUndefined();
    const latecomer = await register();
    expect(codes(await gql(PURCHASE, { o: offer, k: key(), c: CARD }, { token: latecomer.accessToken }))).toEqual(['NOT_FOUND']);
    expect(await chargesOf(latecomer.user.id)).toEqual([]);
    expect(await chargesOf(viewer.user.id)).toHaveLength(1);
  });
});

describe('no silent test card', () => {
  test('a paid subscribe or purchase without a card is refused and charges nothing', async () => {
    const movie = await publishedMovie(editor);
    const plan = await createPlan(manager, [await createPackage(manager, { titleIds: [movie] })]);
    const offer = await createOffer(manager, movie, { kind: 'BUY', price: { amount: 999, currency: 'EUR' } });
    const viewer = await register();
    for (const res of [
      await gql(SUBSCRIBE, { p: plan, k: key() }, { token: viewer.accessToken }),
      await gql(PURCHASE, { o: offer, k: key() }, { token: viewer.accessToken }),
    ]) {
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'PAYMENT_CARD_REQUIRED',
        fieldErrors: [{ field: 'paymentCard', message: 'is required' }],
      });
    }
    expect(await chargesOf(viewer.user.id)).toEqual([]);
    expect(await entitled(movie, viewer.accessToken)).toBe(false);
  });

  test('a free plan needs no card', async () => {
    const movie = await publishedMovie(editor);
    const plan = await createPlan(manager, [await createPackage(manager, { titleIds: [movie] })], { price: { amount: 0, currency: 'EUR' } });
    const viewer = await register();
    await must(SUBSCRIBE, { p: plan, k: key() }, viewer.accessToken);
    expect(await entitled(movie, viewer.accessToken)).toBe(true);
  });
});

describe('money is serialised per account', () => {
  test('20 concurrent subscribes to one plan with 20 keys make one subscription and one charge', async () => {
    const plan = await createPlan(manager, [await createPackage(manager, { titleIds: [await publishedMovie(editor)] })]);
    const viewer = await register();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => gql<{ subscribe: { id: string } }>(SUBSCRIBE, { p: plan, k: key(), c: CARD }, { token: viewer.accessToken })),
    );
    const succeeded = results.filter((r) => r.data?.subscribe);
    expect(succeeded).toHaveLength(1);
    for (const refused of results.filter((r) => !r.data?.subscribe)) {
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: expect.stringMatching(/^(ALREADY_SUBSCRIBED|PAYMENT_IN_PROGRESS)$/) });
    }
    expect(await subscriptionsOf(viewer.user.id)).toHaveLength(1);
    expect(await chargesOf(viewer.user.id)).toEqual([{ status: 'SUCCEEDED', amount: 999 }]);
  });

  test('20 concurrent purchases of one title with 20 keys make one purchase and one charge', async () => {
    const movie = await publishedMovie(editor);
    const offer = await createOffer(manager, movie, { kind: 'BUY', price: { amount: 1299, currency: 'EUR' } });
    const viewer = await register();
    const results = await Promise.all(Array.from({ length: 20 }, () => gql(PURCHASE, { o: offer, k: key(), c: CARD }, { token: viewer.accessToken })));
    expect(results.filter((r) => r.data?.purchase)).toHaveLength(1);
    expect(new Set(results.filter((r) => r.errors).flatMap(codes))).toEqual(new Set(['CONFLICT']));
    expect(await purchasesOf(viewer.user.id)).toHaveLength(1);
    expect(await chargesOf(viewer.user.id)).toEqual([{ status: 'SUCCEEDED', amount: 1299 }]);
  });

  test('a rental is bought once however many requests race, and again only once it has ended', async () => {
    const movie = await publishedMovie(editor);
    const offer = await createOffer(manager, movie, { rentalStartWindowHours: 48, rentalPlayWindowHours: 24 });
    const viewer = await register();
    const t0 = new Date();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => gql(PURCHASE, { o: offer, k: key(), c: CARD }, { token: viewer.accessToken, headers: clockAt(t0) })),
    );
    expect(results.filter((r) => r.data?.purchase)).toHaveLength(1);
    const stillRenting = await gql(
      PURCHASE,
      { o: offer, k: key(), c: CARD },
      { token: viewer.accessToken, headers: clockAt(new Date(t0.getTime() + 47 * HOUR)) },
    );
    expect(stillRenting.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_RENTED' });
    await must(PURCHASE, { o: offer, k: key(), c: CARD }, viewer.accessToken, clockAt(new Date(t0.getTime() + 49 * HOUR)));
    expect(await purchasesOf(viewer.user.id)).toHaveLength(2);
    expect(await chargesOf(viewer.user.id)).toEqual([
      { status: 'SUCCEEDED', amount: 399 },
      { status: 'SUCCEEDED', amount: 399 },
    ]);
  });

  test('the database itself refuses a second live subscription to one plan', async () => {
    const plan = await createPlan(manager, [await createPackage(manager, { titleIds: [await publishedMovie(editor)] })]);
    const viewer = await register();
    const { subscribe } = await must<{ subscribe: { id: string } }>(SUBSCRIBE, { p: plan, k: key(), c: CARD }, viewer.accessToken);
    await expect(
      sqlRows(
        `INSERT INTO rights."Subscription" (id, "userId", "planId", "startedAt", "currentPeriodEnd", "chargeId")
         SELECT gen_random_uuid(), "userId", "planId", now(), now() + interval '1 month', gen_random_uuid() FROM rights."Subscription" WHERE id = $1`,
        [subscribe.id],
      ),
    ).rejects.toThrow(/Subscription_one_live_per_plan/);
  });
});

describe('renewal sweeps', () => {
  test('a subscription whose renewal fails does not hold up the others', async () => {
    const viewer = await register();
    const movie = await publishedMovie(editor);
    const pkg = await createPackage(manager, { titleIds: [movie] });
    const [poisonedPlan, healthyPlan] = [await createPlan(manager, [pkg]), await createPlan(manager, [pkg])];
    const t0 = new Date();
    const poisoned = (await must<{ subscribe: { id: string } }>(SUBSCRIBE, { p: poisonedPlan, k: key(), c: CARD }, viewer.accessToken, clockAt(t0))).subscribe;
    const healthy = (
      await must<{ subscribe: { id: string; currentPeriodEnd: string } }>(
        SUBSCRIBE,
        { p: healthyPlan, k: key(), c: CARD },
        viewer.accessToken,
        clockAt(new Date(t0.getTime() + HOUR)),
      )
    ).subscribe;
    // A card reference the provider does not know: its renewal fails, and it comes first in the sweep.
    await sqlRows(`UPDATE rights."Subscription" SET "paymentMethod" = 'corrupted reference' WHERE id = $1`, [poisoned.id]);

    const at = new Date(new Date(healthy.currentPeriodEnd).getTime() + HOUR);
    const { runRenewals } = await must<{ runRenewals: { renewed: number; pastDue: number; failed: number } }>(
      RUN_RENEWALS,
      { u: viewer.user.id },
      manager.accessToken,
      clockAt(at),
    );
    expect(runRenewals).toEqual({ renewed: 1, pastDue: 0, failed: 1 });
    const subscriptions = await subscriptionsOf(viewer.user.id);
    expect(subscriptions.find((s) => s.id === healthy.id)!.currentPeriodEnd.getTime()).toBeGreaterThan(at.getTime());
    expect(subscriptions.find((s) => s.id === poisoned.id)).toMatchObject({ status: 'ACTIVE' });
  });

  test('one sweep at a time: a run waits while another holds the sweep lock, then renews', async () => {
    const viewer = await register();
    const plan = await createPlan(manager, [await createPackage(manager, { titleIds: [await publishedMovie(editor)] })]);
    const { subscribe } = await must<{ subscribe: { id: string; currentPeriodEnd: string } }>(SUBSCRIBE, { p: plan, k: key(), c: CARD }, viewer.accessToken);
    const at = new Date(new Date(subscribe.currentPeriodEnd).getTime() + HOUR);
    const otherReplica = new Client({ connectionString: TEST_DATABASE_URL });
    await otherReplica.connect();
    try {
      await otherReplica.query(`SELECT pg_advisory_lock(hashtext('rights:renewal-sweep'))`);
      const run = gql(RUN_RENEWALS, { u: viewer.user.id }, { token: manager.accessToken, headers: clockAt(at) });
      await eventually(
        async () => {
          const { rows } = await otherReplica.query(`SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
          return rows[0].waiting > 0;
        },
        OUTCOME_WAIT_MS,
        'the run to wait on the sweep lock',
      );
      expect((await subscriptionsOf(viewer.user.id))[0].currentPeriodEnd.toISOString()).toBe(subscribe.currentPeriodEnd);
      await otherReplica.query(`SELECT pg_advisory_unlock(hashtext('rights:renewal-sweep'))`);
      expect((await run).data?.runRenewals).toEqual({ renewed: 1, pastDue: 0, failed: 0 });
    } finally {
      await otherReplica.end();
    }
  });
});

describe('payment faults (a rights instance of its own, with the simulated provider’s faults on)', () => {
  // Each test starts rights (twice for the crash), which on a loaded machine takes minutes, not seconds.
  jest.setTimeout(900_000);
  const port = testPort(PORT_OFFSETS.payments);
  const url = `http://127.0.0.1:${port}/graphql`;
  const STALLING_CARD = '4000000000000119';
  const CRASHING_CARD = '4000000000000259';
  let rights: ChildProcess | null = null;

  async function startRights() {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'subgraphs/rights/src/index.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: TEST_DATABASE_URL,
        RIGHTS_PORT: String(port),
        PLAYBACK_SIGNING_SECRET: process.env.TEST_PLAYBACK_SIGNING_SECRET,
        ALLOW_CLOCK_OVERRIDE: 'true',
        RENEWAL_SWEEP_SECONDS: '0',
        PAYMENT_SIMULATED_FAULTS: 'true',
        PAYMENT_PROVIDER_TIMEOUT_MS: '1000',
        PAYMENT_RECONCILE_SECONDS: '1',
        PAYMENT_RECONCILE_AFTER_SECONDS: '2',
      },
      stdio: 'ignore',
    });
    rights = child;
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`rights exited with ${child.exitCode}`);
        return fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
      },
      OUTCOME_WAIT_MS,
      'the private rights instance to be ready',
    );
    return child;
  }

  afterAll(() => rights && stopChild(rights));

  test('the provider takes the money and the process dies before recording it: after restart, one charge and the subscription', async () => {
    const movie = await publishedMovie(editor);
    const plan = await createPlan(manager, [await createPackage(manager, { titleIds: [movie] })]);
    const viewer = await register();
    const idempotencyKey = key();
    const child = await startRights();
    const exited = new Promise((done) => child.once('exit', done));
    await expect(gql(SUBSCRIBE, { p: plan, k: idempotencyKey, c: CRASHING_CARD }, { token: viewer.accessToken, url })).rejects.toThrow();
    await exited;
    // The crash window: the provider took it, rights only knows a pending charge.
    expect(await chargesOf(viewer.user.id)).toEqual([{ status: 'PENDING', amount: 999 }]);
    expect(await subscriptionsOf(viewer.user.id)).toEqual([]);

    await startRights();
    await eventually(async () => (await chargesOf(viewer.user.id))[0]?.status !== 'PENDING', OUTCOME_WAIT_MS, 'the reconciler to settle the charge');
    expect(await chargesOf(viewer.user.id)).toEqual([{ status: 'SUCCEEDED', amount: 999 }]);
    const subscriptions = await subscriptionsOf(viewer.user.id);
    expect(subscriptions).toMatchObject([{ status: 'ACTIVE' }]);
    expect(await entitled(movie, viewer.accessToken)).toBe(true);
    // The viewer's retry (the answer was lost) gets the subscription, not a second charge.
    const retried = await must<{ subscribe: { id: string } }>(SUBSCRIBE, { p: plan, k: idempotencyKey, c: CRASHING_CARD }, viewer.accessToken);
    expect(retried.subscribe.id).toBe(subscriptions[0].id);
    expect(await chargesOf(viewer.user.id)).toHaveLength(1);
  });

  test('the provider never answers: no access, nothing recorded as paid, and the charge is settled as failed', async () => {
    const movie = await publishedMovie(editor);
    const plan = await createPlan(manager, [await createPackage(manager, { titleIds: [movie] })]);
    const viewer = await register();
    const idempotencyKey = key();
    if (!rights || rights.exitCode !== null) await startRights();
    const res = await gql(SUBSCRIBE, { p: plan, k: idempotencyKey, c: STALLING_CARD }, { token: viewer.accessToken, url });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PAYMENT_PENDING' });
    expect(await entitled(movie, viewer.accessToken)).toBe(false);
    expect((await chargesOf(viewer.user.id)).map((c) => c.status)).toEqual(['PENDING']);

    await eventually(async () => (await chargesOf(viewer.user.id))[0]?.status !== 'PENDING', OUTCOME_WAIT_MS, 'the reconciler to settle the charge');
    expect(await chargesOf(viewer.user.id)).toEqual([{ status: 'FAILED', amount: 999 }]);
    expect(await subscriptionsOf(viewer.user.id)).toEqual([]);
    expect(await entitled(movie, viewer.accessToken)).toBe(false);
    const retried = await gql(SUBSCRIBE, { p: plan, k: idempotencyKey, c: STALLING_CARD }, { token: viewer.accessToken, url });
    expect(retried.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PAYMENT_FAILED' });
    // A new attempt is a new payment.
    await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, viewer.accessToken);
    expect(await entitled(movie, viewer.accessToken)).toBe(true);
  });
});
