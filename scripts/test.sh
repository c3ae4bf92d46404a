#!/usr/bin/env bash
# The whole test suite from a fresh clone: install, build, then every test.
# `npm test` runs this; CI (.ci/run) runs `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
npm run build
node scripts/run-tests.mjs
node test/e2e/run.mjs
