/**
 * `npm run bench -- rightsab`: rights' CPU per signed-in home, this build against another one, side by side
 * at the same moment, so both see the same machine load (on a shared 2-core machine CPU per request moves
 * ±30 % between runs minutes apart, more than the change measured).
 *
 * `RIGHTS_AB_BASELINE` names the other compiled rights file, e.g. one built from main:
 * `git stash -u && npm run build rights && cp subgraphs/rights/dist/index.js* subgraphs/rights/dist-baseline/`
 * (then `git stash pop`); it must sit one folder below `subgraphs/rights`, as `dist/` does, to find the schema.
 * It and this build's compiled rights are started beside the system's own, with its environment, on ports of
 * their own. Each viewer's home `_entities` call to rights (titles, channels and programmes in one operation,
 * as the gateway merges them) is built from the facts the gateway returns; both builds must give every viewer
 * the same answer, then they are sent `RIGHTS_AB_ROUNDS` (10) rounds of `RIGHTS_AB_REQUESTS` (200) calls
 * each, 4 at a time, the two builds taking turns and the order alternating each round. The CPU a build spends
 * while the other is served is its idle cost (outbox relay polls), subtracted at that rate.
 * `RIGHTS_AB_NODE_FLAGS` adds Node flags to both (e.g. `--cpu-prof --cpu-prof-dir=.data/ab-profiles`: each
 * writes its profile at exit). Results: `bench/results/rights-ab-<time>.json`.
 */
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { callApi } from '@tvstream/service-kit';
import type { BenchContext, BenchRow } from './identity';
import { cpuMs, prepare } from './gateways';
import { saveResults } from './results';

const ROUNDS = Number(process.env.RIGHTS_AB_ROUNDS ?? 10);
const REQUESTS = Number(process.env.RIGHTS_AB_REQUESTS ?? 200);
const CONCURRENCY = 4;

/** The facts the gateway sends rights for a home (federation's @requires), read through the gateway. */
const FACTS = `{
  collections { titles(first: 20) { __typename id ... on Movie { genreSlugs } ... on Series { genreSlugs } } }
  channels { id nowNext { now { id start end channel { id catchupDays } } } }
}`;

/** The home's three entity fetches to rights, merged into one operation the way the gateway merges them. */
const ENTITLED = `query Home__rights($b0_representations: [_Any!]!, $b1_representations: [_Any!]!, $b2_representations: [_Any!]!) {
  b0__entities: _entities(representations: $b0_representations) { ... on Movie { entitled } ... on Series { entitled } }
  b1__entities: _entities(representations: $b1_representations) { ... on Channel { entitled } }
  b2__entities: _entities(representations: $b2_representations) { ... on Programme { entitled } }
}`;

interface Facts {
  collections: { titles: { __typename: string; id: string; genreSlugs: string[] }[] }[];
  channels: { id: string; nowNext: { now: { id: string; start: string; end: string; channel: { id: string; catchupDays: number } } | null } }[];
}

function representations(facts: Facts) {
  return {
    b0_representations: facts.collections.flatMap((c) => c.titles.map(({ __typename, id, genreSlugs }) => ({ __typename, id, genreSlugs }))),
    b1_representations: facts.channels.map(({ id }) => ({ __typename: 'Channel', id })),
    b2_representations: facts.channels.flatMap(({ nowNext: { now } }) => (now ? [{ __typename: 'Programme', ...now }] : [])),
  };
}

async function call(url: string, body: string, token: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const text = await res.text();
  if (!res.ok || text.includes('"errors"')) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

/** The environment a running process was started with. */
const environmentOf = (pid: number): NodeJS.ProcessEnv =>
  Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );

