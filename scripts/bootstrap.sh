#!/usr/bin/env bash
# Installs what JustFit needs on a fresh Debian/Ubuntu machine with Node 20+: npm dependencies and the native
# peers (nats-server; vcsim and govc for the tests). Safe to run again: it only installs what is missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "JustFit needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing npm dependencies" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/install-tools.sh >/dev/null
