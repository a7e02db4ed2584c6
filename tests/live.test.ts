import { codes, gql, register, sessionWithRoles, adminSession, type Session } from './support/client';
import { NOW_NEXT_SQL } from '../subgraphs/live/src/data/now-next-sql';
import { createChannel, importXmltv, liveSql, uniqueXmltvId, xmltvDoc, xmltvTime } from './support/live';
import { PORT_OFFSETS, testPort } from './support/ports';

// The suite's live (its third subgraph), asked directly.
const LIVE_URL = `http://127.0.0.1:${testPort(PORT_OFFSETS.suite + 3)}/graphql`;

let editor: Session;
let viewer: Session;
let admin: Session;

beforeAll(async () => {
  [editor, viewer, admin] = await Promise.all([sessionWithRoles(['EDITOR']), register(), adminSession()]);
});

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('role checks on every live mutation', () => {
  const mutations: Record<string, string> = {
    createChannel: `mutation { createChannel(input: { number: 0, name: "Nope" }) { id } }`,
    updateChannel: `mutation { updateChannel(id: "00000000-0000-4000-8000-000000000000", input: { name: "Nope" }) { id } }`,
    deleteChannel: `mutation { deleteChannel(id: "00000000-0000-4000-8000-000000000000") }`,
    createProgramme: `mutation { createProgramme(input: { channelId: "00000000-0000-4000-8000-000000000000", start: "2026-11-25T19:00:00Z", end: "2026-11-25T20:00:00Z", titles: [{ text: "Nope" }] }) { id } }`,
    updateProgramme: `mutation { updateProgramme(id: "00000000-0000-4000-8000-000000000000", input: { rating: "PG" }) { id } }`,
    deleteProgramme: `mutation { deleteProgramme(id: "00000000-0000-4000-8000-000000000000") }`,
    importXmltv: `mutation { importXmltv(xml: "<tv/>") { imported } }`,
  };

  test.each(Object.entries(mutations))('%s: anonymous → UNAUTHENTICATED, viewer → FORBIDDEN, editor and admin pass the check', async (_name, mutation) => {
    expect(codes(await gql(mutation))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(mutation, {}, { token: viewer.accessToken }))).toEqual(['FORBIDDEN']);
    // Past the role check the request reaches the resolver: its answer is about the data, not the caller.
    for (const session of [editor, admin]) {
      const res = await gql(mutation, {}, { token: session.accessToken });
      expect(codes(res).filter((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED')).toEqual([]);
    }
  });

  test('a viewer calling the live subgraph directly is refused too', async () => {
    const res = await gql(mutations.createChannel, {}, { token: viewer.accessToken, url: LIVE_URL });
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });

  test('stream ingest URLs are for editors only', async () => {
    const channel = await createChannel(editor.accessToken, { streamUrl: 'https://ingest.example/stream.m3u8' });
    const query = `query($id: ID!) { channel(id: $id) { name streamUrl } }`;
    const asViewer = await gql(query, { id: channel.id }, { token: viewer.accessToken });
    expect(codes(asViewer)).toEqual(['FORBIDDEN']);
    const asEditor = await gql<{ channel: { streamUrl: string } }>(query, { id: channel.id }, { token: editor.accessToken });
    expect(asEditor.data!.channel.streamUrl).toBe('https://ingest.example/stream.m3u8');
  });
});

describe('channels', () => {
  test('create, read, update and delete, with an event at every step', async () => {
    const xmltvId = uniqueXmltvId('crud');
    const created = await createChannel(editor.accessToken, {
      name: 'Crud One',
      genreSlugs: ['news', 'documentary'],
      catchupDays: 7,
      xmltvId,
      logoUrl: 'https://img.example/logo.png',
    });
    const read = await gql<{ channel: Record<string, unknown> }>(
      `query($id: ID!) { channel(id: $id) { id number name logoUrl genreSlugs catchupDays xmltvId version } }`,
      { id: created.id },
    );
    expect(read.data!.channel).toEqual({
      id: created.id,
      number: created.number,
      name: 'Crud One',
      logoUrl: 'https://img.example/logo.png',
      genreSlugs: ['news', 'documentary'],
      catchupDays: 7,
      xmltvId,
      version: 1,
    });

    const updated = await gql<{ updateChannel: { name: string; catchupDays: number; version: number; logoUrl: string | null } }>(
      `mutation($id: ID!) { updateChannel(id: $id, input: { name: "Crud Two", catchupDays: 3, logoUrl: null }) { name catchupDays version logoUrl } }`,
      { id: created.id },
      { token: editor.accessToken },
    );
    expect(updated.data!.updateChannel).toEqual({ name: 'Crud Two', catchupDays: 3, version: 2, logoUrl: null });

    const listed = await gql<{ channels: { id: string; number: number }[] }>(`{ channels { id number } }`);
    const numbers = listed.data!.channels.map((c) => c.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(listed.data!.channels.map((c) => c.id)).toContain(created.id);

    const deleted = await gql(`mutation($id: ID!) { deleteChannel(id: $id) }`, { id: created.id }, { token: editor.accessToken });
    expect(deleted.data).toEqual({ deleteChannel: created.id });
    expect((await gql(`query($id: ID!) { channel(id: $id) { id } }`, { id: created.id })).data).toEqual({ channel: null });

    const events = await liveSql<{ type: string; version: number; payload: Record<string, unknown> }>(
      `SELECT type, "entityVersion" AS version, payload FROM live."OutboxEvent" WHERE "entityId" = $1 ORDER BY sequence`,
      [created.id],
    );
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['channel.upserted', 1],
      ['channel.upserted', 2],
      ['channel.deleted', 3],
    ]);
    expect(events[0].payload).toEqual({
      id: created.id,
      number: created.number,
      name: 'Crud One',
      genreSlugs: ['news', 'documentary'],
      logoUrl: 'https://img.example/logo.png',
      catchupDays: 7,
    });
  });

  test('a taken number or XMLTV id is a CONFLICT; invalid fields are BAD_USER_INPUT with field errors', async () => {
    const xmltvId = uniqueXmltvId('taken');
    const first = await createChannel(editor.accessToken, { xmltvId });
    const sameNumber = await gql(
      `mutation($n: Int!) { createChannel(input: { number: $n, name: "Dup" }) { id } }`,
      { n: first.number },
      { token: editor.accessToken },
    );
    expect(codes(sameNumber)).toEqual(['CONFLICT']);
    const sameXmltv = await gql(
      `mutation($x: String!) { createChannel(input: { number: 9999, name: "Dup", xmltvId: $x }) { id } }`,
      { x: xmltvId },
      { token: editor.accessToken },
    );
    expect(codes(sameXmltv)).toEqual(['CONFLICT']);

    const invalid = await gql(
      `mutation { createChannel(input: { number: 0, name: " ", logoUrl: "javascript:alert(1)", genreSlugs: ["Not A Slug"], catchupDays: 99 }) { id } }`,
      {},
      { token: editor.accessToken },
    );
    expect(codes(invalid)).toEqual(['BAD_USER_INPUT']);
    const fields = (invalid.errors![0].extensions!.fieldErrors as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['catchupDays', 'genreSlugs', 'logoUrl', 'name', 'number']);

    const missing = await gql(
      `mutation { updateChannel(id: "00000000-0000-4000-8000-000000000000", input: { name: "x" }) { id } }`,
      {},
      { token: editor.accessToken },
    );
    expect(codes(missing)).toEqual(['NOT_FOUND']);
  });

  test('deleting a channel removes its programmes and announces each deletion', async () => {
    const channel = await createChannel(editor.accessToken);
    const created = await gql<{ createProgramme: { id: string } }>(
      `mutation($c: ID!) { createProgramme(input: { channelId: $c, start: "2026-12-10T10:00:00Z", end: "2026-12-10T11:00:00Z", titles: [{ language: "en", text: "Doomed" }] }) { id } }`,
      { c: channel.id },
      { token: editor.accessToken },
    );
    const programmeId = created.data!.createProgramme.id;
    await gql(`mutation($id: ID!) { deleteChannel(id: $id) }`, { id: channel.id }, { token: editor.accessToken });
    expect((await gql(`query($id: ID!) { programme(id: $id) { id } }`, { id: programmeId })).data).toEqual({ programme: null });
    const events = await liveSql<{ type: string }>(`SELECT type FROM live."OutboxEvent" WHERE "entityId" = $1 ORDER BY sequence`, [programmeId]);
    expect(events.map((e) => e.type)).toEqual(['programme.upserted', 'programme.deleted']);
  });
});

describe('programme edits', () => {
  const CREATE = `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id start end title maturityRating version channel { id } } }`;

  test('create, update and delete a programme; overlaps are refused with CONFLICT', async () => {
    const channel = await createChannel(editor.accessToken, { genreSlugs: ['kids'] });
    const res = await gql<{ createProgramme: { id: string; start: string; end: string; title: string; maturityRating: number; version: number } }>(
      CREATE,
      {
        input: {
          channelId: channel.id,
          start: '2026-12-11T10:00:00+01:00',
          end: '2026-12-11T11:00:00+01:00',
          titles: [{ language: 'en', text: 'Cartoons' }],
          rating: 'TV-Y7',
        },
      },
      { token: editor.accessToken },
    );
    expect(res.errors).toBeUndefined();
    const programme = res.data!.createProgramme;
    expect(programme).toMatchObject({ start: '2026-12-11T09:00:00.000Z', end: '2026-12-11T10:00:00.000Z', title: 'Cartoons', maturityRating: 7, version: 1 });

    const overlapping = await gql(
      CREATE,
      { input: { channelId: channel.id, start: '2026-12-11T09:30:00Z', end: '2026-12-11T10:30:00Z', titles: [{ text: 'Clash' }] } },
      { token: editor.accessToken },
    );
    expect(codes(overlapping)).toEqual(['CONFLICT']);
    expect(overlapping.errors![0].message).toMatch(/Overlaps "Cartoons"/);

    const adjacent = await gql<{ createProgramme: { id: string } }>(
      CREATE,
      { input: { channelId: channel.id, start: '2026-12-11T10:00:00Z', end: '2026-12-11T11:00:00Z', titles: [{ text: 'Next' }] } },
      { token: editor.accessToken },
    );
    expect(adjacent.errors).toBeUndefined();

    const stretch = await gql(
      `mutation($id: ID!) { updateProgramme(id: $id, input: { end: "2026-12-11T10:30:00Z" }) { id } }`,
      { id: programme.id },
      { token: editor.accessToken },
    );
    expect(codes(stretch)).toEqual(['CONFLICT']);

    const updated = await gql<{ updateProgramme: { title: string; maturityRating: number; version: number; genreSlugs: string[] } }>(
      `mutation($id: ID!) { updateProgramme(id: $id, input: { titles: [{ language: "en", text: "Cartoons!" }, { language: "fr", text: "Dessins animés" }], rating: "TV-14" }) { title(language: "fr") maturityRating version genreSlugs } }`,
      { id: programme.id },
      { token: editor.accessToken },
    );
    expect(updated.data!.updateProgramme).toEqual({ title: 'Dessins animés', maturityRating: 16, version: 2, genreSlugs: ['kids'] });

    const backwards = await gql(
      `mutation($id: ID!) { updateProgramme(id: $id, input: { end: "2026-12-11T08:00:00Z" }) { id } }`,
      { id: programme.id },
      { token: editor.accessToken },
    );
    expect(codes(backwards)).toEqual(['BAD_USER_INPUT']);
    const badDate = await gql(
      `mutation($id: ID!) { updateProgramme(id: $id, input: { end: "tomorrow" }) { id } }`,
      { id: programme.id },
      { token: editor.accessToken },
    );
    expect(codes(badDate)).toEqual(['BAD_USER_INPUT']);

    const deleted = await gql(`mutation($id: ID!) { deleteProgramme(id: $id) }`, { id: programme.id }, { token: editor.accessToken });
    expect(deleted.data).toEqual({ deleteProgramme: programme.id });
    const events = await liveSql<{ type: string; version: number; payload: Record<string, unknown> }>(
      `SELECT type, "entityVersion" AS version, payload FROM live."OutboxEvent" WHERE "entityId" = $1 ORDER BY sequence`,
      [programme.id],
    );
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['programme.upserted', 1],
      ['programme.upserted', 2],
      ['programme.deleted', 3],
    ]);
    expect(events[1].payload).toMatchObject({
      id: programme.id,
      channelId: channel.id,
      channelName: channel.name,
      start: '2026-12-11T09:00:00.000Z',
      end: '2026-12-11T10:00:00.000Z',
      title: 'Cartoons!',
      titles: { en: 'Cartoons!', fr: 'Dessins animés' },
      maturityRating: 16,
      categories: [],
    });
  });

  test('concurrent creations on one channel never leave overlaps', async () => {
    const channel = await createChannel(editor.accessToken);
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        gql(
          CREATE,
          {
            input: {
              channelId: channel.id,
              start: `2026-12-12T10:${String(i * 5).padStart(2, '0')}:00Z`,
              end: '2026-12-12T11:00:00Z',
              titles: [{ text: `Race ${i}` }],
            },
          },
          { token: editor.accessToken },
        ),
      ),
    );
    expect(attempts.filter((r) => !r.errors).length).toBe(1);
    expect(attempts.flatMap(codes).filter(Boolean)).toEqual(Array(5).fill('CONFLICT'));
  });
});

