"""Writes one GraphQL request body (JSON) for bench/graphql.lua.

    python3 bench/body.py DOCUMENT.graphql 'VARIABLES-JSON' > body.json

Lines of the document starting with # (the provenance notes in bench/requests/) are left out.
The placeholders {{RANDOM}} and {{UNIQUE}} in variable strings are kept for graphql.lua to fill.
"""
import json
import sys

with open(sys.argv[1], encoding="utf-8") as document:
    query = "".join(line for line in document if not line.startswith("#")).strip()
variables = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
sys.stdout.write(json.dumps({"query": query, "variables": variables}, separators=(",", ":")))
