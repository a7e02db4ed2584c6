import type { Revocation, RevocationPage } from '@tvstream/service-kit';
import type { IdentityDb, Prisma } from './client';

type Tx = Prisma.TransactionClient;

export interface RevocationRecord extends Revocation {
  reason: 'logout' | 'refresh-reuse' | 'password-change' | 'disable';
}

/**
 * identity."Revocation": every access-token revocation, written in the transaction of the change that causes
 * it (see SessionStore and UserStore), served to every service as the feed, copied into Redis.
 */
export class RevocationStore {
  constructor(private readonly db: IdentityDb) {}

  static async record(tx: Tx, revocations: RevocationRecord[]): Promise<void> {
    if (revocations.length === 0) return;
    await tx.revocation.createMany({
      data: revocations.map((r) => ({ kind: r.kind, subject: r.subject, version: r.version, reason: r.reason, expiresAt: r.expiresAt })),
    });
  }

  /** The revocations still in force, recorded since `since` (all of them when null), as of the database's clock. */
  async page(since: Date | null): Promise<RevocationPage> {
    const [{ now }] = await this.db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
    const rows = await this.db.revocation.findMany({
      where: { expiresAt: { gt: now }, ...(since ? { createdAt: { gte: since } } : {}) },
      orderBy: { sequence: 'asc' },
      select: { kind: true, subject: true, version: true, expiresAt: true },
    });
    return { asOf: now, revocations: rows };
  }

  /** Rows whose tokens have all expired serve nobody; kept an hour for whoever investigates. */
  async prune(now: Date): Promise<number> {
    const { count } = await this.db.revocation.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 3600_000) } } });
    return count;
  }
}
