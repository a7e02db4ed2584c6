/**
 * Money in: subscriptions and purchases. Each takes a client idempotency key; the first request with a
 * key owns it (a row inserted in the same transaction as the charge and what it bought), and retries or
 * concurrent duplicates wait for that transaction and return its result, so nothing is charged twice.
 */
import { createHash } from 'node:crypto';
import { badInput, conflict, isUuid, notFound, recordEvent, type Viewer } from '@tvstream/service-kit';
import { validateIdempotencyKey } from './domain/product-rules';
import { rentalExpiresAt, rentalTerms } from './domain/rental';
import { periodEnd, planChange, samePricing } from './domain/subscription';
import { DEFAULT_RENTAL_PLAY_HOURS, DEFAULT_RENTAL_START_HOURS } from './domain/product-rules';
import type { Prisma, RightsDb } from './data/client';
import { lockSubscription } from './data/holdings-store';
import { TEST_CARDS, type ChargeRequest, type PaymentProvider } from './data/payment-provider';
import { publishAccess, TX_OPTIONS } from './access-manager';
import { purchaseEvent, subscriptionEvent } from './events/rights-events';

type Outcome = { resultId: string; declined: boolean };

export const declined = () =>
  badInput('The payment was declined; try another card', [{ field: 'paymentCard', message: 'was declined' }], 'PAYMENT_DECLINED');

/** The charge for one billing period of a plan: at subscribing, at each renewal, and when a new card recovers it. */
export const planCharge = (
  plan: { name: string; priceAmount: number; currency: string },
  charge: { userId: string; paymentMethod: string; idempotencyKey: string; renewal?: boolean },
): ChargeRequest => ({
  userId: charge.userId,
  amount: plan.priceAmount,
  currency: plan.currency,
  description: `${plan.name} subscription${charge.renewal ? ' renewal' : ''}`,
  paymentMethod: charge.paymentMethod,
  idempotencyKey: charge.idempotencyKey,
});

export class CommerceManager {
  constructor(
    private readonly db: RightsDb,
    private readonly payments: PaymentProvider,
  ) {}

  async subscribe(viewer: Viewer, planId: string, idempotencyKey: string, card: string | null | undefined, now: Date) {
    if (!isUuid(planId)) throw notFound('Plan', planId);
    const { resultId } = await this.once(viewer.userId, idempotencyKey, `subscribe:${planId}`, async (tx) => {
      const plan = await tx.plan.findUnique({ where: { id: planId } });
      if (!plan || !plan.active) throw notFound('Plan', planId);
      // A renewing subscription counts even when its period just ended and the renewal has not run yet.
      const current = await tx.subscription.findFirst({
        where: { userId: viewer.userId, planId, OR: [{ status: 'ACTIVE' }, { status: 'CANCELLED', currentPeriodEnd: { gt: now } }] },
      });
      if (current?.status === 'ACTIVE') throw conflict(`You already subscribe to ${plan.name}`, 'ALREADY_SUBSCRIBED');
      if (current) {
        // Cancelled but still paid: resubscribing only undoes the cancellation; the period is paid already.
        const resumed = await tx.subscription.update({
          where: { id: current.id },
          data: { status: 'ACTIVE', cancelledAt: null, version: { increment: 1 } },
        });
        await recordEvent(tx, subscriptionEvent('subscription.created', resumed));
        await publishAccess(tx, viewer.userId, now);
        return { resultId: resumed.id, declined: false };
      }
      const method = this.payments.savePaymentMethod(card ?? TEST_CARDS.succeeds);
      const charge = await this.payments.charge(
        tx,
        planCharge(plan, { userId: viewer.userId, paymentMethod: method.reference, idempotencyKey: `${viewer.userId}:${idempotencyKey}` }),
      );
      if (charge.status === 'DECLINED') return { resultId: charge.chargeId, declined: true };
      const subscription = await tx.subscription.create({
        data: {
          userId: viewer.userId,
          planId,
          startedAt: now,
          currentPeriodEnd: periodEnd(now, plan.billingPeriod),
          chargeId: charge.chargeId,
          paymentMethod: method.reference,
          paymentCardLast4: method.last4,
        },
      });
      await recordEvent(tx, subscriptionEvent('subscription.created', subscription));
      await publishAccess(tx, viewer.userId, now);
      return { resultId: subscription.id, declined: false };
    });
    return this.db.subscription.findUniqueOrThrow({ where: { id: resultId } });
  }

