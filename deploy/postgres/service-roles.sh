#!/bin/sh
# Run by the postgres image on its first start (docker-entrypoint-initdb.d), or by an operator with PG*
# variables set: one login role per service, named tvstream_<service>, with the password from
# <SERVICE>_DB_PASSWORD. The migrations create the same roles when missing and grant each one its own schema
# only, so this script only makes them able to log in.
set -eu
for service in identity catalog live rights search; do
  password_variable="$(echo "$service" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
  password="$(printenv "$password_variable" || true)"
  if [ -z "$password" ]; then
    echo "service-roles: $password_variable is not set; tvstream_$service gets no login" >&2
    continue
  fi
  psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
    -v role="tvstream_$service" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" LOGIN PASSWORD :'password';
SQL
done
