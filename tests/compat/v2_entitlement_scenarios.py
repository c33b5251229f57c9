"""plangate entitlement and usage scenarios for the official Stigg Python client v2
(stigg-api-client-v2 6.25.0), against the seed's catalog (examples/catalog.yaml, which
run.sh applies before starting the server).

The seed's provision (plan-basic on resource-01, 2 x feature-01-templates bought, 1 x
addon-extra-stuff) entitles the customer to 12 templates (2 bought + 10 from the addon;
a Fluctuating meter, never reset), 15,000 API calls a month (10,000 soft from the plan +
5,000 from the addon; Incremental, MONTH reset from the subscription's start) and the
custom domain (BOOLEAN).

Run with the interpreter printed by `stigg-reference python v2`:
    PLANGATE_URL=http://127.0.0.1:PORT/graphql PLANGATE_API_KEY=KEY \
    python v2_entitlement_scenarios.py
Prints PASS/FAIL per scenario and a final `RESULT passed=N failed=M` line.
"""

import asyncio
import calendar
import os
import sys
import uuid
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from _common import (  # noqa: E402
    RUN_ID,
    Reporter,
    expect,
    expect_eq,
    new_id,
    parse_time,
)

# Client factory with wire capture and call/expect_code come from v2_scenarios.py; the seed's
# provision input from v2_subscription_scenarios.py. Importing them runs no scenario.
from v2_scenarios import (  # noqa: E402
    URL,
    call,
    expect_code,
    make_client,
    sent_variables,
)
from v2_subscription_scenarios import get, seed_provision_input  # noqa: E402

from stigg.generated.enums import (  # noqa: E402
    AccessDeniedReason,
    EntitlementResetPeriod,
    EntitlementsStateAccessDeniedReason,
    FeatureType,
    MeterType,
    MonthlyAccordingTo,
    SubscriptionDecisionStrategy,
    UsageUpdateBehavior,
)
from stigg.generated.input_types import (  # noqa: E402
    ArchiveCustomerInput,
    EntitlementCheckRequested,
    EntitlementCheckResult,
    EntitlementOptions,
    FetchEntitlementQuery,
    FetchEntitlementsQuery,
    GetEntitlementV2Input,
    ProvisionCustomerInput,
    ProvisionSubscriptionInput,
    ReportUsageBaseInput,
    ReportUsageBulkInput,
    ReportUsageInput,
)

RESOURCE = "resource-01"
TEMPLATES = "feature-01-templates"
DOMAIN = "feature-02-custom-domain"
API_CALLS = "feature-03-api-calls"
UNKNOWN_FEATURE = f"feature-unknown-{RUN_ID}"

# feature refId -> (featureType, meterType, isGranted, usageLimit, hasUnlimitedUsage, hasSoftLimit, resetPeriod)
SEED_ENTITLEMENTS = {
    TEMPLATES: (FeatureType.NUMBER, MeterType.FLUCTUATING, True, 12, False, False, None),
    DOMAIN: (FeatureType.BOOLEAN, None, True, None, False, False, None),
    API_CALLS: (FeatureType.NUMBER, MeterType.INCREMENTAL, True, 15000, False, True,
                EntitlementResetPeriod.MONTH),
}


# ---------------------------------------------------------------------------- helpers

async def provision_seed(client, label):
    """A new customer provisioned as the seed is; returns (customerId, subscription startDate)."""
    cid = new_id(label)
    res = await call(client.provision_customer(seed_provision_input(cid)))
    expect_eq(res.provision_customer.subscription_decision_strategy,
              SubscriptionDecisionStrategy.REQUESTED_PLAN, "seed provision subscriptionDecisionStrategy")
    c = await get(client, cid)
    expect_eq(len(c.subscriptions or []), 1, "seed provision: number of subscriptions")
    return cid, parse_time(c.subscriptions[0].start_date, "subscription startDate")


