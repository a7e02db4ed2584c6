import { markdownTable, targetVerdicts, type Report, type Row } from './table';

const row = (operation: string, target: string, reqPerSecond: number, more: Partial<Row> = {}): Row => ({
  operation,
  target,
  reqPerSecond,
  p50Ms: 50,
  p99Ms: 120,
  errors: 0,
  cpuMsPerRequest: 1,
  subgraphCpuMsPerRequest: {},
  answerDiffersFromStock: false,
  ofStock: 1,
  ofDirect: null,
  ...more,
});

const report = (results: Row[]): Report => ({
  at: '2026-12-03T17:02:00.000Z',
  machine: { cpus: 2, cpuModel: 'test', memoryGb: 24, node: 'v24', loadAverage: [1, 1, 1] },
  statementsPerHome: { catalog: 0 },
  gatewayConfig: {},
  connections: 50,
  rounds: 5,
  secondsPerRun: 10,
  results,
  rssMb: {},
});

describe("a gateways run judged against the issue's targets", () => {
  const run = report([
    row('home', 'this gateway', 654, { p99Ms: 174, ofStock: 8.96 }),
    row('home', 'Hive Gateway + Rust planner', 75),
    row('me', 'this gateway', 989, { ofStock: 1.34, ofDirect: 0.6 }),
    row('me', 'identity directly', 1646, { ofDirect: 1 }),
    row('me', 'plain HTTP proxy', 1318, { ofDirect: 0.8 }),
    row('search', 'this gateway', 420, { ofStock: 0.98, ofDirect: 0.84 }),
    row('search', 'Hive Gateway', 351, { answerDiffersFromStock: true }),
  ]);

  it('says which targets the run met and which it did not, with what was measured', () => {
    expect(targetVerdicts(run)).toEqual([
      '- signed-in home ≥ Hive Gateway + Rust planner: 8.7×, met',
      '- signed-in home ≥ 20× the 10 req/s of the issue: 65×, met',
      '- signed-in home p99 < 250 ms: 174 ms, met',
      '- me ≥ stock @apollo/gateway: 1.34×, met',
      '- me ≥ 0.8× its subgraph directly: 0.6×, **not met**',
      '- search ≥ stock @apollo/gateway: 0.98×, **not met**',
      '- search ≥ 0.8× its subgraph directly: 0.84×, met',
      '- no answer differs from the stock gateway’s: differs: search through Hive Gateway, **not met**',
    ]);
  });

  it('judges only what the run measured', () => {
    expect(targetVerdicts(report([row('me', 'this gateway', 900, { ofStock: 1.2, ofDirect: 0.9 })]))).toEqual([
      '- me ≥ stock @apollo/gateway: 1.2×, met',
      '- me ≥ 0.8× its subgraph directly: 0.9×, met',
      '- no answer differs from the stock gateway’s: none differs, met',
    ]);
  });

  it('shows each target’s rate over the plain proxy in front of the same subgraph', () => {
    const line = markdownTable(run)
      .split('\n')
      .find((l) => l.startsWith('| me ') && l.includes('this gateway'))!;
    expect(line.split('|').map((cell) => cell.trim())).toContain('0.75');
  });
});
