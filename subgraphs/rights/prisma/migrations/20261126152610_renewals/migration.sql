-- AlterEnum
ALTER TYPE "SubscriptionStatus" ADD VALUE 'PAST_DUE';

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "paymentCardLast4" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "paymentMethod" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Subscription_status_currentPeriodEnd_idx" ON "Subscription"("status", "currentPeriodEnd");
