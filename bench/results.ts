import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';

/**
 * Writes a scenario's report to bench/results/<kind>-<its time>.json and prints where, with the load average
 * it ended at (what says whether the machine was quiet). Returns the file's path.
 */
export function saveResults(kind: string, report: { at: string }): string {
  const dir = resolve(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `${kind}-${report.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `results: ${file}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}`,
  );
  return file;
}
