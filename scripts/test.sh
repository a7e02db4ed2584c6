#!/usr/bin/env bash
# `npm test`: the whole suite. Needs PostgreSQL and Redis on loopback (see README); starts everything else.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-node.sh
npm run -s db:generate
npx tsc -p tsconfig.json
npx jest --ci --maxWorkers=2 "$@"