  /**
   * Moves a subscription to another plan of the same billing period and currency: a dearer plan at once,
   * charging the card on file the price difference for the rest of the period; one that costs no more at
   * the next renewal. Choosing the current plan again takes back a change waiting for the renewal.
   */
  async changePlan(viewer: Viewer, subscriptionId: string, planId: string, idempotencyKey: string, now: Date) {
    if (!isUuid(planId)) throw notFound('Plan', planId);
    const { resultId } = await this.once(viewer.userId, idempotencyKey, `changePlan:${subscriptionId}:${planId}`, async (tx) => {
      const sub = await lockSubscription(tx, subscriptionId);
      if (!sub || sub.userId !== viewer.userId) throw notFound('Subscription', subscriptionId);
      if (sub.status === 'CANCELLED') throw conflict('This subscription is cancelled; subscribe again to resume it first', 'SUBSCRIPTION_CANCELLED');
      if (sub.status === 'PAST_DUE') throw conflict('This subscription is past due; update its payment card first', 'PAST_DUE');
      const current = await tx.plan.findUniqueOrThrow({ where: { id: sub.planId } });
      const next = await tx.plan.findUnique({ where: { id: planId } });
      if (!next || (!next.active && next.id !== current.id)) throw notFound('Plan', planId);
      const update = async (data: Prisma.SubscriptionUncheckedUpdateInput) => {
        const changed = await tx.subscription.update({ where: { id: sub.id }, data: { ...data, version: { increment: 1 } } });
        await recordEvent(tx, subscriptionEvent('subscription.updated', changed));
        return { resultId: changed.id, declined: false };
      };
      if (next.id === current.id) {
        if (!sub.pendingPlanId) throw conflict(`You already subscribe to ${current.name}`, 'ALREADY_SUBSCRIBED');
        return update({ pendingPlanId: null });
      }
      if (!samePricing(current, next)) {
        throw badInput('Plans can be swapped only for one with the same billing period and currency; cancel and subscribe instead', [{ field: 'planId', message: 'bills differently' }]);
      }
      if (await tx.subscription.count({ where: { userId: viewer.userId, planId, status: { not: 'CANCELLED' } } })) {
        throw conflict(`You already subscribe to ${next.name}`, 'ALREADY_SUBSCRIBED');
      }
      const change = planChange(current, next, sub.currentPeriodEnd, now);
      if (change.when === 'AT_RENEWAL') return update({ pendingPlanId: next.id });
      if (change.charge > 0) {
        const charge = await this.payments.charge(tx, {
          ...planCharge(next, { userId: viewer.userId, paymentMethod: sub.paymentMethod, idempotencyKey: `${viewer.userId}:${idempotencyKey}` }),
          amount: change.charge,
          description: `Change to ${next.name} for the rest of the period`,
        });
        if (charge.status === 'DECLINED') return { resultId: charge.chargeId, declined: true };
      }
      const outcome = await update({ planId: next.id, pendingPlanId: null });
      await publishAccess(tx, viewer.userId, now);
      return outcome;
    });
    return this.db.subscription.findUniqueOrThrow({ where: { id: resultId } });
  }

  /** Access continues to the end of the paid period; cancelling twice changes nothing. */
  async cancel(viewer: Viewer, subscriptionId: string, now: Date) {
    return this.db.$transaction(async (tx) => {
      const sub = isUuid(subscriptionId) ? await tx.subscription.findUnique({ where: { id: subscriptionId } }) : null;
      if (!sub || sub.userId !== viewer.userId) throw notFound('Subscription', subscriptionId);
      if (sub.status === 'CANCELLED') return sub;
      const cancelled = await tx.subscription.update({
        where: { id: sub.id },
        data: { status: 'CANCELLED', cancelledAt: now, version: { increment: 1 } },
      });
      await recordEvent(tx, subscriptionEvent('subscription.cancelled', cancelled));
      await publishAccess(tx, viewer.userId, now);
      return cancelled;
    }, TX_OPTIONS);
  }

