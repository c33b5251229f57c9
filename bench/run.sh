#!/usr/bin/env bash
# plangate benchmarks: the speed targets of the issues, measured on a running plangate.
#
#   bench/run.sh            full run (release binary; 10 s of load per connection count)
#   bench/run.sh --smoke    a short run that only checks the benchmarks still work (CI)
#
# Environment:
#   PLANGATE_BIN                 server binary (default: cargo build --release, target/release/plangate)
#   PLANGATE_BENCH_POSTGRES_URL  also run on this PostgreSQL server (a database is created and dropped)
#
# Measures, per database (embedded SQLite, and PostgreSQL when given):
#   - the entitlement check an app makes on every request (the seed's customer, resource and
#     metered feature, `entitlement` with requestedUsage 1) among 100,000 other customers, with
#     wrk at 1, 8 and 32 connections: requests/s, p50 and p99 latency. Target (issue 8):
#     p99 <= 2 ms at 8 connections.
#   - one importCustomersBulk of 10,000 customers. Target (issue 9): under 10 s on SQLite.
# Loopback only, bounded in time. Baselines measured in the same run (pgbench, PostGraphile)
# are issue 12's and not here yet: these numbers are absolute, so compare runs on one machine.
# Prints one line per measurement and a summary table; exits non-zero when a benchmark fails
# to run (not when a target is missed: the machine may be shared and noisy).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SMOKE=0
[[ ${1:-} == --smoke ]] && SMOKE=1
DURATION=10s; CONNS=(1 8 32); IMPORT=10000; POPULATION=100000
if (( SMOKE )); then DURATION=1s; CONNS=(8); IMPORT=500; POPULATION=1000; fi
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 2; }

if [[ -n ${PLANGATE_BIN:-} ]]; then BIN=$PLANGATE_BIN; else
  cargo build --release --bin plangate >&2; BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/plangate; fi
TMP=$(mktemp -d); SERVER_PID=
cleanup() { [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
gql() { # url key json-body
  curl -sf "$1" -H "X-API-KEY: $2" -H 'Content-Type: application/json' -d "$3"; }

# The request body bench/entitlement.lua sends (same text), for a one-off check.
lua_body() {
  printf '%s' '{"query":"query ($q: FetchEntitlementQuery!) { entitlement(query: $q) { isGranted accessDeniedReason usageLimit currentUsage hasUnlimitedUsage hasSoftLimit usagePeriodEnd entitlementUpdatedAt feature { refId featureType meterType } } }","variables":{"q":{"customerId":"'"$BENCH_CUSTOMER"'","resourceId":"resource-01","featureId":"feature-01-templates","options":{"requestedUsage":1}}}}'
}

bench_on() { # label database-url
  local label=$1 database=$2 port key base customer
  port=$(free_port); key=bench-$(python3 -c 'import secrets; print(secrets.token_hex(8))')
  base=http://127.0.0.1:$port
  "$BIN" catalog apply examples/catalog.yaml --database-url "$database" >/dev/null
  PLANGATE_MAX_BODY_BYTES=16777216 "$BIN" --listen "127.0.0.1:$port" --database-url "$database" \
    --api-key "$key" >"$TMP/$label.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
  customer=bench-seed-$label
  gql "$base/graphql" "$key" '{"query":"mutation ($i: ProvisionCustomerInput!) { provisionCustomer(input: $i) { subscription { status } } }","variables":{"i":{"customerId":"'"$customer"'","subscriptionParams":{"planId":"plan-basic","resourceId":"resource-01","billableFeatures":[{"featureId":"feature-01-templates","quantity":2}],"billingPeriod":"MONTHLY","addons":[{"addonId":"addon-extra-stuff","quantity":1}]}}}}' \
    | grep -q '"status"' || { echo "provision failed on $label" >&2; tail -20 "$TMP/$label.log" >&2; exit 1; }
  # The customers table holds POPULATION others (imported in bulks of at most 10,000).
  local filled=0 chunk
  while (( filled < POPULATION )); do
    chunk=$(( POPULATION - filled < 10000 ? POPULATION - filled : 10000 ))
    python3 bench/import_customers.py "$base/graphql" "$key" "$chunk" >/dev/null 2>"$TMP/fill.err" \
      || { echo "filling the customers table failed on $label" >&2; tail -3 "$TMP/fill.err" "$TMP/$label.log" >&2; exit 1; }
    filled=$(( filled + chunk ))
  done
  # The check the load repeats answers what the seed's subscription grants.
  gql "$base/graphql" "$key" "$(BENCH_KEY=$key BENCH_CUSTOMER=$customer lua_body)" | grep -q '"isGranted":true' \
    || { echo "the benchmarked entitlement check is not granted on $label" >&2; exit 1; }
  for c in "${CONNS[@]}"; do
    local line
    line=$(BENCH_KEY=$key BENCH_CUSTOMER=$customer wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"$DURATION" \
      -s bench/entitlement.lua "$base/graphql" | grep '^RESULT') || { echo "wrk failed on $label" >&2; exit 1; }
    echo "entitlement-check db=$label connections=$c ${line#RESULT }"
    [[ $line == *" errors=0 "* ]] || { echo "entitlement checks failed on $label" >&2; exit 1; }
  done
  local line
  line=$(python3 bench/import_customers.py "$base/graphql" "$key" "$IMPORT") \
    || { echo "import failed on $label" >&2; exit 1; }
  echo "import-customers-bulk db=$label ${line#RESULT }"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
}

echo "# plangate bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores; binary $BIN; $( ((SMOKE)) && echo smoke || echo full )"
bench_on sqlite "sqlite://$TMP/bench.db"
if [[ -n ${PLANGATE_BENCH_POSTGRES_URL:-} ]]; then
  db=plangate_bench_$$
  psql "$PLANGATE_BENCH_POSTGRES_URL" -qc "CREATE DATABASE $db"
  trap 'psql "$PLANGATE_BENCH_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; cleanup' EXIT
  bench_on postgres "${PLANGATE_BENCH_POSTGRES_URL%/*}/$db"
fi
