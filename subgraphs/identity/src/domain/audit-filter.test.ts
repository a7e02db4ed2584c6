import { checkAuditFilter } from './audit-filter';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { extensions: { code: string; fieldErrors?: { field: string }[] } }).extensions;
  }
};

describe('audit log filters', () => {
  test('no filter, or blank texts, narrow nothing', () => {
    const none = { actorEmailContains: null, action: null, from: null, to: null };
    expect(checkAuditFilter(null)).toEqual(none);
    expect(checkAuditFilter({ actorEmailContains: '  ', action: '' })).toEqual(none);
  });

  test('texts are trimmed, emails folded to lower case, instants parsed', () => {
    expect(checkAuditFilter({ actorEmailContains: ' Admin@Example ', action: 'user.', from: '2026-11-25T19:00:00+01:00' })).toEqual({
      actorEmailContains: 'admin@example',
      action: 'user.',
      from: new Date('2026-11-25T18:00:00Z'),
      to: null,
    });
  });

  test('a range ending before it starts, or a date without a zone, is refused on its field', () => {
    expect(codeOf(() => checkAuditFilter({ from: '2026-11-25T19:00:00Z', to: '2026-11-25T18:00:00Z' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'to' }],
    });
    expect(codeOf(() => checkAuditFilter({ from: '2026-11-25 19:00' }))).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'from' }] });
  });
});
