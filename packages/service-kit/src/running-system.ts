/**
 * Where a running `npm start` keeps its data, written to .data/running-system.json while it runs, so the
 * CLIs (import:xmltv, seed) reach the databases the services really use instead of a default nobody serves.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface RunningSystemInfo {
  gatewayUrl: string;
  /** Each service's embedded database (empty when the system runs on DATABASE_URL). */
  databases: Record<string, string>;
  pid: number;
}

const FILE = resolve(process.env.TVSTREAM_DATA_DIR || resolve(__dirname, '..', '..', '..', '.data'), 'running-system.json');

export function writeRunningSystem(info: RunningSystemInfo): void {
  mkdirSync(dirname(FILE), { recursive: true });
  writeFileSync(FILE, JSON.stringify(info, null, 2));
}

export function forgetRunningSystem(): void {
  rmSync(FILE, { force: true });
}

/** The running system, or null when none is (a file left by a process that died is ignored). */
export function readRunningSystem(): RunningSystemInfo | null {
  if (!existsSync(FILE)) return null;
  const info = JSON.parse(readFileSync(FILE, 'utf8')) as RunningSystemInfo;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}

/**
 * The database a CLI should write a service's data to: DATABASE_URL when set, else the embedded database
 * of the running `npm start`. Neither: a message saying what to do.
 */
export function databaseFor(service: string, env: NodeJS.ProcessEnv = process.env): { url: string; source: string } {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, source: 'DATABASE_URL' };
  const url = readRunningSystem()?.databases[service];
  if (url) return { url, source: `the running npm start (${service}'s embedded database)` };
  throw new Error(`No database to write to: start the system (npm start) or set DATABASE_URL to the PostgreSQL the services use.`);
}
