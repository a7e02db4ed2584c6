/**
 * Full rebuilds. A reindex replays the owners' events from the beginning (a fresh Kafka consumer group,
 * or the outbox from its first row) into a new physical index while the live indexer keeps writing to the
 * old one and mirrors its writes into the new one; once the replay has caught up, the alias swaps
 * atomically. Searches read the alias throughout, so they keep working. Jobs are recorded in the engine
 * (domain/reindex-jobs.ts), so with OpenSearch any search instance reports any job, and one rebuild runs
 * at a time across instances; a job whose instance died is reported failed, and the next one cleans up.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { conflict, type AuditActor, type AuditQuery, type AuditRecordModel } from '@tvstream/service-kit';
import {
  auditAsksForReindexes,
  jobActor,
  jobAsSeen,
  reindexAuditRecord,
  REINDEX_HEARTBEAT_MS,
  REINDEX_STALE_MS,
  type RecordedReindexJob,
} from './domain/reindex-jobs';
import type { ReindexJobModel } from './domain/search-types';
import type { SearchEngine } from './engines/search-engine';
import type { ReplaySource } from './events/event-source';
import { IndexerManager } from './indexer-manager';

export type { ReplaySource };

export class ReindexManager {
  private readonly done = new Map<string, Promise<void>>();
  private running: string | null = null;
  private stopped = false;

  constructor(
    private readonly engine: SearchEngine,
    private readonly replaySource: (jobId: string) => ReplaySource,
    private readonly log: Logger,
    private readonly pollMs = 200,
    private readonly staleAfterMs = REINDEX_STALE_MS,
  ) {}

  /** A job as recorded by whichever search instance runs it. */
  async get(id: string): Promise<ReindexJobModel | null> {
    const job = await this.engine.jobs.get(id);
    return job && jobAsSeen(job, new Date(), this.staleAfterMs);
  }

  /** The latest jobs of every search instance, newest first, as they stand now. */
  async list(size: number): Promise<ReindexJobModel[]> {
    const now = new Date();
    return (await this.engine.jobs.list(size)).map((job) => jobAsSeen(job, now, this.staleAfterMs));
  }

  /** Resolves when a job of this instance has completed or failed. */
  async wait(id: string): Promise<ReindexJobModel | null> {
    await this.done.get(id);
    return this.get(id);
  }

  /** Fails a running job (its new index is dropped; the alias keeps the old one) and waits for it. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.done.values()]);
  }

  /** Search's part of the audit trail: the reindexes someone started. */
  async auditTrail(query: AuditQuery): Promise<AuditRecordModel[]> {
    if (!auditAsksForReindexes(query)) return [];
    return (await this.engine.jobs.audited(query)).map(reindexAuditRecord);
  }

  /** Starts a rebuild; the job's record, written as it claims the rebuild, names who started it. */
  async start(actor: AuditActor): Promise<ReindexJobModel> {
    if (this.stopped) throw conflict('The search service is stopping', 'STOPPING');
    if (this.running) throw conflict(`Reindex ${this.running} is still running`, 'REINDEX_RUNNING');
    const startedAt = new Date().toISOString();
    const job: RecordedReindexJob = {
      id: randomUUID(),
      status: 'RUNNING',
      index: '',
      processed: 0,
      total: null,
      startedAt,
      finishedAt: null,
      error: null,
      heartbeatAt: startedAt,
      ...jobActor(actor),
    };
    this.running = job.id;
    let target;
    try {
      if (!(await this.engine.jobs.claim(job, this.staleAfterMs))) throw conflict('Another reindex is still running', 'REINDEX_RUNNING');
      try {
        target = await this.engine.startRebuild();
      } catch (error) {
        await this.engine.jobs.release(job.id);
        throw error;
      }
      job.index = target.name;
      await this.record(job);
    } catch (error) {
      this.running = null;
      throw error;
    }
    // Progress is recorded as it goes, which is also the heartbeat that keeps other instances from taking over.
    let beat: Promise<void> = Promise.resolve();
    const heartbeat = setInterval(() => {
      beat = this.record(job).catch((err) => this.log.warn({ err, job: job.id }, 'could not record reindex progress'));
    }, REINDEX_HEARTBEAT_MS);
    const writer = new IndexerManager({ kind: this.engine.kind, apply: (ops) => target.apply(ops) }, this.log);
    const source = this.replaySource(job.id);
    const caughtUp = async () => {
      while (!(await source.caughtUp())) {
        if (this.stopped) throw new Error('The search service stopped');
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
    };
    const run = async () => {
      try {
        job.total = await source.size();
        await source.start(async (batch) => {
          const outcome = await writer.handle(batch);
          job.processed += batch.length;
          return outcome;
        });
        // An index built from a replay that skipped events would lose documents for good once the alias
        // points at it: the alias keeps the complete old index instead. Checked as the replay starts (a
        // group resuming from offsets at the end would never report catching up) and again before the
        // switch (retention may delete events meanwhile).
        const refuseOnGap = async () => {
          const gap = await source.replayGap?.();
          if (gap) throw new Error(`Refusing to switch the alias: ${gap}`);
        };
        await refuseOnGap();
        await caughtUp();
        await refuseOnGap();
        await target.commit();
        // An indexer in another process does not mirror into the new index, so an event it wrote to the
        // old index just before the swap would be lost; the replay reads on past the swap to cover it.
        await caughtUp();
        await source.stop();
        await source.deleteGroup?.().catch(() => undefined);
        job.status = 'COMPLETED';
        job.total = Math.max(job.total ?? 0, job.processed);
        this.log.info({ job: job.id, index: target.name, events: job.processed }, 'reindex completed; alias swapped');
      } catch (error) {
        await source.stop().catch(() => undefined);
        await target.abort().catch(() => undefined);
        job.status = 'FAILED';
        job.error = error instanceof Error ? error.message : String(error);
        this.log.error({ err: error, job: job.id }, 'reindex failed; the alias still points at the old index');
      } finally {
        clearInterval(heartbeat);
        await beat;
        job.finishedAt = new Date().toISOString();
        await this.record(job).catch((err) => this.log.error({ err, job: job.id }, 'could not record the end of a reindex'));
        await this.engine.jobs.release(job.id).catch((err) => this.log.error({ err, job: job.id }, 'could not release the reindex place'));
        this.running = null;
      }
    };
    this.done.set(job.id, run());
    return jobAsSeen(job, new Date(), this.staleAfterMs);
  }

  private record(job: RecordedReindexJob): Promise<void> {
    job.heartbeatAt = new Date().toISOString();
    return this.engine.jobs.save({ ...job });
  }
}
