import type { Viewer } from '@tvstream/service-kit';
import type { GatewayContext } from './context';
import { audienceOf, copyOfAnswer, LocalAnswers, PublicFetchCache, publicMaxAge, type AnswerStore } from './public-cache';

test("only answers a subgraph declares public are shared, for the subgraph's max-age", () => {
  expect(publicMaxAge('max-age=30, public')).toBe(30);
  expect(publicMaxAge('public, max-age=5')).toBe(5);
  expect(publicMaxAge('max-age=30, private')).toBe(0);
  expect(publicMaxAge('no-store')).toBe(0);
  expect(publicMaxAge(null)).toBe(0);
});

const viewer = (roles: Viewer['roles'], maxMaturity = 18): Viewer => ({ userId: 'u', roles, profileId: null, maxMaturity });

test('viewers share by maturity limit, anonymous callers among themselves, staff with nobody', () => {
  expect(audienceOf(null)).toBe('anonymous');
  expect(audienceOf(viewer(['VIEWER']))).toBe('maturity:18');
  expect(audienceOf(viewer(['VIEWER'], 7))).toBe('maturity:7');
  for (const role of ['EDITOR', 'RIGHTS_MANAGER', 'ADMIN'] as const) expect(audienceOf(viewer(['VIEWER', role]))).toBeNull();
});

const context = (v: Viewer | null): GatewayContext => ({ viewer: v, authorization: null, requestId: 'r', clientIp: '::1', clock: null, acceptLanguage: null });
const request = { query: '{ collections { id } }' };
const answer = (name: string) =>
  ({ data: { collections: [{ id: name }] }, http: { headers: new Map([['cache-control', 'max-age=60, public']]) } }) as unknown as Parameters<
    PublicFetchCache['keep']
  >[2];

test('answers are kept per audience, dropped on their subgraph’s change, and never kept from a fetch the change overtook', async () => {
  const cache = new PublicFetchCache(new LocalAnswers(), 60);
  const adult = context(viewer(['VIEWER']));
  const kid = context(viewer(['VIEWER'], 7));
  // What the gateway does with a lookup: the answer when there is one; otherwise it fetches, then releases.
  const answered = async (who: GatewayContext) => {
    const lookup = await cache.lookup('catalog', request, who);
    cache.release(lookup);
    return lookup.answer;
  };
  cache.keep(await cache.lookup('catalog', request, adult), request, answer('adult'));
  expect((await answered(context(viewer(['VIEWER']))))?.data).toEqual({ collections: [{ id: 'adult' }] });
  expect(await answered(kid)).toBeNull();
  const staff = await cache.lookup('catalog', request, context(viewer(['EDITOR'])));
  expect(staff).toMatchObject({ answer: null, audience: null });
  cache.keep(staff, request, answer('staff'));
  expect((await answered(adult))?.data).toEqual({ collections: [{ id: 'adult' }] });

  // live's events leave catalog's answers; catalog's drop them; a replayed offset changes nothing.
  expect(cache.changed('live', 'live.channels:0', 4n)).toBe(true);
  expect(await answered(adult)).not.toBeNull();
  expect(cache.changed('catalog', 'catalog.titles:2', 10n)).toBe(true);
  expect(await answered(adult)).toBeNull();
  expect(cache.changed('catalog', 'catalog.titles:2', 9n)).toBe(false);

  // A fetch that started before a change is not kept after it.
  const before = await cache.lookup('catalog', request, adult);
  cache.changed('catalog', 'catalog.titles:2', 11n);
  cache.keep(before, request, answer('stale'));
  expect(await answered(adult)).toBeNull();
});

test('two gateways that saw the same events agree on the generation, in whatever order', () => {
  const [one, two] = [new PublicFetchCache(new LocalAnswers(), 60), new PublicFetchCache(new LocalAnswers(), 60)];
  one.changed('catalog', 'catalog.titles:0', 3n);
  one.changed('catalog', 'catalog.collections:0', 8n);
  two.changed('catalog', 'catalog.collections:0', 8n);
  two.changed('catalog', 'catalog.titles:0', 3n);
  expect(one.generationOf('catalog')).toBe(two.generationOf('catalog'));
});

test("a change frees the memory of the subgraph's older answers and leaves other subgraphs' answers", async () => {
  const store = new LocalAnswers();
  const cache = new PublicFetchCache(store, 60);
  const adult = context(viewer(['VIEWER']));
  cache.keep(await cache.lookup('catalog', request, adult), request, answer('catalog'));
  cache.keep(await cache.lookup('live', request, adult), request, answer('live'));
  expect(store.size).toBe(2);
  cache.changed('catalog', 'catalog.titles:0', 1n);
  expect(store.size).toBe(1);
  cache.keep(await cache.lookup('catalog', request, adult), request, answer('catalog again'));
  cache.changed('catalog', 'catalog.titles:0', 2n);
  expect(store.size).toBe(1);
  const live = await cache.lookup('live', request, adult);
  expect(live.answer?.data).toEqual({ collections: [{ id: 'live' }] });
});

