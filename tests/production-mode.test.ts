import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { gql, uniqueEmail } from './support/client';
import { PORT_OFFSETS, testPort } from './support/ports';
import { eventually } from './support/eventually';
import { stopChild } from '../scripts/system';

const ROOT = resolve(__dirname, '..');
const PORT = testPort(PORT_OFFSETS.productionMode);
const url = `http://127.0.0.1:${PORT}/graphql`;
let gateway: ChildProcess;

/** A second gateway in production mode, in front of the same subgraphs as the rest of the suite. */
beforeAll(async () => {
  gateway = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'gateway/src/index.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', GATEWAY_PORT: String(PORT), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  await eventually(
    () =>
      fetch(`http://127.0.0.1:${PORT}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
    20_000,
    'the production gateway to start',
  );
});

afterAll(() => stopChild(gateway));

/** Starts one service in production with `env` and returns its exit code and output once it exits. */
function startFails(entry: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, entry)], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(killer);
      done({ code, output });
    });
  });
}

describe('production mode', () => {
  test.each([
    ['gateway', 'gateway/src/index.ts', { GATEWAY_PORT: String(PORT + 1) }],
    ['identity', 'subgraphs/identity/src/index.ts', { IDENTITY_PORT: String(PORT + 2) }],
    ['catalog', 'subgraphs/catalog/src/index.ts', { CATALOG_PORT: String(PORT + 3) }],
  ])('%s refuses to start without INTERNAL_API_TOKEN, saying so', async (_name, entry, ports) => {
    const { code, output } = await startFails(entry, { ...ports, INTERNAL_API_TOKEN: '' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/INTERNAL_API_TOKEN: required in production/);
  });

  test('rights refuses to start on the simulated payment provider unless PAYMENT_PROVIDER chooses it, saying so', async () => {
    // Everything else rights needs in production is given, so the payment provider is what it stops on.
    const { code, output } = await startFails('subgraphs/rights/src/index.ts', {
      RIGHTS_PORT: String(PORT + 4),
      PLAYBACK_SIGNING_SECRET: 'p'.repeat(32),
      INTERNAL_API_TOKEN: 'a-production-internal-token-of-this-test-only',
      PAYMENT_PROVIDER: '',
      PAYMENT_SIMULATED_FAULTS: 'false',
      ALLOW_CLOCK_OVERRIDE: 'false',
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/PAYMENT_PROVIDER: required in production.*PAYMENT_PROVIDER=simulated/);
  });

  test('and refuses docker-compose.yml’s public development token', async () => {
    const { code, output } = await startFails('subgraphs/catalog/src/index.ts', {
      CATALOG_PORT: String(PORT + 3),
      INTERNAL_API_TOKEN: 'development-only-internal-api-token-change-me',
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/INTERNAL_API_TOKEN: docker-compose.yml's development default/);
  });

  test('introspection is off', async () => {
    const res = await gql(`{ __schema { types { name } } }`, {}, { url });
    expect(res.data).toBeUndefined();
    expect(res.errors![0].message).toMatch(/introspection/i);
  });

  test('the playground is not served', async () => {
    expect((await fetch(`http://127.0.0.1:${PORT}/playground`)).status).toBe(404);
  });

  test('the API still answers, with coded errors and no stack traces', async () => {
    // A fresh address each run: failed sign-ins are throttled per account, and Redis outlives a run.
    const res = await gql(`mutation($e: String!) { login(email: $e, password: "wrong password here") { accessToken } }`, { e: uniqueEmail('nobody') }, { url });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED', serviceName: 'identity' });
    expect(JSON.stringify(res)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });
});
