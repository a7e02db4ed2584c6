-- CreateTable
CREATE TABLE "RenewalSweep" (
    "id" UUID NOT NULL,
    "runner" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(6) NOT NULL,
    "finishedAt" TIMESTAMPTZ(6) NOT NULL,
    "renewed" INTEGER NOT NULL,
    "pastDue" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,

    CONSTRAINT "RenewalSweep_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RenewalSweep_startedAt_idx" ON "RenewalSweep"("startedAt");
