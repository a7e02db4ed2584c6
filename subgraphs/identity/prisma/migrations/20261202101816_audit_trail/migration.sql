-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "actorEmail" TEXT;
