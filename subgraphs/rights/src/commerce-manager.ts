/**
 * Money in: subscriptions and purchases. Each takes a client idempotency key; the first request with a key
 * owns it, and retries or concurrent duplicates get its result, so nothing is charged twice. The requests of
 * one account that move money are serialised (a per-account lock, backed by unique indexes: one pending
 * charge per purpose, one live subscription per plan, one purchase kept per title), and the provider is
 * called only after the pending charge is committed (see PaymentSettlement).
 */
import { createHash } from 'node:crypto';
import { badInput, conflict, isUuid, notFound, recordEvent, viewerHasRole, type Viewer } from '@tvstream/service-kit';
import { offersShown, type OfferPurpose, type ShownTitles } from './domain/offer-visibility';
import { validateIdempotencyKey } from './domain/product-rules';
import { rentalExpiresAt, rentalTerms } from './domain/rental';
import { periodEnd, planChange, samePricing } from './domain/subscription';
import { DEFAULT_RENTAL_PLAY_HOURS, DEFAULT_RENTAL_START_HOURS } from './domain/product-rules';
import type { PaymentCharge, Prisma, RightsDb } from './data/client';
import { lockAccount, lockSubscription } from './data/holdings-store';
import type { PaymentMethod, PaymentProvider } from './data/payment-provider';
import { publishAccess, TX_OPTIONS } from './access-manager';
import {
  declined,
  paymentFailed,
  paymentPending,
  type NewCharge,
  type Order,
  type PaymentSettlement,
  type Settlement,
  type SettledStatus,
} from './payment-settlement';
import { purchaseEvent, subscriptionEvent } from './events/rights-events';

/** What a request decided inside its transaction: an answer at once, or a charge to settle first. */
type Begun = { resultId: string } | { charge: NewCharge };

/** The charge for one billing period of a plan: at subscribing, at each renewal, and when a new card recovers it. */
export const planCharge = (
  plan: { name: string; priceAmount: number; currency: string },
  charge: {
    userId: string;
    paymentMethod: string;
    paymentCardLast4: string;
    idempotencyKey: string;
    intent: string;
    order: Order;
    requestedAt: Date;
    renewal?: boolean;
  },
): NewCharge => {
  const { renewal, ...rest } = charge;
  return { ...rest, amount: plan.priceAmount, currency: plan.currency, description: `${plan.name} subscription${renewal ? ' renewal' : ''}` };
};

/** The answer a request gives once its charge is settled. */
export function settledResult(settled: Settlement): string {
  if (settled.status === 'PENDING') throw paymentPending();
  if (settled.status === 'DECLINED') throw declined();
  if (settled.status === 'FAILED' || !settled.resultId) throw paymentFailed();
  return settled.resultId;
}

export class CommerceManager {
  constructor(
    private readonly db: RightsDb,
    private readonly payments: PaymentProvider,
    private readonly settlement: PaymentSettlement,
    /** Of these titles, the ones their owner shows to viewers (not drafts, not archived). */
    private readonly shownTitles: ShownTitles,
  ) {
    settlement.fulfil(['SUBSCRIBE'], (tx, charge, order, status) => this.deliverSubscription(tx, charge, order, status));
    settlement.fulfil(['PURCHASE'], (tx, charge, order, status) => this.deliverPurchase(tx, charge, order, status));
    settlement.fulfil(['CHANGE_PLAN'], (tx, charge, order, status) => this.deliverPlanChange(tx, charge, order, status));
  }

  /** A paid product needs a card the viewer gave; nothing is ever charged to a card they did not type. */
  private cardFor(card: string | null | undefined, price: number): PaymentMethod {
    if (card) return this.payments.savePaymentMethod(card);
    if (price > 0) throw badInput('A payment card is required to pay for this', [{ field: 'paymentCard', message: 'is required' }], 'PAYMENT_CARD_REQUIRED');
    return { reference: '', last4: '' };
  }

