import { GraphQLError } from 'graphql';
import { cursorCodec } from './pagination';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions.code : 'not a GraphQLError';
  }
  return 'accepted';
};
const forged = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('cursorCodec', () => {
  const byPopularity = cursorCodec(['number', 'uuid']);
  const byDate = cursorCodec(['instant', 'uuid']);
  const id = '3f1e0c52-5b8f-4a51-9d0e-6f7f3c1d2a11';

  test('gives back what it encoded, instants as dates', () => {
    expect(byPopularity.decode(byPopularity.encode([4779.777, id]))).toEqual([4779.777, id]);
    const at = new Date('2026-11-25T20:00:00.000Z');
    expect(byDate.decode(byDate.encode([at, id]))).toEqual([at, id]);
  });

  test('a well-formed cursor of the wrong kinds is BAD_USER_INPUT, never reaching a query', () => {
    expect(codeOf(() => byPopularity.decode(forged([4779.777, 'not-a-uuid'])))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => byDate.decode(forged(['yesterday', id])))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => byDate.decode(forged([4779.777, id])))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => byPopularity.decode(forged([1, id, 'extra'])))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => cursorCodec(['offset']).decode(forged([-1])))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => cursorCodec(['offset']).decode(forged([1.5])))).toBe('BAD_USER_INPUT');
  });

  test('text that is not a cursor at all is BAD_USER_INPUT naming the argument', () => {
    for (const cursor of ['', '%%%', 'bnVsbA', forged({ a: 1 }), forged(null)]) {
      expect(codeOf(() => byPopularity.decode(cursor))).toBe('BAD_USER_INPUT');
    }
    try {
      byPopularity.decode('%%%', 'after');
    } catch (error) {
      expect((error as GraphQLError).extensions.fieldErrors).toEqual([{ field: 'after', message: 'Pass a cursor returned by this API' }]);
    }
  });
});
