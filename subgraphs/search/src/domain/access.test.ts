import { accessible, accessSet, airingAt, visibleAt } from './access';

const pkg = (id: string, extra: Partial<{ free: boolean; titleIds: string[]; channelIds: string[]; genreSlugs: string[] }> = {}) => ({ id, free: false, titleIds: [], channelIds: [], genreSlugs: [], ...extra });
const now = new Date('2026-11-26T12:00:00Z');

describe('available to me', () => {
  const packages = new Map([['sports', pkg('sports', { channelIds: ['ch1'], genreSlugs: ['sport'] })]]);

  it('opens free packages, granted packages and directly granted content, until grants expire', () => {
    const set = accessSet([pkg('free', { free: true, titleIds: ['m1'] })], [{ packageIds: ['sports'], contentIds: ['m9'], expiresAt: null }, { packageIds: [], contentIds: ['m5'], expiresAt: '2026-11-01T00:00:00Z' }], packages, now);
    expect(set.titleIds.sort()).toEqual(['m1', 'm9']);
    expect(set.channelIds.sort()).toEqual(['ch1', 'm9']);
    expect(set.genreSlugs).toEqual(['sport']);
  });

  it('covers episodes through their series, programmes through their channel, titles through genres', () => {
    const set = { titleIds: ['s1'], channelIds: ['ch1'], genreSlugs: ['sport'] };
    expect(accessible({ type: 'EPISODE', id: 'e1', seriesId: 's1', channelId: null, genres: [] }, set)).toBe(true);
    expect(accessible({ type: 'PROGRAMME', id: 'p1', seriesId: null, channelId: 'ch1', genres: [] }, set)).toBe(true);
    expect(accessible({ type: 'MOVIE', id: 'm2', seriesId: null, channelId: null, genres: ['sport'] }, set)).toBe(true);
    // Genres open catalog titles only, as in rights.
    expect(accessible({ type: 'CHANNEL', id: 'ch2', seriesId: null, channelId: 'ch2', genres: ['sport'] }, set)).toBe(false);
  });

  it('knows windows and airing times', () => {
    expect(visibleAt({ availableFrom: '2026-11-27T00:00:00Z', availableTo: null }, now)).toBe(false);
    expect(visibleAt({ availableFrom: null, availableTo: '2026-11-26T12:00:00Z' }, now)).toBe(false);
    expect(airingAt({ type: 'PROGRAMME', start: '2026-11-26T11:30:00Z', end: '2026-11-26T12:30:00Z' }, now)).toBe(true);
    expect(airingAt({ type: 'PROGRAMME', start: '2026-11-26T11:00:00Z', end: '2026-11-26T12:00:00Z' }, now)).toBe(false);
  });
});
