/**
 * The in-process event path for machines without Kafka: reads the committed outbox rows of catalog, live
 * and rights (the same events the relay would publish) in sequence order, per service. The outbox is
 * those services' event log, not their data tables; the relay's `publishedAt` is ignored, so both paths
 * can run at once.
 *
 * Sequences are assigned at insert, not at commit, so a row can appear after a higher one (a slower
 * transaction, such as an XMLTV import that holds its transaction for minutes). The reader therefore keeps
 * a watermark below which everything was seen, remembers the rows seen above it, and keeps reading the
 * holes between them. A hole is stepped over only once every transaction that was running when it was
 * noticed has ended (PostgreSQL's own snapshot and commit log say so): its row was then rolled back, never
 * merely slow. Time alone never closes a hole.
 */
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { untilDone, type BatchOutcome, type ReplaySource, type SourcedEvent } from './event-source';

/** Holes below the highest row seen, and the transactions that may still fill them. */
interface Gap {
  noticedAt: number;
  /** The highest sequence seen when the running transactions were listed: the holes this gap covers. */
  upTo: bigint | null;
  /** Ids of the transactions running at that moment; the holes close once all have ended. */
  holders: string[] | null;
}

interface SchemaCursor {
  schema: string;
  pool: Pool;
  watermark: bigint;
  seen: Set<bigint>;
  gap: Gap | null;
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
  /**
   * How long a hole stays open before the running transactions are listed: a transaction draws its
   * sequence a moment before it has a transaction id, so listing them at once could miss it.
   */
  gapGraceMs?: number;
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
    this.cursors = options.schemas.map((schema) => ({
      schema,
      pool: poolFor(options.databaseUrls?.[schema] ?? options.databaseUrl),
      watermark: 0n,
      seen: new Set(),
      gap: null,
    }));
  }

  async start(handler: (batch: SourcedEvent[]) => Promise<BatchOutcome>): Promise<void> {
    this.running = true;
    this.loop = this.run(handler);
  }

  /** True once every schema's rows committed so far have been handled (tests and reindex wait on it). */
  async caughtUp(): Promise<boolean> {
    for (const cursor of this.cursors) {
      const { rows } = await cursor.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${cursor.schema}"."OutboxEvent" WHERE sequence > $1`, [
        cursor.watermark.toString(),
      ]);
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
      if (!progressed)
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, pollMs);
        });
    }
  }

  private async pollOnce(cursor: SchemaCursor, handler: (batch: SourcedEvent[]) => Promise<BatchOutcome>): Promise<number> {
    const { batchSize = 500, log } = this.options;
    // Asked before reading, so a holder that commits in between has its rows read below.
    const settled = await this.holesSettled(cursor);
    const holes = this.holes(cursor);
    const { rows } = await cursor.pool.query<OutboxRow>(
      `SELECT sequence::text AS seq, topic, type, "entityId", "entityVersion", payload FROM "${cursor.schema}"."OutboxEvent"
       WHERE sequence > $1 AND (sequence > $2 OR EXISTS (SELECT 1 FROM unnest($3::bigint[], $4::bigint[]) AS hole(first, last) WHERE sequence BETWEEN hole.first AND hole.last))
       ORDER BY sequence LIMIT $5`,
      [cursor.watermark.toString(), this.highestSeen(cursor).toString(), holes.map((h) => h.first.toString()), holes.map((h) => h.last.toString()), batchSize],
    );
    const fresh = rows.filter((row) => !cursor.seen.has(BigInt(row.seq)));
    if (fresh.length) {
      const outcome = await handler(
        fresh.map((row) => ({
          topic: row.topic,
          type: row.type,
          entityId: row.entityId,
          entityVersion: row.entityVersion,
          payload: row.payload,
          origin: { topic: row.topic, offset: row.seq },
        })),
      );
      // Without a broker there is no dead-letter topic: the reason is logged and the row stays in the outbox.
      for (const { event, reason } of outcome.poison)
        log.error({ schema: cursor.schema, sequence: event.origin.offset, type: event.type, reason }, 'poison event skipped');
      for (const row of fresh) cursor.seen.add(BigInt(row.seq));
    }
    // A full batch may have left rows of a settled hole unread: settle on the next poll instead.
    this.advance(cursor, settled && rows.length < batchSize);
    return fresh.length;
  }

  /** The transactions a schema's open holes wait on (none once they are settled); tests and logs read it. */
  holders(schema: string): string[] {
    return this.cursors.find((c) => c.schema === schema)?.gap?.holders ?? [];
  }

  private highestSeen(cursor: SchemaCursor): bigint {
    let highest = cursor.watermark;
    for (const seq of cursor.seen) if (seq > highest) highest = seq;
    return highest;
  }

  private holes(cursor: SchemaCursor): { first: bigint; last: bigint }[] {
    const holes: { first: bigint; last: bigint }[] = [];
    let next = cursor.watermark + 1n;
    for (const seq of [...cursor.seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (seq > next) holes.push({ first: next, last: seq - 1n });
      next = seq + 1n;
    }
    return holes;
  }

  /**
   * Lists the running transactions once the gap has outlived its grace, then reports whether all of them
   * have ended. Transaction ids are cluster-wide, so this holds whichever database a service keeps.
   */
  private async holesSettled(cursor: SchemaCursor): Promise<boolean> {
    const { gapGraceMs = 1_000, log } = this.options;
    const gap = cursor.gap;
    if (!gap || Date.now() - gap.noticedAt < gapGraceMs) return false;
    if (!gap.holders) {
      const { rows } = await cursor.pool.query<{ xid: string }>(`SELECT pg_snapshot_xip(pg_current_snapshot())::text AS xid`);
      gap.holders = rows.map((row) => row.xid);
      gap.upTo = this.highestSeen(cursor);
      if (gap.holders.length)
        log.info(
          { schema: cursor.schema, after: cursor.watermark.toString(), transactions: gap.holders },
          'outbox reader waits for running transactions to fill its holes',
        );
    }
    const { rows } = await cursor.pool.query<{ running: string }>(
      `SELECT count(*)::text AS running FROM unnest($1::xid8[]) AS holder(xid) WHERE pg_xact_status(holder.xid) = 'in progress'`,
      [gap.holders],
    );
    return rows[0].running === '0';
  }

  private advance(cursor: SchemaCursor, settled: boolean): void {
    const drain = () => {
      while (cursor.seen.delete(cursor.watermark + 1n)) cursor.watermark += 1n;
    };
    drain();
    if (settled && cursor.gap?.upTo != null) {
      // Every transaction that could fill a hole up to `upTo` has ended and its rows were read: the rest were rolled back.
      const upTo = cursor.gap.upTo;
      for (const seq of cursor.seen) if (seq <= upTo) cursor.seen.delete(seq);
      if (upTo > cursor.watermark) cursor.watermark = upTo;
      cursor.gap = null;
      drain();
    }
    if (!cursor.seen.size) cursor.gap = null;
    else cursor.gap ??= { noticedAt: Date.now(), upTo: null, holders: null };
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
  }
}
