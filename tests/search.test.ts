/**
 * Search end to end on the real engines: an editor's change in catalog travels outbox → relay → Kafka →
 * indexer → OpenSearch and shows up in `search` through the gateway, with the hit resolved by catalog.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { adminSession, codes, gql, register, sessionWithRoles, type Session } from './support/client';
import { importXmltv, uniqueXmltvId, xmltvDoc, xmltvTime } from './support/live';
import { createPackage, must, publishedMovie } from './support/rights';
import { oneReindexAtATime, REINDEX_TEST_MS } from './support/reindex';
import { eventually } from './support/eventually';

const SEARCH = `query($q: String!, $f: SearchFilters, $first: Int, $after: String) {
  search(query: $q, filters: $f, first: $first, after: $after) {
    totalCount
    edges { cursor node { type id title score highlights { field snippets } result { __typename ... on Movie { id title releaseYear } ... on Channel { id name } } } }
    pageInfo { hasNextPage endCursor }
    facets { types { value count } genres { value count } years { value count } }
  }
}`;

interface Hit {
  type: string;
  id: string;
  title: string;
  result: { __typename: string; id: string; title?: string; releaseYear?: number };
}

async function search(q: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await gql<{ search: { totalCount: number; edges: { node: Hit }[] } }>(SEARCH, { q, ...variables }, { token });
  if (res.errors || !res.data?.search) throw new Error(JSON.stringify(res));
  return res.data.search;
}

describe('search through the gateway (Kafka + OpenSearch)', () => {
  let editor: Session;
  const unique = `Zyxwa${Date.now().toString(36)}`;
  let movieId: string;

  beforeAll(async () => {
    editor = await sessionWithRoles(['EDITOR']);
  });

  it('makes a published title searchable within seconds, resolved by catalog, and drops it when unpublished', async () => {
    const created = await gql<{ createMovie: { id: string } }>(
      `mutation($i: TitleInput!) { createMovie(input: $i) { id } }`,
      { i: { title: `${unique} Odyssey`, releaseYear: 2011, genres: ['science-fiction'], synopsis: 'A voyage past Jupiter.', popularity: 5 } },
      { token: editor.accessToken },
    );
    movieId = created.data!.createMovie.id;
    // A draft is not searchable.
    const published = await gql(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: movieId }, { token: editor.accessToken });
    expect(published.errors).toBeUndefined();
    const publishedAt = Date.now();
    await eventually(async () => (await search(unique)).edges.some((e) => e.node.id === movieId));
    expect(Date.now() - publishedAt).toBeLessThan(10_000);

    // A typo in the distinctive word still finds it; the owner resolves the reference.
    const hit = (await search(`${unique.slice(0, -2)}${unique.at(-1)}${unique.at(-2)} odysey`)).edges.find((e) => e.node.id === movieId)!.node;
    expect(hit).toMatchObject({
      type: 'MOVIE',
      title: `${unique} Odyssey`,
      result: { __typename: 'Movie', id: movieId, title: `${unique} Odyssey`, releaseYear: 2011 },
    });

    const suggestions = await gql<{ suggest: { text: string; id: string }[] }>(`query($p: String!) { suggest(prefix: $p) { text type id } }`, {
      p: unique.slice(0, 6).toLowerCase(),
    });
    expect(suggestions.data!.suggest.map((s) => s.id)).toContain(movieId);

    // The service exports how many documents are searchable.
    const metrics = await (await fetch(new URL('/metrics', process.env.SUBGRAPH_SEARCH_URL))).text();
    expect(Number(/^search_documents\{[^}]*\} (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);

    await gql(`mutation($id: ID!) { unpublishTitle(id: $id) { id } }`, { id: movieId }, { token: editor.accessToken });
    await eventually(async () => (await search(unique)).totalCount === 0);
  });

  it("shows and ranks a programme's title in the viewer's language: the language argument, else Accept-Language", async () => {
    const word = `Qwvj${Date.now().toString(36)}`;
    const channel = uniqueXmltvId('lang');
    const start = new Date(Date.now() + 3600_000);
    const imported = await importXmltv(
      xmltvDoc(
        [{ id: channel, name: `Langues ${channel}` }],
        [
          {
            channel,
            start: xmltvTime(start),
            stop: xmltvTime(new Date(start.getTime() + 1800_000)),
            title: `${word} Evening News`,
            extra: `<title lang="fr">${word} Le Journal du soir</title>`,
          },
        ],
      ),
      editor.accessToken,
    );
    expect(imported.errors).toBeUndefined();
    const shown = async (headers: Record<string, string>, language?: string) => {
      const res = await gql(
        `query($q: String!, $l: String) { search(query: $q, language: $l, filters: { types: [PROGRAMME] }) { edges { node { title } } } suggest(prefix: $q, language: $l) { text } }`,
        { q: word, l: language ?? null },
        { headers },
      );
      expect(res.errors).toBeUndefined();
      return [res.data!.search.edges[0]?.node.title, res.data!.suggest[0]?.text];
    };
    await eventually(async () => (await shown({}))[0] !== undefined);
    expect(await shown({})).toEqual([`${word} Evening News`, `${word} Evening News`]);
    expect(await shown({ 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' })).toEqual([`${word} Le Journal du soir`, `${word} Le Journal du soir`]);
    expect(await shown({ 'accept-language': 'fr' }, 'en')).toEqual([`${word} Evening News`, `${word} Evening News`]);
    expect(codes(await gql(`{ search(query: "x", language: "not a tag") { totalCount } }`))).toEqual(['BAD_USER_INPUT']);
  });

  it('fills the highlights and facets a query reads through aliases, fragments and @include, and only those', async () => {
    const word = `Qwvhl${Date.now().toString(36)}`;
    const { data } = await gql<{ createMovie: { id: string } }>(
      `mutation($i: TitleInput!) { createMovie(input: $i) { id } }`,
      { i: { title: `${word} Harbour`, releaseYear: 2012, genres: ['drama'], synopsis: `A ${word} keeper's last winter.` } },
      { token: editor.accessToken },
    );
    await gql(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: data!.createMovie.id }, { token: editor.accessToken });
    await eventually(async () => (await search(word)).totalCount === 1);

    const asked = `query($q: String!, $marks: Boolean!) {
      search(query: $q) { ...Counts hits: edges { node { id marks: highlights @include(if: $marks) { field snippets } } } }
    }
    fragment Counts on SearchResults { facets { ... on SearchFacets { byYear: years { value count } } } }`;
    const read = async (marks: boolean) => {
      const res = await gql<{ search: Record<string, any> }>(asked, { q: word, marks });
      expect(res.errors).toBeUndefined();
      return res.data!.search;
    };
    const marked = await read(true);
    expect(marked.facets).toEqual({ byYear: [{ value: '2012', count: 1 }] });
    expect(marked.hits).toEqual([
      {
        node: {
          id: data!.createMovie.id,
          marks: expect.arrayContaining([{ field: 'description', snippets: [expect.stringContaining(`<em>${word}</em>`)] }]),
        },
      },
    ]);
    expect(await read(false)).toEqual({ facets: { byYear: [{ value: '2012', count: 1 }] }, hits: [{ node: { id: data!.createMovie.id } }] });
  });

  it('refuses bad arguments with BAD_USER_INPUT and "available to me" without a session', async () => {
    expect(codes(await gql(SEARCH, { q: 'x', first: 0 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(SEARCH, { q: 'x', after: 'not-a-cursor' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(SEARCH, { q: 'x', f: { yearFrom: 2010, yearTo: 2000 } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(SEARCH, { q: 'x'.repeat(201) }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(`{ suggest(prefix: "  ") { text } }`))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(SEARCH, { q: 'x', f: { availableToMe: true } }))).toEqual(['UNAUTHENTICATED']);
  });

  it('answers "available to me" from the rights events: free packages for everyone, grants per viewer', async () => {
    const manager = await sessionWithRoles(['RIGHTS_MANAGER']);
    const word = `Qwvbn${Date.now().toString(36)}`;
    const [freeMovie, paidMovie, otherMovie] = await Promise.all(['Free', 'Paid', 'Other'].map((kind) => publishedMovie(editor, { title: `${word} ${kind}` })));
    await createPackage(manager, { free: true, titleIds: [freeMovie] });
    const paid = await createPackage(manager, { titleIds: [paidMovie] });
    const viewer = await register();
    const other = await register();
    await must(
      `mutation($i: GrantInput!) { grantEntitlement(input: $i) { id } }`,
      { i: { userId: viewer.user.id, packageId: paid, reason: 'search test' } },
      manager.accessToken,
    );

    const available = async (token: string) => (await search(word, { f: { availableToMe: true } }, token)).edges.map((e) => e.node.id).sort();
    // The hit is the owners' entity: rights adds `entitled` to catalog's Movie.
    const entitledOf = async (token: string) => {
      const res = await gql<{ search: { edges: { node: { id: string; result: { entitled: boolean } } }[] } }>(
        `query($q: String!) { search(query: $q) { edges { node { id result { ... on Movie { entitled } } } } } }`,
        { q: word },
        { token },
      );
      return Object.fromEntries(res.data!.search.edges.map((e) => [e.node.id, e.node.result.entitled]));
    };
    await eventually(async () => (await search(word)).totalCount === 3);
    await eventually(async () => (await available(viewer.accessToken)).length === 2);
    expect(await available(viewer.accessToken)).toEqual([freeMovie, paidMovie].sort());
    expect(await available(other.accessToken)).toEqual([freeMovie]);
    expect(await entitledOf(viewer.accessToken)).toEqual({ [freeMovie]: true, [paidMovie]: true, [otherMovie]: false });
  });

  it("keeps titles above the active profile's maturity limit out of results and suggestions", async () => {
    const word = `Mtrlm${Date.now().toString(36)}`;
    const [adult, family] = await Promise.all([
      publishedMovie(editor, { title: `${word} Adult`, maturityRating: 16 }),
      publishedMovie(editor, { title: `${word} Family`, maturityRating: 7 }),
    ]);
    const viewer = await register();
    const profile = await gql<{ createProfile: { id: string } }>(
      `mutation { createProfile(name: "Kid", maxMaturity: 7) { id } }`,
      {},
      { token: viewer.accessToken },
    );
    const kid = await gql<{ selectProfile: { accessToken: string } }>(
      `mutation($t: String!, $p: ID!) { selectProfile(refreshToken: $t, profileId: $p) { accessToken } }`,
      { t: viewer.refreshToken, p: profile.data!.createProfile.id },
    );
    const kidToken = kid.data!.selectProfile.accessToken;
    await eventually(async () => (await search(word)).totalCount === 2);
    expect((await search(word, {}, viewer.accessToken)).edges.map((e) => e.node.id).sort()).toEqual([adult, family].sort());
    expect((await search(word, {}, kidToken)).edges.map((e) => e.node.id)).toEqual([family]);
    const suggested = await gql<{ suggest: { id: string }[] }>(
      `query($p: String!) { suggest(prefix: $p) { id } }`,
      { p: word.toLowerCase() },
      { token: kidToken },
    );
    expect(suggested.data!.suggest.map((s) => s.id)).toEqual([family]);
  });

  it(
    'lets only admins reindex; the job swaps a rebuilt index in while searches keep answering',
    async () => {
      expect(codes(await gql(`mutation { reindex { id } }`, {}, { token: editor.accessToken }))).toEqual(['FORBIDDEN']);
      const admin = await adminSession();
      await gql(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: movieId }, { token: editor.accessToken });
      await eventually(async () => (await search(unique)).totalCount === 1);
      await oneReindexAtATime(() => rebuildWhileSearching(admin.accessToken));
    },
    REINDEX_TEST_MS,
  );

  async function rebuildWhileSearching(adminToken: string) {
    const started = await gql<{ reindex: { id: string; status: string; index: string } }>(
      `mutation { reindex { id status index processed } }`,
      {},
      { token: adminToken },
    );
    expect(started.errors).toBeUndefined();
    const job = started.data!.reindex;
    expect(job.status).toBe('RUNNING');
    let last = job.status;
    await eventually(async () => {
      // Searching keeps working throughout.
      expect((await search(unique)).totalCount).toBe(1);
      const res = await gql<{ reindexJob: { status: string; processed: number } }>(
        `query($id: ID!) { reindexJob(id: $id) { status processed total finishedAt error } }`,
        { id: job.id },
        { token: adminToken },
      );
      last = res.data!.reindexJob.status;
      return last !== 'RUNNING';
    }, 180_000);
    expect(last).toBe('COMPLETED');
    expect((await search(unique)).edges.map((e) => e.node.id)).toEqual([movieId]);
  }

  it(
    'reindexes from the command line, printing progress until the alias swaps',
    async () => {
      const { stdout } = await oneReindexAtATime(() =>
        promisify(execFile)(process.execPath, ['--import', 'tsx', resolve(__dirname, '..', 'subgraphs/search/src/cli/reindex.ts')], {
          cwd: resolve(__dirname, '..'),
          env: {
            ...process.env,
            TVSTREAM_URL: process.env.GATEWAY_URL,
            TVSTREAM_ADMIN_EMAIL: process.env.TEST_ADMIN_EMAIL,
            TVSTREAM_ADMIN_PASSWORD: process.env.TEST_ADMIN_PASSWORD,
            REINDEX_POLL_MS: '100',
          },
        }),
      );
      expect(stdout).toMatch(/building \S+search-v/);
      expect(stdout).toMatch(/COMPLETED \d+\/\d+ events/);
      expect(stdout).toMatch(/alias now points at/);
      expect((await search(unique)).edges.map((e) => e.node.id)).toEqual([movieId]);
    },
    REINDEX_TEST_MS,
  );
});
