-- AlterTable
ALTER TABLE "Profile" ADD COLUMN     "language" TEXT;
