/**
 * The judged relevance set (judgments.ts) against both engines on the realistic corpus (corpus.ts), indexed
 * straight through the indexer. Prints NDCG@10 and MRR per engine and per kind of query; fails when an engine
 * drops below the committed baseline (baseline.json) or the embedded engine falls further behind OpenSearch
 * than `maxGapToOpenSearch`. Raise the baseline when a change improves it.
 */
import pino from 'pino';
import { EmbeddedSearchEngine } from '../../subgraphs/search/src/engines/embedded-engine';
import { OpenSearchEngine } from '../../subgraphs/search/src/engines/opensearch-engine';
import type { SearchEngine } from '../../subgraphs/search/src/engines/search-engine';
import { IndexerManager } from '../../subgraphs/search/src/indexer-manager';
import { searchRequest } from '../support/search';
import baseline from './baseline.json';
import { filmEvents, guideEvents, NOW } from './corpus';
import { JUDGMENTS, type Judgment } from './judgments';
import { ndcgAt10, reciprocalRank } from './metrics';

const OPENSEARCH_URL = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';
type EngineName = 'opensearch' | 'embedded';

interface Scores {
  ndcg10: number;
  mrr: number;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const round = (n: number) => Math.round(n * 1000) / 1000;

describe('search relevance on the judged set', () => {
  const engines = {
    opensearch: new OpenSearchEngine({ url: OPENSEARCH_URL, prefix: `test-relevance-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}-` }),
    embedded: new EmbeddedSearchEngine(),
  };
  const results = {} as Record<EngineName, { overall: Scores; perQuery: (Scores & { judgment: Judgment; shown: string[] })[] }>;

  const run = async (engine: SearchEngine) => {
    const perQuery = [];
    for (const judgment of JUDGMENTS) {
      const { hits } = await engine.search(searchRequest(judgment.query, { now: NOW, size: 10, language: judgment.language ?? null }));
      const shown = hits.map((h) => h.title);
      perQuery.push({ judgment, shown, ndcg10: ndcgAt10(shown, judgment), mrr: reciprocalRank(shown, judgment) });
    }
    return { overall: { ndcg10: mean(perQuery.map((q) => q.ndcg10)), mrr: mean(perQuery.map((q) => q.mrr)) }, perQuery };
  };

  const airingOf = new Map<string, { start: number; end: number }>();

  beforeAll(async () => {
    const events = [...filmEvents(), ...(await guideEvents())];
    for (const event of events) {
      const p = event.payload as { start?: string; end?: string };
      if (event.type === 'programme.upserted') airingOf.set(event.entityId, { start: Date.parse(p.start!), end: Date.parse(p.end!) });
    }
    for (const [name, engine] of Object.entries(engines) as [EngineName, SearchEngine][]) {
      await engine.init();
      const indexer = new IndexerManager(engine, pino({ level: 'silent' }));
      for (let i = 0; i < events.length; i += 1000) {
        const outcome = await indexer.handle(events.slice(i, i + 1000));
        expect(outcome.poison).toEqual([]);
      }
      if (engine instanceof OpenSearchEngine) await engine.client.indices.refresh({ index: engine.alias });
      expect(await engine.count()).toBe(events.length);
      results[name] = await run(engine);
    }
    const kinds = [...new Set(JUDGMENTS.map((j) => j.kind))];
    const byKind = (name: EngineName, kind: string) => {
      const rows = results[name].perQuery.filter((q) => q.judgment.kind === kind);
      return `${round(mean(rows.map((r) => r.ndcg10)))} / ${round(mean(rows.map((r) => r.mrr)))}`;
    };
    const misses = (name: EngineName) =>
      results[name].perQuery
        .filter((q) => q.mrr < 1)
        .map((q) => `  ${JSON.stringify(q.judgment.query)}${q.judgment.language ? ` [${q.judgment.language}]` : ''}: ${q.shown.slice(0, 5).join(' | ')}`);
    console.log(
      [
        `Search relevance, ${JUDGMENTS.length} judged queries, ${events.length} documents (NDCG@10 / MRR):`,
        ...(['opensearch', 'embedded'] as const).map(
          (name) =>
            `${name.padEnd(10)} overall ${round(results[name].overall.ndcg10)} / ${round(results[name].overall.mrr)}   ${kinds.map((k) => `${k} ${byKind(name, k)}`).join('   ')}`,
        ),
        ...(['opensearch', 'embedded'] as const).flatMap((name) => [`${name}: queries whose best answer is not first`, ...misses(name)]),
      ].join('\n'),
    );
  }, 600_000);

  afterAll(async () => {
    await engines.opensearch.dropAll();
    await engines.opensearch.close();
  });

  it.each(['opensearch', 'embedded'] as const)('%s holds the committed NDCG@10 and MRR', (name) => {
    expect(round(results[name].overall.ndcg10)).toBeGreaterThanOrEqual(baseline[name].ndcg10);
    expect(round(results[name].overall.mrr)).toBeGreaterThanOrEqual(baseline[name].mrr);
  });

  const ask = (name: EngineName, query: string, language: string | null = null) => engines[name].search(searchRequest(query, { now: NOW, language }));

  it.each(['opensearch', 'embedded'] as const)('%s: "termin" lists every title starting with it before any typo or other-field match', async (name) => {
    const { hits } = await ask(name, 'termin');
    const titles = hits.map((h) => h.title);
    expect(titles.slice(0, 5).sort()).toEqual([
      'Terminator 2: Judgment Day',
      'Terminator 3: Rise of the Machines',
      'Terminator Salvation: The Future Begins',
      'The Terminal',
      'The Terminator',
    ]);
    expect(titles.slice(0, 2)).toEqual(['Terminator 2: Judgment Day', 'The Terminator']);
    const suggestions = await engines[name].suggest({ prefix: 'termin', size: 5, maxMaturity: 18, now: NOW, language: null });
    expect(suggestions.map((s) => s.text)).toEqual(titles.slice(0, 5));
  });

  it.each(['opensearch', 'embedded'] as const)('%s: programmes airing now or next come before past airings, the soonest first', async (name) => {
    const { hits } = await ask(name, 'новости');
    const airings = hits.filter((h) => h.title === 'Новости').map((h) => airingOf.get(h.id)!);
    const now = NOW.getTime();
    const timely = airings.filter((a) => a.end > now);
    const past = airings.filter((a) => a.end <= now);
    expect(timely.length).toBeGreaterThan(0);
    expect(past.length).toBeGreaterThan(0);
    expect(airings).toEqual([...timely, ...past]);
    expect(timely.map((a) => Math.abs(a.start - now))).toEqual(timely.map((a) => Math.abs(a.start - now)).sort((a, b) => a - b));
    expect(past.map((a) => a.start)).toEqual(past.map((a) => a.start).sort((a, b) => b - a));
  });

  it.each(['opensearch', 'embedded'] as const)('%s: shows a programme in the viewer language, and finds it in any', async (name) => {
    expect((await ask(name, 'journal', 'fr')).hits[0].title).toBe('Le Journal');
    expect((await ask(name, 'journal', 'en')).hits[0].title).toBe('The News');
    expect((await ask(name, 'преступление', 'en')).hits[0].title).toBe('Crime and Punishment');
    expect((await engines[name].suggest({ prefix: 'crime and p', size: 3, maxMaturity: 18, now: NOW, language: 'ru' })).map((s) => s.text)).toEqual([
      'Преступление и наказание',
    ]);
  });

  it('keeps the embedded engine within the stated distance of OpenSearch', () => {
    expect(results.opensearch.overall.ndcg10 - results.embedded.overall.ndcg10).toBeLessThanOrEqual(baseline.maxGapToOpenSearch);
    expect(results.opensearch.overall.mrr - results.embedded.overall.mrr).toBeLessThanOrEqual(baseline.maxGapToOpenSearch);
  });
});
