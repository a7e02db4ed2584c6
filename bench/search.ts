import { callApi, signIn } from '@tvstream/service-kit';
import { startSystem } from '../scripts/system';
import type { BenchContext, BenchRow } from './identity';

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
  });
  const found = (url: string, word: string, id: string) => async () =>
    ((await callApi(url, `query($q: String!) { search(query: $q, first: 5) { edges { node { id } } } }`, { q: word })).search.edges as { node: { id: string } }[]).some((e) => e.node.id === id);
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
      const { createMovie } = await callApi(system.gatewayUrl, `mutation($i: TitleInput!) { createMovie(input: $i) { id } }`, { i: { title: `${word} Voyage`, releaseYear: 2020 } }, token);
      await callApi(system.gatewayUrl, `mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: createMovie.id }, token);
      const published = Date.now();
      const [a, b] = await Promise.all([until(found(system.gatewayUrl, word, createMovie.id), published), until(found(embedded.urls.search, word, createMovie.id), published)]);
      real.push(a);
      local.push(b);
    }
  } finally {
    await embedded.stop();
  }
  const pct = (values: number[], p: number) => [...values].sort((x, y) => x - y)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];
  const missed = (values: number[]) => values.filter((v) => !Number.isFinite(v)).length;
  const row = (scenario: string, values: number[], note: string): BenchRow => ({ scenario, 'p50 ms': pct(values, 50), 'p99 ms': pct(values, 99), errors: missed(values), note });
  return [
    row('publish → searchable: Kafka + OpenSearch, via gateway', real, `${samples} titles; OpenSearch refreshes every 1 s`),
    row('publish → searchable: embedded (outbox + MiniSearch)', local, `p50 ${(pct(real, 50) / Math.max(1, pct(local, 50))).toFixed(1)}× faster than the real engines`),
  ];
}
