import type { Logger } from 'pino';
import { z } from 'zod';
import { loadConfig } from '../config';
import type { Metrics } from '../observability';
import { KafkaPublisher } from './kafka-publisher';
import { OutboxRelay, type RelayDatabase } from './outbox-relay';

export * from './change-feed';
export * from './kafka-publisher';
export * from './outbox-relay';
export * from './topics';

export const relayConfigSchema = z.object({
  KAFKA_BROKERS: z.string().optional(),
  KAFKA_TOPIC_PREFIX: z.string().optional(),
  /** How long published events stay in the outbox (Kafka keeps them); `0` deletes them at the next prune. */
  OUTBOX_RETENTION_HOURS: z.coerce.number().min(0).default(168),
  OUTBOX_PRUNE_INTERVAL_SECONDS: z.coerce.number().positive().default(300),
  /**
   * How often the relay looks for events it was not told about: this process's are published as soon as they
   * commit, so this bounds only rows left by a replica that crashed before publishing them, or written by a CLI.
   */
  OUTBOX_POLL_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
});

/**
 * Starts the service's outbox relay when Kafka is configured (KAFKA_BROKERS, comma-separated; optional
 * KAFKA_TOPIC_PREFIX). Without it, events stay in the outbox table until a relay runs: the in-process
 * search path and its reindex read them there, so nothing is pruned either.
 */
export function startOutboxRelay(options: { service: string; db: RelayDatabase; log: Logger; metrics: Metrics; env?: NodeJS.ProcessEnv }): OutboxRelay | null {
  const config = loadConfig(relayConfigSchema, options.env ?? process.env);
  if (!config.KAFKA_BROKERS) return null;
  const relay = new OutboxRelay({
    db: options.db,
    schema: options.service,
    log: options.log,
    metrics: options.metrics,
    publisher: new KafkaPublisher({ brokers: config.KAFKA_BROKERS.split(','), clientId: `${options.service}-relay`, topicPrefix: config.KAFKA_TOPIC_PREFIX }),
    retentionSeconds: config.OUTBOX_RETENTION_HOURS * 3600,
    pruneEveryMs: config.OUTBOX_PRUNE_INTERVAL_SECONDS * 1000,
    pollMs: config.OUTBOX_POLL_INTERVAL_SECONDS * 1000,
  });
  relay.start();
  return relay;
}

/** A database the service owns: the relay reads its outbox, and it is closed last on shutdown. */
export interface OwnedDatabase {
  $disconnect(): Promise<void>;
}

/**
 * Completes a subgraph with its outbox relay: starts the relay (when Kafka is configured) and makes `stop`
 * drain the HTTP server first, then the relay, then the database and anything else the service opened.
 */
export function withOutboxRelay<S extends { stop(): Promise<void> }>(
  service: S,
  options: { service: string; db: OwnedDatabase; log: Logger; metrics: Metrics; alsoClose?: () => unknown },
): S {
  const relay = startOutboxRelay({ service: options.service, db: options.db as unknown as RelayDatabase, log: options.log, metrics: options.metrics });
  return {
    ...service,
    stop: async () => {
      // In-flight requests first (their events join the outbox), then the relay's last batch.
      await service.stop();
      await relay?.stop();
      await options.db.$disconnect();
      await options.alsoClose?.();
    },
  };
}
