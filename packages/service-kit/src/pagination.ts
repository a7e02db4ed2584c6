import { badInput } from './errors';

/**
 * Relay-style cursors. A cursor is the sort key of the last row seen (plus its id as a tie-breaker),
 * base64url-encoded so clients treat it as opaque. Keyset pagination stays stable when rows are inserted
 * before the cursor, unlike offsets.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number')) {
      return key as (string | number)[];
    }
  } catch {
    // fall through to the error below
  }
  throw badInput('Invalid pagination cursor', [{ field: 'after', message: 'Pass a cursor returned by this API' }]);
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
