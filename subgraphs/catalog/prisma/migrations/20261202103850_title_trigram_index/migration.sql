-- Trigrams make `titleContains` (ILIKE '%…%', the admin console's rail picker) an index lookup instead of a
-- scan of every title. pg_trgm ships with PostgreSQL (and PGlite, which loads it: prisma/embedded-postgres.ts)
-- and is a trusted extension, so the migration user needs no superuser. One per database: in public, where
-- every service's search path finds its operator classes.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- CreateIndex
CREATE INDEX "Title_title_idx" ON "Title" USING GIN ("title" public.gin_trgm_ops);
