import { codes, gql, register, sessionWithRoles, type Session } from './support/client';
import { sqlRows } from './support/database';
import { createChannel } from './support/live';
import { CARD, clockAt, createOffer, createPackage, createPlan, key, must, publishedMovie, PURCHASE, START, STOP, SUBSCRIBE } from './support/rights';

/** Rights through the gateway: who may watch what, what it costs, and how many streams at once. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DECLINING_CARD = '4000000000000002';

const ENTITLED = `query($id: ID!) { title(id: $id) { id ... on Movie { entitled entitlement { source expiresAt } } } }`;

let editor: Session;
let manager: Session;

async function entitlementOf(movieId: string, token?: string, headers?: Record<string, string>) {
  const data = await must<{ title: { entitled: boolean; entitlement: { source: string; expiresAt: string | null } | null } }>(
    ENTITLED,
    { id: movieId },
    token,
    headers,
  );
  return data.title;
}

async function history(userId: string) {
  const data = await must<{
    rightsHistory: {
      purchases: { id: string }[];
      subscriptions: { id: string; status: string }[];
      charges: { status: string; amount: { amount: number } }[];
      grants: { id: string; revokedAt: string | null }[];
    };
  }>(
    `query($u: ID!) { rightsHistory(userId: $u) { purchases { id } subscriptions { id status } charges { status amount { amount } } grants { id revokedAt } } }`,
    { u: userId },
    manager.accessToken,
  );
  return data.rightsHistory;
}

beforeAll(async () => {
  [editor, manager] = await Promise.all([sessionWithRoles(['EDITOR']), sessionWithRoles(['RIGHTS_MANAGER'])]);
});

describe('entitled, as each kind of viewer sees it', () => {
  let movie: string;
  let rentable: string;
  let free: string;
  let plan: string;
  let offer: string;

  beforeAll(async () => {
    [movie, rentable, free] = await Promise.all([publishedMovie(editor), publishedMovie(editor), publishedMovie(editor)]);
    const pkg = await createPackage(manager, { titleIds: [movie] });
    await createPackage(manager, { titleIds: [free], free: true });
    plan = await createPlan(manager, [pkg]);
    offer = await createOffer(manager, rentable, { rentalStartWindowHours: 720, rentalPlayWindowHours: 48 });
  });

  test('anonymous viewers are never entitled, not even to free content', async () => {
    for (const id of [movie, rentable, free]) expect(await entitlementOf(id)).toMatchObject({ entitled: false, entitlement: null });
  });

  test('a signed-in viewer with nothing bought sees only free content', async () => {
    const viewer = await register();
    expect(await entitlementOf(movie, viewer.accessToken)).toMatchObject({ entitled: false, entitlement: null });
    expect(await entitlementOf(free, viewer.accessToken)).toMatchObject({ entitled: true, entitlement: { source: 'FREE' } });
  });

  test('a subscriber is entitled to the plan’s packages and nothing else', async () => {
    const viewer = await register();
    await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, viewer.accessToken);
    expect(await entitlementOf(movie, viewer.accessToken)).toMatchObject({ entitled: true, entitlement: { source: 'SUBSCRIPTION', expiresAt: null } });
    expect((await entitlementOf(rentable, viewer.accessToken)).entitled).toBe(false);
  });

  test('a rental opens the title until its start window, or its play window once started, runs out', async () => {
    const viewer = await register();
    const t0 = new Date();
    const { purchase } = await must<{ purchase: { expiresAt: string; kind: string } }>(
      PURCHASE,
      { o: offer, k: key(), c: CARD },
      viewer.accessToken,
      clockAt(t0),
    );
    expect(purchase.kind).toBe('RENT');
    expect(new Date(purchase.expiresAt).getTime()).toBe(t0.getTime() + 720 * HOUR);
    expect(await entitlementOf(rentable, viewer.accessToken, clockAt(t0))).toMatchObject({ entitled: true, entitlement: { source: 'RENTAL' } });
    // Never started: the 30-day start window is the limit.
    expect((await entitlementOf(rentable, viewer.accessToken, clockAt(new Date(t0.getTime() + 721 * HOUR)))).entitled).toBe(false);

    // The first play, a day later, starts the 48-hour clock.
    const firstPlay = new Date(t0.getTime() + DAY);
    const { startPlayback } = await must<{ startPlayback: { id: string; entitlement: { source: string; expiresAt: string } } }>(
      START,
      { c: rentable },
      viewer.accessToken,
      clockAt(firstPlay),
    );
    expect(startPlayback.entitlement).toEqual({ source: 'RENTAL', expiresAt: new Date(firstPlay.getTime() + 48 * HOUR).toISOString() });
    await must(STOP, { s: startPlayback.id }, viewer.accessToken, clockAt(firstPlay));
    expect((await entitlementOf(rentable, viewer.accessToken, clockAt(new Date(firstPlay.getTime() + 47 * HOUR)))).entitled).toBe(true);
    const expired = await entitlementOf(rentable, viewer.accessToken, clockAt(new Date(firstPlay.getTime() + 49 * HOUR)));
    expect(expired).toMatchObject({ entitled: false, entitlement: null });
    const refused = await gql(START, { c: rentable }, { token: viewer.accessToken, headers: clockAt(new Date(firstPlay.getTime() + 49 * HOUR)) });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ENTITLED' });
  });

  test('a stream playing when its right runs out ends at the next heartbeat', async () => {
    const viewer = await register();
    const t0 = new Date();
    const at = (seconds: number) => clockAt(new Date(t0.getTime() + seconds * 1000));
    await must(
      `mutation($i: GrantInput!) { grantEntitlement(input: $i) { id } }`,
      { i: { userId: viewer.user.id, contentId: rentable, reason: 'Press screening', expiresAt: new Date(t0.getTime() + 3_600_000).toISOString() } },
      manager.accessToken,
      at(0),
    );
    const { startPlayback } = await must<{ startPlayback: { id: string } }>(START, { c: rentable }, viewer.accessToken, at(3540));
    const beat = (seconds: number) =>
      gql<{ heartbeat: { status: string; entitlement: { source: string } } }>(
        `mutation($s: ID!) { heartbeat(sessionId: $s) { status entitlement { source } } }`,
        { s: startPlayback.id },
        { token: viewer.accessToken, headers: at(seconds) },
      );
    expect((await beat(3570)).data?.heartbeat).toEqual({ status: 'ACTIVE', entitlement: { source: 'GRANT' } });
    expect((await beat(3620)).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ENTITLEMENT_ENDED' });
    expect((await beat(3630)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SESSION_ENDED' });
  });

  test('a cancelled subscription keeps access until the end of the paid period, then loses it', async () => {
    const viewer = await register();
    const t0 = new Date();
    const { subscribe } = await must<{ subscribe: { id: string; currentPeriodEnd: string } }>(
      SUBSCRIBE,
      { p: plan, k: key(), c: CARD },
      viewer.accessToken,
      clockAt(t0),
    );
    const { cancelSubscription } = await must<{ cancelSubscription: { status: string; currentPeriodEnd: string } }>(
      `mutation($s: ID!) { cancelSubscription(subscriptionId: $s) { status currentPeriodEnd } }`,
      { s: subscribe.id },
      viewer.accessToken,
      clockAt(new Date(t0.getTime() + HOUR)),
    );
    expect(cancelSubscription).toEqual({ status: 'CANCELLED', currentPeriodEnd: subscribe.currentPeriodEnd });
    const periodEnd = new Date(subscribe.currentPeriodEnd);
    expect(periodEnd.getTime()).toBeGreaterThan(t0.getTime() + 27 * DAY);

    const stillPaid = await entitlementOf(movie, viewer.accessToken, clockAt(new Date(periodEnd.getTime() - HOUR)));
    expect(stillPaid).toEqual({ id: movie, entitled: true, entitlement: { source: 'SUBSCRIPTION', expiresAt: periodEnd.toISOString() } });
    expect((await entitlementOf(movie, viewer.accessToken, clockAt(new Date(periodEnd.getTime() + HOUR)))).entitled).toBe(false);
  });

  test('myEntitlements lists what the caller holds; plans and offers are public', async () => {
    const viewer = await register();
    await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, viewer.accessToken);
    const { myEntitlements } = await must<{ myEntitlements: { source: string; contentIds: string[]; packages: { titleIds: string[] }[] }[] }>(
      `{ myEntitlements { source contentIds packages { titleIds } } }`,
      {},
      viewer.accessToken,
    );
    const subscription = myEntitlements.find((g) => g.source === 'SUBSCRIPTION');
    expect(subscription?.packages.flatMap((p) => p.titleIds)).toContain(movie);
    expect(myEntitlements.some((g) => g.source === 'FREE' && g.packages.some((p) => p.titleIds.includes(free)))).toBe(true);

    const pub = await must<{ plans: { id: string; price: { formatted: string } }[]; offers: { id: string; kind: string }[] }>(
      `query($c: ID!) { plans { id price { formatted } } offers(contentId: $c) { id kind } }`,
      { c: rentable },
    );
    expect(pub.plans.find((p) => p.id === plan)?.price.formatted).toBe('€9.99');
    expect(pub.offers).toEqual([{ id: offer, kind: 'RENT' }]);
    expect(codes(await gql(`{ myEntitlements { source } }`))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('plans edited by several managers at once', () => {
  test('updates of one plan are applied one after the other: each succeeds, the plan ends with one of their package sets', async () => {
    const [first, second] = await Promise.all([createPackage(manager, {}), createPackage(manager, {})]);
    const edited = await createPlan(manager, [first]);
    const sets = [[first], [second], [first, second], [second, first], [first], [second]];
    const results = await Promise.all(
      sets.map((packageIds, n) =>
        gql(
          `mutation($id: ID!, $i: PlanInput!) { updatePlan(id: $id, input: $i) { id } }`,
          { id: edited, i: { name: `Edited ${n}`, price: { amount: 999, currency: 'EUR' }, billingPeriod: 'MONTH', maxConcurrentStreams: 2, packageIds } },
          { token: manager.accessToken },
        ),
      ),
    );
    expect(results.map((r) => r.errors)).toEqual(sets.map(() => undefined));
    const { plans } = await must<{ plans: { id: string; name: string; packages: { id: string }[] }[] }>(
      `{ plans { id name packages { id } } }`,
      {},
      manager.accessToken,
    );
    const after = plans.find((p) => p.id === edited)!;
    const n = Number(after.name.replace('Edited ', ''));
    expect(after.packages.map((p) => p.id).sort()).toEqual([...new Set(sets[n])].sort());
  });
});

describe('payments are idempotent', () => {
  let offer: string;
  let movie: string;

  beforeAll(async () => {
    movie = await publishedMovie(editor);
    offer = await createOffer(manager, movie, { kind: 'BUY', price: { amount: 1299, currency: 'EUR' } });
  });

  test('20 concurrent purchases with one key → one purchase, one charge, the same answer for all', async () => {
    const viewer = await register();
    const idempotencyKey = key();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => gql<{ purchase: { id: string } }>(PURCHASE, { o: offer, k: idempotencyKey, c: CARD }, { token: viewer.accessToken })),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(new Set(results.map((r) => r.data!.purchase.id)).size).toBe(1);

    const record = await history(viewer.user.id);
    expect(record.purchases).toEqual([{ id: results[0].data!.purchase.id }]);
    expect(record.charges).toEqual([{ status: 'SUCCEEDED', amount: { amount: 1299 } }]);
    expect((await entitlementOf(movie, viewer.accessToken)).entitlement).toEqual({ source: 'PURCHASE', expiresAt: null });

    // A new key for what is already owned is refused without a charge; a key reused for another offer too.
    const again = await gql(PURCHASE, { o: offer, k: key(), c: CARD }, { token: viewer.accessToken });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_OWNED' });
    const other = await createOffer(manager, await publishedMovie(editor));
    const reused = await gql(PURCHASE, { o: other, k: idempotencyKey, c: CARD }, { token: viewer.accessToken });
    expect(reused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await history(viewer.user.id)).charges).toHaveLength(1);
  });

  test('a declined card is a clear error; its retry answers the same without charging again', async () => {
    const viewer = await register();
    const idempotencyKey = key();
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await gql(PURCHASE, { o: offer, k: idempotencyKey, c: DECLINING_CARD }, { token: viewer.accessToken });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAYMENT_DECLINED' });
    }
    const record = await history(viewer.user.id);
    expect(record.purchases).toEqual([]);
    expect(record.charges).toEqual([{ status: 'DECLINED', amount: { amount: 1299 } }]);
    expect((await entitlementOf(movie, viewer.accessToken)).entitled).toBe(false);
    // A new attempt with a good card and a new key goes through.
    await must(PURCHASE, { o: offer, k: key(), c: CARD }, viewer.accessToken);
    expect((await entitlementOf(movie, viewer.accessToken)).entitled).toBe(true);
  });

  test('a mistyped card number is refused before any charge, naming the field', async () => {
    const viewer = await register();
    for (const card of ['4242 4242 4242 4241', '1234']) {
      const res = await gql(PURCHASE, { o: offer, k: key(), c: card }, { token: viewer.accessToken });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'paymentCard' }] });
    }
    const record = await history(viewer.user.id);
    expect({ purchases: record.purchases, charges: record.charges }).toEqual({ purchases: [], charges: [] });
  });

  test('a retried subscribe with the same key charges once; a second subscription to the plan is refused', async () => {
    const viewer = await register();
    const plan = await createPlan(manager, [await createPackage(manager, { titleIds: [movie] })]);
    const idempotencyKey = key();
    const [a, b] = await Promise.all(
      [1, 2].map(() => must<{ subscribe: { id: string } }>(SUBSCRIBE, { p: plan, k: idempotencyKey, c: CARD }, viewer.accessToken)),
    );
    expect(a.subscribe.id).toBe(b.subscribe.id);
    const second = await gql(SUBSCRIBE, { p: plan, k: key(), c: CARD }, { token: viewer.accessToken });
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_SUBSCRIBED' });
    const record = await history(viewer.user.id);
    expect(record.subscriptions).toEqual([{ id: a.subscribe.id, status: 'ACTIVE' }]);
    expect(record.charges).toHaveLength(1);
  });
});

describe('renewals', () => {
  test('the card on file pays each new period; a declined renewal suspends access until a card that pays is given', async () => {
    const movie = await publishedMovie(editor);
    const plan = await createPlan(manager, [await createPackage(manager, { titleIds: [movie] })]);
    const viewer = await register();
    const t0 = new Date();
    const { subscribe } = await must<{ subscribe: { id: string; currentPeriodEnd: string } }>(
      SUBSCRIBE,
      { p: plan, k: key(), c: CARD },
      viewer.accessToken,
      clockAt(t0),
    );
    const run = async (at: Date) =>
      (
        await must<{ runRenewals: { renewed: number; pastDue: number } }>(
          `mutation($u: ID) { runRenewals(userId: $u) { renewed pastDue } }`,
          { u: viewer.user.id },
          manager.accessToken,
          clockAt(at),
        )
      ).runRenewals;
    const mine = async (at: Date) =>
      (
        await must<{ mySubscriptions: { status: string; currentPeriodEnd: string; paymentCardLast4: string }[] }>(
          `{ mySubscriptions { status currentPeriodEnd paymentCardLast4 } }`,
          {},
          viewer.accessToken,
          clockAt(at),
        )
      ).mySubscriptions[0];
    const later = (iso: string, hours: number) => new Date(new Date(iso).getTime() + hours * HOUR);

    expect(await run(later(t0.toISOString(), 24))).toEqual({ renewed: 0, pastDue: 0 });
    const firstRenewal = later(subscribe.currentPeriodEnd, 1);
    expect(await run(firstRenewal)).toEqual({ renewed: 1, pastDue: 0 });
    expect(await run(firstRenewal)).toEqual({ renewed: 0, pastDue: 0 });
    const renewed = await mine(firstRenewal);
    expect(renewed).toMatchObject({ status: 'ACTIVE', paymentCardLast4: '4242' });
    expect(new Date(renewed.currentPeriodEnd).getTime()).toBeGreaterThan(new Date(subscribe.currentPeriodEnd).getTime() + 27 * DAY);
    expect((await history(viewer.user.id)).charges.map((c) => c.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);

    await must(
      `mutation($s: ID!, $c: String!) { updatePaymentCard(subscriptionId: $s, paymentCard: $c) { paymentCardLast4 } }`,
      { s: subscribe.id, c: DECLINING_CARD },
      viewer.accessToken,
      clockAt(firstRenewal),
    );
    const secondRenewal = later(renewed.currentPeriodEnd, 1);
    expect(await run(secondRenewal)).toEqual({ renewed: 0, pastDue: 1 });
    expect(await mine(secondRenewal)).toMatchObject({ status: 'PAST_DUE', paymentCardLast4: '0002' });
    expect((await entitlementOf(movie, viewer.accessToken, clockAt(secondRenewal))).entitled).toBe(false);

    const retry = `mutation($s: ID!, $c: String!) { updatePaymentCard(subscriptionId: $s, paymentCard: $c) { status currentPeriodEnd paymentCardLast4 } }`;
    const stillDeclined = await gql(retry, { s: subscribe.id, c: DECLINING_CARD }, { token: viewer.accessToken, headers: clockAt(secondRenewal) });
    expect(stillDeclined.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAYMENT_DECLINED' });
    const recovered = await must<{ updatePaymentCard: { status: string; currentPeriodEnd: string; paymentCardLast4: string } }>(
      retry,
      { s: subscribe.id, c: '5555555555554444' },
      viewer.accessToken,
      clockAt(secondRenewal),
    );
    expect(recovered.updatePaymentCard).toMatchObject({ status: 'ACTIVE', paymentCardLast4: '4444' });
    expect(new Date(recovered.updatePaymentCard.currentPeriodEnd).getTime()).toBeGreaterThan(secondRenewal.getTime() + 27 * DAY);
    expect((await entitlementOf(movie, viewer.accessToken, clockAt(secondRenewal))).entitled).toBe(true);
    expect((await history(viewer.user.id)).charges.map((c) => c.status).sort()).toEqual(['DECLINED', 'DECLINED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);

    const events = await sqlRows<{ type: string }>(`SELECT type FROM rights."OutboxEvent" WHERE "entityId" = $1 ORDER BY "createdAt", "entityVersion"`, [
      subscribe.id,
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'subscription.created',
      'subscription.renewed',
      'subscription.updated',
      'subscription.past_due',
      'subscription.updated',
      'subscription.renewed',
    ]);
  });

  test('changing plans: a dearer one applies at once for the rest of the period, one that costs no more at the renewal', async () => {
    const [film, extra] = [await publishedMovie(editor), await publishedMovie(editor)];
    const basic = await createPlan(manager, [await createPackage(manager, { titleIds: [film] })], { price: { amount: 1000, currency: 'EUR' } });
    const premium = await createPlan(manager, [await createPackage(manager, { titleIds: [film, extra] })], { price: { amount: 1600, currency: 'EUR' } });
    const yearly = await createPlan(manager, [], { billingPeriod: 'YEAR' });
    const viewer = await register();
    const t0 = new Date();
    const { subscribe } = await must<{ subscribe: { id: string; currentPeriodEnd: string } }>(
      SUBSCRIBE,
      { p: basic, k: key(), c: CARD },
      viewer.accessToken,
      clockAt(t0),
    );
    const end = new Date(subscribe.currentPeriodEnd);
    const halfway = new Date((t0.getTime() + end.getTime()) / 2);
    const CHANGE = `mutation($s: ID!, $p: ID!, $k: String!) { changePlan(subscriptionId: $s, planId: $p, idempotencyKey: $k) { plan { id } pendingPlan { id } currentPeriodEnd } }`;
    const change = (p: string, k = key()) =>
      gql<{ changePlan: unknown }>(CHANGE, { s: subscribe.id, p, k }, { token: viewer.accessToken, headers: clockAt(halfway) });
    const charges = async () => (await history(viewer.user.id)).charges.map((c) => `${c.status} ${c.amount.amount}`).sort();
    expect((await entitlementOf(extra, viewer.accessToken, clockAt(halfway))).entitled).toBe(false);

    // Up, halfway through the period: half of the 6.00 difference, once however often it is retried.
    const upKey = key();
    const ups = await Promise.all([1, 2, 3].map(() => change(premium, upKey)));
    for (const up of ups) expect(up.data?.changePlan).toEqual({ plan: { id: premium }, pendingPlan: null, currentPeriodEnd: subscribe.currentPeriodEnd });
    expect(await charges()).toEqual(['SUCCEEDED 1000', 'SUCCEEDED 300']);
    expect((await entitlementOf(extra, viewer.accessToken, clockAt(halfway))).entitled).toBe(true);

    // Down: paid until the renewal, which charges the cheaper plan and closes what only premium opened.
    expect((await change(basic)).data?.changePlan).toEqual({ plan: { id: premium }, pendingPlan: { id: basic }, currentPeriodEnd: subscribe.currentPeriodEnd });
    expect((await entitlementOf(extra, viewer.accessToken, clockAt(halfway))).entitled).toBe(true);
    const renewal = new Date(end.getTime() + HOUR);
    await must(`mutation($u: ID) { runRenewals(userId: $u) { renewed } }`, { u: viewer.user.id }, manager.accessToken, clockAt(renewal));
    const { mySubscriptions } = await must<{ mySubscriptions: { plan: { id: string }; pendingPlan: null }[] }>(
      `{ mySubscriptions { plan { id } pendingPlan { id } } }`,
      {},
      viewer.accessToken,
      clockAt(renewal),
    );
    expect(mySubscriptions).toEqual([{ plan: { id: basic }, pendingPlan: null }]);
    expect(await charges()).toEqual(['SUCCEEDED 1000', 'SUCCEEDED 1000', 'SUCCEEDED 300']);
    expect((await entitlementOf(extra, viewer.accessToken, clockAt(renewal))).entitled).toBe(false);
    expect((await entitlementOf(film, viewer.accessToken, clockAt(renewal))).entitled).toBe(true);

    // Refusals: another billing period, the plan already held, someone else's subscription.
    expect((await change(yearly)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'planId' }] });
    expect((await change(basic)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_SUBSCRIBED' });
    const stranger = await register();
    expect(codes(await gql(CHANGE, { s: subscribe.id, p: premium, k: key() }, { token: stranger.accessToken }))).toEqual(['NOT_FOUND']);
  });
});

describe('playback', () => {
  let movie: string;
  let plan: string;

  beforeAll(async () => {
    movie = await publishedMovie(editor, { maturityRating: 16 });
    plan = await createPlan(manager, [await createPackage(manager, { titleIds: [movie] })], { maxConcurrentStreams: 2 });
  });

  test('cap 2: five concurrent starts give exactly two sessions; after one stops a new start succeeds', async () => {
    const viewer = await register();
    await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, viewer.accessToken);
    // Operators see starts by outcome and the streams playing on rights' /metrics (other suites add to them).
    const metric = async (pattern: RegExp) => Number(pattern.exec(await (await fetch(new URL('/metrics', process.env.SUBGRAPH_RIGHTS_URL))).text())?.[1] ?? 0);
    const refusedAtCap = () => metric(/^playback_starts_total\{outcome="STREAM_LIMIT_REACHED"[^}]*\} (\d+)/m);
    const startedTotal = () => metric(/^playback_starts_total\{outcome="STARTED"[^}]*\} (\d+)/m);
    const [refusedBefore, startedBefore] = [await refusedAtCap(), await startedTotal()];
    const starts = await Promise.all(
      Array.from({ length: 5 }, () => gql<{ startPlayback: { id: string } }>(START, { c: movie }, { token: viewer.accessToken })),
    );
    const started = starts.filter((r) => r.data?.startPlayback).map((r) => r.data!.startPlayback.id);
    expect(started).toHaveLength(2);
    for (const refused of starts.filter((r) => r.errors)) {
      expect(refused.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'STREAM_LIMIT_REACHED', maxStreams: 2 });
    }
    const playing = await must<{ myPlaybackSessions: { id: string }[] }>(`{ myPlaybackSessions { id } }`, {}, viewer.accessToken);
    expect(playing.myPlaybackSessions.map((s) => s.id).sort()).toEqual([...started].sort());
    expect(await refusedAtCap()).toBeGreaterThanOrEqual(refusedBefore + 3);
    expect(await startedTotal()).toBeGreaterThanOrEqual(startedBefore + 2);
    expect(await metric(/^playback_streams_playing(?:\{[^}]*\})? (\d+)/m)).toBeGreaterThanOrEqual(2);

    await must(STOP, { s: started[0] }, viewer.accessToken);
    await must(START, { c: movie }, viewer.accessToken);
    expect(codes(await gql(START, { c: movie }, { token: viewer.accessToken }))).toEqual(['FORBIDDEN']);
  });

  test('a silent session expires and frees its stream; a heartbeat keeps one alive', async () => {
    const viewer = await register();
    await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, viewer.accessToken);
    const t0 = new Date();
    const at = (seconds: number) => clockAt(new Date(t0.getTime() + seconds * 1000));
    const first = await must<{ startPlayback: { id: string } }>(START, { c: movie }, viewer.accessToken, at(0));
    const second = await must<{ startPlayback: { id: string } }>(START, { c: movie }, viewer.accessToken, at(0));
    const beat = `mutation($s: ID!) { heartbeat(sessionId: $s) { id status } }`;
    for (const t of [30, 60, 90, 120]) await must(beat, { s: first.startPlayback.id }, viewer.accessToken, at(t));
    // The second session has been silent for 120 s (timeout 90 s): its stream is free again.
    await must(START, { c: movie }, viewer.accessToken, at(120));
    const late = await gql(beat, { s: second.startPlayback.id }, { token: viewer.accessToken, headers: at(121) });
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SESSION_ENDED' });
  });

  test('content above the active profile’s maturity limit is refused', async () => {
    const viewer = await register();
    await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, viewer.accessToken);
    const { createProfile } = await must<{ createProfile: { id: string } }>(
      `mutation { createProfile(name: "Kid", maxMaturity: 7) { id } }`,
      {},
      viewer.accessToken,
    );
    const { selectProfile } = await must<{ selectProfile: { accessToken: string } }>(
      `mutation($r: String!, $p: ID!) { selectProfile(refreshToken: $r, profileId: $p) { accessToken } }`,
      { r: viewer.refreshToken, p: createProfile.id },
    );
    const res = await gql(START, { c: movie }, { token: selectProfile.accessToken });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'MATURITY_RESTRICTED' });
    await must(START, { c: movie }, viewer.accessToken);
  });

  test('refusals carry codes: anonymous, not entitled, unknown content, a series itself', async () => {
    const viewer = await register();
    expect(codes(await gql(START, { c: movie }))).toEqual(['UNAUTHENTICATED']);
    expect((await gql(START, { c: movie }, { token: viewer.accessToken })).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ENTITLED' });
    expect(codes(await gql(START, { c: '00000000-0000-4000-8000-000000000000' }, { token: viewer.accessToken }))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(START, { c: 'not-an-id' }, { token: viewer.accessToken }))).toEqual(['BAD_USER_INPUT']);
  });

  test('catch-up: a past programme within the channel’s catch-up days plays, older ones and future ones do not', async () => {
    const channel = await createChannel(editor.accessToken, { catchupDays: 2 });
    const pkg = await createPackage(manager, { channelIds: [channel.id] });
    const channelPlan = await createPlan(manager, [pkg]);
    const now = Date.now();
    const programme = async (startOffset: number) => {
      const { createProgramme } = await must<{ createProgramme: { id: string } }>(
        `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }`,
        {
          i: {
            channelId: channel.id,
            start: new Date(now + startOffset).toISOString(),
            end: new Date(now + startOffset + HOUR).toISOString(),
            titles: [{ text: 'News' }],
          },
        },
        editor.accessToken,
      );
      return createProgramme.id;
    };
    const [yesterday, lastWeek, live, tomorrow] = await Promise.all([programme(-DAY), programme(-7 * DAY), programme(-HOUR / 2), programme(DAY)]);
    const viewer = await register();
    expect((await gql(START, { c: yesterday }, { token: viewer.accessToken })).errors?.[0].extensions).toMatchObject({ reason: 'NOT_ENTITLED' });
    await must(SUBSCRIBE, { p: channelPlan, k: key(), c: CARD }, viewer.accessToken);

    const playing = await must<{ startPlayback: { id: string } }>(START, { c: yesterday }, viewer.accessToken);
    await must(STOP, { s: playing.startPlayback.id }, viewer.accessToken);
    const onAir = await must<{ startPlayback: { id: string } }>(START, { c: live }, viewer.accessToken);
    await must(STOP, { s: onAir.startPlayback.id }, viewer.accessToken);
    expect((await gql(START, { c: lastWeek }, { token: viewer.accessToken })).errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'CATCHUP_EXPIRED',
    });
    expect((await gql(START, { c: tomorrow }, { token: viewer.accessToken })).errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_YET_AIRED',
    });
    const entitled = await must<{ channel: { entitled: boolean } }>(
      `query($id: ID!) { channel(id: $id) { entitled } }`,
      { id: channel.id },
      viewer.accessToken,
    );
    expect(entitled.channel.entitled).toBe(true);
  });
});

describe('the media origin: signed playlists and segments for sessions still playing', () => {
  let viewer: Session;
  let movie: string;
  let channel: string;

  beforeAll(async () => {
    viewer = await register();
    movie = await publishedMovie(editor);
    channel = (await createChannel(editor.accessToken)).id;
    await createPackage(manager, { titleIds: [movie], channelIds: [channel], free: true });
  });

  async function play(contentId: string, headers?: Record<string, string>) {
    const { startPlayback } = await must<{ startPlayback: { id: string; manifestUrl: string } }>(START, { c: contentId }, viewer.accessToken, headers);
    return { id: startPlayback.id, url: new URL(startPlayback.manifestUrl), stop: () => must(STOP, { s: startPlayback.id }, viewer.accessToken) };
  }

  async function startedUrl(headers?: Record<string, string>) {
    const session = await play(movie, headers);
    await session.stop();
    return session.url;
  }

  /** The URIs of a playlist, resolved against its own URL. */
  const urisOf = (playlist: string, base: URL) =>
    playlist.split('\n').flatMap((line) => {
      if (line && !line.startsWith('#')) return [new URL(line, base)];
      const map = /URI="([^"]+)"/.exec(line);
      return map ? [new URL(map[1], base)] : [];
    });

  test('the master playlist names two renditions; every playlist and segment URL under it carries the signature', async () => {
    const session = await play(movie);
    expect(session.url.pathname).toBe(`/manifests/${movie}/master.m3u8`);
    const master = await fetch(session.url);
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toContain('application/vnd.apple.mpegurl');
    expect(master.headers.get('access-control-allow-origin')).toBe('*');
    const masterText = await master.text();
    const renditions = urisOf(masterText, session.url);
    expect(renditions.map((u) => u.pathname.split('/').slice(-2).join('/')).sort()).toEqual(['180p/index.m3u8', '360p/index.m3u8']);
    // Each rendition is picture and sound (the packaged test pattern and its tone): H.264 and AAC.
    expect(masterText.match(/CODECS="avc1\.[0-9a-f]+,mp4a\.40\.2"/g)).toHaveLength(2);
    for (const u of renditions) expect(u.searchParams.get('sig')).toBe(session.url.searchParams.get('sig'));

    const rendition = await (await fetch(renditions[0])).text();
    expect(rendition).toContain('#EXT-X-ENDLIST');
    // fMP4 (CMAF): an initialization section, then .m4s fragments.
    expect(rendition).toMatch(/#EXT-X-MAP:URI="[^"]+\.mp4\?/);
    const [init, firstSegment] = urisOf(rendition, renditions[0]);
    const segment = await fetch(firstSegment);
    expect(segment.status).toBe(200);
    expect(segment.headers.get('content-type')).toBe('video/iso.segment');
    expect((await fetch(init)).status).toBe(200);

    // A copied segment URL dies with its session, before its expiry.
    await session.stop();
    const afterStop = await fetch(firstSegment);
    expect({ status: afterStop.status, body: await afterStop.json() }).toEqual({ status: 403, body: { error: 'FORBIDDEN', reason: 'SESSION_ENDED' } });
    expect((await fetch(session.url)).status).toBe(403);
  });

  test('a channel plays a live window that follows the clock', async () => {
    const session = await play(channel);
    try {
      const [rendition] = urisOf(await (await fetch(session.url)).text(), session.url);
      const before = Math.floor(Date.now() / 2000);
      const live = await (await fetch(rendition)).text();
      const after = Math.floor(Date.now() / 2000);
      expect(live).not.toContain('#EXT-X-ENDLIST');
      const sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(live)![1]);
      // Two-second segments counted from the epoch: a minute's window ends at the present moment.
      expect(sequence).toBeGreaterThanOrEqual(before - 29);
      expect(sequence).toBeLessThanOrEqual(after - 29);
      expect(live).not.toContain('#EXT-X-DISCONTINUITY');
      const segments = urisOf(live, rendition);
      expect(segments.length).toBe(31); // the init section and a window of thirty segments
      const newest = segments[segments.length - 1];
      expect(newest.pathname).toMatch(/\/live-\d+\.m4s$/);
      expect((await fetch(newest)).status).toBe(200);
      // A segment still to come is not served before it airs.
      const future = new URL(newest);
      future.pathname = future.pathname.replace(/live-(\d+)/, (_, k: string) => `live-${Number(k) + 10}`);
      expect(await (await fetch(future)).json()).toEqual({ error: 'NOT_FOUND', reason: 'NOT_ON_AIR' });
    } finally {
      await session.stop();
    }
  });

  test('a tampered signature, session, expiry or path is rejected', async () => {
    const url = await startedUrl();
    const tamper = (mutate: (u: URL) => void) => {
      const copy = new URL(url);
      mutate(copy);
      return copy;
    };
    const signature = url.searchParams.get('sig')!;
    const variants = [
      tamper((u) => u.searchParams.set('sig', (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1))),
      tamper((u) => u.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 3600))),
      tamper((u) => u.searchParams.set('session', '00000000-0000-4000-8000-000000000000')),
      tamper((u) => (u.pathname = `/manifests/00000000-0000-4000-8000-000000000000/master.m3u8`)),
      tamper((u) => (u.pathname = `/manifests/00000000-0000-4000-8000-000000000000/360p/seg_000.m4s`)),
    ];
    for (const variant of variants) {
      const res = await fetch(variant);
      expect({ url: variant.search, status: res.status, body: await res.json() }).toEqual({
        url: variant.search,
        status: 403,
        body: { error: 'FORBIDDEN', reason: 'BAD_SIGNATURE' },
      });
    }
    const unsigned = tamper((u) => u.searchParams.delete('sig'));
    expect((await (await fetch(unsigned)).json()).reason).toBe('MALFORMED');
    const outside = tamper((u) => (u.pathname = u.pathname.replace('master.m3u8', '360p/..%2f..%2f..%2fpackage.json')));
    expect((await (await fetch(outside)).json()).reason).toBe('MALFORMED');
  });

  test('an expired signature is rejected, for segments too', async () => {
    const url = await startedUrl(clockAt(new Date(Date.now() - HOUR)));
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'FORBIDDEN', reason: 'EXPIRED' });
    const segment = new URL(url);
    segment.pathname = segment.pathname.replace('master.m3u8', '360p/seg_001.m4s');
    expect(await (await fetch(segment)).json()).toEqual({ error: 'FORBIDDEN', reason: 'EXPIRED' });
  });

  test('heartbeats and stops keep the position, which the profile is offered to resume from', async () => {
    const session = await play(movie);
    const RESUME = `query($id: ID) { title(id: $id) { ... on Movie { resumePosition } } }`;
    await must(`mutation($s: ID!, $p: Int) { heartbeat(sessionId: $s, position: $p) { position } }`, { s: session.id, p: 7 }, viewer.accessToken);
    expect((await must<{ title: { resumePosition: number } }>(RESUME, { id: movie }, viewer.accessToken)).title.resumePosition).toBe(7);
    const stopped = await must<{ stopPlayback: { position: number } }>(
      `mutation($s: ID!, $p: Int) { stopPlayback(sessionId: $s, position: $p) { position } }`,
      { s: session.id, p: 12 },
      viewer.accessToken,
    );
    expect(stopped.stopPlayback.position).toBe(12);
    expect((await must<{ title: { resumePosition: number } }>(RESUME, { id: movie }, viewer.accessToken)).title.resumePosition).toBe(12);
    const CONTINUE = `{ continueWatching { position movie { id title } episode { id } } }`;
    expect((await must<{ continueWatching: unknown[] }>(CONTINUE, {}, viewer.accessToken)).continueWatching).toEqual([
      { position: 12, movie: { id: movie, title: expect.any(String) }, episode: null },
    ]);
    // Another account has nothing to resume.
    const other = await register();
    expect((await must<{ title: { resumePosition: number | null } }>(RESUME, { id: movie }, other.accessToken)).title.resumePosition).toBeNull();
    expect((await must<{ continueWatching: unknown[] }>(CONTINUE, {}, other.accessToken)).continueWatching).toEqual([]);
    const negative = await gql(
      `mutation($s: ID!) { heartbeat(sessionId: $s, position: -1) { id } }`,
      { s: (await play(movie)).id },
      { token: viewer.accessToken },
    );
    expect(codes(negative)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('rights managers', () => {
  const writes: Record<string, string> = {
    createPackage: `mutation { createPackage(input: { name: "Nope" }) { id } }`,
    createPlan: `mutation { createPlan(input: { name: "Nope", price: { amount: 100, currency: "EUR" }, billingPeriod: MONTH, maxConcurrentStreams: 1, packageIds: [] }) { id } }`,
    createOffer: `mutation { createOffer(input: { contentId: "00000000-0000-4000-8000-000000000000", kind: BUY, price: { amount: 100, currency: "EUR" } }) { id } }`,
    grantEntitlement: `mutation { grantEntitlement(input: { userId: "00000000-0000-4000-8000-000000000000", contentId: "00000000-0000-4000-8000-000000000000", reason: "Nope" }) { id } }`,
    revokeEntitlement: `mutation { revokeEntitlement(grantId: "00000000-0000-4000-8000-000000000000") { id } }`,
    runRenewals: `mutation { runRenewals(userId: "00000000-0000-4000-8000-000000000000") { renewed } }`,
    deletePackage: `mutation { deletePackage(id: "00000000-0000-4000-8000-000000000000") }`,
    rightsHistory: `{ rightsHistory(userId: "00000000-0000-4000-8000-000000000000") { userId } }`,
  };

  test.each(Object.entries(writes))('%s: anonymous → UNAUTHENTICATED, viewer and editor → FORBIDDEN', async (_name, operation) => {
    const viewer = await register();
    expect(codes(await gql(operation))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(operation, {}, { token: viewer.accessToken }))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(operation, {}, { token: editor.accessToken }))).toEqual(['FORBIDDEN']);
    const res = await gql(operation, {}, { token: manager.accessToken });
    expect(codes(res).filter((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED')).toEqual([]);
  });

  test('negative prices and unknown currencies → BAD_USER_INPUT, and nothing is written', async () => {
    const name = `Invalid ${key()}`;
    const bad = [
      { amount: -1, currency: 'EUR' },
      { amount: 100, currency: 'XYZ' },
      { amount: 100, currency: 'eur' },
    ];
    for (const price of bad) {
      const plan = await gql(
        `mutation($i: PlanInput!) { createPlan(input: $i) { id } }`,
        { i: { name, price, billingPeriod: 'MONTH', maxConcurrentStreams: 2, packageIds: [] } },
        { token: manager.accessToken },
      );
      expect(plan.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(plan.errors?.[0].extensions)).toMatch(/price/);
      const offer = await gql(
        `mutation($i: OfferInput!) { createOffer(input: $i) { id } }`,
        { i: { contentId: await publishedMovie(editor), kind: 'BUY', price } },
        { token: manager.accessToken },
      );
      expect(offer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    const rows = await sqlRows(`SELECT id FROM rights."Plan" WHERE name = $1`, [name]);
    expect(rows).toEqual([]);
  });

  test('grant and revoke: the viewer sees the title open and closed, the history keeps both, events are recorded', async () => {
    const viewer = await register();
    const movie = await publishedMovie(editor);
    const { grantEntitlement } = await must<{ grantEntitlement: { id: string; reason: string; grantedBy: string } }>(
      `mutation($i: GrantInput!) { grantEntitlement(input: $i) { id reason grantedBy } }`,
      { i: { userId: viewer.user.id, contentId: movie, reason: 'Support goodwill' } },
      manager.accessToken,
    );
    expect(grantEntitlement).toMatchObject({ reason: 'Support goodwill', grantedBy: manager.user.id });
    expect(await entitlementOf(movie, viewer.accessToken)).toMatchObject({ entitled: true, entitlement: { source: 'GRANT' } });

    await must(`mutation($g: ID!) { revokeEntitlement(grantId: $g) { id revokedAt } }`, { g: grantEntitlement.id }, manager.accessToken);
    expect((await entitlementOf(movie, viewer.accessToken)).entitled).toBe(false);
    const record = await history(viewer.user.id);
    expect(record.grants).toHaveLength(1);
    expect(record.grants[0].revokedAt).not.toBeNull();

    const events = await sqlRows<{ type: string; entityVersion: number }>(
      `SELECT type, "entityVersion" FROM rights."OutboxEvent" WHERE "entityId" IN ($1, $2) ORDER BY "createdAt", "entityVersion"`,
      [viewer.user.id, grantEntitlement.id],
    );
    expect(events.map((e) => e.type)).toEqual(['entitlement.granted', 'entitlement.changed', 'entitlement.revoked', 'entitlement.changed']);
    const changes = events.filter((e) => e.type === 'entitlement.changed').map((e) => e.entityVersion);
    expect(changes[1]).toBeGreaterThan(changes[0]);
  });

  test('subscribe and purchase write subscription.* and purchase.* events with the data, in one transaction', async () => {
    const viewer = await register();
    const movie = await publishedMovie(editor);
    const plan = await createPlan(manager, [await createPackage(manager, { titleIds: [movie] })]);
    const offer = await createOffer(manager, movie);
    const { subscribe } = await must<{ subscribe: { id: string } }>(SUBSCRIBE, { p: plan, k: key(), c: CARD }, viewer.accessToken);
    await must(`mutation($s: ID!) { cancelSubscription(subscriptionId: $s) { id } }`, { s: subscribe.id }, viewer.accessToken);
    const { purchase } = await must<{ purchase: { id: string } }>(PURCHASE, { o: offer, k: key(), c: CARD }, viewer.accessToken);
    const events = await sqlRows<{ type: string; topic: string }>(
      `SELECT type, topic FROM rights."OutboxEvent" WHERE "entityId" IN ($1, $2) ORDER BY "createdAt"`,
      [subscribe.id, purchase.id],
    );
    expect(events).toEqual([
      { type: 'subscription.created', topic: 'rights.subscriptions' },
      { type: 'subscription.cancelled', topic: 'rights.subscriptions' },
      { type: 'purchase.completed', topic: 'rights.purchases' },
    ]);
  });
});
