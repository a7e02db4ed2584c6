import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSystem, type RunningSystem } from '../scripts/system';
import { gql, register } from './support/client';
import { TEST_DATABASE_URL } from './support/database';
import { PORT_OFFSETS, testPort } from './support/ports';

/**
 * `startSystem({ compiled: true })`, what the benchmarks run (TVSTREAM_COMPILED): each service's build from
 * `npm run build`, made first when stale, started with plain node as the production images start it. Identity
 * and a gateway of their own, compiled, in front of the suite's other subgraphs.
 */

const ROOT = resolve(__dirname, '..');
const BASE_PORT = testPort(PORT_OFFSETS.compiledSystem);
// identity and rights in one request: the compiled gateway plans and merges across subgraphs.
const ME = '{ me { id email displayName roles profiles { name maxMaturity } } mySubscriptions { id } myEntitlements { source expiresAt } }';

let system: RunningSystem;

beforeAll(async () => {
  system = await startSystem({
    basePort: BASE_PORT,
    only: ['identity', 'gateway'],
    web: false,
    compiled: true,
    logDir: resolve(ROOT, '.data', 'test-logs', 'compiled-system'),
    subgraphUrls: Object.fromEntries(['catalog', 'live', 'rights', 'search'].map((s) => [s, process.env[`SUBGRAPH_${s.toUpperCase()}_URL`]!])),
    env: {
      NODE_ENV: 'test',
      // Start-up steps and readiness changes are logged at info: a service that stalls says where.
      LOG_LEVEL: 'info',
      DATABASE_URL: TEST_DATABASE_URL,
      IDENTITY_SIGNING_KEYS: process.env.TEST_SIGNING_KEYS,
      PASSWORD_SCRYPT_N: '4096',
      // The suite's own identity relays the outbox; this one only answers.
      KAFKA_BROKERS: '',
      OTEL_TRACES_EXPORTER: 'none',
    },
  });
}, 600_000);

afterAll(async () => {
  await system?.stop();
});

test('every service runs its compiled file with plain node, and the compiled gateway answers as the suite’s does', async () => {
  for (const [name, pid] of Object.entries(system.pids)) {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect({ name, tsx: command.some((arg) => arg.includes('tsx')), file: command[command.length - 1].slice(ROOT.length + 1) }).toEqual({
      name,
      tsx: false,
      file: name === 'gateway' ? 'gateway/dist/index.js' : `subgraphs/${name}/dist/index.js`,
    });
  }
  const viewer = await register();
  const compiled = await gql(ME, {}, { token: viewer.accessToken, url: system.gatewayUrl });
  expect(compiled.errors).toBeUndefined();
  expect(compiled.data?.me.id).toBe(viewer.user.id);
  expect(compiled).toEqual(await gql(ME, {}, { token: viewer.accessToken }));
});
