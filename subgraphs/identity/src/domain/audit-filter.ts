import { badInput, toDate } from '@tvstream/service-kit';

/** The audit log's narrowing as the store applies it. */
export interface AuditQuery {
  actorEmailContains: string | null;
  action: string | null;
  from: Date | null;
  to: Date | null;
}

export interface AuditFilterArgs {
  actorEmailContains?: string | null;
  action?: string | null;
  from?: unknown;
  to?: unknown;
}

const MAX_TEXT = 200;

/** Blank texts mean "any"; a range that ends before it starts is refused rather than answered empty. */
export function checkAuditFilter(filter: AuditFilterArgs | null | undefined): AuditQuery {
  const text = (value: string | null | undefined, field: string) => {
    const trimmed = value?.trim() ?? '';
    if (trimmed.length > MAX_TEXT) throw badInput(`${field} is too long`, [{ field, message: `At most ${MAX_TEXT} characters` }]);
    return trimmed || null;
  };
  const query: AuditQuery = {
    actorEmailContains: text(filter?.actorEmailContains, 'actorEmailContains')?.toLowerCase() ?? null,
    action: text(filter?.action, 'action'),
    from: filter?.from == null ? null : toDate(filter.from, 'from'),
    to: filter?.to == null ? null : toDate(filter.to, 'to'),
  };
  if (query.from && query.to && query.from >= query.to) {
    throw badInput('The time range ends before it starts', [{ field: 'to', message: 'Must be after the start' }]);
  }
  return query;
}
