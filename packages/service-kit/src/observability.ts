import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Express } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
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

export function metricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const stop = metrics.requestDuration.startTimer();
      return {
        async willSendResponse(ctx) {
          stop({ operation: ctx.operationName ?? 'anonymous', outcome: ctx.errors?.length ? 'error' : 'ok' });
        },
      };
    },
  };
}

export type ReadinessCheck = () => Promise<void>;

/**
 * `/healthz`: the process is alive. `/readyz`: every dependency answers (a failing check names itself), and
 * the process is not shutting down.
 * `/metrics`: Prometheus text format.
 */
export function mountProbes(app: Express, metrics: Metrics, checks: Record<string, ReadinessCheck>) {
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
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', failures });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
