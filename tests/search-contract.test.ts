/**
 * The search contract, run against both engines: the embedded one (MiniSearch) and a real OpenSearch
 * (OPENSEARCH_URL, default 127.0.0.1:9200) under an index prefix of its own. Events go in through the
 * indexer exactly as they arrive from Kafka or the outbox.
 */
import pino from 'pino';
import { EmbeddedSearchEngine } from '../subgraphs/search/src/engines/embedded-engine';
import { OpenSearchEngine } from '../subgraphs/search/src/engines/opensearch-engine';
import type { SearchEngine } from '../subgraphs/search/src/engines/search-engine';
import type { SearchRequest } from '../subgraphs/search/src/domain/search-types';
import { IndexerManager } from '../subgraphs/search/src/indexer-manager';
import {
  channelEvent,
  entitlementEvent,
  id,
  packageEvent,
  programmeEvent,
  searchRequest,
  titleDeletedEvent,
  titleEvent,
  type TitleFixture,
} from './support/search';

const OPENSEARCH_URL = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';
const log = pino({ level: 'silent' });
const NOW = new Date();
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

const engines: [string, () => SearchEngine][] = [
  ['embedded', () => new EmbeddedSearchEngine()],
  [
    'opensearch',
    () =>
      new OpenSearchEngine({
        url: OPENSEARCH_URL,
        prefix: `test-contract-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}-`,
        refresh: 'wait_for',
      }),
  ],
];

