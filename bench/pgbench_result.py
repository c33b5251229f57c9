"""Turns one pgbench run into the RESULT line bench/graphql.lua prints for wrk.

    python3 bench/pgbench_result.py PGBENCH-OUTPUT LOG-FILE…

PGBENCH-OUTPUT is pgbench's standard output (its `number of failed transactions` and
`tps = … (without initial connection time)` lines); the LOG-FILEs are its per-transaction logs
(`pgbench -l`), whose third column is each transaction's latency in microseconds: p50 and p99
come from them. Fails (exit 1) when the output has no tps line.
"""
import re
import sys

output = open(sys.argv[1], encoding="utf-8").read()
tps = re.search(r"^tps = ([0-9.]+) \(without initial connection time\)", output, re.M)
if not tps:
    print(output, file=sys.stderr)
    sys.exit(1)
failed = re.search(r"^number of failed transactions: (\d+)", output, re.M)
latencies = []
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as log:
        latencies.extend(int(line.split()[2]) for line in log if line.strip())
latencies.sort()
if not latencies:
    print("pgbench wrote no transaction log", file=sys.stderr)
    sys.exit(1)


def percentile(p):
    return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] / 1000


print(f"RESULT requests={len(latencies)} errors={int(failed.group(1)) if failed else 0} "
      f"rps={float(tps.group(1)):.1f} p50_ms={percentile(50):.3f} p99_ms={percentile(99):.3f}")
