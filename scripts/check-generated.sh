#!/usr/bin/env bash
# Regenerates every generated file (each workspace's `generate` script) and fails when the result
# differs from what is committed: generated code is checked in and must be current.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run generate --workspaces --if-present >/tmp/strata-generate.log 2>&1 || { cat /tmp/strata-generate.log; exit 1; }
if ! git diff --exit-code --stat; then
  echo "generated files are out of date: run 'npm run generate' and commit the result" >&2
  exit 1
fi
