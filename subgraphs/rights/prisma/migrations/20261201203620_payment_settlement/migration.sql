-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ChargeStatus" ADD VALUE 'PENDING';
ALTER TYPE "ChargeStatus" ADD VALUE 'FAILED';

-- AlterTable
ALTER TABLE "IdempotencyRecord" ADD COLUMN     "chargeId" UUID;

-- AlterTable
ALTER TABLE "PaymentCharge" ADD COLUMN     "intent" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "payload" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "paymentCardLast4" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "paymentMethod" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "settledAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "billingAnchor" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "SimulatedProviderCharge" (
    "id" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" "ChargeStatus" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SimulatedProviderCharge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SimulatedProviderCharge_idempotencyKey_key" ON "SimulatedProviderCharge"("idempotencyKey");

-- CreateIndex
CREATE INDEX "PaymentCharge_status_createdAt_idx" ON "PaymentCharge"("status", "createdAt");
