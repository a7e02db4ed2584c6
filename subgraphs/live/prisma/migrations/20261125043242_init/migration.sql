-- CreateTable
CREATE TABLE "Channel" (
    "id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "logoUrl" TEXT,
    "streamUrl" TEXT,
    "genreSlugs" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "catchupDays" INTEGER NOT NULL DEFAULT 0,
    "xmltvId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Programme" (
    "id" UUID NOT NULL,
    "channelId" UUID NOT NULL,
    "start" TIMESTAMPTZ(3) NOT NULL,
    "end" TIMESTAMPTZ(3) NOT NULL,
    "titles" JSONB NOT NULL,
    "subtitles" JSONB NOT NULL DEFAULT '[]',
    "descriptions" JSONB NOT NULL DEFAULT '[]',
    "categories" JSONB NOT NULL DEFAULT '[]',
    "episodeNum" TEXT,
    "seasonNumber" INTEGER,
    "episodeNumber" INTEGER,
    "rating" TEXT,
    "ratingSystem" TEXT,
    "maturityRating" INTEGER NOT NULL DEFAULT 0,
    "imageUrl" TEXT,
    "language" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Programme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" UUID NOT NULL,
    "sequence" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "entityVersion" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Channel_number_key" ON "Channel"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Channel_xmltvId_key" ON "Channel"("xmltvId");

-- CreateIndex
CREATE INDEX "Programme_channelId_end_idx" ON "Programme"("channelId", "end");

-- CreateIndex
CREATE UNIQUE INDEX "Programme_channelId_start_key" ON "Programme"("channelId", "start");

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_sequence_idx" ON "OutboxEvent"("publishedAt", "sequence");

-- AddForeignKey
ALTER TABLE "Programme" ADD CONSTRAINT "Programme_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
