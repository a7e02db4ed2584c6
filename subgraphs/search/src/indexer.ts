/**
 * The indexer as its own process: `npm run indexer` (or `node --import tsx subgraphs/search/src/indexer.ts`).
 * Reads KAFKA_BROKERS / KAFKA_TOPIC_PREFIX / SEARCH_INDEXER_GROUP and OPENSEARCH_URL / OPENSEARCH_INDEX_PREFIX
 * like the service. Safe to kill at any moment (SIGKILL included): offsets are committed only after the
 * write, and writes are versioned, so a restart resumes where the last commit left off.
 */
// Tracing first: it instruments http (the OpenSearch client) as it loads.
import '@tvstream/service-kit/tracing';
import { createHttpApp, createLogger, createMetrics, mountMetrics, mountProbes, runService } from '@tvstream/service-kit';
import { loadSearchConfig } from './config';
import { createSearchEngine } from './engines';
import { untilDone } from './events/event-source';
import { createEventSource, IndexerManager } from './indexer-manager';

async function main() {
  const config = loadSearchConfig();
  const log = createLogger('search-indexer', config.LOG_LEVEL);
  if (!config.OPENSEARCH_URL) log.warn('OPENSEARCH_URL is not set: this indexer writes to an in-memory index nobody else reads');
  const engine = createSearchEngine(config);
  // The engine may still be starting (or down): wait for it rather than exit.
  await untilDone(
    () => engine.init(),
    () => true,
    (err, retryInMs) => log.warn({ err, retryInMs }, 'search engine unreachable; retrying'),
  );
  const metrics = createMetrics('search-indexer');
  const running = await new IndexerManager(engine, log, metrics).run(createEventSource(config, log));
  // Orchestrators probe it like the services: alive, its engine answering, and its counters.
  const { app, httpServer } = createHttpApp();
  mountProbes(app, metrics, { engine: async () => void (await engine.count()) });
  const stopMetrics = await mountMetrics(app, metrics, config.HOST, config.METRICS_PORT);
  await new Promise<void>((listening) => httpServer.listen(config.SEARCH_INDEXER_PORT, config.HOST, listening));
  log.info({ address: httpServer.address() }, 'search indexer running; probes on /healthz, /readyz, /metrics');
  return {
    // The consumer leaves its group once the batch in hand is written and committed.
    stop: async () => {
      await running.stop();
      await new Promise((closed) => httpServer.close(closed));
      await stopMetrics();
      await engine.close();
    },
  };
}

runService('search-indexer', main);
