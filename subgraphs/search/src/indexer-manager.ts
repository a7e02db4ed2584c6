/**
 * The indexer: events in, index writes out, whatever the transport (Kafka or the outbox) and the engine
 * (OpenSearch or embedded). It can run inside the search service or as its own process (src/indexer.ts).
 */
import type { Logger } from 'pino';
import { Counter, Gauge } from 'prom-client';
import type { Metrics } from '@tvstream/service-kit';
import { PoisonEventError, toIndexOp } from './domain/documents';
import type { IndexOp } from './domain/search-types';
import type { SearchConfig } from './config';
import type { SearchEngine } from './engines/search-engine';

/** Where the indexer writes: the engine's live index, or an index a reindex is building. */
export type IndexSink = Pick<SearchEngine, 'kind' | 'apply'>;
import type { BatchOutcome, EventSource, ReplaySource, SourcedEvent } from './events/event-source';
import { KafkaEventSource } from './events/kafka-source';
import { OutboxEventSource } from './events/outbox-source';

export class IndexerManager {
  private readonly events: Counter | null;

  constructor(
    private readonly engine: IndexSink,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
  ) {
    this.events = metrics
      ? new Counter({
          name: 'search_indexer_events_total',
          help: 'Events the indexer handled, by outcome',
          labelNames: ['outcome'],
          registers: [metrics.registry],
        })
      : null;
  }

  /** Writes a batch; events it cannot use come back as poison (the batch's other events are written). */
  async handle(batch: SourcedEvent[]): Promise<BatchOutcome> {
    const poison: BatchOutcome['poison'] = [];
    const ops: IndexOp[] = [];
    const owners: SourcedEvent[] = [];
    for (const event of batch) {
      try {
        const op = toIndexOp(event);
        if (op) {
          ops.push(op);
          owners.push(event);
        }
      } catch (error) {
        if (!(error instanceof PoisonEventError)) throw error;
        poison.push({ event, reason: error.message });
      }
    }
    const { rejected } = ops.length ? await this.engine.apply(ops) : { rejected: [] };
    for (const { position, reason } of rejected) poison.push({ event: owners[position], reason });
    this.events?.inc({ outcome: 'written' }, ops.length - rejected.length);
    if (poison.length) this.events?.inc({ outcome: 'poison' }, poison.length);
    return { poison };
  }

  /** Follows `source` until stopped. */
  async run(source: EventSource): Promise<{ stop(): Promise<void> }> {
    const lag = source.lag?.bind(source);
    if (this.metrics && lag) {
      new Gauge({
        name: 'search_indexer_consumer_lag',
        help: 'Events published to the topics the indexer reads but not yet indexed and committed',
        registers: [this.metrics.registry],
        async collect() {
          this.set(await lag().catch(() => Number.NaN));
        },
      });
    }
    await source.start((batch) => this.handle(batch));
    this.log.info({ source: source.kind, engine: this.engine.kind }, 'search indexer started');
    return { stop: () => source.stop() };
  }
}

export const indexerGroup = (config: SearchConfig) => config.SEARCH_INDEXER_GROUP ?? `${config.KAFKA_TOPIC_PREFIX}search-indexer`;

/** Kafka when KAFKA_BROKERS is set, else the outbox tables of the services that publish search's events. */
export function createEventSource(config: SearchConfig, log: Logger, overrides: { groupId?: string; fromBeginning?: boolean } = {}): ReplaySource {
  if (config.KAFKA_BROKERS) {
    return new KafkaEventSource({
      brokers: config.KAFKA_BROKERS.split(','),
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      groupId: overrides.groupId ?? indexerGroup(config),
      fromBeginning: overrides.fromBeginning,
      sessionTimeoutMs: config.SEARCH_INDEXER_SESSION_TIMEOUT_MS,
      log,
    });
  }
  const databaseUrls = Object.fromEntries(
    config.SEARCH_OUTBOX_DATABASES.split(',')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf('=')).trim(), entry.slice(entry.indexOf('=') + 1).trim()]),
  );
  return new OutboxEventSource({ databaseUrl: config.DATABASE_URL, databaseUrls, schemas: config.SEARCH_OUTBOX_SCHEMAS.split(',').map((s) => s.trim()), log });
}
