import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors';

/**
 * `DateTime`: an ISO-8601 instant. Output: a Date (or an ISO string) is written as UTC
 * (`2026-11-25T19:00:00.000Z`). Input: an ISO-8601 string with a time zone (`Z` or an offset) becomes a Date.
 *
 * Anything else is passed through unchanged, and resolvers read inputs with `toDate(value, field)`, which
 * refuses it as BAD_USER_INPUT naming the field. (Failing in the scalar itself would be a variable-coercion
 * error: an HTTP 400 from the subgraph, which the gateway reports as an internal error.)
 */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

export function parseDateTime(value: unknown): Date | null {
  if (typeof value !== 'string' || !ISO_WITH_ZONE.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** A DateTime argument as a Date, or BAD_USER_INPUT for the named field. */
export function toDate(value: unknown, field: string): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  const date = parseDateTime(value);
  if (!date) {
    const message = `Not an ISO-8601 date-time with a time zone (e.g. 2026-11-25T19:00:00Z): ${JSON.stringify(value)}`;
    throw badInput(`${field}: ${message}`, [{ field, message }]);
  }
  return date;
}

// Internal values are Dates, or the raw input passed through for `toDate` to refuse (see above).
export const DateTimeScalar = new GraphQLScalarType<unknown, string>({
  name: 'DateTime',
  description: 'An instant in time, as an ISO-8601 string in UTC.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue: (value) => parseDateTime(value) ?? value,
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? (parseDateTime(ast.value) ?? ast.value) : ast.kind),
});