export async function rightsSideBySide({ system, admin }: BenchContext): Promise<BenchRow[]> {
  const baseline = process.env.RIGHTS_AB_BASELINE;
  if (!baseline) {
    console.log('rightsab: skipped (RIGHTS_AB_BASELINE names no compiled rights file to compare with)');
    return [];
  }
  const { tokens } = await prepare(system.gatewayUrl, admin, CONCURRENCY);
  const bodies = await Promise.all(
    tokens.map(async (token) => JSON.stringify({ query: ENTITLED, variables: representations(await callApi<Facts>(system.gatewayUrl, FACTS, {}, token)) })),
  );

  // Both builds run beside the system's own rights (which the gateway keeps using), started alike, so neither
  // is the one the rest of the system talks to.
  const env = environmentOf(system.pids.rights);
  const port = Number(new URL(system.urls.rights).port) + 50;
  const builds = [
    { name: 'this build', file: resolve(__dirname, '..', 'subgraphs/rights/dist/index.js'), port },
    { name: 'baseline', file: resolve(baseline), port: port + 1 },
  ];
  const children = builds.map(({ name, file, port: own }) =>
    spawn(process.execPath, [...(process.env.RIGHTS_AB_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), '--enable-source-maps', file], {
      env: { ...env, RIGHTS_PORT: String(own), METRICS_PORT: '' },
      stdio: ['ignore', ...Array(2).fill(openSync(resolve(system.logDir ?? '.', `rights-${name.replace(' ', '-')}.log`), 'w'))],
    }),
  );
  try {
    const targets = builds.map((b, i) => ({ name: b.name, url: `http://127.0.0.1:${b.port}/graphql`, pid: children[i].pid! }));
    for (const [i, b] of builds.entries()) {
      for (const deadline = Date.now() + 120_000; ;) {
        if (children[i].exitCode !== null) throw new Error(`${b.name} (${b.file}) exited during start-up (see ${system.logDir})`);
        if ((await fetch(`http://127.0.0.1:${b.port}/readyz`).catch(() => null))?.ok) break;
        if (Date.now() > deadline) throw new Error(`${b.name} was not ready within 120 s`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    // Same answers first: every viewer's home, from both builds.
    let entitled = 0;
    for (const [i, body] of bodies.entries()) {
      const [mine, theirs] = await Promise.all(targets.map((t) => call(t.url, body, tokens[i])));
      if (mine !== theirs) throw new Error(`the builds answer viewer ${i} differently:\n${mine}\n${theirs}`);
      entitled += (mine.match(/"entitled":true/g) ?? []).length;
    }
    const entities = Object.values((JSON.parse(bodies[0]) as { variables: Record<string, unknown[]> }).variables).reduce((n, reps) => n + reps.length, 0);

    const burst = async (url: string, count: number) => {
      let next = 0;
      await Promise.all(
        tokens.map(async (token, i) => {
          while (next < count) {
            next++;
            await call(url, bodies[i], token);
          }
        }),
      );
    };
    for (const t of targets) await burst(t.url, REQUESTS / 2); // warm-up
    const busy = targets.map(() => 0);
    const idle = targets.map(() => 0);
    const busySeconds = targets.map(() => 0);
    const idleSeconds = targets.map(() => 0);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [1, 0] : [0, 1];
      for (const served of order) {
        const before = targets.map((t) => cpuMs(t.pid));
        const started = performance.now();
        await burst(targets[served].url, REQUESTS);
        const seconds = (performance.now() - started) / 1000;
        targets.forEach((t, i) => {
          const spent = cpuMs(t.pid) - before[i];
          if (i === served) [busy[i], busySeconds[i]] = [busy[i] + spent, busySeconds[i] + seconds];
          else [idle[i], idleSeconds[i]] = [idle[i] + spent, idleSeconds[i] + seconds];
        });
      }
    }
    const perRequest = targets.map((_, i) => (busy[i] - (idle[i] / idleSeconds[i]) * busySeconds[i]) / (ROUNDS * REQUESTS));
    const rows = targets.map((t, i) => ({
      scenario: `rights side by side → ${t.name}`,
      'p50 ms': 0,
      'p99 ms': 0,
      errors: 0,
      note: `${perRequest[i].toFixed(2)} ms CPU per home (${((ROUNDS * REQUESTS) / busySeconds[i]).toFixed(0)} req/s; idle ${(idle[i] / idleSeconds[i]).toFixed(1)} ms CPU/s)`,
    }));
    const report = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg() },
      baseline,
      rounds: ROUNDS,
      requestsPerRound: REQUESTS,
      concurrency: CONCURRENCY,
      entitiesPerHome: entities,
      sameAnswers: true,
      cpuMsPerHome: Object.fromEntries(targets.map((t, i) => [t.name, Math.round(perRequest[i] * 100) / 100])),
      ratio: Math.round((perRequest[0] / perRequest[1]) * 100) / 100,
      homesPerSecond: Object.fromEntries(targets.map((t, i) => [t.name, Math.round((ROUNDS * REQUESTS) / busySeconds[i])])),
      idleCpuMsPerSecond: Object.fromEntries(targets.map((t, i) => [t.name, Math.round((idle[i] / idleSeconds[i]) * 10) / 10])),
    };
    saveResults('rights-ab', report);
    console.log(
      `rights side by side: ${ROUNDS}×${REQUESTS} calls each, ${entities} entities a home, ${entitled} of ${entities * tokens.length} entitled over ${tokens.length} viewers, same answers; ` +
        `this build ${perRequest[0].toFixed(2)} ms, baseline ${perRequest[1].toFixed(2)} ms CPU per home (×${(perRequest[0] / perRequest[1]).toFixed(2)})`,
    );
    return rows;
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}
