import { matchesAuditQuery, type AuditActor, type AuditQuery, type AuditRecordModel } from '@tvstream/service-kit';
import type { ReindexJobModel } from './search-types';

/**
 * A job as recorded, with the last time its search instance reported progress and who started it. Search
 * has no database: its jobs are recorded beside the index (OpenSearch, or memory for the embedded engine),
 * and the job's record is also its entry in the audit trail, written by the same write that claims the
 * rebuild (jobs recorded before the trail existed have no actor and are no entry).
 */
export interface RecordedReindexJob extends ReindexJobModel {
  heartbeatAt: string;
  actorId?: string;
  actorEmail?: string | null;
  requestId?: string;
}

export const REINDEX_ACTION = 'search.reindex';

/** Whether the query's action (a prefix) can match a reindex at all. */
export const auditAsksForReindexes = (query: AuditQuery) => !query.action || REINDEX_ACTION.startsWith(query.action);

/** The actor's fields of a job's record. */
export const jobActor = (actor: AuditActor) => ({ actorId: actor.actorId, actorEmail: actor.actorEmail, requestId: actor.requestId });

/** A job started by someone, as an entry of the audit trail. */
export function reindexAuditRecord(job: RecordedReindexJob): AuditRecordModel {
  return {
    id: job.id,
    actorId: job.actorId ?? 'unknown',
    actorEmail: job.actorEmail ?? null,
    action: REINDEX_ACTION,
    targetId: job.id,
    details: JSON.stringify({ index: job.index, status: job.status }),
    at: new Date(job.startedAt),
  };
}

/** For stores that filter in memory: the jobs with an actor matching the query, newest first. */
export function auditedJobs(jobs: Iterable<RecordedReindexJob>, query: AuditQuery): RecordedReindexJob[] {
  return [...jobs]
    .filter((job) => job.actorId && matchesAuditQuery({ actorEmail: job.actorEmail ?? null, action: REINDEX_ACTION, at: new Date(job.startedAt) }, query))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .slice(0, query.first);
}

/** A running job reports at least this often; one silent for longer lost its search instance. */
export const REINDEX_HEARTBEAT_MS = 2_000;
export const REINDEX_STALE_MS = 30_000;

export const isStale = (job: RecordedReindexJob, now: Date, staleAfterMs: number) =>
  job.status === 'RUNNING' && now.getTime() - new Date(job.heartbeatAt).getTime() > staleAfterMs;

/** What a job's record means now: a RUNNING job whose instance went silent has failed, and says why. */
export function jobAsSeen(job: RecordedReindexJob, now: Date, staleAfterMs: number): ReindexJobModel {
  const { heartbeatAt, ...model } = job;
  if (!isStale(job, now, staleAfterMs)) return model;
  return {
    ...model,
    status: 'FAILED',
    finishedAt: heartbeatAt,
    error: 'The search instance running this reindex stopped before it finished; the alias still points at the old index',
  };
}
