#!/usr/bin/env bash
# The README's test command: installs what is needed, builds, then runs every test suite once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec bash scripts/run-tests.sh "$@"