  async subscribe(viewer: Viewer, planId: string, idempotencyKey: string, card: string | null | undefined, now: Date) {
    if (!isUuid(planId)) throw notFound('Plan', planId);
    const resultId = await this.once(viewer.userId, idempotencyKey, `subscribe:${planId}`, async (tx): Promise<Begun> => {
      const plan = await tx.plan.findUnique({ where: { id: planId } });
      if (!plan || !plan.active) throw notFound('Plan', planId);
      // A renewing subscription counts even when its period just ended and the renewal has not run yet.
      const current = await tx.subscription.findFirst({
        where: { userId: viewer.userId, planId, OR: [{ status: { in: ['ACTIVE', 'PAST_DUE'] } }, { status: 'CANCELLED', currentPeriodEnd: { gt: now } }] },
      });
      if (current?.status === 'ACTIVE') throw conflict(`You already subscribe to ${plan.name}`, 'ALREADY_SUBSCRIBED');
      if (current?.status === 'PAST_DUE') throw conflict(`Your ${plan.name} subscription is past due; update its payment card instead`, 'PAST_DUE');
      if (current) {
        // Cancelled but still paid: resubscribing only undoes the cancellation; the period is paid already.
        const resumed = await tx.subscription.update({
          where: { id: current.id },
          data: { status: 'ACTIVE', cancelledAt: null, version: { increment: 1 } },
        });
        await recordEvent(tx, subscriptionEvent('subscription.created', resumed));
        await publishAccess(tx, viewer.userId, now);
        return { resultId: resumed.id };
      }
      const intent = `subscribe:${planId}`;
      await this.refuseWhilePending(tx, viewer.userId, intent);
      const method = this.cardFor(card, plan.priceAmount);
      return {
        charge: planCharge(plan, {
          userId: viewer.userId,
          paymentMethod: method.reference,
          paymentCardLast4: method.last4,
          idempotencyKey: `${viewer.userId}:${idempotencyKey}`,
          intent,
          order: { kind: 'SUBSCRIBE', planId },
          requestedAt: now,
        }),
      };
    });
    return this.db.subscription.findUniqueOrThrow({ where: { id: resultId } });
  }

  private async deliverSubscription(tx: Prisma.TransactionClient, charge: PaymentCharge, order: Order, status: SettledStatus) {
    if (order.kind !== 'SUBSCRIBE' || status !== 'SUCCEEDED') return charge.id;
    const plan = await tx.plan.findUniqueOrThrow({ where: { id: order.planId } });
    const subscription = await tx.subscription.create({
      data: {
        userId: charge.userId,
        planId: plan.id,
        startedAt: charge.requestedAt,
        billingAnchor: charge.requestedAt,
        currentPeriodEnd: periodEnd(charge.requestedAt, plan.billingPeriod),
        chargeId: charge.id,
        paymentMethod: charge.paymentMethod,
        paymentCardLast4: charge.paymentCardLast4,
      },
    });
    await recordEvent(tx, subscriptionEvent('subscription.created', subscription));
    await publishAccess(tx, charge.userId, charge.requestedAt);
    return subscription.id;
  }

