/**
 * Generates every subgraph's Prisma client (git-ignored, written to `src/data/generated`).
 * The engine binary the CLI would download is not needed for generation; pointing it at /bin/false makes
 * any CLI command that would need it fail loudly instead of silently doing nothing.
 */
import { execFileSync } from 'node:child_process';
import { discoverSubgraphs } from './migrate';

for (const subgraph of discoverSubgraphs()) {
  execFileSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate', '--schema', subgraph.schemaPath], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  console.log(`generated the ${subgraph.name} Prisma client`);
}
