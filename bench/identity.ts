import { callApi } from '@tvstream/service-kit';
import type { RunningSystem } from '../scripts/system';
import { graphqlLoad, type LoadResult } from './load';

export interface BenchContext {
  system: RunningSystem & { env: NodeJS.ProcessEnv; logDir?: string; cpuProfileDir?: string };
  /** The system's bootstrap administrator (scenarios that edit content sign in as it). */
  admin: { email: string; password: string };
  durationSeconds: number;
}

export interface BenchRow {
  scenario: string;
  /** Throughput scenarios only. */
  'req/s'?: number;
  'p50 ms': number;
  'p99 ms': number;
  errors: number;
  note: string;
}

const REGISTER = `mutation($i: RegisterInput!) { register(input: $i) { accessToken } }`;

async function benchAccount(url: string, email: string) {
  const data = await callApi(url, REGISTER, { i: { email, password: 'benchmark passphrase', displayName: 'Bench' } });
  return data.register.accessToken as string;
}

function combine(runs: LoadResult[]): LoadResult {
  const mean = (pick: (r: LoadResult) => number) => Math.round(runs.reduce((sum, r) => sum + pick(r), 0) / runs.length);
  return {
    requestsPerSecond: mean((r) => r.requestsPerSecond),
    p50: mean((r) => r.p50),
    p99: mean((r) => r.p99),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

/** `me` through the gateway vs the same query sent to identity directly: the cost of federation. */
export async function federationOverhead({ system, durationSeconds }: BenchContext): Promise<BenchRow[]> {
  const token = await benchAccount(system.gatewayUrl, `me-${Date.now()}@bench.tvstream.dev`);
  const body = { query: '{ me { id displayName roles profiles { name maxMaturity } } }' };
  // Alternate short rounds so both sides see the same machine load.
  const rounds = 3;
  const seconds = Math.max(2, Math.round(durationSeconds / rounds));
  const directRuns = [];
  const gatewayRuns = [];
  for (let i = 0; i < rounds; i++) {
    directRuns.push(await graphqlLoad(system.urls.identity, body, { token, seconds }));
    gatewayRuns.push(await graphqlLoad(system.gatewayUrl, body, { token, seconds }));
  }
  const direct = combine(directRuns);
  const gateway = combine(gatewayRuns);
  const ratio = gateway.requestsPerSecond / direct.requestsPerSecond;
  const row = (scenario: string, r: typeof direct, note: string): BenchRow => ({
    scenario,
    'req/s': r.requestsPerSecond,
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    errors: r.errors + r.non2xx,
    note,
  });
  return [
    row('me → identity directly', direct, 'baseline'),
    row('me → gateway → identity', gateway, `${(ratio * 100).toFixed(0)}% of direct (target ≥ 60%) ${ratio >= 0.6 ? 'OK' : 'BELOW TARGET'}`),
  ];
}

/** Logins per second at the production password-hash cost (scrypt N=2^15). */
export async function loginThroughput({ system, durationSeconds }: BenchContext): Promise<BenchRow[]> {
  const email = `login-${Date.now()}@bench.tvstream.dev`;
  await benchAccount(system.gatewayUrl, email);
  const body = {
    query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
    variables: { e: email, p: 'benchmark passphrase' },
  };
  const r = await graphqlLoad(system.gatewayUrl, body, { seconds: durationSeconds, connections: 4 });
  return [
    {
      scenario: 'login (scrypt N=2^15)',
      'req/s': r.requestsPerSecond,
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      errors: r.errors + r.non2xx,
      note: 'bounded by the password hash, by design',
    },
  ];
}
