import { codes, gql, register, sessionWithRoles, type GraphQLResponse, type Session } from './support/client';
import { sqlRows } from './support/database';
import { CARD, createPackage, createPlan, key, must, publishedMovie, START, SUBSCRIBE } from './support/rights';

/**
 * One viewer's things are nobody else's: another viewer who learns their ids (a session id in a shared link, a
 * subscription id in a support screenshot) can neither read nor change them, through the gateway or straight
 * at the subgraph that owns them, and the refusal says nothing the database said.
 */

let owner: Session;
let stranger: Session;
let sessionId: string;
let subscriptionId: string;
let profileId: string;
let otherPlan: string;

/** What a database or ORM says when an id reaches it unchecked; no refusal may carry it. */
const DATABASE_TEXT = /prisma|invocation|invalid input syntax|violates|relation "|SELECT |UPDATE |INSERT |P20\d\d/i;

beforeAll(async () => {
  const [editor, manager] = await Promise.all([sessionWithRoles(['EDITOR']), sessionWithRoles(['RIGHTS_MANAGER'])]);
  [owner, stranger] = await Promise.all([register(), register()]);
  const movie = await publishedMovie(editor);
  const pkg = await createPackage(manager, { titleIds: [movie] });
  const [plan, dearer] = await Promise.all([createPlan(manager, [pkg]), createPlan(manager, [pkg], { price: { amount: 1999, currency: 'EUR' } })]);
  otherPlan = dearer;
  const { subscribe } = await must<{ subscribe: { id: string } }>(SUBSCRIBE, { p: plan, k: key(), c: CARD }, owner.accessToken);
  subscriptionId = subscribe.id;
  const { startPlayback } = await must<{ startPlayback: { id: string } }>(START, { c: movie }, owner.accessToken);
  sessionId = startPlayback.id;
  const { createProfile } = await must<{ createProfile: { id: string } }>(
    `mutation { createProfile(name: "Kids", maxMaturity: 7) { id } }`,
    {},
    owner.accessToken,
  );
  profileId = createProfile.id;
});

interface Probe {
  name: string;
  subgraph: 'RIGHTS' | 'IDENTITY';
  query: string;
  variables: () => Record<string, unknown>;
}

const PROBES: Probe[] = [
  {
    name: 'heartbeat on their playback session',
    subgraph: 'RIGHTS',
    query: `mutation($s: ID!) { heartbeat(sessionId: $s, position: 1) { id status manifestUrl } }`,
    variables: () => ({ s: sessionId }),
  },
  {
    name: 'stopPlayback of their playback session',
    subgraph: 'RIGHTS',
    query: `mutation($s: ID!) { stopPlayback(sessionId: $s, position: 1) { id status } }`,
    variables: () => ({ s: sessionId }),
  },
  {
    name: 'cancelSubscription of their subscription',
    subgraph: 'RIGHTS',
    query: `mutation($s: ID!) { cancelSubscription(subscriptionId: $s) { id status } }`,
    variables: () => ({ s: subscriptionId }),
  },
  {
    name: 'updatePaymentCard of their subscription',
    subgraph: 'RIGHTS',
    query: `mutation($s: ID!) { updatePaymentCard(subscriptionId: $s, paymentCard: "4242 4242 4242 4242") { id paymentCardLast4 } }`,
    variables: () => ({ s: subscriptionId }),
  },
  {
    name: 'changePlan of their subscription',
    subgraph: 'RIGHTS',
    query: `mutation($s: ID!, $p: ID!, $k: String!) { changePlan(subscriptionId: $s, planId: $p, idempotencyKey: $k) { id } }`,
    variables: () => ({ s: subscriptionId, p: otherPlan, k: key() }),
  },
  {
    name: 'updateProfile of their profile',
    subgraph: 'IDENTITY',
    query: `mutation($p: ID!) { updateProfile(profileId: $p, input: { name: "Mine now" }) { id name } }`,
    variables: () => ({ p: profileId }),
  },
];

const where = [
  { label: 'through the gateway', url: () => process.env.GATEWAY_URL! },
  { label: 'straight at the subgraph', url: (probe: Probe) => process.env[`SUBGRAPH_${probe.subgraph}_URL`]! },
];

