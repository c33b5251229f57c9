"""Prints bench/run.sh's results as Markdown: the load table with ratios to the same-run
baselines, the scale checks, and issue 12's targets (met or missed; informational only).

    python3 bench/report.py RESULTS.tsv

Each line of RESULTS.tsv is `db<TAB>benchmark<TAB>connections<TAB>key=value …` (the RESULT
fields of graphql.lua, pgbench_result.py, import_customers.py, cold_start.py, or run.sh's own).
"""
import sys
from collections import OrderedDict

results = OrderedDict()
for line in open(sys.argv[1], encoding="utf-8"):
    db, bench, conns, fields = line.rstrip("\n").split("\t", 3)
    results[(db, bench, conns)] = dict(f.split("=", 1) for f in fields.split())


def get(db, bench, conns, key):
    value = results.get((db, bench, str(conns)), {}).get(key)
    return float(value) if value is not None else None


LOAD = [  # benchmark, what it is, baseline for the ratio (PostgreSQL)
    ("pgbench-select", "baseline: pgbench point-select on `customers` (PG)", None),
    ("postgraphile-lookup", "baseline: PostGraphile v4, same lookup (PG)", None),
    ("pgbench-insert", "baseline: pgbench single-row insert into `customers` (PG)", None),
    ("sqlite-insert", "baseline: SQLite single-row insert transactions into `customers`, one writer (SQLite)", None),
    ("customer-slim", "getCustomerByRefId, 5 fields, random customer", "pgbench-select"),
    ("customer-full", "getCustomerByRefId, v2 client's get_customer_by_id, 3 subscriptions", "pgbench-select"),
    ("entitlement-check", "entitlement (metered feature, requestedUsage 1)", "pgbench-select"),
    ("customers-page", "customers(paging: {first: 100})", None),
    ("provision-customer", "provisionCustomer (v2 document), no subscription", "pgbench-insert"),
    ("provision-customer-subscription", "provisionCustomer with a subscription (plan, addon, billable feature)", "pgbench-insert"),
    ("report-usage", "reportUsage (v2 document), value 1", "pgbench-insert"),
]
conns_seen = sorted({int(c) for (_, b, c) in results if b in dict((l[0], 1) for l in LOAD)})


def cell(db, bench, conns):
    rps = get(db, bench, conns, "rps")
    if rps is None:
        return "", "", ""
    return f"{rps:,.0f}", f"{get(db, bench, conns, 'p50_ms'):.2f}", f"{get(db, bench, conns, 'p99_ms'):.2f}"


def ratio(bench, baseline, conns):
    rps = get("postgres", bench, conns, "rps")
    parts = []
    sqlite_rps, sqlite_base = get("sqlite", bench, conns, "rps"), get("sqlite", "sqlite-insert", conns, "rps")
    if baseline == "pgbench-insert" and sqlite_rps and sqlite_base:
        parts.append(f"SQLite: {100 * sqlite_rps / sqlite_base:.1f} % of sqlite-insert")
    base = get("postgres", baseline, conns, "rps") if baseline else None
    if rps and base:
        parts.append(f"PG: {100 * rps / base:.1f} % of {baseline}")
    if bench == "customer-slim":
        graphile = get("postgres", "postgraphile-lookup", conns, "rps")
        if rps and graphile:
            parts.append(f"{rps / graphile:.2f}× PostGraphile")
    return "; ".join(parts)


print("| benchmark | conns | SQLite req/s | p50 ms | p99 ms | PostgreSQL req/s | p50 ms | p99 ms | ratio to the same-run baseline |")
print("|---|---|---|---|---|---|---|---|---|")
for bench, what, baseline in LOAD:
    for conns in conns_seen:
        if not any(get(db, bench, conns, "rps") is not None for db in ("sqlite", "postgres")):
            continue
        print(f"| {what} | {conns} | " + " | ".join(cell("sqlite", bench, conns)) + " | "
              + " | ".join(cell("postgres", bench, conns)) + f" | {ratio(bench, baseline, conns)} |")

# CPU per request: where each benchmark's time goes (cpu_us: the whole machine's CPU time per
# request, load generator, server, PostgreSQL and kernel alike; server_cpu_us: the plangate or
# PostGraphile process alone), and what the throughput targets leave for the server process.
def cpu_cell(db, bench, conns):
    machine, server, rps = (get(db, bench, conns, k) for k in ("cpu_us", "server_cpu_us", "rps"))
    if machine is None:
        return "", "", ""
    busy = f"{machine * rps / 1e6:.2f}" if rps else ""
    return f"{machine:,.0f}", ("" if server is None else f"{server:,.0f}"), busy


