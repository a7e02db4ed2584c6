import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** One autocannon run of a GraphQL POST; fails loudly if any response is not a clean 200. */
export async function graphqlLoad(
  url: string,
  body: object,
  options: { token?: string; tokens?: string[]; seconds: number; connections?: number },
): Promise<LoadResult> {
  const headers = (token?: string) => ({ 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });
  let next = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: options.connections ?? 10,
    duration: options.seconds,
    headers: headers(options.token),
    body: JSON.stringify(body),
    // Each connection its own viewer: identical anonymous requests would let the gateway merge them in flight
    // and measure the benchmark's sameness, not the service.
    ...(options.tokens?.length
      ? {
          setupClient: (client: { setHeaders: (h: Record<string, string>) => void }) => {
            client.setHeaders(headers(options.tokens![next++ % options.tokens!.length]));
          },
        }
      : {}),
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
