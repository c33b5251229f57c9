"""plangate entitlement and usage scenarios for the official Stigg Python client v2
(stigg-api-client-v2 6.25.0), against the seed's catalog (examples/catalog.yaml, which
run.sh applies before starting the server).

The seed's provision (plan-basic on resource-01, 2 x feature-01-templates bought, 1 x
addon-extra-stuff) entitles the customer to 12 templates (2 bought + 10 from the addon;
a Fluctuating meter, never reset), 15,000 API calls a month (10,000 soft from the plan +
5,000 from the addon; Incremental, MONTH reset from the subscription's start), a team size
of 5 (NUMBER with meterType None: a configuration feature, no usage) and the custom domain
(BOOLEAN).

Raw events (`report_event`) need a feature with a meter, which the seed's catalog has not:
those scenarios apply a catalog of their own (a product, a FREE plan and a COUNT-metered
feature, refIds suffixed with the run id) with `plangate catalog apply`, so they also need
PLANGATE_BIN and PLANGATE_DATABASE_URL (run.sh exports them). Usage history scenarios
(`get_usage_history_v_2`, `get_usage_history`) report API calls of customers on plan-free
(customer level); the server's clock is the system clock, so their dates are computed from now.

Run with the interpreter printed by `stigg-reference python v2`:
    PLANGATE_URL=http://127.0.0.1:PORT/graphql PLANGATE_API_KEY=KEY \
    PLANGATE_BIN=/path/to/plangate PLANGATE_DATABASE_URL=sqlite:///path/to/db \
    python v2_entitlement_scenarios.py
Prints PASS/FAIL per scenario and a final `RESULT passed=N failed=M` line.
"""

import asyncio
import calendar
import os
import sys
import tempfile
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
from v2_subscription_scenarios import apply_catalog, get, seed_provision_input  # noqa: E402

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
    ProvisionCustomerSubscriptionInput,
    ProvisionSubscriptionInput,
    ReportUsageBaseInput,
    ReportUsageBulkInput,
    ReportUsageInput,
    UsageEventReportInput,
    UsageEventsReportInput,
    UsageHistoryInput,
    UsageHistoryV2Input,
)

RESOURCE = "resource-01"
TEMPLATES = "feature-01-templates"
DOMAIN = "feature-02-custom-domain"
API_CALLS = "feature-03-api-calls"
TEAM_SIZE = "feature-04-team-size"
UNKNOWN_FEATURE = f"feature-unknown-{RUN_ID}"

