import { randomUUID } from 'node:crypto';
import type { RunningService } from '@tvstream/service-kit';
import { startRights } from '../subgraphs/rights/src';
import { loadRightsConfig } from '../subgraphs/rights/src/config';
import { gql, register, sessionWithRoles, type Session } from './support/client';
import { TEST_DATABASE_URL } from './support/database';
import { CARD, createOffer, createPackage, createPlan, key, must, PURCHASE, publishedMovie, SUBSCRIBE } from './support/rights';
import { PORT_OFFSETS, testPort } from './support/ports';
import { sqlStatements } from './support/metrics';

/**
 * Two rights replicas of this test's own beside the system's: they keep viewers' holdings between requests,
 * while the writes below go through the gateway to the system's rights, as a purchase made on another replica.
 */
let replicas: RunningService[];
let manager: Session;
const NOWHERE = `http://127.0.0.1:${testPort(PORT_OFFSETS.nowhere)}/graphql`;

const start = () =>
  startRights(
    loadRightsConfig({
      ...process.env,
      DATABASE_URL: TEST_DATABASE_URL,
      RIGHTS_PORT: '0',
      LOG_LEVEL: 'warn',
      SUBGRAPH_CATALOG_URL: NOWHERE,
      SUBGRAPH_LIVE_URL: NOWHERE,
    }),
  );

beforeAll(async () => {
  replicas = [await start(), await start()];
  manager = await sessionWithRoles(['RIGHTS_MANAGER']);
});

afterAll(() => Promise.all(replicas.map((r) => r.stop())));

/** Statements `action` sends, less those reading the metrics costs (the outbox backlog gauge reads the table). */
async function statementsFor(replica: RunningService, action: () => Promise<unknown>): Promise<number> {
  const before = await sqlStatements(replica.url);
  await action();
  const after = await sqlStatements(replica.url);
  return after - before - ((await sqlStatements(replica.url)) - after);
}

/** `entitled` as the gateway asks it, with the facts rights @requires. */
async function entitled(replica: RunningService, viewer: Session, id: string, genreSlugs: string[] = []): Promise<boolean> {
  const res = await gql(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on Movie { entitled } } }`,
    { r: [{ __typename: 'Movie', id, genreSlugs }] },
    { token: viewer.accessToken, url: replica.url },
  );
  expect(res.errors).toBeUndefined();
  return res.data!._entities[0].entitled;
}

test('a rental bought through another replica is honoured at once by replicas that answered before it', async () => {
  const editor = await sessionWithRoles(['EDITOR']);
  const movie = await publishedMovie(editor);
  const offer = await createOffer(manager, movie);
  const viewer = await register();
  for (const replica of replicas) expect(await entitled(replica, viewer, movie)).toBe(false);
  await must(PURCHASE, { o: offer, k: key(), c: CARD }, viewer.accessToken);
  for (const replica of replicas) expect(await entitled(replica, viewer, movie)).toBe(true);
});

test('a package added to a plan reaches its subscribers at once on every replica', async () => {
  const [held, added] = [`ac-${randomUUID().slice(0, 8)}`, `ac-${randomUUID().slice(0, 8)}`];
  const first = await createPackage(manager, { genreSlugs: [held] });
  const second = await createPackage(manager, { genreSlugs: [added] });
  const name = `Plan ${randomUUID().slice(0, 8)}`;
  const plan = await createPlan(manager, [first], { name });
  const viewer = await register();
  await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, viewer.accessToken);
  const movie = randomUUID();
  for (const replica of replicas) {
    expect(await entitled(replica, viewer, movie, [held])).toBe(true);
    expect(await entitled(replica, viewer, movie, [added])).toBe(false);
  }
  await must(
    `mutation($id: ID!, $i: PlanInput!) { updatePlan(id: $id, input: $i) { id } }`,
    { id: plan, i: { name, price: { amount: 999, currency: 'EUR' }, billingPeriod: 'MONTH', maxConcurrentStreams: 2, packageIds: [first, second] } },
    manager.accessToken,
  );
  for (const replica of replicas) expect(await entitled(replica, viewer, movie, [added])).toBe(true);
});

test('two viewers on one replica each get their own holdings', async () => {
  const genre = `ac-${randomUUID().slice(0, 8)}`;
  const plan = await createPlan(manager, [await createPackage(manager, { genreSlugs: [genre] })]);
  const [subscriber, other] = [await register(), await register()];
  await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, subscriber.accessToken);
  const movie = randomUUID();
  expect(await entitled(replicas[0], subscriber, movie, [genre])).toBe(true);
  expect(await entitled(replicas[0], other, movie, [genre])).toBe(false);
  expect(await entitled(replicas[0], subscriber, movie, [genre])).toBe(true);
});

test('a viewer’s later calls read the two versions, not the holdings and packages again', async () => {
  const viewer = await register();
  const replica = replicas[1];
  const movie = randomUUID();
  const first = await statementsFor(replica, () => entitled(replica, viewer, movie));
  // The counter also counts the replica's background work, which can only add: the fewest of three is the call's own.
  const again = Math.min(
    await statementsFor(replica, () => entitled(replica, viewer, movie)),
    await statementsFor(replica, () => entitled(replica, viewer, movie)),
    await statementsFor(replica, () => entitled(replica, viewer, movie)),
  );
  expect(again).toBe(1);
  expect(first).toBeGreaterThan(again);
});
