#!/usr/bin/env bash
# Runs the compiled test files (*.test.js under each package's dist/) with node's test runner.
# Extra arguments narrow the run to those paths, for example: npm run test:only -- data-plane/dist
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
  paths=("$@")
else
  paths=()
  for d in native/dist proto/dist data-plane/dist prisma/dist control-plane/dist infra/terraform-provider/dist console/dist e2e/dist; do
    [ -d "$d" ] && paths+=("$d")
  done
fi
exec node --test --test-reporter=spec --test-timeout=600000 "${paths[@]}"
