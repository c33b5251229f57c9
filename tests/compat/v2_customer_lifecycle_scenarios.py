"""plangate customer lifecycle scenarios for the official Stigg Python client v2
(stigg-api-client-v2 6.25.0), against the seed's catalog (examples/catalog.yaml, which run.sh
applies before starting the server): promotional entitlements
(`grant_promotional_entitlements`, `revoke_promotional_entitlement`), `unarchive_customer`,
`get_customer_statistics`; promotional entitlement groups
(`grant_promotional_entitlements_group`, `revoke_promotional_entitlements_group`,
`unlink_promotional_entitlements_group`) and imports (`import_customer`, `import_customer_bulk`,
`import_subscriptions_bulk`); trials (`provision_subscription` with and without `skip_trial`;
`trialedPlans`, `eligibleForTrial` of `get_customer_by_id`) and a customer's coupon on its
subscription's totals (`create_coupon`, `couponRefId`, `totalPrice.subTotal` vs `total`).

The client is created with `enable_edge=False`, so that entitlement reads go to GraphQL. The
official documents select neither `PromotionalEntitlement.id` nor
`Customer.totalActivePromotionalEntitlements`; the scenarios read those two with a small
document of their own, sent through the same client (`execute`). The features' ids
(`PromotionalEntitlement.featureId`) are read with a raw `features` query.

Run with the interpreter printed by `stigg-reference python v2`:
    PLANGATE_URL=http://127.0.0.1:PORT/graphql PLANGATE_API_KEY=KEY \
    python v2_customer_lifecycle_scenarios.py
Prints PASS/FAIL per scenario and a final `RESULT passed=N failed=M` line.
"""

import asyncio
import os
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from _common import (  # noqa: E402
    Reporter,
    expect,
    expect_eq,
    new_id,
    parse_time,
    raw_post,
)

# Client factory with wire capture and call/expect_code come from v2_scenarios.py, the seed's
# provision input from v2_subscription_scenarios.py, the entitlement helpers from
# v2_entitlement_scenarios.py. Importing them runs no scenario.
from v2_scenarios import (  # noqa: E402
    KEY,
    URL,
    call,
    expect_code,
    make_client,
    sent_variables,
)
from v2_subscription_scenarios import get  # noqa: E402
from v2_subscription_scenarios import seed_subscription_params as seed_params  # noqa: E402
from v2_entitlement_scenarios import (  # noqa: E402
    API_CALLS,
    DOMAIN,
    RESOURCE,
    TEMPLATES,
    add_month,
    check,
    expect_denied,
    expect_granted,
    provision_bare,
    provision_free,
    provision_seed,
)

from stigg.generated.enums import (  # noqa: E402
    AccessDeniedReason,
    BillingPeriod,
    CouponType,
    Currency,
    SubscriptionStatus,
    FeatureType,
    MeterType,
    PricingType,
    PromotionalEntitlementPeriod,
    PromotionalEntitlementStatus,
    SubscriptionDecisionStrategy,
)
from stigg.generated.input_types import (  # noqa: E402
    ArchiveCustomerInput,
    BillableFeatureInput,
    CreateCouponInput,
    MoneyInputDTO,
    UpdateCustomerInput,
    FetchEntitlementsQuery,
    GetCustomerByRefIdInput,
    GrantPromotionalEntitlementInput,
    GrantPromotionalEntitlementsGroupInput,
    GrantPromotionalEntitlementsInput,
    ImportCustomerBulkInput,
    ImportCustomerInput,
    ImportSubscriptionInput,
    ImportSubscriptionsBulkInput,
    ProvisionCustomerInput,
    ProvisionCustomerSubscriptionInput,
    ProvisionSubscriptionInput,
    RevokePromotionalEntitlementInput,
    RevokePromotionalEntitlementsGroupInput,
    SubscriptionAddonInput,
    BillableFeatureInput,
    UnarchiveCustomerInput,
    UnlinkPromotionalEntitlementsGroupInput,
)

# The seed catalog's features: refId -> (featureType, meterType, displayName, description,
# featureUnits, featureUnitsPlural)
FEATURES = {
    DOMAIN: (FeatureType.BOOLEAN, None, "Custom domain", None, None, None),
    TEMPLATES: (FeatureType.NUMBER, MeterType.FLUCTUATING, "Templates", "Document templates a customer can keep",
                "template", "templates"),
}
TEMPLATES_GRANT = 40  # usageLimit of the CUSTOM templates grant (the seed's plan gives 12)


# ---------------------------------------------------------------------------- helpers

