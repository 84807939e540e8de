#!/usr/bin/env bash
# The all-in-one quick start: set up, then run the control plane with a local node agent under ./var.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -f control-plane/dist/main.js ]; then
  exec node control-plane/dist/main.js --all-in-one "$@"
fi
echo "[start] the control plane is not built yet; starting a standalone strata-server on 127.0.0.1:6379" >&2
exec node data-plane/bin/strata-server.js --port 6379 --bind 127.0.0.1 "$@"
