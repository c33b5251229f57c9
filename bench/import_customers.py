"""Imports customers into a running plangate with importCustomersBulk, in bulks of at most 10,000.

    python3 bench/import_customers.py URL KEY COUNT [--start N] [--prefix pop-]

The customers are PREFIX{START} … PREFIX{START+COUNT-1} (bench/graphql.lua looks up
pop-{random} among them), each with a name, an email and one metadata entry (about 130 bytes
of JSON). Prints `RESULT customers=COUNT seconds=S bulks=B` (S: the time plangate took to
answer, summed over the bulks; building the JSON is not counted) and fails (exit 1) when an
answer carries errors.
"""
import argparse
import json
import sys
import time
import urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("url")
parser.add_argument("key")
parser.add_argument("count", type=int)
parser.add_argument("--start", type=int, default=0)
parser.add_argument("--prefix", default="pop-")
args = parser.parse_args()

BULK = 10_000  # plangate's (and this script's) most customers per importCustomersBulk
elapsed = 0.0
bulks = 0
for first in range(args.start, args.start + args.count, BULK):
    last = min(first + BULK, args.start + args.count)
    customers = [
        {"customerId": f"{args.prefix}{i}", "name": f"Customer {i}", "email": f"c{i}@example.com",
         "additionalMetaData": {"i": str(i)}}
        for i in range(first, last)
    ]
    body = json.dumps({
        "query": "mutation ($input: ImportCustomerBulkInput!) { importCustomersBulk(input: $input) }",
        "variables": {"input": {"customers": customers}},
    }).encode()
    request = urllib.request.Request(
        args.url, data=body, headers={"Content-Type": "application/json", "X-API-KEY": args.key})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        answer = json.load(response)
    elapsed += time.perf_counter() - started
    bulks += 1
    if answer.get("errors"):
        print(json.dumps(answer["errors"])[:2000], file=sys.stderr)
        sys.exit(1)
print(f"RESULT customers={args.count} seconds={elapsed:.3f} bulks={bulks}")
