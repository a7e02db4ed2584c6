/**
 * Payments sit behind an interface so a real provider (Stripe, Adyen…) can replace the simulation. Like
 * real providers, it deduplicates on an idempotency key, so a retried charge is never taken twice, and it
 * can be asked what became of a key, which is how charges left pending by a crash are settled.
 */
import { once } from 'node:events';
import { badInput } from '@tvstream/service-kit';
import type { RightsDb } from './client';
import { luhnValid } from '../domain/payment-card';

export interface ChargeRequest {
  userId: string;
  amount: number;
  currency: string;
  description: string;
  /** A reference from `savePaymentMethod`, never a card number. */
  paymentMethod: string;
  idempotencyKey: string;
}

/** A card the provider keeps on file, to be charged now and at each renewal. */
export interface PaymentMethod {
  reference: string;
  last4: string;
}

export type ProviderOutcome = 'SUCCEEDED' | 'DECLINED';

export interface PaymentProvider {
  /** Takes the card the viewer typed and returns the provider's reference to it (BAD_USER_INPUT if malformed). */
  savePaymentMethod(card: string): PaymentMethod;
  /** Called outside any database transaction; gives up when `signal` aborts (the outcome is then unknown). */
  charge(request: ChargeRequest, signal: AbortSignal): Promise<ProviderOutcome>;
  /** What the provider did with an idempotency key: its outcome, or null when it never took the charge. */
  lookup(idempotencyKey: string): Promise<ProviderOutcome | null>;
}

/** Test card numbers, as payment providers publish them. */
export const TEST_CARDS = {
  succeeds: '4242424242424242',
  declines: '4000000000000002',
  /** With simulated faults on: the provider never answers. */
  stalls: '4000000000000119',
  /** With simulated faults on: the provider takes the money, then the process dies before it hears back. */
  crashesAfterCharge: '4000000000000259',
} as const;

const BEHAVIOURS: Record<string, string> = {
  [TEST_CARDS.declines]: 'declining',
  [TEST_CARDS.stalls]: 'stalling',
  [TEST_CARDS.crashesAfterCharge]: 'crashing',
};

/**
 * Accepts every well-formed card except the published declining test number and keeps its books in a table
 * of its own, written outside the caller's transactions as a remote provider's would be. Its references
 * name the simulated behaviour and the last four digits (a real provider returns an opaque id). The
 * stalling and crashing cards only act when `faults` is on (tests; refused in production by the config).
 */
export class SimulatedPaymentProvider implements PaymentProvider {
  constructor(
    private readonly db: Pick<RightsDb, 'simulatedProviderCharge'>,
    private readonly faults = false,
  ) {}

  savePaymentMethod(card: string): PaymentMethod {
    const digits = card.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits)) {
      throw badInput('paymentCard must be a card number of 12–19 digits', [{ field: 'paymentCard', message: 'must be 12–19 digits' }]);
    }
    if (!luhnValid(digits)) {
      throw badInput('paymentCard is not a valid card number; check its digits', [{ field: 'paymentCard', message: 'fails the card number checksum' }]);
    }
    const last4 = digits.slice(-4);
    return { reference: `sim_${BEHAVIOURS[digits] ?? 'card'}_${last4}`, last4 };
  }

  async charge(request: ChargeRequest, signal: AbortSignal): Promise<ProviderOutcome> {
    const behaviour = /^sim_([a-z]+)_\d{4}$/.exec(request.paymentMethod)?.[1];
    if (!behaviour) throw new Error(`unknown payment method ${JSON.stringify(request.paymentMethod)}`);
    if (this.faults && behaviour === 'stalling' && !signal.aborted) await once(signal, 'abort');
    signal.throwIfAborted();
    const status = behaviour === 'declining' ? 'DECLINED' : 'SUCCEEDED';
    const taken = await this.db.simulatedProviderCharge.upsert({
      where: { idempotencyKey: request.idempotencyKey },
      create: { idempotencyKey: request.idempotencyKey, amount: request.amount, currency: request.currency, status },
      update: {},
    });
    if (this.faults && behaviour === 'crashing') process.kill(process.pid, 'SIGKILL');
    return taken.status as ProviderOutcome;
  }

  async lookup(idempotencyKey: string): Promise<ProviderOutcome | null> {
    const taken = await this.db.simulatedProviderCharge.findUnique({ where: { idempotencyKey } });
    return (taken?.status as ProviderOutcome | undefined) ?? null;
  }
}
