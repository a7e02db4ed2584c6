/**
 * What operators load: the Prometheus scrape config and alerting rules pass `promtool` (Debian's
 * `prometheus` package), and every metric the rules and the Grafana dashboard query is one the running
 * services really export.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const run = promisify(execFile);
const DEPLOY = resolve(__dirname, '..', 'deploy');

/** PromQL's own words and the labels the queries use: whatever else an expression names is a metric. */
const PROMQL_WORDS = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'count',
  'by',
  'without',
  'and',
  'or',
  'unless',
  'rate',
  'irate',
  'delta',
  'changes',
  'absent',
  'histogram_quantile',
  'le',
  'service',
  'operation',
  'outcome',
  'instance',
  'job',
  'up',
]);

function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""').replace(/\[[^\]]*\]/g, '');
  return [...withoutStrings.matchAll(/[a-z_][a-z0-9_]*/gi)].map((m) => m[0]).filter((word) => !PROMQL_WORDS.has(word) && !/^\d/.test(word));
}

async function exportedMetrics(): Promise<Set<string>> {
  const urls = [process.env.GATEWAY_URL!, ...['IDENTITY', 'CATALOG', 'LIVE', 'RIGHTS', 'SEARCH'].map((name) => process.env[`SUBGRAPH_${name}_URL`]!)];
  const names = new Set<string>();
  for (const url of urls) {
    const text = await (await fetch(new URL('/metrics', url))).text();
    for (const [, name] of text.matchAll(/^([a-z_][a-z0-9_]*)[{ ]/gm)) names.add(name);
  }
  return names;
}

describe('operations: Prometheus and Grafana', () => {
  it('has a scrape config and alerting rules that promtool accepts', async () => {
    const config = await run('promtool', ['check', 'config', resolve(DEPLOY, 'prometheus', 'prometheus.yml')]);
    expect(config.stdout).toMatch(/SUCCESS/);
    const rules = await run('promtool', ['check', 'rules', resolve(DEPLOY, 'prometheus', 'alerts.yml')]);
    expect(rules.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('scrapes each Compose service on its METRICS_PORT, the only port that serves /metrics there', () => {
    // `<<: *service-env` gives every service the shared METRICS_PORT.
    const compose = parse(readFileSync(resolve(DEPLOY, '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string | number> }>;
    };
    const config = parse(readFileSync(resolve(DEPLOY, 'prometheus', 'prometheus.yml'), 'utf8')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = config.scrape_configs.flatMap((job) => job.static_configs.flatMap((s) => s.targets));
    expect(targets.length).toBeGreaterThanOrEqual(7);
    for (const target of targets) {
      const [service, port] = target.split(':');
      const metricsPort = compose.services[service]?.environment?.METRICS_PORT;
      expect({ target, metricsPort: metricsPort === undefined ? undefined : String(metricsPort) }).toEqual({ target, metricsPort: port });
    }
  });

  it('alerts on error rate, p99 latency, outbox backlog age, consumer lag and readiness flapping, over metrics the services export', async () => {
    const groups = parse(readFileSync(resolve(DEPLOY, 'prometheus', 'alerts.yml'), 'utf8')).groups as { rules: { alert: string; expr: string }[] }[];
    const rules = groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining(['GraphQLErrorRateHigh', 'GraphQLOperationSlow', 'OutboxBacklogOld', 'SearchIndexerLagging', 'ServiceReadinessFlapping']),
    );
    const exported = await exportedMetrics();
    const missing = rules.flatMap((r) =>
      metricNames(r.expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${r.alert}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('ships a Grafana dashboard (valid JSON) whose every panel queries metrics the services export', async () => {
    const dashboard = JSON.parse(readFileSync(resolve(DEPLOY, 'grafana', 'tvstream-dashboard.json'), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(6);
    const exported = await exportedMetrics();
    const queried = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricNames(t.expr).map((name) => ({ panel: p.title, name }))));
    expect(new Set(queried.map((q) => q.name))).toEqual(
      new Set([
        'graphql_request_duration_seconds_count',
        'graphql_request_duration_seconds_bucket',
        'outbox_oldest_event_age_seconds',
        'outbox_backlog',
        'search_indexer_consumer_lag',
        'service_ready',
        'search_indexer_events_total',
      ]),
    );
    expect(queried.filter((q) => !exported.has(q.name))).toEqual([]);
  });
});
