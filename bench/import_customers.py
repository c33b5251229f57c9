"""Times one importCustomersBulk of N customers (default 10,000) against a running plangate.

    python3 bench/import_customers.py URL KEY [N]

Prints `RESULT customers=N seconds=S` and fails (exit 1) when the answer carries errors.
"""
import json
import sys
import time
import urllib.request
import uuid

url, key = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
run = uuid.uuid4().hex[:8]
customers = [
    {"customerId": f"bench-{run}-{i}", "name": f"Customer {i}", "email": f"c{i}@example.com",
     "additionalMetaData": {"i": str(i)}}
    for i in range(n)
]
body = json.dumps({
    "query": "mutation ($input: ImportCustomerBulkInput!) { importCustomersBulk(input: $input) }",
    "variables": {"input": {"customers": customers}},
}).encode()
request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", "X-API-KEY": key})
started = time.perf_counter()
with urllib.request.urlopen(request, timeout=600) as response:
    answer = json.load(response)
elapsed = time.perf_counter() - started
if answer.get("errors"):
    print(json.dumps(answer["errors"])[:2000], file=sys.stderr)
    sys.exit(1)
print(f"RESULT customers={n} seconds={elapsed:.3f} bytes={len(body)}")
