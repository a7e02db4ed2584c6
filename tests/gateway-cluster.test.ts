import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { gql, register } from './support/client';
import { waitUntilReady } from '../scripts/system';
import { PORT_OFFSETS, testPort } from './support/ports';

/** GATEWAY_WORKERS=2: one gateway as two worker processes sharing its port, in front of the suite's subgraphs. */
const ROOT = resolve(__dirname, '..');
const PORT = testPort(PORT_OFFSETS.clusteredGateway);
const url = `http://127.0.0.1:${PORT}/graphql`;
let gateway: ChildProcess;

const workersOf = (pid: number) =>
  execFileSync('ps', ['--ppid', String(pid), '-o', 'pid='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim())
    .map(Number);
const running = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  gateway = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'gateway/src/index.ts')], {
    cwd: ROOT,
    env: { ...process.env, GATEWAY_WORKERS: '2', GATEWAY_PORT: String(PORT), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  await waitUntilReady('clustered gateway', `http://127.0.0.1:${PORT}/readyz`, gateway);
  // Three processes loading the gateway through tsx: over a minute in a full run at load average 28.
}, 180_000);

afterAll(() => {
  if (gateway.exitCode === null) gateway.kill('SIGKILL');
});

test('two workers answer on one port, and SIGTERM stops them all', async () => {
  const viewer = await register();
  const answers = await Promise.all(Array.from({ length: 8 }, () => gql('{ me { id } }', {}, { token: viewer.accessToken, url })));
  expect(answers.map((a) => a.data?.me.id)).toEqual(Array(8).fill(viewer.user.id));
  const workers = workersOf(gateway.pid!);
  expect(workers).toHaveLength(2);

  const exited = once(gateway, 'exit');
  gateway.kill('SIGTERM');
  expect((await exited)[0]).toBe(0);
  expect(workers.filter(running)).toEqual([]);
});
