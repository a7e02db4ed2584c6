/**
 * `npm run search:reindex`: starts a reindex through the API (the `reindex` mutation, admins only) and
 * prints its progress until the new index is swapped in. Works the same for both engines, because the
 * service that owns the index runs the job.
 *
 * Environment:
 *   TVSTREAM_URL              GraphQL endpoint (default http://127.0.0.1:4000/graphql, the gateway)
 *   TVSTREAM_ADMIN_TOKEN      an admin's access token, or:
 *   TVSTREAM_ADMIN_EMAIL / TVSTREAM_ADMIN_PASSWORD  to sign in
 *   REINDEX_POLL_MS           progress interval (default 500)
 * Exit status: 0 when the job completed, 1 otherwise.
 */
import { adminTokenFromEnv, callApi } from '@tvstream/service-kit';

interface Job {
  id: string;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  index: string;
  processed: number;
  total: number | null;
  error: string | null;
}

const JOB_FIELDS = 'id status index processed total error';

export async function reindexCli(env: NodeJS.ProcessEnv = process.env, out: (line: string) => void = console.log): Promise<Job> {
  const url = env.TVSTREAM_URL ?? 'http://127.0.0.1:4000/graphql';
  const pollMs = Number(env.REINDEX_POLL_MS ?? 500);
  const token = await adminTokenFromEnv(url, env);
  let job = (await callApi<{ reindex: Job }>(url, `mutation { reindex { ${JOB_FIELDS} } }`, {}, token)).reindex;
  out(`reindex ${job.id}: building ${job.index}`);
  while (job.status === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    job = (await callApi<{ reindexJob: Job }>(url, `query($id: ID!) { reindexJob(id: $id) { ${JOB_FIELDS} } }`, { id: job.id }, token)).reindexJob;
    out(`reindex ${job.id}: ${job.status} ${job.processed}${job.total !== null ? `/${job.total}` : ''} events`);
  }
  out(job.status === 'COMPLETED' ? `reindex ${job.id}: alias now points at ${job.index}` : `reindex ${job.id}: FAILED: ${job.error}`);
  return job;
}

if (require.main === module) {
  reindexCli()
    .then((job) => process.exit(job.status === 'COMPLETED' ? 0 : 1))
    .catch((error: Error) => {
      console.error(error.message);
      process.exit(1);
    });
}
