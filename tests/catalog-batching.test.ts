import { startCatalog } from '../subgraphs/catalog/src';
import { loadCatalogConfig } from '../subgraphs/catalog/src/config';
import type { RunningService } from '@tvstream/service-kit';
import { gql, register, sessionWithRoles, type Session } from './support/client';
import { TEST_DATABASE_URL } from './support/database';
import { statementsPerCall } from './support/metrics';

/** A catalog instance of this test's own, so its query counter sees nothing but this test's requests. */
let catalog: RunningService;
let editor: Session;
let viewer: Session;
const ids: string[] = [];
const tag = `batch${Date.now()}`;

beforeAll(async () => {
  catalog = await startCatalog(
    loadCatalogConfig({ ...process.env, DATABASE_URL: TEST_DATABASE_URL, CATALOG_PORT: '0', LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '2' }),
  );
  editor = await sessionWithRoles(['EDITOR']);
  viewer = await register();
  for (let i = 0; i < 25; i++) {
    const input = { title: `Batch ${Date.now()} ${i}`, genres: [`${tag}-${i % 2 ? 'odd' : 'even'}`], popularity: i, posterUrl: `https://img.example/${i}.jpg` };
    const res = await gql(`mutation($i: TitleInput!) { createMovie(input: $i) { id } }`, { i: input }, { token: editor.accessToken });
    ids.push(res.data!.createMovie.id);
    await gql(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: ids[i] }, { token: editor.accessToken });
  }
});

afterAll(() => catalog.stop());

test('entity references are resolved in one batch per type, not one query per reference', async () => {
  const resolve = async (refs: string[]) => {
    const { statements } = await statementsPerCall(catalog.url, async () => {
      const res = await gql(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Movie { id title genreSlugs credits { name } } } }`,
        { r: refs.map((id) => ({ __typename: 'Movie', id })) },
        { token: editor.accessToken, url: catalog.url },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities.map((m: { id: string }) => m.id)).toEqual(refs);
    });
    return statements;
  };
  const forOne = await resolve(ids.slice(0, 1));
  const forTwentyFive = await resolve(ids);
  // One statement: the titles with every relation they include (it was one per relation level, 9).
  expect(forOne).toBe(1);
  expect(forTwentyFive).toBe(forOne);
});

test('the home rails come in the same number of SQL statements however many rails and titles they hold', async () => {
  const createRail = async (name: string, kind: string, extra = '') => {
    const res = await gql(
      `mutation { createCollection(slug: "${tag}-${name}", name: "${name}", kind: ${kind}${extra}) { id } }`,
      {},
      { token: editor.accessToken },
    );
    return res.data!.createCollection.id as string;
  };
  const setTitles = (railId: string, titleIds: string[]) =>
    gql(
      `mutation($c: ID!, $t: [ID!]!) { setCollectionTitles(collectionId: $c, titleIds: $t) { id } }`,
      { c: railId, t: titleIds },
      { token: editor.accessToken },
    );
  const home = async () => {
    const { answers, statements } = await statementsPerCall(catalog.url, async () => {
      const res = await gql(
        `{ collections { id titles(first: 20) { __typename id title releaseYear genres { slug name } artwork { kind url } } } }`,
        {},
        { token: viewer.accessToken, url: catalog.url },
      );
      expect(res.errors).toBeUndefined();
      return new Map<string, string[]>(res.data!.collections.map((c: { id: string; titles: { id: string }[] }) => [c.id, c.titles.map((t) => t.id)]));
    });
    // The same rails each time.
    for (const rails of answers) expect(rails).toEqual(answers[0]);
    return { statements, rails: answers[0] };
  };

  const picks = await createRail('picks', 'CURATED');
  await setTitles(picks, [ids[3], ids[1], ids[2]]);
  const even = await createRail('even', 'POPULAR_IN_GENRE', `, genre: "${tag}-even"`);
  await createRail('new', 'NEW_THIS_MONTH');
  const few = await home();
  expect(few.rails.get(picks)).toEqual([ids[3], ids[1], ids[2]]);
  expect(few.rails.get(even)).toEqual([24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0].map((i) => ids[i]));

  const more = await createRail('more-picks', 'CURATED');
  await setTitles(more, ids);
  const odd = await createRail('odd', 'POPULAR_IN_GENRE', `, genre: "${tag}-odd"`);
  await createRail('new-again', 'NEW_THIS_MONTH');
  const many = await home();
  expect(many.rails.get(more)).toEqual(ids.slice(0, 20));
  expect(many.rails.get(odd)).toEqual([23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1].map((i) => ids[i]));
  expect(many.rails.size).toBeGreaterThan(few.rails.size);
  expect(many.statements).toBe(few.statements);
  // The rail list, one statement per kind of rail (curated, new this month, popular in genre), and the
  // titles with their genres, credits and series in one statement (Prisma's relation joins).
  expect(few.statements).toBe(5);
});
