import { randomUUID } from 'node:crypto';
import type { RunningService } from '@tvstream/service-kit';
import { startRights } from '../subgraphs/rights/src';
import { loadRightsConfig } from '../subgraphs/rights/src/config';
import { gql, register, sessionWithRoles, type Session } from './support/client';
import { TEST_DATABASE_URL } from './support/database';
import { CARD, createPackage, createPlan, key, must, SUBSCRIBE } from './support/rights';
import { PORT_OFFSETS, testPort } from './support/ports';
import { statementsPerCall } from './support/metrics';

/**
 * A rights instance of this test's own whose catalog and live are nowhere: what it answers, it answered
 * from the facts the gateway sent and from its own database, and its statement counter sees only this test.
 */
let rights: RunningService;
let viewer: Session;
const genre = `rb-${randomUUID().slice(0, 8)}`;
const channel = randomUUID();
const NOWHERE = `http://127.0.0.1:${testPort(PORT_OFFSETS.nowhere)}/graphql`;

beforeAll(async () => {
  rights = await startRights(
    loadRightsConfig({
      ...process.env,
      DATABASE_URL: TEST_DATABASE_URL,
      RIGHTS_PORT: '0',
      LOG_LEVEL: 'warn',
      SUBGRAPH_CATALOG_URL: NOWHERE,
      SUBGRAPH_LIVE_URL: NOWHERE,
    }),
  );
  const manager = await sessionWithRoles(['RIGHTS_MANAGER']);
  const plan = await createPlan(manager, [await createPackage(manager, { genreSlugs: [genre], channelIds: [channel] })]);
  viewer = await register();
  await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, viewer.accessToken);
});

afterAll(() => rights.stop());

/** Representations as the gateway sends them for `entitled`: the key and the facts rights @requires. */
const movie = (genreSlugs: string[]) => ({ __typename: 'Movie', id: randomUUID(), genreSlugs });
const programme = (channelId: string) => ({
  __typename: 'Programme',
  id: randomUUID(),
  start: new Date(Date.now() - 600_000).toISOString(),
  end: new Date(Date.now() + 600_000).toISOString(),
  channel: { id: channelId, catchupDays: 7 },
});

async function entitled(representations: object[]): Promise<boolean[]> {
  const res = await gql(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on Movie { entitled } ... on Programme { entitled } } }`,
    { r: representations },
    { token: viewer.accessToken, url: rights.url },
  );
  expect(res.errors).toBeUndefined();
  return res.data!._entities.map((e: { entitled: boolean }) => e.entitled);
}

test('entitled for a whole batch comes from the facts sent along and one read of the viewer’s holdings', async () => {
  // The first call reads the holdings the replica then keeps while their version holds (rights-access-cache.test.ts).
  await entitled([movie([genre])]);
  const fewest = (representations: object[]) => statementsPerCall(rights.url, () => entitled(representations));
  const one = await fewest([movie([genre])]);
  expect(one.answers).toEqual([[true], [true], [true]]);
  const batch = [...Array.from({ length: 20 }, (_, i) => movie(i % 2 ? [genre] : ['other'])), programme(channel), programme(randomUUID())];
  const many = await fewest(batch);
  const expected = [...Array.from({ length: 20 }, (_, i) => i % 2 === 1), true, false];
  expect(many.answers).toEqual([expected, expected, expected]);
  expect(many.statements).toBe(one.statements);
});

test('a reference without its facts is looked up at its owner', async () => {
  const res = await gql(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on Movie { entitled } } }`,
    { r: [{ __typename: 'Movie', id: randomUUID() }] },
    {
      token: viewer.accessToken,
      url: rights.url,
    },
  );
  // The owner is unreachable here, so the lookup fails, where the facts above needed no lookup at all.
  expect(res.errors?.length).toBeGreaterThan(0);
});

test('a viewer’s rights history reads every subscription’s charges in one statement, however many subscriptions', async () => {
  const manager = await sessionWithRoles(['RIGHTS_MANAGER']);
  const plans = await Promise.all([1, 2, 3].map(async () => createPlan(manager, [await createPackage(manager, { genreSlugs: [genre] })])));
  const subscriber = async (count: number) => {
    const account = await register();
    for (const plan of plans.slice(0, count)) await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, account.accessToken);
    return account.user.id;
  };
  const [one, three] = [await subscriber(1), await subscriber(3)];
  const history = async (userId: string) => {
    const { answers, statements } = await statementsPerCall(rights.url, async () => {
      const res = await gql<{ rightsHistory: { subscriptions: { id: string; plan: { id: string }; charges: { id: string; status: string }[] }[] } }>(
        `query($u: ID!) { rightsHistory(userId: $u) { subscriptions { id plan { id } charges { id status } } charges { id } } }`,
        { u: userId },
        { token: manager.accessToken, url: rights.url },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.rightsHistory.subscriptions;
    });
    return { subscriptions: answers[0], statements };
  };
  await history(one); // the first call of this manager warms what the replica keeps between requests
  const single = await history(one);
  const many = await history(three);
  expect(single.subscriptions).toHaveLength(1);
  expect(many.subscriptions).toHaveLength(3);
  // Each subscription has its own opening charge, and only its own.
  for (const subscription of many.subscriptions) expect(subscription.charges).toEqual([{ id: expect.any(String), status: 'SUCCEEDED' }]);
  expect(new Set(many.subscriptions.map((s) => s.charges[0].id)).size).toBe(3);
  expect(many.statements).toBe(single.statements);
});
