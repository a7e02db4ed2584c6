/**
 * Recurring billing. An ACTIVE subscription whose paid period has ended is charged for the next period on
 * the card on file; a declined renewal makes it PAST_DUE (no access) until the viewer gives a card that
 * pays. Each renewal charge is keyed by subscription and period and recorded before the provider is
 * called, so overlapping runs never charge twice; one sweep runs at a time across replicas (an advisory
 * lock), and each subscription is renewed on its own, so one that fails never holds up the others.
 */
import { hostname } from 'node:os';
import { conflict, notFound, recordAudit, recordEvent, type AuditActor, type Logger, type Viewer } from '@tvstream/service-kit';
import { nextPeriodEnd, periodEnd } from './domain/subscription';
import type { PaymentCharge, Prisma, RightsDb, Subscription } from './data/client';
import { lockSubscription } from './data/holdings-store';
import type { PaymentProvider } from './data/payment-provider';
import { publishAccess, TX_OPTIONS } from './access-manager';
import { bumpAccessVersion } from './data/access-cache';
import { subscriptionEvent } from './events/rights-events';
import { planCharge, settledResult } from './commerce-manager';
import type { Order, PaymentSettlement, SettledStatus } from './payment-settlement';

export interface RenewalReport {
  renewed: number;
  pastDue: number;
  failed: number;
}

type Outcome = 'RENEWED' | 'PAST_DUE' | 'FAILED' | 'NOT_DUE';

const SWEEP_LOCK = 'rights:renewal-sweep';
const RUNNER = `${hostname()}:${process.pid}`;
const SWEEP_HISTORY_MS = 7 * 24 * 3600_000;
/** A sweep holds its lock for as long as it runs; a stuck one is given up after this. */
const SWEEP_TX = { maxWait: 15_000, timeout: 600_000 } as const;

export class RenewalManager {
  constructor(
    private readonly db: RightsDb,
    private readonly payments: PaymentProvider,
    private readonly settlement: PaymentSettlement,
    private readonly log?: Logger,
  ) {
    settlement.fulfil(['RENEWAL', 'RECOVER'], (tx, charge, order, status) => this.deliverPeriod(tx, charge, order, status));
  }

  /** Renews every subscription due at `now` (one account's only, when given), after any sweep running elsewhere. */
  async renewDue(now: Date, userId: string | null | undefined, actor: AuditActor): Promise<RenewalReport> {
    return this.db.$transaction(async (lock) => {
      await lock.$queryRawUnsafe(`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS locked`, SWEEP_LOCK);
      const report = await this.recorded(lock, userId ? 'runRenewals(userId)' : 'runRenewals', () => this.sweep(now, userId));
      // Recorded with the sweep's own row (each renewal commits on its own, as a sweep on the timer does).
      await recordAudit(lock, actor, { action: 'renewals.run', targetId: userId ?? null, details: report });
      return report;
    }, SWEEP_TX);
  }

