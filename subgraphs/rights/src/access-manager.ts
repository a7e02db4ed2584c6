/**
 * What viewers may watch: entitlement checks for content, the viewer's holdings, rights managers' grants,
 * and the `entitlement.changed` event every change of a user's access emits.
 */
import { isUuid, notFound, recordAudit, recordEvent, type AuditActor } from '@tvstream/service-kit';
import { currentAccess, type AccessGrant, type PackageRules } from './domain/access';
import { bumpAccessVersion } from './data/access-cache';
import { validateGrant, type GrantFields } from './domain/product-rules';
import { isChargeOf, subscriptionsChargeFilter } from './domain/subscription';
import type { Prisma, RightsDb } from './data/client';
import { loadHoldings, type RawHoldings } from './data/holdings-store';
import { entitlementChanged, grantEvent } from './events/rights-events';

export interface RightsHistoryModel extends RawHoldings {
  userId: string;
  charges: Prisma.PaymentChargeGetPayload<object>[];
}

export const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 } as const;

/** Records the user's whole current access as the next `entitlement.changed` event, in the caller's transaction. */
export async function publishAccess(tx: Prisma.TransactionClient, userId: string, now: Date): Promise<void> {
  const holdings = await loadHoldings(tx, userId);
  const version = await bumpAccessVersion(tx, userId);
  await recordEvent(tx, entitlementChanged(userId, version, currentAccess(holdings, now)));
}

export class AccessManager {
  constructor(private readonly db: RightsDb) {}

  /** The viewer's holdings in force at `now`, plus free packages (any account may watch those). */
  async accessOf(userId: string, now: Date): Promise<AccessGrant[]> {
    return currentAccess(await loadHoldings(this.db, userId), now);
  }

  async myEntitlements(userId: string, now: Date, packages: Map<string, PackageRules>): Promise<AccessGrant[]> {
    const free: AccessGrant[] = [...packages.values()]
      .filter((p) => p.free)
      .map((p) => ({ source: 'FREE', packageIds: [p.id], contentIds: [], expiresAt: null }));
    return [...free, ...(await this.accessOf(userId, now))];
  }

  subscriptionsOf(userId: string) {
    return this.db.subscription.findMany({ where: { userId }, orderBy: { startedAt: 'desc' } });
  }

  async history(userId: string): Promise<RightsHistoryModel> {
    const [{ raw }, charges] = await Promise.all([
      loadHoldings(this.db, userId),
      this.db.paymentCharge.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } }),
    ]);
    return { userId, ...raw, charges };
  }

  /** The charges of many subscriptions in one statement (a viewer's rights history lists them all), newest first. */
  async chargesOf(subscriptions: readonly { id: string; chargeId: string }[]) {
    if (!subscriptions.length) return [];
    const charges = await this.db.paymentCharge.findMany({ where: subscriptionsChargeFilter(subscriptions), orderBy: { createdAt: 'desc' } });
    return subscriptions.map((subscription) => charges.filter((charge) => isChargeOf(subscription, charge)));
  }

  async grant(input: GrantFields, actor: AuditActor, now: Date) {
    const grantedBy = actor.actorId;
    validateGrant(input, now);
    return this.db.$transaction(async (tx) => {
      if (input.packageId && !(await tx.package.findUnique({ where: { id: input.packageId } }))) throw notFound('Package', input.packageId);
      const grant = await tx.grant.create({
        data: {
          userId: input.userId,
          contentId: input.contentId ?? null,
          packageId: input.packageId ?? null,
          reason: input.reason.trim(),
          grantedBy,
          grantedAt: now,
          expiresAt: input.expiresAt ?? null,
        },
      });
      await recordEvent(tx, grantEvent('entitlement.granted', grant));
      await recordAudit(tx, actor, {
        action: 'grant.create',
        targetId: grant.id,
        details: { userId: grant.userId, contentId: grant.contentId, packageId: grant.packageId, reason: grant.reason, expiresAt: grant.expiresAt },
      });
      await publishAccess(tx, grant.userId, now);
      return grant;
    }, TX_OPTIONS);
  }

  async revoke(grantId: string, actor: AuditActor, now: Date) {
    const revokedBy = actor.actorId;
    // Grant ids are UUIDs: anything else names no grant (and must not reach the database's uuid column).
    if (!isUuid(grantId)) throw notFound('Grant', grantId);
    return this.db.$transaction(async (tx) => {
      const grant = await tx.grant.findUnique({ where: { id: grantId } });
      if (!grant) throw notFound('Grant', grantId);
      if (grant.revokedAt) return grant;
      const revoked = await tx.grant.update({ where: { id: grantId }, data: { revokedAt: now, revokedBy } });
      await recordEvent(tx, grantEvent('entitlement.revoked', revoked));
      await recordAudit(tx, actor, {
        action: 'grant.revoke',
        targetId: grantId,
        details: { userId: revoked.userId, contentId: revoked.contentId, packageId: revoked.packageId },
      });
      await publishAccess(tx, revoked.userId, now);
      return revoked;
    }, TX_OPTIONS);
  }
}
