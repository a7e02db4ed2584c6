/**
 * `npm run bench -- gateways`: this gateway beside stock @apollo/gateway, Hive Gateway and Hive Gateway with
 * the Rust planner, all on the same running subgraphs, for four operations (signed-in home, anonymous home,
 * `me`, `search`; the last two also sent to their subgraph directly, through a plain HTTP proxy in Node, through
 * the same proxy checking tokens as this gateway does, and through HAProxy where it is installed). The run
 * starts once the machine has settled after loading the demo content; every target is warmed up; rounds are
 * interleaved so every gateway sees the same machine load (each round starting one target further on), and each figure is the median of the rounds (as in
 * the issue's table), each round's kept in the results; each load connection is a different viewer, since identical requests
 * would let a gateway merge them. Answers are compared with the stock gateway's. CPU per request is the
 * gateway's CPU time (its process and those under it: a clustered gateway's workers) over the requests it
 * served, and each subgraph's CPU time over the same run divided by the same requests; RSS of every process
 * is read at the end. Variants (`this gateway on Express`, `this gateway on node-fetch`, `this gateway on V8's default heap`, `this gateway
 * with BENCH_NODE_FLAGS`, `this gateway, 2 workers`, `this gateway through tsx`, `identity directly on Express`) run when BENCH_TARGETS names them. Results go to bench/results/gateways-<time>.json.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { callApi, signIn } from '@tvstream/service-kit';
import { loadDemoContent } from '../scripts/demo-content';
import { SUPERGRAPH_SDL } from '../scripts/compose-supergraph';
import { GATEWAY, serviceCommand, SUBGRAPHS } from '../scripts/system';
import type { BenchContext, BenchRow } from './identity';
import { ANONYMOUS_HOME, HOME } from './home';
import { saveResults } from './results';
import { PLAIN_PROXY } from './table';
import { haproxyArguments } from './peers/haproxy';
import { enginePids, idleShare, machineSettled, machineTicks, ownCpuMs, statFields, stolenShare } from './machine';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/**
 * Unmeasured load on every target before an operation's first round. Without it the first targets of round
 * one met cold engines (OpenSearch's caches and JIT on the first searches) and the order of the targets
 * showed in their rates.
 */
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 3);
/**
 * Comma-separated names to run only some: `BENCH_OPERATIONS=me`, `BENCH_TARGETS=this gateway,stock`. A value
 * that is a whole name selects that name alone (`this gateway` is not also its variants); any other value
 * selects the names it starts.
 */
