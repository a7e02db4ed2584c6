/**
 * Clean shutdown. On SIGTERM or SIGINT a service first reports not ready (so load balancers and the
 * gateway's callers stop sending), keeps serving for `SHUTDOWN_DELAY_SECONDS` while they notice, then
 * stops: in-flight requests finish, the outbox relay finishes its batch, the indexer commits, connections
 * close and buffered spans are sent. If that takes longer than `SHUTDOWN_TIMEOUT_SECONDS` the process
 * exits anyway (non-zero), so an orchestrator never waits on a stuck service.
 */
import { createLogger } from './logger';
import { flushTracing } from './tracing';

let shuttingDown = false;

/** True once a stop signal arrived: readiness fails and responses ask callers to close their connection. */
export const isShuttingDown = () => shuttingDown;

export interface Stoppable {
  stop(): Promise<void>;
}

const seconds = (value: string | undefined, fallback: number) => {
  const parsed = Number(value);
  return value && Number.isFinite(parsed) && parsed >= 0 ? parsed * 1000 : fallback * 1000;
};

/**
 * How long a stopping server waits for in-flight requests before closing their connections: what is left
 * of the shutdown timeout after the delay, with a margin for closing the rest.
 */
export function drainGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  return Math.max(1000, seconds(env.SHUTDOWN_TIMEOUT_SECONDS, 25) - seconds(env.SHUTDOWN_DELAY_SECONDS, 2) - 3000);
}

/** Runs a service's start function as the process entry point; a failed start exits non-zero. */
export function runService(name: string, start: () => Promise<Stoppable>, env: NodeJS.ProcessEnv = process.env): void {
  const log = createLogger(name, env.LOG_LEVEL);
  const delayMs = seconds(env.SHUTDOWN_DELAY_SECONDS, 2);
  const timeoutMs = seconds(env.SHUTDOWN_TIMEOUT_SECONDS, 25);
  start().then(
    (service) => {
      const shutdown = async (signal: NodeJS.Signals) => {
        if (shuttingDown) return;
        shuttingDown = true;
        log.info({ signal, delayMs, timeoutMs }, 'shutting down: not ready any more');
        const deadline = setTimeout(() => {
          log.error({ timeoutMs }, 'shutdown took too long; exiting');
          process.exit(1);
        }, timeoutMs);
        deadline.unref();
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        try {
          await service.stop();
          log.info('stopped');
        } catch (error) {
          log.error({ err: error }, 'stopping failed');
          process.exitCode = 1;
        }
        await flushTracing();
        process.exit();
      };
      process.once('SIGTERM', (signal) => void shutdown(signal));
      process.once('SIGINT', (signal) => void shutdown(signal));
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
