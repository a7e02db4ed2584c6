import type { ReindexJobModel } from './search-types';

/** A job as recorded, with the last time its search instance reported progress. */
export interface RecordedReindexJob extends ReindexJobModel {
  heartbeatAt: string;
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
