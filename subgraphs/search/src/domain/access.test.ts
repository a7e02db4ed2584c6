import { accessible, accessSet, airingAt, visibleAt } from './access';

const pkg = (id: string, extra: Partial<{ free: boolean; titleIds: string[]; channelIds: string[]; genreSlugs: string[] }> = {}) => ({
  id,
  free: false,
  titleIds: [],
  channelIds: [],
  genreSlugs: [],
  ...extra,
});
const now = new Date('2026-11-26T12:00:00Z');

describe('available to me', () => {
  const packages = new Map([['sports', pkg('sports', { channelIds: ['ch1'], genreSlugs: ['sport'] })]]);

  it('opens free packages, granted packages and directly granted content, until grants expire', () => {
    const set = accessSet(
      [pkg('free', { free: true, titleIds: ['m1'] })],
      [
        { packageIds: ['sports'], contentIds: ['m9'], expiresAt: null },
        { packageIds: [], contentIds: ['m5'], expiresAt: '2026-11-01T00:00:00Z' },
      ],
      packages,
      now,
    );
    expect(set.titleIds.sort()).toEqual(['m1', 'm9']);
    expect(set.channelIds.sort()).toEqual(['ch1', 'm9']);
    expect(set.genreSlugs).toEqual(['sport']);
  });

  it('covers episodes through their series, programmes through their channel, titles through genres', () => {
    const set = { titleIds: ['s1'], channelIds: ['ch1', 'ch2'], genreSlugs: ['sport'], catchupDays: { ch1: 7 } };
    const none = { start: null, end: null };
    expect(accessible({ type: 'EPISODE', id: 'e1', seriesId: 's1', channelId: null, genres: [], ...none }, set, now)).toBe(true);
    expect(accessible({ type: 'MOVIE', id: 'm2', seriesId: null, channelId: null, genres: ['sport'], ...none }, set, now)).toBe(true);
    // Genres open catalog titles only, as in rights.
    expect(accessible({ type: 'CHANNEL', id: 'ch3', seriesId: null, channelId: 'ch3', genres: ['sport'], ...none }, set, now)).toBe(false);
  });

  it('keeps programmes while upcoming, airing or within the channel catch-up days (rights programmeWindow)', () => {
    const set = { titleIds: [], channelIds: ['ch1', 'ch2'], genreSlugs: [], catchupDays: { ch1: 7 } };
    const programme = (channelId: string, start: string, end: string) => ({
      type: 'PROGRAMME' as const,
      id: 'p',
      seriesId: null,
      channelId,
      genres: [],
      start,
      end,
    });
    expect(accessible(programme('ch1', '2026-11-27T10:00:00Z', '2026-11-27T11:00:00Z'), set, now)).toBe(true); // upcoming
    expect(accessible(programme('ch2', '2026-11-26T11:30:00Z', '2026-11-26T12:30:00Z'), set, now)).toBe(true); // airing, no catch-up
    expect(accessible(programme('ch2', '2026-11-26T10:00:00Z', '2026-11-26T11:00:00Z'), set, now)).toBe(false); // over, no catch-up
    expect(accessible(programme('ch1', '2026-11-20T12:00:00Z', '2026-11-20T13:00:00Z'), set, now)).toBe(true); // 6 days back
    expect(accessible(programme('ch1', '2026-11-18T12:00:00Z', '2026-11-18T13:00:00Z'), set, now)).toBe(false); // 8 days back
    expect(accessible(programme('ch9', '2026-11-27T10:00:00Z', '2026-11-27T11:00:00Z'), set, now)).toBe(false); // not held
  });

  it('knows windows and airing times', () => {
    expect(visibleAt({ availableFrom: '2026-11-27T00:00:00Z', availableTo: null }, now)).toBe(false);
    expect(visibleAt({ availableFrom: null, availableTo: '2026-11-26T12:00:00Z' }, now)).toBe(false);
    expect(airingAt({ type: 'PROGRAMME', start: '2026-11-26T11:30:00Z', end: '2026-11-26T12:30:00Z' }, now)).toBe(true);
    expect(airingAt({ type: 'PROGRAMME', start: '2026-11-26T11:00:00Z', end: '2026-11-26T12:00:00Z' }, now)).toBe(false);
  });
});
