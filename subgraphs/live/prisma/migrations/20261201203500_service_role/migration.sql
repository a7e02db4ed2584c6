-- The live service connects as its own role, tvstream_live, which may read and write this schema's tables and
-- touch no other schema. The migration creates it without LOGIN; a deployment gives it LOGIN and a password
-- (docker-compose's postgres init, or the operator). Roles belong to the whole cluster, so another database
-- there may have created it already.
DO $$
BEGIN
  CREATE ROLE tvstream_live NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
GRANT USAGE ON SCHEMA live TO tvstream_live;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA live TO tvstream_live;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA live TO tvstream_live;
-- Tables of later migrations (applied by the same migration user) are granted as they are created.
ALTER DEFAULT PRIVILEGES IN SCHEMA live GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tvstream_live;
ALTER DEFAULT PRIVILEGES IN SCHEMA live GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO tvstream_live;

-- Search, run without Kafka, follows this service's outbox: that table only, read-only.
DO $$
BEGIN
  CREATE ROLE tvstream_search NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
GRANT USAGE ON SCHEMA live TO tvstream_search;
GRANT SELECT ON "OutboxEvent" TO tvstream_search;
