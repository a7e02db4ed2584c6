import { parse } from 'graphql';
import { asksEntitlement, preloadable } from './entitlement-preload';

describe('entitlement preload', () => {
  it('knows which documents ask for entitlements, fragments included', () => {
    expect(asksEntitlement(parse('query($r: [_Any!]!) { _entities(representations: $r) { ... on Movie { entitled } } }'))).toBe(true);
    expect(asksEntitlement(parse('query { x: myEntitlements { source } ...F } fragment F on Query { plans { id } }'))).toBe(false);
    expect(asksEntitlement(parse('query { ...F } fragment F on Query { resumable(first: 1) { movie { entitlement { source } } } }'))).toBe(true);
  });

  it('loads once, and gives the value without waiting only once it has loaded', async () => {
    let loads = 0;
    const value = preloadable(async () => ({ n: ++loads }));
    expect(value.loaded()).toBeUndefined();
    const first = value.load();
    expect(value.loaded()).toBeUndefined();
    expect(await first).toEqual({ n: 1 });
    expect(value.loaded()).toBe(await value.load());
    expect(loads).toBe(1);
  });

  it('a failed load stays failed for every field that waits on it, and never reads as loaded', async () => {
    const value = preloadable<number>(() => Promise.reject(new Error('database down')));
    await expect(value.load()).rejects.toThrow('database down');
    await expect(value.load()).rejects.toThrow('database down');
    expect(value.loaded()).toBeUndefined();
  });
});