const chosen = (variable: string | undefined, names: readonly string[]) => {
  const values = (variable ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  const whole = new Set(names.map((n) => n.toLowerCase()));
  return (name: string) => !values.length || values.some((v) => name.toLowerCase() === v || (!whole.has(v) && name.toLowerCase().startsWith(v)));
};
const EXPRESS_GATEWAY = 'this gateway on Express';
const CLUSTERED_GATEWAY = 'this gateway on 2 workers';
/** This gateway calling its subgraphs through node-fetch, as it did before subgraph-fetch.ts. */
const NODE_FETCH_GATEWAY = 'this gateway on node-fetch';
/** This gateway started without its Node flags (a 128 MB young generation): V8's defaults. */
const DEFAULT_HEAP_GATEWAY = "this gateway on V8's default heap";
/** This gateway started with the Node flags in BENCH_NODE_FLAGS (space-separated) in place of its own. */
const FLAGS_GATEWAY = 'this gateway with BENCH_NODE_FLAGS';
/** This gateway's TypeScript through tsx, beside the compiled one the system runs. */
const TSX_GATEWAY = 'this gateway through tsx';
/** HAProxy (Debian's, in C) in the plain proxy's place (bench/peers/haproxy.ts): the floor beneath it. */
const HAPROXY = 'HAProxy';
/**
 * The plain proxy that first checks the bearer token as this gateway does (bench/peers/authenticating-proxy.ts):
 * the floor for a gateway that authenticates, where the plain proxy is the floor for any hop.
 */
const AUTHENTICATING_PROXY = 'authenticating Node proxy';
/** The targets that are hops without GraphQL, in front of the subgraph an operation goes to directly. */
const PROXIES = [PLAIN_PROXY, AUTHENTICATING_PROXY, HAPROXY];
/** identity again, serving /graphql on its former Express stack: a direct target for `me` beside `identity directly`. */
const EXPRESS_IDENTITY = 'identity directly on Express';
/**
 * The subgraph called directly, but sent requests at the rate this gateway last reached (autocannon's
 * `overallRate`): what the subgraph and its database cost per request at that rate without a hop, so a
 * run separates what the hop costs from what the lower rate costs them.
 */
const AT_GATEWAY_RATE = "directly at this gateway's rate";

export const ME = '{ me { id displayName roles profiles { name maxMaturity } } }';
export const SEARCH = `{ search(query: "the", first: 10) { totalCount edges { node { type id title score highlights { field snippets } } } facets { types { value count } genres { value count } } } }`;

interface Operation {
  name: string;
  query: string;
  signedIn: boolean;
  /** The subgraph that answers it alone, when one does. */
  direct?: string;
}

const OPERATIONS: Operation[] = [
  { name: 'home', query: HOME, signedIn: true },
  { name: 'anonymous home', query: ANONYMOUS_HOME, signedIn: false },
  { name: 'me', query: ME, signedIn: true, direct: 'identity' },
  { name: 'search', query: SEARCH, signedIn: true, direct: 'search' },
];
const operationChosen = chosen(
  process.env.BENCH_OPERATIONS,
  OPERATIONS.map((o) => o.name),
);
const targetChosen = chosen(process.env.BENCH_TARGETS, [
  'this gateway',
  'stock @apollo/gateway',
  'Hive Gateway',
  'Hive Gateway + Rust planner',
  EXPRESS_GATEWAY,
  CLUSTERED_GATEWAY,
  NODE_FETCH_GATEWAY,
  TSX_GATEWAY,
  DEFAULT_HEAP_GATEWAY,
  FLAGS_GATEWAY,
  PLAIN_PROXY,
  AUTHENTICATING_PROXY,
  HAPROXY,
  EXPRESS_IDENTITY,
  ...OPERATIONS.flatMap((o) => (o.direct ? [`${o.direct} directly`, `${o.direct} ${AT_GATEWAY_RATE}`] : [])),
]);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

interface Target {
  name: string;
  url: string;
  pid: number;
  /** Sent requests at the rate this target last reached, instead of as fast as it answers. */
  pacedLike?: string;
}

/** The process ids whose parent is `pid` (a clustered gateway's workers). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((candidate) => Number(statFields(candidate)?.[1]) === pid);
}

/**
 * CPU time (user + system) of a process and every process under it so far, in milliseconds: a clustered
 * gateway's primary only forks, its workers do the work. Children that exited count through the parent's
 * cutime/cstime once reaped.
 */
export function cpuMs(pid: number): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  // utime, stime, cutime, cstime are fields 14–17 of the whole line, in clock ticks of 10 ms on Linux.
  const own = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) * 10;
  return own + childrenOf(pid).reduce((sum, child) => sum + cpuMs(child), 0);
}

/** Resident memory of a process and every process under it, in MB. */
function rssMb(pid: number): number {
  const own = (
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:')) ?? 'VmRSS: 0'
  ).split(/\s+/)[1];
  return Math.round(Number(own) / 1024) + childrenOf(pid).reduce((sum, child) => sum + rssMb(child), 0);
}

export async function post(url: string, query: string, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: unknown; errors?: unknown[] };
}

/** A peer gateway, bench/peers/<file>, through tsx (the peers are benchmark code, never built). */
const peerCommand = (file: string) => ['--import', 'tsx', resolve(__dirname, 'peers', file)];

