#!/usr/bin/env bash
# Runs units of Redis 7.0.15's own test suite (external mode) against strata-server or redis-server,
# one fresh server per unit, and prints a markdown table of pass/fail counts per unit.
#
#   scripts/redis-suite.sh [--server strata|redis] [--units "type/string type/incr ..."]
#                          [--out FILE] [--unit-timeout SEC] [--stall-timeout SEC] [--no-durable] [--verbose]
#                          [-- extra server arguments]
#
# The suite is never committed: it comes from Debian's redis source package (bookworm ships 7.0.15),
# fetched with `apt-get source` into a cache outside the repository (STRATA_REDIS_SUITE_DIR,
# default ~/.cache/strata/redis-7.0.15). Only the pristine upstream tarball is unpacked; Debian's
# patches are not applied, so the tests are those of the upstream 7.0.15 tag.
# Logs of each unit go to $OUT_DIR (default /tmp/strata-redis-suite-<server>-<pid>/).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

REDIS_VERSION=7.0.15
SUITE_DIR=${STRATA_REDIS_SUITE_DIR:-$HOME/.cache/strata/redis-$REDIS_VERSION}
DEFAULT_UNITS="type/string type/incr type/list type/list-2 type/list-3 type/hash keyspace expire scan protocol info-command"
# Flags from issue 2. --durable keeps a unit running after a test raises a Tcl error (for example an
# unknown command) instead of aborting the whole unit; such a test is then counted as failed.
TAGS="-needs:debug -needs:repl -needs:save -needs:config-maxmemory -needs:config-resetstat -needs:reset"

server=strata
units=$DEFAULT_UNITS
out=""
unit_timeout=900  # whole unit
stall_timeout=120 # the harness gives up after this long without a test finishing (its --timeout)
durable=1
verbose=0
extra_server_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --server) server=$2; shift 2 ;;
    --redis) server=redis; shift ;;
    --units) units=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --unit-timeout) unit_timeout=$2; shift 2 ;;
    --stall-timeout) stall_timeout=$2; shift 2 ;;
    --no-durable) durable=0; shift ;;
    --verbose) verbose=1; shift ;;
    --fetch-only) units=""; shift ;;
    --) shift; extra_server_args=("$@"); break ;;
    -h | --help) sed -n 2,13p "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "redis-suite: unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$server" in strata | redis) ;; *) echo "redis-suite: --server must be strata or redis" >&2; exit 2 ;; esac

log() { printf '[redis-suite] %s\n' "$*" >&2; }

# --- obtain the test suite ------------------------------------------------------------------------
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  log "need root for: $*"; return 1; fi; }

ensure_deb_src() {
  if grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then return 0; fi
  log "adding a deb-src entry for Debian bookworm (/etc/apt/sources.list.d/strata-deb-src.sources)"
  as_root tee /etc/apt/sources.list.d/strata-deb-src.sources >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  as_root apt-get update -qq >/dev/null
}

fetch_suite() {
  if [ -f "$SUITE_DIR/tests/test_helper.tcl" ]; then return 0; fi
  command -v apt-get >/dev/null || { log "apt-get not found: cannot fetch the Redis source package"; exit 1; }
  ensure_deb_src
  local tmp
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/strata-redis-src.XXXXXX")
  log "apt-get source --download-only redis (into $tmp)"
  if ! (cd "$tmp" && apt-get source --download-only -qq redis >/dev/null 2>"$tmp/apt.err"); then
    # A stale package index is the usual cause; refresh once and retry.
    as_root apt-get update -qq >/dev/null
    (cd "$tmp" && apt-get source --download-only -qq redis >/dev/null 2>"$tmp/apt.err") || {
      cat "$tmp/apt.err" >&2; rm -rf "$tmp"; exit 1; }
  fi
  local orig="$tmp/redis_$REDIS_VERSION.orig.tar.gz"
  if [ ! -f "$orig" ]; then
    log "the redis source package is not version $REDIS_VERSION:"; ls "$tmp" >&2; rm -rf "$tmp"; exit 1
  fi
  # apt-get verified the files against the signed Sources index; unpack only the upstream tarball.
  mkdir -p "$(dirname "$SUITE_DIR")"
  tar -xzf "$orig" -C "$tmp"
  grep -q "\"$REDIS_VERSION\"" "$tmp/redis-$REDIS_VERSION/src/version.h" || {
    log "unexpected version in src/version.h"; rm -rf "$tmp"; exit 1; }
  rm -rf "$SUITE_DIR"
  mv "$tmp/redis-$REDIS_VERSION" "$SUITE_DIR"
  rm -rf "$tmp"
  log "test suite ready in $SUITE_DIR"
}

fetch_suite
[ -n "$units" ] || exit 0
command -v tclsh8.6 >/dev/null || command -v tclsh8.5 >/dev/null || {
  log "tclsh 8.5+ not found (apt-get install tcl)"; exit 1; }

