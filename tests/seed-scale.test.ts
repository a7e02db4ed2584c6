import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { gql } from './support/client';
import { TEST_DATABASE_URL } from './support/database';
import { eventually } from './support/eventually';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..');
const seed = () =>
  run(process.execPath, ['--import', 'tsx', resolve(ROOT, 'scripts/seed.ts'), '--scale', '4000', '--channels', '3', '--days', '2'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL },
    maxBuffer: 16 * 1024 * 1024,
  });
const summary = (stdout: string) => {
  const m = /seed --scale 4000: (\d+) channels and (\d+) programmes \((\d+) new\), (\d+) titles \((\d+) new\)/.exec(stdout);
  expect(m).not.toBeNull();
  const [channels, programmes, newProgrammes, titles, newTitles] = m!.slice(1).map(Number);
  return { channels, programmes, newProgrammes, titles, newTitles };
};

describe('npm run seed -- --scale', () => {
  test('builds about N documents of guide, films, series and episodes through the domain; a second run adds nothing; search finds them', async () => {
    const first = await seed();
    expect(first.stdout).toMatch(/guide: 3\/3 channels/);
    const made = summary(first.stdout);
    expect(made.channels).toBe(3);
    expect(made.programmes).toBeGreaterThan(40);
    expect(made.channels + made.programmes + made.titles).toBe(4000);

    const again = summary((await seed()).stdout);
    expect(again).toMatchObject({ newProgrammes: 0, newTitles: 0, titles: made.titles, programmes: made.programmes });

    const series = await gql(
      `{ titles(filter: { types: [SERIES] }, first: 1) { edges { node { ... on Series { id title seasons { number episodes { title episodeNumber } } } } } } }`,
    );
    expect(series.errors).toBeUndefined();
    const [{ node }] = series.data!.titles.edges;
    expect(node.seasons[0].number).toBe(1);
    expect(node.seasons[0].episodes[0].episodeNumber).toBe(1);

    // The bulk path's events reach search like any edit's (outbox → Kafka → indexer).
    const wanted = node.title as string;
    await eventually(
      async () => {
        const found = await gql(
          `query($q: String!) { search(query: $q, filters: { types: [SERIES] }, first: 20) { edges { node { result { ... on Series { id } } } } } }`,
          { q: wanted },
        );
        return (found.data?.search.edges as { node: { result: { id: string } } }[] | undefined)?.some((e) => e.node.result.id === node.id);
      },
      300_000,
      'the seeded series to be searchable',
    );
  }, 600_000);
});
