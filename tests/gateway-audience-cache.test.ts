import { Redis } from 'ioredis';
import { gql, register, sessionWithRoles, type Session } from './support/client';
import { startTestGateway, type TestGateway } from './support/gateway';
import { CARD, createPackage, createPlan, key, must, publishedMovie, SUBSCRIBE } from './support/rights';
import { PORT_OFFSETS } from './support/ports';
import { eventually } from './support/eventually';

/**
 * A gateway sharing catalog's published answers per audience (PUBLIC_CACHE_MAX_SECONDS, Redis) and
 * following the subgraphs' change feed (Kafka): an edit shows as soon as its event arrives, long before the
 * bound (60 s here); per-viewer fields, editors and maturity limits are kept apart.
 */
const BOUND_SECONDS = 60;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let gateway: TestGateway;
let redis: Redis;
let editor: Session;

/** Catalog events the caching gateway has followed so far. */
async function catalogEvents(): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gateway.url))).text();
  return [...text.matchAll(/^change_feed_events_total\{([^}]*)\} (\d+)/gm)]
    .filter(([, labels]) => labels.includes('topic="catalog.'))
    .reduce((sum, [, , n]) => sum + Number(n), 0);
}

/** Waits for the gateway to follow one more catalog event than `seen` (polling its metrics, no fixed sleep). */
function nextCatalogEvent(seen: number): Promise<number> {
  return eventually(
    async () => {
      const now = await catalogEvents();
      return now > seen && now;
    },
    60_000,
    'the gateway to follow the next catalog event',
    50,
  );
}

const catalogKeys = () => redis.keys('gateway:public:2:catalog:*');

const TITLE = `query AudienceTitle($id: ID!) { title(id: $id) { id title maturityRating } }`;
async function titleAs(id: string, viewer?: Session) {
  const res = await gql<{ title: { id: string; title: string } | null }>(TITLE, { id }, { token: viewer?.accessToken, url: gateway.url });
  expect(res.errors).toBeUndefined();
  return res.data!.title;
}

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  editor = await sessionWithRoles(['EDITOR']);
  gateway = await startTestGateway('caching gateway', PORT_OFFSETS.audienceCacheGateway, {
    REDIS_URL,
    KAFKA_BROKERS: process.env.TEST_KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: process.env.TEST_KAFKA_TOPIC_PREFIX,
    PUBLIC_CACHE_MAX_SECONDS: String(BOUND_SECONDS),
  });
  // Following the feed: an edit's event reaches the gateway.
  const seen = await catalogEvents();
  await publishedMovie(editor);
  await nextCatalogEvent(seen);
});

afterAll(async () => {
  await gateway?.stop();
  await redis.quit();
});

test('an edit shows once its event arrives, well within the bound', async () => {
  const viewer = await register();
  const id = await publishedMovie(editor);
  const original = (await titleAs(id, viewer))!.title;
  // Asked twice, it is now kept for everyone of this audience.
  expect((await titleAs(id, viewer))!.title).toBe(original);
  expect((await catalogKeys()).length).toBeGreaterThan(0);

  const renamed = `${original} renamed`;
  const since = Date.now();
  let seen = await catalogEvents();
  await must(`mutation($id: ID!, $t: String!) { updateTitle(id: $id, input: { title: $t }) { id } }`, { id, t: renamed }, editor.accessToken);
  // Each catalog event the gateway follows may be this edit's (other tests edit too): look after each.
  while ((await titleAs(id, viewer))!.title !== renamed) seen = await nextCatalogEvent(seen);
  expect(Date.now() - since).toBeLessThan((BOUND_SECONDS / 2) * 1000);
});

test('`entitled` and `myEntitlements` are never shared between two viewers', async () => {
  const manager = await sessionWithRoles(['RIGHTS_MANAGER']);
  const movie = await publishedMovie(editor);
  const pkg = await createPackage(manager, { titleIds: [movie] });
  const plan = await createPlan(manager, [pkg]);
  const [subscriber, other] = await Promise.all([register(), register()]);
  await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, subscriber.accessToken);
  const query = `query AudienceEntitled($id: ID!) { title(id: $id) { id title ... on Movie { entitled } } myEntitlements { contentIds packages { id } } }`;
  const ask = async (viewer: Session) => {
    const res = await gql(query, { id: movie }, { token: viewer.accessToken, url: gateway.url });
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  for (const viewer of [subscriber, other, subscriber, other]) {
    const answer = await ask(viewer);
    expect(answer.title.entitled).toBe(viewer === subscriber);
    // Other suites may open packages to every viewer; this plan's package is the subscriber's alone.
    const held = (answer.myEntitlements as { packages: { id: string }[] }[]).flatMap((e) => e.packages.map((p) => p.id));
    expect(held.includes(pkg)).toBe(viewer === subscriber);
  }
  // The catalog part was shared: the title's title came from the cache for the later viewers.
  expect((await catalogKeys()).length).toBeGreaterThan(0);
});

test('an editor never shares an answer with viewers', async () => {
  const viewer = await register();
  const { createMovie } = await must<{ createMovie: { id: string; title: string } }>(
    `mutation($i: TitleInput!) { createMovie(input: $i) { id title } }`,
    { i: { title: `Draft ${key().slice(0, 8)}` } },
    editor.accessToken,
  );
  // The viewer's answer (no such title: a draft) is kept, twice asked ...
  expect(await titleAs(createMovie.id, viewer)).toBeNull();
  expect(await titleAs(createMovie.id, viewer)).toBeNull();
  const keys = await catalogKeys();
  // ... the editor reads the draft anyway, and keeps nothing ...
  expect((await titleAs(createMovie.id, editor))!.title).toBe(createMovie.title);
  expect((await titleAs(createMovie.id, editor))!.title).toBe(createMovie.title);
  expect((await catalogKeys()).sort()).toEqual(keys.sort());
  // ... so the viewer never gets the editor's answer.
  expect(await titleAs(createMovie.id, viewer)).toBeNull();
});

test('a kids profile and an adult are kept apart', async () => {
  const adultOnly = await publishedMovie(editor, { maturityRating: 18 });
  const parent = await register();
  const profile = await must<{ createProfile: { id: string } }>(`mutation { createProfile(name: "Kid", maxMaturity: 7) { id } }`, {}, parent.accessToken);
  const { selectProfile } = await must<{ selectProfile: { accessToken: string; refreshToken: string } }>(
    `mutation($t: String!, $p: ID!) { selectProfile(refreshToken: $t, profileId: $p) { accessToken refreshToken } }`,
    { t: parent.refreshToken, p: profile.createProfile.id },
  );
  const kid = { ...parent, ...selectProfile };
  // Whoever asks first, each gets their own audience's answer.
  expect(await titleAs(adultOnly, kid)).toBeNull();
  expect(await titleAs(adultOnly, kid)).toBeNull();
  expect((await titleAs(adultOnly, parent))!.id).toBe(adultOnly);
  expect(await titleAs(adultOnly, kid)).toBeNull();
  expect((await titleAs(adultOnly, await register()))!.id).toBe(adultOnly);
});
