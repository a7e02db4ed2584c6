import type { Client } from '@opensearch-project/opensearch';
import type { AuditQuery } from '@tvstream/service-kit';
import { isStale, type RecordedReindexJob } from '../domain/reindex-jobs';
import type { ReindexJobStore } from './search-engine';

/** The document naming the job that holds the running place. */
const RUNNING = 'running';

const statusOf = (error: unknown) => (error as { meta?: { statusCode?: number } }).meta?.statusCode;

/**
 * Jobs as documents of a small index of their own; the running place is one more document, created only if
 * absent and taken over only with optimistic concurrency (`if_seq_no`), so two instances never both hold it.
 */
export class OpenSearchReindexJobs implements ReindexJobStore {
  constructor(
    private readonly client: Client,
    readonly index: string,
  ) {}

  async claim(job: RecordedReindexJob, staleAfterMs: number): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.client.index({ index: this.index, id: RUNNING, op_type: 'create', body: { jobId: job.id }, refresh: 'true' });
        await this.save(job);
        return true;
      } catch (error) {
        if (statusOf(error) !== 409) throw error;
      }
      const held = await this.client.get({ index: this.index, id: RUNNING }, { ignore: [404] });
      if (!held.body.found) continue; // released meanwhile: try again
      const holder = await this.get((held.body._source as { jobId: string }).jobId);
      if (holder && !isStale(holder, new Date(), staleAfterMs)) return false;
      try {
        await this.client.index({
          index: this.index,
          id: RUNNING,
          body: { jobId: job.id },
          if_seq_no: held.body._seq_no,
          if_primary_term: held.body._primary_term,
          refresh: 'true',
        });
        await this.save(job);
        return true;
      } catch (error) {
        if (statusOf(error) === 409) return false; // another instance took it over first
        throw error;
      }
    }
    return false;
  }

  async save(job: RecordedReindexJob): Promise<void> {
    await this.client.index({ index: this.index, id: job.id, body: job, refresh: 'true' });
  }

  async release(jobId: string): Promise<void> {
    const held = await this.client.get({ index: this.index, id: RUNNING }, { ignore: [404] });
    if (!held.body.found || (held.body._source as { jobId: string }).jobId !== jobId) return;
    await this.client.delete(
      { index: this.index, id: RUNNING, if_seq_no: held.body._seq_no, if_primary_term: held.body._primary_term, refresh: 'true' },
      { ignore: [404, 409] },
    );
  }

  async get(id: string): Promise<RecordedReindexJob | null> {
    if (id === RUNNING) return null;
    const found = await this.client.get({ index: this.index, id }, { ignore: [404] });
    return found.body.found ? (found.body._source as RecordedReindexJob) : null;
  }

  async list(size: number): Promise<RecordedReindexJob[]> {
    const found = await this.client.search({
      index: this.index,
      body: {
        size,
        query: { bool: { must_not: { ids: { values: [RUNNING] } } } },
        // Jobs recorded before the start was mapped have no sort value and come last.
        sort: [{ startedAt: { order: 'desc', unmapped_type: 'date' } }],
      },
    });
    return (found.body.hits.hits as { _source: RecordedReindexJob }[]).map((hit) => hit._source);
  }

  async audited(query: AuditQuery): Promise<RecordedReindexJob[]> {
    const filter: object[] = [{ exists: { field: 'actorId' } }];
    if (query.from || query.to) {
      filter.push({ range: { startedAt: { ...(query.from ? { gte: query.from.toISOString() } : {}), ...(query.to ? { lt: query.to.toISOString() } : {}) } } });
    }
    if (query.actorEmailContains) {
      const literal = query.actorEmailContains.replace(/[\\*?]/g, (c) => `\\${c}`);
      filter.push({ wildcard: { actorEmail: { value: `*${literal}*`, case_insensitive: true } } });
    }
    const found = await this.client.search({
      index: this.index,
      body: { size: query.first, query: { bool: { filter } }, sort: [{ startedAt: { order: 'desc', unmapped_type: 'date' } }] },
    });
    return (found.body.hits.hits as { _source: RecordedReindexJob }[]).map((hit) => hit._source);
  }
}
