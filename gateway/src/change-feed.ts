import { followChanges, TOPIC_PARTITIONS, type ChangeFeed, type Logger, type Metrics } from '@tvstream/service-kit';
import type { GatewayConfig } from './config';
import type { PublicFetchCache } from './public-cache';

/** Subgraphs whose answers the public cache keeps, and whose events (their outbox topics) drop them. */
export const CACHED_SUBGRAPHS = ['catalog', 'live'];

/**
 * The public cache follows the subgraphs' change feed; while Kafka cannot be reached it tries again, and
 * answers stay fresh within PUBLIC_CACHE_MAX_SECONDS meanwhile.
 */
export function followChangeFeed(cache: PublicFetchCache, config: GatewayConfig, log: Logger, metrics: Metrics) {
  let feed: ChangeFeed | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const start = () =>
    followChanges({
      brokers: config.KAFKA_BROKERS!.split(','),
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      topics: Object.keys(TOPIC_PARTITIONS).filter((topic) => CACHED_SUBGRAPHS.includes(topic.split('.')[0])),
      clientId: 'gateway-cache',
      log,
      metrics,
      onChange: (topic, partition, offset) => cache.changed(topic.split('.')[0], `${topic}:${partition}`, offset),
    }).then(
      (started) => {
        if (stopped) return void started.stop();
        feed = started;
      },
      (error: Error) => {
        log.warn({ error: error.message }, 'the public cache cannot follow the change feed yet; trying again');
        if (!stopped) retry = setTimeout(() => void start(), 10_000).unref();
      },
    );
  const starting = start();
  return {
    /** Resolves once the feed is followed (or found unreachable the first time). */
    starting,
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await feed?.stop();
    },
  };
}
