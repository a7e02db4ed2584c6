-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "actorEmail" TEXT,
ALTER COLUMN "targetId" DROP NOT NULL;
