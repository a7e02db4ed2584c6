import type { AuditQuery } from '@tvstream/service-kit';
import { auditedJobs, isStale, type RecordedReindexJob } from '../domain/reindex-jobs';
import type { ReindexJobStore } from './search-engine';

/** The embedded engine's jobs: it lives in one process, so its jobs do too. */
export class MemoryReindexJobs implements ReindexJobStore {
  private readonly jobs = new Map<string, RecordedReindexJob>();
  private running: string | null = null;

  async claim(job: RecordedReindexJob, staleAfterMs: number): Promise<boolean> {
    const holder = this.running ? this.jobs.get(this.running) : undefined;
    if (holder && !isStale(holder, new Date(), staleAfterMs)) return false;
    this.running = job.id;
    this.jobs.set(job.id, { ...job });
    return true;
  }

  async save(job: RecordedReindexJob): Promise<void> {
    this.jobs.set(job.id, { ...job });
  }

  async release(jobId: string): Promise<void> {
    if (this.running === jobId) this.running = null;
  }

  async get(id: string): Promise<RecordedReindexJob | null> {
    return this.jobs.get(id) ?? null;
  }

  async list(size: number): Promise<RecordedReindexJob[]> {
    return [...this.jobs.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, size);
  }

  async audited(query: AuditQuery): Promise<RecordedReindexJob[]> {
    return auditedJobs(this.jobs.values(), query);
  }
}
