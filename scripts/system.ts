/**
 * Starts the whole system as separate processes, one per service, the way it runs in production:
 * every subgraph, then the gateway, then the web app in front of it. Used by `npm start`, the benchmarks and
 * the integration tests; each service runs its TypeScript through tsx, or its compiled build (`compiled`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { ensureServiceBuilds, newestChange } from './build';
import { compiledEntry, GATEWAY, SUBGRAPHS, WEB, type ServiceSpec } from './services';

export { GATEWAY, SUBGRAPHS, WEB, type ServiceSpec };

const ROOT = resolve(__dirname, '..');

const WEB_DIR = resolve(ROOT, 'web');
// What the web build reads: a change to any of these makes web/dist stale.
const WEB_SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', '../supergraph.graphql'];

/** Builds the web app (Vite, about a second) unless web/dist is newer than everything it is built from. */
export function ensureWebBuild(log: (line: string) => void = () => undefined) {
  const built = join(WEB_DIR, 'dist', 'index.html');
  const sources = Math.max(...WEB_SOURCES.map((p) => newestChange(resolve(WEB_DIR, p))));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  log('building the web app (web/dist)');
  const vite = resolve(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  // Vite builds React's development bundle unless NODE_ENV says production, and Jest sets it to `test`: the
  // app under test would then run StrictMode's double effects (two playback starts racing for a stream).
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: WEB_DIR,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`the web app build failed (exit ${result.status}); run \`npm run build -w @tvstream/web\``);
}

export interface SystemOptions {
  /**
   * Ports are basePort + the default port's last digit: 4000 → gateway 4000, identity 4001… Without it,
   * each service's own variable (GATEWAY_PORT, IDENTITY_PORT…, WEB_PORT) or its default.
   */
  basePort?: number;
  /** Start only these services (subgraph names, `gateway`, `web`); all of them when absent. */
  only?: string[];
  env?: NodeJS.ProcessEnv;
  /** Per-service additions, e.g. each service's own embedded database. */
  serviceEnv?: Record<string, NodeJS.ProcessEnv>;
  /** Service output goes to the terminal, or to `<logDir>/<service>.log` when a folder is given. */
  logDir?: string;
  /** Also serve the web app (default true); its port follows the same rule: 4000 → 3000, 4300 → 3300. */
  web?: boolean;
  /**
   * Where the gateway and the subgraphs reach each subgraph, by name, when not at its own process: a load
   * balancer in front of several replicas.
   */
  subgraphUrls?: Record<string, string>;
  /**
   * Each service writes a V8 CPU profile, `<dir>/<service>.cpuprofile`, when it exits (on `stop()`: services
   * exit cleanly on SIGTERM).
   */
  cpuProfileDir?: string;
  /**
   * Run each service's compiled build (`npm run build`, built first when older than its sources) with plain
   * `node --enable-source-maps`, as the production images do, instead of its TypeScript through tsx.
   * Default: TVSTREAM_COMPILED=true in the environment.
   */
  compiled?: boolean;
}

