/**
 * `npm run build [service…]`: compiles the gateway, every subgraph, the search indexer, the web server and
 * the migration job into one JavaScript file each (`<workspace>/dist/*.js`, `dist/migrate.js`) that plain
 * `node` runs — what the production images start.
 * Workspace code (service-kit, the generated Prisma clients) is bundled in; packages from node_modules stay
 * imports, so an image needs only the production dependencies. Each output sits one folder below its
 * workspace, as its source does, so paths the code builds from `__dirname` (schema.graphql, the
 * supergraph) resolve the same in both.
 */
import { build, type Plugin } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { compiledEntry, GATEWAY, SUBGRAPHS, WEB } from './services';

const ROOT = resolve(__dirname, '..');

export interface BuildTarget {
  service: string;
  entry: string;
  outfile: string;
}

export const BUILD_TARGETS: BuildTarget[] = [
  ...[...SUBGRAPHS, GATEWAY].map((spec) => ({ service: spec.name, entry: spec.entry, outfile: compiledEntry(spec.entry) })),
  { service: 'search', entry: 'subgraphs/search/src/indexer.ts', outfile: 'subgraphs/search/dist/indexer.js' },
  // The web server finds the app's build in web/dist, one folder up as from its source; `.cjs` because the
  // web workspace's own files are ES modules.
  { service: 'web', entry: WEB.entry, outfile: compiledEntry(WEB.entry) },
  // The migration job; it finds the subgraphs' migrations from the repository root, one folder up.
  { service: 'migrate', entry: 'prisma/migrate.ts', outfile: 'dist/migrate.js' },
  // The media job (compose): packages the test streams into MEDIA_DIR with ffmpeg.
  { service: 'media', entry: 'scripts/media/package-media.ts', outfile: 'scripts/media/dist/package-media.js' },
];

// Only this repository's own packages are inlined; everything else is loaded from node_modules at run time.
const keepPackagesExternal: Plugin = {
  name: 'keep-packages-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@tvstream/') ? undefined : { path: args.path, external: true }));
  },
};

export async function buildServices(services: string[] = []) {
  const targets = BUILD_TARGETS.filter((t) => services.length === 0 || services.includes(t.service));
  if (targets.length === 0) throw new Error(`no service named ${services.join(', ')}; known: ${[...new Set(BUILD_TARGETS.map((t) => t.service))].join(', ')}`);
  await Promise.all(
    targets.map((target) =>
      build({
        absWorkingDir: ROOT,
        entryPoints: [target.entry],
        outfile: target.outfile,
        bundle: true,
        platform: 'node',
        target: 'node22',
        format: 'cjs',
        sourcemap: true,
        logLevel: 'warning',
        plugins: [keepPackagesExternal],
      }),
    ),
  );
  return targets;
}

/** The newest modification under `path` (a file or a folder, recursively), 0 when it does not exist. */
export function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

/**
 * What a target is built from: its own folder of sources (with the generated Prisma client under it),
 * service-kit's, the locked dependencies and this script. Files elsewhere that an entry imports are not
 * followed; `npm run build` rebuilds everything.
 */
const sourcesOf = (target: BuildTarget) => [dirname(target.entry), 'packages/service-kit/src', 'package-lock.json', 'scripts/build.ts'];

/** Far longer than a build takes (about a second for every target, on a loaded two-core machine). */
const BUILD_DEADLINE_MS = 300_000;

/** Builds the services' targets whose compiled file is missing or older than what it is built from. */
export async function ensureServiceBuilds(services: string[], log: (line: string) => void = () => undefined) {
  const stale = BUILD_TARGETS.filter((target) => services.includes(target.service)).filter((target) => {
    const built = resolve(ROOT, target.outfile);
    return !existsSync(built) || statSync(built).mtimeMs < Math.max(...sourcesOf(target).map((p) => newestChange(resolve(ROOT, p))));
  });
  if (stale.length === 0) return;
  const outfiles = stale.map((t) => t.outfile).join(', ');
  log(`building ${outfiles}`);
  // startSystem's one wait with no deadline of its own otherwise: a stalled build leaves its caller idle with
  // nothing to show but esbuild's child process (its pipes are unref'd), so it fails here, named, instead.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`building ${outfiles} did not finish within ${BUILD_DEADLINE_MS / 1000} s`)), BUILD_DEADLINE_MS);
  });
  try {
    await Promise.race([buildServices([...new Set(stale.map((t) => t.service))]), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

if (require.main === module) {
  buildServices(process.argv.slice(2)).then(
    (targets) => console.log(`built ${targets.map((t) => t.outfile).join(', ')}`),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
