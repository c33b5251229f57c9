"""plangate compatibility scenarios for the official Stigg Python client v2
(stigg-api-client-v2 6.25.0: ariadne-codegen + pydantic + httpx).

Run with the interpreter printed by `stigg-reference python v2`:
    PLANGATE_URL=http://127.0.0.1:PORT/graphql PLANGATE_API_KEY=KEY python v2_scenarios.py
Prints PASS/FAIL per scenario and a final `RESULT passed=N failed=M` line.
"""

import asyncio
import json
import os
import sys

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
    short,
)

from stigg import Stigg  # noqa: E402
from stigg.generated import (  # noqa: E402
    GraphQLClientGraphQLMultiError,
    GraphQLClientHttpError,
)
from stigg.generated.enums import SubscriptionDecisionStrategy  # noqa: E402
from stigg.generated.input_types import (  # noqa: E402
    ArchiveCustomerInput,
    GetCustomerByRefIdInput,
    ProvisionCustomerInput,
    ProvisionCustomerSubscriptionInput,
    UpdateCustomerInput,
)

URL, KEY = env_config()

# Last request/response seen by the async client, for failure messages.
LAST = {"request": None, "response": None}


async def _on_request(request):
    LAST["request"] = request.content.decode("utf-8", "replace") if request.content else None
    LAST["response"] = None


async def _on_response(response):
    await response.aread()
    LAST["response"] = f"HTTP {response.status_code}: {response.text}"


def make_client(api_key=KEY):
    """The official factory, pointed at plangate; edge (CDN) reads disabled."""
    client = Stigg.create_async_client(api_key=api_key, api_url=URL, enable_edge=False)
    client.http_client.event_hooks = {"request": [_on_request], "response": [_on_response]}
    return client


def sent_variables():
    if not LAST["request"]:
        return None
    try:
        return json.loads(LAST["request"]).get("variables")
    except ValueError:
        return LAST["request"]


def context():
    return f" [sent variables={short(sent_variables(), 300)}; got {short(LAST['response'] or 'nothing', 500)}]"


async def call(coro):
    """Await a client call; turn any client exception into a Failure with wire context."""
    try:
        return await coro
    except GraphQLClientGraphQLMultiError as exc:
        raise Failure(f"unexpected GraphQL errors {[(e.message, e.extensions) for e in exc.errors]}"
                      + context()) from exc
    except GraphQLClientHttpError as exc:
        raise Failure(f"unexpected HTTP {exc.status_code}: {short(exc.response.text)}") from exc
    except Exception as exc:  # pydantic ValidationError, invalid response, transport...
        raise Failure(f"{type(exc).__name__}: {short(str(exc), 800)}" + context()) from exc


async def expect_code(coro, code, what):
    """The call must raise GraphQLClientGraphQLMultiError carrying extensions.code == code."""
    try:
        result = await coro
    except GraphQLClientGraphQLMultiError as exc:
        codes = [(e.extensions or {}).get("code") for e in exc.errors]
        expect(code in codes, f"{what}: expected code {code!r}, got errors "
                              f"{[(e.message, e.extensions) for e in exc.errors]}")
        return exc
    except GraphQLClientHttpError as exc:
        raise Failure(f"{what}: expected HTTP 200 with code {code!r}, got HTTP {exc.status_code}: "
                      f"{short(exc.response.text)}") from exc
    except Exception as exc:
        raise Failure(f"{what}: expected code {code!r}, got {type(exc).__name__}: {short(str(exc))}"
                      + context()) from exc
    raise Failure(f"{what}: expected error {code!r}, but the call succeeded with "
                  f"{short(result.model_dump(by_alias=True, mode='json'))}")


def check_customer_core(c, customer_id, what):
    expect_eq(c.customer_id, customer_id, f"{what} customerId")
    expect_eq(c.ref_id, customer_id, f"{what} refId")
    expect(c.id is not None and str(c.id) != "", f"{what}: id is empty")
    created = parse_time(c.created_at, f"{what} createdAt")
    updated = parse_time(c.updated_at, f"{what} updatedAt")
    expect(updated >= created, f"{what}: updatedAt {c.updated_at} is before createdAt {c.created_at}")


