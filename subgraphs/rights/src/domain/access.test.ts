import { concurrentStreamCap, currentAccess, findEntitlement, type Holdings, type PackageRules } from './access';
import type { ContentDescriptor } from './content';

const now = new Date('2026-11-26T12:00:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);

const movie: ContentDescriptor = { id: 'm1', type: 'MOVIE', genreSlugs: ['drama'], maturityRating: 12 };
const episode: ContentDescriptor = { id: 'e1', type: 'EPISODE', seriesId: 's1', genreSlugs: [], maturityRating: 12 };
const programme = (startHours: number, catchupDays: number): ContentDescriptor => ({
  id: 'p1',
  type: 'PROGRAMME',
  channelId: 'c1',
  genreSlugs: [],
  maturityRating: 0,
  start: hours(startHours),
  end: hours(startHours + 1),
  catchupDays,
});

const pkg = (id: string, rules: Partial<PackageRules>): [string, PackageRules] => [
  id,
  { id, free: false, titleIds: [], channelIds: [], genreSlugs: [], ...rules },
];
const none: Holdings = { subscriptions: [], purchases: [], grants: [] };

describe('findEntitlement', () => {
  const packages = new Map([pkg('drama', { genreSlugs: ['drama'] }), pkg('series', { titleIds: ['s1'] }), pkg('channel', { channelIds: ['c1'] })]);

  it('a viewer holding nothing is covered by free packages only', () => {
    expect(findEntitlement(movie, [], packages, now)).toBeNull();
    const free = new Map([...packages, pkg('free', { free: true, titleIds: ['m1'] })]);
    expect(findEntitlement(movie, [], free, now)).toMatchObject({ source: 'FREE', packageId: 'free' });
  });

  it('packages cover by genre, by series for its episodes, and by channel for its programmes', () => {
    const access = currentAccess(
      {
        ...none,
        subscriptions: [{ id: 'sub', status: 'ACTIVE', currentPeriodEnd: hours(1), packageIds: ['drama', 'series', 'channel'], maxConcurrentStreams: 3 }],
      },
      now,
    );
    expect(findEntitlement(movie, access, packages, now)).toMatchObject({ source: 'SUBSCRIPTION', packageId: 'drama', expiresAt: null });
    expect(findEntitlement(episode, access, packages, now)).toMatchObject({ packageId: 'series' });
    expect(findEntitlement(programme(-2, 1), access, packages, now)).toMatchObject({ packageId: 'channel' });
    expect(findEntitlement(programme(-49, 1), access, packages, now)).toBeNull();
  });

  it('a cancelled subscription runs to its period end', () => {
    const holdings = {
      ...none,
      subscriptions: [{ id: 'sub', status: 'CANCELLED' as const, currentPeriodEnd: hours(5), packageIds: ['drama'], maxConcurrentStreams: 2 }],
    };
    expect(findEntitlement(movie, currentAccess(holdings, now), packages, now)).toMatchObject({ source: 'SUBSCRIPTION', expiresAt: hours(5) });
    expect(findEntitlement(movie, currentAccess(holdings, hours(6)), packages, hours(6))).toBeNull();
  });

  it('a past-due subscription (its renewal declined) opens nothing', () => {
    const holdings = {
      ...none,
      subscriptions: [{ id: 'sub', status: 'PAST_DUE' as const, currentPeriodEnd: hours(-1), packageIds: ['drama'], maxConcurrentStreams: 4 }],
    };
    expect(findEntitlement(movie, currentAccess(holdings, now), packages, now)).toBeNull();
    expect(concurrentStreamCap(currentAccess(holdings, now), 1)).toBe(1);
  });

  it('prefers what never ends over a rental, and never spends an unstarted rental when something else covers', () => {
    const holdings: Holdings = {
      subscriptions: [{ id: 'sub', status: 'CANCELLED', currentPeriodEnd: hours(2), packageIds: ['drama'], maxConcurrentStreams: 2 }],
      purchases: [{ id: 'rent', kind: 'RENT', contentId: 'm1', startBy: hours(700), playWindowHours: 48, firstPlayedAt: null }],
      grants: [],
    };
    expect(findEntitlement(movie, currentAccess(holdings, now), packages, now)).toMatchObject({ source: 'SUBSCRIPTION' });
    const bought = {
      ...holdings,
      purchases: [...holdings.purchases, { id: 'buy', kind: 'BUY' as const, contentId: 'm1', startBy: null, playWindowHours: null, firstPlayedAt: null }],
    };
    expect(findEntitlement(movie, currentAccess(bought, now), packages, now)).toMatchObject({ source: 'PURCHASE', expiresAt: null });
  });

  it('revoked and expired grants open nothing', () => {
    const grants = [
      { id: 'g1', contentId: 'm1', packageId: null, expiresAt: null, revokedAt: hours(-1) },
      { id: 'g2', contentId: 'm1', packageId: null, expiresAt: hours(-1), revokedAt: null },
    ];
    expect(currentAccess({ ...none, grants }, now)).toEqual([]);
    const live = currentAccess({ ...none, grants: [{ id: 'g3', contentId: 'm1', packageId: null, expiresAt: hours(1), revokedAt: null }] }, now);
    expect(findEntitlement(movie, live, packages, now)).toMatchObject({ source: 'GRANT', expiresAt: hours(1) });
  });
});

describe('concurrentStreamCap', () => {
  it('is the most generous plan in force, else the default', () => {
    const access = currentAccess(
      {
        ...none,
        subscriptions: [
          { id: 'a', status: 'ACTIVE', currentPeriodEnd: hours(1), packageIds: [], maxConcurrentStreams: 2 },
          { id: 'b', status: 'CANCELLED', currentPeriodEnd: hours(1), packageIds: [], maxConcurrentStreams: 4 },
          { id: 'c', status: 'CANCELLED', currentPeriodEnd: hours(-1), packageIds: [], maxConcurrentStreams: 9 },
        ],
      },
      now,
    );
    expect(concurrentStreamCap(access, 1)).toBe(4);
    expect(concurrentStreamCap([], 1)).toBe(1);
  });
});