describe('another viewer holding the ids changes nothing of the owner’s', () => {
  test.each(PROBES.flatMap((probe) => where.map((w) => [probe.name, w.label, probe, w] as const)))('%s, %s', async (_name, _where, probe, w) => {
    const res = await gql(probe.query, probe.variables(), { token: stranger.accessToken, url: w.url(probe) });
    expect(res.data ?? null).toBeNull();
    expect(codes(res)).toEqual(['NOT_FOUND']);
    expect(res.errors![0].message).not.toMatch(DATABASE_TEXT);
  });

  test('the owner’s things are as they were', async () => {
    const { mySubscriptions } = await must<{
      mySubscriptions: { id: string; status: string; paymentCardLast4: string; pendingPlan: null | { id: string } }[];
    }>(`{ mySubscriptions { id status paymentCardLast4 pendingPlan { id } } }`, {}, owner.accessToken);
    expect(mySubscriptions).toEqual([{ id: subscriptionId, status: 'ACTIVE', paymentCardLast4: '4242', pendingPlan: null }]);
    // Read from the table: a session silent for longer than the heartbeat timeout leaves myPlaybackSessions on a
    // slow run, but only a stop or a heartbeat writes its status, end or position.
    const [session] = await sqlRows<{ status: string; endedAt: Date | null; position: number }>(
      `SELECT status::text, "endedAt", position FROM rights."PlaybackSession" WHERE id = $1`,
      [sessionId],
    );
    expect(session).toEqual({ status: 'ACTIVE', endedAt: null, position: 0 });
    const me = await must<{ me: { profiles: { id: string; name: string }[] } }>(`{ me { profiles { id name } } }`, {}, owner.accessToken);
    expect(me.me.profiles.find((p) => p.id === profileId)?.name).toBe('Kids');
  });
});

describe('nor reads them', () => {
  // `_entities` is not part of the gateway's API: only a caller reaching the subgraph itself can send it.
  const READS: { name: string; subgraph: 'RIGHTS' | 'IDENTITY'; query: string; variables: () => Record<string, unknown>; directOnly?: boolean }[] = [
    {
      name: 'their subscription by id',
      subgraph: 'RIGHTS',
      query: `query($s: ID!) { subscription(id: $s) { id status } }`,
      variables: () => ({ s: subscriptionId }),
    },
    {
      name: 'their rights history (subscriptions, purchases, charges)',
      subgraph: 'RIGHTS',
      query: `query($u: ID!) { rightsHistory(userId: $u) { subscriptions { id } charges { id status } } }`,
      variables: () => ({ u: owner.user.id }),
    },
    {
      name: 'their account, with its profiles',
      subgraph: 'IDENTITY',
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { email profiles { id name } } } }`,
      variables: () => ({ r: [{ __typename: 'User', id: owner.user.id }] }),
      directOnly: true,
    },
    { name: 'the audit log', subgraph: 'IDENTITY', query: `{ auditLog(first: 5) { id actorId action } }`, variables: () => ({}) },
  ];

  test.each(READS.flatMap((read) => (read.directOnly ? where.slice(1) : where).map((w) => [read.name, w.label, read, w] as const)))(
    '%s, %s',
    async (_name, _where, read, w) => {
      const res: GraphQLResponse = await gql(read.query, read.variables(), { token: stranger.accessToken, url: w.url(read) });
      const data = JSON.stringify(res.data ?? null);
      for (const secret of [subscriptionId, profileId, owner.user.email]) expect(data).not.toContain(secret);
      expect(codes(res).length).toBeGreaterThan(0);
      expect(codes(res).every((code) => code === 'FORBIDDEN' || code === 'UNAUTHENTICATED')).toBe(true);
    },
  );

  test('ids that are not ids at all are refused without database text', async () => {
    for (const probe of PROBES) {
      const variables = Object.fromEntries(Object.entries(probe.variables()).map(([name, value]) => [name, name === 'k' ? value : `x' OR 1=1 --`]));
      const res = await gql(probe.query, variables, { token: stranger.accessToken });
      expect({ probe: probe.name, codes: codes(res) }).toEqual({ probe: probe.name, codes: [expect.stringMatching(/^(NOT_FOUND|BAD_USER_INPUT)$/)] });
      expect(res.errors![0].message).not.toMatch(DATABASE_TEXT);
    }
  });
});