def iso_ms(t):
    """RFC 3339 with milliseconds and Z, as plangate answers times."""
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def now_ms():
    t = datetime.now(timezone.utc)
    return t.replace(microsecond=t.microsecond // 1000 * 1000)


def feature_ids():
    """refId -> id (UUID) of the seed's features, read with a raw `features` query."""
    resp = raw_post(URL, "query F($refs: [String!]!) { features(filter: {refId: {in: $refs}}) "
                         "{ edges { node { id refId } } } }",
                    {"refs": sorted(FEATURES)}, api_key=KEY, operation_name="F")
    expect(resp.status == 200 and not resp.errors and resp.data, f"raw features query: {resp.describe()}")
    got = {e["node"]["refId"]: e["node"]["id"] for e in resp.data["features"]["edges"]}
    expect_eq(sorted(got), sorted(FEATURES), "raw features query: refIds")
    return got


PROMOTIONAL_EXTRA = """
query PromotionalExtra($input: GetCustomerByRefIdInput!) {
  getCustomerByRefId(input: $input) {
    totalActivePromotionalEntitlements
    promotionalEntitlements { id featureId status feature { refId } }
  }
}
"""


async def promotional_extra(client, cid):
    """(totalActivePromotionalEntitlements, {feature refId: (id, status)}) of customer cid: fields no
    official document selects, read through the client's own transport."""
    try:
        data = client.get_data(await client.execute(query=PROMOTIONAL_EXTRA, operation_name="PromotionalExtra",
                                                    variables={"input": {"customerId": cid}}))
    except Exception as exc:  # noqa: BLE001
        expect(False, f"PromotionalExtra query of {cid}: {type(exc).__name__}: {exc}")
    c = data["getCustomerByRefId"]
    expect(c is not None, f"PromotionalExtra of {cid}: getCustomerByRefId is null")
    grants = {}
    for p in c["promotionalEntitlements"]:
        ref = p["feature"]["refId"]
        expect(ref not in grants, f"PromotionalExtra of {cid}: feature {ref} listed twice")
        uuid.UUID(p["id"])
        grants[ref] = (p["id"], p["status"])
    return c["totalActivePromotionalEntitlements"], grants


def grant_inputs(custom_end):
    """The scenario's two grants: the custom domain for ONE_MONTH, 40 templates until custom_end."""
    return [
        GrantPromotionalEntitlementInput(feature_id=DOMAIN, period=PromotionalEntitlementPeriod.ONE_MONTH),
        GrantPromotionalEntitlementInput(feature_id=TEMPLATES, period=PromotionalEntitlementPeriod.CUSTOM,
                                         custom_end_date=iso_ms(custom_end), usage_limit=TEMPLATES_GRANT),
    ]


async def grant(client, cid, grants):
    res = await call(client.grant_promotional_entitlements(GrantPromotionalEntitlementsInput(
        customer_id=cid, promotional_entitlements=grants)))
    return res.grant_promotional_entitlements


async def grant_two(client, cid):
    """Grants grant_inputs(); answers (the answer, granted-at bounds, the CUSTOM end)."""
    custom_end = now_ms() + timedelta(days=10, hours=3, minutes=7, milliseconds=321)
    before = now_ms()
    answer = await grant(client, cid, grant_inputs(custom_end))
    after = datetime.now(timezone.utc)
    return answer, (before, after), custom_end


def check_feature(f, refid, what):
    ftype, meter, name, description, units, plural = FEATURES[refid]
    expect_eq((f.ref_id, f.feature_type, f.meter_type, f.display_name, f.description, f.feature_units,
               f.feature_units_plural),
              (refid, ftype, meter, name, description, units, plural),
              f"{what} feature (refId, featureType, meterType, displayName, description, featureUnits, "
              f"featureUnitsPlural)")


def check_grants(grants, ids, granted_at, custom_end, what, status=PromotionalEntitlementStatus.Active):
    """The two grants of grant_inputs() (PromotionalEntitlementFragment), by feature refId."""
    by_ref = {}
    for p in grants:
        expect(p.feature is not None, f"{what}: an entry has feature null")
        expect(p.feature.ref_id not in by_ref, f"{what}: feature {p.feature.ref_id} listed twice")
        by_ref[p.feature.ref_id] = p
    expect_eq(sorted(by_ref), sorted(FEATURES), f"{what}: feature refIds")
    for refid, p in by_ref.items():
        w = f"{what} {refid}"
        check_feature(p.feature, refid, w)
        expect_eq(str(p.feature_id), ids[refid], f"{w} featureId (the feature's id)")
        expect_eq((p.status, p.is_visible, p.has_unlimited_usage, bool(p.has_soft_limit), p.reset_period),
                  (status, True, False, False, None),
                  f"{w} (status, isVisible, hasUnlimitedUsage, hasSoftLimit, resetPeriod)")
    domain, templates = by_ref[DOMAIN], by_ref[TEMPLATES]
    expect_eq(domain.usage_limit, None, f"{what} {DOMAIN} usageLimit (BOOLEAN)")
    expect_eq(templates.usage_limit, TEMPLATES_GRANT, f"{what} {TEMPLATES} usageLimit")
    # ONE_MONTH: one calendar month from when it was granted.
    end = parse_time(domain.end_date, f"{what} {DOMAIN} endDate")
    lo, hi = add_month(granted_at[0]), add_month(granted_at[1])
    expect(lo - timedelta(seconds=1) <= end <= hi + timedelta(seconds=1),
           f"{what} {DOMAIN} endDate {domain.end_date} is not one month after the grant "
           f"(expected between {iso_ms(lo)} and {iso_ms(hi)})")
    # CUSTOM: customEndDate as sent.
    expect_eq(templates.end_date, iso_ms(custom_end), f"{what} {TEMPLATES} endDate (the customEndDate sent)")
    return by_ref


async def expect_customer_not_found(coro, what):
    await expect_code(coro, "CustomerNotFound", what)


# ---------------------------------------------------------------------------- scenarios

async def grant_promotional_entitlements(client):
    ids = feature_ids()
    cid = await provision_bare(client, "grant")
    answer, granted_at, custom_end = await grant_two(client, cid)
    expect_eq(sent_variables(), {"input": {"customerId": cid, "promotionalEntitlements": [
        {"featureId": DOMAIN, "period": "ONE_MONTH"},
        {"featureId": TEMPLATES, "period": "CUSTOM", "customEndDate": iso_ms(custom_end),
         "usageLimit": float(TEMPLATES_GRANT)}]}},
        "variables sent by grant_promotional_entitlements (sanity)")
    expect_eq([p.feature.ref_id for p in answer], [DOMAIN, TEMPLATES],
              "grant_promotional_entitlements answer: the grants in request order")
    check_grants(answer, ids, granted_at, custom_end, "grant_promotional_entitlements answer")

    # A grant for an unknown customer (README: CustomerNotFound) writes nothing.
    nobody = new_id("grantnobody")
    await expect_customer_not_found(client.grant_promotional_entitlements(GrantPromotionalEntitlementsInput(
        customer_id=nobody, promotional_entitlements=grant_inputs(custom_end))),
        "grant_promotional_entitlements for an unknown customer")
    await expect_customer_not_found(client.get_customer_by_id(GetCustomerByRefIdInput(customer_id=nobody)),
                                    "get_customer_by_id after a refused grant")


async def grant_gives_access_without_subscription(client):
    cid = await provision_bare(client, "grantaccess")
    # Before the grant: no subscription, no access.
    e = await check(client, cid, DOMAIN, resource=None)
    expect_denied(e, AccessDeniedReason.NoActiveSubscription, "custom-domain before the grant")
    await grant_two(client, cid)

    e = await check(client, cid, DOMAIN, resource=None)
    expect_eq(sent_variables(), {"query": {"customerId": cid, "featureId": DOMAIN, "resourceId": None,
                                           "options": None}},
              "variables sent by get_entitlement (sanity)")
    expect_granted(e, "custom-domain granted ONE_MONTH, no subscription")
    expect_eq((e.customer_id, e.feature.ref_id, e.feature.feature_type), (cid, DOMAIN, FeatureType.BOOLEAN),
              "custom-domain entitlement (customerId, feature.refId, feature.featureType)")

    e = await check(client, cid, TEMPLATES, requested=TEMPLATES_GRANT, resource=None)
    expect_granted(e, f"templates granted {TEMPLATES_GRANT}, requestedUsage {TEMPLATES_GRANT}, usage 0")
    expect_eq((e.usage_limit, e.has_unlimited_usage, bool(e.has_soft_limit), e.current_usage, e.requested_usage),
              (TEMPLATES_GRANT, False, False, 0, TEMPLATES_GRANT),
              "templates grant (usageLimit, hasUnlimitedUsage, hasSoftLimit, currentUsage, requestedUsage)")
    e = await check(client, cid, TEMPLATES, requested=TEMPLATES_GRANT + 1, resource=None)
    expect_denied(e, AccessDeniedReason.RequestedUsageExceedingLimit,
                  f"templates granted {TEMPLATES_GRANT}, requestedUsage {TEMPLATES_GRANT + 1}")
    # A feature not granted: still no subscription.
    e = await check(client, cid, API_CALLS, resource=None)
    expect_denied(e, AccessDeniedReason.NoActiveSubscription, "api-calls (not granted), no subscription")

    res = await call(client.get_entitlements(FetchEntitlementsQuery(customer_id=cid)))
    got = {e.feature.ref_id: e for e in res.entitlements}
    expect_eq(sorted(got), sorted([DOMAIN, TEMPLATES]), "get_entitlements of a customer with grants only: refIds")
    expect_eq((got[TEMPLATES].usage_limit, got[DOMAIN].is_granted, got[TEMPLATES].is_granted),
              (TEMPLATES_GRANT, True, True), "get_entitlements (templates usageLimit, domain and templates isGranted)")


async def grant_combines_with_subscription(client):
    # The seed's plan gives 12 templates on resource-01: a grant of 40 is more generous and wins,
    # a grant of 5 is not and leaves 12.
    cid, _ = await provision_seed(client, "grantseed")
    e = await check(client, cid, TEMPLATES, requested=13)
    expect_denied(e, AccessDeniedReason.RequestedUsageExceedingLimit, "templates 12 (plan), requestedUsage 13")
    await grant(client, cid, [GrantPromotionalEntitlementInput(
        feature_id=TEMPLATES, period=PromotionalEntitlementPeriod.LIFETIME, usage_limit=TEMPLATES_GRANT)])
    e = await check(client, cid, TEMPLATES, requested=13)
    expect_granted(e, f"templates 12 (plan) + grant {TEMPLATES_GRANT}, requestedUsage 13")
    expect_eq((e.usage_limit, e.resource_id), (TEMPLATES_GRANT, RESOURCE),
              f"templates with a grant of {TEMPLATES_GRANT} on resource-01 (usageLimit, resourceId)")
    # Granting the feature again replaces the grant.
    answer = await grant(client, cid, [GrantPromotionalEntitlementInput(
        feature_id=TEMPLATES, period=PromotionalEntitlementPeriod.LIFETIME, usage_limit=5)])
    expect_eq((answer[0].usage_limit, answer[0].end_date, answer[0].status),
              (5, None, PromotionalEntitlementStatus.Active), "LIFETIME grant of 5 (usageLimit, endDate, status)")
    e = await check(client, cid, TEMPLATES, requested=13)
    expect_denied(e, AccessDeniedReason.RequestedUsageExceedingLimit,
                  "templates 12 (plan) + a replacing grant of 5, requestedUsage 13")
    expect_eq(e.usage_limit, 12, "templates usageLimit with a smaller grant (the plan's 12 wins)")
    total, grants = await promotional_extra(client, cid)
    expect_eq((total, sorted(grants)), (1, [TEMPLATES]),
              "after a replacing grant (totalActivePromotionalEntitlements, promotionalEntitlements refIds)")


async def customer_shows_grants(client):
    ids = feature_ids()
    cid = await provision_bare(client, "grantget")
    c = await get(client, cid)
    expect_eq(c.promotional_entitlements, [], "get_customer_by_id before any grant: promotionalEntitlements")
    expect_eq((await promotional_extra(client, cid))[0], 0,
              "totalActivePromotionalEntitlements before any grant")

    _, granted_at, custom_end = await grant_two(client, cid)
    c = await get(client, cid)
    expect_eq(c.has_active_subscription, False, "get_customer_by_id with grants only: hasActiveSubscription")
    expect_eq(c.subscriptions, [], "get_customer_by_id with grants only: subscriptions")
    check_grants(c.promotional_entitlements, ids, granted_at, custom_end, "get_customer_by_id promotionalEntitlements")
    total, grants = await promotional_extra(client, cid)
    expect_eq(total, 2, "totalActivePromotionalEntitlements after two grants")
    expect_eq({ref: status for ref, (_, status) in grants.items()}, {DOMAIN: "Active", TEMPLATES: "Active"},
              "promotionalEntitlements status by feature")

    # A grant that ends within the second: Expired from then on (read from the clock), still listed,
    # no longer counted, no longer granting.
    end = now_ms() + timedelta(milliseconds=1500)
    answer = await grant(client, cid, [GrantPromotionalEntitlementInput(
        feature_id=API_CALLS, period=PromotionalEntitlementPeriod.CUSTOM, custom_end_date=iso_ms(end),
        usage_limit=100)])
    expect_eq((answer[0].status, answer[0].end_date), (PromotionalEntitlementStatus.Active, iso_ms(end)),
              "short CUSTOM grant of api-calls (status, endDate)")
    expect_eq((await promotional_extra(client, cid))[0], 3, "totalActivePromotionalEntitlements with three grants")
    e = await check(client, cid, API_CALLS, resource=None)
    expect_granted(e, "api-calls during its short grant")
    time.sleep(max(0.0, (end - datetime.now(timezone.utc)).total_seconds()) + 0.3)
    c = await get(client, cid)
    statuses = {p.feature.ref_id: p.status for p in c.promotional_entitlements}
    expect_eq(statuses, {DOMAIN: PromotionalEntitlementStatus.Active, TEMPLATES: PromotionalEntitlementStatus.Active,
                         API_CALLS: PromotionalEntitlementStatus.Expired},
              "get_customer_by_id promotionalEntitlements status after the short grant's end")
    expect_eq((await promotional_extra(client, cid))[0], 2,
              "totalActivePromotionalEntitlements after the short grant's end")
    e = await check(client, cid, API_CALLS, resource=None)
    expect_denied(e, AccessDeniedReason.NoActiveSubscription, "api-calls after its grant ended")


async def revoke_promotional_entitlement(client):
    cid = await provision_bare(client, "revoke")
    await grant_two(client, cid)
    _, grants = await promotional_extra(client, cid)
    domain_id = grants[DOMAIN][0]

    res = await call(client.revoke_promotional_entitlement(RevokePromotionalEntitlementInput(
        customer_id=cid, feature_id=DOMAIN)))
    expect_eq(sent_variables(), {"input": {"customerId": cid, "featureId": DOMAIN}},
              "variables sent by revoke_promotional_entitlement (sanity)")
    expect_eq(str(res.revoke_promotional_entitlement.id), domain_id,
              "revoke_promotional_entitlement id (the grant's id)")

    c = await get(client, cid)
    expect_eq([p.feature.ref_id for p in c.promotional_entitlements], [TEMPLATES],
              "get_customer_by_id promotionalEntitlements after the revoke")
    total, grants = await promotional_extra(client, cid)
    expect_eq((total, sorted(grants)), (1, [TEMPLATES]),
              "after the revoke (totalActivePromotionalEntitlements, promotionalEntitlements refIds)")
    e = await check(client, cid, DOMAIN, resource=None)
    expect_denied(e, AccessDeniedReason.NoActiveSubscription, "custom-domain after its grant was revoked")
    e = await check(client, cid, TEMPLATES, requested=1, resource=None)
    expect_granted(e, "templates (not revoked)")

    await expect_code(client.revoke_promotional_entitlement(RevokePromotionalEntitlementInput(
        customer_id=cid, feature_id=DOMAIN)), "PromotionalEntitlementNotFoundError",
        "a second revoke_promotional_entitlement of the custom domain")
    await expect_code(client.revoke_promotional_entitlement(RevokePromotionalEntitlementInput(
        customer_id=cid, feature_id=API_CALLS)), "PromotionalEntitlementNotFoundError",
        "revoke_promotional_entitlement of a feature never granted")
    # nothing changed
    total, grants = await promotional_extra(client, cid)
    expect_eq((total, sorted(grants)), (1, [TEMPLATES]), "after the refused revokes")
    await expect_customer_not_found(client.revoke_promotional_entitlement(RevokePromotionalEntitlementInput(
        customer_id=new_id("revokenobody"), feature_id=DOMAIN)), "revoke_promotional_entitlement, unknown customer")


async def unarchive_customer(client):
    cid = new_id("unarchive")
    meta = {"tier": "gold", "n": 3}
    res = await call(client.provision_customer(ProvisionCustomerInput(
        customer_id=cid, name="Ada Lovelace", email="ada@example.com", additional_meta_data=meta,
        subscription_params=ProvisionCustomerSubscriptionInput(plan_id="plan-free"))))
    expect_eq(res.provision_customer.subscription_decision_strategy, SubscriptionDecisionStrategy.REQUESTED_PLAN,
              "provision on plan-free: subscriptionDecisionStrategy")
    before = await get(client, cid)
    expect_eq((before.name, before.email, len(before.subscriptions)), ("Ada Lovelace", "ada@example.com", 1),
              "before the archive (name, email, number of subscriptions)")
    await grant(client, cid, [GrantPromotionalEntitlementInput(
        feature_id=DOMAIN, period=PromotionalEntitlementPeriod.LIFETIME)])

    await call(client.archive_customer(ArchiveCustomerInput(customer_id=cid)))
    await expect_customer_not_found(client.get_customer_by_id(GetCustomerByRefIdInput(customer_id=cid)),
                                    "get_customer_by_id of the archived customer")

    res = await call(client.unarchive_customer(UnarchiveCustomerInput(customer_id=cid)))
    expect_eq(sent_variables(), {"input": {"customerId": cid}}, "variables sent by unarchive_customer (sanity)")
    u = res.unarchive_customer
    expect_eq((str(u.id), u.customer_id, u.ref_id, u.name, u.email, u.additional_meta_data, u.billing_id,
               u.aws_marketplace_customer_id),
              (str(before.id), cid, cid, None, None, meta, None, None),
              "unarchive_customer (id, customerId, refId, name, email, additionalMetaData, billingId, "
              "awsMarketplaceCustomerId)")
    expect_eq(parse_time(u.created_at, "unarchive createdAt"), parse_time(before.created_at, "createdAt"),
              "unarchive_customer createdAt (unchanged)")
    expect(parse_time(u.updated_at, "unarchive updatedAt") > parse_time(before.updated_at, "updatedAt"),
           f"unarchive_customer updatedAt {u.updated_at} is not after {before.updated_at}")

    # Live again: get works; its subscription stays cancelled and its grant stays revoked.
    c = await get(client, cid)
    expect_eq((c.customer_id, c.name, c.email, c.subscriptions, c.has_active_subscription,
               c.promotional_entitlements),
              (cid, None, None, [], False, []),
              "get_customer_by_id after unarchive (customerId, name, email, subscriptions, hasActiveSubscription, "
              "promotionalEntitlements)")
    e = await check(client, cid, DOMAIN, resource=None)
    expect_denied(e, AccessDeniedReason.NoActiveSubscription, "custom-domain after unarchive (grant revoked)")
    await expect_code(client.provision_customer(ProvisionCustomerInput(customer_id=cid)),
                      "DuplicatedEntityNotAllowed", "provision_customer of the unarchived id")

    # A live customer (the one just unarchived, or one never archived) and an unknown id cannot be
    # unarchived.
    await expect_customer_not_found(client.unarchive_customer(UnarchiveCustomerInput(customer_id=cid)),
                                    "a second unarchive_customer")
    live = await provision_bare(client, "unarchivelive")
    await expect_customer_not_found(client.unarchive_customer(UnarchiveCustomerInput(customer_id=live)),
                                    "unarchive_customer of a customer never archived")
    await expect_customer_not_found(client.unarchive_customer(UnarchiveCustomerInput(
        customer_id=new_id("unarchivenobody"))), "unarchive_customer of an unknown customer")
    c = await get(client, cid)
    expect_eq((c.customer_id, c.name), (cid, None), "get_customer_by_id after the refused unarchives")


async def statistics(client, cid):
    res = await call(client.get_customer_statistics(GetCustomerByRefIdInput(customer_id=cid)))
    c = res.get_customer_by_ref_id
    expect(c is not None and c.statistics is not None, f"get_customer_statistics({cid}): customer or statistics null")
    rows = c.statistics.active_subscriptions_by_pricing_type
    counts = {}
    for r in rows:
        expect(r.pricing_type not in counts, f"get_customer_statistics: pricingType {r.pricing_type} listed twice")
        counts[r.pricing_type] = r.total_count
    return counts


async def customer_statistics(client):
    cid, _ = await provision_free(client, "stats")
    expect_eq(await statistics(client, cid), {PricingType.FREE: 1, PricingType.PAID: 0, PricingType.CUSTOM: 0},
              "get_customer_statistics of a customer on plan-free: activeSubscriptionsByPricingType")
    expect_eq(sent_variables(), {"input": {"customerId": cid}}, "variables sent by get_customer_statistics (sanity)")

    bare = await provision_bare(client, "statsbare")
    expect_eq(await statistics(client, bare), {PricingType.FREE: 0, PricingType.PAID: 0, PricingType.CUSTOM: 0},
              "get_customer_statistics of a customer without subscriptions")

    # The seed (PAID plan-basic on resource-01) plus plan-free on resource-02.
    seed, _ = await provision_seed(client, "statsseed")
    await call(client.provision_subscription(ProvisionSubscriptionInput(
        customer_id=seed, plan_id="plan-free", resource_id="resource-02")))
    expect_eq(await statistics(client, seed), {PricingType.FREE: 1, PricingType.PAID: 1, PricingType.CUSTOM: 0},
              "get_customer_statistics of the seed + plan-free on resource-02")
    # Archiving cancels the subscriptions; once unarchived, none is live.
    await call(client.archive_customer(ArchiveCustomerInput(customer_id=seed)))
    await expect_customer_not_found(client.get_customer_statistics(GetCustomerByRefIdInput(customer_id=seed)),
                                    "get_customer_statistics of an archived customer")
    await call(client.unarchive_customer(UnarchiveCustomerInput(customer_id=seed)))
    expect_eq(await statistics(client, seed), {PricingType.FREE: 0, PricingType.PAID: 0, PricingType.CUSTOM: 0},
              "get_customer_statistics after archive and unarchive (subscriptions cancelled)")
    await expect_customer_not_found(client.get_customer_statistics(GetCustomerByRefIdInput(
        customer_id=new_id("statsnobody"))), "get_customer_statistics of an unknown customer")


async def promotional_groups(client):
    cid = await provision_bare(client, "groups")
    group, other = new_id("bundle"), new_id("bundleapi")
    res = await call(client.grant_promotional_entitlements_group(GrantPromotionalEntitlementsGroupInput(
        customer_id=cid, feature_group_id=group, promotional_entitlements=[
            GrantPromotionalEntitlementInput(feature_id=DOMAIN, period=PromotionalEntitlementPeriod.LIFETIME),
            GrantPromotionalEntitlementInput(feature_id=TEMPLATES, period=PromotionalEntitlementPeriod.LIFETIME,
                                             usage_limit=TEMPLATES_GRANT)])))
    expect_eq(sent_variables(), {"input": {"customerId": cid, "featureGroupId": group, "promotionalEntitlements": [
        {"featureId": DOMAIN, "period": "LIFETIME"},
        {"featureId": TEMPLATES, "period": "LIFETIME", "usageLimit": float(TEMPLATES_GRANT)}]}},
        "variables sent by grant_promotional_entitlements_group (sanity)")
    got = res.grant_promotional_entitlements_group
    expect_eq([(p.feature.ref_id, p.status, p.usage_limit, p.end_date) for p in got],
              [(DOMAIN, PromotionalEntitlementStatus.Active, None, None),
               (TEMPLATES, PromotionalEntitlementStatus.Active, TEMPLATES_GRANT, None)],
              "grant_promotional_entitlements_group answer (feature, status, usageLimit, endDate)")
    expect_granted(await check(client, cid, DOMAIN, resource=None), "custom-domain granted by a group")
    e = await check(client, cid, TEMPLATES, requested=TEMPLATES_GRANT, resource=None)
    expect_granted(e, "templates granted by a group")
    expect_eq(e.usage_limit, TEMPLATES_GRANT, "templates usageLimit from the group")

    # A second group also grants templates: its grant replaces the first and belongs to both.
    await call(client.grant_promotional_entitlements_group(GrantPromotionalEntitlementsGroupInput(
        customer_id=cid, feature_group_id=other, promotional_entitlements=[
            GrantPromotionalEntitlementInput(feature_id=TEMPLATES, period=PromotionalEntitlementPeriod.LIFETIME,
                                             usage_limit=TEMPLATES_GRANT + 10)])))
    # Revoking the first group revokes the custom domain; templates stay (the other group holds them).
    res = await call(client.revoke_promotional_entitlements_group(RevokePromotionalEntitlementsGroupInput(
        customer_id=cid, feature_group_id=group)))
    expect_eq(sent_variables(), {"input": {"customerId": cid, "featureGroupId": group}},
              "variables sent by revoke_promotional_entitlements_group (sanity)")
    expect_eq([(p.feature.ref_id, p.status) for p in res.revoke_promotional_entitlements_group],
              [(TEMPLATES, PromotionalEntitlementStatus.Active), (DOMAIN, PromotionalEntitlementStatus.Expired)],
              "revoke_promotional_entitlements_group answer (feature, status; by feature refId)")
    expect_denied(await check(client, cid, DOMAIN, resource=None), AccessDeniedReason.NoActiveSubscription,
                  "custom-domain after its group was revoked")
    e = await check(client, cid, TEMPLATES, requested=1, resource=None)
    expect_eq((e.is_granted, e.usage_limit), (True, TEMPLATES_GRANT + 10),
              "templates after the first group was revoked (isGranted, usageLimit)")
    await expect_code(client.revoke_promotional_entitlements_group(RevokePromotionalEntitlementsGroupInput(
        customer_id=cid, feature_group_id=group)), "PromotionalEntitlementNotFoundError",
        "a second revoke_promotional_entitlements_group")

    # Unlinking the other group keeps its grant (still counted) outside any group.
    res = await call(client.unlink_promotional_entitlements_group(UnlinkPromotionalEntitlementsGroupInput(
        customer_id=cid, feature_group_id=other)))
    expect_eq([(p.feature.ref_id, p.status, p.usage_limit) for p in res.unlink_promotional_entitlements_group],
              [(TEMPLATES, PromotionalEntitlementStatus.Active, TEMPLATES_GRANT + 10)],
              "unlink_promotional_entitlements_group answer (feature, status, usageLimit)")
    await expect_code(client.revoke_promotional_entitlements_group(RevokePromotionalEntitlementsGroupInput(
        customer_id=cid, feature_group_id=other)), "PromotionalEntitlementNotFoundError",
        "revoke_promotional_entitlements_group after its unlink")
    total, grants = await promotional_extra(client, cid)
    expect_eq((total, sorted(grants)), (1, [TEMPLATES]), "after revoke and unlink (total active, refIds)")
    await expect_customer_not_found(client.unlink_promotional_entitlements_group(
        UnlinkPromotionalEntitlementsGroupInput(customer_id=new_id("groupnobody"), feature_group_id=other)),
        "unlink_promotional_entitlements_group, unknown customer")


async def import_customer(client):
    cid = new_id("import")
    res = await call(client.import_customer(ImportCustomerInput(
        customer_id=cid, name="Grace", email="grace@example.com", billing_id="cus_legacy",
        payment_method_id="pm_legacy", additional_meta_data={"source": "legacy"},
        updated_at="2024-02-03T04:05:06.789Z")))
    c = res.import_customer
    expect_eq((c.customer_id, c.ref_id, c.name, c.email, c.billing_id, c.additional_meta_data, c.updated_at),
              (cid, cid, "Grace", "grace@example.com", "cus_legacy", {"source": "legacy"},
               "2024-02-03T04:05:06.789Z"),
              "import_customer (customerId, refId, name, email, billingId, additionalMetaData, updatedAt)")
    got = await get(client, cid)
    expect_eq((str(got.id), got.name, got.has_payment_method), (str(c.id), "Grace", True),
              "get_customer_by_id of the imported customer (id, name, hasPaymentMethod)")
    # Importing the id again with a newer date updates it; with an older one it is skipped.
    res = await call(client.import_customer(ImportCustomerInput(
        customer_id=cid, name="Grace H.", updated_at="2025-01-01T00:00:00.000Z")))
    expect_eq((res.import_customer.name, res.import_customer.email), ("Grace H.", "grace@example.com"),
              "import_customer of an existing id (name, email kept)")
    res = await call(client.import_customer(ImportCustomerInput(
        customer_id=cid, name="Stale", updated_at="2023-01-01T00:00:00.000Z")))
    expect_eq(res.import_customer.name, "Grace H.", "import_customer older than the stored customer: skipped")
    await expect_code(client.import_customer(ImportCustomerInput(customer_id=new_id("importbad"), email="nope")),
                      "BadUserInput", "import_customer with an invalid email")


async def import_customer_bulk(client):
    ids = [new_id(f"bulk{i}") for i in range(3)]
    res = await call(client.import_customer_bulk(ImportCustomerBulkInput(customers=[
        ImportCustomerInput(customer_id=cid, name=f"Bulk {i}", payment_method_id=f"pm_{i}")
        for i, cid in enumerate(ids)])))
    expect_eq(res.import_customers_bulk, None, "import_customer_bulk answer")
    for i, cid in enumerate(ids):
        c = await get(client, cid)
        expect_eq((c.customer_id, c.name, c.has_payment_method), (cid, f"Bulk {i}", True),
                  f"get_customer_by_id of bulk customer {i} (customerId, name, hasPaymentMethod)")
    # One bad customer: the error names it and nothing is written.
    fresh = new_id("bulkfresh")
    exc = await expect_code(client.import_customer_bulk(ImportCustomerBulkInput(customers=[
        ImportCustomerInput(customer_id=fresh), ImportCustomerInput(customer_id=new_id("bulkbad"), email="x")])),
        "BadUserInput", "import_customer_bulk with a bad second customer")
    expect(exc.errors[0].message.startswith("customers[1]: "), f"bulk error message {exc.errors[0].message!r}")
    await expect_customer_not_found(client.get_customer_by_id(GetCustomerByRefIdInput(customer_id=fresh)),
                                    "the first customer of a refused bulk import")


async def import_subscriptions_bulk(client):
    a, b = new_id("subimporta"), new_id("subimportb")
    await call(client.import_customer_bulk(ImportCustomerBulkInput(customers=[
        ImportCustomerInput(customer_id=a), ImportCustomerInput(customer_id=b)])))
    sub_id = new_id("legacysub")
    res = await call(client.import_subscriptions_bulk(ImportSubscriptionsBulkInput(subscriptions=[
        ImportSubscriptionInput(customer_id=a, subscription_id=sub_id, plan_id="plan-basic", resource_id=RESOURCE,
                                billing_period=BillingPeriod.MONTHLY, start_date="2025-01-15T00:00:00.000Z",
                                billable_features=[BillableFeatureInput(feature_id=TEMPLATES, quantity=3)],
                                addons=[SubscriptionAddonInput(addon_id="addon-extra-stuff", quantity=2)]),
        ImportSubscriptionInput(customer_id=b, plan_id="plan-free")])))
    expect_eq(res.import_subscriptions_bulk, None, "import_subscriptions_bulk answer")
    c = await get(client, a)
    expect_eq(len(c.subscriptions), 1, "subscriptions of the imported customer")
    s = c.subscriptions[0]
    expect_eq((s.subscription_id, s.status.value, s.start_date, s.plan.ref_id,
               [(x.addon.ref_id, x.quantity) for x in s.addons]),
              (sub_id, "ACTIVE", "2025-01-15T00:00:00.000Z", "plan-basic", [("addon-extra-stuff", 2)]),
              "imported subscription (subscriptionId, status, startDate, plan, addons)")
    e = await check(client, a, TEMPLATES)
    expect_eq(e.usage_limit, 23, "templates of the imported subscription (3 + 2 x 10)")
    c = await get(client, b)
    expect_eq([s.plan.ref_id for s in c.subscriptions], ["plan-free"], "plan-free imported for the second customer")
    exc = await expect_code(client.import_subscriptions_bulk(ImportSubscriptionsBulkInput(subscriptions=[
        ImportSubscriptionInput(customer_id=a, plan_id="plan-free", resource_id="resource-77"),
        ImportSubscriptionInput(customer_id=b, plan_id="plan-nope")])),
        "PlanNotFound", "import_subscriptions_bulk with an unknown plan")
    expect(exc.errors[0].message.startswith("subscriptions[1]: "), f"bulk error message {exc.errors[0].message!r}")
    c = await get(client, a)
    expect_eq(len(c.subscriptions), 1, "subscriptions after the refused import (nothing written)")
# ---------------------------------------------------------------------------- trials and coupons

def basic_on(cid, resource, **extra):
    """provision_subscription input: plan-basic (14-day default trial) with 2 templates."""
    return ProvisionSubscriptionInput(
        customer_id=cid, plan_id="plan-basic", resource_id=resource,
        billable_features=[BillableFeatureInput(feature_id="feature-01-templates", quantity=2)], **extra)


def eligibility(c):
    return {e.product_ref_id: e.eligible for e in (c.eligible_for_trial or [])}


async def trials(client):
    cid = await provision_bare(client, "trial")
    c = await get(client, cid)
    expect_eq(c.trialed_plans, [], "get_customer_by_id trialedPlans before any subscription")
    expect_eq(eligibility(c).get("product-revvenu"), True, "eligibleForTrial(product-revvenu) before any trial")

    res = await call(client.provision_subscription(basic_on(cid, "resource-01")))
    s = res.provision_subscription.subscription
    expect_eq(s.status, SubscriptionStatus.IN_TRIAL, "provision_subscription(plan-basic) status: its default trial")
    c = await get(client, cid)
    g = c.subscriptions[0]
    start = parse_time(g.start_date, "get startDate")
    expect_eq(parse_time(g.trial_end_date, "get trialEndDate") - start, timedelta(days=14),
              "get trialEndDate - startDate (plan-basic: 14 days)")
    expect_eq([(t.plan_ref_id, t.product_ref_id) for t in c.trialed_plans], [("plan-basic", "product-revvenu")],
              "get trialedPlans (planRefId, productRefId)")
    expect(c.trialed_plans[0].plan_id and c.trialed_plans[0].product_id,
           f"trialedPlans ids are empty: {c.trialed_plans[0]}")
    expect_eq(eligibility(c).get("product-revvenu"), False, "eligibleForTrial(product-revvenu) after a trial")

    # One trial per product: another subscription of it starts paid.
    res = await call(client.provision_subscription(basic_on(cid, "resource-02")))
    s = res.provision_subscription.subscription
    expect_eq(s.status, SubscriptionStatus.ACTIVE, "second plan-basic subscription of the product: ACTIVE")

    # skip_trial: ACTIVE, and the customer stays eligible.
    other = await provision_bare(client, "skiptrial")
    res = await call(client.provision_subscription(basic_on(other, "resource-01", skip_trial=True)))
    expect_eq(sent_variables()["input"].get("skipTrial"), True, "variables sent: skipTrial (sanity)")
    expect_eq(res.provision_subscription.subscription.status, SubscriptionStatus.ACTIVE,
              "provision_subscription(skip_trial=True) status")
    c = await get(client, other)
    expect_eq(c.subscriptions[0].trial_end_date, None, "skip_trial: trialEndDate")
    expect_eq(c.trialed_plans, [], "skip_trial: trialedPlans")
    expect_eq(eligibility(c).get("product-revvenu"), True, "skip_trial: still eligibleForTrial")


async def coupon_discounts_totals(client):
    ref = new_id("third")
    res = await call(client.create_coupon(CreateCouponInput(
        ref_id=ref, name="A third off", type=CouponType.PERCENTAGE, percent_off=33.33, duration_in_months=3)))
    expect_eq(res.create_one_coupon.ref_id, ref, "create_coupon refId")
    fixed = new_id("tenoff")
    await call(client.create_coupon(CreateCouponInput(
        ref_id=fixed, name="10.015 off", amounts_off=[MoneyInputDTO(amount=10.015, currency=Currency.DKK)])))

    # The seed's subscription (139 DKK) for a customer with the coupon: 33.33% -> 46.33 off.
    cid = new_id("couponed")
    await call(client.provision_customer(ProvisionCustomerInput(
        customer_id=cid, coupon_ref_id=ref, subscription_params=seed_params())))
    c = await get(client, cid)
    expect_eq(c.coupon.ref_id if c.coupon else None, ref, "get coupon.refId")
    t = c.subscriptions[0].total_price
    expect_eq((t.sub_total.amount, t.sub_total.currency), (139, Currency.DKK), "get totalPrice.subTotal")
    expect_eq((t.total.amount, t.total.currency), (92.67, Currency.DKK), "get totalPrice.total (33.33% off)")

    # A FIXED coupon given by update_customer: 10.015 DKK rounds half to even to 10.02.
    await call(client.update_customer(UpdateCustomerInput(customer_id=cid, coupon_ref_id=fixed)))
    t = (await get(client, cid)).subscriptions[0].total_price
    expect_eq((t.sub_total.amount, t.total.amount), (139, 128.98), "get totalPrice after a FIXED 10.015 DKK coupon")


async def main():
    rep = Reporter("stigg-api-client-v2 6.25.0 customer lifecycle against " + URL)
    client = make_client()
    try:
        for name, fn in [
            ("v2 grant/revoke/unlink_promotional_entitlements_group -> grants counted, revoke keeps grants "
             "of another group, unlink keeps the grant", promotional_groups),
            ("v2 import_customer -> ids, dates, payment method kept; existing id updated unless newer",
             import_customer),
            ("v2 import_customer_bulk -> all stored; one bad customer -> coded error naming it, nothing "
             "written", import_customer_bulk),
            ("v2 import_subscriptions_bulk -> ids, start dates, plans, addons kept; one bad -> nothing "
             "written", import_subscriptions_bulk),
            ("v2 grant_promotional_entitlements (BOOLEAN ONE_MONTH, NUMBER CUSTOM with usageLimit) -> "
             "PromotionalEntitlement fields; unknown customer -> CustomerNotFound",
             grant_promotional_entitlements),
            ("v2 get_entitlement / get_entitlements of a customer without subscription and with grants -> "
             "access as granted", grant_gives_access_without_subscription),
            ("v2 grant on top of a subscription -> the more generous limit wins; granting again replaces",
             grant_combines_with_subscription),
            ("v2 get_customer_by_id -> promotionalEntitlements, totalActivePromotionalEntitlements; a grant "
             "past its end -> Expired, not counted", customer_shows_grants),
            ("v2 revoke_promotional_entitlement -> the grant's id; again -> PromotionalEntitlementNotFoundError",
             revoke_promotional_entitlement),
            ("v2 unarchive_customer after archive_customer -> the customer, name/email None; a live or unknown "
             "customer -> CustomerNotFound", unarchive_customer),
            ("v2 get_customer_statistics -> activeSubscriptionsByPricingType (FREE/PAID/CUSTOM counts)",
             customer_statistics),
            ("v2 provision_subscription of a plan with a default trial -> IN_TRIAL once per product, then ACTIVE; "
             "skip_trial -> ACTIVE; get_customer_by_id trialedPlans, eligibleForTrial", trials),
            ("v2 create_coupon + couponRefId -> the subscription's totalPrice.total after the discount "
             "(33.33% of 139 DKK -> 92.67; FIXED 10.015 DKK -> 128.98)", coupon_discounts_totals),
        ]:
            await rep.arun(name, fn, client)
    finally:
        await client.http_client.aclose()
    rep.finish()


if __name__ == "__main__":
    asyncio.run(main())
