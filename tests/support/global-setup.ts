import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { deployAll } from '../../prisma/migrate';
import { packageMedia } from '../../scripts/media/package-media';
import { startSystem } from '../../scripts/system';
import { SigningKeySet } from '../../subgraphs/identity/src/domain/signing-keys';
import { recreateDatabase, TEST_DATABASE_URL } from './database';
import { PORT_OFFSETS, testPort } from './ports';

/**
 * Starts the real system once for the integration suite: a fresh PostgreSQL database migrated from the
 * committed migrations, Redis for login throttling, every service as its own process, the gateway on top,
 * and the web app in front of it.
 */
export default async function globalSetup() {
  // The streams the media origin serves (made once into .data/media; needs ffmpeg).
  packageMedia(undefined, (line) => console.log(`[media] ${line}`));
  await recreateDatabase(TEST_DATABASE_URL);
  await deployAll(TEST_DATABASE_URL);
  const signingKeys = JSON.stringify([SigningKeySet.generate()]);
  const admin = { email: 'admin@tests.tvstream.dev', password: 'admin-password-for-tests' };
  const playbackSecret = randomBytes(32).toString('hex');
  // The secret every service presents to identity's revocation feed (as `npm start` generates one).
  const internalToken = randomBytes(32).toString('hex');
  const basePort = testPort(PORT_OFFSETS.suite);
  // Real Kafka (scripts/engines/engines.sh); each run publishes under its own topic prefix.
  const runId = `test-${Date.now().toString(36)}`;
  const kafka = { KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', KAFKA_TOPIC_PREFIX: `${runId}.` };
  // Real OpenSearch for the search service, under an index prefix of this run's own.
  const opensearch = { OPENSEARCH_URL: process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200', OPENSEARCH_INDEX_PREFIX: `${runId}-` };
  // Real Zipkin (scripts/engines/engines.sh up zipkin): every service sends its spans there.
  const zipkinUrl = process.env.ZIPKIN_URL ?? `http://127.0.0.1:${process.env.ZIPKIN_PORT ?? 9411}`;
  const tracing = { OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: `${zipkinUrl}/api/v2/spans` };
  const logDir = resolve(__dirname, '..', '..', '.data', 'test-logs');
  const system = await startSystem({
    basePort,
    logDir,
    env: {
      NODE_ENV: 'test',
      ...kafka,
      ...opensearch,
      ...tracing,
      LOG_LEVEL: 'warn',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      IDENTITY_SIGNING_KEYS: signingKeys,
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      // Every test signs in from 127.0.0.1; the per-address limits are covered by unit tests and by
      // tests/sign-in-abuse.test.ts, which speaks to identity as the gateway does, for many addresses.
      LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
      REGISTER_MAX_PER_IP: '100000',
      REFRESH_MAX_PER_IP: '100000',
      // A cheaper hash keeps the suite fast; the production cost is exercised by `npm run bench`.
      PASSWORD_SCRYPT_N: '4096',
      // Rental and subscription clocks are tested by setting the request clock (x-clock-now).
      ALLOW_CLOCK_OVERRIDE: 'true',
      PLAYBACK_SIGNING_SECRET: playbackSecret,
      INTERNAL_API_TOKEN: internalToken,
    },
  });
  (globalThis as Record<string, unknown>).__TVSTREAM_SYSTEM__ = system;
  for (const [name, url] of Object.entries(system.urls)) {
    if (name !== 'gateway') process.env[`SUBGRAPH_${name.toUpperCase()}_URL`] = url;
  }
  Object.assign(process.env, {
    TEST_KAFKA_BROKERS: kafka.KAFKA_BROKERS,
    TEST_KAFKA_TOPIC_PREFIX: kafka.KAFKA_TOPIC_PREFIX,
    TEST_OPENSEARCH_URL: opensearch.OPENSEARCH_URL,
    TEST_OPENSEARCH_INDEX_PREFIX: opensearch.OPENSEARCH_INDEX_PREFIX,
    TEST_ZIPKIN_URL: zipkinUrl,
    // Each service's output, <service>.log (tests/node-warnings.test.ts reads them).
    TEST_LOG_DIR: logDir,
    JWKS_URL: `${new URL(system.urls.identity).origin}/.well-known/jwks.json`,
    GATEWAY_URL: system.gatewayUrl,
    WEB_URL: system.webUrl,
    IDENTITY_URL: system.urls.identity,
    TEST_SIGNING_KEYS: signingKeys,
    TEST_PLAYBACK_SIGNING_SECRET: playbackSecret,
    // What services started beside the suite's (production-mode's gateway…) present to identity's feed.
    INTERNAL_API_TOKEN: internalToken,
    TEST_ADMIN_EMAIL: admin.email,
    TEST_ADMIN_PASSWORD: admin.password,
  });
}
