import { HOME } from '../bench/home';
import { gql, register, sessionWithRoles, type GraphQLResponse, type Session } from './support/client';
import { startTestGateway, type TestGateway } from './support/gateway';
import { createChannel } from './support/live';
import { CARD, createPackage, createPlan, key, must, publishedMovie, SUBSCRIBE } from './support/rights';
import { PORT_OFFSETS } from './support/ports';

/**
 * The gateway sends one client request's fetches to one subgraph that start together as one request
 * (gateway/src/plan-stages.ts, fetch-batch.ts): the signed-in home reaches rights once, where @apollo/gateway's
 * plan calls it three times (the titles', the channels' and the programmes' `entitled`). The suite's gateway
 * batches (the default); a second one here runs with BATCH_SUBGRAPH_FETCHES=false to compare answers.
 */
let unbatched: TestGateway;
let subscriber: Session;
let other: Session;
let channelId: string;
let movieId: string;

/** Requests rights has answered for the home (its operations are named `Home__rights__…`). */
async function rightsCalls(): Promise<number> {
  const text = await (await fetch(new URL('/metrics', process.env.SUBGRAPH_RIGHTS_URL))).text();
  const counts = [...text.matchAll(/^graphql_request_duration_seconds_count\{([^}]*)\} (\d+)/gm)];
  return counts.filter(([, labels]) => labels.includes('operation="Home__rights')).reduce((sum, [, , n]) => sum + Number(n), 0);
}

interface Home {
  collections: { id: string; titles: { id: string; entitled?: boolean }[] }[];
  channels: { id: string; entitled: boolean; nowNext: { now: { id: string; entitled: boolean } | null } }[];
}

async function home(viewer: Session, url?: string): Promise<GraphQLResponse<Home>> {
  const res = await gql<Home>(HOME, {}, { token: viewer.accessToken, url });
  expect(res.errors).toBeUndefined();
  return res;
}

/** What the home says this viewer may watch of this test's channel, its programme on air and its movie. */
function entitlements({ data }: GraphQLResponse<Home>) {
  const channel = data!.channels.find((c) => c.id === channelId)!;
  const movie = data!.collections.flatMap((c) => c.titles).find((t) => t.id === movieId)!;
  return { channel: channel.entitled, programme: channel.nowNext.now?.entitled, movie: movie.entitled };
}

beforeAll(async () => {
  unbatched = await startTestGateway('unbatched gateway', PORT_OFFSETS.unbatchedGateway, { BATCH_SUBGRAPH_FETCHES: 'false' });
  const [editor, manager] = await Promise.all([sessionWithRoles(['EDITOR']), sessionWithRoles(['RIGHTS_MANAGER'])]);
  // A channel with a programme on air and a movie on a rail, both in a plan one viewer subscribes to.
  const channel = await createChannel(editor.accessToken);
  channelId = channel.id;
  await must(
    `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }`,
    { i: { channelId, start: new Date(Date.now() - 600_000).toISOString(), end: new Date(Date.now() + 3_600_000).toISOString(), titles: [{ text: 'News' }] } },
    editor.accessToken,
  );
  movieId = await publishedMovie(editor);
  const { createCollection } = await must<{ createCollection: { id: string } }>(
    `mutation($s: String!) { createCollection(slug: $s, name: "Batching", kind: CURATED, position: 0) { id } }`,
    { s: `batching-${key().slice(0, 8)}` },
    editor.accessToken,
  );
  await must(
    `mutation($c: ID!, $t: [ID!]!) { setCollectionTitles(collectionId: $c, titleIds: $t) { id } }`,
    { c: createCollection.id, t: [movieId] },
    editor.accessToken,
  );
  const plan = await createPlan(manager, [await createPackage(manager, { channelIds: [channelId], titleIds: [movieId] })]);
  [subscriber, other] = await Promise.all([register(), register()]);
  await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, subscriber.accessToken);
});

afterAll(() => unbatched?.stop());

test('the signed-in home reaches rights once instead of three times', async () => {
  await home(subscriber, unbatched.url);
  const beforeUnbatched = await rightsCalls();
  await home(subscriber, unbatched.url);
  expect((await rightsCalls()) - beforeUnbatched).toBe(3);

  const before = await rightsCalls();
  await home(subscriber);
  expect((await rightsCalls()) - before).toBe(1);
});

test('the answer is the one the gateway gives without batching', async () => {
  for (const viewer of [subscriber, other]) {
    const [batched, alone] = await Promise.all([home(viewer), home(viewer, unbatched.url)]);
    expect(batched).toEqual(alone);
  }
  expect(entitlements(await home(subscriber))).toEqual({ channel: true, programme: true, movie: true });
});

test('viewers asking at the same moment each get their own `entitled`', async () => {
  const viewers = Array.from({ length: 8 }, (_, i) => (i % 2 ? other : subscriber));
  const answers = await Promise.all(viewers.map((viewer) => home(viewer)));
  answers.forEach((answer, i) => {
    const mine = viewers[i] === subscriber;
    expect(entitlements(answer)).toEqual({ channel: mine, programme: mine, movie: mine });
  });
});
