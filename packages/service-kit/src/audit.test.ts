import { auditQueryOf, auditTrailId, checkAuditQuery, matchesAuditQuery, mergeAuditRecords } from './audit';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { extensions: { code: string; fieldErrors?: { field: string }[] } }).extensions;
  }
};

describe('audit trail filters', () => {
  test('no filter, or blank texts, narrow nothing', () => {
    const none = { actorEmailContains: null, action: null, from: null, to: null, first: 50 };
    expect(checkAuditQuery(null, undefined)).toEqual(none);
    expect(checkAuditQuery({ actorEmailContains: '  ', action: '' }, null)).toEqual(none);
  });

  test('texts are trimmed, emails folded to lower case, instants parsed', () => {
    expect(checkAuditQuery({ actorEmailContains: ' Admin@Example ', action: 'user.', from: '2026-11-25T19:00:00+01:00' }, 10)).toEqual({
      actorEmailContains: 'admin@example',
      action: 'user.',
      from: new Date('2026-11-25T18:00:00Z'),
      to: null,
      first: 10,
    });
  });

  test('a range ending before it starts, a date without a zone or a page out of range is refused on its field', () => {
    expect(codeOf(() => checkAuditQuery({ from: '2026-11-25T19:00:00Z', to: '2026-11-25T18:00:00Z' }, 5))).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'to' }],
    });
    expect(codeOf(() => checkAuditQuery({ from: '2026-11-25 19:00' }, 5))).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'from' }] });
    expect(codeOf(() => checkAuditQuery({}, 501))).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'first' }] });
  });

  test('the trail id carries the checked query to every service, and a forged one is refused', () => {
    const query = checkAuditQuery({ actorEmailContains: 'ops@', action: 'plan.', from: '2026-11-25T18:00:00Z', to: '2026-11-26T18:00:00Z' }, 20);
    expect(auditQueryOf(auditTrailId(query))).toEqual(query);
    expect(codeOf(() => auditQueryOf('not-json'))).toMatchObject({ code: 'BAD_USER_INPUT' });
    const forged = Buffer.from(JSON.stringify({ n: 100000 })).toString('base64url');
    expect(codeOf(() => auditQueryOf(forged))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  test('an entry matches when every condition holds', () => {
    const entry = { actorEmail: 'ops@example.com', action: 'plan.create', at: new Date('2026-11-25T19:00:00Z') };
    const query = (filter: object) => checkAuditQuery(filter, 50);
    expect(matchesAuditQuery(entry, query({ actorEmailContains: 'OPS@', action: 'plan.' }))).toBe(true);
    expect(matchesAuditQuery(entry, query({ action: 'offer.' }))).toBe(false);
    expect(matchesAuditQuery(entry, query({ from: '2026-11-25T19:00:00Z' }))).toBe(true);
    expect(matchesAuditQuery(entry, query({ to: '2026-11-25T19:00:00Z' }))).toBe(false);
    expect(matchesAuditQuery({ ...entry, actorEmail: null }, query({ actorEmailContains: 'ops' }))).toBe(false);
  });

  test('the services’ answers merge newest first, cut to the page', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 19, minute));
    const merged = mergeAuditRecords(
      [
        [
          { id: 'a', at: at(5) },
          { id: 'b', at: at(1) },
        ],
        [{ id: 'c', at: at(3).toISOString() }],
        [],
        [{ id: 'd', at: at(4) }],
      ],
      3,
    );
    expect(merged.map((r) => r.id)).toEqual(['a', 'd', 'c']);
  });
});
