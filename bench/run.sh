#!/usr/bin/env bash
# plangate benchmarks (issue 12): plangate's hot operations beside same-run baselines, on
# embedded SQLite and on PostgreSQL, in one run; then the scale checks.
#
#   bench/run.sh            full run (release binary; 10 s of load per measurement; about 20 min)
#   bench/run.sh --smoke    every benchmark once, 1 s each, small tables (CI: checks they still run)
#
# Environment:
#   PLANGATE_BIN                 server binary (default: cargo build --release, then
#                                ${CARGO_TARGET_DIR:-target}/release/plangate)
#   PLANGATE_BENCH_POSTGRES_URL  PostgreSQL server to use (default postgres://postgres@127.0.0.1:5432/postgres;
#                                a database plangate_bench_PID is created there and dropped at the end);
#                                set it empty to skip PostgreSQL (and its baselines)
#   PLANGATE_BENCH_DURATION      load per measurement (default 10s; smoke 1s)
#   PLANGATE_BENCH_SCALE         customers for the scale checks (default 1000000; smoke 20000)
#   PLANGATE_BENCH_RESULTS       also copy the raw results (TSV, see bench/report.py) to this file
#   PLANGATE_BENCH_ONLY          only these benchmarks, comma-separated, by the names printed (e.g.
#                                provision-customer,customers-page-scale; cold-start, import-bulk,
#                                fill-scale and rss-load name those steps); the setup they need
#                                still runs (the fill to the scale population only for *-scale and
#                                rss-load). Default: all
#   PLANGATE_BENCH_CONNS         connection counts of the load table (default "1 8 32"; smoke "8")
#   PGSSLMODE                    TLS to PostgreSQL, the same for plangate (sqlx reads it), pgbench and
#                                psql (default disable: loopback, and PostGraphile's `pg` client
#                                connects without TLS whatever this says; "prefer" measures with TLS)
#
# Needs wrk, curl, python3, psql, pgbench, node and npm (PostGraphile v4 is installed from
# bench/postgraphile/package-lock.json with npm ci when bench/postgraphile/node_modules is absent).
#
# Per database, with 10,000 customers (pop-0 … pop-9999) in the table, wrk at 1, 8 and 32
# connections (loopback, request bodies from bench/requests/, sent by bench/graphql.lua):
#   baselines: on PostgreSQL, pgbench point-select and single-row insert on plangate's
#     `customers` table (prepared statements; same key as plangate's lookup) and PostGraphile v4
#     on the same lookup by (environment_id, ref_id), same five columns; on SQLite, SQLite's own
#     single-row insert transactions into a copy of that table (bench/sqlite_insert.py)
#   plangate: getCustomerByRefId slim (5 fields, a random customer per request) and the official
#     v2 client's get_customer_by_id (a customer with 3 subscriptions); the entitlement check;
#     customers(first: 100) (1 connection); provisionCustomer without and with a subscription
#     (a new customer id per request); reportUsage; one importCustomersBulk of 10,000
# then the scale checks: fill to 1,000,000 customers (importCustomersBulk, bulks of 10,000),
# getCustomerByRefId slim p50 at 1 and 8 connections against the 10,000-customer figure,
# customers(first: 100) at 1 connection, and a fresh server's VmHWM/VmRSS (/proc/PID/status)
# after 64 concurrent clients; on SQLite also the cold start (exec to first 200 on /readyz,
# migrations on an empty file; median of 5).
#
# Prints one line per measurement (with the CPU time per request of the machine and of the
# server process), then a Markdown table with the ratios to the baselines, the CPU budgets and
# issue 12's targets (met/missed). Exits non-zero when any benchmark cannot run or a request
# fails (a socket error, a non-2xx answer, or a GraphQL error in plangate's request log) — never
# because a target is missed: the machine may be shared and noisy.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SMOKE=0
[[ ${1:-} == --smoke ]] && SMOKE=1
DURATION=10s; CONNS=(1 8 32); SCALE_CONNS=(1 8); POPULATION=10000; SCALE=1000000; IMPORT=10000; COLD_RUNS=5
if (( SMOKE )); then
  DURATION=1s; CONNS=(8); SCALE_CONNS=(8); POPULATION=1000; SCALE=20000; IMPORT=500; COLD_RUNS=1