  async purchase(viewer: Viewer, offerId: string, idempotencyKey: string, card: string | null | undefined, now: Date) {
    if (!isUuid(offerId)) throw notFound('Offer', offerId);
    const { resultId } = await this.once(viewer.userId, idempotencyKey, `purchase:${offerId}`, async (tx) => {
      const offer = await tx.offer.findUnique({ where: { id: offerId } });
      if (!offer || !offer.active) throw notFound('Offer', offerId);
      await this.refuseDuplicate(tx, viewer.userId, offer, now);
      const charge = await this.payments.charge(tx, {
        userId: viewer.userId,
        amount: offer.priceAmount,
        currency: offer.currency,
        description: `${offer.kind === 'RENT' ? 'Rental' : 'Purchase'} of ${offer.contentId}`,
        paymentMethod: this.payments.savePaymentMethod(card ?? TEST_CARDS.succeeds).reference,
        idempotencyKey: `${viewer.userId}:${idempotencyKey}`,
      });
      if (charge.status === 'DECLINED') return { resultId: charge.chargeId, declined: true };
      const rental =
        offer.kind === 'RENT'
          ? rentalTerms(now, offer.startWindowHours ?? DEFAULT_RENTAL_START_HOURS, offer.playWindowHours ?? DEFAULT_RENTAL_PLAY_HOURS)
          : { startBy: null, playWindowHours: null };
      const purchase = await tx.purchase.create({
        data: {
          userId: viewer.userId,
          offerId: offer.id,
          contentId: offer.contentId,
          kind: offer.kind,
          priceAmount: offer.priceAmount,
          currency: offer.currency,
          purchasedAt: now,
          chargeId: charge.chargeId,
          ...rental,
        },
      });
      await recordEvent(tx, purchaseEvent('purchase.completed', purchase));
      await publishAccess(tx, viewer.userId, now);
      return { resultId: purchase.id, declined: false };
    });
    return this.db.purchase.findUniqueOrThrow({ where: { id: resultId } });
  }

  /** Buying what you own, or renting what you are renting, would charge for nothing. */
  private async refuseDuplicate(tx: Prisma.TransactionClient, userId: string, offer: { kind: string; contentId: string }, now: Date) {
    const held = await tx.purchase.findMany({ where: { userId, contentId: offer.contentId } });
    if (held.some((p) => p.kind === 'BUY')) throw conflict('You already own this title', 'ALREADY_OWNED');
    const renting = held.some((p) => p.kind === 'RENT' && (rentalExpiresAt(p)?.getTime() ?? 0) > now.getTime());
    if (offer.kind === 'RENT' && renting) throw conflict('You are already renting this title', 'ALREADY_RENTED');
  }

  private async once(userId: string, key: string, request: string, run: (tx: Prisma.TransactionClient) => Promise<Outcome>): Promise<Outcome> {
    validateIdempotencyKey(key);
    const requestHash = createHash('sha256').update(request).digest('hex');
    const operation = request.split(':')[0];
    const outcome = await this.db.$transaction(async (tx) => {
      // Blocks while another transaction holds the same key, then either inserts (first) or skips (duplicate).
      const { count } = await tx.idempotencyRecord.createMany({
        data: [{ userId, key, operation, requestHash, resultId: '' }],
        skipDuplicates: true,
      });
      if (count === 0) {
        const first = await tx.idempotencyRecord.findUniqueOrThrow({ where: { userId_key: { userId, key } } });
        if (first.requestHash !== requestHash) throw conflict('This idempotency key was already used for another request', 'IDEMPOTENCY_KEY_REUSED');
        return first;
      }
      const result = await run(tx);
      await tx.idempotencyRecord.update({ where: { userId_key: { userId, key } }, data: result });
      return result;
    }, TX_OPTIONS);
    if (outcome.declined) throw declined();
    return outcome;
  }
}
