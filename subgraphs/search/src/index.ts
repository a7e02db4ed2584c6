// Tracing first: it instruments http, express, graphql and pg as they load.
import '@tvstream/service-kit/tracing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { Gauge } from 'prom-client';
import {
  clockOverrideAllowed,
  createLogger,
  createMetrics,
  jwksTokenVerifier,
  redisFromConfig,
  tokenRevocations,
  requestClock,
  runService,
  sharedServerSettings,
  startSubgraph,
  type RunningService,
} from '@tvstream/service-kit';
import { loadSearchConfig, type SearchConfig } from './config';
import type { SearchContext } from './context';
import { createSearchEngine } from './engines';
import type { SearchEngine } from './engines/search-engine';
import { untilDone } from './events/event-source';
import { createEventSource, IndexerManager, indexerGroup } from './indexer-manager';
import { ReindexManager } from './reindex-manager';
import { resolvers } from './resolvers';

export const typeDefs = parse(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8'));

export interface RunningSearch extends RunningService {
  engine: SearchEngine;
}

/**
 * The search subgraph. Unless SEARCH_INDEXER_INLINE=false, it also runs the indexer, so one process is
 * enough on a developer machine; production can run `src/indexer.ts` separately (and several of them).
 */
export async function startSearch(config: SearchConfig = loadSearchConfig(), engine: SearchEngine = createSearchEngine(config)): Promise<RunningSearch> {
  const log = createLogger('search', config.LOG_LEVEL);
  // Revoked sessions are checked here first when configured (else in identity's feed).
  const redis = redisFromConfig(config);
  const metrics = createMetrics('search');
  // The engine may still be starting (or down): wait for it rather than exit.
  await untilDone(
    () => engine.init(),
    () => true,
    (err, retryInMs) => log.warn({ err, retryInMs }, 'search engine unreachable; retrying'),
  );
  const indexer = config.SEARCH_INDEXER_INLINE ? await new IndexerManager(engine, log, metrics).run(createEventSource(config, log)) : null;
  // A reindex replays every event into a new index under a consumer group of its own.
  const reindex = new ReindexManager(
    engine,
    (jobId) => createEventSource(config, log, { groupId: `${indexerGroup(config)}-reindex-${jobId}`, fromBeginning: true }),
    log,
  );
  const clockOverride = clockOverrideAllowed(config);
  // Live documents behind the alias (tombstones excluded): what convergence checks compare with the owners.
  new Gauge({
    name: 'search_documents',
    help: 'Searchable documents in the index the alias points at',
    registers: [metrics.registry],
    collect: async function (this: Gauge) {
      this.set(await engine.count().catch(() => Number.NaN));
    },
  });

  const service = await startSubgraph<SearchContext>({
    name: 'search',
    metrics,
    typeDefs,
    resolvers,
    ...sharedServerSettings(config),
    port: config.SEARCH_PORT,
    log,
    verifyToken: jwksTokenVerifier(config),
    revocations: tokenRevocations(config, redis, log, 'search'),
    extendContext: (base, req) => ({
      ...base,
      engine,
      reindex,
      now: requestClock(req.headers['x-clock-now'], clockOverride),
      acceptLanguage: req.headers['accept-language'] ?? null,
    }),
    readiness: { engine: async () => void (await engine.count()) },
  });
  return {
    ...service,
    engine,
    stop: async () => {
      await reindex.stop();
      await indexer?.stop();
      await service.stop();
      await engine.close();
      redis?.disconnect();
    },
  };
}

if (require.main === module) runService('search', startSearch);
