"""Baseline for plangate's writes on embedded SQLite: SQLite's own single-row insert
transactions into a copy of plangate's `customers` table, as pgbench's insert is for PostgreSQL.

    python3 bench/sqlite_insert.py PLANGATE-DB-FILE SECONDS

Creates `PLANGATE-DB-FILE.baseline` beside plangate's database (same disk), with the
`customers` table and its indexes as plangate's migrations made them, in plangate's modes
(WAL, `synchronous = FULL`: every commit synced to disk), then for SECONDS runs transactions of
`BEGIN IMMEDIATE; INSERT one customer (every column plangate writes for a new one); COMMIT`
from one connection — SQLite lets one writer at a time change a file, so more connections
would only queue. Prints `RESULT requests=N errors=0 rps=X p50_ms=Y p99_ms=Z` and removes the
file.
"""
import os
import sqlite3
import sys
import time
import uuid

source, seconds = sys.argv[1], float(sys.argv[2].rstrip("s"))
target = source + ".baseline"
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(target + suffix):
        os.remove(target + suffix)

plangate = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
ddl = [sql for (sql,) in plangate.execute(
    "SELECT sql FROM sqlite_master WHERE tbl_name = 'customers' AND sql IS NOT NULL "
    "ORDER BY type DESC")]  # the table before its indexes
(environment,) = plangate.execute("SELECT environment_id FROM customers LIMIT 1").fetchone()
plangate.close()
if not ddl:
    sys.exit("plangate's database has no customers table")

db = sqlite3.connect(target, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = FULL")
for sql in ddl:
    db.execute(sql)

latencies = []
deadline = time.perf_counter() + seconds
while time.perf_counter() < deadline:
    ref_id = f"sqlite-{uuid.uuid4()}"
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    started = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    db.execute(
        "INSERT INTO customers (id, environment_id, ref_id, ref_id_folded, name, name_folded, "
        "email, email_folded, exclude_from_experiment, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, 'New customer', 'new customer', 'new@example.com', "
        "'new@example.com', 0, ?, ?)",
        (str(uuid.uuid4()), environment, ref_id, ref_id, now, now),
    )
    db.execute("COMMIT")
    latencies.append(time.perf_counter() - started)
db.close()
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(target + suffix):
        os.remove(target + suffix)

latencies.sort()


def percentile(p):
    return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000


print(f"RESULT requests={len(latencies)} errors=0 rps={len(latencies) / seconds:.1f} "
      f"p50_ms={percentile(50):.3f} p99_ms={percentile(99):.3f}")
