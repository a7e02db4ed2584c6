#!/usr/bin/env bash
# `npm start`: the whole system on one machine, on embedded defaults unless DATABASE_URL etc. are set.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-node.sh
npm run -s db:generate
exec node --import tsx scripts/start.ts "$@"
