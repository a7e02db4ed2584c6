-- CreateEnum
CREATE TYPE "RevocationKind" AS ENUM ('SESSION', 'USER');

-- CreateTable
CREATE TABLE "Revocation" (
    "sequence" BIGSERIAL NOT NULL,
    "kind" "RevocationKind" NOT NULL,
    "subject" UUID NOT NULL,
    "version" INTEGER,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Revocation_pkey" PRIMARY KEY ("sequence")
);

-- CreateIndex
CREATE INDEX "Revocation_createdAt_idx" ON "Revocation"("createdAt");

-- CreateIndex
CREATE INDEX "Revocation_expiresAt_idx" ON "Revocation"("expiresAt");
