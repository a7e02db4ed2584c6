/**
 * The audit trail: every administrative action (a role change, an edit of the catalog, a plan, a channel, an
 * XMLTV import, a reindex…) is recorded by the service that owns what it changed, as one `AuditEntry` row
 * written in the same transaction as the change, so an action is never recorded without having happened nor
 * done without being recorded. Identity reads every service's entries through federation and merges them
 * into one trail (`Query.auditTrail`): each service contributes its own records to the `AuditTrail` entity,
 * and identity's `AuditTrail.entries` @requires them.
 *
 * Why not a projection of the outbox events: without Kafka (the embedded mode of `npm start`) there is no
 * stream to project from, and events describe data, not actions — one XMLTV import is hundreds of programme
 * events but one action by one editor, and a viewer's own subscribe is an event but no admin action.
 */
import { badInput } from './errors';
import { likeLiteral } from './ids';
import { pageSize } from './pagination';
import { toDate } from './scalars';
import type { RequestContext } from './context';

/** Who acts: the signed-in caller as the access token proves it, and the request (as the logs name it). */
export interface AuditActor {
  actorId: string;
  /** The `email` claim of the caller's access token (staff accounts carry it); null when absent. */
  actorEmail: string | null;
  requestId: string;
}

/** The caller of a role-gated mutation as an actor; the shield has already refused anonymous callers. */
export function auditActor(ctx: Pick<RequestContext, 'viewer' | 'requestId'>): AuditActor {
  if (!ctx.viewer) throw new Error('An audited action needs a signed-in caller');
  return { actorId: ctx.viewer.userId, actorEmail: ctx.viewer.email ?? null, requestId: ctx.requestId };
}

/** Changes made by a command-line tool or a seeding script rather than a signed-in person. */
export const systemActor = (name: string): AuditActor => ({ actorId: `system:${name}`, actorEmail: null, requestId: name });

/** One action to record. */
export interface AuditNote {
  /** `<domain>.<verb>`, e.g. `plan.create`, `channel.delete`, `xmltv.import`. */
  action: string;
  /** The id of what was acted upon. */
  targetId: string | null;
  /** What changed, kept as JSON. */
  details?: unknown;
}

/** The columns every service's `AuditEntry` model has (a service may add its own, e.g. catalog's titleId). */
export interface AuditRow {
  actorId: string;
  actorEmail: string | null;
  requestId: string;
  action: string;
  targetId: string | null;
  details: object;
}

/** The slice of a Prisma transaction client the writer needs. */
export interface AuditTransaction<Extra extends object = object> {
  auditEntry: { create(args: { data: AuditRow & Extra }): Promise<unknown> };
}

/** Records one action inside the transaction that performs it. */
export async function recordAudit<Extra extends object = object>(
  tx: AuditTransaction<Extra>,
  actor: AuditActor,
  note: AuditNote,
  extra: Extra = {} as Extra,
): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actorId: actor.actorId,
      actorEmail: actor.actorEmail,
      requestId: actor.requestId,
      action: note.action,
      targetId: note.targetId,
      details: JSON.parse(JSON.stringify(note.details ?? {})) as object,
      ...extra,
    },
  });
}

/** The trail's narrowing, as every service applies it to its own entries. */
export interface AuditQuery {
  /** Lower-case part of the actor's email. */
  actorEmailContains: string | null;
  /** The action, or a prefix of it (`plan.` for every plan action). */
  action: string | null;
  /** Inclusive. */
  from: Date | null;
  /** Exclusive. */
  to: Date | null;
  /** How many of the newest matching entries. */
  first: number;
}

export interface AuditFilterArgs {
  actorEmailContains?: string | null;
  action?: string | null;
  from?: unknown;
  to?: unknown;
}

const MAX_TEXT = 200;
export const MAX_AUDIT_ENTRIES = 500;

/** Blank texts mean "any"; a range that ends before it starts is refused rather than answered empty. */
export function checkAuditQuery(filter: AuditFilterArgs | null | undefined, first: number | null | undefined): AuditQuery {
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
    first: pageSize(first, MAX_AUDIT_ENTRIES, 50),
  };
  if (query.from && query.to && query.from >= query.to) {
    throw badInput('The time range ends before it starts', [{ field: 'to', message: 'Must be after the start' }]);
  }
  return query;
}

/**
 * The `AuditTrail` entity's key: the checked query itself, so each service answers exactly what identity
 * checked. A key that does not decode to a valid query (a hand-made `_entities` call) is BAD_USER_INPUT.
 */