export interface RunningSystem {
  gatewayUrl: string;
  /** The web app's address, when it was started. */
  webUrl: string | null;
  urls: Record<string, string>;
  /** Sends a signal to one service's process and waits for it to exit (shutdown tests). */
  signal(name: string, signal: NodeJS.Signals): Promise<number | null>;
  /** Process ids by service, for benchmarks that read their CPU time and memory. */
  pids: Record<string, number>;
  /** Whether the services run their compiled builds (SystemOptions.compiled). */
  compiled: boolean;
  /** Starts a service again after it stopped, and waits until it is ready. */
  restart(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** How a child process ended: its exit code, or the signal that killed it (which leaves no exit code). */
export function howItEnded(child: ChildProcess): string | null {
  if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
  if (child.signalCode !== null) return `was killed by ${child.signalCode}`;
  return null;
}

/**
 * Waits until `url` (a /readyz) answers 200, failing at once when the process ends (an exit code or a
 * signal). Generous: five services compiling at once on a loaded two-core machine can take minutes. A
 * timeout says what /readyz last answered, so a service that waits on a dependency names it.
 */
export async function waitUntilReady(name: string, url: string, child: ChildProcess, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing yet';
  while (Date.now() < deadline) {
    const ended = howItEnded(child);
    if (ended) throw new Error(`${name} ${ended} during start-up`);
    try {
      // Bounded: a process that accepts connections but never answers must not hold the wait past its deadline.
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
      last = `${res.status} ${(await res.text()).slice(0, 500)}`;
    } catch (error) {
      last = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} was not ready at ${url} within ${timeoutMs} ms; /readyz last answered: ${last}`);
}

/**
 * Ports fetch refuses to call with "bad port" (the Fetch standard's port blocking list): a service there would
 * start but never be seen ready.
 */
const FETCH_BLOCKED_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137,
  139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** Whether something already accepts connections on a loopback port. */
function answersOn(port: number): Promise<boolean> {
  return new Promise((answered) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      answered(true);
    });
    socket.once('error', () => answered(false));
  });
}

/** Asks a child process to stop (SIGTERM) and resolves once it has exited, killing it after 30 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (howItEnded(child)) return Promise.resolve();
  return new Promise((done) => {
    // A service may take its SHUTDOWN_DELAY_SECONDS and drain in-flight work before it exits on its own.
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(killer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** TVSTREAM_COMPILED=true: startSystem runs the compiled builds unless told otherwise. */
export const compiledByDefault = () => process.env.TVSTREAM_COMPILED === 'true';

/**
 * How a service's process is started: its compiled file with the flags its image uses, or its source
 * through tsx.
 */
export function serviceCommand({ entry, nodeFlags = [] }: ServiceSpec, compiled: boolean): string[] {
  return [...nodeFlags, ...(compiled ? ['--enable-source-maps', resolve(ROOT, compiledEntry(entry))] : ['--import', 'tsx', resolve(ROOT, entry)])];
}

export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const portOf = (spec: ServiceSpec) =>
    options.basePort !== undefined ? options.basePort + (spec.defaultPort - 4000) : Number(process.env[spec.portVariable] || spec.defaultPort);
  const identityPort = portOf(SUBGRAPHS[0]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JWKS_URL: `http://127.0.0.1:${identityPort}/.well-known/jwks.json`,
    ...options.env,
  };
  const wanted = (spec: ServiceSpec) => !options.only || options.only.includes(spec.name);
  const withWeb = (options.web ?? true) && wanted(WEB);
  const compiled = options.compiled ?? compiledByDefault();
  for (const spec of [...SUBGRAPHS, GATEWAY, WEB]) {
    env[spec.portVariable] = String(portOf(spec));
    if (spec !== GATEWAY && spec !== WEB)
      env[`SUBGRAPH_${spec.name.toUpperCase()}_URL`] = options.subgraphUrls?.[spec.name] ?? `http://127.0.0.1:${portOf(spec)}/graphql`;
  }

  if (options.logDir) mkdirSync(options.logDir, { recursive: true });
  const children: ChildProcess[] = [];
  const byName = new Map<string, ChildProcess>();
  const stop = async () => {
    await Promise.all(children.reverse().map(stopChild));
  };
  const urls: Record<string, string> = {};
  const pids: Record<string, number> = {};
  let webUrl: string | null = null;
  // The web app proxies /graphql to the gateway.
  // Identity believes the client address the gateway (on this machine) forwards; the gateway itself trusts
  // no proxy unless TRUSTED_PROXIES says so.
  // Catalog's artwork URLs name the web app's /artwork, which it proxies to the catalog (the catalog's own
  // route when no web app runs), unless ARTWORK_BASE_URL says otherwise.
  const artworkBase = withWeb ? `http://127.0.0.1:${portOf(WEB)}/artwork` : `http://127.0.0.1:${portOf(SUBGRAPHS.find((s) => s.name === 'catalog')!)}/artwork`;
  const ownEnv: Record<string, NodeJS.ProcessEnv> = {
    web: { GATEWAY_URL: `http://127.0.0.1:${portOf(GATEWAY)}/graphql` },
    identity: { TRUSTED_PROXIES: '127.0.0.1/8,::1/128' },
    catalog: { ARTWORK_BASE_URL: env.ARTWORK_BASE_URL || artworkBase },
  };
  const launch = async (spec: ServiceSpec) => {
    const port = portOf(spec);
    if (FETCH_BLOCKED_PORTS.has(port)) throw new Error(`${spec.name} cannot start on port ${port}: fetch refuses to call it ("bad port")`);
    // A process already there (one an interrupted run left behind: its services outlive it) would answer the
    // readiness wait in place of the new one, which fails to listen and exits unseen.
    if (await answersOn(port)) throw new Error(`${spec.name} cannot start: something already listens on port ${port}`);
    const out = options.logDir ? openSync(resolve(options.logDir, `${spec.name}.log`), 'w') : 'inherit';
    const profile = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir, '--cpu-prof-name', `${spec.name}.cpuprofile`] : [];
    const child = spawn(process.execPath, [...profile, ...serviceCommand(spec, compiled)], {
      cwd: ROOT,
      // Traces name the service they come from.
      env: { OTEL_SERVICE_NAME: spec.name, ...env, ...ownEnv[spec.name], ...options.serviceEnv?.[spec.name] },
      stdio: ['ignore', out, out],
    });
    children.push(child);
    byName.set(spec.name, child);
    pids[spec.name] = child.pid!;
    await waitUntilReady(spec.name, `http://127.0.0.1:${port}/readyz`, child);
    if (spec !== WEB) urls[spec.name] = `http://127.0.0.1:${port}/graphql`;
  };
  try {
    if (withWeb) ensureWebBuild((line) => console.log(`[system] ${line}`));
    if (compiled) {
      await ensureServiceBuilds(
        [...SUBGRAPHS, GATEWAY, WEB].filter((spec) => wanted(spec) && (spec !== WEB || withWeb)).map((spec) => spec.name),
        (line) => console.log(`[system] ${line}`),
      );
    }
    await Promise.all(SUBGRAPHS.filter(wanted).map(launch));
    if (wanted(GATEWAY)) await launch(GATEWAY);
    if (withWeb) {
      await launch(WEB);
      webUrl = `http://127.0.0.1:${portOf(WEB)}/`;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const specs = new Map([...SUBGRAPHS, GATEWAY, WEB].map((spec) => [spec.name, spec]));
  const signal = (name: string, sig: NodeJS.Signals) =>
    new Promise<number | null>((exited) => {
      const child = byName.get(name);
      if (!child || child.exitCode !== null || child.signalCode) return exited(child?.exitCode ?? null);
      child.once('exit', (code) => exited(code));
      child.kill(sig);
    });
  return { gatewayUrl: urls.gateway, webUrl, urls, pids, compiled, stop, signal, restart: (name) => launch(specs.get(name)!) };
}
