import { AUDIT_ORDER, auditRecord, auditWhere, isUuid, recordAudit as recordTrailEntry, type AuditActor, type AuditQuery } from '@tvstream/service-kit';
import type { CatalogDb, Prisma } from './client';

/** Who is making an editorial change: the signed-in editor and the request, as the services' logs name it. */
export type Actor = AuditActor;

/** One change to record, in the transaction that makes it. */
export interface AuditNote {
  action: string;
  targetId: string;
  /** The movie or series it belongs to; null for rails. */
  titleId: string | null;
  details?: object;
}

/** The catalog's part of the audit trail (service-kit audit.ts), with the title a change belongs to. */
export function recordAudit(tx: Prisma.TransactionClient, actor: Actor, note: AuditNote) {
  return recordTrailEntry(tx, actor, { action: note.action, targetId: note.targetId, details: note.details }, { titleId: note.titleId });
}

/** The catalog's audit log as editors read it, and its part of the administrators' trail. */
export class AuditLog {
  constructor(private readonly db: CatalogDb) {}

  /** Newest first; a title id that is not a UUID names no title and has no history. */
  async list(titleId: string | null | undefined, take: number) {
    if (titleId != null && !isUuid(titleId)) return [];
    return this.db.auditEntry.findMany({
      where: titleId != null ? { titleId } : {},
      orderBy: AUDIT_ORDER,
      take,
    });
  }

  async trail(query: AuditQuery) {
    return (await this.db.auditEntry.findMany({ where: auditWhere(query), orderBy: AUDIT_ORDER, take: query.first })).map(auditRecord);
  }
}
