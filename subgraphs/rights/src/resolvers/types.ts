import { DateTimeScalar } from '@tvstream/service-kit';
import { formatMoney, type Money as MoneyValue } from '../domain/money';
import { rentalExpiresAt } from '../domain/rental';
import { subscriptionStatus } from '../domain/subscription';
import type { Resolvers } from '../generated/resolvers-types';

const money = (amount: number, currency: string): MoneyValue => ({ amount, currency });
async function loadAll<T extends object>(ids: string[], load: (id: string) => Promise<T | null>): Promise<T[]> {
  const rows: (T | null)[] = await Promise.all(ids.map(load));
  return rows.filter((row): row is T => row !== null);
}

export const types: Resolvers = {
  DateTime: DateTimeScalar,
  Money: { formatted: (m) => formatMoney(m) },
  Plan: {
    __resolveReference: (ref, ctx) => ctx.planById.load(ref.id),
    price: (p) => money(p.priceAmount, p.currency),
    packages: (p, _, ctx) =>
      loadAll(
        p.packages.map((x) => x.packageId),
        (id) => ctx.packageById.load(id),
      ),
  },
  Offer: {
    price: (o) => money(o.priceAmount, o.currency),
    rentalStartWindowHours: (o) => o.startWindowHours,
    rentalPlayWindowHours: (o) => o.playWindowHours,
  },
  PlanSubscription: {
    plan: async (s, _, ctx) => (await ctx.planById.load(s.planId))!,
    pendingPlan: (s, _, ctx) => (s.pendingPlanId ? ctx.planById.load(s.pendingPlanId) : null),
    status: (s, _, ctx) => subscriptionStatus(s, ctx.now),
    charges: (s, _, ctx) => ctx.chargesBySubscription.load(s),
  },
  Purchase: {
    offer: async (p, _, ctx) => (await ctx.offerById.load(p.offerId))!,
    price: (p) => money(p.priceAmount, p.currency),
    expiresAt: (p) => (p.kind === 'BUY' ? null : rentalExpiresAt(p)),
  },
  Grant: {
    package: (g, _, ctx) => (g.packageId ? ctx.packageById.load(g.packageId) : null),
  },
  Charge: {
    amount: (c) => money(c.amount, c.currency),
  },
  Entitlement: {
    package: (e, _, ctx) => (e.packageId ? ctx.packageById.load(e.packageId) : null),
    purchase: (e, _, ctx) => (e.grant?.purchaseId ? ctx.purchaseById.load(e.grant.purchaseId) : null),
  },
  AccessGrant: {
    packages: (g, _, ctx) => loadAll(g.packageIds, (id) => ctx.packageById.load(id)),
    subscription: (g, _, ctx) => (g.subscriptionId ? ctx.subscriptionById.load(g.subscriptionId) : null),
    purchase: (g, _, ctx) => (g.purchaseId ? ctx.purchaseById.load(g.purchaseId) : null),
    grant: (g, _, ctx) => (g.grantId ? ctx.grantById.load(g.grantId) : null),
  },
  PlaybackSession: {
    id: (m) => m.session.id,
    contentId: (m) => m.session.contentId,
    status: (m) => m.session.status,
    startedAt: (m) => m.session.startedAt,
    position: (m) => m.session.position,
  },
};