describe('parental control in the guide', () => {
  test("programmes above the active profile's maturity limit are shown locked", async () => {
    const channel = await createChannel(editor.accessToken);
    const make = async (start: string, end: string, rating: string) =>
      (
        await gql<{ createProgramme: { id: string } }>(
          `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`,
          { input: { channelId: channel.id, start, end, titles: [{ text: rating }], rating } },
          { token: editor.accessToken },
        )
      ).data!.createProgramme.id;
    const adult = await make('2026-12-20T22:00:00Z', '2026-12-20T23:30:00Z', 'TV-MA');
    const family = await make('2026-12-20T18:00:00Z', '2026-12-20T19:00:00Z', 'G');

    const parent = await register();
    const kids = await gql<{ createProfile: { id: string } }>(
      `mutation { createProfile(name: "Kids", maxMaturity: 7) { id } }`,
      {},
      { token: parent.accessToken },
    );
    const switched = await gql<{ selectProfile: { accessToken: string } }>(
      `mutation($t: String!, $p: ID!) { selectProfile(refreshToken: $t, profileId: $p) { accessToken } }`,
      { t: parent.refreshToken, p: kids.data!.createProfile.id },
    );
    const kidToken = switched.data!.selectProfile.accessToken;
    const locked = async (id: string, token?: string) =>
      (
        await gql<{ programme: { locked: boolean; maturityRating: number } }>(
          `query($id: ID!) { programme(id: $id) { locked maturityRating } }`,
          { id },
          { token },
        )
      ).data!.programme;

    expect(await locked(adult, kidToken)).toEqual({ locked: true, maturityRating: 18 });
    expect(await locked(family, kidToken)).toEqual({ locked: false, maturityRating: 0 });
    expect(await locked(adult, parent.accessToken)).toEqual({ locked: false, maturityRating: 18 });
    expect(await locked(adult)).toEqual({ locked: false, maturityRating: 18 });
  });
});