fi
DURATION=${PLANGATE_BENCH_DURATION:-$DURATION}
[[ -n ${PLANGATE_BENCH_CONNS:-} ]] && read -ra CONNS <<<"$PLANGATE_BENCH_CONNS"
ONLY=${PLANGATE_BENCH_ONLY:-}
# wanted BENCH…: true when any BENCH is selected (PLANGATE_BENCH_ONLY).
wanted() {
  [[ -z $ONLY ]] && return 0
  local bench
  for bench; do [[ ",$ONLY," == *",$bench,"* ]] && return 0; done
  return 1
}
SCALE=${PLANGATE_BENCH_SCALE:-$SCALE}
PG_URL=${PLANGATE_BENCH_POSTGRES_URL-postgres://postgres@127.0.0.1:5432/postgres}
# One transport for every PostgreSQL client of the run (see PGSSLMODE above).
export PGSSLMODE=${PGSSLMODE:-disable}
STARTED=$SECONDS

fail() { echo "bench: $*" >&2; exit 1; }
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || fail "$tool not found (apt-get install wrk curl python3)"
done
if [[ -n $PG_URL ]]; then
  for tool in psql pgbench node npm; do
    command -v "$tool" >/dev/null || fail "$tool not found (pgbench: apt-get install postgresql-contrib; node: apt-get install nodejs npm)"
  done
  pg_isready -q -d "$PG_URL" || fail "PostgreSQL at $PG_URL is not reachable"
  if wanted postgraphile-lookup && [[ ! -f bench/postgraphile/node_modules/.package-lock.json ]]; then
    (cd bench/postgraphile && npm ci --no-audit --no-fund >&2) || fail "npm ci in bench/postgraphile failed"
  fi
fi

if [[ -n ${PLANGATE_BIN:-} ]]; then BIN=$PLANGATE_BIN; else
  cargo build --release --bin plangate >&2; BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/plangate; fi
[[ -x $BIN ]] || fail "no server binary at $BIN"

TMP=$(mktemp -d); RESULTS=$TMP/results.tsv; : >"$RESULTS"
SERVER_PID=; GRAPHILE_PID=; PG_DB=
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null
  [[ -n $GRAPHILE_PID ]] && kill "$GRAPHILE_PID" 2>/dev/null
  wait 2>/dev/null || true
  [[ -n $PG_DB ]] && psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
seconds() { echo "${1%s}"; }
threads() { echo $(( $1 < 2 ? 1 : 2 )); }

# record DB BENCH CONNS "RESULT k=v …": keeps one measurement and prints it.
record() {
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4#RESULT }" >>"$RESULTS"
  printf '%-9s %-32s conns=%-3s %s\n' "$1" "$2" "$3" "${4#RESULT }"
}

# body NAME DOCUMENT VARIABLES-JSON: writes $TMP/NAME.json (bench/body.py).
body() { python3 bench/body.py "bench/requests/$2" "$3" >"$TMP/$1.json"; }

# post URL KEY BODY-FILE: one request, placeholders filled as graphql.lua would; prints the answer.
post() {
  local text
  text=$(sed -e "s/{{RANDOM}}/0/g" -e "s/{{UNIQUE}}/check-$RANDOM$RANDOM/g" "$3")
  curl -sS --fail-with-body "$1" ${2:+-H "X-API-KEY: $2"} -H 'Content-Type: application/json' --data-binary "$text"
}

# check URL KEY BODY-FILE PYTHON-EXPRESSION: one request whose answer `a` (parsed JSON) has no
# errors and satisfies the expression — so the load that follows measures real answers.
check() {
  local answer
  answer=$(post "$1" "$2" "$3") || fail "request $3 failed: $answer"
  python3 -c 'import json, sys
a = json.loads(sys.argv[1])
ok = not a.get("errors") and eval(sys.argv[2])
sys.exit(0 if ok else f"unexpected answer to {sys.argv[3]}: {sys.argv[1][:1500]}")' "$answer" "$4" "$3"
}

LOG=; LOG_SEEN=0
# graphql_errors: GraphQL errors in plangate's request log since the last call (a failed
# request is HTTP 200 with errors; wrk only sees the status).
graphql_errors() {
  sleep 0.3  # log lines are written by a background thread
  local n
  n=$(tail -n +"$((LOG_SEEN + 1))" "$LOG" | sed 's/\x1b\[[0-9;]*m//g' | grep -c 'graphql operation=.* errors=[^- ]' || true)
  LOG_SEEN=$(wc -l <"$LOG")
  echo "$n"
}

# CPU time, in clock ticks: busy_ticks — the whole machine's (user, nice, system, irq, softirq,
# steal: every process and the kernel); process_ticks PID — one process's (user and system).
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
process_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))
# cpu_fields REQUESTS BUSY0 BUSY1 [PROCESS0 PROCESS1]: " cpu_us=… [server_cpu_us=…]", CPU µs per
# request of the machine (load generator, server, PostgreSQL, kernel) and of the server process.
cpu_fields() {
  local n=$1
  (( n > 0 )) || return 0
  printf ' cpu_us=%d' $(( ($3 - $2) * TICK_US / n ))
  [[ -n ${5:-} ]] && printf ' server_cpu_us=%d' $(( ($5 - $4) * TICK_US / n ))
  return 0
}

