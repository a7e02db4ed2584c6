/**
 * `npm run bench -- searchparts`: what each part of a search costs OpenSearch. The demo content is loaded and
 * indexed, then the search service's own request body for "the" is sent straight to OpenSearch with every
 * part (highlights and the three facets), without some of them, and with none, in interleaved rounds after
 * an unmeasured warm-up round. Reported per body: req/s, latency and OpenSearch's CPU per search (the figure
 * that matters on a machine OpenSearch shares).
 */
import autocannon from 'autocannon';
import { signIn } from '@tvstream/service-kit';
import { loadDemoContent } from '../scripts/demo-content';
import { OpenSearchEngine } from '../subgraphs/search/src/engines/opensearch-engine';
import type { SearchParts } from '../subgraphs/search/src/domain/search-types';
import { searchRequest } from '../tests/support/search';
import { cpuMs } from './gateways';
import type { BenchContext, BenchRow } from './identity';
import { enginePids, machineSettled } from './machine';

const ROUNDS = 3;
const BODIES: Record<string, SearchParts> = {
  'every part': { highlights: true, facets: ['types', 'genres', 'years'] },
  'highlights, types and genres (the web app)': { highlights: true, facets: ['types', 'genres'] },
  'no highlights': { highlights: false, facets: ['types', 'genres', 'years'] },
  'no facets': { highlights: true, facets: [] },
  'types facet only': { highlights: false, facets: ['types'] },
  'hits only': { highlights: false, facets: [] },
};

export async function searchParts({ system, admin, durationSeconds }: BenchContext): Promise<BenchRow[]> {
  const token = await signIn(system.gatewayUrl, admin.email, admin.password);
  await loadDemoContent({ url: system.gatewayUrl, token, movies: 60 });
  await machineSettled();
  const engine = new OpenSearchEngine({ url: system.env.OPENSEARCH_URL!, prefix: system.env.OPENSEARCH_INDEX_PREFIX! });
  const opensearch = enginePids().opensearch;
  const request = (parts: SearchParts) => searchRequest('the', { size: 10, language: null, parts });
  const measured: Record<string, { perSecond: number[]; p50: number[]; p99: number[]; cpuMs: number[]; errors: number }> = {};
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      for (const [name, parts] of Object.entries(BODIES)) {
        const before = cpuMs(opensearch);
        const result = await autocannon({
          url: `${system.env.OPENSEARCH_URL}/${engine.alias}/_search`,
          method: 'POST',
          connections: 20,
          duration: Math.max(2, Math.round(durationSeconds / ROUNDS)),
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(engine.searchBody(request(parts))),
        });
        // Round 0 warms OpenSearch's caches and JIT up; it is not reported.
        if (round === 0) continue;
        const entry = (measured[name] ??= { perSecond: [], p50: [], p99: [], cpuMs: [], errors: 0 });
        entry.perSecond.push(Math.round(result.requests.average));
        entry.p50.push(result.latency.p50);
        entry.p99.push(result.latency.p99);
        entry.cpuMs.push((cpuMs(opensearch) - before) / Math.max(1, result.requests.total));
        entry.errors += result.errors + result.non2xx;
      }
    }
  } finally {
    await engine.close();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return Object.entries(measured).map(([name, m]) => ({
    scenario: `OpenSearch, ${name}`,
    'req/s': median(m.perSecond),
    'p50 ms': median(m.p50),
    'p99 ms': median(m.p99),
    errors: m.errors,
    note: `${median(m.cpuMs).toFixed(2)} ms of OpenSearch CPU per search (rounds: ${m.cpuMs.map((c) => c.toFixed(2)).join(', ')}); medians of ${ROUNDS} rounds`,
  }));
}
