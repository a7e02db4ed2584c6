import { randomUUID } from 'node:crypto';
import { createRightsDb, type RightsDb } from '../subgraphs/rights/src/data/client';
import type { PaymentProvider } from '../subgraphs/rights/src/data/payment-provider';
import { PaymentSettlement } from '../subgraphs/rights/src/payment-settlement';
import { TEST_DATABASE_URL } from './support/database';

/**
 * Settling a charge reads it once: the transaction that writes the outcome starts with the account's lock,
 * taking the account from the charge its caller already holds rather than reading the charge again.
 */
let db: RightsDb;
const statements: string[] = [];

beforeAll(() => {
  db = createRightsDb(TEST_DATABASE_URL);
  // The client logs every statement as a query event (what the service's statement counter counts).
  (db as unknown as { $on(event: 'query', listener: (e: { query: string }) => void): void }).$on('query', (e) => statements.push(e.query));
});

afterAll(() => db.$disconnect());

test('settle: one read of the charge before the account lock, and the lock opens the completing transaction', async () => {
  const provider: PaymentProvider = { charge: async () => 'SUCCEEDED', lookup: async () => null } as unknown as PaymentProvider;
  const settlement = new PaymentSettlement(db, provider, { providerTimeoutMs: 5_000, reconcileAfterMs: 3_600_000 });
  settlement.fulfil(['PURCHASE'], async () => 'delivered');
  const userId = randomUUID();
  const charge = await db.$transaction((tx) =>
    settlement.open(tx, {
      userId,
      amount: 399,
      currency: 'EUR',
      description: 'statement count',
      paymentMethod: 'card',
      paymentCardLast4: '4242',
      idempotencyKey: `statements-${randomUUID()}`,
      intent: `purchase:${randomUUID()}`,
      order: { kind: 'PURCHASE', offerId: randomUUID() },
      requestedAt: new Date(),
    }),
  );
  statements.length = 0;
  expect(await settlement.settle(charge.id)).toEqual({ status: 'SUCCEEDED', resultId: null });
  const lock = statements.findIndex((sql) => sql.includes('pg_advisory_xact_lock'));
  expect(lock).toBeGreaterThan(0);
  const readsOfTheCharge = (sqls: string[]) => sqls.filter((sql) => /^SELECT/.test(sql) && sql.includes('"PaymentCharge"')).length;
  // settle's own read, then straight to the lock (a transaction's BEGIN may be logged between them).
  expect(readsOfTheCharge(statements.slice(0, lock))).toBe(1);
  expect(statements.slice(0, lock).filter((sql) => !/^(BEGIN|COMMIT)/i.test(sql))).toHaveLength(1);
  expect((await db.paymentCharge.findUniqueOrThrow({ where: { id: charge.id } })).status).toBe('SUCCEEDED');
});