def check_unbacked_fields(c, what):
    expect_eq(c.has_payment_method, False, f"{what} hasPaymentMethod")
    expect_eq(c.has_active_subscription, False, f"{what} hasActiveSubscription")
    expect_eq(c.subscriptions, [], f"{what} subscriptions")
    expect_eq(c.promotional_entitlements, [], f"{what} promotionalEntitlements")
    expect_eq(c.trialed_plans, [], f"{what} trialedPlans")
    # One entry per product of the catalog; a customer without subscriptions may try each.
    expect(c.eligible_for_trial is not None and all(e.eligible for e in c.eligible_for_trial),
           f"{what} eligibleForTrial: expected every product eligible, got {c.eligible_for_trial}")
    expect_eq(c.coupon, None, f"{what} coupon")
    expect_eq(c.experiment_info, None, f"{what} experimentInfo")


def check_skipped(res, customer_id, what):
    p = res.provision_customer
    expect_eq(p.subscription_decision_strategy, SubscriptionDecisionStrategy.SKIPPED_SUBSCRIPTION_CREATION,
              f"{what} subscriptionDecisionStrategy")
    expect_eq(p.subscription, None, f"{what} subscription")
    check_customer_core(p.customer, customer_id, f"{what} customer")


async def get(client, customer_id):
    res = await call(client.get_customer_by_id(GetCustomerByRefIdInput(customer_id=customer_id)))
    c = res.get_customer_by_ref_id
    expect(c is not None, f"getCustomerByRefId({customer_id}) returned null without an error")
    return c


# ---------------------------------------------------------------------------- scenarios

async def provision_null_subscription_params(client):
    cid = new_id("nullsub")
    res = await call(client.provision_customer(
        ProvisionCustomerInput(customer_id=cid, subscription_params=None)))
    expect_eq(sent_variables(), {"input": {"customerId": cid, "subscriptionParams": None}},
              "variables sent by the client (sanity)")
    check_skipped(res, cid, "provision(subscriptionParams: null)")


async def provision_omitted_subscription_params(client):
    cid = new_id("nosub")
    res = await call(client.provision_customer(ProvisionCustomerInput(customer_id=cid)))
    check_skipped(res, cid, "provision(no subscriptionParams)")
    # The full v2 get document must also parse (pydantic) for a freshly provisioned customer.
    c = await get(client, cid)
    check_unbacked_fields(c, "get")


async def provision_via_deprecated_ref_id(client):
    cid = new_id("refid")
    res = await call(client.provision_customer(ProvisionCustomerInput(ref_id=cid, name="Ref Only")))
    expect_eq(sent_variables(), {"input": {"name": "Ref Only", "refId": cid}},
              "variables sent by the client (sanity)")
    check_skipped(res, cid, "provision(refId)")
    expect_eq(res.provision_customer.customer.name, "Ref Only", "provision(refId) name")
    c = await get(client, cid)
    expect_eq(c.name, "Ref Only", "get name")


async def provision_then_get_values(client):
    cid = new_id("values")
    meta = {"tier": "gold", "seats": 5, "nested": {"flags": [True, False, None]}, "ratio": 0.5}
    res = await call(client.provision_customer(ProvisionCustomerInput(
        customer_id=cid, name="Ada Lovelace \u00e9\u2603", email="ada@example.com",
        additional_meta_data=meta)))
    check_skipped(res, cid, "provision")
    pc = res.provision_customer.customer
    expect_eq(pc.name, "Ada Lovelace \u00e9\u2603", "provision name")
    expect_eq(pc.email, "ada@example.com", "provision email")
    expect_eq(pc.additional_meta_data, meta, "provision additionalMetaData")

    c = await get(client, cid)
    check_customer_core(c, cid, "get")
    expect_eq(c.name, "Ada Lovelace \u00e9\u2603", "get name")
    expect_eq(c.email, "ada@example.com", "get email")
    expect_eq(c.additional_meta_data, meta, "get additionalMetaData")
    expect_eq(str(c.id), str(pc.id), "get id vs provision id")
    expect_eq(c.created_at, pc.created_at, "get createdAt vs provision createdAt")
    check_unbacked_fields(c, "get")


async def duplicate_provision(client):
    cid = new_id("dup")
    await call(client.provision_customer(ProvisionCustomerInput(customer_id=cid, name="First")))
    await expect_code(client.provision_customer(ProvisionCustomerInput(customer_id=cid, name="Second")),
                      "DuplicatedEntityNotAllowed", "second provision")
    c = await get(client, cid)
    expect_eq(c.name, "First", "name after rejected duplicate")