async def provision_bare(client, label):
    """A new customer without any subscription."""
    cid = new_id(label)
    res = await call(client.provision_customer(ProvisionCustomerInput(customer_id=cid)))
    expect_eq(res.provision_customer.subscription_decision_strategy,
              SubscriptionDecisionStrategy.SKIPPED_SUBSCRIPTION_CREATION,
              "provision without subscriptionParams: subscriptionDecisionStrategy")
    return cid


async def check(client, cid, feature, requested=None, resource=RESOURCE):
    options = None if requested is None else EntitlementOptions(requested_usage=requested)
    res = await call(client.get_entitlement(FetchEntitlementQuery(
        customer_id=cid, feature_id=feature, resource_id=resource, options=options)))
    e = res.entitlement
    expect_eq(e.typename__, "Entitlement", "entitlement __typename")
    return e


async def report(client, cid, feature, value, resource=RESOURCE, **fields):
    res = await call(client.report_usage(ReportUsageInput(
        customer_id=cid, feature_id=feature, value=value, resource_id=resource, **fields)))
    return res.report_usage


def expect_granted(e, what):
    expect_eq((e.is_granted, e.access_denied_reason), (True, None),
              f"{what} (isGranted, accessDeniedReason)")


def expect_denied(e, reason, what):
    expect_eq((e.is_granted, e.access_denied_reason), (False, reason),
              f"{what} (isGranted, accessDeniedReason)")


def add_month(t):
    """One calendar month later, clamped to the month's end (Jan 31 -> Feb 28/29)."""
    year, month = (t.year + 1, 1) if t.month == 12 else (t.year, t.month + 1)
    return t.replace(year=year, month=month, day=min(t.day, calendar.monthrange(year, month)[1]))


def check_month_period(obj, start_date, what, now=None):
    """The first MONTH usage period of a subscription that started at start_date."""
    start = parse_time(obj.usage_period_start, f"{what} usagePeriodStart")
    end = parse_time(obj.usage_period_end, f"{what} usagePeriodEnd")
    expect_eq(start, start_date, f"{what} usagePeriodStart vs the subscription's startDate")
    expect_eq(end, add_month(start), f"{what} usagePeriodEnd (usagePeriodStart + 1 calendar month)")
    now = now or datetime.now(timezone.utc)
    slack = timedelta(minutes=5)  # client and server share the clock; leave room anyway
    expect(start - slack <= now < end + slack,
           f"{what}: now {now.isoformat()} is not in the period [{start.isoformat()}, {end.isoformat()})")
    return start, end


def check_feature(f, refid, what):
    ftype, meter = SEED_ENTITLEMENTS[refid][:2]
    expect(f is not None, f"{what}: feature is null")
    expect_eq(f.typename__, "EntitlementFeature", f"{what} feature __typename")
    expect_eq(f.ref_id, refid, f"{what} feature.refId")
    expect_eq(f.feature_type, ftype, f"{what} feature.featureType")
    expect_eq(f.meter_type, meter, f"{what} feature.meterType")
    expect(f.display_name, f"{what}: feature.displayName is empty")


