/**
 * One audit trail for every admin action: each service records its own actions in the transaction that makes
 * them, and identity's `auditTrail` merges them (federation: `AuditTrail.entries` @requires every service's
 * records). One administrator acts once in each service; the trail shows each action with its actor, and its
 * filters (actor, action prefix, time range) hold across services.
 */
import { randomUUID } from 'node:crypto';
import { codes, gql, register, sessionWithRoles, type Session } from './support/client';
import { createChannel, importXmltv, uniqueXmltvId, xmltvDoc, xmltvTime } from './support/live';
import { oneReindexAtATime, REBUILD_WAIT_MS, REINDEX_TEST_MS } from './support/reindex';
import { eventually } from './support/eventually';
import { createPackage, must } from './support/rights';

interface Entry {
  id: string;
  service: string;
  actorId: string;
  actorEmail: string | null;
  action: string;
  targetId: string | null;
  details: string;
  createdAt: string;
}

const TRAIL = `query($f: AuditFilter, $n: Int) {
  auditTrail(first: $n, filter: $f) { entries { id service actorId actorEmail action targetId details createdAt } }
}`;

let admin: Session;
const done: Record<string, { service: string; targetId: string | null }> = {};
let middle: Date;
let before: Date;

async function trail(filter: Record<string, unknown>, token = admin.accessToken, first = 100) {
  const res = await gql<{ auditTrail: { entries: Entry[] } }>(TRAIL, { f: filter, n: first }, { token });
  return res;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  // An administrator of this test's own: filtering by its email finds this test's actions only.
  admin = await sessionWithRoles(['ADMIN']);
  before = new Date();
  await pause(50);

  // identity: a role change.
  const other = await register();
  await must(`mutation($id: ID!) { setUserRoles(userId: $id, roles: [VIEWER, EDITOR]) { id } }`, { id: other.user.id }, admin.accessToken);
  done['user.setRoles'] = { service: 'identity', targetId: other.user.id };

  // catalog: a new film.
  const movie = await must<{ createMovie: { id: string } }>(
    `mutation($i: TitleInput!) { createMovie(input: $i) { id } }`,
    { i: { title: `Audited ${randomUUID().slice(0, 8)}` } },
    admin.accessToken,
  );
  done['title.create'] = { service: 'catalog', targetId: movie.createMovie.id };

  await pause(50);
  middle = new Date();
  await pause(50);

  // live: a channel, and a guide import of several programmes (one action, one entry).
  const channel = await createChannel(admin.accessToken);
  done['channel.create'] = { service: 'live', targetId: channel.id };
  const xmltvId = uniqueXmltvId('audit');
  const start = new Date(Date.now() + 86_400_000);
  const programmes = [0, 1, 2].map((i) => ({
    channel: xmltvId,
    start: xmltvTime(new Date(start.getTime() + i * 3_600_000)),
    stop: xmltvTime(new Date(start.getTime() + (i + 1) * 3_600_000)),
    title: `Audited show ${i}`,
  }));
  const imported = await importXmltv(xmltvDoc([{ id: xmltvId, name: 'Audit TV' }], programmes), admin.accessToken);
  expect(imported.errors).toBeUndefined();
  done['xmltv.import'] = { service: 'live', targetId: null };

  // rights: a package.
  const pkg = await createPackage(admin, {});
  done['package.create'] = { service: 'rights', targetId: pkg };

  // search: a rebuild of the index (taking turns with the other files that rebuild), waited for to the end.
  await oneReindexAtATime(async () => {
    const started = await must<{ reindex: { id: string } }>(`mutation { reindex { id } }`, {}, admin.accessToken);
    done['search.reindex'] = { service: 'search', targetId: started.reindex.id };
    await eventually(
      async () => {
        const job = await must<{ reindexJob: { status: string } }>(
          `query($id: ID!) { reindexJob(id: $id) { status } }`,
          { id: started.reindex.id },
          admin.accessToken,
        );
        return job.reindexJob.status !== 'RUNNING';
      },
      REBUILD_WAIT_MS,
      `reindex ${started.reindex.id} to finish`,
      500,
    );
  });
}, REINDEX_TEST_MS);

test('each service’s action is in the trail once, with its actor, newest first', async () => {
  const res = await trail({ actorEmailContains: admin.user.email.toUpperCase() });
  expect(res.errors).toBeUndefined();
  const entries = res.data!.auditTrail.entries;
  expect(entries.map((e) => e.action).sort()).toEqual(Object.keys(done).sort());
  for (const entry of entries) {
    expect(entry).toMatchObject({ actorId: admin.user.id, actorEmail: admin.user.email, ...done[entry.action] });
  }
  const times = entries.map((e) => new Date(e.createdAt).getTime());
  expect(times).toEqual([...times].sort((a, b) => b - a));
  // The import of three programmes is one entry, with its report.
  expect(JSON.parse(entries.find((e) => e.action === 'xmltv.import')!.details)).toMatchObject({ imported: 3, channelsCreated: 1 });
});

test('the action filter is a prefix, across services', async () => {
  const channels = await trail({ actorEmailContains: admin.user.email, action: 'channel.' });
  expect(channels.data!.auditTrail.entries.map((e) => [e.service, e.action])).toEqual([['live', 'channel.create']]);
  const searches = await trail({ actorEmailContains: admin.user.email, action: 'search.' });
  expect(searches.data!.auditTrail.entries.map((e) => [e.service, e.action])).toEqual([['search', 'search.reindex']]);
  const none = await trail({ actorEmailContains: admin.user.email, action: 'nothing.' });
  expect(none.data!.auditTrail.entries).toEqual([]);
});

test('the time range narrows every service’s entries', async () => {
  const later = await trail({ actorEmailContains: admin.user.email, from: middle.toISOString() });
  expect(later.data!.auditTrail.entries.map((e) => e.action).sort()).toEqual(['channel.create', 'package.create', 'search.reindex', 'xmltv.import']);
  const earlier = await trail({ actorEmailContains: admin.user.email, from: before.toISOString(), to: middle.toISOString() });
  expect(earlier.data!.auditTrail.entries.map((e) => e.action).sort()).toEqual(['title.create', 'user.setRoles']);
});

test('the page size holds for the merged trail', async () => {
  const two = await trail({ actorEmailContains: admin.user.email }, admin.accessToken, 2);
  const all = await trail({ actorEmailContains: admin.user.email });
  expect(two.data!.auditTrail.entries).toEqual(all.data!.auditTrail.entries.slice(0, 2));
});

test('another actor’s filter finds none of these; the trail is for administrators only', async () => {
  const other = await trail({ actorEmailContains: `nobody-${randomUUID()}` });
  expect(other.data!.auditTrail.entries).toEqual([]);
  const editor = await sessionWithRoles(['EDITOR']);
  expect(codes(await trail({}, editor.accessToken))).toEqual(['FORBIDDEN']);
  const bad = await trail({ from: middle.toISOString(), to: before.toISOString() });
  expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
});