async def update_customer(client):
    cid = new_id("update")
    prov = await call(client.provision_customer(ProvisionCustomerInput(
        customer_id=cid, name="Before", email="before@example.com", additional_meta_data={"v": 1})))
    before = prov.provision_customer.customer
    await asyncio.sleep(1.1)  # so a moved updatedAt is visible even at second precision

    new_meta = {"v": 2, "plan": "pro", "list": [1, "two"]}
    res = await call(client.update_customer(UpdateCustomerInput(
        customer_id=cid, name="After", email="after@example.com", additional_meta_data=new_meta)))
    u = res.update_customer
    expect_eq(u.customer_id, cid, "update customerId")
    expect_eq(u.ref_id, cid, "update refId")
    expect_eq(u.name, "After", "update name")
    expect_eq(u.email, "after@example.com", "update email")
    expect_eq(u.additional_meta_data, new_meta, "update additionalMetaData")
    expect_eq(str(u.id), str(before.id), "update id")
    expect_eq(u.created_at, before.created_at, "update createdAt (must not move)")
    expect(parse_time(u.updated_at, "update updatedAt") > parse_time(before.updated_at, "provision updatedAt"),
           f"updatedAt did not move: provision {before.updated_at}, update {u.updated_at}")

    c = await get(client, cid)
    expect_eq(c.name, "After", "re-read name")
    expect_eq(c.email, "after@example.com", "re-read email")
    expect_eq(c.additional_meta_data, new_meta, "re-read additionalMetaData")
    expect_eq(c.created_at, before.created_at, "re-read createdAt")
    expect_eq(c.updated_at, u.updated_at, "re-read updatedAt vs update response")


async def partial_update_keeps_omitted_fields(client):
    # v2 only serialises fields that were explicitly set, so omitted fields must stay unchanged.
    cid = new_id("partial")
    await call(client.provision_customer(ProvisionCustomerInput(
        customer_id=cid, name="Keep", email="keep@example.com", additional_meta_data={"k": "v"})))
    res = await call(client.update_customer(UpdateCustomerInput(customer_id=cid, name="Renamed")))
    expect_eq(sent_variables(), {"input": {"customerId": cid, "name": "Renamed"}},
              "variables sent by the client (sanity)")
    expect_eq(res.update_customer.name, "Renamed", "update name")
    expect_eq(res.update_customer.email, "keep@example.com", "update email (omitted, must be kept)")
    expect_eq(res.update_customer.additional_meta_data, {"k": "v"}, "update additionalMetaData (omitted)")
    c = await get(client, cid)
    expect_eq((c.name, c.email, c.additional_meta_data), ("Renamed", "keep@example.com", {"k": "v"}),
              "re-read (name, email, additionalMetaData)")


async def archive_lifecycle(client):
    cid = new_id("archive")
    await call(client.provision_customer(ProvisionCustomerInput(customer_id=cid, name="To Archive")))
    res = await call(client.archive_customer(ArchiveCustomerInput(customer_id=cid)))
    expect_eq(res.archive_customer.customer_id, cid, "archive response customerId")
    await expect_code(client.get_customer_by_id(GetCustomerByRefIdInput(customer_id=cid)),
                      "CustomerNotFound", "get after archive")
    await expect_code(client.provision_customer(ProvisionCustomerInput(customer_id=cid)),
                      "DuplicatedEntityNotAllowed", "re-provision of archived id")


async def get_unknown_customer(client):
    cid = new_id("unknown")
    await expect_code(client.get_customer_by_id(GetCustomerByRefIdInput(customer_id=cid)),
                      "CustomerNotFound", "get of never-provisioned id")


async def provision_with_plan_not_found(client):
    # run.sh applies examples/catalog.yaml, so the plan must be one no catalog defines.
    cid = new_id("plan")
    plan = "plan-unknown-" + cid
    await expect_code(client.provision_customer(ProvisionCustomerInput(
        customer_id=cid, name="Wants Plan",
        subscription_params=ProvisionCustomerSubscriptionInput(plan_id=plan))),
        "PlanNotFound", f"provision with subscriptionParams{{planId: {plan}}}")
    await expect_code(client.get_customer_by_id(GetCustomerByRefIdInput(customer_id=cid)),
                      "CustomerNotFound", "get after failed provision (nothing must be written)")
    # and the id is still free
    res = await call(client.provision_customer(ProvisionCustomerInput(customer_id=cid)))
    check_skipped(res, cid, "provision after failed provision")