def check_seed_entitlement(e, refid, cid, start_date, what, current_usage=0, is_v2=False):
    """One entitlement (Entitlement or FeatureEntitlement) of a freshly provisioned seed customer."""
    _, _, granted, limit, unlimited, soft, reset = SEED_ENTITLEMENTS[refid]
    check_feature(e.feature, refid, what)
    expect_eq((e.is_granted, e.access_denied_reason, e.usage_limit, e.has_unlimited_usage,
               bool(e.has_soft_limit), e.reset_period),
              (granted, None, limit, unlimited, soft, reset),
              f"{what} (isGranted, accessDeniedReason, usageLimit, hasUnlimitedUsage, hasSoftLimit, "
              f"resetPeriod)")
    if not is_v2:
        expect_eq(e.customer_id, cid, f"{what} customerId")
        expect_eq(e.resource_id, RESOURCE, f"{what} resourceId")
    expect(e.valid_until is None, f"{what}: validUntil {e.valid_until!r} (nothing expires)")
    if e.entitlement_updated_at is not None:
        parse_time(e.entitlement_updated_at, f"{what} entitlementUpdatedAt")
    if refid == DOMAIN:
        return
    expect_eq(e.current_usage, current_usage, f"{what} currentUsage")
    if refid == TEMPLATES:  # Fluctuating: never resets, so no usage period
        expect_eq((e.usage_period_anchor, e.usage_period_start, e.usage_period_end,
                   e.reset_period_configuration),
                  (None, None, None, None),
                  f"{what} (usagePeriodAnchor, usagePeriodStart, usagePeriodEnd, "
                  f"resetPeriodConfiguration) of a Fluctuating meter")
        if not is_v2:
            expect_eq(e.next_reset_date, None, f"{what} nextResetDate of a Fluctuating meter")
        return
    # API calls: MONTH, counted from the subscription's start
    cfg = e.reset_period_configuration
    expect(cfg is not None, f"{what}: resetPeriodConfiguration is null for a MONTH reset")
    expect_eq((cfg.typename__, cfg.monthly_according_to),
              ("MonthlyResetPeriodConfig", MonthlyAccordingTo.SubscriptionStart),
              f"{what} resetPeriodConfiguration (__typename, monthlyAccordingTo)")
    anchor = parse_time(e.usage_period_anchor, f"{what} usagePeriodAnchor")
    expect_eq(anchor, start_date, f"{what} usagePeriodAnchor vs the subscription's startDate")
    _, end = check_month_period(e, start_date, what)
    if not is_v2:
        expect_eq(parse_time(e.next_reset_date, f"{what} nextResetDate"), end,
                  f"{what} nextResetDate vs usagePeriodEnd")


def by_feature(entitlements, what):
    got = {}
    for e in entitlements:
        expect(e.feature is not None, f"{what}: an entry has feature null: {e!r}")
        expect(e.feature.ref_id not in got, f"{what}: feature {e.feature.ref_id} listed twice")
        got[e.feature.ref_id] = e
    return got


def check_report(r, cid, feature, current_usage, what, resource=RESOURCE):
    expect(r.id is not None and str(r.id) != "", f"{what}: id is empty")
    uuid.UUID(str(r.id))  # id is a UUID
    expect_eq((r.customer_id, r.feature_id, r.resource_id, r.current_usage, r.credit),
              (cid, feature, resource, current_usage, None),
              f"{what} (customerId, featureId, resourceId, currentUsage, credit)")
    parse_time(r.timestamp, f"{what} timestamp")
    if feature == TEMPLATES:
        expect_eq((r.usage_period_start, r.usage_period_end, r.next_reset_date), (None, None, None),
                  f"{what} (usagePeriodStart, usagePeriodEnd, nextResetDate) of a Fluctuating meter")
    else:
        start = parse_time(r.usage_period_start, f"{what} usagePeriodStart")
        end = parse_time(r.usage_period_end, f"{what} usagePeriodEnd")
        expect_eq(end, add_month(start), f"{what} usagePeriodEnd (usagePeriodStart + 1 month)")
        expect_eq(parse_time(r.next_reset_date, f"{what} nextResetDate"), end,
                  f"{what} nextResetDate vs usagePeriodEnd")


# ---------------------------------------------------------------------------- scenarios

