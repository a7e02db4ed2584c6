import { GraphQLError, Kind } from 'graphql';
import { DateTimeScalar, parseDateTime, toDate } from './scalars';

describe('DateTime', () => {
  test('ISO instants with a zone become Dates; output is always UTC', () => {
    expect(parseDateTime('2026-11-25T20:00:00+01:00')?.toISOString()).toBe('2026-11-25T19:00:00.000Z');
    expect(DateTimeScalar.serialize(new Date('2026-11-25T19:00:00Z'))).toBe('2026-11-25T19:00:00.000Z');
    expect(DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '2026-11-25T19:00Z' })).toEqual(new Date('2026-11-25T19:00:00Z'));
  });

  test('anything else reaches the resolver unchanged, and toDate refuses it as BAD_USER_INPUT naming the field', () => {
    for (const value of ['2026-11-25 19:00', '2026-11-25T19:00:00', 'tomorrow', 42, null]) {
      expect(parseDateTime(value)).toBeNull();
      const error = (() => {
        try {
          toDate(DateTimeScalar.parseValue(value), 'start');
        } catch (e) {
          return e as GraphQLError;
        }
      })();
      expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'start' }] });
    }
  });
});
