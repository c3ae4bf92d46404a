#!/usr/bin/env bash
# The whole test suite from a fresh clone: install, build, then every test.
# `npm test` runs this; CI (.ci/run) runs `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
npm run build
bash scripts/chromium.sh
# The live-mode tests need a Docker engine: start one (and stop it afterwards) when none answers.
trap 'bash scripts/docker-engine.sh stop' EXIT
bash scripts/docker-engine.sh start || echo 'docker-engine: no engine; the live-mode tests will fail and say why' >&2
node scripts/run-tests.mjs
node test/e2e/run.mjs