async def entitlements_of_seed(client):
    cid, start = await provision_seed(client, "ents")
    res = await call(client.get_entitlements(FetchEntitlementsQuery(customer_id=cid, resource_id=RESOURCE)))
    expect_eq(sent_variables(), {"query": {"customerId": cid, "resourceId": RESOURCE}},
              "variables sent by get_entitlements (sanity)")
    got = by_feature(res.entitlements, "get_entitlements(resource-01)")
    expect_eq(sorted(got), sorted(SEED_ENTITLEMENTS), "get_entitlements(resource-01) feature refIds")
    for refid, e in got.items():
        expect_eq(e.typename__, "Entitlement", f"get_entitlements {refid} __typename")
        check_seed_entitlement(e, refid, cid, start, f"get_entitlements {refid}")

    # The seed's only subscription is resource-01's: without resourceId only customer-level
    # subscriptions count, so there is nothing.
    res = await call(client.get_entitlements(FetchEntitlementsQuery(customer_id=cid)))
    expect_eq(res.entitlements, [], "get_entitlements without resourceId (no customer-level subscription)")
    # Unknown customers and customers without a subscription get an empty list, not an error.
    res = await call(client.get_entitlements(FetchEntitlementsQuery(customer_id=new_id("entsnobody"),
                                                                    resource_id=RESOURCE)))
    expect_eq(res.entitlements, [], "get_entitlements of an unknown customer")


async def requested_usage_until_limit(client):
    cid, _ = await provision_seed(client, "requsage")
    e = await check(client, cid, TEMPLATES, requested=1)
    expect_eq(sent_variables(), {"query": {"customerId": cid, "featureId": TEMPLATES, "resourceId": RESOURCE,
                                           "options": {"requestedUsage": 1.0}}},
              "variables sent by get_entitlement (sanity)")
    expect_granted(e, "templates, requestedUsage 1, usage 0")
    expect_eq((e.usage_limit, e.current_usage, e.requested_usage, e.customer_id, e.resource_id),
              (12, 0, 1, cid, RESOURCE),
              "templates, requestedUsage 1 (usageLimit, currentUsage, requestedUsage, customerId, resourceId)")
    check_feature(e.feature, TEMPLATES, "templates")

    e = await check(client, cid, TEMPLATES, requested=12)
    expect_granted(e, "templates, requestedUsage 12 (= the limit), usage 0")
    e = await check(client, cid, TEMPLATES, requested=13)
    expect_denied(e, AccessDeniedReason.RequestedUsageExceedingLimit,
                  "templates, requestedUsage 13 (> the limit), usage 0")
    expect_eq(e.requested_usage, 13, "templates, requestedUsage 13: requestedUsage echoed")

    r = await report(client, cid, TEMPLATES, 11)
    check_report(r, cid, TEMPLATES, 11, "report_usage templates 11")
    e = await check(client, cid, TEMPLATES, requested=1)
    expect_granted(e, "templates, requestedUsage 1, usage 11 (11 + 1 <= 12)")
    expect_eq(e.current_usage, 11, "templates currentUsage after 11")

    r = await report(client, cid, TEMPLATES, 1)
    check_report(r, cid, TEMPLATES, 12, "report_usage templates +1")
    e = await check(client, cid, TEMPLATES, requested=1)
    expect_denied(e, AccessDeniedReason.RequestedUsageExceedingLimit, "templates, requestedUsage 1, usage 12")
    expect_eq((e.usage_limit, e.current_usage, e.requested_usage), (12, 12, 1),
              "templates denied (usageLimit, currentUsage, requestedUsage)")
    parse_time(e.usage_updated_at, "templates usageUpdatedAt after a report")
    # requestedUsage defaults to 0 (the SDKs' rule): usage at the limit is still granted
    e = await check(client, cid, TEMPLATES)
    expect_granted(e, "templates without options, usage 12 (12 + 0 <= 12)")
    expect_eq(e.requested_usage, None, "templates without options: requestedUsage")

    # A soft limit grants beyond the limit.
    r = await report(client, cid, API_CALLS, 15001, update_behavior=UsageUpdateBehavior.SET)
    check_report(r, cid, API_CALLS, 15001, "report_usage SET api-calls 15001")
    e = await check(client, cid, API_CALLS, requested=100)
    expect_granted(e, "api-calls (soft limit 15000), usage 15001, requestedUsage 100")
    expect_eq((e.usage_limit, e.current_usage, e.has_soft_limit), (15000, 15001, True),
              "api-calls (usageLimit, currentUsage, hasSoftLimit)")


