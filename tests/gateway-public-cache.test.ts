import { Redis } from 'ioredis';
import { gql, register, sessionWithRoles, type Session } from './support/client';
import { startTestGateway, type TestGateway } from './support/gateway';
import { createChannel } from './support/live';
import { CARD, createPackage, createPlan, key, must, SUBSCRIBE } from './support/rights';
import { PORT_OFFSETS } from './support/ports';

/**
 * A gateway sharing public subgraph answers (PUBLIC_CACHE_MAX_SECONDS), in front of the same subgraphs as
 * the rest of the suite: live's channels are shared between viewers, their `entitled` (rights) is not.
 */
const BOUND_SECONDS = 3;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let gateway: TestGateway;
let redis: Redis;

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  gateway = await startTestGateway('caching gateway', PORT_OFFSETS.publicCacheGateway, { REDIS_URL, PUBLIC_CACHE_MAX_SECONDS: String(BOUND_SECONDS) });
});

afterAll(async () => {
  await gateway?.stop();
  await redis.quit();
});

const CHANNELS = `query Channels { channels { id number name entitled } }`;
interface Channels {
  channels: { id: string; number: number; name: string; entitled: boolean }[];
}

/**
 * The channel as this viewer sees it once `shows` holds: a channel list cached before an edit (a new channel
 * is one) may be answered until the bound has passed, never longer.
 */
async function channel(id: string, viewer: Session, shows: (c: Channels['channels'][number]) => boolean = () => true) {
  const since = Date.now();
  for (;;) {
    const res = await gql<Channels>(CHANNELS, {}, { token: viewer.accessToken, url: gateway.url });
    expect(res.errors).toBeUndefined();
    const found = res.data!.channels.find((c) => c.id === id);
    if (found && shows(found)) return found;
    expect(Date.now() - since).toBeLessThan((BOUND_SECONDS + 5) * 1000);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('every viewer gets their own `entitled` beside the shared channel list', async () => {
  const [editor, manager] = await Promise.all([sessionWithRoles(['EDITOR']), sessionWithRoles(['RIGHTS_MANAGER'])]);
  const created = await createChannel(editor.accessToken);
  const plan = await createPlan(manager, [await createPackage(manager, { channelIds: [created.id] })]);
  const [subscriber, other] = await Promise.all([register(), register()]);
  await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, subscriber.accessToken);

  expect(await channel(created.id, subscriber)).toMatchObject({ name: created.name, entitled: true });
  // live's answer is now shared (stored once for everyone, whoever asked first) ...
  expect((await redis.keys('gateway:public:2:live:*')).length).toBeGreaterThan(0);
  // ... and each viewer still gets their own entitlement from rights.
  expect(await channel(created.id, other)).toMatchObject({ name: created.name, entitled: false });
  expect(await channel(created.id, subscriber)).toMatchObject({ name: created.name, entitled: true });
});

test('an edit is visible within the freshness bound', async () => {
  const editor = await sessionWithRoles(['EDITOR']);
  const viewer = await register();
  const created = await createChannel(editor.accessToken);
  expect((await channel(created.id, viewer)).name).toBe(created.name);

  const renamed = `${created.name} renamed`;
  await must(
    `mutation($id: ID!, $name: String!) { updateChannel(id: $id, input: { name: $name }) { id } }`,
    { id: created.id, name: renamed },
    editor.accessToken,
  );
  expect((await channel(created.id, viewer, (c) => c.name === renamed)).name).toBe(renamed);
});
