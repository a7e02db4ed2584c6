import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import http from 'node:http';
import express, { type Express, type Request, type Response } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { isShuttingDown } from './lifecycle';

/** One Prometheus registry per service, so gauges such as the outbox backlog live beside request timings. */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL operations by name and outcome',
    labelNames: ['operation', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const dbQueries = new Counter({
    name: 'db_queries_total',
    help: 'SQL statements sent to the database',
    registers: [registry],
  });
  const ready = new Gauge({
    name: 'service_ready',
    help: 'Whether the last readiness probe passed (1) or failed (0); flapping shows as frequent changes',
    registers: [registry],
  });
  return { registry, requestDuration, dbQueries, ready };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Operation names seen by a service are kept as labels up to this many; later new names share one. */
export const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * Clients choose operation names, so every new name would be a new time series. The first names seen are
 * kept (an app's operations are few and stable); anything past the bound or not a GraphQL name is `other`.
 */
export function operationLabels(max = MAX_OPERATION_LABELS) {
  const known = new Set<string>();
  return (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    if (known.has(name)) return name;
    if (known.size >= max || !OPERATION_NAME.test(name)) return 'other';
    known.add(name);
    return name;
  };
}

/**
 * Times every operation. The histogram's child for each (operation, outcome) is bound once and kept, so a
 * request costs one clock read and one `observe`, not prom-client's label hashing and timer closures.
 */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin {
  const label = operationLabels();
  type Child = ReturnType<Metrics['requestDuration']['labels']>;
  const children = { ok: new Map<string, Child>(), error: new Map<string, Child>() };
  const childOf = (operation: string, outcome: 'ok' | 'error') => {
    let child = children[outcome].get(operation);
    if (!child) children[outcome].set(operation, (child = metrics.requestDuration.labels(operation, outcome)));
    return child;
  };
  const willSendResponse = (started: number) =>
    async function ({ operationName, errors }: { operationName?: string | null; errors?: readonly unknown[] }) {
      childOf(label(operationName), errors?.length ? 'error' : 'ok').observe((performance.now() - started) / 1000);
    };
  return {
    async requestDidStart() {
      return { willSendResponse: willSendResponse(performance.now()) };
    },
  };
}

export type ReadinessCheck = () => Promise<void>;

/**
 * `/healthz`: the process is alive. `/readyz`: every dependency answers (a failing check names itself), and
 * the process is not shutting down. With `log`, each change of the answer is logged (not each probe), so a
 * service that never becomes ready says what it waits for instead of leaving an empty log.
 */
export function mountProbes(app: Express, metrics: Metrics, checks: Record<string, ReadinessCheck>, log?: Pick<Logger, 'warn' | 'info'>) {
  let lastVerdict = '';
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (isShuttingDown()) {
      metrics.ready.set(0);
      return void res.status(503).json({ status: 'shutting down', failures: {} });
    }
    const failures: Record<string, string> = {};
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await check();
        } catch (error) {
          failures[name] = error instanceof Error ? error.message : String(error);
        }
      }),
    );
    const ready = Object.keys(failures).length === 0;
    metrics.ready.set(ready ? 1 : 0);
    const verdict = JSON.stringify(failures);
    if (log && verdict !== lastVerdict) {
      if (ready) log.info('/readyz: ready');
      else log.warn({ failures }, '/readyz: not ready');
      lastVerdict = verdict;
    }
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', failures });
  });
}

const metricsRoute = (metrics: Metrics) => async (_req: Request, res: Response) => {
  res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
};

/**
 * `/metrics` (Prometheus text format) beside the service's API, or, with `metricsPort` (METRICS_PORT), only
 * on an internal port of its own that the public address does not expose. Returns what stops it.
 */
export async function mountMetrics(app: Express, metrics: Metrics, host: string, metricsPort?: number): Promise<() => Promise<void>> {
  if (metricsPort === undefined) {
    app.get('/metrics', metricsRoute(metrics));
    return async () => undefined;
  }
  const internal = express();
  internal.disable('x-powered-by');
  internal.get('/metrics', metricsRoute(metrics));
  const server = http.createServer(internal);
  await new Promise<void>((resolve) => server.listen(metricsPort, host, resolve));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
