-- Posters the catalog draws for titles without one (schema.prisma's ArtworkImage), named by the SHA-256 of
-- their bytes. The catalog's role gets the new table through 20261201203500_service_role's default privileges.
-- Titles stored before this are drawn by the catalog when it starts (ArtworkStore.drawMissingPosters).

-- AlterTable
ALTER TABLE "Title" ADD COLUMN     "generatedPoster" TEXT;

-- CreateTable
CREATE TABLE "ArtworkImage" (
    "hash" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "body" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ArtworkImage_pkey" PRIMARY KEY ("hash")
);

-- AddForeignKey
ALTER TABLE "Title" ADD CONSTRAINT "Title_generatedPoster_fkey" FOREIGN KEY ("generatedPoster") REFERENCES "ArtworkImage"("hash") ON DELETE SET NULL ON UPDATE CASCADE;