export function auditTrailId(query: AuditQuery): string {
  const wire = { e: query.actorEmailContains, a: query.action, f: query.from?.toISOString() ?? null, t: query.to?.toISOString() ?? null, n: query.first };
  return Buffer.from(JSON.stringify(wire)).toString('base64url');
}

export function auditQueryOf(id: string): AuditQuery {
  let wire: { e?: string | null; a?: string | null; f?: string | null; t?: string | null; n?: number };
  try {
    wire = JSON.parse(Buffer.from(id, 'base64url').toString('utf8')) as typeof wire;
    if (!wire || typeof wire !== 'object') throw new Error('not an object');
  } catch {
    throw badInput('Not an audit trail id', [{ field: 'id', message: 'Unknown audit trail' }]);
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return checkAuditQuery(
    { actorEmailContains: text(wire.e), action: text(wire.a), from: wire.f ?? null, to: wire.t ?? null },
    typeof wire.n === 'number' ? wire.n : null,
  );
}

/** The Prisma `where` of a service's `AuditEntry` model for a query (every model has these columns). */
export function auditWhere(query: AuditQuery) {
  return {
    ...(query.actorEmailContains ? { actorEmail: { contains: likeLiteral(query.actorEmailContains), mode: 'insensitive' as const } } : {}),
    ...(query.action ? { action: { startsWith: likeLiteral(query.action) } } : {}),
    ...(query.from || query.to ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } } : {}),
  };
}

/** Newest first, then by id: the order of every service's answer and of the merged trail. */
export const AUDIT_ORDER = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** One entry as a service hands it to the trail (`AuditRecord` in each schema). */
export interface AuditRecordModel {
  id: string;
  actorId: string;
  actorEmail: string | null;
  action: string;
  targetId: string | null;
  /** JSON text. */
  details: string;
  at: Date;
}

/** A stored row as a record of the trail. */
export const auditRecord = (row: {
  id: string;
  actorId: string;
  actorEmail: string | null;
  action: string;
  targetId: string | null;
  details: unknown;
  createdAt: Date;
}): AuditRecordModel => ({
  id: row.id,
  actorId: row.actorId,
  actorEmail: row.actorEmail,
  action: row.action,
  targetId: row.targetId,
  details: JSON.stringify(row.details ?? {}),
  at: row.createdAt,
});

/** Whether an entry matches a query (for stores that cannot filter themselves, and for checks). */
export function matchesAuditQuery(entry: { actorEmail: string | null; action: string; at: Date }, query: AuditQuery): boolean {
  if (query.actorEmailContains && !(entry.actorEmail ?? '').toLowerCase().includes(query.actorEmailContains)) return false;
  if (query.action && !entry.action.startsWith(query.action)) return false;
  if (query.from && entry.at < query.from) return false;
  if (query.to && entry.at >= query.to) return false;
  return true;
}

/** Merges the services' answers (each newest first) into the newest `first` entries overall. */
export function mergeAuditRecords<R extends { id: string; at: Date | string }>(lists: readonly (readonly R[])[], first: number): R[] {
  const time = (r: R) => new Date(r.at).getTime();
  return lists
    .flat()
    .sort((a, b) => time(b) - time(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, first);
}

/** The `AuditTrail` entity as a contributing service sees it: its key. */
export interface AuditTrailRef {
  id: string;
}

/**
 * What a contributing service (catalog, live, rights, search) resolves: the entity from its key, and its
 * records field reading its own entries for the query the key carries.
 */
export function auditTrailContribution<C>(read: (query: AuditQuery, ctx: C) => Promise<AuditRecordModel[]>) {
  return {
    __resolveReference: (ref: { id: string }): AuditTrailRef => ({ id: ref.id }),
    records: (trail: AuditTrailRef, _args: unknown, ctx: C) => read(auditQueryOf(trail.id), ctx),
  };
}

/** The slice of a service's Prisma client that reads its audit entries. */
export interface AuditReader {
  auditEntry: {
    findMany(args: { where: ReturnType<typeof auditWhere>; orderBy: typeof AUDIT_ORDER; take: number }): Promise<Parameters<typeof auditRecord>[0][]>;
  };
}

/** A service's entries matching the query, newest first, as records of the trail. */
export async function readAuditRecords(db: AuditReader, query: AuditQuery): Promise<AuditRecordModel[]> {
  return (await db.auditEntry.findMany({ where: auditWhere(query), orderBy: AUDIT_ORDER, take: query.first })).map(auditRecord);
}
