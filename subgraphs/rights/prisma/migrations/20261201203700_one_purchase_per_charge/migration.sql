-- CreateIndex
CREATE UNIQUE INDEX "Purchase_chargeId_key" ON "Purchase"("chargeId");

-- The simulated provider's books start with the charges it took before it kept them apart.
INSERT INTO "SimulatedProviderCharge" ("id", "idempotencyKey", "amount", "currency", "status", "createdAt")
SELECT "id", "idempotencyKey", "amount", "currency", "status", "createdAt" FROM "PaymentCharge"
WHERE "status" IN ('SUCCEEDED', 'DECLINED');

-- Money is serialised per account and backed by the database (partial indexes, which Prisma does not model):
-- one charge pending per account and purpose, one live subscription per account and plan, one purchase to
-- keep per account and title.
CREATE UNIQUE INDEX "PaymentCharge_one_pending_per_intent" ON "PaymentCharge"("userId", "intent") WHERE "status" = 'PENDING' AND "intent" <> '';
CREATE UNIQUE INDEX "Subscription_one_live_per_plan" ON "Subscription"("userId", "planId") WHERE "status" IN ('ACTIVE', 'PAST_DUE');
CREATE UNIQUE INDEX "Purchase_one_buy_per_title" ON "Purchase"("userId", "contentId") WHERE "kind" = 'BUY';
