#!/usr/bin/env bash
# `npm test`: the whole suite. Needs PostgreSQL and Redis on loopback (see README); starts everything else.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-node.sh
npm run -s db:generate
# The outbox relay publishes to a real Kafka broker, search indexes into a real OpenSearch, and every
# service sends its traces to a real Zipkin (ZIPKIN_PORT, default 9411), all fetched from Maven Central and
# run on loopback.
bash scripts/engines/engines.sh up kafka
bash scripts/engines/engines.sh up opensearch
bash scripts/engines/engines.sh up zipkin
# Formatting is part of the contract: a change that is not Prettier-formatted fails here, before the long suite.
npx prettier --check --log-level warn .
# Lint (typescript-eslint strict, type-checked; eslint.config.mjs) after the Prisma clients it types against
# are generated. The cache skips unchanged files on a second run here; a fresh clone (CI) lints everything.
npm run -s lint
npx tsc -p tsconfig.json
npx tsc -p web/tsconfig.json
npx jest --ci --maxWorkers=2 "$@"