describe.each(engines)('search contract: %s engine', (_name, make) => {
  let engine: SearchEngine;
  let indexer: IndexerManager;
  const T: Record<string, TitleFixture & { id: string }> = {
    matrix: {
      id: id(),
      title: 'The Matrix',
      releaseYear: 1999,
      genres: ['science-fiction', 'action'],
      maturityRating: 16,
      popularity: 90,
      synopsis: 'A hacker learns the truth: a sci-fi classic.',
      cast: ['Keanu Reeves'],
    },
    reloaded: {
      id: id(),
      title: 'The Matrix Reloaded',
      releaseYear: 2003,
      genres: ['science-fiction', 'action'],
      maturityRating: 16,
      popularity: 60,
      synopsis: 'Neo & Trinity face <script>the machines</script>.',
    },
    pokemon: { id: id(), title: 'Pokémon: The First Movie', releaseYear: 1998, genres: ['animation', 'family'], maturityRating: 7, popularity: 50 },
    starwars: { id: id(), title: 'Star Wars', releaseYear: 1977, genres: ['science-fiction', 'adventure'], maturityRating: 12, popularity: 95 },
    startrek: { id: id(), title: 'Star Trek: The Motion Picture', releaseYear: 1979, genres: ['science-fiction'], maturityRating: 12, popularity: 40 },
    amelie: {
      id: id(),
      title: 'Amélie',
      originalTitle: "Le Fabuleux Destin d'Amélie Poulain",
      releaseYear: 2001,
      genres: ['comedy', 'romance'],
      maturityRating: 12,
      popularity: 70,
    },
    breaking: { id: id(), kind: 'SERIES', title: 'Breaking Bad', releaseYear: 2008, genres: ['drama', 'crime'], maturityRating: 18, popularity: 99 },
    draft: { id: id(), title: 'Matrix Draft Cut', releaseYear: 2020, status: 'DRAFT' },
    future: { id: id(), title: 'Future Window Film', releaseYear: 2030, availableFrom: '2100-01-01T00:00:00.000Z' },
  };
  T.pilot = {
    id: id(),
    kind: 'EPISODE',
    title: 'Pilot',
    releaseYear: 2008,
    genres: ['drama', 'crime'],
    maturityRating: 18,
    popularity: 10,
    seriesId: T.breaking.id,
  };
  const cinema = { id: id(), name: 'Cinema One', number: 101, genreSlugs: ['movies'] };
  const news = { id: id(), name: 'World News 24', number: 102, genreSlugs: ['news'] };
  const onNow = {
    id: id(),
    channelId: cinema.id,
    title: 'Matrix Marathon',
    start: minutes(-30),
    end: minutes(60),
    maturityRating: 16,
    categories: ['Movie', 'Science Fiction'],
  };
  const later = {
    id: id(),
    channelId: news.id,
    title: 'Evening News',
    titles: { en: 'Evening News', es: 'Noticias de la noche' },
    start: minutes(300),
    end: minutes(360),
    categories: ['News'],
  };
  const free = { id: id(), free: true, titleIds: [T.starwars.id] };
  const premium = { id: id(), channelIds: [cinema.id], genreSlugs: ['drama'] };
  const subscriber = id();
  const fixtureEvents = () => [
    ...Object.values(T).map((t) => titleEvent(t, 10)),
    channelEvent(cinema, 10),
    channelEvent(news, 10),
    programmeEvent(onNow, 10),
    programmeEvent(later, 10),
    packageEvent(free, 10),
    packageEvent(premium, 10),
    entitlementEvent(subscriber, [premium.id], 10),
  ];

  const ask = (query: string, extra: Partial<SearchRequest> = {}) => engine.search(searchRequest(query, { now: NOW, size: 50, ...extra }));
  const titles = async (query: string, extra: Partial<SearchRequest> = {}) => (await ask(query, extra)).hits.map((h) => h.title);

  beforeAll(async () => {
    engine = make();
    await engine.init();
    indexer = new IndexerManager(engine, log);
    const outcome = await indexer.handle(fixtureEvents());
    expect(outcome.poison).toEqual([]);
  });

  afterAll(async () => {
    if (engine instanceof OpenSearchEngine) await engine.dropAll();
    await engine.close();
  });

  it('finds "The Matrix" despite the typo "matirx"', async () => {
    const found = await titles('matirx');
    expect(found[0]).toBe('The Matrix');
    expect(found).toEqual(expect.arrayContaining(['The Matrix Reloaded', 'Matrix Marathon']));
    expect(found).not.toContain('Matrix Draft Cut');
  });

  it('folds accents: "pokemon" finds "Pokémon", "amelie" finds "Amélie"', async () => {
    expect((await titles('pokemon'))[0]).toBe('Pokémon: The First Movie');
    expect((await titles('amelie'))[0]).toBe('Amélie');
    expect(await titles('POKÉMON')).toContain('Pokémon: The First Movie');
  });

  it('suggests "Star Wars" for the prefix "star w"', async () => {
    const suggestions = await engine.suggest({ prefix: 'star w', size: 5, maxMaturity: 18, now: NOW });
    expect(suggestions[0]).toEqual({ text: 'Star Wars', type: 'MOVIE', id: T.starwars.id });
    expect(suggestions.map((s) => s.text)).not.toContain('Star Trek: The Motion Picture');
    expect((await engine.suggest({ prefix: 'ame', size: 5, maxMaturity: 18, now: NOW })).map((s) => s.text)).toContain('Amélie');
  });

  it('searches as the viewer types: "star w" and "matr" find their titles', async () => {
    expect((await titles('star w'))[0]).toBe('Star Wars');
    expect(await titles('star w')).not.toContain('Star Trek: The Motion Picture');
    expect(await titles('matr')).toEqual(expect.arrayContaining(['The Matrix', 'The Matrix Reloaded']));
  });

  it('expands synonyms: "science fiction" finds a "sci-fi" synopsis', async () => {
    expect(await titles('science fiction')).toContain('The Matrix');
  });

  it('searches every language of a programme title', async () => {
    expect(await titles('noticias')).toContain('Evening News');
  });

  it('highlights where the query matched', async () => {
    const { hits } = await ask('keanu');
    expect(hits.map((h) => h.title)).toEqual(['The Matrix']);
    const people = hits[0].highlights.find((h) => h.field === 'people');
    expect(people?.snippets[0]).toContain('<em>Keanu</em>');
  });

  it('escapes the indexed text in highlights, so only the match markers are markup', async () => {
    const { hits } = await ask('trinity');
    const synopsis = hits.find((h) => h.title === 'The Matrix Reloaded')?.highlights.find((h) => h.field === 'description');
    expect(synopsis?.snippets[0]).toContain('Neo &amp; <em>Trinity</em> face &lt;script&gt;the machines&lt;');
    expect(synopsis?.snippets[0]).not.toMatch(/<(?!\/?em>)/);
  });

  it('counts facets over the whole result', async () => {
    const all = await ask('', { size: 2 });
    expect(all.totalCount).toBe(12);
    expect(all.hits).toHaveLength(2);
    expect(all.facets.types).toEqual([
      { value: 'MOVIE', count: 6 },
      { value: 'CHANNEL', count: 2 },
      { value: 'PROGRAMME', count: 2 },
      { value: 'EPISODE', count: 1 },
      { value: 'SERIES', count: 1 },
    ]);
    const matrix = await ask('matrix');
    expect(matrix.totalCount).toBe(3);
    expect(matrix.facets.years).toEqual([
      { value: '1999', count: 1 },
      { value: '2003', count: 1 },
    ]);
    expect(matrix.facets.genres).toEqual(
      expect.arrayContaining([
        { value: 'science-fiction', count: 3 },
        { value: 'action', count: 2 },
      ]),
    );
  });

  it('computes only the parts asked for: no highlights, and only the facets named', async () => {
    const asked = await ask('keanu', { parts: { highlights: false, facets: ['types'] } });
    expect(asked.hits.map((h) => [h.title, h.highlights])).toEqual([['The Matrix', []]]);
    expect(asked.totalCount).toBe(1);
    expect(asked.facets).toEqual({ types: [{ value: 'MOVIE', count: 1 }], genres: [], years: [] });
    const every = await ask('keanu');
    expect(every.hits[0].highlights).not.toEqual([]);
    expect(every.facets.years).toEqual([{ value: '1999', count: 1 }]);
  });

  it('ranks by relevance, then popularity, then recency', async () => {
    // Equal text relevance for an empty query: popularity decides.
    expect((await titles('', { types: ['MOVIE'] })).slice(0, 3)).toEqual(['Star Wars', 'The Matrix', 'Amélie']);
  });

  it('pages with offsets that cover every hit once', async () => {
    const first = await ask('', { size: 5 });
    const second = await ask('', { size: 5, offset: 5 });
    const third = await ask('', { size: 5, offset: 10 });
    const ids = [...first.hits, ...second.hits, ...third.hits].map((h) => h.id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it('filters by type, genre and year range', async () => {
    expect((await titles('', { types: ['SERIES', 'EPISODE'] })).sort()).toEqual(['Breaking Bad', 'Pilot']);
    expect(await titles('', { genres: ['comedy'] })).toEqual(['Amélie']);
    expect((await titles('', { yearFrom: 1998, yearTo: 2001 })).sort()).toEqual(['Amélie', 'Pokémon: The First Movie', 'The Matrix']);
  });

  it('keeps titles above the profile maturity limit out of results and suggestions', async () => {
    expect(await titles('matrix', { maxMaturity: 12 })).toEqual([]);
    expect((await ask('', { maxMaturity: 12 })).totalCount).toBe(7);
    expect(await engine.suggest({ prefix: 'matr', size: 5, maxMaturity: 12, now: NOW })).toEqual([]);
  });

  it('hides drafts and titles outside their availability window', async () => {
    expect(await titles('draft')).toEqual([]);
    expect(await titles('future window')).toEqual([]);
    expect(await titles('future window', { now: new Date('2101-01-01T00:00:00Z') })).toEqual(['Future Window Film']);
  });

  it('"on now" keeps programmes airing at the request time', async () => {
    expect(await titles('', { onNow: true, types: ['PROGRAMME'] })).toEqual(['Matrix Marathon']);
    expect(await titles('', { onNow: true, types: ['PROGRAMME'], now: minutes(320) })).toEqual(['Evening News']);
  });

  it('"available to me" follows the rights projection', async () => {
    const mine = await engine.access(subscriber, NOW);
    expect((await titles('', { access: mine })).sort()).toEqual(['Breaking Bad', 'Cinema One', 'Matrix Marathon', 'Pilot', 'Star Wars']);
    // A programme stays available for the channel's catch-up days (7) after its start, as in rights.
    expect(await titles('marathon', { access: mine, now: minutes(6 * 1440) })).toEqual(['Matrix Marathon']);
    expect(await titles('marathon', { access: mine, now: minutes(8 * 1440) })).toEqual([]);
    const anonymous = await engine.access(null, NOW);
    expect(await titles('', { access: anonymous })).toEqual(['Star Wars']);
    // A newer entitlement replaces the old one; an older one is ignored.
    await indexer.handle([entitlementEvent(subscriber, [], 20)]);
    await indexer.handle([entitlementEvent(subscriber, [premium.id], 15)]);
    expect(await titles('', { access: await engine.access(subscriber, NOW) })).toEqual(['Star Wars']);
  });

  it('ignores late and replayed events', async () => {
    await indexer.handle([titleEvent({ ...T.amelie, title: 'Amélie (Restored)' }, 30)]);
    await indexer.handle([titleEvent({ ...T.amelie, title: 'Stale Amelie Name' }, 25), ...fixtureEvents()]);
    expect(await titles('amelie')).toEqual(['Amélie (Restored)']);
    expect(await titles('stale')).toEqual([]);
    expect((await ask('')).totalCount).toBe(12);
  });

  it('removes deleted and unpublished documents, and a late upsert cannot bring them back', async () => {
    await indexer.handle([titleDeletedEvent(T.starwars.id, 'MOVIE', 40), titleEvent({ ...T.pokemon, status: 'DRAFT' }, 40)]);
    expect(await titles('star wars')).not.toContain('Star Wars');
    expect((await engine.suggest({ prefix: 'star w', size: 5, maxMaturity: 18, now: NOW })).map((s) => s.text)).not.toContain('Star Wars');
    expect(await titles('pokemon')).toEqual([]);
    await indexer.handle([titleEvent(T.starwars, 35), titleEvent(T.pokemon, 39)]);
    expect(await titles('star wars')).not.toContain('Star Wars');
    expect(await titles('pokemon')).toEqual([]);
    await indexer.handle([titleEvent(T.pokemon, 41)]);
    expect(await titles('pokemon')).toEqual(['Pokémon: The First Movie']);
    expect((await ask('')).totalCount).toBe(11);
    // Every live document, visible now or not (the future title is).
    expect(await engine.count()).toBe(12);
  });

  it('reports malformed events as poison and still writes the rest of the batch', async () => {
    const bad = titleEvent({ id: id(), title: 'x' }, 50);
    (bad.payload as Record<string, unknown>).title = 42;
    const good = titleEvent({ id: id(), title: 'Brand New Docu', genres: ['documentary'] }, 50);
    const outcome = await indexer.handle([bad, good]);
    expect(outcome.poison.map((p) => p.reason)).toEqual(['payload.title must be a non-empty string']);
    expect(await titles('brand new docu')).toEqual(['Brand New Docu']);
  });

  it('rebuilds into a new index while searches keep answering, then swaps', async () => {
    const before = (await ask('')).totalCount;
    const target = await engine.startRebuild();
    // Live writes during the rebuild reach both indices.
    await indexer.handle([titleEvent({ id: id(), title: 'Written During Rebuild' }, 1)]);
    expect((await ask('')).totalCount).toBe(before + 1);
    await target.commit();
    expect(await titles('')).toEqual(['Written During Rebuild']);
  });

  it('suggests a recurring programme once', async () => {
    const daily = (day: number) =>
      programmeEvent({ id: id(), channelId: news.id, title: 'Daily Digest', start: minutes(day * 1440), end: minutes(day * 1440 + 30) }, 70);
    await indexer.handle([daily(1), daily(2), daily(3)]);
    const suggestions = await engine.suggest({ prefix: 'daily d', size: 5, maxMaturity: 18, now: NOW });
    expect(suggestions.map((s) => [s.text, s.type])).toEqual([['Daily Digest', 'PROGRAMME']]);
    expect((await ask('daily digest')).totalCount).toBe(3);
  });
});
