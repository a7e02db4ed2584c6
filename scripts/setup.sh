#!/usr/bin/env bash
# `npm run setup`: the first command on a fresh clone. It puts the pinned Node 24 first on PATH (fetched into
# .tools/ when the machine's Node is another version) before installing, so npm judges every package's
# `engines` against the Node that will run it. A bare `npm ci` on another Node stops at once instead
# (.npmrc: engine-strict), naming the Node it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-node.sh
npm ci --no-audit --no-fund
npm run -s db:generate
