/**
 * What else a benchmark run spends the machine on: the engines behind the subgraphs (OpenSearch, PostgreSQL),
 * the load generator itself (this process), and how much of the machine was left idle. A target whose
 * services leave the machine idle is held back by something other than CPU (a queue, a pool, a wait).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface MachineTicks {
  idle: number;
  stolen: number;
  total: number;
}

/**
 * Jiffies the whole machine spent idle (idle + iowait), stolen (a virtual machine's CPUs running something
 * else of the host's: its neighbours) and in all, from /proc/stat.
 */
export function machineTicks(): MachineTicks {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: fields[3] + fields[4], stolen: fields[7] ?? 0, total: fields.reduce((sum, n) => sum + n, 0) };
}

const share = (key: 'idle' | 'stolen') => (before: MachineTicks, after: MachineTicks) => {
  const total = after.total - before.total;
  return total > 0 ? Number(((after[key] - before[key]) / total).toFixed(2)) : 0;
};

/** The share of the machine left idle between two readings. */
export const idleShare = share('idle');

/** The share of the machine the host gave to others between two readings: throughput lost to no process here. */
export const stolenShare = share('stolen');

/** A process's fields in /proc/<pid>/stat after its name (field 3 is index 0), or null once it has exited. */
export function statFields(pid: number): string[] | null {
  try {
    const line = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return line.slice(line.lastIndexOf(') ') + 2).split(' ');
  } catch {
    return null;
  }
}

const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
};
const parentOf = (pid: number) => Number(statFields(pid)?.[1] ?? 0);

/** The engines' top processes, whose CPU (with their children's) a run reads: PostgreSQL's postmaster and OpenSearch. */
export function enginePids(): Record<string, number> {
  const pids: Record<string, number> = {};
  const postmaster = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .find((pid) => commandOf(pid) === 'postgres' && commandOf(parentOf(pid)) !== 'postgres');
  if (postmaster) pids.postgres = postmaster;
  const enginesDir = process.env.ENGINES_DIR ?? resolve(__dirname, '..', '.engines');
  try {
    pids.opensearch = Number(readFileSync(resolve(enginesDir, 'run', 'opensearch.pid'), 'utf8').trim());
  } catch {
    // The embedded search engine: nothing outside the subgraph to count.
  }
  return pids;
}

/** This process's CPU so far in milliseconds: the load generator's cost. */
export const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Waits until the machine is mostly idle for two seconds in a row (at most `seconds`), so a run does not
 * start while the work before it (indexing, relays, start-ups) is still finishing.
 */
export async function machineSettled(seconds = 90, idleAtLeast = 0.8): Promise<{ seconds: number; idle: number }> {
  const started = Date.now();
  let quietSeconds = 0;
  let idle = 0;
  while (quietSeconds < 2 && Date.now() - started < seconds * 1000) {
    const before = machineTicks();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    idle = idleShare(before, machineTicks());
    quietSeconds = idle >= idleAtLeast ? quietSeconds + 1 : 0;
  }
  return { seconds: Math.round((Date.now() - started) / 1000), idle };
}
