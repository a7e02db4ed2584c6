import { Counter, Gauge } from 'prom-client';
import type { Logger } from 'pino';
import type { Metrics } from '../observability';
import { onOutboxCommit } from '../outbox-commits';
import { untraced } from '../tracing';

/** An outbox row as the relay reads it. */
export interface OutboxRow {
  id: string;
  topic: string;
  type: string;
  entityId: string;
  entityVersion: number;
  payload: unknown;
  /** The committing request's `traceparent`, when it was traced. */
  traceContext: string | null;
}

/** Where events go: Kafka in production, anything with the same contract elsewhere. */
export interface EventPublisher {
  publish(events: OutboxRow[]): Promise<void>;
  close(): Promise<void>;
}

/** The slice of a Prisma client the relay needs (every service's client has it). */
export interface RelayDatabase {
  $transaction<T>(fn: (tx: RelayDatabase) => Promise<T>): Promise<T>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export interface RelayOptions {
  db: RelayDatabase;
  /** The service's PostgreSQL schema, where its OutboxEvent table lives. */
  schema: string;
  publisher: EventPublisher;
  log: Logger;
  metrics: Metrics;
  batchSize?: number;
  /**
   * How often the relay looks for rows nobody told it about: another replica's, rows left by one that
   * crashed between commit and publish, rows a CLI wrote. Rows this process commits are published at once.
   */
  pollMs?: number;
  /** How soon it tries again when another replica held the outbox lock as rows of this process committed. */
  retryMs?: number;
  maxBackoffMs?: number;
  /** Published rows older than this are deleted (Kafka keeps the log); unpublished rows are never touched. */
  retentionSeconds?: number;
  /** How often the relay prunes. */
  pruneEveryMs?: number;
}

const PRUNE_BATCH = 5_000;

/**
 * Publishes committed outbox rows and marks them sent, at least once. One relay at a time per service
 * holds a transaction-scoped advisory lock, so rows leave in commit order and per-entity order holds even
 * with several instances. While the publisher fails, it retries with capped exponential back-off.
 * It runs as soon as this process commits outbox rows (outbox-commits.ts) and otherwise every `pollMs`.
 */
export class OutboxRelay {
  private stopped = false;
  private running: Promise<void> | null = null;
  /** Ends the pause between polls early: on stop always, on a commit unless backing off from a failure. */
  private endPause: (() => void) | null = null;
  private endPauseOnCommit: (() => void) | null = null;
  /** Rows of this process committed since the relay last held the lock and read the outbox. */
  private owed = false;
  private unsubscribe: (() => void) | null = null;
  private readonly backlog: Gauge;
  private readonly pruned: Counter;
  private readonly backlogAge: Gauge;
  private readonly table: string;
  private lastPruneAt = 0;

  constructor(private readonly options: RelayOptions) {
    if (!/^[a-z_]+$/.test(options.schema)) throw new Error(`Unusual schema name ${options.schema}`);
    this.table = `"${options.schema}"."OutboxEvent"`;
    // One query serves both gauges: how many events wait, and how long the oldest has waited.
    const readBacklog = async () => {
      const [row] = await options.db.$queryRawUnsafe<{ n: number; age: number }[]>(
        `SELECT count(*)::int AS n, COALESCE(EXTRACT(EPOCH FROM now() - min("createdAt")), 0)::float8 AS age
         FROM ${this.table} WHERE "publishedAt" IS NULL`,
      );
      return { count: row?.n ?? 0, ageSeconds: row?.age ?? 0 };
    };
    this.backlog = new Gauge({
      name: 'outbox_backlog',
      help: 'Outbox events committed but not yet published',
      registers: [options.metrics.registry],
      collect: async () => {
        const { count, ageSeconds } = await readBacklog();
        this.backlog.set(count);
        this.backlogAge.set(ageSeconds);
      },
    });
    this.pruned = new Counter({
      name: 'outbox_pruned_total',
      help: 'Published outbox events deleted after the retention window',
      registers: [options.metrics.registry],
    });
    this.backlogAge = new Gauge({
      name: 'outbox_oldest_event_age_seconds',
      help: 'How long the oldest unpublished outbox event has waited (0 when none waits)',
      registers: [options.metrics.registry],
    });
  }