async function startPeer(
  name: string,
  command: string[],
  port: number,
  env: NodeJS.ProcessEnv,
  logDir: string,
  executable = process.execPath,
): Promise<{ child: ChildProcess; target: Target }> {
  const out = openSync(resolve(logDir, `peer-${port}.log`), 'w');
  const child = spawn(executable, command, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited during start-up (see ${logDir})`);
    const answer = await post(url, '{ __typename }').catch(() => null);
    if (answer?.data) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within 240 s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, target: { name, url, pid: child.pid! } };
}

const VIEWER_PASSWORD = 'benchmark passphrase';

/**
 * Demo films, plans and channels, five rails, and `viewers` viewers (one per load connection), half subscribed.
 * `renew` signs them in again: access tokens live 15 minutes, less than a long run.
 */
export async function prepare(
  gatewayUrl: string,
  admin: { email: string; password: string },
  viewers = CONNECTIONS,
): Promise<{ tokens: string[]; renew: () => Promise<string[]> }> {
  const adminToken = await signIn(gatewayUrl, admin.email, admin.password);
  await loadDemoContent({ url: gatewayUrl, token: adminToken, movies: 60, rails: false });
  const call = <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}) => callApi<T>(gatewayUrl, query, variables, adminToken);
  const { titles } = await call(`{ titles(first: 40) { edges { node { id genreSlugs } } } }`);
  const ids: string[] = titles.edges.map((e: { node: { id: string } }) => e.node.id);
  const genres = [...new Set(titles.edges.flatMap((e: { node: { genreSlugs: string[] } }) => e.node.genreSlugs))] as string[];
  const rail = (slug: string, kind: string, extra: Record<string, unknown> = {}) =>
    call<{ createCollection: { id: string } }>(
      `mutation($s: String!, $k: CollectionKind!, $g: String, $p: Int) { createCollection(slug: $s, name: $s, kind: $k, genre: $g, position: $p) { id } }`,
      { s: slug, k: kind, ...extra },
    );
  const picks = await rail('bench-picks', 'CURATED', { p: 0 });
  await call(`mutation($c: ID!, $t: [ID!]!) { setCollectionTitles(collectionId: $c, titleIds: $t) { id } }`, {
    c: picks.createCollection.id,
    t: ids.slice(0, 20),
  });
  const more = await rail('bench-more', 'CURATED', { p: 1 });
  await call(`mutation($c: ID!, $t: [ID!]!) { setCollectionTitles(collectionId: $c, titleIds: $t) { id } }`, {
    c: more.createCollection.id,
    t: ids.slice(20, 40),
  });
  await rail('bench-new', 'NEW_THIS_MONTH', { p: 2 });
  await rail('bench-genre-a', 'POPULAR_IN_GENRE', { g: genres[0], p: 3 });
  await rail('bench-genre-b', 'POPULAR_IN_GENRE', { g: genres[1] ?? genres[0], p: 4 });
  const { plans } = await call<{ plans: { id: string; name: string }[] }>(`{ plans { id name } }`);
  const standard = plans.find((p) => p.name === 'Demo Standard')!;
  const tokens: string[] = [];
  const emails: string[] = [];
  for (let i = 0; i < viewers; i++) {
    emails.push(`viewer-${i}-${Date.now()}@bench.tvstream.dev`);
    const { register } = await callApi(gatewayUrl, `mutation($i: RegisterInput!) { register(input: $i) { accessToken } }`, {
      i: { email: emails[i], password: VIEWER_PASSWORD, displayName: `Viewer ${i}` },
    });
    // Half the viewers subscribe, so `entitled` differs between viewers as it does in real life.
    if (i % 2 === 0) {
      await callApi(
        gatewayUrl,
        `mutation($p: ID!, $k: String!) { subscribe(planId: $p, idempotencyKey: $k, paymentCard: "4242424242424242") { id } }`,
        { p: standard.id, k: `bench-${i}-${Date.now()}` },
        register.accessToken,
      );
    }
    tokens.push(register.accessToken);
  }
  return { tokens, renew: () => Promise.all(emails.map((email) => signIn(gatewayUrl, email, VIEWER_PASSWORD))) };
}

export async function sqlStatements(service: string, system: BenchContext['system']): Promise<number> {
  const text = await (await fetch(new URL('/metrics', system.urls[service]))).text();
  return Number(/^db_queries_total\{[^}]*\} (\d+)/m.exec(text)?.[1] ?? NaN);
}

/** GraphQL requests a service has answered so far (every operation name and outcome). */
export async function graphqlRequests(service: string, system: BenchContext['system']): Promise<number> {
  const text = await (await fetch(new URL('/metrics', system.urls[service]))).text();
  return [...text.matchAll(/^graphql_request_duration_seconds_count\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/**
 * SQL statements one signed-in home request costs in the subgraphs that count them, over `count` requests in
 * a row, less what the same services spend idle for as long (their outbox relays poll the database).
 */
async function homeStatements(system: BenchContext['system'], token: string, count = 20): Promise<Record<string, number>> {
  const services = ['catalog', 'live', 'rights'];
  const read = () => Promise.all(services.map((s) => sqlStatements(s, system)));
  const start = await read();
  const began = Date.now();
  for (let i = 0; i < count; i++) await post(system.gatewayUrl, HOME, token);
  const busy = await read();
  const elapsed = Date.now() - began;
  await new Promise((r) => setTimeout(r, elapsed));
  const idle = await read();
  return Object.fromEntries(services.map((s, i) => [s, Math.round((busy[i] - start[i] - (idle[i] - busy[i])) / count)]));
}

interface Measure {
  requests: number;
  seconds: number;
  p50: number[];
  p99: number[];
  errors: number;
  cpuMs: number;
  /** CPU the subgraphs spent meanwhile, by name: what this target's plan cost behind it. */
  subgraphCpuMs: Record<string, number>;
  /** CPU the engines (OpenSearch, PostgreSQL) and the load generator spent meanwhile. */
  otherCpuMs: Record<string, number>;
  /** The share of the machine left idle during the run. */
  idle: number;
  /** The share of the machine's time the host gave to other virtual machines during the run. */
  stolen: number;
}

async function load(
  target: Target,
  operation: Operation,
  tokens: string[],
  seconds: number,
  subgraphPids: Record<string, number>,
  overallRate?: number,
): Promise<Measure> {
  let next = 0;
  const cpuBefore = cpuMs(target.pid);
  const subgraphsBefore = Object.fromEntries(Object.entries(subgraphPids).map(([name, pid]) => [name, cpuMs(pid)]));
  const others = (): Record<string, number> => ({
    ...Object.fromEntries(Object.entries(enginePids()).map(([name, pid]) => [name, cpuMs(pid)])),
    'load generator': ownCpuMs(),
  });
  const othersBefore = others();
  const ticksBefore = machineTicks();
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    ...(overallRate ? { overallRate } : {}),
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: operation.query }),
    setupClient: (client: { setHeaders: (h: Record<string, string>) => void }) => {
      const token = tokens[next++ % tokens.length];
      client.setHeaders({ 'content-type': 'application/json', ...(operation.signedIn ? { authorization: `Bearer ${token}` } : {}) });
    },
  });
  const ticksAfter = machineTicks();
  return {
    requests: result.requests.total,
    seconds,
    p50: [result.latency.p50],
    p99: [result.latency.p99],
    errors: result.errors + result.non2xx + result.timeouts,
    cpuMs: cpuMs(target.pid) - cpuBefore,
    subgraphCpuMs: Object.fromEntries(Object.entries(subgraphPids).map(([name, pid]) => [name, cpuMs(pid) - subgraphsBefore[name]])),
    otherCpuMs: Object.fromEntries(Object.entries(others()).map(([name, ms]) => [name, ms - (othersBefore[name] ?? ms)])),
    idle: idleShare(ticksBefore, ticksAfter),
    stolen: stolenShare(ticksBefore, ticksAfter),
  };
}

export async function gatewayComparison({ system, admin, durationSeconds }: BenchContext): Promise<BenchRow[]> {
  const logDir = system.logDir!;
  const viewers = await prepare(system.gatewayUrl, admin);
  let { tokens } = viewers;
  // The same supergraph, pointing at the subgraphs this run started.
  const supergraphPath = resolve(logDir, 'bench-supergraph.graphql');
  writeFileSync(
    supergraphPath,
    readFileSync(SUPERGRAPH_SDL, 'utf8').replace(/name: "(\w+)", url: "[^"]+"/g, (_, name: string) => `name: "${name}", url: "${system.urls[name]}"`),
  );
  const basePort = Number(new URL(system.gatewayUrl).port);
  // Where the peers that check tokens (this gateway's variants, the authenticating proxy) find identity's keys.
  const jwksUrl = new URL('/.well-known/jwks.json', system.urls.identity).href;
  // This gateway again beside the system's, as it runs (compiled or through tsx), with other settings.
  const ownGateway = (name: string, port: number, settings: NodeJS.ProcessEnv, compiled = system.compiled, spec = GATEWAY) =>
    startPeer(
      name,
      serviceCommand(spec, compiled),
      port,
      {
        ...system.env,
        ...settings,
        GATEWAY_PORT: String(port),
        SUPERGRAPH_PATH: supergraphPath,
        JWKS_URL: jwksUrl,
      },
      logDir,
    );
  // Only when asked for by name (BENCH_TARGETS): variants of this gateway, to measure them side by side.
  const asked = (name: string) => !!process.env.BENCH_TARGETS && targetChosen(name);
  // The stock gateway always runs: every answer is compared with its.
  const started = await Promise.allSettled([
    startPeer('stock @apollo/gateway', peerCommand('apollo-gateway.ts'), basePort + 20, { SUPERGRAPH_PATH: supergraphPath }, logDir),
    ...(targetChosen('Hive Gateway')
      ? [startPeer('Hive Gateway', peerCommand('hive-gateway.ts'), basePort + 21, { SUPERGRAPH_PATH: supergraphPath }, logDir)]
      : []),
    ...(targetChosen('Hive Gateway + Rust planner')
      ? [
          startPeer(
            'Hive Gateway + Rust planner',
            peerCommand('hive-gateway.ts'),
            basePort + 22,
            { SUPERGRAPH_PATH: supergraphPath, HIVE_PLANNER: 'rust' },
            logDir,
          ),
        ]
      : []),
    // GraphQL on its former Express stack.
    ...(asked(EXPRESS_GATEWAY) ? [ownGateway(EXPRESS_GATEWAY, basePort + 23, { GATEWAY_HTTP: 'express' })] : []),
    // Two worker processes on one port (node:cluster); its CPU is the primary's and the workers'.
    ...(asked(CLUSTERED_GATEWAY) ? [ownGateway(CLUSTERED_GATEWAY, basePort + 24, { GATEWAY_WORKERS: '2' })] : []),
    // Without the gateway's Node flags (scripts/services.ts): V8's default young generation.
    ...(asked(DEFAULT_HEAP_GATEWAY) ? [ownGateway(DEFAULT_HEAP_GATEWAY, basePort + 30, {}, system.compiled, { ...GATEWAY, nodeFlags: [] })] : []),
    ...(asked(FLAGS_GATEWAY)
      ? [
          ownGateway(FLAGS_GATEWAY, basePort + 31, {}, system.compiled, {
            ...GATEWAY,
            nodeFlags: (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean),
          }),
        ]
      : []),
    ...(asked(NODE_FETCH_GATEWAY) ? [ownGateway(NODE_FETCH_GATEWAY, basePort + 27, { SUBGRAPH_FETCH: 'node-fetch' })] : []),
    ...(system.compiled && asked(TSX_GATEWAY) ? [ownGateway(TSX_GATEWAY, basePort + 26, {}, false)] : []),
    ...(targetChosen(PLAIN_PROXY)
      ? [startPeer(PLAIN_PROXY, peerCommand('plain-proxy.ts'), basePort + 28, { SUBGRAPH_URLS: JSON.stringify(system.urls) }, logDir)]
      : []),
    ...(targetChosen(AUTHENTICATING_PROXY)
      ? [
          startPeer(
            AUTHENTICATING_PROXY,
            peerCommand('authenticating-proxy.ts'),
            basePort + 32,
            { ...system.env, SUBGRAPH_URLS: JSON.stringify(system.urls), JWKS_URL: jwksUrl },
            logDir,
          ),
        ]
      : []),
    // Where Debian's haproxy is installed (CI installs it for the replicas test).
    ...(targetChosen(HAPROXY) && !spawnSync('haproxy', ['-v']).error
      ? [startPeer(HAPROXY, haproxyArguments(basePort + 29, system.urls, logDir), basePort + 29, {}, logDir, 'haproxy')]
      : []),
    ...(asked(EXPRESS_IDENTITY)
      ? [
          startPeer(
            EXPRESS_IDENTITY,
            serviceCommand(SUBGRAPHS[0], system.compiled),
            basePort + 25,
            { ...system.env, IDENTITY_PORT: String(basePort + 25), SUBGRAPH_HTTP: 'express', TRUSTED_PROXIES: '127.0.0.1/8,::1/128' },
            logDir,
          ),
        ]
      : []),
  ]);
  const peers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    // Peers left running would hold their ports and fail the next run.
    for (const peer of peers) peer.child.kill('SIGKILL');
    throw failed.reason;
  }
  const stock = peers[0].target;
  // The demo content just loaded is still being indexed and relayed, and the peers are still warming up.
  const settled = await machineSettled();
  console.log(`machine settled after ${settled.seconds} s (${Math.round(settled.idle * 100)} % idle)`);
  const gateways: Target[] = [
    { name: 'this gateway', url: system.gatewayUrl, pid: system.pids.gateway },
    ...peers.map((p) => p.target).filter((t) => t.name !== EXPRESS_IDENTITY && !PROXIES.includes(t.name)),
  ];
  const proxies = peers.map((p) => p.target).filter((t) => PROXIES.includes(t.name));
  const directVariants = peers.map((p) => p.target).filter((t) => t.name === EXPRESS_IDENTITY);
  const statementsPerHome = await homeStatements(system, tokens[0]);
  const subgraphPids = Object.fromEntries(Object.entries(system.pids).filter(([name]) => name !== 'gateway'));
  const results: Record<string, unknown>[] = [];
  const rows: BenchRow[] = [];
  try {
    for (const operation of OPERATIONS.filter((o) => operationChosen(o.name))) {
      const targets = [
        ...gateways,
        ...(operation.direct ? [{ name: `${operation.direct} directly`, url: system.urls[operation.direct], pid: system.pids[operation.direct] }] : []),
        ...directVariants.filter((t) => operation.direct && t.name.startsWith(`${operation.direct} directly`)),
        ...(operation.direct && targetChosen('this gateway') && asked(`${operation.direct} ${AT_GATEWAY_RATE}`)
          ? [
              {
                name: `${operation.direct} ${AT_GATEWAY_RATE}`,
                url: system.urls[operation.direct],
                pid: system.pids[operation.direct],
                pacedLike: 'this gateway',
              },
            ]
          : []),
        ...(operation.direct ? proxies.map((proxy) => ({ ...proxy, url: proxy.url.replace('/graphql', `/${operation.direct}/graphql`) })) : []),
      ].filter((t) => t === stock || targetChosen(t.name));
      // Fresh tokens for every operation: the rounds of all four take longer than a token lives.
      tokens = await viewers.renew();
      const token = operation.signedIn ? tokens[0] : undefined;
      const reference = await post(stock.url, operation.query, token);
      const differs = new Map<string, string | null>();
      for (const target of targets) {
        const answer = await post(target.url, operation.query, token);
        differs.set(target.name, isDeepStrictEqual(answer, reference) ? null : JSON.stringify(answer).slice(0, 400));
      }
      const measures = new Map<string, Measure[]>();
      const seconds = Math.max(2, Math.round(durationSeconds / ROUNDS));
      // The warm-up comes first, in the targets' order, so a paced target always has a rate to follow.
      const lastRate = new Map<string, number>();
      const measure = async (target: Target, duration: number) => {
        const rate = target.pacedLike ? lastRate.get(target.pacedLike) : undefined;
        if (target.pacedLike && !rate) throw new Error(`${target.name} has no rate to follow: it needs BENCH_WARM_UP_SECONDS > 0`);
        const run = await load(target, operation, tokens, duration, subgraphPids, rate);
        lastRate.set(target.name, run.requests / run.seconds);
        return run;
      };
      if (WARM_UP_SECONDS > 0) for (const target of targets) await measure(target, WARM_UP_SECONDS);
      for (let round = 0; round < ROUNDS; round++) {
        // Each round starts one target further on: the machine drifts within a round (OpenSearch kept getting
        // faster for minutes), and a fixed order put the first target on the slow side of every round.
        for (const target of targets.map((_, i) => targets[(i + round) % targets.length])) {
          // One request first, answered after whatever the previous run left queued, so no run pays for another.
          await post(target.url, operation.query, token);
          measures.set(target.name, [...(measures.get(target.name) ?? []), await measure(target, seconds)]);
        }
      }
      const direct = operation.direct && measures.has(`${operation.direct} directly`) ? `${operation.direct} directly` : null;
      // Medians of the rounds, as the issue's table: one disturbed round does not move them.
      const rate = (name: string) => median(measures.get(name)!.map((r) => r.requests / r.seconds));
      for (const target of targets) {
        const runs = measures.get(target.name)!;
        const requests = runs.reduce((sum, r) => sum + r.requests, 0);
        const row = {
          operation: operation.name,
          target: target.name,
          reqPerSecond: Math.round(rate(target.name)),
          p50Ms: Math.round(median(runs.map((r) => r.p50[0]))),
          p99Ms: Math.round(median(runs.map((r) => r.p99[0]))),
          errors: runs.reduce((sum, r) => sum + r.errors, 0),
          cpuMsPerRequest: requests ? Number((runs.reduce((sum, r) => sum + r.cpuMs, 0) / requests).toFixed(2)) : null,
          // Includes what the subgraphs spend idle (outbox relays polling) over the run, spread over its requests.
          subgraphCpuMsPerRequest: Object.fromEntries(
            Object.keys(subgraphPids).map((name) => [
              name,
              requests ? Number((runs.reduce((sum, r) => sum + r.subgraphCpuMs[name], 0) / requests).toFixed(2)) : null,
            ]),
          ),
          otherCpuMsPerRequest: Object.fromEntries(
            Object.keys(runs[0].otherCpuMs).map((name) => [
              name,
              requests ? Number((runs.reduce((sum, r) => sum + (r.otherCpuMs[name] ?? 0), 0) / requests).toFixed(2)) : null,
            ]),
          ),
          machineIdle: Number((runs.reduce((sum, r) => sum + r.idle, 0) / runs.length).toFixed(2)),
          machineStolen: Number((runs.reduce((sum, r) => sum + r.stolen, 0) / runs.length).toFixed(2)),
          answerDiffersFromStock: differs.get(target.name) !== null,
          answerWhenDifferent: differs.get(target.name),
          stockAnswer: target === stock ? JSON.stringify(reference).slice(0, 400) : undefined,
          ofStock: Number((rate(target.name) / rate(stock.name)).toFixed(2)),
          ofDirect: direct ? Number((rate(target.name) / rate(direct)).toFixed(2)) : null,
          reqPerSecondByRound: runs.map((r) => Math.round(r.requests / r.seconds)),
          p50MsByRound: runs.map((r) => Math.round(r.p50[0])),
          p99MsByRound: runs.map((r) => Math.round(r.p99[0])),
          stolenByRound: runs.map((r) => r.stolen),
        };
        results.push(row);
        rows.push({
          scenario: `${operation.name} → ${target.name}`,
          'req/s': row.reqPerSecond,
          'p50 ms': row.p50Ms,
          'p99 ms': row.p99Ms,
          errors: row.errors,
          note: `${row.cpuMsPerRequest} ms CPU/req (subgraphs: ${Object.entries(row.subgraphCpuMsPerRequest)
            .filter(([, ms]) => ms)
            .map(([name, ms]) => `${name} ${ms}`)
            .join(', ')}; ${Object.entries(row.otherCpuMsPerRequest)
            .map(([name, ms]) => `${name} ${ms}`)
            .join(
              ', ',
            )}; machine ${Math.round(row.machineIdle * 100)} % idle, ${Math.round(row.machineStolen * 100)} % stolen), ${row.ofStock}× stock${row.ofDirect !== null ? `, ${row.ofDirect}× direct` : ''}${row.answerDiffersFromStock ? ', ANSWER DIFFERS' : ''}`,
        });
      }
    }
    const rss: Record<string, number> = {};
    for (const [name, pid] of Object.entries(system.pids)) rss[name] = rssMb(pid);
    for (const { target } of peers) rss[target.name] = rssMb(target.pid);
    const machine = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverage: os.loadavg(),
    };
    // The services inherit this process's environment under the run's own settings.
    const setting = (name: string) => system.env[name] ?? process.env[name];
    const report = {
      at: new Date().toISOString(),
      machine,
      // The services and this gateway's variants as compiled JavaScript (plain node) or TypeScript through tsx.
      compiled: system.compiled,
      statementsPerHome,
      // How this gateway ran: its fetch batching and audience cache (the peers have neither).
      gatewayConfig: {
        BATCH_SUBGRAPH_FETCHES: setting('BATCH_SUBGRAPH_FETCHES') ?? 'true (default)',
        PUBLIC_CACHE_MAX_SECONDS: setting('PUBLIC_CACHE_MAX_SECONDS') ?? '0 (default: off)',
        GATEWAY_WORKERS: setting('GATEWAY_WORKERS') ?? `1 (default; "${CLUSTERED_GATEWAY}": 2)`,
        nodeFlags: GATEWAY.nodeFlags ?? [],
        ...(process.env.BENCH_NODE_FLAGS !== undefined ? { BENCH_NODE_FLAGS: process.env.BENCH_NODE_FLAGS } : {}),
      },
      operations: process.env.BENCH_OPERATIONS ?? 'all',
      targets: process.env.BENCH_TARGETS ?? 'all',
      connections: CONNECTIONS,
      rounds: ROUNDS,
      warmUpSecondsPerTarget: WARM_UP_SECONDS,
      secondsPerRun: Math.max(2, Math.round(durationSeconds / ROUNDS)),
      results,
      rssMb: rss,
    };
    saveResults('gateways', report);
    console.table(rss);
    console.log('SQL statements per signed-in home request:', statementsPerHome);
  } finally {
    // Hive Gateway's runtime stays up after SIGTERM; these processes hold nothing worth a graceful stop (a
    // clustered gateway's workers exit when their primary's channel closes).
    for (const { child } of peers) child.kill('SIGKILL');
  }
  return rows;
}
