/**
 * Full rebuilds. A reindex replays the owners' events from the beginning (a fresh Kafka consumer group,
 * or the outbox from its first row) into a new physical index while the live indexer keeps writing to the
 * old one and mirrors its writes into the new one; once the replay has caught up, the alias swaps
 * atomically. Searches read the alias throughout, so they keep working.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { conflict } from '@tvstream/service-kit';
import type { ReindexJobModel } from './domain/search-types';
import type { SearchEngine } from './engines/search-engine';
import type { ReplaySource } from './events/event-source';
import { IndexerManager } from './indexer-manager';

export type { ReplaySource };

export class ReindexManager {
  private readonly jobs = new Map<string, ReindexJobModel>();
  private readonly done = new Map<string, Promise<void>>();
  private running: string | null = null;
  private stopped = false;

  constructor(
    private readonly engine: SearchEngine,
    private readonly replaySource: (jobId: string) => ReplaySource,
    private readonly log: Logger,
    private readonly pollMs = 200,
  ) {}

  get(id: string): ReindexJobModel | null {
    return this.jobs.get(id) ?? null;
  }

  /** Resolves when the job has completed or failed. */
  async wait(id: string): Promise<ReindexJobModel | null> {
    await this.done.get(id);
    return this.get(id);
  }

  /** Fails a running job (its new index is dropped; the alias keeps the old one) and waits for it. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.done.values()]);
  }

  async start(): Promise<ReindexJobModel> {
    if (this.stopped) throw conflict('The search service is stopping', 'STOPPING');
    if (this.running) throw conflict(`Reindex ${this.running} is still running`, 'REINDEX_RUNNING');
    const id = randomUUID();
    this.running = id;
    let target;
    try {
      target = await this.engine.startRebuild();
    } catch (error) {
      this.running = null;
      throw error;
    }
    const job: ReindexJobModel = { id, status: 'RUNNING', index: target.name, processed: 0, total: null, startedAt: new Date().toISOString(), finishedAt: null, error: null };
    this.jobs.set(id, job);
    const writer = new IndexerManager({ kind: this.engine.kind, apply: (ops) => target.apply(ops) }, this.log);
    const source = this.replaySource(id);
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
        await caughtUp();
        await target.commit();
        // An indexer in another process does not mirror into the new index, so an event it wrote to the
        // old index just before the swap would be lost; the replay reads on past the swap to cover it.
        await caughtUp();
        await source.stop();
        await source.deleteGroup?.().catch(() => undefined);
        job.status = 'COMPLETED';
        job.total = Math.max(job.total ?? 0, job.processed);
        this.log.info({ job: id, index: target.name, events: job.processed }, 'reindex completed; alias swapped');
      } catch (error) {
        await source.stop().catch(() => undefined);
        await target.abort().catch(() => undefined);
        job.status = 'FAILED';
        job.error = error instanceof Error ? error.message : String(error);
        this.log.error({ err: error, job: id }, 'reindex failed; the alias still points at the old index');
      } finally {
        job.finishedAt = new Date().toISOString();
        this.running = null;
      }
    };
    this.done.set(id, run());
    return job;
  }
}
