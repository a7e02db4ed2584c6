import { useEffect, useState } from 'react';
import { ApiError, gql } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';

interface ReindexJob {
  id: string;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  processed: number;
  total: number | null;
  error: string | null;
}

const JOB_FIELDS = 'id status processed total error';
const REINDEX = `mutation Reindex { reindex { ${JOB_FIELDS} } }`;
const JOB = `query ReindexJob($id: ID!) { reindexJob(id: $id) { ${JOB_FIELDS} } }`;
const POLL_MS = 1000;

/** Administrators: rebuild the search index; the job's progress is followed until it ends. */
export function AdminSearch() {
  const [job, setJob] = useState<ReindexJob | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const running = job?.status === 'RUNNING';

  useEffect(() => {
    if (!running || !job) return;
    const timer = setTimeout(() => {
      gql<{ reindexJob: ReindexJob | null }>(JOB, { id: job.id })
        .then(({ reindexJob }) => reindexJob && setJob(reindexJob))
        .catch((e: ApiError) => setError(e));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job, running]);

  const start = async () => {
    setError(null);
    try {
      setJob((await gql<{ reindex: ReindexJob }>(REINDEX)).reindex);
    } catch (e) {
      setError(e as ApiError);
    }
  };

  return (
    <section aria-labelledby="search-admin-heading">
      <h1 id="search-admin-heading">Search</h1>
      <p>Rebuilds the index from every event while searches keep answering from the current one, then swaps them.</p>
      <button type="button" className="primary" onClick={() => void start()} disabled={running}>
        Rebuild the search index
      </button>
      {error && <ErrorNotice error={error} title="The reindex was refused" />}
      {job && (
        <div role="status" aria-label="Reindex progress">
          <p>
            {job.status.toLowerCase()}: {job.processed}
            {job.total !== null ? ` of ${job.total}` : ''} events
          </p>
          <progress aria-label="Reindex progress" max={job.total ?? undefined} value={job.total ? job.processed : undefined} />
          {job.error && <p className="error">{job.error}</p>}
        </div>
      )}
    </section>
  );
}
