const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Row ids are UUIDs: anything else names nothing, and must not reach a uuid column (a database error). */
export const isUuid = (id: string) => UUID.test(id);

/**
 * Text a caller searches for inside a column, as a LIKE pattern's literal part. Prisma's `contains`,
 * `startsWith` and `endsWith` become LIKE without escaping, so a `%` or `_` typed by the caller would be a
 * wildcard (`%` matching every row); PostgreSQL's default escape character is the backslash.
 */
export const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
