/**
 * Payments sit behind an interface so a real provider (Stripe, Adyen…) can replace the simulation. Like
 * real providers, it deduplicates on an idempotency key, so a retried charge is never taken twice.
 */
import { badInput } from '@tvstream/service-kit';
import type { Prisma } from './client';

export interface ChargeRequest {
  userId: string;
  amount: number;
  currency: string;
  description: string;
  card: string;
  idempotencyKey: string;
}

export interface ChargeResult {
  chargeId: string;
  status: 'SUCCEEDED' | 'DECLINED';
}

export interface PaymentProvider {
  /** Runs inside the caller's transaction, so a refused purchase leaves no charge behind. */
  charge(tx: Prisma.TransactionClient, request: ChargeRequest): Promise<ChargeResult>;
}

/** Test card numbers, as payment providers publish them. */
export const TEST_CARDS = { succeeds: '4242424242424242', declines: '4000000000000002' } as const;

/** Accepts every well-formed card except the published declining test number; keeps a ledger of charges. */
export class SimulatedPaymentProvider implements PaymentProvider {
  async charge(tx: Prisma.TransactionClient, request: ChargeRequest): Promise<ChargeResult> {
    const card = request.card.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(card)) {
      throw badInput('paymentCard must be a card number of 12–19 digits', [{ field: 'paymentCard', message: 'must be 12–19 digits' }]);
    }
    const existing = await tx.paymentCharge.findUnique({ where: { idempotencyKey: request.idempotencyKey } });
    if (existing) return { chargeId: existing.id, status: existing.status };
    const charge = await tx.paymentCharge.create({
      data: {
        userId: request.userId,
        amount: request.amount,
        currency: request.currency,
        description: request.description,
        status: card === TEST_CARDS.declines ? 'DECLINED' : 'SUCCEEDED',
        idempotencyKey: request.idempotencyKey,
      },
    });
    return { chargeId: charge.id, status: charge.status };
  }
}