cpu_rows = [(bench, what, conns) for bench, what, _ in LOAD for conns in conns_seen
            if any(get(db, bench, conns, "cpu_us") is not None for db in ("sqlite", "postgres"))]
if cpu_rows:
    print()
    print("CPU time per request, µs (machine: every process and the kernel; server: the plangate or PostGraphile process alone; cores: machine CPU in use during the load):")
    print()
    print("| benchmark | conns | SQLite machine | server | cores | PostgreSQL machine | server | cores |")
    print("|---|---|---|---|---|---|---|---|")
    for bench, what, conns in cpu_rows:
        print(f"| {what} | {conns} | " + " | ".join(cpu_cell("sqlite", bench, conns)) + " | "
              + " | ".join(cpu_cell("postgres", bench, conns)) + " |")

budgets = []
for bench, baseline, share in (("customer-slim", "pgbench-select", 0.25), ("provision-customer", "pgbench-insert", 0.40)):
    for conns in (8, 32):
        base = get("postgres", baseline, conns, "cpu_us")
        machine, server = get("postgres", bench, conns, "cpu_us"), get("postgres", bench, conns, "server_cpu_us")
        if base is None or machine is None or server is None:
            continue
        allowed, rest = base / share, machine - server
        budgets.append(
            f"- {bench}, PG, {conns} conns: {100 * share:.0f} % of {baseline} on a saturated machine allows "
            f"{allowed:,.0f} µs of machine CPU per request ({baseline}: {base:,.0f} µs); it took {machine:,.0f} µs, "
            f"{server:,.0f} µs of them in plangate and {rest:,.0f} µs outside it (wrk, PostgreSQL, kernel), "
            f"which leaves plangate {allowed - rest:,.0f} µs")
if budgets:
    print()
    print("CPU budgets of the PostgreSQL ratio targets:")
    print("\n".join(budgets))

print()
print("| scale check | SQLite | PostgreSQL |")
print("|---|---|---|")


def both(render):
    return " | ".join(render(db) or "" for db in ("sqlite", "postgres"))


population = {db: get(db, "population", 0, "customers") for db in ("sqlite", "postgres")}
scale = {db: get(db, "scale-population", 0, "customers") for db in ("sqlite", "postgres")}
pop_text = lambda n: f"{n:,.0f}" if n else "?"
print("| customers in the load table above / in the scale checks | "
      + both(lambda db: f"{pop_text(population[db])} / {pop_text(scale[db])}" if population[db] else None) + " |")
for conns in sorted({int(c) for (_, b, c) in results if b == "customer-slim-scale"}):
    def lookup(db, conns=conns):
        small, large = get(db, "customer-slim", conns, "p50_ms"), get(db, "customer-slim-scale", conns, "p50_ms")
        if small is None or large is None:
            return None
        return f"p50 {large:.2f} ms vs {small:.2f} ms: {large / small:.2f}×"
    print(f"| getCustomerByRefId (5 fields) p50 at scale vs the load table, {conns} conn | " + both(lookup) + " |")
print("| customers(first: 100) at scale, 1 conn: p50 / p99 | " + both(
    lambda db: f"{get(db, 'customers-page-scale', 1, 'p50_ms'):.2f} / {get(db, 'customers-page-scale', 1, 'p99_ms'):.2f} ms"
    if get(db, "customers-page-scale", 1, "p50_ms") is not None else None) + " |")
print("| filling to the scale population (importCustomersBulk, bulks of 10,000) | " + both(
    lambda db: f"{get(db, 'fill-scale', 0, 'seconds'):,.0f} s" if get(db, "fill-scale", 0, "seconds") is not None else None) + " |")
print("| memory at 64 clients (getCustomerByRefId load on a fresh server at scale): VmHWM / VmRSS after | " + both(
    lambda db: f"{get(db, 'rss', 64, 'vmhwm_kib') / 1024:.1f} / {get(db, 'rss', 64, 'vmrss_kib') / 1024:.1f} MiB"
    if get(db, "rss", 64, "vmhwm_kib") is not None else None) + " |")
print("| one importCustomersBulk of 10,000 customers | " + both(
    lambda db: f"{get(db, 'import-bulk', 0, 'seconds'):.2f} s ({get(db, 'import-bulk', 0, 'customers'):,.0f} customers)"
    if get(db, "import-bulk", 0, "seconds") is not None else None) + " |")