# --- servers ---------------------------------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    # Keep clear of the harness's own listener range (21079-21111) and its +10000 cluster-bus twin.
    if [ "$p" -ge 21000 ] && [ "$p" -le 21200 ]; then continue; fi
    if port_free "$p"; then echo "$p"; return 0; fi
  done
  return 1
}

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT

start_server() { # $1 port, $2 log file
  local port=$1 logf=$2
  if [ "$server" = redis ]; then
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
      "${extra_server_args[@]}" >"$logf" 2>&1 &
  else
    node "$ROOT/data-plane/bin/strata-server.js" --port "$port" --bind 127.0.0.1 \
      "${extra_server_args[@]}" >"$logf" 2>&1 &
  fi
  server_pid=$!
  for _ in $(seq 1 100); do
    if [ "$(timeout 2 redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  log "server did not answer PING on port $port; log:"; tail -20 "$logf" >&2
  return 1
}

# --- run the units ---------------------------------------------------------------------------------
OUT_DIR=${OUT_DIR:-${TMPDIR:-/tmp}/strata-redis-suite-$server-$$}
mkdir -p "$OUT_DIR"
harness_args=(--tags "$TAGS" --ignore-encoding --ignore-digest --timeout "$stall_timeout")
[ "$durable" = 1 ] && harness_args+=(--durable)

rows=()
tot_ok=0 tot_err=0 tot_ign=0 tot_skip=0
for unit in $units; do
  logf="$OUT_DIR/${unit//\//_}"
  port=$(pick_port) || { log "no free port"; exit 1; }
  status=completed
  if ! start_server "$port" "$logf.server.log"; then
    rows+=("| $unit | - | - | - | - | server failed to start |")
    stop_server
    continue
  fi
  log "unit/$unit on $server (port $port)"
  t0=$(date +%s)
  set +e
  for attempt in 1 2 3; do
    # The harness listens for its own test clients on a port just below --baseport (in external mode
    # that is all --baseport does): a random one keeps concurrent runs apart.
    baseport=$((22000 + RANDOM % 8000))
    (cd "$SUITE_DIR" && timeout --kill-after=10 "$unit_timeout" \
      ./runtest --host 127.0.0.1 --port "$port" --baseport "$baseport" --single "unit/$unit" \
      "${harness_args[@]}") >"$logf.out" 2>&1
    rc=$?
    grep -q "couldn't open socket: address already in use" "$logf.out" || break
  done
  set -e
  secs=$(($(date +%s) - t0))
  if kill -0 "$server_pid" 2>/dev/null; then
    # Which commands the unit (and its harness) sent: the list a server must answer for it.
    # (bounded: a server stuck in a command would never answer)
    timeout 5 redis-cli -h 127.0.0.1 -p "$port" info commandstats >"$logf.commandstats" 2>/dev/null || true
  else
    status="server died"
  fi
  stop_server
  # Strip colours, then count the harness's per-test status lines.
  sed -e 's/\x1b\[[0-9;]*m//g' "$logf.out" >"$logf.txt"
  ok=$(grep -c '^\[ok\]: ' "$logf.txt" || true)
  err=$(grep -c '^\[err\]: ' "$logf.txt" || true)
  exc=$(grep -c '^\[exception\]: ' "$logf.txt" || true)
  ign=$(grep -c '^\[ignore\]: ' "$logf.txt" || true)
  skip=$(grep -c '^\[skip\]: ' "$logf.txt" || true)
  err=$((err + exc))
  stalled=$( (grep -A1 '^\[TIMEOUT\]' "$logf.txt" || true) | sed -n 's/.*(IN PROGRESS) //p' | head -1)
  if [ -n "$stalled" ]; then status="stalled in: $stalled"
  elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then status="timed out"
  elif [ "$exc" -gt 0 ]; then status="aborted by exception"
  elif ! grep -q "\[.*done\]: unit/$unit" "$logf.txt"; then status="did not finish (rc $rc)"
  elif [ "$status" = completed ] && [ "$err" -gt 0 ]; then status="completed, failures"
  fi
  rows+=("| $unit | $ok | $err | $ign | $secs | $status |")
  tot_ok=$((tot_ok + ok)) tot_err=$((tot_err + err)) tot_ign=$((tot_ign + ign + skip))
  [ "$verbose" = 1 ] && grep -E '^\[(err|exception)\]' "$logf.txt" >&2 || true
done

table=$(
  echo "Redis $REDIS_VERSION test suite against $server-server ($(date -u +%Y-%m-%d)), flags: --tags \"$TAGS\" --ignore-encoding --ignore-digest$([ "$durable" = 1 ] && echo ' --durable')"
  echo
  echo "| unit | passed | failed | skipped (tag or external:skip) | seconds | status |"
  echo "|---|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
  echo "| **total** | **$tot_ok** | **$tot_err** | **$tot_ign** | | |"
)
echo "$table"
[ -n "$out" ] && echo "$table" >"$out"
log "logs: $OUT_DIR (per unit: .out harness output, .server.log, .commandstats)"
