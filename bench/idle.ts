/**
 * `npm run bench -- idle`: what each service spends doing nothing. The system (production mode, real Kafka)
 * is left alone for `IDLE_SETTLE_SECONDS` (10) after start-up, then each service's CPU time (utime + stime
 * from /proc) is read over `IDLE_SECONDS` (60) and reported as a share of one core. With `IDLE_PROFILE=true`
 * the services also run under `--cpu-prof` (which costs CPU of its own, so not for the numbers) and the
 * functions with the most self time in the window are listed.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import type { BenchContext, BenchRow } from './identity';
import { cpuMs } from './gateways';
import { selfTimes } from './profile';

const SETTLE_SECONDS = Number(process.env.IDLE_SETTLE_SECONDS ?? 10);
const SECONDS = Number(process.env.IDLE_SECONDS ?? 60);

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);
const pause = (seconds: number) => new Promise((r) => setTimeout(r, seconds * 1000));

export async function idleCost({ system }: BenchContext): Promise<BenchRow[]> {
  await pause(SETTLE_SECONDS);
  const services = Object.keys(system.pids);
  const before = Object.fromEntries(services.map((name) => [name, cpuMs(system.pids[name])]));
  const from = monotonicMicros();
  await pause(SECONDS);
  const to = monotonicMicros();
  const wallMs = (to - from) / 1000;
  const rows = services.map((name) => {
    const spent = cpuMs(system.pids[name]) - before[name];
    return { service: name, cpuMs: spent, percentOfCore: Math.round((spent / wallMs) * 1000) / 10 };
  });
  console.log(
    `idle for ${Math.round(wallMs / 1000)} s; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}`,
  );
  console.table(rows);
  const dir = system.cpuProfileDir;
  if (dir) {
    await system.stop();
    for (const name of services) {
      const file = resolve(dir, `${name}.cpuprofile`);
      if (!existsSync(file)) continue;
      const profile = selfTimes(JSON.parse(readFileSync(file, 'utf8')), from, to);
      console.log(`${name}: ${profile.totalMs} ms of samples in the idle window, most self time:`);
      console.table(profile.top);
    }
  }
  return rows.map((row) => ({
    scenario: `idle → ${row.service}`,
    'p50 ms': 0,
    'p99 ms': 0,
    errors: 0,
    note: `${row.percentOfCore} % of a core (${row.cpuMs} ms CPU in ${Math.round(wallMs / 1000)} s)`,
  }));
}
