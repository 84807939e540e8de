#!/usr/bin/env bash
# Installs everything Strata needs on a Debian machine with Node 20+, then builds every package.
# Idempotent and quick when nothing changed: `npm start` and `npm test` both call it first.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }

# --- system packages (only when run as root; otherwise say what is missing) ---------------------------
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v redis-cli >/dev/null || missing+=(redis-tools)
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
command -v python3 >/dev/null || missing+=(python3)
command -v tclsh >/dev/null || missing+=(tcl)
command -v openssl >/dev/null || missing+=(openssl)
[ -f /usr/include/liburing.h ] || missing+=(liburing-dev)
for extra in ${STRATA_EXTRA_APT:-}; do
  dpkg -s "$extra" >/dev/null 2>&1 || missing+=("$extra")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    log "missing system packages (run as root or install them): ${missing[*]}" >&2
  fi
fi

# --- npm dependencies ---------------------------------------------------------------------------------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# --- build: native addon, generated code, TypeScript --------------------------------------------------
log "build"
NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false npx nx run-many -t build --outputStyle=static >/tmp/strata-build.log 2>&1 || {
  cat /tmp/strata-build.log >&2
  exit 1
}
log "ready"
