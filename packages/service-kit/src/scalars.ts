import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors';

/**
 * `DateTime`: an ISO-8601 instant. Output: a Date (or an ISO string) is written as UTC
 * (`2026-11-25T19:00:00.000Z`). Input: any ISO-8601 string with a time zone (`Z` or an offset); anything
 * else is BAD_USER_INPUT, so a resolver always receives a valid Date.
 */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

export function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_WITH_ZONE.test(value) || Number.isNaN(Date.parse(value))) {
    throw badInput(`Not an ISO-8601 date-time with a time zone: ${JSON.stringify(value)}`);
  }
  return new Date(value);
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in time, as an ISO-8601 string in UTC.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime literals are ISO-8601 strings');
    return parseDateTime(ast.value);
  },
});
