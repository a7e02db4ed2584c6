/**
 * `npm run bench -- tail`: where a signed-in home's slowest answers come from. One autocannon run through the
 * gateway at BENCH_CONNECTIONS (50), each connection its own viewer; every answer's latency is recorded with
 * the second it ended in, beside each service's CPU in that second, so a slow second can be read against what
 * ran in it (an expired cache refilled, a garbage collection, the load generator itself).
 */
import autocannon from 'autocannon';
import type { BenchContext, BenchRow } from './identity';
import { cpuMs, prepare } from './gateways';
import { HOME } from './home';
import { saveResults } from './results';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

export async function homeTail({ system, admin, durationSeconds }: BenchContext): Promise<BenchRow[]> {
  const { tokens } = await prepare(system.gatewayUrl, admin, CONNECTIONS);
  const body = JSON.stringify({ query: HOME });
  const run = (seconds: number, onResponse?: (latency: number) => void) =>
    new Promise<void>((done, fail) => {
      let next = 0;
      const instance = autocannon(
        {
          url: system.gatewayUrl,
          method: 'POST',
          connections: CONNECTIONS,
          duration: seconds,
          body,
          headers: { 'content-type': 'application/json' },
          setupClient: (client: { setHeaders: (h: Record<string, string>) => void }) =>
            client.setHeaders({ 'content-type': 'application/json', authorization: `Bearer ${tokens[next++ % tokens.length]}` }),
        },
        (error: Error | null) => (error ? fail(error) : done()),
      );
      if (onResponse) instance.on('response', (_client: unknown, _status: number, _bytes: number, latency: number) => onResponse(latency));
    });
  await run(5);
  const started = Date.now();
  const seconds: { latencies: number[]; cpu: Record<string, number> }[] = [];
  const cpuAt = () => Object.fromEntries(Object.entries(system.pids).map(([name, pid]) => [name, cpuMs(pid)]));
  let last = cpuAt();
  const ticker = setInterval(() => {
    const now = cpuAt();
    const second = seconds[seconds.length - 1];
    if (second) second.cpu = Object.fromEntries(Object.entries(now).map(([name, ms]) => [name, Math.round(ms - last[name])]));
    last = now;
    seconds.push({ latencies: [], cpu: {} });
  }, 1000);
  seconds.push({ latencies: [], cpu: {} });
  await run(durationSeconds, (latency) => seconds[Math.floor((Date.now() - started) / 1000)]?.latencies.push(latency));
  clearInterval(ticker);
  const all = seconds.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const at = (q: number) => all[Math.min(all.length - 1, Math.floor(q * all.length))];
  const p99 = at(0.99);
  const perSecond = seconds.map((s, i) => {
    const sorted = [...s.latencies].sort((a, b) => a - b);
    return {
      second: i,
      answers: s.latencies.length,
      p50: sorted[Math.floor(sorted.length / 2)] ?? 0,
      max: sorted[sorted.length - 1] ?? 0,
      overP99: s.latencies.filter((l) => l >= p99).length,
      ...s.cpu,
    };
  });
  console.table(perSecond);
  const report = { at: new Date().toISOString(), connections: CONNECTIONS, p50: at(0.5), p99, max: all[all.length - 1], perSecond };
  saveResults('tail', report);
  return [{ scenario: 'home tail', 'p50 ms': at(0.5), 'p99 ms': p99, errors: 0, note: `${all.length} answers` }];
}
