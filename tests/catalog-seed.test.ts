import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { gql } from './support/client';
import { TEST_DATABASE_URL } from './support/database';
import { VEGA_MOVIES } from '../subgraphs/catalog/src/domain/vega-movies';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..');
const seed = () =>
  run(process.execPath, ['--import', 'tsx', resolve(ROOT, 'subgraphs/catalog/src/bin/seed.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL },
  });

describe('npm run seed', () => {
  test('loads every titled movie of vega-datasets once; a second run changes nothing', async () => {
    const rows = JSON.parse(readFileSync(VEGA_MOVIES, 'utf8')) as { Title: string | number | null }[];
    const titled = rows.filter((r) => r.Title !== null && String(r.Title).trim() !== '').length;
    expect(titled).toBe(3200);

    // Other suites may have created a few of the same films (the demo content is drawn from this list).
    const first = /catalog seed: (\d+) created, (\d+) already present \(3200 movies\)/.exec((await seed()).stdout);
    expect(first).not.toBeNull();
    expect(Number(first![1]) + Number(first![2])).toBe(3200);
    const second = await seed();
    expect(second.stdout).toMatch(/catalog seed: 0 created, 3200 already present \(3200 movies\)/);

    const drama = await gql(
      `{ titles(filter: { genres: ["drama"], yearFrom: 1994, yearTo: 1994 }, sort: POPULAR, first: 3) { edges { node { title releaseYear genreSlugs } } } }`,
    );
    expect(drama.errors).toBeUndefined();
    expect(drama.data!.titles.edges).toHaveLength(3);
    for (const { node } of drama.data!.titles.edges) expect(node).toMatchObject({ releaseYear: 1994, genreSlugs: ['drama'] });
    expect(drama.data!.titles.edges[0].node.title).toBe('The Shawshank Redemption');
  }, 240_000);
});
