/**
 * The admin console's read models: the audit log narrowed by actor, action and time, and the history of
 * search reindex jobs; each closed to everyone but administrators.
 */
import { adminSession, codes, gql, register, sessionWithRoles, type Session } from './support/client';

const AUDIT = `query($filter: AuditFilter) { auditLog(first: 100, filter: $filter) { actorId actorEmail action targetId createdAt } }`;
const JOBS = `query($first: Int) { reindexJobs(first: $first) { id status processed startedAt finishedAt } }`;

interface Entry {
  actorId: string;
  actorEmail: string | null;
  action: string;
  targetId: string | null;
}

describe('admin operations', () => {
  let admin: Session;
  let editor: Session;

  beforeAll(async () => {
    admin = await adminSession();
    editor = await sessionWithRoles(['EDITOR']);
  });

  test('the audit log narrows by actor email, action and time range; only admins read it', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const viewer = await register();
    const set = await gql(`mutation($id: ID!) { setUserRoles(userId: $id, roles: [EDITOR]) { id } }`, { id: viewer.user.id }, { token: admin.accessToken });
    expect(set.errors).toBeUndefined();

    expect(codes(await gql(AUDIT, {}, { token: editor.accessToken }))).toEqual(['FORBIDDEN']);

    const log = async (filter: Record<string, unknown>) => {
      const res = await gql<{ auditLog: Entry[] }>(AUDIT, { filter }, { token: admin.accessToken });
      expect(res.errors).toBeUndefined();
      return res.data!.auditLog;
    };
    const mine = await log({ actorEmailContains: admin.user.email.toUpperCase(), action: 'user.', from: before });
    expect(mine).toContainEqual({
      actorId: admin.user.id,
      actorEmail: admin.user.email,
      action: 'user.setRoles',
      targetId: viewer.user.id,
      createdAt: expect.any(String),
    });
    expect(mine.every((e) => e.actorId === admin.user.id && e.action.startsWith('user.'))).toBe(true);

    expect((await log({ actorEmailContains: 'nobody-acts-as-this' })).length).toBe(0);
    expect((await log({ action: 'user.disable', from: before })).some((e) => e.targetId === viewer.user.id)).toBe(false);
    expect((await log({ from: before, to: new Date(Date.parse(before) + 1).toISOString() })).some((e) => e.targetId === viewer.user.id)).toBe(false);

    const backwards = await gql(AUDIT, { filter: { from: new Date().toISOString(), to: before } }, { token: admin.accessToken });
    expect(backwards.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'to', message: 'Must be after the start' }] });
  });

  test('reindex jobs are listed newest first, with their progress; only admins see them', async () => {
    expect(codes(await gql(JOBS, {}, { token: editor.accessToken }))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(JOBS, { first: 0 }, { token: admin.accessToken }))).toEqual(['BAD_USER_INPUT']);

    const started = await gql<{ reindex: { id: string } }>(`mutation { reindex { id } }`, {}, { token: admin.accessToken });
    expect(started.errors).toBeUndefined();
    const jobId = started.data!.reindex.id;
    let jobs: { id: string; status: string; processed: number; finishedAt: string | null }[] = [];
    // The job ends on its own; the list follows it until then.
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      jobs = (await gql<{ reindexJobs: typeof jobs }>(JOBS, { first: 5 }, { token: admin.accessToken })).data!.reindexJobs;
      if (jobs[0]?.id === jobId && jobs[0].status !== 'RUNNING') break;
    }
    expect(jobs[0]).toMatchObject({ id: jobId, status: 'COMPLETED', finishedAt: expect.any(String) });
    expect(jobs.length).toBeLessThanOrEqual(5);
  });
});
