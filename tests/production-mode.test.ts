import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { gql, uniqueEmail } from './support/client';

const ROOT = resolve(__dirname, '..');
const PORT = Number(process.env.TEST_BASE_PORT ?? 4100) + 50;
const url = `http://127.0.0.1:${PORT}/graphql`;
let gateway: ChildProcess;

/** A second gateway in production mode, in front of the same subgraphs as the rest of the suite. */
beforeAll(async () => {
  gateway = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'gateway/src/index.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', GATEWAY_PORT: String(PORT), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`http://127.0.0.1:${PORT}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('production gateway did not start');
});

afterAll(() => {
  gateway.kill();
});

describe('production mode', () => {
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
