/**
 * The services the system is made of: where each one's entry point is, and the port it listens on. Read by
 * scripts/system.ts (which starts them) and scripts/build.ts (which compiles them).
 */
export interface ServiceSpec {
  name: string;
  entry: string;
  portVariable: string;
  defaultPort: number;
  /** Node's own flags, before the entry point: here, in `npm start`, the tests and the benchmarks, and in its image's CMD. */
  nodeFlags?: string[];
}

/** Every subgraph, in start order. A new subgraph is added here and in supergraph.yaml. */
export const SUBGRAPHS: ServiceSpec[] = [
  { name: 'identity', entry: 'subgraphs/identity/src/index.ts', portVariable: 'IDENTITY_PORT', defaultPort: 4001 },
  { name: 'catalog', entry: 'subgraphs/catalog/src/index.ts', portVariable: 'CATALOG_PORT', defaultPort: 4002 },
  { name: 'live', entry: 'subgraphs/live/src/index.ts', portVariable: 'LIVE_PORT', defaultPort: 4003 },
  { name: 'rights', entry: 'subgraphs/rights/src/index.ts', portVariable: 'RIGHTS_PORT', defaultPort: 4004 },
  { name: 'search', entry: 'subgraphs/search/src/index.ts', portVariable: 'SEARCH_PORT', defaultPort: 4005 },
];

export const GATEWAY: ServiceSpec = {
  name: 'gateway',
  entry: 'gateway/src/index.ts',
  portVariable: 'GATEWAY_PORT',
  defaultPort: 4000,
  // A 128 MB young generation (V8's default is 16): at 50 connections the requests in flight hold several
  // MB of answers, which every scavenge copies whatever its size, so fewer scavenges cost less. Side by side
  // on the signed-in home: 16 MB to 64 MB, 6 % less of the gateway's CPU per home (2026-12-03 07:53);
  // 64 MB to 128 MB, 10 % less, 364 homes/s against 333, p99 225 ms against 256 (10:47). docs/PERFORMANCE.md.
  nodeFlags: ['--max-semi-space-size=128'],
};

/** The viewer web app: its built files and a /graphql proxy to the gateway (web/server/index.ts). */
export const WEB: ServiceSpec = {
  name: 'web',
  entry: 'web/server/index.ts',
  portVariable: 'WEB_PORT',
  defaultPort: 3000,
};

/** Where `npm run build` writes an entry's compiled file (scripts/build.ts). */
export const compiledEntry = (entry: string) => (entry === WEB.entry ? 'web/dist-server/index.cjs' : entry.replace('/src/', '/dist/').replace(/\.ts$/, '.js'));
