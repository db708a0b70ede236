#!/usr/bin/env bash
# The whole test suite: installs what is missing, type-checks, lints, then runs unit, integration and e2e tests
# against real peers (nats-server, chDB, vcsim).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# No traffic to anything but the package registries (turbo would otherwise send usage telemetry).
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
bash scripts/bootstrap.sh
npx turbo run typecheck --output-logs=errors-only
npx tsc -p scripts/tsconfig.json
# The resolver types are generated from the SDL: stale ones fail here (npm run codegen -w @justfit/query-api).
npm run codegen:check -w @justfit/query-api --silent
npx prettier --check . --log-level warn
npx eslint . --max-warnings=0
# No import cycles between modules (the analyzer's layering, and everywhere else).
npm run check:cycles --silent
bash scripts/check-chart.sh
npx vitest run --project unit
npx vitest run --project int
npx vitest run --project e2e