# load DB BENCH CONNS URL KEY BODY-FILE [POPULATION]: wrk with bench/graphql.lua; SERVED_BY is
# the PID of the server under load (plangate's unless set), whose CPU time is recorded too.
load() {
  local db=$1 bench=$2 c=$3 url=$4 key=$5 file=$6 population=${7:-1} line errors pid busy0 cpu0
  wanted "$bench" || return 0
  [[ -n $LOG ]] && graphql_errors >/dev/null
  pid=${SERVED_BY:-$SERVER_PID}; busy0=$(busy_ticks); cpu0=$(process_ticks "$pid")
  line=$(BENCH_BODY=$file BENCH_KEY=$key BENCH_POPULATION=$population BENCH_RUN="$bench-$c-$RANDOM" \
    wrk -t"$(threads "$c")" -c"$c" -d"$DURATION" --timeout 10s -s bench/graphql.lua "$url" | grep '^RESULT') \
    || fail "wrk failed: $db $bench at $c connections"
  line+=$(cpu_fields "$(grep -oP 'requests=\K[0-9]+' <<<"$line")" "$busy0" "$(busy_ticks)" "$cpu0" "$(process_ticks "$pid")")
  record "$db" "$bench" "$c" "$line"
  [[ $line == *" errors=0 "* ]] || fail "$db $bench at $c connections: requests failed ($line)"
  if [[ -n $LOG ]]; then
    errors=$(graphql_errors)
    (( errors == 0 )) || { grep 'errors=[^- ]' "$LOG" | tail -n 3 >&2; fail "$db $bench at $c connections: $errors GraphQL errors"; }
  fi
}

# pgbench_run BENCH CONNS SCRIPT DATABASE-URL VARIABLES…: a pgbench baseline, recorded like wrk's.
pgbench_run() {
  local bench=$1 c=$2 script=$3 url=$4 line; shift 4
  wanted "$bench" || return 0
  rm -f "$TMP/pgbench-log".*
  local busy0; busy0=$(busy_ticks)
  pgbench -n -M prepared -c "$c" -j "$(threads "$c")" -T "$(seconds "$DURATION")" -f "$script" \
    -l --log-prefix="$TMP/pgbench-log" "$@" "$url" >"$TMP/pgbench.out" 2>"$TMP/pgbench.err" \
    || { tail -5 "$TMP/pgbench.err" >&2; fail "pgbench $bench at $c connections failed"; }
  local busy1; busy1=$(busy_ticks)
  line=$(python3 bench/pgbench_result.py "$TMP/pgbench.out" "$TMP/pgbench-log".*) \
    || fail "pgbench $bench at $c connections: no result"
  line+=$(cpu_fields "$(grep -oP 'requests=\K[0-9]+' <<<"$line")" "$busy0" "$busy1")
  record postgres "$bench" "$c" "$line"
  [[ $line == *" errors=0 "* ]] || fail "pgbench $bench at $c connections: failed transactions"
}

