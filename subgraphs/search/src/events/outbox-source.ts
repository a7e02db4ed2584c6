/**
 * The in-process event path for machines without Kafka: reads the committed outbox rows of catalog, live
 * and rights (the same events the relay would publish) in sequence order, per service. The outbox is
 * those services' event log, not their data tables; the relay's `publishedAt` is ignored, so both paths
 * can run at once.
 *
 * Sequences are assigned at insert, not at commit, so a row can appear after a higher one (a slower
 * transaction). The reader therefore keeps a watermark below which everything was seen, remembers the
 * rows seen above it, and only skips a hole once it has stayed open for `gapTimeoutMs` (a rolled-back
 * insert leaves one for ever).
 */
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { untilDone, type BatchOutcome, type ReplaySource, type SourcedEvent } from './event-source';

interface SchemaCursor {
  schema: string;
  pool: Pool;
  watermark: bigint;
  seen: Set<bigint>;
  gapSince: number | null;
}

interface OutboxRow {
  seq: string;
  topic: string;
  type: string;
  entityId: string;
  entityVersion: number;
  payload: unknown;
}

export interface OutboxSourceOptions {
  databaseUrl: string;
  schemas: string[];
  /** A schema's own database, when the services do not share one (npm start's embedded PostgreSQL). */
  databaseUrls?: Record<string, string>;
  log: Logger;
  pollMs?: number;
  batchSize?: number;
  gapTimeoutMs?: number;
}

export class OutboxEventSource implements ReplaySource {
  readonly kind = 'outbox' as const;
  private readonly pools = new Map<string, Pool>();
  private readonly cursors: SchemaCursor[];
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly options: OutboxSourceOptions) {
    for (const schema of options.schemas) if (!/^[a-z_]+$/.test(schema)) throw new Error(`Unusual schema name ${schema}`);
    const poolFor = (url: string) => {
      if (!this.pools.has(url)) this.pools.set(url, new Pool({ connectionString: url, max: 1 }));
      return this.pools.get(url)!;
    };
    this.cursors = options.schemas.map((schema) => ({ schema, pool: poolFor(options.databaseUrls?.[schema] ?? options.databaseUrl), watermark: 0n, seen: new Set(), gapSince: null }));
  }

  async start(handler: (batch: SourcedEvent[]) => Promise<BatchOutcome>): Promise<void> {
    this.running = true;
    this.loop = this.run(handler);
  }

  /** True once every schema's rows committed so far have been handled (tests and reindex wait on it). */
  async caughtUp(): Promise<boolean> {
    for (const cursor of this.cursors) {
      const { rows } = await cursor.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${cursor.schema}"."OutboxEvent" WHERE sequence > $1`, [cursor.watermark.toString()]);
      if (BigInt(rows[0].n) > BigInt(cursor.seen.size)) return false;
    }
    return true;
  }

  /** How many rows the outboxes hold (a reindex's expected total). */
  async size(): Promise<number> {
    let total = 0;
    for (const cursor of this.cursors) {
      const { rows } = await cursor.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${cursor.schema}"."OutboxEvent"`);
      total += Number(rows[0].n);
    }
    return total;
  }

  private async run(handler: (batch: SourcedEvent[]) => Promise<BatchOutcome>): Promise<void> {
    const { log, pollMs = 200 } = this.options;
    while (this.running) {
      let progressed = false;
      for (const cursor of this.cursors) {
        if (!this.running) break;
        const handled = await untilDone(
          () => this.pollOnce(cursor, handler),
          () => this.running,
          (err, retryInMs) => log.warn({ err, schema: cursor.schema, retryInMs }, 'outbox indexer could not handle a batch; retrying'),
        );
        progressed ||= (handled ?? 0) > 0;
      }
      if (!progressed) await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, pollMs);
      });
    }
  }

  private async pollOnce(cursor: SchemaCursor, handler: (batch: SourcedEvent[]) => Promise<BatchOutcome>): Promise<number> {
    const { batchSize = 500, gapTimeoutMs = 5_000, log } = this.options;
    const { rows } = await cursor.pool.query<OutboxRow>(
      `SELECT sequence::text AS seq, topic, type, "entityId", "entityVersion", payload FROM "${cursor.schema}"."OutboxEvent"
       WHERE sequence > $1 ORDER BY sequence LIMIT $2`,
      [cursor.watermark.toString(), batchSize],
    );
    const fresh = rows.filter((row) => !cursor.seen.has(BigInt(row.seq)));
    if (fresh.length) {
      const outcome = await handler(
        fresh.map((row) => ({ topic: row.topic, type: row.type, entityId: row.entityId, entityVersion: row.entityVersion, payload: row.payload, origin: { topic: row.topic, offset: row.seq } })),
      );
      // Without a broker there is no dead-letter topic: the reason is logged and the row stays in the outbox.
      for (const { event, reason } of outcome.poison) log.error({ schema: cursor.schema, sequence: event.origin.offset, type: event.type, reason }, 'poison event skipped');
      for (const row of fresh) cursor.seen.add(BigInt(row.seq));
    }
    this.advance(cursor, gapTimeoutMs);
    return fresh.length;
  }

  private advance(cursor: SchemaCursor, gapTimeoutMs: number): void {
    for (;;) {
      while (cursor.seen.delete(cursor.watermark + 1n)) cursor.watermark += 1n;
      if (!cursor.seen.size) {
        cursor.gapSince = null;
        return;
      }
      cursor.gapSince ??= Date.now();
      if (Date.now() - cursor.gapSince < gapTimeoutMs) return;
      // The holes outlived any transaction: rolled-back inserts. Step over them to the next row seen.
      cursor.watermark = [...cursor.seen].reduce((min, seq) => (seq < min ? seq : min)) - 1n;
      cursor.gapSince = null;
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
  }
}
