/**
 * The production images as their Dockerfiles define them: a build stage compiles the service, the final
 * stage holds production dependencies only, runs as the unprivileged `node` user and starts compiled
 * JavaScript with plain `node` — the files `npm run build` writes (tests/deployment/compose-up.test.ts starts
 * them).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUILD_TARGETS, buildServices } from '../../scripts/build';
import { GATEWAY, SUBGRAPHS } from '../../scripts/services';

const ROOT = resolve(__dirname, '..', '..');
/** Where each image's package.json (its production dependencies) is: the migration job's is the root's. */
const WORKSPACES: Record<string, string> = { gateway: 'gateway', web: 'web', migrate: '.', media: '.' };
const workspaceOf = (service: string) => WORKSPACES[service] ?? `subgraphs/${service}`;
const dependencies = (dir: string) => Object.keys(JSON.parse(readFileSync(resolve(ROOT, dir, 'package.json'), 'utf8')).dependencies ?? {});

/** The packages a compiled file loads at run time (everything but Node's own modules is in node_modules). */
function loadedPackages(file: string): string[] {
  const source = readFileSync(resolve(ROOT, file), 'utf8');
  const specifiers = [...source.matchAll(/\b(?:require|import)\("([^".][^"]*)"\)/g)].map((m) => m[1]).filter((s) => !s.startsWith('node:'));
  return [...new Set(specifiers.map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0])))].sort();
}

const IMAGES: Record<string, string> = {
  identity: 'subgraphs/identity/Dockerfile',
  catalog: 'subgraphs/catalog/Dockerfile',
  live: 'subgraphs/live/Dockerfile',
  rights: 'subgraphs/rights/Dockerfile',
  search: 'subgraphs/search/Dockerfile',
  gateway: 'gateway/Dockerfile',
  migrate: 'prisma/Dockerfile',
  web: 'web/Dockerfile',
  media: 'scripts/media/Dockerfile',
};
/** The web image installs its own workspace's dependencies only: its server uses no more of service-kit than tracing. */
const withServiceKit = (service: string) => service !== 'web' && service !== 'media';
/** The media job loads no npm package at all (Node's own modules and ffmpeg): its image installs none. */
const installsPackages = (service: string) => service !== 'media';

/** The instructions of each stage, in order. */
function stages(dockerfile: string): string[][] {
  const lines = readFileSync(resolve(ROOT, dockerfile), 'utf8')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'));
  return lines.reduce<string[][]>((acc, line) => (line.startsWith('FROM ') ? [...acc, [line]] : [...acc.slice(0, -1), [...acc[acc.length - 1], line]]), []);
}

describe.each(Object.entries(IMAGES))('the %s image', (service, dockerfile) => {
  const [build, final, ...more] = stages(dockerfile);

  test('compiles the service in a build stage', () => {
    expect(more).toEqual([]);
    expect(build[0]).toMatch(/^FROM node:24\S* AS build$/);
    expect(build.some((line) => line.startsWith('RUN ') && line.includes(`scripts/build.ts ${service}`))).toBe(true);
  });

  test('ships production dependencies only and runs as the unprivileged user', () => {
    const installs = final.filter((line) => /npm (ci|install)/.test(line));
    expect(installs.length).toBe(installsPackages(service) ? 1 : 0);
    for (const install of installs) expect(install).toContain('--omit=dev');
    expect(final.filter((line) => line.startsWith('USER '))).toEqual(['USER node']);
    expect(final.join('\n')).not.toMatch(/tsx|typescript/);
  });

  test('declares every package its compiled code loads as a production dependency', async () => {
    // The image installs only the service's and service-kit's dependencies: a package that the code reaches
    // only because another workspace hoisted it would be missing there.
    const targets = await buildServices([service]);
    const declared = new Set([...dependencies(workspaceOf(service)), ...(withServiceKit(service) ? dependencies('packages/service-kit') : [])]);
    for (const target of targets) {
      expect({ file: target.outfile, undeclared: loadedPackages(target.outfile).filter((p) => !declared.has(p)) }).toEqual({
        file: target.outfile,
        undeclared: [],
      });
    }
  });

  test('starts the compiled entry point with plain node and the Node flags the service runs with everywhere', () => {
    const command = JSON.parse(final.find((line) => line.startsWith('CMD '))!.slice(4)) as string[];
    const sourceMaps = command.indexOf('--enable-source-maps');
    const file = command[sourceMaps + 1];
    const nodeFlags = [...SUBGRAPHS, GATEWAY].find((spec) => spec.name === service)?.nodeFlags ?? [];
    expect(command.slice(0, sourceMaps + 1)).toEqual(['node', ...nodeFlags, '--enable-source-maps']);
    const target = BUILD_TARGETS.find((t) => t.outfile === file);
    expect(target?.service).toBe(service);
    const folder = file.slice(0, file.lastIndexOf('/'));
    expect(final).toContain(`COPY --from=build /app/${folder} ${folder}`);
  });
});