start_server() { # DB-LABEL DATABASE-URL KEY: sets SERVER_PID, BASE, LOG
  local port; port=$(free_port); BASE=http://127.0.0.1:$port; LOG=$TMP/$1-server.log; LOG_SEEN=0
  RUST_LOG=info NO_COLOR=1 PLANGATE_MAX_BODY_BYTES=16777216 "$BIN" --listen "127.0.0.1:$port" \
    --database-url "$2" --api-key "$3" >"$LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 600); do curl -sf "$BASE/readyz" >/dev/null && return; sleep 0.05; done
  tail -20 "$LOG" >&2; fail "plangate did not start on $1"
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; }

# fill URL KEY FROM TO: customers pop-FROM … pop-(TO-1); prints the RESULT line.
fill() {
  python3 bench/import_customers.py "$1" "$2" "$(( $4 - $3 ))" --start "$3" 2>"$TMP/fill.err" \
    || { tail -n 3 "$TMP/fill.err" "$LOG" >&2; fail "importCustomersBulk failed"; }
}

bench_on() { # DB-LABEL DATABASE-URL
  local db=$1 database=$2 key c url line env_id=
  key=bench-$(python3 -c 'import secrets; print(secrets.token_hex(8))')
  "$BIN" catalog apply examples/catalog.yaml --database-url "$database" >/dev/null
  start_server "$db" "$database" "$key"
  url=$BASE/graphql

  # The seed customer: three subscriptions (one per resource), read whole by customer-full,
  # checked by entitlement-check and reported to by report-usage.
  local seed=bench-seed-$db params
  params='"planId":"plan-basic","billableFeatures":[{"featureId":"feature-01-templates","quantity":2}],"billingPeriod":"MONTHLY","addons":[{"addonId":"addon-extra-stuff","quantity":1}]'
  body seed provision_customer.graphql '{"input":{"customerId":"'"$seed"'","name":"Seed","email":"seed@example.com","subscriptionParams":{'"$params"',"resourceId":"resource-01"}}}'
  check "$url" "$key" "$TMP/seed.json" 'a["data"]["provisionCustomer"]["subscription"]["status"] in ("ACTIVE", "IN_TRIAL")'
  for resource in resource-02 resource-03; do
    # shellcheck disable=SC2016  # $i is GraphQL's variable
    printf '%s' '{"query":"mutation ($i: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $i) { status } }","variables":{"i":{"customerId":"'"$seed"'","resourceId":"'"$resource"'",'"$params"'}}}' >"$TMP/sub.json"
    check "$url" "$key" "$TMP/sub.json" 'a["data"]["provisionSubscriptionV2"]["status"] == "SUCCESS"'
  done
  line=$(fill "$url" "$key" 0 "$POPULATION")
  record "$db" population 0 "RESULT customers=$POPULATION"

  body customer-slim customer_slim.graphql '{"input":{"customerId":"pop-{{RANDOM}}"}}'
  check "$url" "$key" "$TMP/customer-slim.json" 'a["data"]["getCustomerByRefId"]["refId"] == "pop-0"'
  body customer-full get_customer_by_id.graphql '{"input":{"customerId":"'"$seed"'"}}'
  check "$url" "$key" "$TMP/customer-full.json" 'len(a["data"]["getCustomerByRefId"]["subscriptions"]) == 3'
  body entitlement-check entitlement.graphql '{"q":{"customerId":"'"$seed"'","resourceId":"resource-01","featureId":"feature-01-templates","options":{"requestedUsage":1}}}'
  check "$url" "$key" "$TMP/entitlement-check.json" 'a["data"]["entitlement"]["isGranted"] is True'
  body customers-page customers_page.graphql '{}'
  check "$url" "$key" "$TMP/customers-page.json" 'len(a["data"]["customers"]["edges"]) == 100'
  body provision-customer provision_customer.graphql '{"input":{"customerId":"new-{{UNIQUE}}","name":"New customer","email":"new@example.com"}}'
  check "$url" "$key" "$TMP/provision-customer.json" 'a["data"]["provisionCustomer"]["customer"]["refId"].startswith("new-check-")'
  body provision-customer-subscription provision_customer.graphql '{"input":{"customerId":"sub-{{UNIQUE}}","name":"New customer","email":"new@example.com","subscriptionParams":{'"$params"',"resourceId":"resource-01"}}}'
  check "$url" "$key" "$TMP/provision-customer-subscription.json" 'a["data"]["provisionCustomer"]["subscription"]["status"] in ("ACTIVE", "IN_TRIAL")'
  body report-usage report_usage.graphql '{"input":{"customerId":"'"$seed"'","resourceId":"resource-01","featureId":"feature-03-api-calls","value":1}}'
  check "$url" "$key" "$TMP/report-usage.json" 'a["data"]["reportUsage"]["currentUsage"] >= 1'

  local pg=0 gport graphile_url server_log
  [[ $db == postgres ]] && pg=1
  if (( pg )) && wanted pgbench-select pgbench-insert postgraphile-lookup; then
    env_id=$(psql "$database" -Atc "SELECT id FROM environments WHERE slug = 'development'")
    # Baseline: PostgreSQL's own point-select, the same row by the same unique key.
    cat >"$TMP/select.sql" <<'SQL'
\set i random(0, :population - 1)
SELECT id, ref_id, name, email, created_at FROM customers WHERE environment_id = :env AND ref_id = 'pop-' || :i;
SQL
    # Baseline: PostgreSQL's own single-row insert into the same table, every column plangate
    # writes for a new customer (its indexes too); the rows are deleted afterwards.
    cat >"$TMP/insert.sql" <<'SQL'
WITH new AS (SELECT 'pgbench-' || gen_random_uuid() AS ref_id)
INSERT INTO customers (id, environment_id, ref_id, ref_id_folded, name, name_folded, email, email_folded, exclude_from_experiment, created_at, updated_at)
SELECT gen_random_uuid(), CAST(:env AS uuid), ref_id, ref_id, 'New customer', 'new customer', 'new@example.com', 'new@example.com', false, now(), now() FROM new;
SQL
    # Baseline: PostGraphile v4 (generic GraphQL over the same table), the same lookup.
    gport=$(free_port); graphile_url=http://127.0.0.1:$gport/graphql
    (cd bench/postgraphile && exec node_modules/.bin/postgraphile -c "$database" --schema public \
      --host 127.0.0.1 --port "$gport" --disable-query-log --disable-default-mutations) \
      >"$TMP/postgraphile.log" 2>&1 &
    GRAPHILE_PID=$!
    body postgraphile-lookup postgraphile_customer.graphql '{"environmentId":"'"$env_id"'","refId":"pop-{{RANDOM}}"}'
    for _ in $(seq 600); do post "$graphile_url" "" "$TMP/postgraphile-lookup.json" >/dev/null 2>&1 && break; sleep 0.1; done
    check "$graphile_url" "" "$TMP/postgraphile-lookup.json" 'a["data"]["customerByEnvironmentIdAndRefId"]["refId"] == "pop-0"' \
      || { tail -20 "$TMP/postgraphile.log" >&2; fail "PostGraphile did not answer"; }
  fi

  # Reads first (writes grow the table), then writes. Each baseline runs right before the
  # plangate measurement it is compared with, at the same connection count: the load of a
  # shared machine (and its disk's fsync time) drifts over a run.
  for c in "${CONNS[@]}"; do
    if (( pg )); then
      pgbench_run pgbench-select "$c" "$TMP/select.sql" "$database" -D env="$env_id" -D population="$POPULATION"
      server_log=$LOG; LOG=  # PostGraphile's errors are not in plangate's log
      [[ -n $GRAPHILE_PID ]] && SERVED_BY=$GRAPHILE_PID load "$db" postgraphile-lookup "$c" "$graphile_url" "" "$TMP/postgraphile-lookup.json" "$POPULATION"
      LOG=$server_log
    fi
    load "$db" customer-slim "$c" "$url" "$key" "$TMP/customer-slim.json" "$POPULATION"
  done
  if [[ -n $GRAPHILE_PID ]]; then kill "$GRAPHILE_PID"; wait "$GRAPHILE_PID" 2>/dev/null || true; GRAPHILE_PID=; fi
  for c in "${CONNS[@]}"; do load "$db" customer-full "$c" "$url" "$key" "$TMP/customer-full.json"; done
  for c in "${CONNS[@]}"; do load "$db" entitlement-check "$c" "$url" "$key" "$TMP/entitlement-check.json"; done
  load "$db" customers-page 1 "$url" "$key" "$TMP/customers-page.json"
  for c in "${CONNS[@]}"; do
    (( pg )) && pgbench_run pgbench-insert "$c" "$TMP/insert.sql" "$database" -D env="$env_id"
    if (( ! pg )) && wanted sqlite-insert; then
      # SQLite's own insert transactions (one writer) on the same disk, right before plangate's.
      line=$(python3 bench/sqlite_insert.py "${database#sqlite://}" "$DURATION") \
        || fail "the SQLite insert baseline failed"
      record sqlite sqlite-insert "$c" "$line"
    fi
    load "$db" provision-customer "$c" "$url" "$key" "$TMP/provision-customer.json"
    load "$db" provision-customer-subscription "$c" "$url" "$key" "$TMP/provision-customer-subscription.json"
    load "$db" report-usage "$c" "$url" "$key" "$TMP/report-usage.json"
  done
  (( pg )) && psql "$database" -qc "DELETE FROM customers WHERE ref_id LIKE 'pgbench-%'"
  if wanted import-bulk; then
    line=$(python3 bench/import_customers.py "$url" "$key" "$IMPORT" --prefix import- 2>"$TMP/fill.err") \
      || { tail -n 3 "$TMP/fill.err" >&2; fail "importCustomersBulk failed on $db"; }
    record "$db" import-bulk 0 "$line"
  fi

  if ! wanted fill-scale customer-slim-scale customers-page-scale rss-load; then stop_server; return; fi
  # Scale: the same lookups among SCALE customers.
  line=$(fill "$url" "$key" "$POPULATION" "$SCALE")
  record "$db" fill-scale 0 "$line"
  record "$db" scale-population 0 "RESULT customers=$SCALE"
  for c in "${SCALE_CONNS[@]}"; do load "$db" customer-slim-scale "$c" "$url" "$key" "$TMP/customer-slim.json" "$SCALE"; done
  load "$db" customers-page-scale 1 "$url" "$key" "$TMP/customers-page.json"
  stop_server

  # Memory: a fresh server (its high-water mark is this load's, not the fill's) under 64 clients.
  wanted rss-load || return 0
  start_server "$db" "$database" "$key"
  load "$db" rss-load 64 "$BASE/graphql" "$key" "$TMP/customer-slim.json" "$SCALE"
  record "$db" rss 64 "RESULT vmhwm_kib=$(awk '/^VmHWM/ {print $2}' "/proc/$SERVER_PID/status") vmrss_kib=$(awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status")"
  stop_server
}

echo "# plangate bench $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(git rev-parse --short HEAD 2>/dev/null || echo '?'); binary $BIN; $( ((SMOKE)) && echo smoke || echo full ), $DURATION per measurement; PGSSLMODE=$PGSSLMODE"
if wanted cold-start; then
  line=$(python3 bench/cold_start.py "$BIN" "$COLD_RUNS" "$TMP") || fail "cold start failed"
  record sqlite cold-start 0 "$line"
fi
bench_on sqlite "sqlite://$TMP/bench.db"
if [[ -n $PG_URL ]]; then
  PG_DB=plangate_bench_$$
  psql "$PG_URL" -qc "CREATE DATABASE $PG_DB"
  bench_on postgres "${PG_URL%/*}/$PG_DB"
else
  echo "# PLANGATE_BENCH_POSTGRES_URL is empty: PostgreSQL and its baselines skipped"
fi
echo
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(( SECONDS - STARTED )) s"
python3 bench/report.py "$RESULTS"
[[ -n ${PLANGATE_BENCH_RESULTS:-} ]] && cp "$RESULTS" "$PLANGATE_BENCH_RESULTS"
exit 0
