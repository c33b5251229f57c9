"""plangate compatibility scenarios for the deprecated official Stigg Python client v1
(stigg-api-client 6.25.0: sgqlc + requests).

Run with the interpreter printed by `stigg-reference python v1`:
    PLANGATE_URL=http://127.0.0.1:PORT/graphql PLANGATE_API_KEY=KEY python v1_scenarios.py
Prints PASS/FAIL per scenario and a final `RESULT passed=N failed=M` line.

v1's own provision_customer and get_customer_by_id documents spread fragments
they never define, so no spec-compliant server can execute them; for those the
suite checks that plangate answers with an ordinary GraphQL validation error
naming the missing fragment (HTTP 200 or 400, never 500). Customers used by the
working v1 operations (update, archive) are provisioned with raw HTTP.
"""

import logging
import os
import re
import sys
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import (  # noqa: E402
    Failure,
    Reporter,
    env_config,
    expect,
    expect_eq,
    expect_raw_code,
    new_id,
    parse_time,
    raw_get,
    raw_post,
    raw_provision,
    short,
)

from sgqlc.operation import GraphQLErrors  # noqa: E402
from stigg import Stigg  # noqa: E402

logging.getLogger("sgqlc").setLevel(logging.CRITICAL)  # sgqlc logs every GraphQL error at ERROR

URL, KEY = env_config()


def make_client(api_key=KEY):
    return Stigg.create_client(api_key=api_key, api_url=URL, enable_edge=False)


def wire_document(op):
    """Exactly the query text sgqlc's RequestsEndpoint sends (compact form of the Operation)."""
    return bytes(op).decode("utf-8")


def missing_fragments(doc):
    spread = set(re.findall(r"\.\.\.\s*([A-Za-z_]\w*)", doc)) - {"on"}
    defined = set(re.findall(r"\bfragment\s+([A-Za-z_]\w*)\s+on\b", doc))
    return sorted(spread - defined)


def v1_raw_post(doc, variables, api_key=KEY):
    """Same body and headers as the v1 client (operationName null, charset content type)."""
    return raw_post(URL, doc, variables, api_key=api_key, operation_name=None,
                    content_type="application/json; charset=utf-8",
                    extra_headers={"X-API-VERSION": "1", "Accept": "application/json; charset=utf-8"})


def request(client, op, variables):
    try:
        return client.request(op, variables)
    except GraphQLErrors as exc:
        raise Failure(f"v1 client raised GraphQLErrors {short(exc.errors)}") from exc


def same_second(dt, raw, what):
    expect(isinstance(dt, datetime), f"{what}: v1 did not parse a datetime, got {dt!r}")
    expect(dt.tzinfo is not None and dt.utcoffset().total_seconds() == 0, f"{what}: not UTC: {dt!r}")
    want = parse_time(raw, what)
    # sgqlc reads the ".123" fraction as 123 microseconds, so compare to the second.
    expect_eq(dt.replace(microsecond=0), want.replace(microsecond=0), what)


# ---------------------------------------------------------------------------- scenarios

def update_customer(client):
    cid = new_id("v1upd")
    prov = raw_provision(URL, KEY, cid, name="Old", email="old@example.com", additionalMetaData={"a": 1})
    created = prov["customer"]["createdAt"]
    meta = {"a": 2, "b": ["x", None, 3.5], "c": {"d": True}}
    res = request(client, Stigg.mutation.update_customer,
                  {"input": {"customerId": cid, "name": "New", "email": "new@example.com",
                             "additionalMetaData": meta}})
    u = res.update_customer
    expect_eq(u.customer_id, cid, "update customerId")
    expect_eq(u.ref_id, cid, "update refId")
    expect_eq(u.name, "New", "update name")
    expect_eq(u.email, "new@example.com", "update email")
    expect_eq(u.additional_meta_data, meta, "update additionalMetaData")
    expect_eq(str(u.id), str(prov["customer"]["id"]), "update id")
    same_second(u.created_at, created, "update createdAt")
    expect(isinstance(u.updated_at, datetime), f"update updatedAt not parsed: {u.updated_at!r}")

    got = raw_get(URL, KEY, cid)
    expect(got.status == 200 and not got.errors and got.data and got.data.get("getCustomerByRefId"),
           f"re-read failed: {got.describe()}")
    c = got.data["getCustomerByRefId"]
    expect_eq((c["name"], c["email"], c["additionalMetaData"]), ("New", "new@example.com", meta),
              "re-read (name, email, additionalMetaData)")
    expect_eq(c["createdAt"], created, "re-read createdAt")


def archive_customer(client):
    cid = new_id("v1arch")
    raw_provision(URL, KEY, cid, name="Bye")
    res = request(client, Stigg.mutation.archive_customer, {"input": {"customerId": cid}})
    expect_eq(res.archive_customer.customer_id, cid, "archive customerId")
    expect_raw_code(raw_get(URL, KEY, cid), "CustomerNotFound", "get after v1 archive")
    again = raw_post(URL, "mutation P($input: ProvisionCustomerInput!) "
                          "{ provisionCustomer(input: $input) { subscriptionDecisionStrategy } }",
                     {"input": {"customerId": cid}}, api_key=KEY, operation_name="P")
    expect_raw_code(again, "DuplicatedEntityNotAllowed", "re-provision after v1 archive")