  start(): void {
    if (this.running) return;
    this.unsubscribe = onOutboxCommit(this.options.schema, () => this.nudge());
    // Polls are not traced (they would be a trace each); each event's publish span joins its own trace.
    this.running = untraced(() => this.loop());
  }

  /** Lets the batch in hand finish publishing and being marked sent, then stops; the rest waits in the outbox. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.endPause?.();
    await this.running;
    await this.options.publisher.close();
  }

  /** Rows of this process just committed: publish them now, or right after the batch in hand. */
  nudge(): void {
    this.owed = true;
    this.endPauseOnCommit?.();
  }

  /** Publishes one batch; returns how many rows were sent. */
  async relayOnce(): Promise<number> {
    return (await this.relayBatch()).sent;
  }

  /** One batch, and whether this relay held the lock (else another replica was publishing). */
  private async relayBatch(): Promise<{ sent: number; locked: boolean }> {
    const { db, publisher, batchSize = 200 } = this.options;
    return db.$transaction(async (tx) => {
      const [lock] = await tx.$queryRawUnsafe<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, this.table);
      if (!lock?.locked) return { sent: 0, locked: false };
      const rows = await tx.$queryRawUnsafe<OutboxRow[]>(
        `SELECT id::text, topic, type, "entityId", "entityVersion", payload, "traceContext" FROM ${this.table}
         WHERE "publishedAt" IS NULL ORDER BY sequence LIMIT $1`,
        batchSize,
      );
      if (!rows.length) return { sent: 0, locked: true };
      await publisher.publish(rows);
      await tx.$executeRawUnsafe(
        `UPDATE ${this.table} SET "publishedAt" = now() WHERE id = ANY($1::uuid[])`,
        rows.map((r) => r.id),
      );
      return { sent: rows.length, locked: true };
    });
  }

  /** Deletes published rows past the retention window, a batch at a time; returns how many went. */
  async pruneOnce(): Promise<number> {
    const { db, retentionSeconds = 7 * 24 * 3600 } = this.options;
    let total = 0;
    for (;;) {
      const deleted = await db.$executeRawUnsafe(
        `DELETE FROM ${this.table} WHERE id IN (SELECT id FROM ${this.table} WHERE "publishedAt" < now() - make_interval(secs => $1) LIMIT ${PRUNE_BATCH})`,
        retentionSeconds,
      );
      total += deleted;
      this.pruned.inc(deleted);
      if (deleted < PRUNE_BATCH) return total;
    }
  }

  private async pruneWhenDue(): Promise<void> {
    const { pruneEveryMs = 300_000, log } = this.options;
    if (Date.now() - this.lastPruneAt < pruneEveryMs) return;
    this.lastPruneAt = Date.now();
    try {
      const deleted = await this.pruneOnce();
      if (deleted) log.info({ deleted }, 'pruned published outbox events past their retention');
    } catch (error) {
      log.warn({ err: error }, 'outbox relay could not prune published events; trying again later');
    }
  }

  private async loop(): Promise<void> {
    const { pollMs = 5_000, retryMs = 250, maxBackoffMs = 30_000, log } = this.options;
    let backoff = retryMs;
    while (!this.stopped) {
      await this.pruneWhenDue();
      const owed = this.owed;
      this.owed = false;
      let pause: number;
      let failed = false;
      try {
        const { sent, locked } = await this.relayBatch();
        backoff = retryMs;
        if (sent) continue;
        // The replica holding the lock may have read the outbox before this process's rows committed.
        if (owed && !locked) this.owed = true;
        // Owed again with the lock held: rows committed while this batch was read.
        pause = !this.owed ? pollMs : locked ? 0 : retryMs;
      } catch (error) {
        failed = true;
        backoff = Math.min(backoff * 2, maxBackoffMs);
        pause = backoff;
        log.warn({ err: error, retryInMs: backoff }, 'outbox relay could not publish; backing off');
      }
      if (this.stopped) break;
      if (pause) await this.pause(pause, !failed);
    }
  }

  /** Waits `ms`, or less when stopped or (`byCommit`) when rows of this process commit meanwhile. */
  private pause(ms: number, byCommit: boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.endPause = this.endPauseOnCommit = null;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.endPause = end;
      this.endPauseOnCommit = byCommit ? end : null;
    });
  }
}
