import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { codes, gql, sessionWithRoles, type Session } from './support/client';
import { TEST_DATABASE_URL } from './support/database';
import { importXmltv, liveSql, outboxCountFor, REPORT_FIELDS, uniqueXmltvId, xmltvDoc, type ImportReport } from './support/live';

const ROOT = resolve(__dirname, '..');
/**
 * The real guides: `shared/` sits beside the repository root (a CI clone's `../shared`); a git worktree
 * one level deeper (`wt/<name>`) finds it one more level up.
 */
const XMLTV_DIR =
  [resolve(ROOT, '..', 'shared'), resolve(ROOT, '..', '..', 'shared')].map((dir) => join(dir, 'data', 'xmltv')).find((dir) => existsSync(dir)) ??
  resolve(ROOT, '..', 'shared', 'data', 'xmltv');

/** Programme counts per file as published in the data set's README. */
const PUBLISHED_COUNTS: Record<string, number> = {
  'energeek.cl.xml': 294,
  'epgshare01.online.xml': 203,
  'vantagetv.ee.xml': 332,
  'x1co.com.br.xml': 91,
};

/** Counted independently of our parser: grep counts the lines holding `<programme`. */
const grepCount = (file: string) => Number(execFileSync('grep', ['-c', '<programme', file], { encoding: 'utf8' }).trim());

let editor: Session;

beforeAll(async () => {
  editor = await sessionWithRoles(['EDITOR']);
});

async function channelIdsFor(xmltvIds: string[]): Promise<string[]> {
  const rows = await liveSql<{ id: string }>('SELECT id::text FROM live."Channel" WHERE "xmltvId" = ANY($1)', [xmltvIds]);
  return rows.map((r) => r.id);
}

interface ScheduledProgramme {
  id: string;
  start: string;
  end: string;
  title: string;
}