async def wrong_api_key_client(_client):
    bad = make_client(api_key="wrong-" + new_id("key"))
    try:
        try:
            await bad.get_customer_by_id(GetCustomerByRefIdInput(customer_id=new_id("nokey")))
        except GraphQLClientHttpError as exc:
            expect_eq(exc.status_code, 401, "client error status_code")
            try:
                body = exc.response.json()
            except ValueError:
                raise Failure(f"401 body is not JSON: {short(exc.response.text)}")
            codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
            expect("Unauthenticated" in codes, f"401 body lacks code Unauthenticated: {short(body)}")
        except GraphQLClientGraphQLMultiError as exc:
            raise Failure("wrong key answered with HTTP 200 + GraphQL errors "
                          f"{[(e.message, e.extensions) for e in exc.errors]}, expected HTTP 401")
        else:
            raise Failure("wrong API key: the client call succeeded")
    finally:
        await bad.http_client.aclose()


def raw_unauthenticated():
    doc = "query Q($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { customerId } }"
    variables = {"input": {"customerId": new_id("raw")}}
    for label, key in (("missing key", None), ("unknown key", "unknown-" + new_id("key"))):
        resp = raw_post(URL, doc, variables, api_key=key, operation_name="Q")
        expect(resp.status == 401, f"{label}: expected HTTP 401, got {resp.describe()}")
        expect("Unauthenticated" in resp.codes(),
               f"{label}: expected extensions.code Unauthenticated, got {resp.describe()}")


def raw_not_found_is_http_200():
    resp = raw_get(URL, KEY, new_id("raw404"))
    expect_raw_code(resp, "CustomerNotFound", "raw get of unknown id")


def sync_client_roundtrip():
    # The synchronous factory as well (same generated code, httpx.Client).
    client = Stigg.create_client(api_key=KEY, api_url=URL, enable_edge=False)
    try:
        cid = new_id("sync")
        res = client.provision_customer(ProvisionCustomerInput(customer_id=cid, email="sync@example.com"))
        check_skipped(res, cid, "sync provision")
        got = client.get_customer_by_id(GetCustomerByRefIdInput(customer_id=cid)).get_customer_by_ref_id
        expect(got is not None, "sync get returned null")
        expect_eq(got.email, "sync@example.com", "sync get email")
        try:
            client.provision_customer(ProvisionCustomerInput(customer_id=cid))
        except GraphQLClientGraphQLMultiError as exc:
            codes = [(e.extensions or {}).get("code") for e in exc.errors]
            expect("DuplicatedEntityNotAllowed" in codes, f"sync duplicate: got {codes}")
        else:
            raise Failure("sync duplicate provision succeeded")
    finally:
        client.http_client.close()


async def main():
    rep = Reporter("stigg-api-client-v2 6.25.0 against " + URL)
    client = make_client()
    try:
        for name, fn in [
            ("v2 provision with subscriptionParams null -> SKIPPED_SUBSCRIPTION_CREATION",
             provision_null_subscription_params),
            ("v2 provision with subscriptionParams omitted -> SKIPPED; full get parses",
             provision_omitted_subscription_params),
            ("v2 provision with deprecated refId only", provision_via_deprecated_ref_id),
            ("v2 provision name/email/metadata then get returns the same values", provision_then_get_values),
            ("v2 duplicate provision -> DuplicatedEntityNotAllowed", duplicate_provision),
            ("v2 update name/email/metadata; updatedAt moves, createdAt does not", update_customer),
            ("v2 partial update keeps omitted fields", partial_update_keeps_omitted_fields),
            ("v2 archive; get -> CustomerNotFound; re-provision -> DuplicatedEntityNotAllowed",
             archive_lifecycle),
            ("v2 get unknown id -> CustomerNotFound", get_unknown_customer),
            ("v2 provision with subscriptionParams{planId: unknown} -> PlanNotFound, nothing written",
             provision_with_plan_not_found),
            ("v2 wrong API key -> GraphQLClientHttpError 401 Unauthenticated", wrong_api_key_client),
        ]:
            await rep.arun(name, fn, client)
    finally:
        await client.http_client.aclose()
    rep.run("raw HTTP missing/unknown X-API-KEY -> 401 Unauthenticated", raw_unauthenticated)
    rep.run("raw HTTP coded error is HTTP 200", raw_not_found_is_http_200)
    rep.run("v2 sync client provision/get/duplicate", sync_client_roundtrip)
    rep.finish()


if __name__ == "__main__":
    asyncio.run(main())