async def entitlement_v2(client):
    cid, start = await provision_seed(client, "entv2")
    await report(client, cid, API_CALLS, 40)
    res = await call(client.get_entitlement_v_2(GetEntitlementV2Input(
        customer_id=cid, resource_id=RESOURCE, feature_id=API_CALLS)))
    e = res.entitlement_v_2
    expect_eq(e.typename__, "FeatureEntitlement", "entitlementV2 __typename")
    check_seed_entitlement(e, API_CALLS, cid, start, "entitlementV2 api-calls", current_usage=40, is_v2=True)
    parse_time(e.usage_updated_at, "entitlementV2 api-calls usageUpdatedAt")

    res = await call(client.get_entitlement_v_2(GetEntitlementV2Input(
        customer_id=cid, resource_id=RESOURCE, feature_id=TEMPLATES,
        options=EntitlementOptions(requested_usage=13))))
    e = res.entitlement_v_2
    expect_eq(e.typename__, "FeatureEntitlement", "entitlementV2 templates __typename")
    expect_denied(e, AccessDeniedReason.RequestedUsageExceedingLimit,
                  "entitlementV2 templates requestedUsage 13 (limit 12)")
    expect_eq((e.usage_limit, e.current_usage), (12, 0), "entitlementV2 templates (usageLimit, currentUsage)")

    res = await call(client.get_entitlement_v_2(GetEntitlementV2Input(
        customer_id=cid, resource_id=RESOURCE, feature_id=DOMAIN)))
    e = res.entitlement_v_2
    expect_eq(e.typename__, "FeatureEntitlement", "entitlementV2 custom-domain __typename")
    check_seed_entitlement(e, DOMAIN, cid, start, "entitlementV2 custom-domain", is_v2=True)


async def entitlements_state(client):
    cid, start = await provision_seed(client, "state")
    res = await call(client.get_entitlements_state(FetchEntitlementsQuery(customer_id=cid, resource_id=RESOURCE)))
    s = res.entitlements_state
    expect_eq(s.access_denied_reason, None, "entitlementsState of a subscribed customer: accessDeniedReason")
    got = by_feature(s.entitlements, "entitlementsState.entitlements")
    expect_eq(sorted(got), sorted(SEED_ENTITLEMENTS), "entitlementsState.entitlements feature refIds")
    for refid, e in got.items():
        check_seed_entitlement(e, refid, cid, start, f"entitlementsState.entitlements {refid}")
    got = by_feature(s.entitlements_v_2, "entitlementsState.entitlementsV2")
    expect_eq(sorted(got), sorted(SEED_ENTITLEMENTS), "entitlementsState.entitlementsV2 feature refIds")
    for refid, e in got.items():
        expect_eq(e.typename__, "FeatureEntitlement", f"entitlementsState.entitlementsV2 {refid} __typename")
        check_seed_entitlement(e, refid, cid, start, f"entitlementsState.entitlementsV2 {refid}", is_v2=True)

    nobody = new_id("statenobody")
    res = await call(client.get_entitlements_state(FetchEntitlementsQuery(customer_id=nobody,
                                                                          resource_id=RESOURCE)))
    s = res.entitlements_state
    expect_eq((s.access_denied_reason, s.entitlements, s.entitlements_v_2),
              (EntitlementsStateAccessDeniedReason.CustomerNotFound, [], []),
              "entitlementsState of an unknown customer (accessDeniedReason, entitlements, entitlementsV2)")

    bare = await provision_bare(client, "statebare")
    res = await call(client.get_entitlements_state(FetchEntitlementsQuery(customer_id=bare)))
    s = res.entitlements_state
    expect_eq((s.access_denied_reason, s.entitlements, s.entitlements_v_2),
              (EntitlementsStateAccessDeniedReason.NoActiveSubscription, [], []),
              "entitlementsState of a customer without subscriptions "
              "(accessDeniedReason, entitlements, entitlementsV2)")


