-- AlterTable
ALTER TABLE "PlaybackSession" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "PlaybackSession_userId_contentId_idx" ON "PlaybackSession"("userId", "contentId");
