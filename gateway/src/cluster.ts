/**
 * GATEWAY_WORKERS > 1: the gateway as that many worker processes sharing its ports (node:cluster), so one
 * container uses more than one core; planning and serialising answers are CPU-bound and single-threaded.
 * The primary only forks: a worker that dies is replaced, SIGTERM/SIGINT are passed on, and the primary exits
 * when its workers have drained and exited. Each worker serves its own /metrics (a scrape sees one of them).
 */
import cluster from 'node:cluster';
import { createLogger } from '@tvstream/service-kit';

export function runCluster(workers: number, logLevel?: string) {
  const log = createLogger('gateway', logLevel);
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      log.error({ pid: worker.process.pid, code, signal }, 'gateway worker died; starting another');
      cluster.fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code ?? 0);
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  log.info({ workers }, 'gateway workers starting');
}
