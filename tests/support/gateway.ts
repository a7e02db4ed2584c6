import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { stopChild, waitUntilReady } from '../../scripts/system';
import { testPort } from './ports';

export interface TestGateway {
  /** Its GraphQL endpoint. */
  url: string;
  port: number;
  process: ChildProcess;
  /** Resolves once the process has exited, so nothing of it outlives the test file. */
  stop(): Promise<void>;
}

/**
 * A gateway of a test's own beside the suite's, in front of the same subgraphs, with settings of its own
 * (`env` over the suite's environment), on the port at `offset` (one of PORT_OFFSETS); ready when returned.
 */
export async function startTestGateway(name: string, offset: number, env: Record<string, string | undefined>): Promise<TestGateway> {
  const root = resolve(__dirname, '..', '..');
  const port = testPort(offset);
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'gateway/src/index.ts')], {
    cwd: root,
    env: { ...process.env, GATEWAY_PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  await waitUntilReady(name, `http://127.0.0.1:${port}/readyz`, child);
  return { url: `http://127.0.0.1:${port}/graphql`, port, process: child, stop: () => stopChild(child) };
}
