import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pino from 'pino';
import { callApi, signIn } from '@tvstream/service-kit';
import { startSystem } from '../scripts/system';
import { OpenSearchEngine } from '../subgraphs/search/src/engines/opensearch-engine';
import { IndexerManager } from '../subgraphs/search/src/indexer-manager';
import { searchRequest } from '../tests/support/search';
import type { BenchContext, BenchRow } from './identity';
import { graphqlLoad, type LoadResult } from './load';
import { searchCorpus } from './search-corpus';

const pct = (values: number[], p: number) => [...values].sort((x, y) => x - y)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];

/**
 * Edit → searchable: how long after an editor's publish returns a title is found by `search`. Measured side
 * by side on one system: the real path (outbox → relay → Kafka → indexer → OpenSearch, read through the
 * gateway) and the embedded default (a second search service following the same outbox in process into
 * MiniSearch). Printed as p50/p99, not asserted: freshness targets live here, not in timed tests.
 */
export async function searchFreshness({ system, admin, durationSeconds }: BenchContext): Promise<BenchRow[]> {
  const token = await signIn(system.gatewayUrl, admin.email, admin.password);

  const embedded = await startSystem({
    basePort: Number(new URL(system.gatewayUrl).port) + 10,
    only: ['search'],
    env: { ...system.env, KAFKA_BROKERS: '', OPENSEARCH_URL: '', JWKS_URL: new URL('/.well-known/jwks.json', system.urls.identity).toString() },
    logDir: system.logDir ? `${system.logDir}/embedded` : undefined,
    compiled: system.compiled,
  });
  const found = (url: string, word: string, id: string) => async () =>
    (
      (await callApi(url, `query($q: String!) { search(query: $q, first: 5) { edges { node { id } } } }`, { q: word })).search.edges as {
        node: { id: string };
      }[]
    ).some((e) => e.node.id === id);
  const until = async (check: () => Promise<boolean>, since: number) => {
    while (!(await check())) {
      if (Date.now() - since > 30_000) return Number.POSITIVE_INFINITY;
      await new Promise((r) => setTimeout(r, 20));
    }
    return Date.now() - since;
  };

  const real: number[] = [];
  const local: number[] = [];
  const samples = Math.max(10, durationSeconds * 3);
  try {
    for (let i = 0; i < samples; i++) {
      const word = `Fresh${Date.now().toString(36)}${i}`;
      const { createMovie } = await callApi(
        system.gatewayUrl,
        `mutation($i: TitleInput!) { createMovie(input: $i) { id } }`,
        { i: { title: `${word} Voyage`, releaseYear: 2020 } },
        token,
      );
      await callApi(system.gatewayUrl, `mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: createMovie.id }, token);
      const published = Date.now();
      const [a, b] = await Promise.all([
        until(found(system.gatewayUrl, word, createMovie.id), published),
        until(found(embedded.urls.search, word, createMovie.id), published),
      ]);
      real.push(a);
      local.push(b);
    }
  } finally {
    await embedded.stop();
  }
  const missed = (values: number[]) => values.filter((v) => !Number.isFinite(v)).length;
  const row = (scenario: string, values: number[], note: string): BenchRow => ({
    scenario,
    'p50 ms': pct(values, 50),
    'p99 ms': pct(values, 99),
    errors: missed(values),
    note,
  });
  return [
    row('publish → searchable: Kafka + OpenSearch, via gateway', real, `${samples} titles; OpenSearch refreshes every 1 s`),
    row(
      'publish → searchable: embedded (outbox + MiniSearch)',
      local,
      `p50 ${(pct(real, 50) / Math.max(1, pct(local, 50))).toFixed(1)}× faster than the real engines`,
    ),
  ];
}

const SEARCH = `query($q: String!, $f: SearchFilters) { search(query: $q, filters: $f, first: 10) { totalCount edges { node { score highlights { field snippets } } } facets { types { value count } } } }`;
const SUGGEST = `query($p: String!) { suggest(prefix: $p, first: 8) { text type id } }`;

/**
 * Search at scale (`BENCH_SEARCH_DOCS`, default 100,000 documents: every vega film, 200 channels × 7 days of
 * guide from the real XMLTV files, generated series, episodes and films): p50/p99 of prefix, typo, filtered
 * and suggest queries at 1 and 20 connections, through the gateway and straight to OpenSearch with the very
 * body the service sends; then freshness (publish → searchable through Kafka and the indexer) while 20
 * connections search. The corpus is written into the system's index through the indexer code, not the
 * catalog database. Results also go to bench/results/search-scale.json.
 */
/** Viewers of their own for the load connections (the search is the same query for each). */
async function signedInViewers(gatewayUrl: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const { register } = await callApi<{ register: { accessToken: string } }>(
      gatewayUrl,
      `mutation($i: RegisterInput!) { register(input: $i) { accessToken } }`,
      { i: { email: `searcher-${i}-${Date.now()}@bench.tvstream.dev`, password: 'benchmark passphrase', displayName: `Searcher ${i}` } },
    );
    tokens.push(register.accessToken);
  }
  return tokens;
}

export async function searchAtScale({ system, admin, durationSeconds }: BenchContext): Promise<BenchRow[]> {
  const size = Number(process.env.BENCH_SEARCH_DOCS ?? 100_000);
  const now = new Date();
  const opensearchUrl = system.env.OPENSEARCH_URL!;
  const engine = new OpenSearchEngine({ url: opensearchUrl, prefix: system.env.OPENSEARCH_INDEX_PREFIX! });
  await engine.init();
  const indexer = new IndexerManager(engine, pino({ level: 'silent' }));
  const events = await searchCorpus(size, now);
  const loading = Date.now();
  for (let i = 0; i < events.length; i += 2000) {
    await indexer.handle(events.slice(i, i + 2000));
    if ((i / 2000) % 10 === 0) console.log(`search bench: indexed ${Math.min(events.length, i + 2000)} of ${events.length}`);
  }
  await engine.client.indices.refresh({ index: engine.alias });
  const documents = await engine.count();
  const loadSeconds = (Date.now() - loading) / 1000;

  // What SEARCH reads, so the replay asks OpenSearch for what the service asks it for.
  const base = searchRequest('', { now, size: 10, language: null, parts: { highlights: true, facets: ['types'] } });
  const cases: { name: string; gateway: object; direct: object }[] = [
    { name: 'prefix "termin"', gateway: { query: SEARCH, variables: { q: 'termin' } }, direct: engine.searchBody({ ...base, query: 'termin' }) },
    { name: 'typo "godfater"', gateway: { query: SEARCH, variables: { q: 'godfater' } }, direct: engine.searchBody({ ...base, query: 'godfater' }) },
    {
      name: 'filtered "star" movies 1990+',
      gateway: { query: SEARCH, variables: { q: 'star', f: { types: ['MOVIE'], yearFrom: 1990 } } },
      direct: engine.searchBody({ ...base, query: 'star', types: ['MOVIE'], yearFrom: 1990 }),
    },
    {
      name: 'suggest "star w"',
      gateway: { query: SUGGEST, variables: { p: 'star w' } },
      direct: engine.suggestBody({ prefix: 'star w', size: 8, maxMaturity: 18, now, language: null }),
    },
  ];
  const rows: BenchRow[] = [];
  const row = (scenario: string, r: LoadResult, note: string): BenchRow => ({
    scenario,
    'req/s': r.requestsPerSecond,
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    errors: r.errors + r.non2xx,
    note,
  });
  const viewers = await signedInViewers(system.gatewayUrl, 20);
  for (const c of cases) {
    for (const connections of [1, 20]) {
      const viaGateway = await graphqlLoad(system.gatewayUrl, c.gateway, { seconds: durationSeconds, connections, tokens: viewers });
      const direct = await graphqlLoad(`${opensearchUrl}/${engine.alias}/_search`, c.direct, { seconds: durationSeconds, connections });
      rows.push(
        row(`search@${documents}: ${c.name}, ${connections} conn, gateway`, viaGateway, `gateway adds p50 ${(viaGateway.p50 - direct.p50).toFixed(1)} ms`),
      );
      rows.push(row(`search@${documents}: ${c.name}, ${connections} conn, OpenSearch`, direct, 'the same query body, straight to OpenSearch'));
    }
  }

  // The machine's floor: the cheapest request OpenSearch answers, so the rows above can be read against it.
  for (const connections of [1, 20]) {
    const floor = await graphqlLoad(
      `${opensearchUrl}/${engine.alias}/_search`,
      { size: 1, query: { match_all: {} } },
      { seconds: durationSeconds, connections },
    );
    rows.push(row(`search@${documents}: floor (match_all, 1 hit), ${connections} conn, OpenSearch`, floor, 'what any request costs on this machine now'));
  }

  const results = resolve(__dirname, 'results');
  mkdirSync(results, { recursive: true });
  const save = () =>
    writeFileSync(
      resolve(results, 'search-scale.json'),
      `${JSON.stringify({ measuredAt: now.toISOString(), documents, loadSeconds, durationSeconds, rows }, null, 2)}\n`,
    );
  save();

  // Freshness under load: an editor publishes while 20 connections keep searching through the gateway. An
  // edit the loaded machine refuses (e.g. no database connection in time) counts as an error, not a stop.
  const token = await signIn(system.gatewayUrl, admin.email, admin.password);
  const background = graphqlLoad(system.gatewayUrl, cases[0].gateway, { seconds: Math.max(durationSeconds, 20), connections: 20, tokens: viewers });
  const fresh: number[] = [];
  let refused = 0;
  const deadline = Date.now() + Math.max(durationSeconds, 20) * 1000 - 2000;
  while (Date.now() < deadline) {
    const word = `Fresh${Date.now().toString(36)}`;
    let published: number;
    let movieId: string;
    try {
      const { createMovie } = await callApi(
        system.gatewayUrl,
        `mutation($i: TitleInput!) { createMovie(input: $i) { id } }`,
        { i: { title: `${word} Voyage`, releaseYear: 2020 } },
        token,
      );
      await callApi(system.gatewayUrl, `mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: createMovie.id }, token);
      published = Date.now();
      movieId = createMovie.id;
    } catch {
      refused += 1;
      continue;
    }
    for (;;) {
      const { search } = await callApi(system.gatewayUrl, `query($q: String!) { search(query: $q, first: 3) { edges { node { id } } } }`, { q: word });
      if ((search.edges as { node: { id: string } }[]).some((e) => e.node.id === movieId)) break;
      if (Date.now() - published > 30_000) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    fresh.push(Date.now() - published);
  }
  const load = await background;
  rows.push({
    scenario: `search@${documents}: publish → searchable under 20-connection search load`,
    'p50 ms': pct(fresh, 50),
    'p99 ms': pct(fresh, 99),
    errors: refused + fresh.filter((v) => v >= 30_000).length,
    note: `${fresh.length} titles; ${refused} edits refused; searches meanwhile p99 ${load.p99} ms`,
  });
  save();
  await engine.close();
  return rows;
}
