/**
 * `npm run bench:table -- bench/results/gateways-<time>.json`: a gateways benchmark result as the Markdown table
 * docs/PERFORMANCE.md shows, with the machine, how this gateway ran and the RSS of every process under it.
 */
import { readFileSync } from 'node:fs';

export interface Row {
  operation: string;
  target: string;
  reqPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  cpuMsPerRequest: number | null;
  subgraphCpuMsPerRequest: Record<string, number>;
  /** Runs before the engines and the load generator were measured have none. */
  otherCpuMsPerRequest?: Record<string, number>;
  machineIdle?: number;
  /** Runs before stolen time was read have none. */
  machineStolen?: number;
  answerDiffersFromStock: boolean;
  ofStock: number;
  ofDirect: number | null;
}

export interface Report {
  at: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; loadAverage: number[] };
  statementsPerHome: Record<string, number>;
  gatewayConfig: Record<string, string>;
  connections: number;
  rounds: number;
  secondsPerRun: number;
  warmUpSecondsPerTarget?: number;
  results: Row[];
  rssMb: Record<string, number>;
}

const SUBGRAPHS = ['catalog', 'live', 'rights', 'identity', 'search'];
/**
 * No gateway: a plain HTTP proxy in front of the subgraph that answers an operation alone
 * (bench/peers/plain-proxy.ts). It does no GraphQL, so a gateway's ratio to it measures the gateway's own
 * cost beside a hop every deployment has, where the ratio to the subgraph directly also counts the hop.
 */
export const PLAIN_PROXY = 'plain HTTP proxy';
const OTHERS = ['opensearch', 'postgres', 'load generator'];

export function markdownTable(report: Report): string {
  const measuredOthers = report.results.some((row) => row.otherCpuMsPerRequest);
  const measuredStolen = report.results.some((row) => row.machineStolen !== undefined);
  const percent = (share: number | undefined) => (share === undefined ? '–' : `${Math.round(share * 100)} %`);
  const proxyRates = new Map(report.results.filter((row) => row.target === PLAIN_PROXY).map((row) => [row.operation, row.reqPerSecond]));
  const ofProxy = (row: Row) => {
    const proxy = proxyRates.get(row.operation);
    return proxy ? String(Number((row.reqPerSecond / proxy).toFixed(2))) : '';
  };
  const header = [
    'operation',
    'target',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'gateway CPU ms/req',
    ...SUBGRAPHS,
    ...(measuredOthers ? [...OTHERS, 'machine idle'] : []),
    ...(measuredStolen ? ['stolen by the host'] : []),
    '× stock',
    '× direct',
    ...(proxyRates.size ? ['× plain proxy'] : []),
    'same answer',
  ];
  const cells = report.results.map((row) => [
    row.operation,
    row.target,
    String(row.reqPerSecond),
    String(row.p50Ms),
    String(row.p99Ms),
    String(row.errors),
    row.cpuMsPerRequest === null ? '–' : String(row.cpuMsPerRequest),
    ...SUBGRAPHS.map((name) => String(row.subgraphCpuMsPerRequest[name] ?? '–')),
    ...(measuredOthers ? [...OTHERS.map((name) => String(row.otherCpuMsPerRequest?.[name] ?? '–')), percent(row.machineIdle)] : []),
    ...(measuredStolen ? [percent(row.machineStolen)] : []),
    String(row.ofStock),
    row.ofDirect === null ? '' : String(row.ofDirect),
    ...(proxyRates.size ? [ofProxy(row)] : []),
    row.answerDiffersFromStock ? '**no**' : 'yes',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const { machine } = report;
  return [
    `${report.at}: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, load average at the end ${machine.loadAverage.map((n) => n.toFixed(1)).join(' / ')}; ` +
      `${report.connections} connections, ${report.rounds} interleaved rounds of ${report.secondsPerRun} s per target and operation` +
      (report.warmUpSecondsPerTarget ? ` after ${report.warmUpSecondsPerTarget} s of warm-up per target; ` : '; ') +
      `this gateway with ${Object.entries(report.gatewayConfig)
        .map(([name, value]) => `${name}=${value}`)
        .join(', ')}; SQL statements per signed-in home: ${Object.entries(report.statementsPerHome)
        .map(([name, n]) => `${name} ${Math.max(0, n)}`)
        .join(', ')}.`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...cells.map(line),
    '',
    `RSS after the run (MB): ${Object.entries(report.rssMb)
      .map(([name, mb]) => `${name} ${mb}`)
      .join(', ')}.`,
    '',
    'Targets of issue 13 in this run:',
    '',
    ...targetVerdicts(report),
  ].join('\n');
}

/**
 * The issue's targets (issue 13) judged on one run, as a list under the table: a run states for itself what
 * it met, instead of each reader working it out from the ratios.
 */
export function targetVerdicts(report: Report): string[] {
  const row = (operation: string, target: string) => report.results.find((r) => r.operation === operation && r.target === target);
  const verdicts: string[] = [];
  const judge = (target: string, measured: string, met: boolean) => verdicts.push(`- ${target}: ${measured}, ${met ? 'met' : '**not met**'}`);
  const home = row('home', 'this gateway');
  const rust = row('home', 'Hive Gateway + Rust planner');
  if (home) {
    if (rust)
      judge('signed-in home ≥ Hive Gateway + Rust planner', `${(home.reqPerSecond / rust.reqPerSecond).toFixed(1)}×`, home.reqPerSecond >= rust.reqPerSecond);
    judge('signed-in home ≥ 20× the 10 req/s of the issue', `${(home.reqPerSecond / 10).toFixed(0)}×`, home.reqPerSecond >= 200);
    judge('signed-in home p99 < 250 ms', `${home.p99Ms} ms`, home.p99Ms < 250);
  }
  for (const operation of ['me', 'search']) {
    const ours = row(operation, 'this gateway');
    if (!ours) continue;
    judge(`${operation} ≥ stock @apollo/gateway`, `${ours.ofStock}×`, ours.ofStock >= 1);
    if (ours.ofDirect !== null) judge(`${operation} ≥ 0.8× its subgraph directly`, `${ours.ofDirect}×`, ours.ofDirect >= 0.8);
  }
  const differing = report.results.filter((r) => r.answerDiffersFromStock).map((r) => `${r.operation} through ${r.target}`);
  judge('no answer differs from the stock gateway’s', differing.length ? `differs: ${differing.join(', ')}` : 'none differs', !differing.length);
  return verdicts;
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run bench:table -- bench/results/gateways-<time>.json');
  console.log(markdownTable(JSON.parse(readFileSync(file, 'utf8')) as Report));
}
