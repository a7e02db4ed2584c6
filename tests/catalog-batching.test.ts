import { startCatalog } from '../subgraphs/catalog/src';
import { loadCatalogConfig } from '../subgraphs/catalog/src/config';
import type { RunningService } from '@tvstream/service-kit';
import { gql, sessionWithRoles, type Session } from './support/client';
import { TEST_DATABASE_URL } from './support/database';

/** A catalog instance of this test's own, so its query counter sees nothing but this test's requests. */
let catalog: RunningService;
let editor: Session;
const ids: string[] = [];

async function sqlStatements(): Promise<number> {
  const text = await (await fetch(new URL('/metrics', catalog.url))).text();
  return Number(/^db_queries_total\{[^}]*\} (\d+)/m.exec(text)![1]);
}

beforeAll(async () => {
  catalog = await startCatalog(loadCatalogConfig({ ...process.env, DATABASE_URL: TEST_DATABASE_URL, CATALOG_PORT: '0', LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '2' }));
  editor = await sessionWithRoles(['EDITOR']);
  for (let i = 0; i < 25; i++) {
    const res = await gql(`mutation($i: TitleInput!) { createMovie(input: $i) { id } }`, { i: { title: `Batch ${Date.now()} ${i}` } }, { token: editor.accessToken });
    ids.push(res.data!.createMovie.id);
  }
});

afterAll(() => catalog.stop());

test('entity references are resolved in one batch per type, not one query per reference', async () => {
  const resolve = async (refs: string[]) => {
    const before = await sqlStatements();
    const res = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Movie { id title genreSlugs credits { name } } } }`,
      { r: refs.map((id) => ({ __typename: 'Movie', id })) },
      { token: editor.accessToken, url: catalog.url },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((m: { id: string }) => m.id)).toEqual(refs);
    return (await sqlStatements()) - before;
  };
  const forOne = await resolve(ids.slice(0, 1));
  const forTwentyFive = await resolve(ids);
  expect(forOne).toBeGreaterThan(0);
  expect(forTwentyFive).toBe(forOne);
});
