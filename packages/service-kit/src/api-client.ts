/**
 * The API as command-line tools see it (reindex, demo content, benchmarks): one GraphQL operation over HTTP,
 * and an administrator's token taken from the environment.
 */

/** The API's refusal of an operation, with each error's `extensions.code` (e.g. CONFLICT). */
export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly codes: string[],
  ) {
    super(message);
  }
}

/** Sends one operation; its data, or an ApiCallError listing each error's code and message. */
// Scripts that pass no type read the answer as untyped JSON, as the tests do; a wrong guess fails their run loudly.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function callApi<T = Record<string, any>>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length || !body.data) {
    const errors = body.errors ?? [];
    throw new ApiCallError(
      errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') || `HTTP ${res.status}`,
      errors.map((e) => e.extensions?.code ?? 'ERROR'),
    );
  }
  return body.data;
}

/** Signs in with email and password; the access token. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const data = await callApi<{ login: { accessToken: string } }>(url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', {
    e: email,
    p: password,
  });
  return data.login.accessToken;
}

/** TVSTREAM_ADMIN_TOKEN, or a sign-in with TVSTREAM_ADMIN_EMAIL and TVSTREAM_ADMIN_PASSWORD. */
export async function adminTokenFromEnv(url: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (env.TVSTREAM_ADMIN_TOKEN) return env.TVSTREAM_ADMIN_TOKEN;
  if (!env.TVSTREAM_ADMIN_EMAIL || !env.TVSTREAM_ADMIN_PASSWORD)
    throw new Error('Set TVSTREAM_ADMIN_TOKEN, or TVSTREAM_ADMIN_EMAIL and TVSTREAM_ADMIN_PASSWORD');
  return signIn(url, env.TVSTREAM_ADMIN_EMAIL, env.TVSTREAM_ADMIN_PASSWORD);
}
