import { PoisonEventError, toIndexOp, type ConsumedEvent } from './documents';

const title = (payload: Record<string, unknown>, type = 'title.upserted', version = 3): ConsumedEvent => ({
  topic: 'catalog.titles',
  type,
  entityId: 't1',
  entityVersion: version,
  payload: {
    id: 't1',
    kind: 'MOVIE',
    title: 'Amélie',
    status: 'PUBLISHED',
    genres: [{ slug: 'comedy', name: 'Comedy' }],
    releaseYear: 2001,
    maturityRating: 12,
    popularity: 7,
    cast: ['Audrey Tautou'],
    directors: ['Jean-Pierre Jeunet'],
    originalTitle: "Le Fabuleux Destin d'Amélie Poulain",
    ...payload,
  },
});

describe('events → index writes', () => {
  it('indexes a published title with everything search needs', () => {
    expect(toIndexOp(title({}))).toMatchObject({
      kind: 'content',
      type: 'MOVIE',
      id: 't1',
      version: 3,
      doc: {
        title: 'Amélie',
        altTitles: ["Le Fabuleux Destin d'Amélie Poulain"],
        genres: ['comedy'],
        year: 2001,
        maturity: 12,
        people: ['Audrey Tautou', 'Jean-Pierre Jeunet'],
      },
    });
  });

  it('finds a title by everyone credited on it: writers, producers and a series’ creators too', () => {
    const op = toIndexOp(title({ kind: 'SERIES', writers: ['Guillaume Laurant'], producers: ['Claudie Ossard'], creators: ['Jean-Pierre Jeunet'] }));
    expect(op).toMatchObject({ doc: { people: ['Audrey Tautou', 'Jean-Pierre Jeunet', 'Guillaume Laurant', 'Claudie Ossard', 'Jean-Pierre Jeunet'] } });
  });

  it('writes a tombstone for drafts, archived titles and deletes, at the event version', () => {
    expect(toIndexOp(title({ status: 'DRAFT' }))).toMatchObject({ doc: null, version: 3 });
    expect(toIndexOp(title({ status: 'ARCHIVED' }))).toMatchObject({ doc: null });
    expect(toIndexOp(title({}, 'title.deleted', 9))).toMatchObject({ doc: null, version: 9 });
  });

  it('keeps programme titles per language and slugs categories into genres', () => {
    const op = toIndexOp({
      topic: 'live.programmes',
      type: 'programme.upserted',
      entityId: 'p1',
      entityVersion: 1,
      payload: {
        channelId: 'c1',
        title: 'Evening News',
        titles: { en: 'Evening News', 'es-MX': 'Noticias' },
        start: '2026-11-26T20:00:00Z',
        end: '2026-11-26T21:00:00Z',
        categories: ['News', 'Current Affairs'],
        maturityRating: 0,
      },
    });
    expect(op).toMatchObject({
      doc: { titlesByLanguage: { en: 'Evening News', es: 'Noticias' }, altTitles: ['Noticias'], genres: ['news', 'current-affairs'], channelId: 'c1' },
    });
  });

  it('reads the rights projection events', () => {
    expect(
      toIndexOp({
        topic: 'rights.packages',
        type: 'package.upserted',
        entityId: 'k',
        entityVersion: 2,
        payload: { free: true, titleIds: ['t1'], channelIds: [], genreSlugs: [] },
      }),
    ).toMatchObject({ kind: 'package', pkg: { free: true, titleIds: ['t1'] } });
    expect(
      toIndexOp({
        topic: 'rights.entitlements',
        type: 'entitlement.changed',
        entityId: 'u',
        entityVersion: 4,
        payload: { userId: 'u', grants: [{ packageIds: ['k'], contentIds: [], expiresAt: null }] },
      }),
    ).toMatchObject({ kind: 'entitlement', userId: 'u', version: 4 });
    // Audit events on the same topic are not search's business.
    expect(toIndexOp({ topic: 'rights.entitlements', type: 'entitlement.granted', entityId: 'g', entityVersion: 1, payload: {} })).toBeNull();
  });

  it('calls malformed events poison, with the reason', () => {
    expect(() => toIndexOp(title({ kind: 'PODCAST' }))).toThrow(PoisonEventError);
    expect(() => toIndexOp(title({ title: '' }))).toThrow('payload.title must be a non-empty string');
    expect(() => toIndexOp({ ...title({}), entityVersion: Number.NaN })).toThrow('valid entity version');
    expect(() => toIndexOp({ ...title({}), payload: 'x' })).toThrow('payload is not an object');
    expect(() => toIndexOp({ ...title({}), type: 'title.exploded' })).toThrow('unknown event type');
  });
});