async def report_usage_behaviours(client):
    cid, start = await provision_seed(client, "report")
    r = await report(client, cid, API_CALLS, 3)
    expect_eq(sent_variables(), {"input": {"customerId": cid, "featureId": API_CALLS, "value": 3.0,
                                           "resourceId": RESOURCE}},
              "variables sent by report_usage (sanity: no updateBehavior, so DELTA by default)")
    check_report(r, cid, API_CALLS, 3, "report_usage 3 (DELTA by default)")
    check_month_period(r, start, "report_usage 3")
    first_id = str(r.id)

    r = await report(client, cid, API_CALLS, 4, update_behavior=UsageUpdateBehavior.DELTA)
    check_report(r, cid, API_CALLS, 7, "report_usage DELTA 4")
    expect(str(r.id) != first_id, "two reports got the same id")

    r = await report(client, cid, API_CALLS, 2, update_behavior=UsageUpdateBehavior.SET)
    expect_eq(sent_variables()["input"].get("updateBehavior"), "SET", "updateBehavior sent (sanity)")
    check_report(r, cid, API_CALLS, 2, "report_usage SET 2")

    key = f"idem-{RUN_ID}-{uuid.uuid4().hex[:8]}"
    r1 = await report(client, cid, API_CALLS, 5, idempotency_key=key)
    check_report(r1, cid, API_CALLS, 7, "report_usage 5 with an idempotencyKey")
    r2 = await report(client, cid, API_CALLS, 5, idempotency_key=key)
    expect_eq(sent_variables()["input"].get("idempotencyKey"), key, "idempotencyKey sent (sanity)")
    expect_eq(str(r2.id), str(r1.id), "repeated idempotencyKey: id of the original measurement")
    check_report(r2, cid, API_CALLS, 7, "repeated idempotencyKey (usage unchanged)")

    # Explicit nulls (the client sends fields set to None as null) mean the defaults: DELTA.
    r = await report(client, cid, API_CALLS, 1, update_behavior=None, idempotency_key=None, created_at=None,
                     dimensions=None)
    expect_eq(sent_variables()["input"].get("updateBehavior", "absent"), None,
              "updateBehavior sent as null (sanity)")
    check_report(r, cid, API_CALLS, 8, "report_usage 1 with updateBehavior null (DELTA)")

    e = await check(client, cid, API_CALLS)
    expect_eq(e.current_usage, 8, "get_entitlement api-calls currentUsage after the reports")
    # Usage is per resource: nothing was reported for templates.
    e = await check(client, cid, TEMPLATES)
    expect_eq(e.current_usage, 0, "get_entitlement templates currentUsage")


async def report_usage_bulk(client):
    cid, _ = await provision_seed(client, "bulk")
    res = await call(client.report_usage_bulk(ReportUsageBulkInput(usages=[
        ReportUsageBaseInput(customer_id=cid, resource_id=RESOURCE, feature_id=API_CALLS, value=2),
        ReportUsageBaseInput(customer_id=cid, resource_id=RESOURCE, feature_id=TEMPLATES, value=3),
        ReportUsageBaseInput(customer_id=cid, resource_id=RESOURCE, feature_id=API_CALLS, value=5),
        ReportUsageBaseInput(customer_id=cid, resource_id=RESOURCE, feature_id=TEMPLATES, value=1,
                             update_behavior=UsageUpdateBehavior.SET),
    ])))
    answers = res.report_usage_bulk
    expect_eq([(a.feature_id, a.current_usage) for a in answers],
              [(API_CALLS, 2), (TEMPLATES, 3), (API_CALLS, 7), (TEMPLATES, 1)],
              "report_usage_bulk answers in order (featureId, currentUsage)")
    for i, (a, f, u) in enumerate(zip(answers, [API_CALLS, TEMPLATES, API_CALLS, TEMPLATES], [2, 3, 7, 1])):
        check_report(a, cid, f, u, f"report_usage_bulk answer {i}")
    expect_eq(len({str(a.id) for a in answers}), 4, "report_usage_bulk: four distinct ids")

    res = await call(client.get_entitlements(FetchEntitlementsQuery(customer_id=cid, resource_id=RESOURCE)))
    got = by_feature(res.entitlements, "get_entitlements after the bulk")
    expect_eq((got[API_CALLS].current_usage, got[TEMPLATES].current_usage), (7, 1),
              "get_entitlements after the bulk (api-calls, templates) currentUsage")


