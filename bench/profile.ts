/**
 * `npm run bench -- profile`: where a signed-in home request's cost goes. The system runs in production mode
 * with every service under `--cpu-prof`; after a warm-up it answers `PROFILE_REQUESTS` (200) home requests
 * (`PROFILE_OPERATION=me` or `search`: those requests, sent to the subgraph that answers them alone with
 * `PROFILE_DIRECT=true`),
 * `PROFILE_CONCURRENCY` (4) at a time, each connection its own viewer. Reported per service: CPU ms, SQL
 * statements and GraphQL requests received (subgraph calls) per home request, each less what the service
 * spends idle for as long (outbox relays poll); then the services stop, write their profiles, and the
 * functions with the most self time inside the measured window are listed. Results go to
 * bench/results/profile-<time>.json, profiles stay in `.data/bench-logs/profiles/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { relative, resolve } from 'node:path';
import type { BenchContext, BenchRow } from './identity';
import { cpuMs, graphqlRequests, ME, post, prepare, SEARCH, sqlStatements } from './gateways';
import { HOME } from './home';
import { saveResults } from './results';

const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 200);
const CONCURRENCY = Number(process.env.PROFILE_CONCURRENCY ?? 4);
const OPERATION = process.env.PROFILE_OPERATION ?? 'home';
const QUERIES: Record<string, string> = { home: HOME, me: ME, search: SEARCH };
/** The subgraph that answers an operation alone, where `PROFILE_DIRECT=true` sends it to compare with the gateway. */
const ANSWERED_BY: Record<string, string> = { me: 'identity', search: 'search' };
const DIRECT = process.env.PROFILE_DIRECT === 'true';
const TOP = 12;
const ROOT = resolve(__dirname, '..');

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Microseconds on the monotonic clock V8 stamps profile samples with. */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** Self time by function within [from, to] (µs, monotonic), most first, and the window's total. */
export function selfTimes(profile: CpuProfile, from: number, to: number): { totalMs: number; top: { fn: string; ms: number; share: number }[] } {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFunction = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    if (at < from || at > to) continue;
    const frame = frames.get(profile.samples[i])!;
    if (frame.functionName === '(idle)') continue;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const where = frame.url ? ` ${relative(ROOT, frame.url.replace(/^file:\/\//, ''))}:${frame.lineNumber + 1}` : '';
    const fn = `${frame.functionName || '(anonymous)'}${where}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
    total += delta;
  }
  const top = [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([fn, us]) => ({ fn, ms: Math.round(us / 100) / 10, share: Math.round((us / total) * 1000) / 10 }));
  return { totalMs: Math.round(total / 1000), top };
}

export async function profileHome({ system, admin }: BenchContext): Promise<BenchRow[]> {
  const dir = system.cpuProfileDir;
  if (!dir) throw new Error('the profile scenario needs the system started with cpuProfileDir');
  const query = QUERIES[OPERATION];
  if (!query) throw new Error(`PROFILE_OPERATION must be one of ${Object.keys(QUERIES).join(', ')}`);
  const direct = DIRECT ? ANSWERED_BY[OPERATION] : undefined;
  const url = direct ? system.urls[direct] : system.gatewayUrl;
  const { tokens } = await prepare(system.gatewayUrl, admin, CONCURRENCY);
  const first = await post(url, query, tokens[0]);
  if (first.errors || !first.data) throw new Error(`${OPERATION} failed: ${JSON.stringify(first.errors)}`);
  const subgraphs = Object.keys(system.urls).filter((name) => name !== 'gateway');
  const counted = async (read: (s: string) => Promise<number>) =>
    Object.fromEntries(await Promise.all(subgraphs.map(async (s) => [s, await read(s).catch(() => NaN)] as const)));
  const snapshot = async () => ({
    cpu: Object.fromEntries(Object.entries(system.pids).map(([name, pid]) => [name, cpuMs(pid)])),
    statements: await counted((s) => sqlStatements(s, system)),
    calls: await counted((s) => graphqlRequests(s, system)),
  });
  const run = async (count: number) => {
    let next = 0;
    await Promise.all(
      tokens.map(async (token) => {
        while (next < count) {
          next++;
          const answer = await post(url, query, token);
          if (answer.errors) throw new Error(`${OPERATION} failed: ${JSON.stringify(answer.errors)}`);
        }
      }),
    );
  };
  await run(Math.max(20, REQUESTS / 10));
  const before = await snapshot();
  const from = monotonicMicros();
  await run(REQUESTS);
  const to = monotonicMicros();
  const busy = await snapshot();
  await new Promise((r) => setTimeout(r, (to - from) / 1000));
  const idle = await snapshot();
  const per = (pick: (s: typeof before) => Record<string, number>, name: string) =>
    Math.round(((pick(busy)[name] - pick(before)[name] - (pick(idle)[name] - pick(busy)[name])) / REQUESTS) * 100) / 100;
  const services = Object.keys(system.pids);
  const perRequest = services.map((name) => ({
    service: name,
    cpuMs: per((s) => s.cpu, name),
    sqlStatements: subgraphs.includes(name) && !Number.isNaN(busy.statements[name]) ? per((s) => s.statements, name) : null,
    calls: subgraphs.includes(name) ? per((s) => s.calls, name) : null,
  }));
  await system.stop();
  const profiles: Record<string, ReturnType<typeof selfTimes>> = {};
  for (const name of services) {
    const file = resolve(dir, `${name}.cpuprofile`);
    if (existsSync(file)) profiles[name] = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, from, to);
  }
  const report = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg() },
    // The services as compiled JavaScript (plain node) or TypeScript through tsx.
    compiled: system.compiled,
    operation: OPERATION,
    sentTo: direct ?? 'gateway',
    requests: REQUESTS,
    concurrency: CONCURRENCY,
    seconds: Math.round((to - from) / 1e4) / 100,
    perRequest,
    profiles,
  };
  saveResults('profile', report);
  console.table(perRequest);
  for (const [name, profile] of Object.entries(profiles)) {
    console.log(`${name}: ${profile.totalMs} ms of samples in the window, most self time:`);
    console.table(profile.top);
  }
  return perRequest.map((row) => ({
    scenario: `${OPERATION} profile → ${row.service}`,
    'p50 ms': 0,
    'p99 ms': 0,
    errors: 0,
    note: `${row.cpuMs} ms CPU, ${row.sqlStatements ?? '-'} statements, ${row.calls ?? '-'} calls per ${OPERATION}`,
  }));
}
