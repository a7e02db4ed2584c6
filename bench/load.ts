import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** One autocannon run of a GraphQL POST; fails loudly if any response is not a clean 200. */
export async function graphqlLoad(url: string, body: object, options: { token?: string; seconds: number; connections?: number }): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: options.connections ?? 10,
    duration: options.seconds,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
