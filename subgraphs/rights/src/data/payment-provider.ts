/**
 * Payments sit behind an interface so a real provider (Stripe, Adyen…) can replace the simulation. Like
 * real providers, it deduplicates on an idempotency key, so a retried charge is never taken twice.
 */
import { badInput } from '@tvstream/service-kit';
import type { Prisma } from './client';
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

export interface ChargeResult {
  chargeId: string;
  status: 'SUCCEEDED' | 'DECLINED';
}

export interface PaymentProvider {
  /** Takes the card the viewer typed and returns the provider's reference to it (BAD_USER_INPUT if malformed). */
  savePaymentMethod(card: string): PaymentMethod;
  /** Runs inside the caller's transaction, so a refused purchase leaves no charge behind. */
  charge(tx: Prisma.TransactionClient, request: ChargeRequest): Promise<ChargeResult>;
}

/** Test card numbers, as payment providers publish them. */
export const TEST_CARDS = { succeeds: '4242424242424242', declines: '4000000000000002' } as const;

/**
 * Accepts every well-formed card except the published declining test number; keeps a ledger of charges.
 * Its references name the simulated outcome and the last four digits (a real provider returns an opaque id).
 */
export class SimulatedPaymentProvider implements PaymentProvider {
  savePaymentMethod(card: string): PaymentMethod {
    const digits = card.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits)) {
      throw badInput('paymentCard must be a card number of 12–19 digits', [{ field: 'paymentCard', message: 'must be 12–19 digits' }]);
    }
    if (!luhnValid(digits)) {
      throw badInput('paymentCard is not a valid card number; check its digits', [{ field: 'paymentCard', message: 'fails the card number checksum' }]);
    }
    const last4 = digits.slice(-4);
    return { reference: `sim_${digits === TEST_CARDS.declines ? 'declining' : 'card'}_${last4}`, last4 };
  }

  async charge(tx: Prisma.TransactionClient, request: ChargeRequest): Promise<ChargeResult> {
    const existing = await tx.paymentCharge.findUnique({ where: { idempotencyKey: request.idempotencyKey } });
    if (existing) return { chargeId: existing.id, status: existing.status };
    const charge = await tx.paymentCharge.create({
      data: {
        userId: request.userId,
        amount: request.amount,
        currency: request.currency,
        description: request.description,
        status: request.paymentMethod.startsWith('sim_declining_') ? 'DECLINED' : 'SUCCEEDED',
        idempotencyKey: request.idempotencyKey,
      },
    });
    return { chargeId: charge.id, status: charge.status };
  }
}