async def entitlement_check_requested(client):
    cid, _ = await provision_seed(client, "checkreq")
    res = await call(client.report_entitlement_check_requested(EntitlementCheckRequested(
        customer_id=cid, feature_id=TEMPLATES, resource_id=RESOURCE, requested_usage=1,
        entitlement_check_result=EntitlementCheckResult(
            has_access=True, usage_limit=12, current_usage=0, requested_usage=1))))
    expect_eq(res.report_entitlement_check_requested, True, "reportEntitlementCheckRequested")
    res = await call(client.report_entitlement_check_requested(EntitlementCheckRequested(
        customer_id=cid, feature_id=TEMPLATES, resource_id=RESOURCE, requested_usage=20,
        entitlement_check_result=EntitlementCheckResult(
            has_access=False, access_denied_reason=AccessDeniedReason.RequestedUsageExceedingLimit,
            usage_limit=12, current_usage=0, requested_usage=20))))
    expect_eq(res.report_entitlement_check_requested, True, "reportEntitlementCheckRequested (denied result)")


async def denial_reasons(client):
    # unknown customer
    e = await check(client, new_id("denynobody"), TEMPLATES, requested=1)
    expect_denied(e, AccessDeniedReason.CustomerNotFound, "get_entitlement of an unknown customer")
    # a customer without subscriptions
    bare = await provision_bare(client, "denybare")
    e = await check(client, bare, DOMAIN, resource=None)
    expect_denied(e, AccessDeniedReason.NoActiveSubscription,
                  "get_entitlement of a customer without subscriptions")
    expect_eq(e.customer_id, bare, "NoActiveSubscription customerId")
    # an unknown feature for a subscribed customer
    cid, _ = await provision_seed(client, "denyfeat")
    e = await check(client, cid, UNKNOWN_FEATURE)
    expect_denied(e, AccessDeniedReason.FeatureNotFound, f"get_entitlement of feature {UNKNOWN_FEATURE}")
    # and for an unknown customer, the customer is checked first
    e = await check(client, new_id("denyboth"), UNKNOWN_FEATURE)
    expect_denied(e, AccessDeniedReason.CustomerNotFound, "get_entitlement of an unknown customer and feature")
    # an archived customer (its subscription no longer counts)
    archived, _ = await provision_seed(client, "denyarch")
    await call(client.archive_customer(ArchiveCustomerInput(customer_id=archived)))
    e = await check(client, archived, DOMAIN)
    expect_denied(e, AccessDeniedReason.CustomerIsArchived, "get_entitlement of an archived customer")
    res = await call(client.get_entitlements_state(FetchEntitlementsQuery(customer_id=archived,
                                                                          resource_id=RESOURCE)))
    expect_eq((res.entitlements_state.access_denied_reason, res.entitlements_state.entitlements),
              (EntitlementsStateAccessDeniedReason.CustomerIsArchived, []),
              "entitlementsState of an archived customer (accessDeniedReason, entitlements)")


