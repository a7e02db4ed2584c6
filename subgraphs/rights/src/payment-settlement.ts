/**
 * How money moves without ever being taken for nothing or twice. A charge is first recorded PENDING (in the
 * transaction that decided it, with the order it pays for); the provider is then called outside any
 * transaction with the charge's idempotency key; the outcome and what it bought are then written together.
 * A process that dies in between leaves a PENDING charge: the reconciler asks the provider what became of
 * its key and finishes the order, or records that nothing was taken.
 */
import { conflict, badInput, type Logger } from '@tvstream/service-kit';
import type { PaymentCharge, Prisma, RightsDb } from './data/client';
import type { PaymentProvider, ProviderOutcome } from './data/payment-provider';
import { TX_OPTIONS } from './access-manager';
import { lockAccount } from './data/holdings-store';

/** What a charge pays for, kept on the charge so whoever settles it can deliver it. */
export type Order =
  | { kind: 'SUBSCRIBE'; planId: string }
  | { kind: 'PURCHASE'; offerId: string }
  | { kind: 'CHANGE_PLAN'; subscriptionId: string; planId: string }
  | { kind: 'RENEWAL'; subscriptionId: string; planId: string; from: string }
  | { kind: 'RECOVER'; subscriptionId: string; planId: string };

export type SettledStatus = 'SUCCEEDED' | 'DECLINED' | 'FAILED';

/** Delivers an order once its charge is settled (in that transaction); returns what the request answers with. */
export type Fulfilment = (tx: Prisma.TransactionClient, charge: PaymentCharge, order: Order, status: SettledStatus) => Promise<string>;

export interface NewCharge {
  userId: string;
  amount: number;
  currency: string;
  description: string;
  paymentMethod: string;
  paymentCardLast4: string;
  idempotencyKey: string;
  /** One charge pending per account and intent (a unique index holds it). */
  intent: string;
  order: Order;
  requestedAt: Date;
}

export interface Settlement {
  status: SettledStatus | 'PENDING';
  resultId: string | null;
}

export const declined = () => badInput('The payment was declined; try another card', [{ field: 'paymentCard', message: 'was declined' }], 'PAYMENT_DECLINED');
export const paymentPending = () =>
  conflict('The payment provider has not confirmed this payment yet; retry with the same idempotency key to learn the outcome', 'PAYMENT_PENDING');
export const paymentFailed = () => conflict('The payment could not be made and nothing was charged; try again with a new idempotency key', 'PAYMENT_FAILED');

export interface SettlementOptions {
  /** How long a request waits for the provider before answering PAYMENT_PENDING. */
  providerTimeoutMs: number;
  /** Pending charges older than this are reconciled (longer than any request waits for the provider). */
  reconcileAfterMs: number;
}

export class PaymentSettlement {
  private readonly fulfilments = new Map<Order['kind'], Fulfilment>();

  constructor(
    private readonly db: RightsDb,
    private readonly provider: PaymentProvider,
    private readonly options: SettlementOptions,
    private readonly log?: Logger,
  ) {}

  fulfil(kinds: Order['kind'][], fulfilment: Fulfilment) {
    for (const kind of kinds) this.fulfilments.set(kind, fulfilment);
  }

  /** Records a charge before the provider hears of it (inside the caller's transaction). */
  open(tx: Prisma.TransactionClient, charge: NewCharge): Promise<PaymentCharge> {
    const { order, ...fields } = charge;
    return tx.paymentCharge.create({ data: { ...fields, status: 'PENDING', payload: order } });
  }

  /** Calls the provider for a pending charge and writes its outcome; a charge of nothing needs no provider. */
  async settle(chargeId: string): Promise<Settlement> {
    const charge = await this.db.paymentCharge.findUniqueOrThrow({ where: { id: chargeId } });
    if (charge.status !== 'PENDING') return this.outcome(charge.id);
    let status: ProviderOutcome;
    try {
      status =
        charge.amount === 0
          ? 'SUCCEEDED'
          : await this.provider.charge(
              {
                userId: charge.userId,
                amount: charge.amount,
                currency: charge.currency,
                description: charge.description,
                paymentMethod: charge.paymentMethod,
                idempotencyKey: charge.idempotencyKey,
              },
              AbortSignal.timeout(this.options.providerTimeoutMs),
            );
    } catch (err) {
      // The provider may or may not have taken it: the charge stays PENDING for the reconciler.
      this.log?.warn({ err, chargeId }, 'payment provider gave no answer; the charge stays pending');
      return { status: 'PENDING', resultId: null };
    }
    return this.complete(charge, status);
  }

  /**
   * Waits for a charge another request is settling, as long as that request itself may take (the provider's
   * time, then the transaction that writes the outcome), after which the retry is told PAYMENT_PENDING.
   */
  async awaitOutcome(chargeId: string): Promise<Settlement> {
    const deadline = Date.now() + this.options.providerTimeoutMs + TX_OPTIONS.maxWait + TX_OPTIONS.timeout;
    for (;;) {
      const settled = await this.outcome(chargeId);
      if (settled.status !== 'PENDING' || Date.now() > deadline) return settled;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Settles charges left pending by a crash or a provider that never answered; returns how many. */
  async reconcile(now = new Date()): Promise<number> {
    const stale = await this.db.paymentCharge.findMany({
      where: { status: 'PENDING', createdAt: { lt: new Date(now.getTime() - this.options.reconcileAfterMs) } },
      orderBy: { createdAt: 'asc' },
      take: 100,
    });
    let settled = 0;
    for (const charge of stale) {
      try {
        const known = charge.amount === 0 ? 'SUCCEEDED' : await this.provider.lookup(charge.idempotencyKey);
        await this.complete(charge, known ?? 'FAILED');
        settled += 1;
      } catch (err) {
        this.log?.error({ err, chargeId: charge.id }, 'a pending charge could not be reconciled; the next run retries');
      }
    }
    return settled;
  }

  private async outcome(chargeId: string): Promise<Settlement> {
    const charge = await this.db.paymentCharge.findUniqueOrThrow({ where: { id: chargeId } });
    if (charge.status === 'PENDING') return { status: 'PENDING', resultId: null };
    const record = await this.db.idempotencyRecord.findFirst({ where: { chargeId } });
    return { status: charge.status, resultId: record?.resultId || null };
  }

  /**
   * Writes the outcome and delivers the order in one transaction; only the first to settle a charge does.
   * It holds the account's lock, as every decision to charge does: otherwise a request deciding meanwhile
   * could find no subscription yet and no charge pending any more, and charge a second time. The caller
   * already read the charge (a charge's account never changes), so the lock is the transaction's first statement.
   */
  private async complete({ id: chargeId, userId }: Pick<PaymentCharge, 'id' | 'userId'>, status: SettledStatus): Promise<Settlement> {
    await this.db.$transaction(async (tx) => {
      await lockAccount(tx, userId);
      const { count } = await tx.paymentCharge.updateMany({ where: { id: chargeId, status: 'PENDING' }, data: { status, settledAt: new Date() } });
      if (count === 0) return;
      const charge = await tx.paymentCharge.findUniqueOrThrow({ where: { id: chargeId } });
      const order = charge.payload as unknown as Order;
      const fulfilment = this.fulfilments.get(order.kind);
      if (!fulfilment) throw new Error(`no fulfilment for ${order.kind} orders`);
      const resultId = await fulfilment(tx, charge, order, status);
      await tx.idempotencyRecord.updateMany({ where: { chargeId }, data: { resultId, declined: status !== 'SUCCEEDED' } });
    }, TX_OPTIONS);
    return this.outcome(chargeId);
  }
}
