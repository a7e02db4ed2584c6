import { isUuid } from '@tvstream/service-kit';
import type { CatalogDb, Prisma } from './client';

/** Who is making an editorial change: the signed-in editor and the request, as the services' logs name it. */
export interface Actor {
  actorId: string;
  requestId: string;
}

/** One change to record, in the transaction that makes it. */
export interface AuditNote {
  action: string;
  targetId: string;
  /** The movie or series it belongs to; null for rails. */
  titleId: string | null;
  details?: object;
}

export function recordAudit(tx: Prisma.TransactionClient, actor: Actor, note: AuditNote) {
  return tx.auditEntry.create({
    data: {
      actorId: actor.actorId,
      requestId: actor.requestId,
      action: note.action,
      targetId: note.targetId,
      titleId: note.titleId,
      details: JSON.parse(JSON.stringify(note.details ?? {})) as Prisma.InputJsonValue,
    },
  });
}

/** The catalog's audit log as editors read it. */
export class AuditLog {
  constructor(private readonly db: CatalogDb) {}

  /** Newest first; a title id that is not a UUID names no title and has no history. */
  async list(titleId: string | null | undefined, take: number) {
    if (titleId != null && !isUuid(titleId)) return [];
    return this.db.auditEntry.findMany({
      where: titleId != null ? { titleId } : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }
}
