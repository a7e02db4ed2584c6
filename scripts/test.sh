#!/usr/bin/env bash
# `npm test`: the whole suite. Needs PostgreSQL and Redis on loopback (see README); starts everything else.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-node.sh
npm run -s db:generate
# The outbox relay publishes to a real Kafka broker and search indexes into a real OpenSearch, both fetched
# from Maven Central and run on loopback.
bash scripts/engines/engines.sh up kafka
bash scripts/engines/engines.sh up opensearch
npx tsc -p tsconfig.json
npx tsc -p web/tsconfig.json
npx jest --ci --maxWorkers=2 "$@"
