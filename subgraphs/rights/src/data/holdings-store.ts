import { isUuid } from '@tvstream/service-kit';
import type { Holdings } from '../domain/access';
import type { Prisma, RightsDb } from './client';

type Reader = Pick<RightsDb, 'subscription' | 'purchase' | 'grant'> | Prisma.TransactionClient;

/** Everything an account holds, in the shapes the entitlement rule reads. */
export async function loadHoldings(db: Reader, userId: string): Promise<Holdings & { raw: RawHoldings }> {
  // One after the other: inside a transaction they share one connection, which must not run two queries at
  // once (pg warns now and refuses from version 9).
  const subscriptions = await db.subscription.findMany({
    where: { userId },
    include: { plan: { select: { maxConcurrentStreams: true, packages: { select: { packageId: true } } } } },
    orderBy: { startedAt: 'desc' },
  });
  const purchases = await db.purchase.findMany({ where: { userId }, orderBy: { purchasedAt: 'desc' } });
  const grants = await db.grant.findMany({ where: { userId }, orderBy: { grantedAt: 'desc' } });
  return {
    subscriptions: subscriptions.map((s) => ({
      id: s.id,
      status: s.status,
      currentPeriodEnd: s.currentPeriodEnd,
      packageIds: s.plan.packages.map((p) => p.packageId),
      maxConcurrentStreams: s.plan.maxConcurrentStreams,
    })),
    purchases: purchases.map((p) => ({
      id: p.id,
      kind: p.kind,
      contentId: p.contentId,
      startBy: p.startBy,
      playWindowHours: p.playWindowHours,
      firstPlayedAt: p.firstPlayedAt,
    })),
    grants: grants.map((g) => ({ id: g.id, contentId: g.contentId, packageId: g.packageId, expiresAt: g.expiresAt, revokedAt: g.revokedAt })),
    raw: { subscriptions, purchases, grants },
  };
}

export type RawHoldings = {
  subscriptions: Prisma.SubscriptionGetPayload<object>[];
  purchases: Prisma.PurchaseGetPayload<object>[];
  grants: Prisma.GrantGetPayload<object>[];
};

/**
 * Reads a subscription under a transaction-scoped lock of its own, so renewals, card changes and plan
 * changes of one subscription (from any instance) run one after the other.
 */
export async function lockSubscription(tx: Prisma.TransactionClient, id: string) {
  if (!isUuid(id)) return null;
  await tx.$queryRawUnsafe(`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS locked`, `subscription:${id}`);
  return tx.subscription.findUnique({ where: { id } });
}

/**
 * Serialises the requests of one account that move money (from any instance), so two different
 * idempotency keys for the same plan or title cannot both pass the checks before either is recorded.
 */
export async function lockAccount(tx: Prisma.TransactionClient, userId: string) {
  await tx.$queryRawUnsafe(`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS locked`, `account:${userId}`);
}