  /**
   * Moves a subscription to another plan of the same billing period and currency: a dearer plan at once,
   * charging the card on file the price difference for the rest of the period; one that costs no more at
   * the next renewal. Choosing the current plan again takes back a change waiting for the renewal.
   */
  async changePlan(viewer: Viewer, subscriptionId: string, planId: string, idempotencyKey: string, now: Date) {
    if (!isUuid(planId)) throw notFound('Plan', planId);
    const resultId = await this.once(viewer.userId, idempotencyKey, `changePlan:${subscriptionId}:${planId}`, async (tx): Promise<Begun> => {
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
        return { resultId: changed.id };
      };
      if (next.id === current.id) {
        if (!sub.pendingPlanId) throw conflict(`You already subscribe to ${current.name}`, 'ALREADY_SUBSCRIBED');
        return update({ pendingPlanId: null });
      }
      if (!samePricing(current, next)) {
        throw badInput('Plans can be swapped only for one with the same billing period and currency; cancel and subscribe instead', [
          { field: 'planId', message: 'bills differently' },
        ]);
      }
      if (await tx.subscription.count({ where: { userId: viewer.userId, planId, status: { not: 'CANCELLED' } } })) {
        throw conflict(`You already subscribe to ${next.name}`, 'ALREADY_SUBSCRIBED');
      }
      const change = planChange(current, next, sub.currentPeriodEnd, now);
      if (change.when === 'AT_RENEWAL') return update({ pendingPlanId: next.id });
      if (change.charge === 0) {
        const outcome = await update({ planId: next.id, pendingPlanId: null });
        await publishAccess(tx, viewer.userId, now);
        return outcome;
      }
      const intent = `changePlan:${sub.id}`;
      await this.refuseWhilePending(tx, viewer.userId, intent);
      return {
        charge: {
          ...planCharge(next, {
            userId: viewer.userId,
            paymentMethod: sub.paymentMethod,
            paymentCardLast4: sub.paymentCardLast4,
            idempotencyKey: `${viewer.userId}:${idempotencyKey}`,
            intent,
            order: { kind: 'CHANGE_PLAN', subscriptionId: sub.id, planId: next.id },
            requestedAt: now,
          }),
          amount: change.charge,
          description: `Change to ${next.name} for the rest of the period`,
        },
      };
    });
    return this.db.subscription.findUniqueOrThrow({ where: { id: resultId } });
  }

  private async deliverPlanChange(tx: Prisma.TransactionClient, charge: PaymentCharge, order: Order, status: SettledStatus) {
    if (order.kind !== 'CHANGE_PLAN' || status !== 'SUCCEEDED') return charge.id;
    const sub = await lockSubscription(tx, order.subscriptionId);
    if (!sub) throw notFound('Subscription', order.subscriptionId);
    const changed = await tx.subscription.update({ where: { id: sub.id }, data: { planId: order.planId, pendingPlanId: null, version: { increment: 1 } } });
    await recordEvent(tx, subscriptionEvent('subscription.updated', changed));
    await publishAccess(tx, charge.userId, charge.requestedAt);
    return changed.id;
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
    await this.refuseHiddenTitle(viewer, idempotencyKey, offerId);
    const resultId = await this.once(viewer.userId, idempotencyKey, `purchase:${offerId}`, async (tx): Promise<Begun> => {
      const offer = await tx.offer.findUnique({ where: { id: offerId } });
      if (!offer || !offer.active) throw notFound('Offer', offerId);
      await this.refuseDuplicate(tx, viewer.userId, offer, now);
      const intent = `purchase:${offer.contentId}`;
      await this.refuseWhilePending(tx, viewer.userId, intent);
      const method = this.cardFor(card, offer.priceAmount);
      return {
        charge: {
          userId: viewer.userId,
          amount: offer.priceAmount,
          currency: offer.currency,
          description: `${offer.kind === 'RENT' ? 'Rental' : 'Purchase'} of ${offer.contentId}`,
          paymentMethod: method.reference,
          paymentCardLast4: method.last4,
          idempotencyKey: `${viewer.userId}:${idempotencyKey}`,
          intent,
          order: { kind: 'PURCHASE', offerId: offer.id },
          requestedAt: now,
        },
      };
    });
    return this.db.purchase.findUniqueOrThrow({ where: { id: resultId } });
  }

  private async deliverPurchase(tx: Prisma.TransactionClient, charge: PaymentCharge, order: Order, status: SettledStatus) {
    if (order.kind !== 'PURCHASE' || status !== 'SUCCEEDED') return charge.id;
    const offer = await tx.offer.findUniqueOrThrow({ where: { id: order.offerId } });
    const rental =
      offer.kind === 'RENT'
        ? rentalTerms(charge.requestedAt, offer.startWindowHours ?? DEFAULT_RENTAL_START_HOURS, offer.playWindowHours ?? DEFAULT_RENTAL_PLAY_HOURS)
        : { startBy: null, playWindowHours: null };
    const purchase = await tx.purchase.create({
      data: {
        userId: charge.userId,
        offerId: offer.id,
        contentId: offer.contentId,
        kind: offer.kind,
        priceAmount: charge.amount,
        currency: charge.currency,
        purchasedAt: charge.requestedAt,
        chargeId: charge.id,
        ...rental,
      },
    });
    await recordEvent(tx, purchaseEvent('purchase.completed', purchase));
    await publishAccess(tx, charge.userId, charge.requestedAt);
    return purchase.id;
  }

  /** Buying what you own, or renting what you are renting, would charge for nothing. */
  private async refuseDuplicate(tx: Prisma.TransactionClient, userId: string, offer: { kind: string; contentId: string }, now: Date) {
    const held = await tx.purchase.findMany({ where: { userId, contentId: offer.contentId } });
    if (held.some((p) => p.kind === 'BUY')) throw conflict('You already own this title', 'ALREADY_OWNED');
    const renting = held.some((p) => p.kind === 'RENT' && (rentalExpiresAt(p)?.getTime() ?? 0) > now.getTime());
    if (offer.kind === 'RENT' && renting) throw conflict('You are already renting this title', 'ALREADY_RENTED');
  }

  /** A second payment for the same thing while the first is being settled would be charged twice. */
  private async refuseWhilePending(tx: Prisma.TransactionClient, userId: string, intent: string) {
    if (await tx.paymentCharge.count({ where: { userId, intent, status: 'PENDING' } })) {
      throw conflict('A payment for this is already under way; wait for its outcome', 'PAYMENT_IN_PROGRESS');
    }
  }

  /** The offers a caller is shown listed, or may buy: only what viewers are shown (domain/offer-visibility.ts). */
  offersShownTo<O extends { contentId: string }>(viewer: Viewer | null, offers: readonly O[], purpose: OfferPurpose): Promise<O[]> {
    return offersShown(offers, purpose, viewerHasRole(viewer, 'RIGHTS_MANAGER'), this.shownTitles);
  }

  /**
   * An offer on a title its owner does not show is not for sale. Asked before any transaction (the owner is
   * another service), and not for a retry of a purchase already begun, which answers as the first did.
   */
  private async refuseHiddenTitle(viewer: Viewer, key: string, offerId: string) {
    const offer = await this.db.offer.findUnique({ where: { id: offerId }, select: { contentId: true } });
    if (!offer) return; // refused as NOT_FOUND inside
    const retry = await this.db.idempotencyRecord.findUnique({ where: { userId_key: { userId: viewer.userId, key } }, select: { key: true } });
    if (retry) return;
    if (!(await this.offersShownTo(viewer, [offer], 'SALE')).length) throw notFound('Offer', offerId);
  }

  /**
   * Runs a money-moving request once per idempotency key, under the account's lock. The first request
   * records its charge PENDING and settles it after committing; a duplicate waits for that outcome.
   */
  private async once(userId: string, key: string, request: string, begin: (tx: Prisma.TransactionClient) => Promise<Begun>): Promise<string> {
    validateIdempotencyKey(key);
    const requestHash = createHash('sha256').update(request).digest('hex');
    const operation = request.split(':')[0];
    type Started =
      | { kind: 'ANSWERED'; resultId: string }
      | { kind: 'CHARGING'; chargeId: string }
      | { kind: 'DUPLICATE'; first: { chargeId: string | null; resultId: string } };
    const started = await this.db.$transaction(async (tx): Promise<Started> => {
      await lockAccount(tx, userId);
      const { count } = await tx.idempotencyRecord.createMany({
        data: [{ userId, key, operation, requestHash, resultId: '' }],
        skipDuplicates: true,
      });
      if (count === 0) {
        const first = await tx.idempotencyRecord.findUniqueOrThrow({ where: { userId_key: { userId, key } } });
        if (first.requestHash !== requestHash) throw conflict('This idempotency key was already used for another request', 'IDEMPOTENCY_KEY_REUSED');
        return { kind: 'DUPLICATE', first };
      }
      const begun = await begin(tx);
      if ('resultId' in begun) {
        await tx.idempotencyRecord.update({ where: { userId_key: { userId, key } }, data: { resultId: begun.resultId } });
        return { kind: 'ANSWERED', resultId: begun.resultId };
      }
      const charge = await this.settlement.open(tx, begun.charge);
      await tx.idempotencyRecord.update({ where: { userId_key: { userId, key } }, data: { chargeId: charge.id } });
      return { kind: 'CHARGING', chargeId: charge.id };
    }, TX_OPTIONS);
    if (started.kind === 'ANSWERED') return started.resultId;
    if (started.kind === 'CHARGING') return settledResult(await this.settlement.settle(started.chargeId));
    const { first } = started;
    if (!first.chargeId) return first.resultId;
    return settledResult(await this.settlement.awaitOutcome(first.chargeId));
  }
}
