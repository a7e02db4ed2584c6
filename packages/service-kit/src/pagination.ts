import { z } from 'zod';
import { badInput } from './errors';

/** What one position of a cursor holds; decoding checks the kind, so a forged cursor never reaches a query. */
const CURSOR_PARTS = {
  uuid: z.uuid(),
  /** An instant, carried as ISO-8601 text. */
  instant: z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
  number: z.number(),
  string: z.string().max(1000),
  /** A position in a ranked result. */
  offset: z.int().nonnegative(),
};

type CursorPart = keyof typeof CURSOR_PARTS;
type CursorValues<P extends readonly CursorPart[]> = { [K in keyof P]: z.output<(typeof CURSOR_PARTS)[P[K]]> };

const invalidCursor = (field: string) => badInput('Invalid pagination cursor', [{ field, message: 'Pass a cursor returned by this API' }]);

/**
 * Relay-style cursors. A cursor is the sort key of the last row seen (plus its id as a tie-breaker),
 * base64url-encoded so clients treat it as opaque; keyset pagination stays stable when rows are inserted
 * before the cursor, unlike offsets. Clients can still send anything, so decoding checks every part's kind
 * and answers BAD_USER_INPUT for a cursor this codec did not make.
 */
export function cursorCodec<const P extends readonly CursorPart[]>(parts: P) {
  const shape = z.tuple(parts.map((part) => CURSOR_PARTS[part]) as unknown as [z.ZodType, ...z.ZodType[]]);
  return {
    encode(values: CursorValues<P>): string {
      const plain = (values as unknown[]).map((v) => (v instanceof Date ? v.toISOString() : v));
      return Buffer.from(JSON.stringify(plain)).toString('base64url');
    },
    decode(cursor: string, field = 'after'): CursorValues<P> {
      let key: unknown;
      try {
        key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw invalidCursor(field);
      }
      const parsed = shape.safeParse(key);
      if (!parsed.success) throw invalidCursor(field);
      return parsed.data as CursorValues<P>;
    },
  };
}

export function pageSize(first: number | null | undefined, max = 100, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw badInput(`first must be between 1 and ${max}`, [{ field: 'first', message: `Use 1 to ${max}` }]);
  }
  return size;
}

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

/** Builds a connection from `size + 1` fetched rows: the extra row only tells whether a next page exists. */
export function toConnection<N>(rows: N[], size: number, cursorOf: (row: N) => string): Connection<N> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
}
