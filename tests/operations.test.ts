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
import { gql, register, sessionWithRoles } from './support/client';
import { eventually } from './support/eventually';
import { sqlStatements } from './support/metrics';

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
  // A metric is exported once a service has done what it counts. Run alone, this suite is the system's first
  // client: it sends a request through the gateway and an edit the indexer consumes before reading them.
  beforeAll(async () => {
    const editor = await sessionWithRoles(['EDITOR']);
    const input = { title: `Operations ${Date.now()}`, genres: ['drama'], popularity: 1 };
    const created = await gql(`mutation($i: TitleInput!) { createMovie(input: $i) { id } }`, { i: input }, { token: editor.accessToken });
    await gql(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: created.data!.createMovie.id }, { token: editor.accessToken });
    await eventually(async () => (await exportedMetrics()).has('search_indexer_events_total'), 60_000, 'the search indexer to count an event');
  });

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

  it('counts the SQL statements of every service that has a database (db_queries_total), identity included', async () => {
    const statements = (name: string) => sqlStatements(process.env[`SUBGRAPH_${name}_URL`]!);
    const viewer = await register();
    const before = await statements('IDENTITY');
    // Identity reads the viewer's account from its database to answer `me`.
    const res = await gql(`{ me { id } }`, {}, { token: viewer.accessToken, url: process.env.SUBGRAPH_IDENTITY_URL });
    expect(res.data).toEqual({ me: { id: viewer.user.id } });
    expect((await statements('IDENTITY')) - before).toBeGreaterThanOrEqual(1);
    for (const name of ['CATALOG', 'LIVE', 'RIGHTS']) expect(await statements(name)).toBeGreaterThan(0);
  });
});
