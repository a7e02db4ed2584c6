-- AlterTable
ALTER TABLE "Collection" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