describe('now/next and schedules, with programmes placed around the current time', () => {
  let busy: string;
  let gap: string;
  let empty: string;
  // Whole seconds: XMLTV times have no milliseconds, so boundaries land exactly where the test expects.
  const now = Math.floor(Date.now() / 1000) * 1000;

  beforeAll(async () => {
    const busyX = uniqueXmltvId('busy');
    const gapX = uniqueXmltvId('gap');
    const at = (minutes: number) => xmltvTime(new Date(now + minutes * MINUTE), 60);
    const xml = xmltvDoc(
      [
        { id: busyX, name: 'Busy' },
        { id: gapX, name: 'Gap' },
      ],
      [
        { channel: busyX, start: at(-120), stop: at(-30), title: 'Earlier' },
        {
          channel: busyX,
          start: at(-30),
          stop: at(30),
          title: 'Current',
          extra: '<title lang="es">Actual</title><desc lang="es">Ahora</desc><language>es</language>',
        },
        { channel: busyX, start: at(30), stop: at(90), title: 'Following' },
        { channel: busyX, start: at(90), stop: at(150), title: 'Later' },
        { channel: gapX, start: at(-90), stop: at(-10), title: 'Finished' },
        { channel: gapX, start: at(20), stop: at(80), title: 'After the gap' },
      ],
    );
    const res = await importXmltv(xml, editor.accessToken);
    expect(res.data!.importXmltv.imported).toBe(6);
    const rows = await liveSql<{ id: string; xmltvId: string }>(`SELECT id::text, "xmltvId" FROM live."Channel" WHERE "xmltvId" = ANY($1)`, [[busyX, gapX]]);
    busy = rows.find((r) => r.xmltvId === busyX)!.id;
    gap = rows.find((r) => r.xmltvId === gapX)!.id;
    empty = (await createChannel(editor.accessToken)).id;
  });

  test('nowNext for several channels, in the order asked, with gaps and empty guides', async () => {
    const res = await gql<{ nowNext: { channel: { id: string }; now: { title: string } | null; next: { title: string } | null }[] }>(
      `query($ids: [ID!]) { nowNext(channelIds: $ids) { channel { id } now { title(language: "en") } next { title(language: "en") } } }`,
      { ids: [gap, empty, busy, '00000000-0000-4000-8000-000000000000'] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.nowNext).toEqual([
      { channel: { id: gap }, now: null, next: { title: 'After the gap' } },
      { channel: { id: empty }, now: null, next: null },
      { channel: { id: busy }, now: { title: 'Current' }, next: { title: 'Following' } },
    ]);
  });

  test('Channel.nowNext on a list of channels, and the programme’s languages', async () => {
    const res = await gql<{
      channels: {
        id: string;
        nowNext: { now: { title: string; es: string; description: string | null; titles: unknown[]; channel: { id: string } } | null };
      }[];
    }>(`{ channels { id nowNext { now { title es: title(language: "es-CL") description titles { language text } channel { id } } } } }`);
    expect(res.errors).toBeUndefined();
    const busyRow = res.data!.channels.find((c) => c.id === busy)!;
    expect(busyRow.nowNext.now).toEqual({
      title: 'Actual', // no preference: the programme's own language (es)
      es: 'Actual',
      description: 'Ahora',
      titles: [
        { language: 'en', text: 'Current' },
        { language: 'es', text: 'Actual' },
      ],
      channel: { id: busy },
    });
    const en = await gql<{ channel: { nowNext: { now: { title: string } } } }>(
      `query($id: ID!) { channel(id: $id) { nowNext { now { title(language: "en") } } } }`,
      { id: busy },
    );
    expect(en.data!.channel.nowNext.now.title).toBe('Current');
  });

  test('schedule returns the programmes overlapping the window, per channel, by start', async () => {
    const res = await gql<{ schedule: { channel: { id: string }; programmes: { title: string }[] }[] }>(
      `query($ids: [ID!], $from: DateTime!, $to: DateTime!) { schedule(channelIds: $ids, from: $from, to: $to) { channel { id } programmes { title(language: "en") } } }`,
      { ids: [busy, gap], from: iso(now - 40 * MINUTE), to: iso(now + 40 * MINUTE) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.schedule).toEqual([
      { channel: { id: busy }, programmes: [{ title: 'Earlier' }, { title: 'Current' }, { title: 'Following' }] },
      { channel: { id: gap }, programmes: [{ title: 'Finished' }, { title: 'After the gap' }] },
    ]);
    // A window ending exactly when a programme starts does not include it.
    const edge = await gql<{ schedule: { programmes: { title: string }[] }[] }>(
      `query($ids: [ID!], $from: DateTime!, $to: DateTime!) { schedule(channelIds: $ids, from: $from, to: $to) { programmes { title(language: "en") } } }`,
      { ids: [busy], from: iso(now - 5 * MINUTE), to: iso(now + 30 * MINUTE) },
    );
    expect(edge.data!.schedule[0].programmes).toEqual([{ title: 'Current' }]);
  });

  test('schedule windows must be ordered and at most 14 days', async () => {
    const q = `query($from: DateTime!, $to: DateTime!) { schedule(from: $from, to: $to) { channel { id } } }`;
    expect(codes(await gql(q, { from: iso(now), to: iso(now - MINUTE) }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(q, { from: iso(now), to: iso(now + 15 * 24 * 60 * MINUTE) }))).toEqual(['BAD_USER_INPUT']);
    const notADate = await gql(q, { from: 'yesterday', to: iso(now) });
    expect(codes(notADate)).toEqual(['BAD_USER_INPUT']);
    expect(notADate.errors![0].extensions!.fieldErrors).toEqual([{ field: 'from', message: expect.stringContaining('ISO-8601') }]);
    // A literal in the query text is checked the same way.
    expect(codes(await gql(`{ schedule(from: "2026-11-25 19:00", to: "2026-11-25T20:00:00Z") { channel { id } } }`))).toEqual(['BAD_USER_INPUT']);
  });

  test('the now/next query uses the (channelId, end) index through a LATERAL join', async () => {
    // Test tables are tiny, so the planner would rather scan them: forbid that to see the index is usable.
    const plan = await liveSql<{ 'QUERY PLAN': string }>(`EXPLAIN ${NOW_NEXT_SQL}`, [[busy, gap, empty], new Date(now)], 'SET enable_seqscan = off');
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Programme_channelId_end_idx/);
  });

  test('entities resolve by reference, many at once', async () => {
    const res = await gql<{ _entities: ({ id: string; name?: string; title?: string } | null)[] }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Channel { id name } ... on Programme { id title } } }`,
      {
        reps: [
          { __typename: 'Channel', id: busy },
          { __typename: 'Channel', id: gap },
          { __typename: 'Channel', id: '00000000-0000-4000-8000-000000000000' },
        ],
      },
      { url: LIVE_URL },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([{ id: busy, name: 'Busy' }, { id: gap, name: 'Gap' }, null]);
  });
});
