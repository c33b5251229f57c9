#!/usr/bin/env bash
# Official-client compatibility suite for plangate.
#
#   tests/compat/run.sh            (from the repository root)
#
# Environment:
#   PLANGATE_BIN                   use this server binary instead of `cargo build --release --bin plangate`
#   PLANGATE_COMPAT_DATABASE_URL   database to use instead of a fresh temporary SQLite file
#                                  (e.g. postgres://user:pw@localhost/plangate_compat)
#   PLANGATE_COMPAT_STARTUP_TIMEOUT seconds to wait for GET /healthz (default 60)
#   STIGG_REFERENCE                path of the stigg-reference tool (default ../shared/tools/stigg-reference)
#
# The Node SDK scenarios (node/entitlements.mjs, node/defaults.mjs: the SDK's default options,
# realtime included) need node (>= 18) and npm on PATH; when
# node/node_modules does not hold the @stigg/node-server-sdk version pinned in node/package.json,
# it runs `npm ci` there first (node/package-lock.json).
#
# Before starting the server it applies examples/catalog.yaml (the seed's catalog) to the
# database. The scenario files get PLANGATE_BIN and PLANGATE_DATABASE_URL (the server's binary
# and database) so that they can apply catalog variants themselves.
#
# Prints each scenario as PASS/FAIL and, as the very last line, `N passed, M failed`.
# Exits non-zero if anything failed or if no scenario ran.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
HERE=$ROOT/tests/compat

REF=${STIGG_REFERENCE:-../shared/tools/stigg-reference}
[[ -x $REF ]] || { echo "stigg-reference tool not found at $REF (set STIGG_REFERENCE)" >&2; exit 2; }
PY1=$("$REF" python v1)
PY2=$("$REF" python v2)

if [[ -n ${PLANGATE_BIN:-} ]]; then
  BIN=$PLANGATE_BIN
else
  cargo build --release --bin plangate >&2
  BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/plangate
fi
[[ -x $BIN ]] || { echo "server binary not found or not executable: $BIN" >&2; exit 2; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
CATALOG=$ROOT/examples/catalog.yaml

TMP=$(mktemp -d "${TMPDIR:-/tmp}/plangate-compat.XXXXXX")
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$("$PY2" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
KEY=compat-$("$PY2" -c 'import secrets; print(secrets.token_hex(16))')
DATABASE=${PLANGATE_COMPAT_DATABASE_URL:-sqlite://$TMP/compat.db}
BASE=http://127.0.0.1:$PORT
LOG=$TMP/server.log

echo "# catalog: applying $CATALOG" >&2
if ! "$BIN" catalog apply "$CATALOG" --database-url "$DATABASE" >"$TMP/catalog.log" 2>&1; then
  echo "FAIL catalog: \`plangate catalog apply $CATALOG\` failed:" >&2
  head -n 40 "$TMP/catalog.log" | sed 's/^/    /' >&2
  echo "0 passed, 1 failed"; exit 1
fi

echo "# server: $BIN on $BASE, database ${DATABASE%%://*}://..." >&2
"$BIN" --listen "127.0.0.1:$PORT" --database-url "$DATABASE" --api-key "$KEY" >"$LOG" 2>&1 &
SERVER_PID=$!

show_log() { echo "----- server log ($LOG) -----" >&2; tail -n "${1:-200}" "$LOG" >&2 || true; echo "-----" >&2; }

deadline=$(( $(date +%s) + ${PLANGATE_COMPAT_STARTUP_TIMEOUT:-60} ))
until "$PY2" - "$BASE/healthz" <<'PY' 2>/dev/null
import sys, urllib.request
try:
    sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)
except Exception:
    sys.exit(1)
PY
do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "plangate exited before GET /healthz answered 200" >&2; show_log; echo "0 passed, 1 failed"; exit 1
  fi
  if (( $(date +%s) >= deadline )); then
    echo "plangate did not answer GET /healthz with 200 within ${PLANGATE_COMPAT_STARTUP_TIMEOUT:-60}s" >&2
    show_log; echo "0 passed, 1 failed"; exit 1
  fi
  sleep 0.2
done

export PYTHONDONTWRITEBYTECODE=1
passed=0 failed=0
run_file() { # interpreter (python or node), scenario file under tests/compat
  local py=$1 file=$2 out=$TMP/$(basename "$2").out line p f
  PLANGATE_URL=$BASE/graphql PLANGATE_API_KEY=$KEY PLANGATE_BIN=$BIN PLANGATE_DATABASE_URL=$DATABASE \
    PLANGATE_COMPAT_CATALOG=$CATALOG "$py" "$HERE/$file" 2>&1 | tee "$out" || true
  line=$(grep -E '^RESULT passed=[0-9]+ failed=[0-9]+$' "$out" | tail -n 1 || true)
  if [[ -z $line ]]; then
    echo "FAIL $file: crashed before reporting a RESULT line" ; failed=$((failed + 1)); return
  fi
  p=${line#RESULT passed=}; p=${p%% *}; f=${line##*failed=}
  passed=$((passed + p)); failed=$((failed + f))
}
NODE_DIR=$HERE/node
run_node() { # the Node server SDK's scenarios, after the Python ones, against the same server
  local want have
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "FAIL node/entitlements.mjs: node and npm must be on PATH (Node.js >= 18)"; failed=$((failed + 1)); return
  fi
  if (( $(node -p 'process.versions.node.split(".")[0]') < 18 )); then
    echo "FAIL node/entitlements.mjs: Node.js >= 18 needed, found $(node --version)"; failed=$((failed + 1)); return
  fi
  want=$(node -p 'require(process.argv[1]).dependencies["@stigg/node-server-sdk"]' "$NODE_DIR/package.json")
  have=$(node -p 'require(process.argv[1]).version' "$NODE_DIR/node_modules/@stigg/node-server-sdk/package.json" \
    2>/dev/null || true)
  if [[ $have != "$want" ]]; then
    echo "# node: npm ci in $NODE_DIR (@stigg/node-server-sdk $want)" >&2
    if ! (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error) >"$TMP/npm.log" 2>&1; then
      echo "FAIL node/entitlements.mjs: \`npm ci\` in $NODE_DIR failed:"
      tail -n 30 "$TMP/npm.log" | sed 's/^/    /'
      failed=$((failed + 1)); return
    fi
  fi
  run_file node node/entitlements.mjs
  run_file node node/defaults.mjs
}

run_file "$PY2" v2_scenarios.py
run_file "$PY2" v2_subscription_scenarios.py
run_file "$PY2" v2_entitlement_scenarios.py
run_file "$PY2" v2_customer_lifecycle_scenarios.py
run_file "$PY2" v2_edge_scenarios.py
run_file "$PY1" v1_scenarios.py
run_node

if (( failed > 0 )) || ! kill -0 "$SERVER_PID" 2>/dev/null; then
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "FAIL server: plangate died during the run"; failed=$((failed + 1)); }
  show_log 60
fi
echo "$passed passed, $failed failed"
(( failed == 0 && passed > 0 ))