  /** The background sweep: when another replica's sweep is running, that one does the work (null). */
  async sweepIfIdle(now: Date): Promise<RenewalReport | null> {
    return this.db.$transaction(async (lock) => {
      const [{ locked }] = await lock.$queryRawUnsafe<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, SWEEP_LOCK);
      return locked ? this.recorded(lock, 'timer', () => this.sweep(now)) : null;
    }, SWEEP_TX);
  }

  /**
   * Runs a sweep while its lock is held and records it in the lock's transaction, timed by the database's
   * clock: rows of sweeps that took turns never overlap, whichever replicas ran them.
   */
  private async recorded(lock: Prisma.TransactionClient, trigger: string, sweep: () => Promise<RenewalReport>): Promise<RenewalReport> {
    const startedAt = await databaseNow(lock);
    const report = await sweep();
    await lock.renewalSweep.create({ data: { runner: RUNNER, trigger, startedAt, finishedAt: await databaseNow(lock), ...report } });
    // A sweep a minute per replica: the history keeps a week.
    await lock.renewalSweep.deleteMany({ where: { startedAt: { lt: new Date(startedAt.getTime() - SWEEP_HISTORY_MS) } } });
    return report;
  }

  /** One pass in due order; a renewed subscription still due comes round again further on in the same pass. */
  private async sweep(now: Date, userId?: string | null): Promise<RenewalReport> {
    const report: RenewalReport = { renewed: 0, pastDue: 0, failed: 0 };
    let after: { currentPeriodEnd: Date; id: string } | null = null;
    for (;;) {
      const due: { currentPeriodEnd: Date; id: string }[] = await this.db.subscription.findMany({
        where: {
          status: 'ACTIVE',
          currentPeriodEnd: { lte: now },
          ...(userId ? { userId } : {}),
          ...(after ? { OR: [{ currentPeriodEnd: { gt: after.currentPeriodEnd } }, { currentPeriodEnd: after.currentPeriodEnd, id: { gt: after.id } }] } : {}),
        },
        orderBy: [{ currentPeriodEnd: 'asc' }, { id: 'asc' }],
        take: 100,
        select: { id: true, currentPeriodEnd: true },
      });
      if (!due.length) return report;
      for (const { id } of due) {
        const outcome = await this.renew(id, now).catch((err: unknown) => {
          this.log?.error({ err, subscriptionId: id }, 'renewal failed; the next sweep retries it');
          return 'FAILED' as const;
        });
        if (outcome === 'RENEWED') report.renewed += 1;
        if (outcome === 'PAST_DUE') report.pastDue += 1;
        if (outcome === 'FAILED') report.failed += 1;
      }
      after = due[due.length - 1];
    }
  }

  /** Replaces the card on file; a PAST_DUE subscription is charged with it at once for a new period. */
  async updatePaymentCard(viewer: Viewer, subscriptionId: string, card: string, now: Date): Promise<Subscription> {
    const method = this.payments.savePaymentMethod(card);
    const begun = await this.db.$transaction(async (tx) => {
      const sub = await lockSubscription(tx, subscriptionId);
      if (!sub || sub.userId !== viewer.userId) throw notFound('Subscription', subscriptionId);
      if (sub.status === 'CANCELLED') throw conflict('This subscription is cancelled; subscribe again instead', 'SUBSCRIPTION_CANCELLED');
      const intent = `recover:${sub.id}`;
      if (await tx.paymentCharge.count({ where: { intent, status: 'PENDING' } })) {
        throw conflict('A payment for this subscription is already under way; wait for its outcome', 'PAYMENT_IN_PROGRESS');
      }
      // A declined card is kept on record with its charge attempt, and the viewer is told.
      const changed = await tx.subscription.update({
        where: { id: sub.id },
        data: { paymentMethod: method.reference, paymentCardLast4: method.last4, version: { increment: 1 } },
      });
      if (sub.status !== 'PAST_DUE') {
        await recordEvent(tx, subscriptionEvent('subscription.updated', changed));
        return { subscriptionId: sub.id, chargeId: null };
      }
      // A new period starts now, paid with the new card.
      const plan = await tx.plan.findUniqueOrThrow({ where: { id: sub.pendingPlanId ?? sub.planId } });
      const charge = await this.settlement.open(
        tx,
        planCharge(plan, {
          userId: sub.userId,
          paymentMethod: method.reference,
          paymentCardLast4: method.last4,
          idempotencyKey: `recover:${sub.id}:${changed.version}`,
          intent,
          order: { kind: 'RECOVER', subscriptionId: sub.id, planId: plan.id },
          requestedAt: now,
        }),
      );
      return { subscriptionId: sub.id, chargeId: charge.id };
    }, TX_OPTIONS);
    if (begun.chargeId) {
      const settled = await this.settlement.settle(begun.chargeId);
      // Paid: the subscription below is the answer (no idempotency record names it).
      if (settled.status !== 'SUCCEEDED') settledResult(settled);
    }
    return this.db.subscription.findUniqueOrThrow({ where: { id: begun.subscriptionId } });
  }

  private async renew(id: string, now: Date): Promise<Outcome> {
    const chargeId = await this.db.$transaction(async (tx) => {
      const sub = await lockSubscription(tx, id);
      if (!sub || sub.status !== 'ACTIVE' || sub.currentPeriodEnd.getTime() > now.getTime()) return null;
      const idempotencyKey = `renewal:${sub.id}:${sub.currentPeriodEnd.toISOString()}`;
      const earlier = await tx.paymentCharge.findUnique({ where: { idempotencyKey } });
      // Pending: another run is settling it. Settled: its outcome is written already.
      if (earlier && earlier.status !== 'FAILED') return null;
      if (earlier) {
        // The provider never took it: the same key is tried again.
        await tx.paymentCharge.update({ where: { id: earlier.id }, data: { status: 'PENDING', settledAt: null, createdAt: new Date() } });
        return earlier.id;
      }
      const plan = await tx.plan.findUniqueOrThrow({ where: { id: sub.pendingPlanId ?? sub.planId } });
      const charge = await this.settlement.open(
        tx,
        planCharge(plan, {
          userId: sub.userId,
          paymentMethod: sub.paymentMethod,
          paymentCardLast4: sub.paymentCardLast4,
          idempotencyKey,
          intent: `renewal:${sub.id}`,
          order: { kind: 'RENEWAL', subscriptionId: sub.id, planId: plan.id, from: sub.currentPeriodEnd.toISOString() },
          requestedAt: now,
          renewal: true,
        }),
      );
      return charge.id;
    }, TX_OPTIONS);
    if (!chargeId) return 'NOT_DUE';
    const { status } = await this.settlement.settle(chargeId);
    if (status === 'SUCCEEDED') return 'RENEWED';
    if (status === 'DECLINED') return 'PAST_DUE';
    return 'FAILED';
  }

  /**
   * A settled renewal or recovery charge: paid, the subscription moves to its next period (a plan chosen for
   * it, such as a downgrade, is the one charged and held from then on); a declined renewal makes it PAST_DUE.
   */
  private async deliverPeriod(tx: Prisma.TransactionClient, charge: PaymentCharge, order: Order, status: SettledStatus) {
    if (order.kind !== 'RENEWAL' && order.kind !== 'RECOVER') return charge.id;
    const sub = await lockSubscription(tx, order.subscriptionId);
    if (!sub) throw notFound('Subscription', order.subscriptionId);
    if (status !== 'SUCCEEDED' && order.kind === 'RECOVER') {
      // The new card stays on record; the subscription stays PAST_DUE.
      await recordEvent(tx, subscriptionEvent('subscription.updated', sub));
      return sub.id;
    }
    if (status === 'FAILED') return sub.id;
    if (status === 'DECLINED') {
      const overdue = await tx.subscription.update({ where: { id: sub.id }, data: { status: 'PAST_DUE', version: { increment: 1 } } });
      await recordEvent(tx, subscriptionEvent('subscription.past_due', overdue));
      await publishAccess(tx, sub.userId, charge.requestedAt);
      return sub.id;
    }
    const plan = await tx.plan.findUniqueOrThrow({ where: { id: order.planId } });
    const period =
      order.kind === 'RENEWAL'
        ? { currentPeriodEnd: nextPeriodEnd(sub.billingAnchor ?? new Date(order.from), new Date(order.from), plan.billingPeriod) }
        : { billingAnchor: charge.requestedAt, currentPeriodEnd: periodEnd(charge.requestedAt, plan.billingPeriod) };
    const renewed = await tx.subscription.update({
      where: { id: sub.id },
      data: { status: 'ACTIVE', planId: plan.id, pendingPlanId: null, chargeId: charge.id, ...period, version: { increment: 1 } },
    });
    await recordEvent(tx, subscriptionEvent('subscription.renewed', renewed));
    if (order.kind === 'RECOVER' || plan.id !== sub.planId) await publishAccess(tx, sub.userId, charge.requestedAt);
    // A renewal on the same plan publishes nothing, but its new period end is part of the holdings replicas keep.
    else await bumpAccessVersion(tx, sub.userId);
    return renewed.id;
  }
}

async function databaseNow(tx: Prisma.TransactionClient): Promise<Date> {
  // clock_timestamp(), not now(): now() is the transaction's start, the same at both ends of a sweep.
  const [{ at }] = await tx.$queryRaw<{ at: Date }[]>`SELECT clock_timestamp() AS at`;
  return at;
}