# feature refId -> (featureType, meterType, isGranted, usageLimit, hasUnlimitedUsage, hasSoftLimit, resetPeriod)
SEED_ENTITLEMENTS = {
    TEMPLATES: (FeatureType.NUMBER, MeterType.FLUCTUATING, True, 12, False, False, None),
    DOMAIN: (FeatureType.BOOLEAN, None, True, None, False, False, None),
    API_CALLS: (FeatureType.NUMBER, MeterType.INCREMENTAL, True, 15000, False, True,
                EntitlementResetPeriod.MONTH),
    TEAM_SIZE: (FeatureType.NUMBER, MeterType.None_, True, 5, False, False, None),
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
    if refid == TEAM_SIZE:  # a configuration feature: a value (usageLimit), no usage, no period
        expect(e.current_usage in (None, 0), f"{what}: currentUsage {e.current_usage!r} of a configuration "
                                             f"feature (expected null or 0)")
        expect_eq((e.usage_period_anchor, e.usage_period_start, e.usage_period_end,
                   e.reset_period_configuration),
                  (None, None, None, None),
                  f"{what} (usagePeriodAnchor, usagePeriodStart, usagePeriodEnd, "
                  f"resetPeriodConfiguration) of a configuration feature")
        if not is_v2:
            expect_eq(e.next_reset_date, None, f"{what} nextResetDate of a configuration feature")
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
    await expect_code(client.report_usage(ReportUsageInput(
        customer_id=cid, resource_id=RESOURCE, feature_id=TEAM_SIZE, value=1)),
        "MeteringNotAvailableForFeatureType", "report_usage for the configuration feature team-size")
    # nothing was counted
    e = await check(client, cid, TEMPLATES)
    expect_eq(e.current_usage, 0, "templates currentUsage after the refused reports")


async def team_size(client):
    cid, start = await provision_seed(client, "teamsize")
    e = await check(client, cid, TEAM_SIZE)
    check_seed_entitlement(e, TEAM_SIZE, cid, start, "get_entitlement team-size")
    # Not metered: requestedUsage does not count against the value (the SDKs' rule).
    e = await check(client, cid, TEAM_SIZE, requested=100)
    expect_granted(e, "team-size (value 5), requestedUsage 100")
    expect_eq(e.usage_limit, 5, "team-size, requestedUsage 100: usageLimit")
    res = await call(client.get_entitlement_v_2(GetEntitlementV2Input(
        customer_id=cid, resource_id=RESOURCE, feature_id=TEAM_SIZE)))
    e = res.entitlement_v_2
    expect_eq(e.typename__, "FeatureEntitlement", "entitlementV2 team-size __typename")
    check_seed_entitlement(e, TEAM_SIZE, cid, start, "entitlementV2 team-size", is_v2=True)
    # plan-free does not grant it
    await call(client.provision_subscription(ProvisionSubscriptionInput(
        customer_id=cid, plan_id="plan-free", resource_id="resource-02")))
    e = await check(client, cid, TEAM_SIZE, resource="resource-02")
    expect_denied(e, AccessDeniedReason.NoFeatureEntitlementInSubscription, "team-size on resource-02 (plan-free)")


# ---------------------------------------------------------------------------- raw events

# A catalog of this run's own (applied by the first scenario that needs it): a product, a FREE
# plan and a feature whose usage is the COUNT of the events named EVENT_NAME.
EVENT_FEATURE = f"feature-compat-events-{RUN_ID}"
EVENT_NAME = f"compat-event-{RUN_ID}"
EVENT_PRODUCT = f"product-compat-events-{RUN_ID}"
EVENT_PLAN = f"plan-compat-events-{RUN_ID}"
EVENT_LIMIT = 10
EVENTS_CATALOG = f"""\
# plangate compat: a COUNT-metered feature (v2_entitlement_scenarios.py, run {RUN_ID})
features:
  - refId: {EVENT_FEATURE}
    displayName: Compat events {RUN_ID}
    featureType: NUMBER
    meterType: Incremental
    featureUnits: event
    featureUnitsPlural: events
    meter:
      aggregation: {{ function: COUNT }}
      filters:
        - conditions:
            - {{ field: eventName, operation: EQUALS, value: {EVENT_NAME} }}
products:
  - refId: {EVENT_PRODUCT}
    displayName: Compat events {RUN_ID}
    productSettings: {{ subscriptionStartSetup: PLAN_SELECTION }}
plans:
  - refId: {EVENT_PLAN}
    productId: {EVENT_PRODUCT}
    displayName: Compat events free {RUN_ID}
    pricing: {{ pricingType: FREE }}
    entitlements:
      - {{ featureId: {EVENT_FEATURE}, usageLimit: {EVENT_LIMIT}, resetPeriod: MONTH }}
"""
_events_catalog_applied = []


def apply_events_catalog():
    if _events_catalog_applied:
        return
    fd, path = tempfile.mkstemp(prefix="plangate-compat-events-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(EVENTS_CATALOG)
        apply_catalog(path)
    finally:
        os.unlink(path)
    _events_catalog_applied.append(path)


def now_ms():
    """Now, truncated to milliseconds (the precision of Stigg's DateTime)."""
    t = datetime.now(timezone.utc)
    return t.replace(microsecond=t.microsecond - t.microsecond % 1000)


def event(cid, key, at, name=EVENT_NAME, **fields):
    return UsageEventReportInput(customer_id=cid, event_name=name, idempotency_key=key, timestamp=at, **fields)


async def send_events(client, events, what):
    res = await call(client.report_event(UsageEventsReportInput(usage_events=events)))
    expect_eq(res.report_event, None, f"{what}: report_event answer")


async def event_usage(client, cid, what):
    e = await check(client, cid, EVENT_FEATURE, resource=None)
    expect_granted(e, what)
    expect_eq((e.usage_limit, e.feature.ref_id, e.feature.meter_type), (EVENT_LIMIT, EVENT_FEATURE,
                                                                       MeterType.INCREMENTAL),
              f"{what} (usageLimit, feature.refId, feature.meterType)")
    return e.current_usage


async def report_event_meter(client):
    apply_events_catalog()
    cid = new_id("events")
    res = await call(client.provision_customer(ProvisionCustomerInput(
        customer_id=cid, subscription_params=ProvisionCustomerSubscriptionInput(plan_id=EVENT_PLAN))))
    expect_eq(res.provision_customer.subscription_decision_strategy, SubscriptionDecisionStrategy.REQUESTED_PLAN,
              f"provision on {EVENT_PLAN}: subscriptionDecisionStrategy")
    expect_eq(await event_usage(client, cid, "events feature before any event"), 0,
              "events feature currentUsage before any event")

    at = now_ms()
    keys = [f"evt-{RUN_ID}-{uuid.uuid4().hex[:8]}" for _ in range(5)]
    await send_events(client, [event(cid, k, at) for k in keys[:3]], "3 events")
    sent = sent_variables()
    expect_eq(sorted(sent), ["input"], "variables sent by report_event (sanity)")
    expect_eq([sorted(e) for e in sent["input"]["usageEvents"]],
              [["customerId", "eventName", "idempotencyKey", "timestamp"]] * 3,
              "usageEvents fields sent by report_event (sanity)")
    expect_eq(await event_usage(client, cid, "after 3 events"), 3, "COUNT currentUsage after 3 events")

    # The first event again (same idempotency key, event name, customer and timestamp): kept once.
    # A new key, and an event of another name (no meter matches it), in the same batch.
    batch = [event(cid, keys[0], at), event(cid, keys[3], at),
             event(cid, keys[4], at, name=f"compat-other-event-{RUN_ID}")]
    await send_events(client, batch, "a repeated event + a new one + another name")
    expect_eq(await event_usage(client, cid, "after a repeated event, a new one and another name"), 4,
              "COUNT currentUsage after the repeated event (counted once), a new one and another name")
    await send_events(client, batch, "the same batch again")
    expect_eq(await event_usage(client, cid, "after the same batch again"), 4,
              "COUNT currentUsage after the same batch again")

    # The idempotency key with another timestamp is another event (Stigg's deduplication key is
    # timestamp, customer, resource, event name and idempotency key).
    later = at + timedelta(milliseconds=1)
    await send_events(client, [event(cid, keys[0], later, dimensions={"region": "eu"})],
                      "a known idempotency key at another timestamp")
    expect_eq(await event_usage(client, cid, "after a known key at another timestamp"), 5,
              "COUNT currentUsage after a known idempotency key at another timestamp")

    # Usage of a metered feature comes from its events: report_usage is refused.
    await expect_code(client.report_usage(ReportUsageInput(customer_id=cid, feature_id=EVENT_FEATURE, value=1)),
                      "CannotReportUsageForEntitlementWithMeterError",
                      "report_usage of a feature with a meter")
    expect_eq(await event_usage(client, cid, "after the refused report_usage"), 5,
              "COUNT currentUsage after the refused report_usage")


# ---------------------------------------------------------------------------- usage history

async def provision_free(client, label):
    """A new customer on plan-free at customer level (no resource); returns (customerId, startDate)."""
    cid = new_id(label)
    res = await call(client.provision_customer(ProvisionCustomerInput(
        customer_id=cid, subscription_params=ProvisionCustomerSubscriptionInput(plan_id="plan-free"))))
    p = res.provision_customer
    expect_eq(p.subscription_decision_strategy, SubscriptionDecisionStrategy.REQUESTED_PLAN,
              "plan-free provision: subscriptionDecisionStrategy")
    expect_eq((p.subscription.plan.ref_id, p.subscription.resource), ("plan-free", None),
              "plan-free provision: subscription (plan.refId, resource)")
    c = await get(client, cid)
    expect_eq(len(c.subscriptions or []), 1, "plan-free provision: number of subscriptions")
    return cid, parse_time(c.subscriptions[0].start_date, "plan-free subscription startDate")


# The history's reports: (value, region dimension) -> running totals 3, 7, 12; eu 3, 7; us 5.
HISTORY_REPORTS = [(3, "eu"), (4, "eu"), (5, "us")]


async def report_history(client, label):
    """A plan-free customer with HISTORY_REPORTS of API calls; returns (customerId, startDate,
    [(timestamp, currentUsage, region)] of the reports)."""
    cid, start = await provision_free(client, label)
    reported = []
    for value, region in HISTORY_REPORTS:
        if reported:
            # Each report in a millisecond of its own: points are ordered by time (reports in the
            # same millisecond are the bulk scenario's concern).
            await asyncio.sleep(0.01)
        r = await report(client, cid, API_CALLS, value, resource=None, dimensions={"region": region})
        check_report(r, cid, API_CALLS, sum(v for v, _ in HISTORY_REPORTS[:len(reported) + 1]),
                     f"report_usage api-calls {value} ({region})", resource=None)
        reported.append((parse_time(r.timestamp, "report_usage timestamp"), r.current_usage, region))
    return cid, start, reported


def iso(t):
    """An aware datetime as Stigg writes it (RFC 3339, milliseconds, Z), for readable comparisons."""
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def points_of(points, what, v1=False):
    """A series' points as (timestamp, value, isResetPoint), checked to be in time order."""
    out = [(parse_time(p.date if v1 else p.timestamp, f"{what} point {'date' if v1 else 'timestamp'}"),
            p.value, p.is_reset_point) for p in points]
    expect([t for t, _, _ in out] == sorted(t for t, _, _ in out), f"{what}: points not in time order: "
                                                                  f"{[(iso(t), v, r) for t, v, r in out]}")
    return [(iso(t), v, r) for t, v, r in out]


def markers_of(markers, what):
    return [(m.type.value, iso(parse_time(m.timestamp, f"{what} marker timestamp"))) for m in markers]


def measured(reported):
    """The points expected for reports [(timestamp, currentUsage, region)]."""
    return [(iso(t), u, False) for t, u, _ in reported]


def one_series(h, what):
    expect_eq(len(h.series), 1, f"{what}: number of series")
    expect_eq(h.series[0].tags, [], f"{what}: tags of the only series")
    return points_of(h.series[0].points, what)


def series_by_tags(h, what):
    got = {}
    for s in h.series:
        tags = tuple((t.key, t.value) for t in s.tags)
        expect(tags not in got, f"{what}: two series with tags {tags}")
        got[tags] = points_of(s.points, f"{what} {tags}")
    return got


async def history_v2(client, cid, start, **fields):
    res = await call(client.get_usage_history_v_2(UsageHistoryV2Input(
        customer_id=cid, feature_id=API_CALLS, start_date=start, **fields)))
    return res.usage_history_v_2


async def history_v1(client, cid, start, **fields):
    res = await call(client.get_usage_history(UsageHistoryInput(
        customer_ref_id=cid, feature_ref_id=API_CALLS, start_date=start, **fields)))
    return res.usage_history


async def usage_history_v2(client):
    cid, start, reported = await report_history(client, "histv2")
    # From the subscription's start (before the reports) to now: inside the first usage period,
    # so no reset.
    h = await history_v2(client, cid, start)
    sent = sent_variables()["input"]
    expect_eq((sorted(sent), sent["customerId"], sent["featureId"]),
              (["customerId", "featureId", "startDate"], cid, API_CALLS),
              "variables sent by get_usage_history_v_2 (sanity)")
    expect_eq(markers_of(h.markers, "usageHistoryV2"), [], "usageHistoryV2 markers (no period ended)")
    expect_eq(one_series(h, "usageHistoryV2"), measured(reported),
              "usageHistoryV2 points (timestamp, value, isResetPoint): one per report, the running total")

    h = await history_v2(client, cid, start, group_by=["region"])
    expect_eq(sent_variables()["input"].get("groupBy"), ["region"], "groupBy sent (sanity)")
    expect_eq(markers_of(h.markers, "usageHistoryV2 groupBy region"), [],
              "usageHistoryV2 groupBy region markers")
    expected = {}
    for (value, region), (t, _, _) in zip(HISTORY_REPORTS, reported):
        series = expected.setdefault(((("region", region),)), [])
        series.append((iso(t), (series[-1][1] if series else 0) + value, False))
    expect_eq(series_by_tags(h, "usageHistoryV2 groupBy region"), expected,
              "usageHistoryV2 groupBy region: one series per region, running totals per region")

    # endDate between the second and the third report: the third is left out.
    (t2, _, _), (t3, _, _) = reported[1:]
    end = t2 + (t3 - t2) / 2
    h = await history_v2(client, cid, start, end_date=end)
    expect_eq(one_series(h, "usageHistoryV2 with endDate"), measured(reported[:2]),
              "usageHistoryV2 with endDate between the 2nd and 3rd report: points")

    # A startDate after the first report: the points after it still show the period's running total.
    h = await history_v2(client, cid, reported[0][0] + (reported[1][0] - reported[0][0]) / 2)
    expect_eq(one_series(h, "usageHistoryV2 from between the 1st and 2nd report"),
              measured(reported[1:]),
              "usageHistoryV2 from between the 1st and 2nd report: points (running totals of the period)")


async def usage_history_v1(client):
    cid, start, reported = await report_history(client, "histv1")
    before = now_ms()
    h = await history_v1(client, cid, start)
    after = now_ms()
    sent = sent_variables()["usageHistoryInput"]
    expect_eq((sorted(sent), sent["customerRefId"], sent["featureRefId"]),
              (["customerRefId", "featureRefId", "startDate"], cid, API_CALLS),
              "variables sent by get_usage_history (sanity)")
    expect_eq(parse_time(h.start_date, "usageHistory startDate"), start, "usageHistory startDate (echoed)")
    end = parse_time(h.end_date, "usageHistory endDate (now when not given)")
    expect(before - timedelta(seconds=5) <= end <= after + timedelta(seconds=5),
           f"usageHistory endDate {h.end_date} is not now ({before.isoformat()} .. {after.isoformat()})")
    expect_eq(markers_of(h.markers, "usageHistory"), [], "usageHistory markers (no period ended)")
    expect_eq(points_of(h.usage_measurements, "usageHistory", v1=True), measured(reported),
              "usageHistory usageMeasurements (date, value, isResetPoint)")
    expect(h.groups in (None, []), f"usageHistory without groupBy: groups {h.groups!r} (expected null or [])")
    # the same as v2's only series
    v2 = await history_v2(client, cid, start, end_date=end)
    expect_eq(points_of(h.usage_measurements, "usageHistory", v1=True), one_series(v2, "usageHistoryV2"),
              "usageHistory usageMeasurements vs usageHistoryV2's series")

    h = await history_v1(client, cid, start, end_date=end, group_by=["region"])
    expect_eq(parse_time(h.end_date, "usageHistory endDate"), end, "usageHistory endDate (echoed)")
    expect_eq(points_of(h.usage_measurements, "usageHistory groupBy region", v1=True),
              measured(reported),
              "usageHistory groupBy region: usageMeasurements (all regions)")
    groups = {}
    for g in h.groups or []:
        info = tuple((i.key, i.value) for i in g.group_info)
        expect(info not in groups, f"usageHistory groupBy region: two groups {info}")
        groups[info] = points_of(g.usage_measurements, f"usageHistory group {info}", v1=True)
    v2 = await history_v2(client, cid, start, end_date=end, group_by=["region"])
    expect_eq(groups, series_by_tags(v2, "usageHistoryV2 groupBy region"),
              "usageHistory groups (groupInfo -> usageMeasurements) vs usageHistoryV2's series (tags -> points)")
    expect_eq(sorted(groups), [(("region", "eu"),), (("region", "us"),)], "usageHistory groups' groupInfo")


async def usage_history_before_subscription(client):
    cid, start, reported = await report_history(client, "histbefore")
    # The customer did not exist an hour ago: no usage period ended between then and now (its
    # first one runs from the subscription's start for a month), so there is nothing to reset.
    from_ = now_ms() - timedelta(hours=1)
    expect(from_ < start, "sanity: an hour ago is before the subscription's start")
    h = await history_v2(client, cid, from_)
    expect_eq((markers_of(h.markers, "usageHistoryV2"), one_series(h, "usageHistoryV2")),
              ([], measured(reported)),
              f"usageHistoryV2 from an hour before the subscription's start ({iso(start)}) "
              f"(markers, points)")
    h = await history_v1(client, cid, from_)
    expect_eq((markers_of(h.markers, "usageHistory"), points_of(h.usage_measurements, "usageHistory", v1=True)),
              ([], measured(reported)),
              "usageHistory from an hour before the subscription's start (markers, usageMeasurements)")


async def usage_history_of_bulk(client):
    cid, start = await provision_free(client, "histbulk")
    usages = [(5, UsageUpdateBehavior.SET), (1, None), (2, None), (4, None), (8, None), (16, None)]
    res = await call(client.report_usage_bulk(ReportUsageBulkInput(usages=[
        ReportUsageBaseInput(customer_id=cid, feature_id=API_CALLS, value=v,
                             **({"update_behavior": b} if b else {}))
        for v, b in usages])))
    answers = [(parse_time(a.timestamp, "report_usage_bulk timestamp"), a.current_usage)
               for a in res.report_usage_bulk]
    expect_eq([u for _, u in answers], [5, 6, 8, 12, 20, 36], "report_usage_bulk currentUsage answers")
    e = await check(client, cid, API_CALLS, resource=None)
    expect_eq(e.current_usage, 36, "get_entitlement api-calls currentUsage after the bulk")
    h = await history_v2(client, cid, start)
    expect_eq(one_series(h, "usageHistoryV2 after a bulk"), [(iso(t), u, False) for t, u in answers],
              "usageHistoryV2 after report_usage_bulk [SET 5, +1, +2, +4, +8, +16]: points (timestamp, value, "
              "isResetPoint) in the bulk's order, the last one the currentUsage")


async def main():
    rep = Reporter("stigg-api-client-v2 6.25.0 entitlements and usage against " + URL)
    client = make_client()
    try:
        for name, fn in [
            ("v2 get_entitlements (cachedEntitlements) of the seed on resource-01 -> templates 12, "
             "custom domain, API calls 15000 soft MONTH with its period, team size 5; none without "
             "resourceId",
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
             "CustomerNotFound, BOOLEAN or configuration NUMBER -> MeteringNotAvailableForFeatureType",
             report_usage_errors),
            ("v2 get_entitlement / get_entitlement_v_2 of the configuration feature team size -> granted, "
             "usageLimit 5 whatever requestedUsage, no usage period; plan-free -> "
             "NoFeatureEntitlementInSubscription", team_size),
            ("v2 report_event (catalog apply: COUNT meter) -> None; currentUsage = events counted; a repeated "
             "event (same key, name, customer, timestamp) counts once; report_usage -> "
             "CannotReportUsageForEntitlementWithMeterError", report_event_meter),
            ("v2 get_usage_history_v_2 (plan-free, api-calls) -> one series, tags [], running totals; groupBy "
             "region -> one series per region; endDate and startDate bound the points", usage_history_v2),
            ("v2 get_usage_history (v1 input) -> startDate/endDate echoed, the same usageMeasurements and "
             "groups as get_usage_history_v_2", usage_history_v1),
            ("v2 usage history from an hour before the subscription's start -> no PERIODIC_RESET marker or "
             "reset point (no usage period ended)", usage_history_before_subscription),
            ("v2 report_usage_bulk then get_usage_history_v_2 -> points in the bulk's order, values = the "
             "bulk's answers", usage_history_of_bulk),
        ]:
            await rep.arun(name, fn, client)
    finally:
        await client.http_client.aclose()
    rep.finish()


if __name__ == "__main__":
    asyncio.run(main())
