/**
 * The admin console's read models: a viewer's account found by email, a subscription with its charges and
 * a title's offers no longer sold, for rights managers; the audit log
 * narrowed by actor, action and time, and the history of search reindex jobs; each closed to other roles.
 */
import { adminSession, codes, gql, register, sessionWithRoles, type Session } from './support/client';
import { CARD, createOffer, createPackage, createPlan, key, must, publishedMovie, SUBSCRIBE } from './support/rights';
import { oneReindexAtATime, REBUILD_WAIT_MS, REINDEX_TEST_MS } from './support/reindex';
import { eventually } from './support/eventually';

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

  test('rights managers find an account by its exact email, in any case; viewers and editors may not', async () => {
    const viewer = await register();
    const manager = await sessionWithRoles(['RIGHTS_MANAGER']);
    const LOOKUP = `query($email: String!) { accountByEmail(email: $email) { id email displayName disabled } }`;
    expect(codes(await gql(LOOKUP, { email: viewer.user.email }, { token: viewer.accessToken }))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(LOOKUP, { email: viewer.user.email }, { token: editor.accessToken }))).toEqual(['FORBIDDEN']);

    const found = await gql(LOOKUP, { email: ` ${viewer.user.email.toUpperCase()} ` }, { token: manager.accessToken });
    expect(found.data!.accountByEmail).toEqual({ id: viewer.user.id, email: viewer.user.email, displayName: 'Test Viewer', disabled: false });
    const partial = await gql(LOOKUP, { email: `x${viewer.user.email}` }, { token: manager.accessToken });
    expect(partial.data!.accountByEmail).toBeNull();
    const malformed = await gql(LOOKUP, { email: 'not an email' }, { token: manager.accessToken });
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'email' }] });
  });

  test("rights managers look a subscription up with its charges, and see a title's inactive offers", async () => {
    const manager = await sessionWithRoles(['RIGHTS_MANAGER']);
    const viewer = await register();
    const movie = await publishedMovie(editor);
    const plan = await createPlan(manager, [await createPackage(manager, { titleIds: [movie] })], { price: { amount: 1299, currency: 'EUR' } });
    const { subscribe } = await must<{ subscribe: { id: string } }>(SUBSCRIBE, { p: plan, k: key(), c: CARD }, viewer.accessToken);

    const LOOKUP = `query($id: ID!) { subscription(id: $id) { id status plan { id } charges { status amount { amount currency } } } }`;
    expect(codes(await gql(LOOKUP, { id: subscribe.id }, { token: viewer.accessToken }))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(`{ mySubscriptions { charges { status } } }`, {}, { token: viewer.accessToken }))).toEqual(['FORBIDDEN']);
    const found = await must<{ subscription: unknown }>(LOOKUP, { id: subscribe.id }, manager.accessToken);
    expect(found.subscription).toEqual({
      id: subscribe.id,
      status: 'ACTIVE',
      plan: { id: plan },
      charges: [{ status: 'SUCCEEDED', amount: { amount: 1299, currency: 'EUR' } }],
    });
    expect((await must<{ subscription: null }>(LOOKUP, { id: '00000000-0000-4000-8000-000000000000' }, manager.accessToken)).subscription).toBeNull();

    const offer = await createOffer(manager, movie);
    await must(
      `mutation($id: ID!, $i: OfferInput!) { updateOffer(id: $id, input: $i) { id } }`,
      { id: offer, i: { contentId: movie, kind: 'RENT', price: { amount: 399, currency: 'EUR' }, active: false } },
      manager.accessToken,
    );
    const OFFERS = `query($c: ID!, $all: Boolean) { offers(contentId: $c, includeInactive: $all) { id active } }`;
    expect((await must<{ offers: unknown[] }>(OFFERS, { c: movie }, viewer.accessToken)).offers).toEqual([]);
    expect(codes(await gql(OFFERS, { c: movie, all: true }, { token: viewer.accessToken }))).toEqual(['FORBIDDEN']);
    expect((await must<{ offers: unknown[] }>(OFFERS, { c: movie, all: true }, manager.accessToken)).offers).toEqual([{ id: offer, active: false }]);
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

  test(
    'reindex jobs are listed newest first, with their progress; only admins see them',
    async () => {
      expect(codes(await gql(JOBS, {}, { token: editor.accessToken }))).toEqual(['FORBIDDEN']);
      expect(codes(await gql(JOBS, { first: 0 }, { token: admin.accessToken }))).toEqual(['BAD_USER_INPUT']);

      const { jobId, jobs } = await oneReindexAtATime(async () => {
        const started = await gql<{ reindex: { id: string } }>(`mutation { reindex { id } }`, {}, { token: admin.accessToken });
        expect(started.errors).toBeUndefined();
        const id = started.data!.reindex.id;
        type Listed = { id: string; status: string; processed: number; finishedAt: string | null }[];
        // The job ends on its own; the list follows it until then.
        const listed = await eventually(
          async () => {
            const jobs = (await gql<{ reindexJobs: Listed }>(JOBS, { first: 5 }, { token: admin.accessToken })).data!.reindexJobs;
            return jobs[0]?.id === id && jobs[0].status !== 'RUNNING' && jobs;
          },
          REBUILD_WAIT_MS,
          `reindex ${id} to be listed finished`,
          250,
        );
        return { jobId: id, jobs: listed };
      });
      expect(jobs[0]).toMatchObject({ id: jobId, status: 'COMPLETED', finishedAt: expect.any(String) });
      expect(jobs.length).toBeLessThanOrEqual(5);
    },
    REINDEX_TEST_MS,
  );
});