async function scheduleOf(channelId: string, from: string, to: string): Promise<ScheduledProgramme[]> {
  const res = await gql<{ schedule: { programmes: ScheduledProgramme[] }[] }>(
    `query($ids: [ID!], $from: DateTime!, $to: DateTime!) { schedule(channelIds: $ids, from: $from, to: $to) { programmes { id start end title } } }`,
    { ids: [channelId], from, to },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.schedule[0]?.programmes ?? [];
}

const noOverlaps = (list: { start: string; end: string }[]) => list.every((p, i) => i === 0 || Date.parse(list[i - 1].end) <= Date.parse(p.start));

describe('importing the real XMLTV guides', () => {
  const files = Object.keys(PUBLISHED_COUNTS);

  test('the published counts match an independent count of the files', () => {
    for (const file of files) expect({ file, count: grepCount(join(XMLTV_DIR, file)) }).toEqual({ file, count: PUBLISHED_COUNTS[file] });
  });

  test.each(files)('%s imports cleanly, and a second import changes nothing and emits nothing', async (file) => {
    const path = join(XMLTV_DIR, file);
    const xml = readFileSync(path, 'utf8');
    const expected = grepCount(path);

    const first = await importXmltv(xml, editor.accessToken);
    expect(first.errors).toBeUndefined();
    const report = first.data!.importXmltv;
    expect(report).toMatchObject({ programmes: expected, imported: expected, updated: 0, unchanged: 0, rejected: 0, removed: 0, trimmed: 0, rejections: [] });

    const xmltvIds = [...xml.matchAll(/<channel id="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    const channelIds = await channelIdsFor(xmltvIds);
    expect(channelIds).toHaveLength(xmltvIds.length);
    const stored = await liveSql<{ n: string }>('SELECT count(*) AS n FROM live."Programme" WHERE "channelId" = ANY($1::uuid[])', [channelIds]);
    expect(Number(stored[0].n)).toBe(expected);
    const events = await outboxCountFor(channelIds);
    expect(events).toBe(expected + xmltvIds.length); // one programme.upserted each, one channel.upserted per new channel

    const second = await importXmltv(xml, editor.accessToken);
    expect(second.errors).toBeUndefined();
    expect(second.data!.importXmltv).toMatchObject({
      channelsCreated: 0,
      channelsMatched: xmltvIds.length,
      programmes: expected,
      imported: 0,
      updated: 0,
      unchanged: expected,
      rejected: 0,
      removed: 0,
      trimmed: 0,
    });
    expect(await outboxCountFor(channelIds)).toBe(events);
    const after = await liveSql<{ n: string }>('SELECT count(*) AS n FROM live."Programme" WHERE "channelId" = ANY($1::uuid[])', [channelIds]);
    expect(Number(after[0].n)).toBe(expected);
  });

  test('times are stored as UTC instants: the epgshare01 guide (+0100) and energeek (-0300)', async () => {
    // epgshare01.online.xml: <programme start="20250208000000 +0100" … channel="AlJazeera.Arabic.net">
    const [aljazeera] = await channelIdsFor(['AlJazeera.Arabic.net']);
    const first = await scheduleOf(aljazeera, '2025-02-07T00:00:00Z', '2025-02-08T00:00:00Z');
    expect(first[0].start).toBe('2025-02-07T23:00:00.000Z');
    // energeek.cl.xml: first programme "Noir" at 20221129000000 -0300.
    const [retro] = await channelIdsFor(['EnerGeek Retro']);
    const noir = await scheduleOf(retro, '2022-11-29T00:00:00Z', '2022-11-29T03:30:00Z');
    expect(noir.map((p) => [p.title, p.start, p.end])).toEqual([['Noir', '2022-11-29T03:00:00.000Z', '2022-11-29T03:30:00.000Z']]);
  });
});

describe('XMLTV import rules', () => {
  test('a programme at 20261125200000 +0100 is stored as 19:00Z', async () => {
    const ch = uniqueXmltvId('tz');
    const xml = xmltvDoc(
      [{ id: ch, name: 'TZ' }],
      [
        { channel: ch, start: '20261125200000 +0100', stop: '20261125210000 +0100', title: 'Plus one' },
        { channel: ch, start: '20261125170000 -0500', stop: '20261125173000 -0500', title: 'Minus five' },
      ],
    );
    const res = await importXmltv(xml, editor.accessToken);
    expect(res.data!.importXmltv.imported).toBe(2);
    const [id] = await channelIdsFor([ch]);
    const list = await scheduleOf(id, '2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z');
    expect(list.map((p) => [p.title, p.start, p.end])).toEqual([
      ['Plus one', '2026-11-25T19:00:00.000Z', '2026-11-25T20:00:00.000Z'],
      ['Minus five', '2026-11-25T22:00:00.000Z', '2026-11-25T22:30:00.000Z'],
    ]);
  });

  test('overlaps: import A then an overlapping B leaves no overlaps, and B wins its range', async () => {
    const ch = uniqueXmltvId('overlap');
    const channels = [{ id: ch, name: 'Overlap' }];
    const a = xmltvDoc(channels, [
      { channel: ch, start: '20261201100000 +0000', stop: '20261201110000 +0000', title: 'A1' },
      { channel: ch, start: '20261201110000 +0000', stop: '20261201120000 +0000', title: 'A2' },
      { channel: ch, start: '20261201120000 +0000', stop: '20261201130000 +0000', title: 'A3' },
      { channel: ch, start: '20261201140000 +0000', stop: '20261201150000 +0000', title: 'A4' },
    ]);
    const b = xmltvDoc(channels, [
      { channel: ch, start: '20261201103000 +0000', stop: '20261201113000 +0000', title: 'B1' },
      { channel: ch, start: '20261201113000 +0000', stop: '20261201121500 +0000', title: 'B2' },
    ]);
    expect((await importXmltv(a, editor.accessToken)).data!.importXmltv.imported).toBe(4);
    const report = (await importXmltv(b, editor.accessToken)).data!.importXmltv;
    expect(report).toMatchObject({ imported: 2, removed: 1, trimmed: 2, rejected: 0 });

    const [id] = await channelIdsFor([ch]);
    const list = await scheduleOf(id, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z');
    expect(list.map((p) => [p.title, p.start.slice(11, 16), p.end.slice(11, 16)])).toEqual([
      ['A1', '10:00', '10:30'],
      ['B1', '10:30', '11:30'],
      ['B2', '11:30', '12:15'],
      ['A3', '12:15', '13:00'],
      ['A4', '14:00', '15:00'],
    ]);
    expect(noOverlaps(list)).toBe(true);
    // The database agrees: no two programmes of the channel overlap.
    const clashes = await liveSql(
      `SELECT 1 FROM live."Programme" a JOIN live."Programme" b ON a."channelId" = b."channelId" AND a.id < b.id
       AND a.start < b."end" AND b.start < a."end" WHERE a."channelId" = $1`,
      [id],
    );
    expect(clashes).toEqual([]);
    // Every change was announced: A2 deleted, A1 and A3 re-published with a higher version.
    const events = await liveSql<{ type: string; title: string; version: number }>(
      `SELECT type, payload->>'title' AS title, "entityVersion" AS version FROM live."OutboxEvent"
       WHERE payload->>'channelId' = $1 ORDER BY sequence`,
      [id],
    );
    expect(
      events
        .slice(4)
        .map((e) => [e.type, e.title, e.version])
        .sort(),
    ).toEqual(
      [
        ['programme.deleted', 'A2', 2],
        ['programme.upserted', 'A1', 2],
        ['programme.upserted', 'A3', 2],
        ['programme.upserted', 'B1', 1],
        ['programme.upserted', 'B2', 1],
      ].sort(),
    );
  });

  test('a re-import with changed content updates in place, bumping the version', async () => {
    const ch = uniqueXmltvId('update');
    const doc = (title: string) =>
      xmltvDoc(
        [{ id: ch, name: 'Upd' }],
        [
          { channel: ch, start: '20261202100000 +0000', stop: '20261202110000 +0000', title: 'Same' },
          { channel: ch, start: '20261202110000 +0000', stop: '20261202120000 +0000', title },
        ],
      );
    await importXmltv(doc('Old title'), editor.accessToken);
    const report = (await importXmltv(doc('New title'), editor.accessToken)).data!.importXmltv;
    expect(report).toMatchObject({ imported: 0, updated: 1, unchanged: 1 });
    const rows = await liveSql<{ title: string; version: number }>(
      `SELECT p.titles->0->>'text' AS title, p.version FROM live."Programme" p JOIN live."Channel" c ON c.id = p."channelId" WHERE c."xmltvId" = $1 ORDER BY p.start`,
      [ch],
    );
    expect(rows).toEqual([
      { title: 'Same', version: 1 },
      { title: 'New title', version: 2 },
    ]);
  });

  test('rejected entries are reported with reasons and line numbers; the rest is imported', async () => {
    const ch = uniqueXmltvId('reject');
    const xml = xmltvDoc(
      [{ id: ch, name: 'Rejects' }],
      [
        { channel: ch, start: '20261203100000 +0000', stop: '20261203110000 +0000', title: 'Good' },
        { channel: ch, start: 'not-a-time', stop: '20261203110000 +0000', title: 'Bad time' },
        { channel: 'no-such-channel.test', start: '20261203100000 +0000', stop: '20261203110000 +0000', title: 'Nowhere' },
        { channel: ch, start: '20261203100000 +0000', stop: '20261203103000 +0000', title: 'Duplicate' },
      ],
    );
    const report = (await importXmltv(xml, editor.accessToken)).data!.importXmltv;
    expect(report).toMatchObject({ programmes: 4, imported: 1, rejected: 3 });
    expect(report.rejections.map((r) => [r.line, r.reason.split(':')[0]])).toEqual([
      [5, 'invalid start'],
      [6, 'unknown channel "no-such-channel.test"'],
      [7, 'duplicate programme'],
    ]);
  });

  test('a malformed document writes nothing and says where it broke', async () => {
    const ch = uniqueXmltvId('malformed');
    const good = xmltvDoc([{ id: ch, name: 'Malformed' }], [{ channel: ch, start: '20261204100000 +0000', stop: '20261204110000 +0000', title: 'Fine' }]);
    const broken = good.replace('</tv>', `  <programme start="20261204110000 +0000" channel="${ch}"><title>Unclosed</programme>\n</tv>`);
    const res = await importXmltv(broken, editor.accessToken);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toMatch(/^Malformed XML at line 5, column \d+/);
    expect(await channelIdsFor([ch])).toEqual([]);
    const events = await liveSql(`SELECT 1 FROM live."OutboxEvent" WHERE payload->>'title' = 'Fine' AND payload->>'channelName' = 'Malformed'`);
    expect(events).toEqual([]);
  });

  test('an entity-expansion bomb is refused quickly with a clear error', async () => {
    const entities = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE tv [\n${entities.join('\n')}\n]>\n<tv><channel id="bomb"><display-name>&lol9;</display-name></channel></tv>`;
    const started = performance.now();
    const res = await gql(`mutation($xml: String!) { importXmltv(xml: $xml) { imported } }`, { xml: bomb }, { token: editor.accessToken });
    const elapsed = performance.now() - started;
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toMatch(/DOCTYPE declares entities/);
    expect(elapsed).toBeLessThan(1000);
    expect(await channelIdsFor(['bomb'])).toEqual([]);
  });

  test('an external entity is refused and never resolved', async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE tv [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<tv><channel id="xxe"><display-name>&xxe;</display-name></channel></tv>`;
    const res = await gql(`mutation($xml: String!) { importXmltv(xml: $xml) { imported } }`, { xml: xxe }, { token: editor.accessToken });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(await channelIdsFor(['xxe'])).toEqual([]);
  });

  test('the document comes as exactly one of xml or xmlGzipBase64; bad gzip is BAD_USER_INPUT', async () => {
    const both = await gql(`mutation { importXmltv(xml: "<tv/>", xmlGzipBase64: "H4sI") { imported } }`, {}, { token: editor.accessToken });
    expect(codes(both)).toEqual(['BAD_USER_INPUT']);
    const none = await gql(`mutation { importXmltv { imported } }`, {}, { token: editor.accessToken });
    expect(codes(none)).toEqual(['BAD_USER_INPUT']);
    const notGzip = await gql(`mutation { importXmltv(xmlGzipBase64: "bm90IGd6aXA=") { imported } }`, {}, { token: editor.accessToken });
    expect(codes(notGzip)).toEqual(['BAD_USER_INPUT']);
    expect(notGzip.errors![0].message).toMatch(/not gzip/);
  });

  test('small guides can be sent as plain text; a 137 KB one needs gzip under the 100kb body limit', async () => {
    const ch = uniqueXmltvId('plain');
    const xml = xmltvDoc([{ id: ch, name: 'Plain' }], [{ channel: ch, start: '20261205100000 +0000', stop: '20261205110000 +0000', title: 'Plain text' }]);
    const res = await gql<{ importXmltv: ImportReport }>(
      `mutation($xml: String!) { importXmltv(xml: $xml) { ${REPORT_FIELDS} } }`,
      { xml },
      { token: editor.accessToken },
    );
    expect(res.data!.importXmltv).toMatchObject({ imported: 1, channelsCreated: 1 });

    const big = readFileSync(join(XMLTV_DIR, 'energeek.cl.xml'), 'utf8');
    const plain = await gql(`mutation($xml: String!) { importXmltv(xml: $xml) { imported } }`, { xml: big }, { token: editor.accessToken });
    expect(plain.status).toBe(413);
    const gzipped = await importXmltv(big, editor.accessToken);
    expect(gzipped.errors).toBeUndefined();
  });
});

describe('the import:xmltv command', () => {
  test('streams a file into the database with the same rules and report', async () => {
    const ch = uniqueXmltvId('cli');
    const dir = mkdtempSync(join(tmpdir(), 'tvstream-xmltv-'));
    const file = join(dir, 'guide.xml');
    writeFileSync(
      file,
      xmltvDoc(
        [{ id: ch, name: 'CLI channel' }],
        [
          { channel: ch, start: '20261206100000 +0200', stop: '20261206110000 +0200', title: 'From the CLI' },
          { channel: ch, start: '20261206110000 +0200', title: 'No stop, last' },
        ],
      ),
    );
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'subgraphs/live/src/cli/import-xmltv.ts'), file], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, LOG_LEVEL: 'silent' },
    });
    expect(stdout).toContain('"imported":1');
    expect(stdout).toContain('"rejected":1');
    expect(stdout).toMatch(/rejected line 5 \(cli-[^)]+\): no stop time/);
    const [id] = await channelIdsFor([ch]);
    const list = await scheduleOf(id, '2026-12-06T00:00:00Z', '2026-12-07T00:00:00Z');
    expect(list.map((p) => [p.title, p.start])).toEqual([['From the CLI', '2026-12-06T08:00:00.000Z']]);

    const broken = join(dir, 'broken.xml');
    writeFileSync(broken, '<tv><programme>\n</tv>');
    const failure = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'subgraphs/live/src/cli/import-xmltv.ts'), broken], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toMatch(/Malformed XML at line 2/);
  });

  test('--help explains every option, including where it writes by default', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'subgraphs/live/src/cli/import-xmltv.ts'), '--help'], {
      cwd: ROOT,
    });
    expect(stdout).toMatch(/^usage: npm run import:xmltv -- \[options\] FILE/);
    expect(stdout).toContain('--database-url URL');
    expect(stdout).toContain('running `npm start`');
    expect(stdout).toContain('-h, --help');
  });
});