test('requests missing the same answer together wait for one fetch, and fetch for themselves when it is not shareable', async () => {
  const cache = new PublicFetchCache(new LocalAnswers(), 60);
  const adult = () => context(viewer(['VIEWER']));
  cache.keep(await cache.lookup('catalog', request, adult()), request, answer('first'));
  cache.changed('catalog', 'catalog.titles:0', 1n);

  const [leader, ...waiting] = [
    cache.lookup('catalog', request, adult()),
    cache.lookup('catalog', request, adult()),
    cache.lookup('catalog', request, adult()),
  ];
  const lead = await leader;
  expect(lead.answer).toBeNull();
  cache.keep(lead, request, answer('shared'));
  cache.release(lead);
  for (const follower of await Promise.all(waiting)) expect(follower.answer?.data).toEqual({ collections: [{ id: 'shared' }] });
  const [one, two] = await Promise.all(waiting);
  expect(one.answer).not.toBe(two.answer);

  // An answer with errors is not shared: the ones waiting on it are told to fetch.
  cache.changed('catalog', 'catalog.titles:0', 2n);
  const next = [cache.lookup('catalog', request, adult()), cache.lookup('catalog', request, adult())];
  const failing = await next[0];
  cache.keep(failing, request, { ...answer('x'), errors: [{ message: 'boom' }] });
  const told = await next[1];
  expect(told).toMatchObject({ answer: null });
  expect(told.leads).toBeUndefined();
});

test('an answer in the last quarter of its life is still served, and refreshed by one caller for everyone', async () => {
  let now = 1_000_000;
  const cache = new PublicFetchCache(new LocalAnswers(), 60, () => now);
  const adult = () => context(viewer(['VIEWER']));
  cache.keep(await cache.lookup('catalog', request, adult()), request, answer('first'));

  now += 44_000;
  const young = await cache.lookup('catalog', request, adult());
  expect(young).toMatchObject({ answer: { data: { collections: [{ id: 'first' }] } } });
  expect(young.refreshes).toBeUndefined();

  // Past 45 of its 60 s: the first reader refreshes it, the others are served without a second refresh.
  now += 2_000;
  const [first, second] = await Promise.all([cache.lookup('catalog', request, adult()), cache.lookup('catalog', request, adult())]);
  expect([first.answer?.data, second.answer?.data]).toEqual([{ collections: [{ id: 'first' }] }, { collections: [{ id: 'first' }] }]);
  expect([Boolean(first.refreshes), Boolean(second.refreshes)]).toEqual([true, false]);
  cache.keep(first, request, answer('refreshed'));
  const after = await cache.lookup('catalog', request, adult());
  expect(after.answer?.data).toEqual({ collections: [{ id: 'refreshed' }] });
  expect(after.refreshes).toBeUndefined();

  // A refresh that fails leaves the answer to be served until another reader refreshes it.
  now += 46_000;
  const failing = await cache.lookup('catalog', request, adult());
  expect(failing.refreshes).toBeDefined();
  cache.release(failing);
  const retried = await cache.lookup('catalog', request, adult());
  expect(retried.answer?.data).toEqual({ collections: [{ id: 'refreshed' }] });
  expect(retried.refreshes).toBeDefined();
});

test('every caller gets its own copy of a kept answer, also from a store that hands back a new string each time', async () => {
  const texts = new Map<string, string>();
  // Like Redis: each read is a string of its own, equal in content to what was set.
  const store: AnswerStore = { get: async (key) => (texts.has(key) ? `${texts.get(key)!} `.trimEnd() : null), set: (key, text) => void texts.set(key, text) };
  const cache = new PublicFetchCache(store, 60);
  const adult = () => context(viewer(['VIEWER']));
  cache.keep(await cache.lookup('catalog', request, adult()), request, answer('first'));

  const one = await cache.lookup('catalog', request, adult());
  const data = one.answer?.data as { collections: { id: string; entitled?: boolean }[] };
  // What the gateway does with it: another subgraph's fields are written into its objects.
  data.collections[0].entitled = true;
  data.collections.push({ id: 'added' });
  const two = await cache.lookup('catalog', request, adult());
  expect(two.answer?.data).toEqual({ collections: [{ id: 'first' }] });
  expect(two.answer?.data).not.toBe(one.answer?.data);

  // A new text under the key (another gateway refreshed it) is parsed again.
  texts.set([...texts.keys()][0], JSON.stringify({ data: { collections: [{ id: 'second' }] } }).replace(/^/, `${Date.now() + 60_000}\n`));
  expect((await cache.lookup('catalog', request, adult())).answer?.data).toEqual({ collections: [{ id: 'second' }] });
});

test('a copy of an answer is the answer JSON.parse gives, an alias named __proto__ an own field', () => {
  const parsed: unknown = JSON.parse(
    '{"data":{"__proto__":[{"constructor":"c","n":1.5,"none":null,"on":true,"nested":{"__proto__":{"x":[]}}}],"0":"zero","list":[[1,"a"],[]]}}',
  );
  const copy = copyOfAnswer(parsed) as { data: Record<string, unknown> };
  expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
  expect(Object.getPrototypeOf(copy.data)).toBe(Object.prototype);
  expect(Object.keys(copy.data)).toEqual(['0', '__proto__', 'list']);
  expect(copy.data.list).not.toBe((parsed as typeof copy).data.list);
});
