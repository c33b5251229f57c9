"""plangate edge scenarios for the official Stigg Python client v2 (stigg-api-client-v2) with
its default `enable_edge=True`: entitlement, entitlements, entitlements-state and active
subscription reads go to the edge URL (`edge_api_url`, here plangate itself: the GraphQL URL
without `/graphql`) as `GET /v1/c/{customerId}/...json`, writes to `api_url`. Against the
seed's catalog (examples/catalog.yaml, applied by run.sh).

Run with the interpreter printed by `stigg-reference python v2`:
    PLANGATE_URL=http://127.0.0.1:PORT/graphql PLANGATE_API_KEY=KEY python v2_edge_scenarios.py
Prints PASS/FAIL per scenario and a final `RESULT passed=N failed=M` line.
"""

import asyncio
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from _common import Reporter, expect, expect_eq, new_id, short  # noqa: E402
from v2_scenarios import KEY, URL  # noqa: E402
from v2_subscription_scenarios import seed_provision_input  # noqa: E402

from stigg import Stigg  # noqa: E402
from stigg.generated import GraphQLClientHttpError  # noqa: E402
from stigg.generated.enums import AccessDeniedReason  # noqa: E402
from stigg.generated.input_types import (  # noqa: E402
    EntitlementOptions,
    FetchEntitlementQuery,
    FetchEntitlementsQuery,
    GetActiveSubscriptionsInput,
    ReportUsageInput,
)

EDGE = URL[: -len("/graphql")] if URL.endswith("/graphql") else URL
RESOURCE = "resource-01"
TEMPLATES = "feature-01-templates"

# Paths the clients requested, to show that reads went to the edge.
PATHS = []


async def _on_request(request):
    PATHS.append(f"{request.method} {request.url.path}")


def async_client(api_key=KEY):
    """The official factory with its defaults (edge on), both URLs pointed at plangate."""
    client = Stigg.create_async_client(api_key=api_key, api_url=URL, edge_api_url=EDGE)
    client.http_client.event_hooks = {"request": [_on_request]}
    return client


def went_to_edge(path):
    expect(any(p == f"GET {path}" for p in PATHS), f"no GET {path} among the requests {PATHS[-5:]}")


async def provisioned(client, label):
    cid = new_id(label)
    await client.provision_customer(seed_provision_input(cid))
    return cid


async def entitlements(client):
    cid = await provisioned(client, "edge-all")
    await client.report_usage(ReportUsageInput(customer_id=cid, feature_id=TEMPLATES, value=3,
                                               resource_id=RESOURCE))
    PATHS.clear()
    res = await client.get_entitlements(FetchEntitlementsQuery(customer_id=cid, resource_id=RESOURCE))
    went_to_edge(f"/v1/c/{cid}/entitlements.json")
    by_feature = {e.feature.ref_id: e for e in res.entitlements if e.feature}
    expect(TEMPLATES in by_feature, f"no {TEMPLATES} among {sorted(by_feature)}")
    t = by_feature[TEMPLATES]
    expect_eq((t.usage_limit, t.current_usage, t.is_granted), (12, 3, True),
              "templates (usageLimit, currentUsage, isGranted)")


async def entitlement(client):
    cid = await provisioned(client, "edge-one")
    PATHS.clear()
    ok = await client.get_entitlement(FetchEntitlementQuery(
        customer_id=cid, feature_id=TEMPLATES, resource_id=RESOURCE,
        options=EntitlementOptions(requested_usage=12)))
    went_to_edge(f"/v1/c/{cid}/entitlements.json")
    expect_eq((ok.entitlement.is_granted, ok.entitlement.usage_limit), (True, 12), "requested 12 of 12")
    denied = await client.get_entitlement(FetchEntitlementQuery(
        customer_id=cid, feature_id=TEMPLATES, resource_id=RESOURCE,
        options=EntitlementOptions(requested_usage=13)))
    expect_eq((denied.entitlement.is_granted, denied.entitlement.access_denied_reason),
              (False, AccessDeniedReason.RequestedUsageExceedingLimit), "requested 13 of 12")


async def entitlements_state(client):
    cid = await provisioned(client, "edge-state")
    PATHS.clear()
    res = await client.get_entitlements_state(FetchEntitlementsQuery(customer_id=cid, resource_id=RESOURCE))
    went_to_edge(f"/v1/c/{cid}/entitlements-state.json")
    state = res.entitlements_state
    expect_eq(state.access_denied_reason, None, "accessDeniedReason")
    expect(len(state.entitlements) >= 4, f"entitlements: {short(str(state.entitlements))}")
    unknown = await client.get_entitlements_state(FetchEntitlementsQuery(customer_id=new_id("nobody")))
    expect_eq(unknown.entitlements_state.entitlements, [], "unknown customer's entitlements")


async def active_subscriptions(client):
    cid = await provisioned(client, "edge-subs")
    PATHS.clear()
    res = await client.get_active_subscriptions_list(GetActiveSubscriptionsInput(
        customer_id=cid, resource_ids=[RESOURCE, "resource-02"]))
    went_to_edge(f"/v1/c/{cid}/subscriptions.json")
    subs = res.get_active_subscriptions
    expect_eq([(s.plan.plan_id, s.resource.resource_id if s.resource else None) for s in subs],
              [("plan-basic", RESOURCE)], "active subscriptions [(plan, resource)]")


async def wrong_key(_client):
    client = async_client("server-not-a-key")
    try:
        await client.get_entitlements(FetchEntitlementsQuery(customer_id=new_id("nobody")))
    except GraphQLClientHttpError as exc:
        expect_eq(exc.status_code, 401, "HTTP status of an unknown key at the edge")
    else:
        raise AssertionError("an unknown key was accepted at the edge")
    finally:
        await client.http_client.aclose()


async def main():
    rep = Reporter("stigg-api-client-v2 with enable_edge=True (default), edge_api_url=" + EDGE)
    client = async_client()
    try:
        for name, fn in [
            ("v2 edge get_entitlements -> GET /v1/c/{id}/entitlements.json: templates 12, usage 3", entitlements),
            ("v2 edge get_entitlement (featureId, requestedUsage) -> granted at 12, "
             "RequestedUsageExceedingLimit at 13", entitlement),
            ("v2 edge get_entitlements_state -> GET entitlements-state.json; unknown customer -> []",
             entitlements_state),
            ("v2 edge get_active_subscriptions_list (resourceIds) -> GET subscriptions.json: plan-basic",
             active_subscriptions),
            ("v2 edge with an unknown key -> HTTP 401", wrong_key),
        ]:
            await rep.arun(name, fn, client)
    finally:
        await client.http_client.aclose()
    rep.finish()


if __name__ == "__main__":
    asyncio.run(main())
