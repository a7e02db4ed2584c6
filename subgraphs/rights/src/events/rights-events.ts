/**
 * The rights domain's change events, in the shapes of the cross-team contract. Search keeps a projection
 * of `rights.packages` and `rights.entitlements` to answer "available to me".
 */
import type { DomainEvent } from '@tvstream/service-kit';
import type { AccessGrant } from '../domain/access';
import type { Offer, Package, Purchase, Subscription } from '../data/client';
import type { PlanRecord } from '../data/product-store';

export const PACKAGES_TOPIC = 'rights.packages';
export const PRODUCTS_TOPIC = 'rights.products';
export const SUBSCRIPTIONS_TOPIC = 'rights.subscriptions';
export const PURCHASES_TOPIC = 'rights.purchases';
export const ENTITLEMENTS_TOPIC = 'rights.entitlements';

export function packageUpserted(pkg: Package): DomainEvent {
  return {
    topic: PACKAGES_TOPIC,
    type: 'package.upserted',
    entityId: pkg.id,
    entityVersion: pkg.version,
    payload: { id: pkg.id, name: pkg.name, free: pkg.free, titleIds: pkg.titleIds, channelIds: pkg.channelIds, genreSlugs: pkg.genreSlugs },
  };
}

/** A deleted row's version is one past its last write, so a late upsert can never resurrect it. */
export function packageDeleted(pkg: Package): DomainEvent {
  return { topic: PACKAGES_TOPIC, type: 'package.deleted', entityId: pkg.id, entityVersion: pkg.version + 1, payload: { id: pkg.id } };
}

export function planChanged(plan: PlanRecord, deleted = false): DomainEvent {
  return {
    topic: PRODUCTS_TOPIC,
    type: deleted ? 'plan.deleted' : 'plan.upserted',
    entityId: plan.id,
    entityVersion: plan.version + (deleted ? 1 : 0),
    payload: {
      id: plan.id,
      name: plan.name,
      price: { amount: plan.priceAmount, currency: plan.currency },
      billingPeriod: plan.billingPeriod,
      maxConcurrentStreams: plan.maxConcurrentStreams,
      packageIds: plan.packages.map((p) => p.packageId),
      active: plan.active,
    },
  };
}

export function offerChanged(offer: Offer, deleted = false): DomainEvent {
  return {
    topic: PRODUCTS_TOPIC,
    type: deleted ? 'offer.deleted' : 'offer.upserted',
    entityId: offer.id,
    entityVersion: offer.version + (deleted ? 1 : 0),
    payload: {
      id: offer.id,
      contentId: offer.contentId,
      kind: offer.kind,
      price: { amount: offer.priceAmount, currency: offer.currency },
      rentalStartWindowHours: offer.startWindowHours,
      rentalPlayWindowHours: offer.playWindowHours,
      active: offer.active,
    },
  };
}

export function subscriptionEvent(
  type: 'subscription.created' | 'subscription.cancelled' | 'subscription.renewed' | 'subscription.past_due' | 'subscription.updated',
  sub: Subscription,
): DomainEvent {
  return {
    topic: SUBSCRIPTIONS_TOPIC,
    type,
    entityId: sub.id,
    entityVersion: sub.version,
    payload: {
      id: sub.id,
      userId: sub.userId,
      planId: sub.planId,
      status: sub.status,
      startedAt: sub.startedAt.toISOString(),
      currentPeriodEnd: sub.currentPeriodEnd.toISOString(),
      cancelledAt: sub.cancelledAt?.toISOString() ?? null,
    },
  };
}

export function purchaseEvent(type: 'purchase.completed' | 'purchase.started', purchase: Purchase): DomainEvent {
  return {
    topic: PURCHASES_TOPIC,
    type,
    entityId: purchase.id,
    entityVersion: purchase.version,
    payload: {
      id: purchase.id,
      userId: purchase.userId,
      offerId: purchase.offerId,
      contentId: purchase.contentId,
      kind: purchase.kind,
      price: { amount: purchase.priceAmount, currency: purchase.currency },
      purchasedAt: purchase.purchasedAt.toISOString(),
      startBy: purchase.startBy?.toISOString() ?? null,
      firstPlayedAt: purchase.firstPlayedAt?.toISOString() ?? null,
    },
  };
}

/** Grants and revocations by rights managers, for audit. */
export function grantEvent(
  type: 'entitlement.granted' | 'entitlement.revoked',
  grant: { id: string; userId: string; contentId: string | null; packageId: string | null; expiresAt: Date | null; reason: string },
): DomainEvent {
  return {
    topic: ENTITLEMENTS_TOPIC,
    type,
    entityId: grant.id,
    // A grant is written once and revoked at most once.
    entityVersion: type === 'entitlement.granted' ? 1 : 2,
    payload: {
      grantId: grant.id,
      userId: grant.userId,
      contentId: grant.contentId,
      packageId: grant.packageId,
      expiresAt: grant.expiresAt?.toISOString() ?? null,
      reason: grant.reason,
    },
  };
}

/** The user's whole current access: consumers keep only the newest version per user. */
export function entitlementChanged(userId: string, version: number, access: AccessGrant[]): DomainEvent {
  return {
    topic: ENTITLEMENTS_TOPIC,
    type: 'entitlement.changed',
    entityId: userId,
    entityVersion: version,
    payload: {
      userId,
      grants: access.map((g) => ({ source: g.source, packageIds: g.packageIds, contentIds: g.contentIds, expiresAt: g.expiresAt?.toISOString() ?? null })),
    },
  };
}