def invalid_document_via_client(client, op_name, op, variables):
    doc = wire_document(op)
    missing = missing_fragments(doc)
    expect(missing, f"{op_name}: expected the v1 document to spread undefined fragments (client changed?)")
    # raw_response=True returns sgqlc's dict; on HTTP 4xx sgqlc adds a 'status' key.
    data = client.request(op, variables, raw_response=True)
    status = data.get("status", 200)
    expect(status in (200, 400), f"{op_name}: expected HTTP 200 or 400, got {status}: {short(data.get('errors'))}")
    messages = [str(e.get("message", "")) for e in data.get("errors") or []]
    expect(any(m in msg for m in missing for msg in messages),
           f"{op_name}: no error message names a missing fragment {missing}; errors={short(data.get('errors'))}")
    expect(not data.get("data"), f"{op_name}: validation failure must not return data: {short(data.get('data'))}")
    # And the normal (non-raw) path surfaces it as sgqlc's GraphQLErrors.
    try:
        client.request(op, variables)
    except GraphQLErrors as exc:
        expect(any(m in str(e.get("message", "")) for m in missing for e in exc.errors),
               f"{op_name}: GraphQLErrors does not name a missing fragment: {short(exc.errors)}")
    else:
        raise Failure(f"{op_name}: v1 client did not raise for an invalid document")


def invalid_document_raw(op_name, op, variables):
    doc = wire_document(op)
    missing = missing_fragments(doc)
    resp = v1_raw_post(doc, variables)
    expect(resp.status in (200, 400), f"{op_name}: expected HTTP 200 or 400, got {resp.describe()}")
    expect(resp.json is not None, f"{op_name}: response is not JSON: {resp.describe()}")
    ctype = resp.headers.get("Content-Type") or resp.headers.get("content-type") or ""
    if resp.status != 200:  # sgqlc parses a 4xx body only if its Content-Type starts with application/json
        expect(ctype.startswith("application/json"),
               f"{op_name}: HTTP {resp.status} with Content-Type {ctype!r}; the v1 client would hide the message")
    expect(resp.errors, f"{op_name}: expected errors[], got {resp.describe()}")
    messages = [str(e.get("message", "")) for e in resp.errors]
    expect(any(m in msg for m in missing for msg in messages),
           f"{op_name}: no error message names a missing fragment {missing}: {resp.describe()}")
    expect(resp.data is None, f"{op_name}: validation failure must not return data: {resp.describe()}")


def invalid_provision(client):
    cid = new_id("v1prov")
    variables = {"input": {"customerId": cid, "name": "Never"}}
    invalid_document_via_client(client, "v1 provision_customer", Stigg.mutation.provision_customer, variables)
    invalid_document_raw("v1 provision_customer", Stigg.mutation.provision_customer, variables)
    expect_raw_code(raw_get(URL, KEY, cid), "CustomerNotFound", "get after rejected v1 provision (nothing written)")


def invalid_get(client):
    cid = new_id("v1get")
    raw_provision(URL, KEY, cid, name="Exists")  # the failure must be about the document, not the customer
    variables = {"input": {"customerId": cid}}
    invalid_document_via_client(client, "v1 get_customer_by_id", Stigg.query.get_customer_by_id, variables)
    invalid_document_raw("v1 get_customer_by_id", Stigg.query.get_customer_by_id, variables)


def wrong_api_key(_client):
    bad = make_client(api_key="wrong-" + new_id("key"))
    variables = {"input": {"customerId": new_id("v1nokey")}}
    data = bad.request(Stigg.mutation.archive_customer, variables, raw_response=True)
    expect_eq(data.get("status"), 401, f"HTTP status seen by sgqlc (errors={short(data.get('errors'))})")
    try:
        bad.request(Stigg.mutation.archive_customer, variables)
    except GraphQLErrors as exc:
        codes = [(e.get("extensions") or {}).get("code") for e in exc.errors]
        expect("Unauthenticated" in codes, f"GraphQLErrors codes {codes}: {short(exc.errors)}")
    else:
        raise Failure("v1 client did not raise with a wrong API key")


def main():
    rep = Reporter("stigg-api-client (v1) 6.25.0 against " + URL)
    client = make_client()
    rep.run("v1 update_customer name/email/metadata (customer provisioned raw)", update_customer, client)
    rep.run("v1 archive_customer; get -> CustomerNotFound; re-provision -> DuplicatedEntityNotAllowed",
            archive_customer, client)
    rep.run("v1 provision_customer (invalid document) -> validation error naming the fragment, nothing written",
            invalid_provision, client)
    rep.run("v1 get_customer_by_id (invalid document) -> validation error naming the fragment",
            invalid_get, client)
    rep.run("v1 wrong API key -> 401, GraphQLErrors with Unauthenticated", wrong_api_key, client)
    rep.finish()


if __name__ == "__main__":
    main()
