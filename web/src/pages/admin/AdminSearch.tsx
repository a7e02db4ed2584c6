import { useEffect, useState } from 'react';
import { ApiError, gql, useQuery } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { AdminTable } from './AdminTable';

interface ReindexJob {
  id: string;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  processed: number;
  total: number | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

const JOB_FIELDS = 'id status processed total startedAt finishedAt error';
const REINDEX = `mutation Reindex { reindex { ${JOB_FIELDS} } }`;
const JOB = `query ReindexJob($id: ID!) { reindexJob(id: $id) { ${JOB_FIELDS} } }`;
const JOBS = `query ReindexJobs { reindexJobs(first: 10) { ${JOB_FIELDS} } }`;
const POLL_MS = 1000;

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

function JobHistory({ jobs }: { jobs: ReindexJob[] }) {
  return (
    <AdminTable
      label="Reindex history"
      columns={['Started', 'Finished', 'Status', 'Events']}
      rows={jobs}
      empty="No reindex has run yet."
      row={(j) => (
        <tr key={j.id}>
          <td>{when(j.startedAt)}</td>
          <td>{when(j.finishedAt)}</td>
          <td>
            {j.status.toLowerCase()}
            {j.error && <span className="meta"> {j.error}</span>}
          </td>
          <td>{j.processed}</td>
        </tr>
      )}
    />
  );
}

/** Administrators: rebuild the search index, following the job's progress until it ends, and past jobs. */
export function AdminSearch() {
  const [job, setJob] = useState<ReindexJob | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const history = useQuery<{ reindexJobs: ReindexJob[] }>(JOBS);
  const running = job?.status === 'RUNNING';
  const { refetch } = history;

  useEffect(() => {
    if (!running || !job) return;
    const timer = setTimeout(() => {
      gql<{ reindexJob: ReindexJob | null }>(JOB, { id: job.id })
        .then(({ reindexJob }) => {
          if (!reindexJob) return;
          setJob(reindexJob);
          if (reindexJob.status !== 'RUNNING') refetch();
        })
        .catch((e: ApiError) => setError(e));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job, running, refetch]);

  const start = async () => {
    setError(null);
    try {
      setJob((await gql<{ reindex: ReindexJob }>(REINDEX)).reindex);
      refetch();
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
      <h2>Recent reindex jobs</h2>
      {history.error && <ErrorNotice error={history.error} title="The job history could not be loaded" />}
      {!history.data && history.loading && <Loading what="the job history" />}
      {history.data && <JobHistory jobs={history.data.reindexJobs} />}
    </section>
  );
}
