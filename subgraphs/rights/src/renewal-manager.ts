/**
 * Recurring billing. An ACTIVE subscription whose paid period has ended is charged for the next period on
 * the card on file; a declined renewal makes it PAST_DUE (no access) until the viewer gives a card that
 * pays. Each renewal charge is keyed by subscription and period, and each subscription is renewed under
 * its own lock, so overlapping sweeps (two instances, a sweep and a manager's run) never charge twice.
 */
import { conflict, notFound, recordEvent, type Viewer } from '@tvstream/service-kit';
import { periodEnd } from './domain/subscription';
import type { Prisma, RightsDb, Subscription } from './data/client';
import { lockSubscription } from './data/holdings-store';
import type { PaymentProvider } from './data/payment-provider';
import { publishAccess, TX_OPTIONS } from './access-manager';
import { subscriptionEvent } from './events/rights-events';
import { declined, planCharge } from './commerce-manager';

export interface RenewalReport {
  renewed: number;
  pastDue: number;
}

type Outcome = 'RENEWED' | 'PAST_DUE' | 'NOT_DUE';

export class RenewalManager {
  constructor(
    private readonly db: RightsDb,
    private readonly payments: PaymentProvider,
  ) {}

  /** Renews every subscription due at `now` (one account's only, when given), period by period. */
  async renewDue(now: Date, userId?: string | null): Promise<RenewalReport> {
    const report: RenewalReport = { renewed: 0, pastDue: 0 };
    for (;;) {
      const due = await this.db.subscription.findMany({
        where: { status: 'ACTIVE', currentPeriodEnd: { lte: now }, ...(userId ? { userId } : {}) },
        orderBy: { currentPeriodEnd: 'asc' },
        take: 100,
        select: { id: true },
      });
      let progress = 0;
      for (const { id } of due) {
        const outcome = await this.renew(id, now);
        if (outcome === 'RENEWED') report.renewed += 1;
        if (outcome === 'PAST_DUE') report.pastDue += 1;
        if (outcome !== 'NOT_DUE') progress += 1;
      }
      if (!progress) return report;
    }
  }

  /** Replaces the card on file; a PAST_DUE subscription is charged with it at once for a new period. */
  async updatePaymentCard(viewer: Viewer, subscriptionId: string, card: string, now: Date): Promise<Subscription> {
    const method = this.payments.savePaymentMethod(card);
    const { subscription, paid } = await this.db.$transaction(async (tx) => {
      const sub = await lockSubscription(tx, subscriptionId);
      if (!sub || sub.userId !== viewer.userId) throw notFound('Subscription', subscriptionId);
      if (sub.status === 'CANCELLED') throw conflict('This subscription is cancelled; subscribe again instead', 'SUBSCRIPTION_CANCELLED');
      let changed = await tx.subscription.update({
        where: { id: sub.id },
        data: { paymentMethod: method.reference, paymentCardLast4: method.last4, version: { increment: 1 } },
      });
      if (sub.status !== 'PAST_DUE') {
        await recordEvent(tx, subscriptionEvent('subscription.updated', changed));
        return { subscription: changed, paid: true };
      }
      // A new period starts now, paid with the new card.
      const period = await this.payPeriod(tx, sub, { from: now, paymentMethod: method.reference, idempotencyKey: `recover:${sub.id}:${changed.version}` });
      if (period) {
        changed = await tx.subscription.update({ where: { id: sub.id }, data: { status: 'ACTIVE', ...period, version: { increment: 1 } } });
        await publishAccess(tx, sub.userId, now);
      }
      await recordEvent(tx, subscriptionEvent(period ? 'subscription.renewed' : 'subscription.updated', changed));
      // A declined card is kept on record with its charge attempt, and the viewer is told.
      return { subscription: changed, paid: Boolean(period) };
    }, TX_OPTIONS);
    if (!paid) throw declined();
    return subscription;
  }

  private async renew(id: string, now: Date): Promise<Outcome> {
    return this.db.$transaction(async (tx) => {
      const sub = await lockSubscription(tx, id);
      if (!sub || sub.status !== 'ACTIVE' || sub.currentPeriodEnd.getTime() > now.getTime()) return 'NOT_DUE';
      const period = await this.payPeriod(tx, sub, {
        from: sub.currentPeriodEnd,
        paymentMethod: sub.paymentMethod,
        idempotencyKey: `renewal:${sub.id}:${sub.currentPeriodEnd.toISOString()}`,
        renewal: true,
      });
      if (period) {
        const renewed = await tx.subscription.update({ where: { id: sub.id }, data: { ...period, version: { increment: 1 } } });
        await recordEvent(tx, subscriptionEvent('subscription.renewed', renewed));
        if (sub.pendingPlanId) await publishAccess(tx, sub.userId, now);
        return 'RENEWED';
      }
      const overdue = await tx.subscription.update({ where: { id: sub.id }, data: { status: 'PAST_DUE', version: { increment: 1 } } });
      await recordEvent(tx, subscriptionEvent('subscription.past_due', overdue));
      await publishAccess(tx, sub.userId, now);
      return 'PAST_DUE';
    }, TX_OPTIONS);
  }

  /**
   * Charges the period starting at `from`. A plan chosen for the next period (a downgrade) is the one charged
   * and held from then on. The subscription's new plan, period end and charge, or null when declined.
   */
  private async payPeriod(tx: Prisma.TransactionClient, sub: Subscription, charge: { from: Date; paymentMethod: string; idempotencyKey: string; renewal?: boolean }) {
    const plan = await tx.plan.findUniqueOrThrow({ where: { id: sub.pendingPlanId ?? sub.planId } });
    const { from, ...request } = charge;
    const result = await this.payments.charge(tx, planCharge(plan, { userId: sub.userId, ...request }));
    if (result.status !== 'SUCCEEDED') return null;
    return { planId: plan.id, pendingPlanId: null, currentPeriodEnd: periodEnd(from, plan.billingPeriod), chargeId: result.chargeId };
  }
}
