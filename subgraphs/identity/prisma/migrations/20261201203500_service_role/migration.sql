-- The identity service connects as its own role, tvstream_identity, which may read and write this schema's tables and
-- touch no other schema. The migration creates it without LOGIN; a deployment gives it LOGIN and a password
-- (docker-compose's postgres init, or the operator). Roles belong to the whole cluster, so another database
-- there may have created it already.
DO $$
BEGIN
  CREATE ROLE tvstream_identity NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
GRANT USAGE ON SCHEMA identity TO tvstream_identity;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA identity TO tvstream_identity;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA identity TO tvstream_identity;
-- Tables of later migrations (applied by the same migration user) are granted as they are created.
ALTER DEFAULT PRIVILEGES IN SCHEMA identity GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tvstream_identity;
ALTER DEFAULT PRIVILEGES IN SCHEMA identity GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO tvstream_identity;
