/**
 * `npm run bench`: starts the system against a fresh benchmark database and runs each scenario side by side,
 * printing requests/s and latency. Ratios matter more than absolute numbers (2-core machines vary).
 * Pick scenarios by name: `npm run bench -- federation logins`; `gateways` compares this gateway with its peers;
 * `profile` (`npm run profile`, best run alone) CPU-profiles every service through signed-in home requests;
 * `searchparts` measures what highlights and facets cost OpenSearch per search.
 * Services run their compiled builds (built first when stale) unless TVSTREAM_COMPILED=false.
 */
import { recreateDatabase } from '../tests/support/database';
import { deployAll } from '../prisma/migrate';
import { startSystem } from '../scripts/system';
import { resolve } from 'node:path';
import { SigningKeySet } from '../subgraphs/identity/src/domain/signing-keys';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { federationOverhead, loginThroughput, type BenchContext, type BenchRow } from './identity';
import { searchAtScale, searchFreshness } from './search';
import { gatewayComparison } from './gateways';
import { profileHome } from './profile';
import { idleCost } from './idle';
import { rightsSideBySide } from './rights-ab';
import { homeTail } from './tail';
import { searchParts } from './search-parts';
import { deleteRunTopics } from '@tvstream/service-kit';

const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<BenchRow[]>> = {
  federation: federationOverhead,
  logins: loginThroughput,
  freshness: searchFreshness,
  search: searchAtScale,
  gateways: gatewayComparison,
  profile: profileHome,
  idle: idleCost,
  rightsab: rightsSideBySide,
  tail: homeTail,
  searchparts: searchParts,
};

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(SCENARIOS);
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tvstream_bench';
  await recreateDatabase(databaseUrl);
  await deployAll(databaseUrl);
  // The real engines (scripts/engines): relays publish to Kafka, search indexes into OpenSearch.
  execFileSync('bash', [resolve(__dirname, '..', 'scripts', 'engines', 'engines.sh'), 'up'], { stdio: 'inherit' });
  const run = `bench-${Date.now().toString(36)}`;
  const admin = { email: 'bench-admin@bench.tvstream.dev', password: randomBytes(18).toString('base64url') };
  const env = {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    IDENTITY_SIGNING_KEYS: JSON.stringify([SigningKeySet.generate()]),
    LOGIN_MAX_ATTEMPTS_PER_IP: '1000000000',
    REGISTER_MAX_PER_IP: '1000000000',
    REFRESH_MAX_PER_IP: '1000000000',
    PAYMENT_PROVIDER: 'simulated',
    PLAYBACK_SIGNING_SECRET: randomBytes(32).toString('hex'),
    INTERNAL_API_TOKEN: randomBytes(32).toString('hex'),
    BOOTSTRAP_ADMIN_EMAIL: admin.email,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PREFIX: `${run}.`,
    OPENSEARCH_URL: process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200',
    OPENSEARCH_INDEX_PREFIX: `${run}-`,
  };
  const logDir = resolve(__dirname, '..', '.data', 'bench-logs');
  // Profiles are written when the services exit, so only a run of its own turns them on.
  const profiled = names.includes('profile') || (names.includes('idle') && process.env.IDLE_PROFILE === 'true');
  const cpuProfileDir = profiled ? resolve(logDir, 'profiles') : undefined;
  // Compiled JavaScript with plain node, as the production images run it; TVSTREAM_COMPILED=false measures tsx.
  const compiled = process.env.TVSTREAM_COMPILED !== 'false';
  const system = {
    ...(await startSystem({ basePort: Number(process.env.BENCH_BASE_PORT ?? 4700), logDir, web: false, env, cpuProfileDir, compiled })),
    env,
    logDir,
    cpuProfileDir,
  };
  const rows: BenchRow[] = [];
  try {
    for (const name of names) {
      const scenario = SCENARIOS[name];
      if (!scenario) throw new Error(`Unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
      rows.push(...(await scenario({ system, admin, durationSeconds: Number(process.env.BENCH_SECONDS ?? 10) })));
    }
  } finally {
    await system.stop();
    // This run's search indices (a search-at-scale run leaves 100,000 documents); other runs' are left alone.
    await fetch(`${env.OPENSEARCH_URL}/${env.OPENSEARCH_INDEX_PREFIX}*`, { method: 'DELETE' }).catch(() => undefined);
    await deleteRunTopics(env.KAFKA_BROKERS.split(','), env.KAFKA_TOPIC_PREFIX).catch((error: Error) =>
      console.warn(`this run's Kafka topics stay: ${error.message}`),
    );
  }
  console.table(rows);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