async def denial_reasons_scope(client):
    # plan-free on resource-02 has templates and API calls, not the custom domain
    cid, _ = await provision_seed(client, "denyscope")
    await call(client.provision_subscription(ProvisionSubscriptionInput(
        customer_id=cid, plan_id="plan-free", resource_id="resource-02")))
    e = await check(client, cid, DOMAIN, resource="resource-02")
    expect_denied(e, AccessDeniedReason.NoFeatureEntitlementInSubscription,
                  "custom-domain on resource-02 (plan-free)")
    e = await check(client, cid, TEMPLATES, resource="resource-02")
    expect_granted(e, "templates on resource-02 (plan-free)")
    expect_eq((e.usage_limit, e.resource_id), (3, "resource-02"),
              "templates on resource-02 (usageLimit, resourceId)")
    e = await check(client, cid, DOMAIN)
    expect_granted(e, "custom-domain on resource-01 (plan-basic)")
    e = await check(client, cid, DOMAIN, resource=f"resource-unknown-{RUN_ID}")
    expect_denied(e, AccessDeniedReason.CustomerResourceNotFound, "custom-domain on an unknown resource")


async def report_usage_errors(client):
    cid, _ = await provision_seed(client, "reporterr")
    await expect_code(client.report_usage(ReportUsageInput(
        customer_id=cid, resource_id=RESOURCE, feature_id=UNKNOWN_FEATURE, value=1)),
        "FeatureNotFound", f"report_usage for feature {UNKNOWN_FEATURE}")
    await expect_code(client.report_usage(ReportUsageInput(
        customer_id=new_id("reportnobody"), resource_id=RESOURCE, feature_id=TEMPLATES, value=1)),
        "CustomerNotFound", "report_usage for an unknown customer")
    await expect_code(client.report_usage(ReportUsageInput(
        customer_id=cid, resource_id=RESOURCE, feature_id=DOMAIN, value=1)),
        "MeteringNotAvailableForFeatureType", "report_usage for the BOOLEAN custom-domain")
    # nothing was counted
    e = await check(client, cid, TEMPLATES)
    expect_eq(e.current_usage, 0, "templates currentUsage after the refused reports")


async def main():
    rep = Reporter("stigg-api-client-v2 6.25.0 entitlements and usage against " + URL)
    client = make_client()
    try:
        for name, fn in [
            ("v2 get_entitlements (cachedEntitlements) of the seed on resource-01 -> templates 12, "
             "custom domain, API calls 15000 soft MONTH with its period; none without resourceId",
             entitlements_of_seed),
            ("v2 get_entitlement requestedUsage: granted up to the limit; report_usage to 12 -> "
             "RequestedUsageExceedingLimit; soft limit grants beyond", requested_usage_until_limit),
            ("v2 get_entitlement_v_2 -> FeatureEntitlement (usage, period, denial)", entitlement_v2),
            ("v2 get_entitlements_state: subscribed -> no reason; unknown -> CustomerNotFound; "
             "no subscription -> NoActiveSubscription", entitlements_state),
            ("v2 report_usage DELTA (default, or updateBehavior null), SET, idempotencyKey repeat -> "
             "same id, usage unchanged",
             report_usage_behaviours),
            ("v2 report_usage_bulk -> one answer per usage, in order", report_usage_bulk),
            ("v2 report_entitlement_check_requested -> True", entitlement_check_requested),
            ("v2 get_entitlement denials: CustomerNotFound, NoActiveSubscription, FeatureNotFound, "
             "CustomerIsArchived",
             denial_reasons),
            ("v2 get_entitlement by resource: NoFeatureEntitlementInSubscription (plan-free), "
             "CustomerResourceNotFound", denial_reasons_scope),
            ("v2 report_usage errors: unknown feature -> FeatureNotFound, unknown customer -> "
             "CustomerNotFound, BOOLEAN -> MeteringNotAvailableForFeatureType", report_usage_errors),
        ]:
            await rep.arun(name, fn, client)
    finally:
        await client.http_client.aclose()
    rep.finish()


if __name__ == "__main__":
    asyncio.run(main())
