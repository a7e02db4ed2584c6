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
interface Job {
  id: string;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  index: string;
  processed: number;
  total: number | null;
  error: string | null;
}

const JOB_FIELDS = 'id status index processed total error';

async function call<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') ?? `HTTP ${res.status}`);
  return body.data;
}

async function adminToken(url: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (env.TVSTREAM_ADMIN_TOKEN) return env.TVSTREAM_ADMIN_TOKEN;
  if (!env.TVSTREAM_ADMIN_EMAIL || !env.TVSTREAM_ADMIN_PASSWORD) throw new Error('Set TVSTREAM_ADMIN_TOKEN, or TVSTREAM_ADMIN_EMAIL and TVSTREAM_ADMIN_PASSWORD');
  const data = await call<{ login: { accessToken: string } }>(url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: env.TVSTREAM_ADMIN_EMAIL, p: env.TVSTREAM_ADMIN_PASSWORD });
  return data.login.accessToken;
}

export async function reindexCli(env: NodeJS.ProcessEnv = process.env, out: (line: string) => void = console.log): Promise<Job> {
  const url = env.TVSTREAM_URL ?? 'http://127.0.0.1:4000/graphql';
  const pollMs = Number(env.REINDEX_POLL_MS ?? 500);
  const token = await adminToken(url, env);
  let job = (await call<{ reindex: Job }>(url, `mutation { reindex { ${JOB_FIELDS} } }`, {}, token)).reindex;
  out(`reindex ${job.id}: building ${job.index}`);
  while (job.status === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    job = (await call<{ reindexJob: Job }>(url, `query($id: ID!) { reindexJob(id: $id) { ${JOB_FIELDS} } }`, { id: job.id }, token)).reindexJob;
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