cold = results.get(("sqlite", "cold-start", "0"))
if cold:
    print(f"| cold start, empty SQLite file, exec to first 200 on /readyz ({cold['runs']} runs) | "
          f"median {float(cold['median_ms']):.0f} ms (min {float(cold['min_ms']):.0f}, max {float(cold['max_ms']):.0f}) | |")

# Issue 12's targets, plus issue 8's (entitlement) and 9's (import): reported, never asserted.
targets = []


def target(name, value, ok):
    if value is not None:
        targets.append(f"- {name}: {value} — {'met' if ok else 'missed'}")


for conns in (8, 32):
    r = get("postgres", "customer-slim", conns, "rps")
    b = get("postgres", "pgbench-select", conns, "rps")
    g = get("postgres", "postgraphile-lookup", conns, "rps")
    if r and b:
        target(f"getCustomerByRefId slim, PG, {conns} conns ≥ 25 % of pgbench point-select", f"{100 * r / b:.1f} %", r / b >= 0.25)
    if r and g:
        target(f"getCustomerByRefId slim, PG, {conns} conns ≥ 3× PostGraphile", f"{r / g:.2f}×", r / g >= 3)
p99 = get("postgres", "customer-slim", 8, "p99_ms")
target("getCustomerByRefId slim, PG, 8 conns p99 ≤ 5 ms", p99 and f"{p99:.2f} ms", p99 is not None and p99 <= 5)
r, b = get("postgres", "provision-customer", 8, "rps"), get("postgres", "pgbench-insert", 8, "rps")
if r and b:
    target("provisionCustomer, PG, 8 conns ≥ 40 % of pgbench single-row insert", f"{100 * r / b:.1f} %", r / b >= 0.4)
r, p99 = get("sqlite", "provision-customer", 8, "rps"), get("sqlite", "provision-customer", 8, "p99_ms")
if r is not None:
    base = get("sqlite", "sqlite-insert", 8, "rps")
    floor = f" (SQLite's own insert transactions in the same run: {base:,.0f}/s)" if base else ""
    target("provisionCustomer, SQLite, 8 conns ≥ 2,000/s with p99 ≤ 10 ms", f"{r:,.0f}/s, p99 {p99:.2f} ms{floor}", r >= 2000 and p99 <= 10)
for db in ("sqlite", "postgres"):
    p99 = get(db, "customer-full", 8, "p99_ms")
    target(f"v2 get_customer_by_id, 3 subscriptions, {db}, 8 conns p99 ≤ 10 ms", p99 and f"{p99:.2f} ms", p99 is not None and p99 <= 10)
    p99 = get(db, "entitlement-check", 8, "p99_ms")
    target(f"entitlement check, {db}, 8 conns p99 ≤ 2 ms", p99 and f"{p99:.2f} ms", p99 is not None and p99 <= 2)
    for conns in (1, 8):
        small, large = get(db, "customer-slim", conns, "p50_ms"), get(db, "customer-slim-scale", conns, "p50_ms")
        if small and large:
            target(f"lookup p50 at {scale[db]:,.0f} customers within 1.2× of {population[db]:,.0f}, {db}, {conns} conn",
                   f"{large / small:.2f}×", large / small <= 1.2)
    p50 = get(db, "customers-page-scale", 1, "p50_ms")
    target(f"customers(first: 100) page at {pop_text(scale[db])} customers ≤ 10 ms (p50), {db}", p50 and f"{p50:.2f} ms", p50 is not None and p50 <= 10)
    hwm = get(db, "rss", 64, "vmhwm_kib")
    target(f"memory ≤ 100 MiB at 64 clients (VmHWM), {db}", hwm and f"{hwm / 1024:.1f} MiB", hwm is not None and hwm <= 100 * 1024)
if cold:
    median = float(cold["median_ms"])
    target("cold start with migrations on SQLite ≤ 300 ms", f"{median:.0f} ms", median <= 300)
seconds = get("sqlite", "import-bulk", 0, "seconds")
if seconds is not None and get("sqlite", "import-bulk", 0, "customers") == 10000:
    target("importCustomersBulk of 10,000 on SQLite < 10 s", f"{seconds:.2f} s", seconds < 10)
print()
print("Targets (issue 12; entitlement check issue 8; import issue 9) — reported, not asserted:")
print("\n".join(targets))
