/**
 * `npm run bench`: starts the system against a fresh benchmark database and runs each scenario side by side,
 * printing requests/s and latency. Ratios matter more than absolute numbers (2-core machines vary).
 * Pick scenarios by name: `npm run bench -- federation logins`.
 */
import { recreateDatabase } from '../tests/support/database';
import { deployAll } from '../prisma/migrate';
import { startSystem } from '../scripts/system';
import { resolve } from 'node:path';
import { SigningKeySet } from '../subgraphs/identity/src/domain/signing-keys';
import { federationOverhead, loginThroughput, type BenchContext, type BenchRow } from './identity';

const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<BenchRow[]>> = {
  federation: federationOverhead,
  logins: loginThroughput,
};

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(SCENARIOS);
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tvstream_bench';
  await recreateDatabase(databaseUrl);
  await deployAll(databaseUrl);
  const system = await startSystem({
    basePort: Number(process.env.BENCH_BASE_PORT ?? 4700),
    logDir: resolve(__dirname, '..', '.data', 'bench-logs'),
    // Benchmarks measure the API; the web app would only take a process and a port.
    web: false,
    env: {
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      IDENTITY_SIGNING_KEYS: JSON.stringify([SigningKeySet.generate()]),
      LOGIN_MAX_ATTEMPTS_PER_IP: '1000000000',
    },
  });
  const rows: BenchRow[] = [];
  try {
    for (const name of names) {
      const scenario = SCENARIOS[name];
      if (!scenario) throw new Error(`Unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
      rows.push(...(await scenario({ system, durationSeconds: Number(process.env.BENCH_SECONDS ?? 10) })));
    }
  } finally {
    await system.stop();
  }
  console.table(rows);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
