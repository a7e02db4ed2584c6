/**
 * What the admin console's catalog pages need of the API: a series' seasons and episodes changed and
 * deleted, artwork by kind, rails checked field by field, and an audit log of who changed what.
 */
import { ArtworkStore } from '../subgraphs/catalog/src/data/artwork-store';
import { createCatalogDb } from '../subgraphs/catalog/src/data/client';
import { renderPoster } from '../subgraphs/catalog/src/domain/poster';
import { codes, gql, register, sessionWithRoles, uniqueEmail, type GraphQLResponse, type Session } from './support/client';
import { sqlRows, TEST_DATABASE_URL } from './support/database';

let editor: Session;
let viewer: Session;
const tag = `a${Date.now().toString(36)}`;

beforeAll(async () => {
  editor = await sessionWithRoles(['EDITOR']);
  viewer = await register(uniqueEmail('catalog-admin-viewer'));
});

async function asEditor<D = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<D> {
  const res = await gql<D>(query, variables, { token: editor.accessToken });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

const fieldErrors = (res: GraphQLResponse) => (res.errors?.[0]?.extensions?.fieldErrors as { field: string }[] | undefined)?.map((f) => f.field);

const SERIES = `query($id: ID!) { title(id: $id) { ... on Series { seasons { id number episodes { id title episodeNumber seasonNumber } } } } }`;

async function seriesWithSeason() {
  const { createSeries } = await asEditor<{ createSeries: { id: string } }>(`mutation($i: TitleInput!) { createSeries(input: $i) { id } }`, {
    i: { title: `Admin Series ${tag} ${Math.random().toString(36).slice(2, 6)}` },
  });
  const { createSeason } = await asEditor<{ createSeason: { id: string } }>(`mutation($s: ID!) { createSeason(seriesId: $s, number: 1) { id } }`, {
    s: createSeries.id,
  });
  const episodes: string[] = [];
  for (const n of [1, 2]) {
    const { createEpisode } = await asEditor<{ createEpisode: { id: string } }>(
      `mutation($s: ID!, $i: EpisodeInput!) { createEpisode(seasonId: $s, input: $i) { id } }`,
      { s: createSeason.id, i: { title: `Episode ${n}`, episodeNumber: n } },
    );
    episodes.push(createEpisode.id);
  }
  return { seriesId: createSeries.id, seasonId: createSeason.id, episodes };
}

const eventsOf = (entityId: string) =>
  sqlRows<{ type: string; entityVersion: number; payload: Record<string, unknown> }>(
    `SELECT type, "entityVersion", payload FROM catalog."OutboxEvent" WHERE "entityId" = $1 ORDER BY sequence`,
    [entityId],
  );

describe('seasons and episodes', () => {
  test('an episode is renamed and renumbered; a taken number is CONFLICT, bad fields BAD_USER_INPUT beside their names', async () => {
    const { seriesId, episodes } = await seriesWithSeason();
    await asEditor(`mutation($id: ID!) { updateEpisode(id: $id, input: { title: "The Return", synopsis: "Back.", episodeNumber: 3 }) { id } }`, {
      id: episodes[0],
    });
    const { title } = await asEditor(SERIES, { id: seriesId });
    expect(title.seasons[0].episodes.map((e: { title: string; episodeNumber: number }) => [e.episodeNumber, e.title])).toEqual([
      [2, 'Episode 2'],
      [3, 'The Return'],
    ]);
    const taken = await gql(
      `mutation($id: ID!) { updateEpisode(id: $id, input: { episodeNumber: 2 }) { id } }`,
      { id: episodes[0] },
      { token: editor.accessToken },
    );
    expect(codes(taken)).toEqual(['CONFLICT']);
    const bad = await gql(
      `mutation($id: ID!) { updateEpisode(id: $id, input: { title: " ", episodeNumber: 0, durationSeconds: -1 }) { id } }`,
      { id: episodes[0] },
      { token: editor.accessToken },
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(fieldErrors(bad)).toEqual(['title', 'episodeNumber', 'durationSeconds']);
    // A movie is no episode.
    const { createMovie } = await asEditor<{ createMovie: { id: string } }>(`mutation { createMovie(input: { title: "Not an episode ${tag}" }) { id } }`);
    expect(
      codes(await gql(`mutation($id: ID!) { updateEpisode(id: $id, input: { title: "X" }) { id } }`, { id: createMovie.id }, { token: editor.accessToken })),
    ).toEqual(['NOT_FOUND']);
    expect((await eventsOf(episodes[0])).map((e) => [e.type, e.entityVersion, e.payload.title])).toEqual([
      ['title.upserted', 1, 'Episode 1'],
      ['title.upserted', 2, 'The Return'],
    ]);
  });

  test('a renumbered season renumbers its episodes’ events; deleting an episode, then the season, announces each deletion', async () => {
    const { seriesId, seasonId, episodes } = await seriesWithSeason();
    const bad = await gql(`mutation($id: ID!) { updateSeason(id: $id, number: 0) { id } }`, { id: seasonId }, { token: editor.accessToken });
    expect(fieldErrors(bad)).toEqual(['number']);
    await asEditor(`mutation($s: ID!) { createSeason(seriesId: $s, number: 2) { id } }`, { s: seriesId });
    expect(codes(await gql(`mutation($id: ID!) { updateSeason(id: $id, number: 2) { id } }`, { id: seasonId }, { token: editor.accessToken }))).toEqual([
      'CONFLICT',
    ]);

    expect((await asEditor(`mutation($id: ID!) { updateSeason(id: $id, number: 5) { number } }`, { id: seasonId })).updateSeason.number).toBe(5);
    const renumbered = await eventsOf(episodes[1]);
    expect(renumbered.at(-1)).toMatchObject({ type: 'title.upserted', entityVersion: 2, payload: { seasonNumber: 5, seriesId } });
    // The episodes' slugs follow their numbers, so a new season 1 has room for its episode 1.
    expect(renumbered.at(-1)?.payload.slug).toMatch(/-s5e2$/);
    const { createSeason } = await asEditor(`mutation($s: ID!) { createSeason(seriesId: $s, number: 1) { id } }`, { s: seriesId });
    await asEditor(`mutation($s: ID!) { createEpisode(seasonId: $s, input: { title: "New pilot", episodeNumber: 1 }) { id } }`, { s: createSeason.id });

    expect((await asEditor(`mutation($id: ID!) { deleteEpisode(id: $id) }`, { id: episodes[0] })).deleteEpisode).toBe(episodes[0]);
    expect((await eventsOf(episodes[0])).at(-1)?.type).toBe('title.deleted');
    expect((await asEditor(`mutation($id: ID!) { deleteSeason(id: $id) }`, { id: seasonId })).deleteSeason).toBe(seasonId);
    expect((await eventsOf(episodes[1])).at(-1)?.type).toBe('title.deleted');
    const { title } = await asEditor(SERIES, { id: seriesId });
    expect(title.seasons.map((s: { number: number }) => s.number)).toEqual([1, 2]);
    expect(codes(await gql(`mutation($id: ID!) { deleteSeason(id: $id) }`, { id: seasonId }, { token: editor.accessToken }))).toEqual(['NOT_FOUND']);
  });
});

describe('artwork and rails', () => {
  test('artwork is set by kind and URL, sizes filled in; bad entries are named per entry', async () => {
    const { createMovie } = await asEditor<{ createMovie: { id: string } }>(`mutation { createMovie(input: { title: "Art ${tag}" }) { id } }`);
    const set = await asEditor(`mutation($id: ID!, $i: TitleInput!) { updateTitle(id: $id, input: $i) { artwork { kind url width height } } }`, {
      id: createMovie.id,
      i: {
        artwork: [
          { kind: 'POSTER', url: 'https://img.example/art.jpg' },
          { kind: 'backdrop', url: 'https://img.example/wide.jpg', width: 1280, height: 720 },
        ],
      },
    });
    expect(set.updateTitle.artwork).toEqual([
      { kind: 'POSTER', url: 'https://img.example/art.jpg', width: 600, height: 900 },
      { kind: 'BACKDROP', url: 'https://img.example/wide.jpg', width: 1280, height: 720 },
    ]);
    expect((await eventsOf(createMovie.id)).at(-1)?.payload.posterUrl).toBe('https://img.example/art.jpg');
    const bad = await gql(
      `mutation($id: ID!, $i: TitleInput!) { updateTitle(id: $id, input: $i) { id } }`,
      {
        id: createMovie.id,
        i: {
          artwork: [
            { kind: 'BANNER', url: 'https://img.example/x.jpg' },
            { kind: 'POSTER', url: 'ftp://img.example/p.jpg' },
          ],
        },
      },
      { token: editor.accessToken },
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(fieldErrors(bad)).toEqual(['artwork.0.kind', 'artwork.1.url']);
  });

  const ARTWORK = 'artwork { kind url width height generated }';
  type Shown = { kind: string; url: string; width: number; height: number; generated: boolean };
  const artworkOf = async (id: string) =>
    (await asEditor<{ title: { artwork: Shown[] } }>(`query($id: ID!) { title(id: $id) { ${ARTWORK} } }`, { id })).title.artwork;
  const drawing = async (url: string) => (await fetch(url)).text();

  test('a new title gets a poster drawn from its name and year; renaming draws it again; an editor’s poster replaces it until removed', async () => {
    const { createMovie } = await asEditor<{ createMovie: { id: string; artwork: Shown[] } }>(
      `mutation($i: TitleInput!) { createMovie(input: $i) { id ${ARTWORK} } }`,
      { i: { title: `Drawn & Quartered ${tag}`, releaseYear: 2001 } },
    );
    const [drawn] = createMovie.artwork;
    expect(createMovie.artwork).toEqual([
      { kind: 'POSTER', url: expect.stringMatching(/^http:\/\/[^/]+\/artwork\/[0-9a-f]{64}\.svg$/), width: 600, height: 900, generated: true },
    ]);
    expect(await drawing(drawn.url)).toContain(`<title>Drawn &amp; Quartered ${tag} (2001)</title>`);

    const update = (input: Record<string, unknown>) =>
      asEditor<{ updateTitle: { artwork: Shown[] } }>(`mutation($id: ID!, $i: TitleInput!) { updateTitle(id: $id, input: $i) { ${ARTWORK} } }`, {
        id: createMovie.id,
        i: input,
      }).then((r) => r.updateTitle.artwork);
    const [redrawn] = await update({ title: `Redrawn ${tag}` });
    expect(redrawn).toMatchObject({ kind: 'POSTER', generated: true });
    expect(redrawn.url).not.toBe(drawn.url);
    expect(await drawing(redrawn.url)).toContain(`<title>Redrawn ${tag} (2001)</title>`);
    // A change that does not show on the poster keeps it.
    expect(await update({ synopsis: 'Unchanged poster.' })).toEqual([redrawn]);
    // The earlier picture is still served: a page already showing it keeps working.
    expect((await fetch(drawn.url)).status).toBe(200);

    // The editor's poster wins, and is what events announce; removing it brings the drawn one back.
    expect(await update({ artwork: [{ kind: 'POSTER', url: 'https://img.example/own.jpg' }] })).toEqual([
      { kind: 'POSTER', url: 'https://img.example/own.jpg', width: 600, height: 900, generated: false },
    ]);
    expect((await eventsOf(createMovie.id)).at(-1)?.payload.posterUrl).toBe('https://img.example/own.jpg');
    const backdrop = { kind: 'BACKDROP', url: 'https://img.example/wide.jpg', width: 1920, height: 1080, generated: false };
    expect(await update({ artwork: [{ kind: 'BACKDROP', url: backdrop.url }] })).toEqual([backdrop, redrawn]);
    expect((await eventsOf(createMovie.id)).at(-1)?.payload.posterUrl).toBeNull();
  });

  test('titles stored before posters were drawn get theirs (what the catalog does at start)', async () => {
    const { createSeries } = await asEditor<{ createSeries: { id: string; artwork: Shown[] } }>(
      `mutation($i: TitleInput!) { createSeries(input: $i) { id ${ARTWORK} } }`,
      { i: { title: `Older ${tag}` } },
    );
    await sqlRows(`UPDATE catalog."Title" SET "generatedPoster" = NULL WHERE id = $1`, [createSeries.id]);
    expect(await artworkOf(createSeries.id)).toEqual([]);
    const db = createCatalogDb(TEST_DATABASE_URL);
    try {
      expect(await new ArtworkStore(db).drawMissingPosters(renderPoster)).toBeGreaterThanOrEqual(1);
    } finally {
      await db.$disconnect();
    }
    expect(await artworkOf(createSeries.id)).toEqual(createSeries.artwork);
  });

  test('a rail’s fields are checked together', async () => {
    const bad = await gql(
      `mutation { createCollection(slug: "Not A Slug", name: " ", kind: POPULAR_IN_GENRE, position: -2) { id } }`,
      {},
      { token: editor.accessToken },
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(fieldErrors(bad)).toEqual(['slug', 'name', 'genre', 'position']);
  });

  test('a rail is renamed and deleted, each audited; a bad name or an unknown rail is refused; viewers may not', async () => {
    const { createCollection } = await asEditor<{ createCollection: { id: string } }>(
      `mutation($s: String!) { createCollection(slug: $s, name: "Old name", kind: CURATED) { id } }`,
      { s: `rail-${tag}` },
    );
    const id = createCollection.id;
    const blank = await gql(`mutation($id: ID!) { renameCollection(id: $id, name: "  ") { id } }`, { id }, { token: editor.accessToken });
    expect(fieldErrors(blank)).toEqual(['name']);
    const asViewer = await gql(`mutation($id: ID!) { deleteCollection(id: $id) }`, { id }, { token: viewer.accessToken });
    expect(codes(asViewer)).toEqual(['FORBIDDEN']);

    const { renameCollection } = await asEditor<{ renameCollection: { name: string; slug: string } }>(
      `mutation($id: ID!) { renameCollection(id: $id, name: " New name ") { name slug } }`,
      { id },
    );
    expect(renameCollection).toEqual({ name: 'New name', slug: `rail-${tag}` });
    expect(await asEditor(`mutation($id: ID!) { deleteCollection(id: $id) }`, { id })).toEqual({ deleteCollection: id });
    const { collections } = await asEditor<{ collections: { id: string }[] }>(`{ collections { id } }`);
    expect(collections.map((c) => c.id)).not.toContain(id);
    for (const again of [`mutation($id: ID!) { deleteCollection(id: $id) }`, `mutation($id: ID!) { renameCollection(id: $id, name: "X") { id } }`]) {
      expect(codes(await gql(again, { id }, { token: editor.accessToken }))).toEqual(['NOT_FOUND']);
    }
    const audit = await sqlRows<{ action: string; actorId: string; actorEmail: string; details: Record<string, unknown> }>(
      `SELECT action, "actorId", "actorEmail", details FROM catalog."AuditEntry" WHERE "targetId" = $1 ORDER BY "createdAt"`,
      [id],
    );
    expect(audit.map((a) => [a.action, a.actorId, a.actorEmail])).toEqual([
      ['collection.create', editor.user.id, editor.user.email],
      ['collection.rename', editor.user.id, editor.user.email],
      ['collection.delete', editor.user.id, editor.user.email],
    ]);
    expect(audit[1].details).toMatchObject({ from: 'Old name', to: 'New name' });
  });

  test('the rail picker finds titles by part of their name, any case, `%` and `_` taken literally', async () => {
    const names = [`100% Pure ${tag}`, `100X Pure ${tag}`, `under_score ${tag}`, `underXscore ${tag}`];
    for (const title of names) await asEditor(`mutation($t: String!) { createMovie(input: { title: $t }) { id } }`, { t: title });
    const find = async (text: string, token = editor.accessToken) => {
      const res = await gql<{ titles: { edges: { node: { title: string } }[] } }>(
        `query($t: String!) { titles(filter: { titleContains: $t }, sort: TITLE, first: 10) { edges { node { title } } } }`,
        { t: text },
        { token },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.titles.edges.map((e) => e.node.title);
    };
    expect(await find(`100% PURE ${tag.toUpperCase()}`)).toEqual([names[0]]);
    expect(await find(`under_score ${tag}`)).toEqual([names[2]]);
    expect(await find(`pure ${tag}`)).toEqual([names[0], names[1]]);
    // Drafts are the editors' only: a viewer finds none of them.
    expect(await find(tag, viewer.accessToken)).toEqual([]);
    const long = await gql(`query($t: String!) { titles(filter: { titleContains: $t }) { edges { cursor } } }`, { t: 'x'.repeat(101) });
    expect(codes(long)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('credits', () => {
  test('writers, producers and a series’ creators are credited in billing order and announced; a movie has no creators', async () => {
    const { createSeries } = await asEditor<{ createSeries: { id: string } }>(`mutation($i: TitleInput!) { createSeries(input: $i) { id } }`, {
      i: { title: `Credited ${tag}`, cast: ['Ann Actor'], writers: ['Wes Writer', 'Wendy Writer'], producers: ['Pat Producer'], creators: ['Cee Creator'] },
    });
    const { title } = await asEditor<{ title: { credits: { name: string; role: string }[] } }>(`query($id: ID!) { title(id: $id) { credits { name role } } }`, {
      id: createSeries.id,
    });
    expect(title.credits).toEqual([
      { name: 'Ann Actor', role: 'CAST' },
      { name: 'Wes Writer', role: 'WRITER' },
      { name: 'Wendy Writer', role: 'WRITER' },
      { name: 'Pat Producer', role: 'PRODUCER' },
      { name: 'Cee Creator', role: 'CREATOR' },
    ]);
    const [created] = await eventsOf(createSeries.id);
    expect(created.payload).toMatchObject({
      cast: ['Ann Actor'],
      writers: ['Wes Writer', 'Wendy Writer'],
      producers: ['Pat Producer'],
      creators: ['Cee Creator'],
    });

    // Changing one role leaves the others as they were.
    await asEditor(`mutation($id: ID!) { updateTitle(id: $id, input: { writers: ["Wendy Writer"] }) { id } }`, { id: createSeries.id });
    const after = await asEditor<{ title: { credits: { name: string; role: string }[] } }>(`query($id: ID!) { title(id: $id) { credits { name role } } }`, {
      id: createSeries.id,
    });
    expect(after.title.credits.map((c) => c.name)).toEqual(['Ann Actor', 'Wendy Writer', 'Pat Producer', 'Cee Creator']);

    const movie = await gql(`mutation { createMovie(input: { title: "Film ${tag}", creators: ["Nobody"] }) { id } }`, {}, { token: editor.accessToken });
    expect(fieldErrors(movie)).toEqual(['creators']);
    const blank = await gql(
      `mutation($id: ID!) { updateTitle(id: $id, input: { producers: [" "] }) { id } }`,
      { id: createSeries.id },
      { token: editor.accessToken },
    );
    expect(fieldErrors(blank)).toEqual(['producers']);
  });
});

describe('audit log', () => {
  test('every change to a series is listed on it, newest first, with the editor who made it; viewers are refused', async () => {
    const { seriesId, seasonId, episodes } = await seriesWithSeason();
    await asEditor(`mutation($id: ID!) { updateEpisode(id: $id, input: { title: "Renamed" }) { id } }`, { id: episodes[1] });
    await asEditor(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: seriesId });
    const { catalogAuditLog } = await asEditor(`query($t: ID) { catalogAuditLog(titleId: $t) { action targetId actorId titleId details at } }`, {
      t: seriesId,
    });
    expect(catalogAuditLog.map((e: { action: string; targetId: string }) => [e.action, e.targetId])).toEqual([
      ['title.publish', seriesId],
      ['episode.update', episodes[1]],
      ['episode.create', episodes[1]],
      ['episode.create', episodes[0]],
      ['season.create', seasonId],
      ['title.create', seriesId],
    ]);
    expect(new Set(catalogAuditLog.map((e: { actorId: string }) => e.actorId))).toEqual(new Set([editor.user.id]));
    expect(JSON.parse(catalogAuditLog[1].details)).toEqual({ title: 'Renamed' });
    // A deleted title keeps its history.
    await asEditor(`mutation($id: ID!) { deleteTitle(id: $id) }`, { id: seriesId });
    const after = await asEditor(`query($t: ID) { catalogAuditLog(titleId: $t, first: 1) { action targetId } }`, { t: seriesId });
    expect(after.catalogAuditLog).toEqual([{ action: 'title.delete', targetId: seriesId }]);
    expect(codes(await gql(`{ catalogAuditLog { action } }`, {}, { token: viewer.accessToken }))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(`{ catalogAuditLog { action } }`))).toEqual(['UNAUTHENTICATED']);
  });
});
