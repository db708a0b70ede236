#!/usr/bin/env bash
# The main job on embedded defaults: installs what is missing, starts nats-server, embedded ClickHouse (chDB) and
# the five services, collects a simulated estate, finds its waste, writes JSON, HTML and PDF reports, and keeps
# serving GraphQL.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
JUSTFIT_SKIP_VCSIM=1 bash scripts/bootstrap.sh
TSX_TSCONFIG_PATH="$root/tsconfig.json" exec node --import tsx scripts/quickstart.ts "$@"
