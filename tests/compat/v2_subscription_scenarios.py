"""plangate subscription scenarios for the official Stigg Python client v2
(stigg-api-client-v2 6.25.0), against the seed's catalog (examples/catalog.yaml, which
run.sh applies before starting the server).

Run with the interpreter printed by `stigg-reference python v2`:
    PLANGATE_URL=http://127.0.0.1:PORT/graphql PLANGATE_API_KEY=KEY \
    PLANGATE_BIN=/path/to/plangate PLANGATE_DATABASE_URL=sqlite:///path/to/db \
    python v2_subscription_scenarios.py
PLANGATE_BIN and PLANGATE_DATABASE_URL (the running server's database) are only needed by the
customer-journey scenario, which applies a catalog variant with `plangate catalog apply` and
applies examples/catalog.yaml (or PLANGATE_COMPAT_CATALOG) again afterwards.
Prints PASS/FAIL per scenario and a final `RESULT passed=N failed=M` line.
"""

import asyncio
import os
import subprocess
import sys
import tempfile
from datetime import timedelta
from decimal import ROUND_HALF_EVEN, Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from _common import (  # noqa: E402
    RUN_ID,
    Failure,
    Reporter,
    expect,
    expect_eq,
    new_id,
    parse_time,
)

# The v2 client helpers (client factory with wire capture, call/expect_code) are shared with
# v2_scenarios.py; importing it runs no scenario.
from v2_scenarios import (  # noqa: E402
    URL,
    call,
    expect_code,
    make_client,
    sent_variables,
)

from stigg.generated.enums import (  # noqa: E402
    BillingModel,
    BillingPeriod,
    Currency,
    PricingType,
    ProvisionSubscriptionStatus,
    SubscriptionCancellationTime,
    SubscriptionDecisionStrategy,
    SubscriptionMigrationTime,
    SubscriptionStatus,
)
from stigg.generated.input_types import (  # noqa: E402
    ApplySubscriptionInput,
    BillableFeatureInput,
    DelegateSubscriptionToCustomerInput,
    EstimateSubscriptionInput,
    EstimateSubscriptionUpdateInput,
    PreviewNextInvoiceInput,
    PreviewSubscriptionInput,
    GetActiveSubscriptionsInput,
    GetCustomerByRefIdInput,
    GetSubscriptionInput,
    ProvisionCustomerInput,
    ProvisionCustomerSubscriptionInput,
    ProvisionSubscriptionInput,
    SubscriptionAddonInput,
    SubscriptionCancellationInput,
    SubscriptionInput,
    SubscriptionMigrationInput,
    SubscriptionUpdateScheduleCancellationInput,
    CursorPaging,
    StringFieldComparison,
    SubscriptionQueryFilter,
    TransferSubscriptionInput,
    TransferSubscriptionToResourceInput,
    TrialOverrideConfigurationInput,
    UpdateSubscriptionInput,
)

# The seed's subscription paid from the start (plan-basic's default trial skipped).
NO_TRIAL = TrialOverrideConfigurationInput(is_trial=False)

CATALOG = os.environ.get("PLANGATE_COMPAT_CATALOG") or os.path.join(HERE, "..", "..", "examples",
                                                                     "catalog.yaml")
UNKNOWN_PLAN = f"plan-unknown-{RUN_ID}"

SEED_SUBSCRIPTION_META = {"key": "value"}
SEED_CUSTOMER_META = {"key": "value"}


def seed_subscription_params(**overrides):
    """The Node.js example of shared/seed/customer-management.md as the v2 Python input model
    (its couponId/promotionCode name objects no catalog defines, so they are left out)."""
    fields = dict(
        plan_id="plan-basic",
        resource_id="resource-01",
        billable_features=[BillableFeatureInput(feature_id="feature-01-templates", quantity=2)],
        billing_period=BillingPeriod.MONTHLY,
        addons=[SubscriptionAddonInput(addon_id="addon-extra-stuff", quantity=1)],
        billing_country_code="DK",
        additional_meta_data=SEED_SUBSCRIPTION_META,
    )
    fields.update(overrides)
    return ProvisionCustomerSubscriptionInput(**fields)


def seed_provision_input(customer_id, **subscription_overrides):
    return ProvisionCustomerInput(
        customer_id=customer_id,
        name="My very first customer",
        email="john@example.com",
        subscription_params=seed_subscription_params(**subscription_overrides),
        additional_meta_data=SEED_CUSTOMER_META,
    )


# ---------------------------------------------------------------------------- checks

def money(m):
    return None if m is None else (m.amount, m.currency)


def price_rows(sub):
    """A subscription's prices as comparable tuples, sorted."""
    expect(sub.prices is not None, "subscription prices is null")
    rows = []
    for p in sub.prices:
        expect(p.price is not None, f"a subscription price has price null: {p!r}")
        pr = p.price
        rows.append((pr.billing_model, pr.billing_period, pr.billing_country_code,
                     money(pr.price), pr.feature.ref_id if pr.feature else None, p.usage_limit))
    return sorted(rows, key=repr)


def expected_prices(*rows):
    return sorted(rows, key=repr)


SEED_PRICES = expected_prices(
    (BillingModel.FLAT_FEE, BillingPeriod.MONTHLY, "DK", (69, Currency.DKK), None, None),
    (BillingModel.PER_UNIT, BillingPeriod.MONTHLY, "DK", (17.5, Currency.DKK), "feature-01-templates", 2),
)


def check_total(sub, amount, currency, what):
    expect(sub.total_price is not None, f"{what} totalPrice is null")
    expect_eq(money(sub.total_price.total), (amount, currency), f"{what} totalPrice.total")
    expect_eq(money(sub.total_price.sub_total), (amount, currency), f"{what} totalPrice.subTotal")


def check_subscription(sub, what, *, plan, resource, status, pricing_type, prices, total, addons=(),
                       meta=None):
    """Common fields of SlimSubscriptionFragment (provision) and SubscriptionFragment (get)."""
    expect(sub is not None, f"{what}: subscription is null")
    expect_eq(sub.plan.ref_id, plan, f"{what} plan.refId")
    expect_eq(sub.resource.resource_id if sub.resource else None, resource, f"{what} resource.resourceId")
    expect_eq(sub.status, status, f"{what} status")
    expect_eq(sub.pricing_type, pricing_type, f"{what} pricingType")
    expect(sub.subscription_id, f"{what}: subscriptionId is empty")
    expect_eq(sub.ref_id, sub.subscription_id, f"{what} refId vs subscriptionId")
    expect_eq(sorted((a.addon.ref_id, a.quantity) for a in (sub.addons or [])), sorted(addons),
              f"{what} addons (refId, quantity)")
    expect_eq(price_rows(sub), prices, f"{what} prices")
    if total is None:
        expect_eq(sub.total_price, None, f"{what} totalPrice")
    else:
        check_total(sub, total[0], total[1], what)
    expect_eq(sub.additional_meta_data, meta, f"{what} additionalMetaData")


def check_seed_subscription(sub, what, status=SubscriptionStatus.IN_TRIAL):
    # plan-basic's 14-day default trial: the customer's first trial of the product.
    check_subscription(sub, what, plan="plan-basic", resource="resource-01",
                       status=status, pricing_type=PricingType.PAID,
                       prices=SEED_PRICES, total=(139, Currency.DKK),  # 69 + 2 x 17.5 + 35
                       addons=[("addon-extra-stuff", 1)], meta=SEED_SUBSCRIPTION_META)


# plan-basic (custom domain, 10,000 soft API calls a month, a team size of 5, 2 templates bought
# at the per-unit price) + addon-extra-stuff x 1 (10 templates, 5,000 API calls a month).
SEED_ENTITLEMENTS = {
    "feature-01-templates": (True, 12, False, False),
    "feature-02-custom-domain": (True, None, False, False),
    "feature-03-api-calls": (True, 15000, False, True),
    "feature-04-team-size": (True, 5, False, False),
}


def check_seed_entitlements(p, what):
    expect(p.entitlements, f"{what} entitlements: expected a non-empty list, got {p.entitlements!r}")
    got = {}
    for e in p.entitlements:
        expect(e.feature is not None, f"{what} entitlements: an entry has feature null: {e!r}")
        got[e.feature.ref_id] = (e.is_granted, e.usage_limit, e.has_unlimited_usage, e.has_soft_limit)
    expect_eq(got, SEED_ENTITLEMENTS,
              f"{what} entitlements by feature (isGranted, usageLimit, hasUnlimitedUsage, hasSoftLimit)")

    expect(p.entitlements_v_2, f"{what} entitlementsV2: expected a non-empty list, got {p.entitlements_v_2!r}")
    got = {}
    for e in p.entitlements_v_2:
        expect_eq(e.typename__, "FeatureEntitlement", f"{what} entitlementsV2 __typename")
        expect(e.feature is not None, f"{what} entitlementsV2: an entry has feature null: {e!r}")
        got[e.feature.ref_id] = (e.is_granted, e.usage_limit, e.has_unlimited_usage, e.has_soft_limit)
    expect_eq(got, SEED_ENTITLEMENTS,
              f"{what} entitlementsV2 by feature (isGranted, usageLimit, hasUnlimitedUsage, hasSoftLimit)")


async def get(client, customer_id):
    res = await call(client.get_customer_by_id(GetCustomerByRefIdInput(customer_id=customer_id)))
    c = res.get_customer_by_ref_id
    expect(c is not None, f"getCustomerByRefId({customer_id}) returned null without an error")
    return c


def subscriptions_by_resource(c, what):
    expect(c.subscriptions is not None, f"{what}: subscriptions is null")
    by_resource = {}
    for s in c.subscriptions:
        key = s.resource.resource_id if s.resource else None
        expect(key not in by_resource, f"{what}: two subscriptions for resource {key!r}")
        by_resource[key] = s
    return by_resource


async def expect_no_customer(client, cid, what):
    await expect_code(client.get_customer_by_id(GetCustomerByRefIdInput(customer_id=cid)),
                      "CustomerNotFound", f"get after {what} (nothing must be written)")


async def expect_only_seed_subscription(client, cid, what):
    c = await get(client, cid)
    subs = subscriptions_by_resource(c, f"get after {what}")
    expect_eq(sorted(subs, key=repr), ["resource-01"], f"get after {what}: subscription resource ids")
    check_seed_subscription(subs["resource-01"], f"get after {what}: resource-01")


# ---------------------------------------------------------------------------- scenarios

async def seed_provision(client):
    cid = new_id("seed")
    res = await call(client.provision_customer(seed_provision_input(cid)))
    sent = sent_variables()["input"]["subscriptionParams"]
    expect_eq(sent, {"planId": "plan-basic", "resourceId": "resource-01",
                     "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 2}],
                     "billingPeriod": "MONTHLY", "addons": [{"addonId": "addon-extra-stuff", "quantity": 1}],
                     "billingCountryCode": "DK", "additionalMetaData": SEED_SUBSCRIPTION_META},
              "subscriptionParams sent by the client (sanity)")
    p = res.provision_customer
    expect_eq(p.subscription_decision_strategy, SubscriptionDecisionStrategy.REQUESTED_PLAN,
              "subscriptionDecisionStrategy")
    expect_eq(p.customer.customer_id, cid, "customer.customerId")
    expect_eq(p.customer.name, "My very first customer", "customer.name")
    expect_eq(p.customer.email, "john@example.com", "customer.email")
    expect_eq(p.customer.additional_meta_data, SEED_CUSTOMER_META, "customer.additionalMetaData")
    s = p.subscription
    check_seed_subscription(s, "provision subscription")
    expect_eq(s.customer.ref_id, cid, "subscription.customer.refId")
    expect_eq(str(s.customer.id), str(p.customer.id), "subscription.customer.id vs customer.id")
    check_seed_entitlements(p, "provision")

    c = await get(client, cid)
    expect_eq(c.has_active_subscription, True, "get hasActiveSubscription")
    expect_eq(c.additional_meta_data, SEED_CUSTOMER_META, "get additionalMetaData")
    expect_eq(len(c.subscriptions or []), 1, "get: number of subscriptions")
    g = c.subscriptions[0]
    check_seed_subscription(g, "get subscription")
    expect_eq(g.subscription_id, s.subscription_id, "get subscriptionId vs provision")
    expect_eq(str(g.id), str(s.id), "get id vs provision")
    start = parse_time(g.start_date, "get startDate")
    trial_end = parse_time(g.trial_end_date, "get trialEndDate (plan-basic's default trial)")
    expect_eq(trial_end - start, timedelta(days=14), "get trialEndDate - startDate")


async def three_subscriptions(client):
    cid = new_id("three")
    res = await call(client.provision_customer(ProvisionCustomerInput(
        customer_id=cid, name="Three Subs", subscription_params=seed_subscription_params())))
    expect_eq(res.provision_customer.subscription_decision_strategy,
              SubscriptionDecisionStrategy.REQUESTED_PLAN, "provision subscriptionDecisionStrategy")
    first = res.provision_customer.subscription
    check_seed_subscription(first, "provision resource-01")

    r2 = await call(client.provision_subscription(ProvisionSubscriptionInput(
        customer_id=cid, plan_id="plan-revvenu-basic", resource_id="resource-02",
        billing_period=BillingPeriod.ANNUALLY, additional_meta_data={"slot": 2})))
    expect_eq(sent_variables(), {"input": {"customerId": cid, "planId": "plan-revvenu-basic",
                                           "resourceId": "resource-02", "billingPeriod": "ANNUALLY",
                                           "additionalMetaData": {"slot": 2}}},
              "variables sent by provision_subscription (sanity)")
    p2 = r2.provision_subscription
    expect_eq(p2.status, ProvisionSubscriptionStatus.SUCCESS, "provisionSubscription(resource-02) status")
    expect_eq(p2.checkout_url, None, "provisionSubscription(resource-02) checkoutUrl")
    revvenu = dict(plan="plan-revvenu-basic", resource="resource-02", status=SubscriptionStatus.ACTIVE,
                   pricing_type=PricingType.PAID, total=(299.9, Currency.USD), meta={"slot": 2},
                   prices=expected_prices((BillingModel.FLAT_FEE, BillingPeriod.ANNUALLY, None,
                                           (299.9, Currency.USD), None, None)))
    check_subscription(p2.subscription, "provisionSubscription(resource-02)", **revvenu)
    expect_eq(p2.subscription.customer.ref_id, cid, "provisionSubscription(resource-02) customer.refId")

    r3 = await call(client.provision_subscription(ProvisionSubscriptionInput(
        customer_id=cid, plan_id="plan-free", resource_id="resource-03")))
    p3 = r3.provision_subscription
    expect_eq(p3.status, ProvisionSubscriptionStatus.SUCCESS, "provisionSubscription(resource-03) status")
    free = dict(plan="plan-free", resource="resource-03", status=SubscriptionStatus.ACTIVE,
                pricing_type=PricingType.FREE, prices=[], total=None)
    check_subscription(p3.subscription, "provisionSubscription(resource-03)", **free)

    ids = {first.subscription_id, p2.subscription.subscription_id, p3.subscription.subscription_id}
    expect_eq(len(ids), 3, "three distinct subscriptionIds")

    c = await get(client, cid)
    expect_eq(c.has_active_subscription, True, "get hasActiveSubscription")
    subs = subscriptions_by_resource(c, "get")
    expect_eq(sorted(subs, key=repr), ["resource-01", "resource-02", "resource-03"],
              "get: subscription resource ids")
    check_seed_subscription(subs["resource-01"], "get resource-01")
    check_subscription(subs["resource-02"], "get resource-02", **revvenu)
    check_subscription(subs["resource-03"], "get resource-03", **free)
    expect_eq({s.subscription_id for s in subs.values()}, ids, "get subscriptionIds vs provision responses")
    for key, s in subs.items():
        if key == "resource-01":
            parse_time(s.trial_end_date, f"get {key} trialEndDate (plan-basic's default trial)")
        else:
            expect_eq(s.trial_end_date, None, f"get {key} trialEndDate")
        parse_time(s.start_date, f"get {key} startDate")


async def replace_resource(client):
    """provision_subscription into an occupied slot replaces the subscription (Stigg: a new
    subscription cancels the existing one at its start)."""
    cid = new_id("replace")
    p = (await call(client.provision_customer(seed_provision_input(cid)))).provision_customer
    old_id = p.subscription.subscription_id
    res = await call(client.provision_subscription(ProvisionSubscriptionInput(
        customer_id=cid, plan_id="plan-revvenu-basic", resource_id="resource-01",
        billing_period=BillingPeriod.MONTHLY)))
    r = res.provision_subscription
    expect_eq(r.status, ProvisionSubscriptionStatus.SUCCESS, "provision_subscription status")
    expect_eq(r.subscription.status, SubscriptionStatus.ACTIVE, "new subscription status")
    old = (await call(client.get_subscription(GetSubscriptionInput(subscription_id=old_id)))).get_subscription
    expect_eq(old.status, SubscriptionStatus.CANCELED, "replaced subscription status")
    expect(old.end_date is not None, "replaced subscription endDate is null")
    active = (await call(client.get_active_subscriptions_list(
        GetActiveSubscriptionsInput(customer_id=cid)))).get_active_subscriptions
    expect_eq([(s.subscription_id, s.plan.plan_id) for s in active],
              [(r.subscription.subscription_id, "plan-revvenu-basic")], "active subscriptions")


async def get_and_cancel(client):
    """get_subscription, get_active_subscriptions(_list) and cancel_subscription: END_OF_BILLING_PERIOD
    keeps it ACTIVE until its endDate (= currentBillingPeriodEnd); IMMEDIATE cancels it and the
    product's downgrade plan (plan-free) takes its place."""
    cid = new_id("cancel")
    p = (await call(client.provision_customer(seed_provision_input(cid, trial_override_configuration=NO_TRIAL))))
    sid = p.provision_customer.subscription.subscription_id
    got = (await call(client.get_subscription(GetSubscriptionInput(subscription_id=sid)))).get_subscription
    check_seed_subscription(got, "get_subscription", status=SubscriptionStatus.ACTIVE)
    full = (await call(client.get_active_subscriptions(GetActiveSubscriptionsInput(customer_id=cid))))
    expect_eq([s.subscription_id for s in full.get_active_subscriptions], [sid], "get_active_subscriptions ids")
    slim = (await call(client.get_active_subscriptions_list(GetActiveSubscriptionsInput(
        customer_id=cid, resource_ids=["resource-01"])))).get_active_subscriptions
    expect_eq(len(slim), 1, "get_active_subscriptions_list length")
    s = slim[0]
    expect_eq(s.billing_period, BillingPeriod.MONTHLY, "billingPeriod")
    start = parse_time(s.current_billing_period_start, "currentBillingPeriodStart")
    end = parse_time(s.current_billing_period_end, "currentBillingPeriodEnd")
    expect(start < end, f"billing period {start} .. {end}")
    check_total(s, 139, Currency.DKK, "get_active_subscriptions_list")

    c = (await call(client.cancel_subscription(SubscriptionCancellationInput(
        subscription_ref_id=sid,
        subscription_cancellation_time=SubscriptionCancellationTime.END_OF_BILLING_PERIOD)))).cancel_subscription
    expect_eq(c.status, SubscriptionStatus.ACTIVE, "END_OF_BILLING_PERIOD status")
    expect_eq(parse_time(c.effective_end_date, "effectiveEndDate"), end, "effectiveEndDate = period end")
    expect(c.cancellation_date is not None, "cancellationDate is null")

    c = (await call(client.cancel_subscription(SubscriptionCancellationInput(
        subscription_ref_id=sid,
        subscription_cancellation_time=SubscriptionCancellationTime.IMMEDIATE)))).cancel_subscription
    expect_eq(c.status, SubscriptionStatus.CANCELED, "IMMEDIATE status")
    active = (await call(client.get_active_subscriptions_list(
        GetActiveSubscriptionsInput(customer_id=cid)))).get_active_subscriptions
    expect_eq([(x.plan.plan_id, x.status) for x in active], [("plan-free", SubscriptionStatus.ACTIVE)],
              "after IMMEDIATE: the downgrade plan")
    await expect_code(client.cancel_subscription(SubscriptionCancellationInput(subscription_ref_id=sid)),
                      "SubscriptionAlreadyCanceledOrExpired", "cancel a cancelled subscription")
    await expect_code(client.get_subscription(GetSubscriptionInput(subscription_id=f"nope-{RUN_ID}")),
                      "SubscriptionNotFound", "get_subscription unknown id")


async def update_subscription(client):
    """update_subscription: templates 2 -> 4 and addon-extra-stuff x 1 -> x 2 reprice the
    subscription (69 + 4 x 17.5 + 2 x 35 = 209 DKK); an addon over its maximum changes nothing."""
    cid = new_id("update")
    p = (await call(client.provision_customer(seed_provision_input(cid, trial_override_configuration=NO_TRIAL))))
    p = p.provision_customer
    sid = p.subscription.subscription_id
    u = (await call(client.update_subscription(UpdateSubscriptionInput(
        subscription_id=sid,
        billable_features=[BillableFeatureInput(feature_id="feature-01-templates", quantity=4)],
        addons=[SubscriptionAddonInput(addon_id="addon-extra-stuff", quantity=2)])))).update_subscription
    expect_eq(u.status, SubscriptionStatus.ACTIVE, "updated status")
    got = (await call(client.get_subscription(GetSubscriptionInput(subscription_id=sid)))).get_subscription
    check_total(got, 209, Currency.DKK, "after update")
    expect_eq(sorted((a.addon.ref_id, a.quantity) for a in got.addons), [("addon-extra-stuff", 2)], "addons")
    await expect_code(client.update_subscription(UpdateSubscriptionInput(
        subscription_id=sid, addons=[SubscriptionAddonInput(addon_id="addon-extra-stuff", quantity=11)])),
        "AddonQuantityExceedsLimitError", "addon over its maximum")
    got = (await call(client.get_subscription(GetSubscriptionInput(subscription_id=sid)))).get_subscription
    check_total(got, 209, Currency.DKK, "after refused update")


async def transfer_to_resource(client):
    """transfer_subscription_to_resource moves the seed's subscription to another resource: its
    entitlements follow; a destination that has a subscription of the product is refused."""
    cid = new_id("transfer")
    p = (await call(client.provision_customer(seed_provision_input(cid)))).provision_customer
    sid = p.subscription.subscription_id
    await call(client.provision_subscription(ProvisionSubscriptionInput(
        customer_id=cid, plan_id="plan-free", resource_id="resource-02")))
    await expect_code(client.transfer_subscription_to_resource(TransferSubscriptionToResourceInput(
        subscription_id=sid, destination_resource_id="resource-02")),
        "DuplicatedEntityNotAllowed", "transfer onto an occupied resource")
    moved = (await call(client.transfer_subscription_to_resource(TransferSubscriptionToResourceInput(
        subscription_id=sid, destination_resource_id="resource-03")))).transfer_subscription_to_resource
    expect_eq(moved.resource.resource_id if moved.resource else None, "resource-03", "moved resource")
    active = (await call(client.get_active_subscriptions_list(GetActiveSubscriptionsInput(
        customer_id=cid, resource_id="resource-03")))).get_active_subscriptions
    expect_eq([s.subscription_id for s in active], [sid], "active on resource-03")
    back = (await call(client.transfer_subscription(TransferSubscriptionInput(
        customer_id=cid, source_resource_id="resource-03", destination_resource_id="resource-01"))))
    expect_eq(back.transfer_subscription.subscription_id, sid, "transfer_subscription back to resource-01")


async def list_subscriptions(client):
    """get_subscriptions filtered by customer: the customer's subscriptions, newest first."""
    cid = new_id("list")
    p = (await call(client.provision_customer(seed_provision_input(cid)))).provision_customer
    await call(client.provision_subscription(ProvisionSubscriptionInput(
        customer_id=cid, plan_id="plan-free", resource_id="resource-02")))
    res = await call(client.get_subscriptions(
        filter=SubscriptionQueryFilter(customer_id=StringFieldComparison(eq=cid)),
        paging=CursorPaging(first=10)))
    nodes = [e.node for e in res.subscriptions.edges]
    expect_eq([(n.plan.plan_id, n.customer.customer_id) for n in nodes],
              [("plan-free", cid), ("plan-basic", cid)], "get_subscriptions (plan, customer), newest first")
    expect_eq(nodes[1].subscription_id, p.subscription.subscription_id, "the seed subscription's id")
    expect_eq(res.subscriptions.page_info.has_next_page, False, "hasNextPage")


async def provision_subscription_unknown_plan(client):
    cid = new_id("subnoplan")
    await call(client.provision_customer(seed_provision_input(cid)))
    await expect_code(client.provision_subscription(ProvisionSubscriptionInput(
        customer_id=cid, plan_id=UNKNOWN_PLAN, resource_id="resource-02")),
        "PlanNotFound", f"provision_subscription with planId {UNKNOWN_PLAN}")
    await expect_only_seed_subscription(client, cid, "PlanNotFound")


async def provision_customer_unknown_plan(client):
    cid = new_id("custnoplan")
    await expect_code(client.provision_customer(seed_provision_input(cid, plan_id=UNKNOWN_PLAN)),
                      "PlanNotFound", f"provision_customer with planId {UNKNOWN_PLAN}")
    await expect_no_customer(client, cid, "PlanNotFound")


async def provision_customer_addon_over_limit(client):
    cid = new_id("custaddon")
    await expect_code(client.provision_customer(seed_provision_input(
        cid, addons=[SubscriptionAddonInput(addon_id="addon-extra-stuff", quantity=11)])),
        "AddonQuantityExceedsLimitError", "provision_customer with addon-extra-stuff x 11 (max 10)")
    await expect_no_customer(client, cid, "AddonQuantityExceedsLimitError")


async def provision_subscription_addon_over_limit(client):
    cid = new_id("subaddon")
    await call(client.provision_customer(seed_provision_input(cid)))
    await expect_code(client.provision_subscription(ProvisionSubscriptionInput(
        customer_id=cid, plan_id="plan-revvenu-basic", resource_id="resource-02",
        billing_period=BillingPeriod.MONTHLY,
        addons=[SubscriptionAddonInput(addon_id="addon-extra-stuff", quantity=11)])),
        "AddonQuantityExceedsLimitError", "provision_subscription with addon-extra-stuff x 11 (max 10)")
    await expect_only_seed_subscription(client, cid, "AddonQuantityExceedsLimitError")


async def cancel_subscription_updates(client):
    """cancel_subscription_updates calls off a plan change scheduled for the end of the period
    (provision_subscription with a future startDate): the current subscription runs on (no
    endDate), the scheduled one never starts (CANCELED)."""
    cid = new_id("unschedule")
    p = (await call(client.provision_customer(seed_provision_input(cid, trial_override_configuration=NO_TRIAL))))
    current = p.provision_customer.subscription
    end = parse_time(current.current_billing_period_end, "currentBillingPeriodEnd")
    scheduled = (await call(client.provision_subscription(ProvisionSubscriptionInput(
        customer_id=cid, plan_id="plan-free", resource_id="resource-01",
        start_date=end.isoformat().replace("+00:00", "Z"))))).provision_subscription.subscription
    expect_eq(scheduled.status, SubscriptionStatus.NOT_STARTED, "scheduled plan change status")
    got = (await call(client.get_subscription(GetSubscriptionInput(
        subscription_id=current.subscription_id)))).get_subscription
    expect_eq(parse_time(got.end_date, "endDate before"), end, "current ends at the change")

    res = await call(client.cancel_subscription_updates(
        SubscriptionUpdateScheduleCancellationInput(subscription_id=current.subscription_id)))
    expect_eq(res.cancel_schedule, current.subscription_id, "cancelSchedule answers the subscription id")
    got = (await call(client.get_subscription(GetSubscriptionInput(
        subscription_id=current.subscription_id)))).get_subscription
    expect_eq((got.status, got.end_date), (SubscriptionStatus.ACTIVE, None), "current after: runs on")
    gone = (await call(client.get_subscription(GetSubscriptionInput(
        subscription_id=scheduled.subscription_id)))).get_subscription
    expect_eq(gone.status, SubscriptionStatus.CANCELED, "the called-off change")
    await expect_code(client.cancel_subscription_updates(
        SubscriptionUpdateScheduleCancellationInput(subscription_id=f"nope-{RUN_ID}")),
        "SubscriptionNotFound", "cancel_subscription_updates unknown id")


async def delegate_subscription(client):
    """delegate_subscription_to_customer: the subscription (and its entitlements) becomes the
    destination's, its payer stays; without a destination it goes back to its payer."""
    payer, user = new_id("payer"), new_id("user")
    p = (await call(client.provision_customer(seed_provision_input(payer, trial_override_configuration=NO_TRIAL))))
    sid = p.provision_customer.subscription.subscription_id
    await call(client.provision_customer(ProvisionCustomerInput(customer_id=user, name="User")))
    moved = (await call(client.delegate_subscription_to_customer(DelegateSubscriptionToCustomerInput(
        subscription_id=sid, destination_customer_id=user)))).delegate_subscription_to_customer
    expect_eq((moved.subscription_id, moved.customer.ref_id), (sid, user), "delegated (id, customer)")
    got = (await call(client.get_subscription(GetSubscriptionInput(subscription_id=sid)))).get_subscription
    expect_eq(got.paying_customer.customer_id if got.paying_customer else None, payer, "payingCustomer")
    active = (await call(client.get_active_subscriptions_list(
        GetActiveSubscriptionsInput(customer_id=user)))).get_active_subscriptions
    expect_eq([s.subscription_id for s in active], [sid], "the user's active subscriptions")
    await expect_code(client.delegate_subscription_to_customer(DelegateSubscriptionToCustomerInput(
        subscription_id=sid, destination_customer_id=f"nobody-{RUN_ID}")),
        "CustomerNotFound", "delegate to an unknown customer")
    back = (await call(client.delegate_subscription_to_customer(DelegateSubscriptionToCustomerInput(
        subscription_id=sid)))).delegate_subscription_to_customer
    expect_eq(back.customer.ref_id, payer, "back to its payer")


async def apply_and_create_subscription(client):
    """apply_subscription and create_subscription provision like provision_subscription."""
    cid = new_id("apply")
    await call(client.provision_customer(ProvisionCustomerInput(customer_id=cid, name="Applier")))
    applied = (await call(client.apply_subscription(ApplySubscriptionInput(
        customer_id=cid, plan_id="plan-revvenu-basic", resource_id="resource-02",
        billing_period=BillingPeriod.ANNUALLY)))).apply_subscription
    check_subscription(applied.subscription, "apply_subscription", plan="plan-revvenu-basic",
                       resource="resource-02", status=SubscriptionStatus.ACTIVE,
                       pricing_type=PricingType.PAID, total=(299.9, Currency.USD),
                       prices=expected_prices((BillingModel.FLAT_FEE, BillingPeriod.ANNUALLY, None,
                                               (299.9, Currency.USD), None, None)))
    features = {e.feature.ref_id: e.has_unlimited_usage for e in applied.entitlements or []}
    expect_eq(features.get("feature-03-api-calls"), True, "apply_subscription entitlements: unlimited API calls")

    created = (await call(client.create_subscription(SubscriptionInput(
        customer_id=cid, plan_id="plan-free", resource_id="resource-03",
        subscription_id=f"sub-created-{RUN_ID}")))).create_subscription
    expect_eq((created.subscription_id, created.status, created.plan.ref_id),
              (f"sub-created-{RUN_ID}", SubscriptionStatus.ACTIVE, "plan-free"), "create_subscription")
    await expect_code(client.create_subscription(SubscriptionInput(
        customer_id=cid, plan_id=UNKNOWN_PLAN, resource_id="resource-04")),
        "PlanNotFound", "create_subscription with an unknown plan")


VERSIONED_PLAN = """
  - refId: plan-compat-versioned
    productId: product-revvenu
    displayName: Versioned
    pricing:
      pricingType: PAID
      pricingModels:
        - billingModel: FLAT_FEE
          pricePeriods:
            - {{ billingPeriod: MONTHLY, price: {{ amount: {amount}, currency: USD }} }}
    entitlements:
      - {{ featureId: feature-01-templates, usageLimit: {amount} }}
"""


def versioned_catalog(amount):
    """examples/catalog.yaml plus plan-compat-versioned at `amount` USD a month (as many
    templates); its plans section is the file's last."""
    with open(CATALOG, encoding="utf-8") as f:
        text = f.read()
    fd, path = tempfile.mkstemp(prefix="plangate-compat-versions-", suffix=".yaml")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + "\n" + VERSIONED_PLAN.format(amount=amount))
    return path


async def migrate_subscription(client):
    """A plan published again by `plangate catalog apply` (version 2): its subscriptions keep
    version 1 until migrate_subscription_to_latest moves them, IMMEDIATE or at the end of the
    period (a scheduled update cancel_subscription_updates calls off)."""
    for amount in (7, 8):
        path = versioned_catalog(amount)
        try:
            apply_catalog(path)
        finally:
            os.unlink(path)
        if amount == 7:
            now_id, later_id = new_id("migrate-now"), new_id("migrate-later")
            subs = {}
            for cid in (now_id, later_id):
                p = await call(client.provision_customer(ProvisionCustomerInput(
                    customer_id=cid, subscription_params=ProvisionCustomerSubscriptionInput(
                        plan_id="plan-compat-versioned", resource_id="resource-01"))))
                subs[cid] = p.provision_customer.subscription.subscription_id

    res = await call(client.migrate_subscription_to_latest(SubscriptionMigrationInput(
        subscription_id=subs[now_id])))
    expect_eq(res.migrate_subscription_to_latest.subscription_id, subs[now_id], "migrated id (in place)")
    got = (await call(client.get_subscription(GetSubscriptionInput(subscription_id=subs[now_id])))).get_subscription
    expect_eq(got.plan.version_number, 2, "IMMEDIATE: plan version")
    check_total(got, 8, Currency.USD, "IMMEDIATE: version 2's price")
    await expect_code(client.migrate_subscription_to_latest(SubscriptionMigrationInput(
        subscription_id=subs[now_id])), "SubscriptionAlreadyOnLatestPlanError", "migrate again")

    await call(client.migrate_subscription_to_latest(SubscriptionMigrationInput(
        subscription_id=subs[later_id],
        subscription_migration_time=SubscriptionMigrationTime.END_OF_BILLING_PERIOD)))
    got = (await call(client.get_subscription(GetSubscriptionInput(subscription_id=subs[later_id])))).get_subscription
    expect_eq(got.plan.version_number, 1, "END_OF_BILLING_PERIOD: version 1 until then")
    await expect_code(client.migrate_subscription_to_latest(SubscriptionMigrationInput(
        subscription_id=subs[later_id],
        subscription_migration_time=SubscriptionMigrationTime.END_OF_BILLING_PERIOD)),
        "ScheduledMigrationAlreadyExistsError", "a second scheduled migration")
    await call(client.cancel_subscription_updates(
        SubscriptionUpdateScheduleCancellationInput(subscription_id=subs[later_id])))
    # Called off: it can be scheduled again.
    await call(client.migrate_subscription_to_latest(SubscriptionMigrationInput(
        subscription_id=subs[later_id],
        subscription_migration_time=SubscriptionMigrationTime.END_OF_BILLING_PERIOD)))


# ---------------------------------------------------------------------------- customer journey


# ---------------------------------------------------------------------------- estimates

def dkk(amount):
    return (amount, Currency.DKK)


def seed_estimate_fields():
    """The seed's subscription (plan-basic in DK, 2 templates, addon x 1) as estimate input
    fields: 69 + 2 x 17.5 + 35 = 139 DKK a month."""
    return dict(
        plan_id="plan-basic",
        resource_id="resource-01",
        billable_features=[BillableFeatureInput(feature_id="feature-01-templates", quantity=2)],
        billing_period=BillingPeriod.MONTHLY,
        addons=[SubscriptionAddonInput(addon_id="addon-extra-stuff", quantity=1)],
        billing_country_code="DK",
    )


def prorated(amount, rng, proration_date):
    """`amount` for the part of the billing period `rng` left at `proration_date`, to the øre
    (plangate's rule: milliseconds left / milliseconds of the period, half to even)."""
    start = parse_time(rng.start, "billingPeriodRange.start")
    end = parse_time(rng.end, "billingPeriodRange.end")
    at = parse_time(proration_date, "prorationDate")
    ms = lambda d: Decimal(int(d.total_seconds() * 1000))  # noqa: E731
    share = ms(end - at) / ms(end - start)
    return float((Decimal(amount) * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN))


async def estimate_subscription(client):
    """estimate_subscription for a customer without a subscription: the seed's subscription
    paid from now costs 139 DKK now and each month (no tax, no discount, nothing prorated);
    with plan-basic's default trial nothing is due now; an unknown plan is PlanNotFound."""
    cid = new_id("estimate")
    await call(client.provision_customer(ProvisionCustomerInput(customer_id=cid)))
    e = (await call(client.estimate_subscription(EstimateSubscriptionInput(
        customer_id=cid, trial_override_configuration=NO_TRIAL, **seed_estimate_fields())))).estimate_subscription
    expect_eq(money(e.sub_total), dkk(139), "subTotal")
    expect_eq(money(e.total), dkk(139), "total")
    expect_eq(money(e.total_excluding_tax), dkk(139), "totalExcludingTax")
    expect_eq(money(e.tax), dkk(0), "tax")
    expect_eq(e.tax_details, None, "taxDetails")
    expect_eq(e.discount_amount, None, "discountAmount")
    expect_eq(e.discount, None, "discount")
    expect_eq(e.proration, None, "proration")
    expect_eq(e.credits, None, "credits")
    expect_eq(e.is_plan_downgrade, False, "isPlanDowngrade")
    expect_eq(e.has_scheduled_updates, False, "hasScheduledUpdates")
    expect_eq(money(e.subscription.total), dkk(139), "subscription.total")
    expect_eq(money(e.subscription.tax), dkk(0), "subscription.tax")
    start = parse_time(e.billing_period_range.start, "billingPeriodRange.start")
    end = parse_time(e.billing_period_range.end, "billingPeriodRange.end")
    expect(timedelta(days=28) <= end - start <= timedelta(days=31), f"a month: {start} .. {end}")

    t = (await call(client.estimate_subscription(EstimateSubscriptionInput(
        customer_id=cid, **seed_estimate_fields())))).estimate_subscription
    expect_eq(money(t.total), dkk(0), "in plan-basic's 14-day trial: total")
    expect_eq(money(t.subscription.total), dkk(139), "in trial: subscription.total")
    start = parse_time(t.billing_period_range.start, "trial billingPeriodRange.start")
    end = parse_time(t.billing_period_range.end, "trial billingPeriodRange.end")
    expect_eq(end - start, timedelta(days=14), "trial billingPeriodRange")

    await expect_code(client.estimate_subscription(EstimateSubscriptionInput(
        customer_id=cid, plan_id=UNKNOWN_PLAN)), "PlanNotFound", "estimate an unknown plan")
    await expect_code(client.estimate_subscription(EstimateSubscriptionInput(
        customer_id=f"nobody-{RUN_ID}", plan_id="plan-basic")), "CustomerNotFound", "estimate for nobody")
    c = await get(client, cid)
    expect_eq(c.subscriptions, [], "an estimate subscribes nobody")


async def estimate_subscription_update(client):
    """estimate_subscription_update of the seed's paid subscription (templates 2 -> 4, addon
    x 1 -> x 2): the changed lines (70 DKK) are credited and the new ones (140 DKK) debited
    for the rest of the billing period; the new monthly price is 209 DKK; the subscription is
    not changed."""
    cid = new_id("est-update")
    p = (await call(client.provision_customer(seed_provision_input(cid, trial_override_configuration=NO_TRIAL))))
    sid = p.provision_customer.subscription.subscription_id
    e = (await call(client.estimate_subscription_update(EstimateSubscriptionUpdateInput(
        subscription_id=sid,
        billable_features=[BillableFeatureInput(feature_id="feature-01-templates", quantity=4)],
        addons=[SubscriptionAddonInput(addon_id="addon-extra-stuff", quantity=2)])))).estimate_subscription_update
    expect(e.proration is not None, "proration is null")
    credit = prorated(70, e.billing_period_range, e.proration.proration_date)
    debit = prorated(140, e.billing_period_range, e.proration.proration_date)
    expect_eq(money(e.proration.credit), dkk(credit), "proration.credit")
    expect_eq(money(e.proration.debit), dkk(debit), "proration.debit")
    net = float(Decimal(str(debit)) - Decimal(str(credit)))
    expect_eq(money(e.proration.net_amount), dkk(net), "proration.netAmount")
    expect_eq(money(e.total), dkk(net), "total (due now)")
    expect_eq(money(e.subscription.total), dkk(209), "subscription.total (the new monthly price)")
    expect_eq(e.is_plan_downgrade, False, "isPlanDowngrade")
    got = (await call(client.get_subscription(GetSubscriptionInput(subscription_id=sid)))).get_subscription
    check_total(got, 139, Currency.DKK, "after the estimate")
    await expect_code(client.estimate_subscription_update(EstimateSubscriptionUpdateInput(
        subscription_id=sid, addons=[SubscriptionAddonInput(addon_id="addon-extra-stuff", quantity=11)])),
        "AddonQuantityExceedsLimitError", "estimate an addon over its maximum")
    await expect_code(client.estimate_subscription_update(EstimateSubscriptionUpdateInput(
        subscription_id=f"nope-{RUN_ID}")), "SubscriptionNotFound", "estimate an unknown subscription")


async def preview_subscription(client):
    """preview_subscription of plan-revvenu-basic (199 DKK a month) for a customer on the
    seed's paid subscription: the new month is due now, less the unused time of the 139 DKK
    it replaces (proration credit); recurring 199 DKK; not a downgrade. plan-free is one."""
    cid = new_id("preview")
    await call(client.provision_customer(seed_provision_input(cid, trial_override_configuration=NO_TRIAL)))
    p = (await call(client.preview_subscription(PreviewSubscriptionInput(
        customer_id=cid, plan_id="plan-revvenu-basic", resource_id="resource-01",
        billing_period=BillingPeriod.MONTHLY, billing_country_code="DK")))).preview_subscription
    now = p.immediate_invoice
    expect(now.proration is not None, "immediateInvoice.proration is null")
    expect_eq(now.proration.has_prorations, True, "hasProrations")
    credit = money(now.proration.credit)
    expect(credit[1] == Currency.DKK and 0 < credit[0] <= 139, f"credit for the unused time: {credit}")
    expect_eq(money(now.proration.debit), dkk(0), "proration.debit (the new plan starts a full month)")
    expect_eq(money(now.proration.net_amount), dkk(-credit[0]), "proration.netAmount")
    expect_eq(money(now.total), dkk(float(Decimal(199) - Decimal(str(credit[0])))), "immediateInvoice.total")
    expect_eq(money(now.tax), dkk(0), "immediateInvoice.tax")
    expect_eq(now.discount, None, "immediateInvoice.discount")
    expect_eq(money(p.recurring_invoice.total), dkk(199), "recurringInvoice.total")
    expect_eq(p.is_plan_downgrade, False, "isPlanDowngrade")
    expect_eq(p.has_scheduled_updates, False, "hasScheduledUpdates")

    d = (await call(client.preview_subscription(PreviewSubscriptionInput(
        customer_id=cid, plan_id="plan-free", resource_id="resource-01")))).preview_subscription
    expect_eq(d.is_plan_downgrade, True, "to plan-free: isPlanDowngrade")
    expect_eq(d.recurring_invoice, None, "to plan-free: recurringInvoice")
    expect(money(d.immediate_invoice.total)[0] < 0, "to plan-free: a credit")
    c = await get(client, cid)
    expect_eq([s.plan.ref_id for s in c.subscriptions], ["plan-basic"], "a preview changes nothing")


async def preview_next_invoice(client):
    """preview_next_invoice of the seed's paid subscription: the next month, from the end of
    the current billing period, with one line per billed price (69 base, 2 x 17.5 templates,
    35 addon) and 139 DKK due."""
    cid = new_id("next-invoice")
    p = (await call(client.provision_customer(seed_provision_input(cid, trial_override_configuration=NO_TRIAL))))
    sub = p.provision_customer.subscription
    n = (await call(client.preview_next_invoice(PreviewNextInvoiceInput(
        subscription_id=sub.subscription_id)))).preview_next_invoice
    expect_eq(money(n.total), dkk(139), "total")
    expect_eq(money(n.sub_total), dkk(139), "subTotal")
    expect_eq(money(n.amount_due), dkk(139), "amountDue")
    expect_eq(money(n.tax), dkk(0), "tax")
    expect_eq(money(n.minimum_spend_adjustment), dkk(0), "minimumSpendAdjustment")
    expect_eq(n.discount, None, "discount")
    parse_time(n.last_updated_at, "lastUpdatedAt")
    rows = sorted((str(line.type.value), line.quantity, money(line.unit_price), money(line.amount),
                   line.price.billing_country_code if line.price else None, line.proration)
                  for line in n.lines)
    expect_eq(rows, sorted([
        ("AddonCharge", 1, dkk(35), dkk(35), "DK", False),
        ("BaseCharge", 1, dkk(69), dkk(69), "DK", False),
        ("InAdvanceCommitmentCharge", 2, dkk(17.5), dkk(35), "DK", False),
    ]), "lines (type, quantity, unitPrice, amount, price.billingCountryCode, proration)")
    got = (await call(client.get_subscription(GetSubscriptionInput(
        subscription_id=sub.subscription_id)))).get_subscription
    period_end = parse_time(got.current_billing_period_end, "currentBillingPeriodEnd")
    for line in n.lines:
        expect_eq(parse_time(line.period.start, "line period.start"), period_end,
                  "line period starts at the current billing period's end")
    await expect_code(client.preview_next_invoice(PreviewNextInvoiceInput(subscription_id=f"nope-{RUN_ID}")),
                      "SubscriptionNotFound", "next invoice of an unknown subscription")


def apply_catalog(path):
    binary = os.environ.get("PLANGATE_BIN")
    database = os.environ.get("PLANGATE_DATABASE_URL")
    if not binary or not database:
        raise Failure("PLANGATE_BIN and PLANGATE_DATABASE_URL must be set (run.sh exports them)")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PLANGATE_API_KEY")}
    proc = subprocess.run([binary, "catalog", "apply", path, "--database-url", database],
                          capture_output=True, text=True, timeout=120, env=env)
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).split("Stack backtrace:")[0].strip()  # RUST_BACKTRACE
        raise Failure(f"`plangate catalog apply {path}` exited {proc.returncode}: {output[:800]}")


def free_plan_journey_catalog():
    """examples/catalog.yaml with the product's journey switched to FREE_PLAN / plan-free."""
    with open(CATALOG, encoding="utf-8") as f:
        text = f.read()
    old = "      subscriptionStartSetup: PLAN_SELECTION\n"
    expect(text.count(old) == 1, f"{CATALOG}: expected one '{old.strip()}' line under productSettings")
    text = text.replace(old, "      subscriptionStartSetup: FREE_PLAN\n"
                             "      subscriptionStartPlanId: plan-free\n")
    fd, path = tempfile.mkstemp(prefix="plangate-compat-journey-", suffix=".yaml")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return path


async def free_plan_journey(client):
    path = free_plan_journey_catalog()
    error = None
    try:
        await _free_plan_journey_checks(client, path)
    except Exception as exc:  # noqa: BLE001 - reported after the journey is restored
        error = exc
    finally:
        os.unlink(path)
    try:
        apply_catalog(CATALOG)  # restore PLAN_SELECTION so that scenario order does not matter
    except Failure as restore:
        if error is not None:
            raise Failure(f"{error}; restoring the journey failed too: {restore}") from error
        raise
    if error is not None:
        raise error

    # restored: a requested plan is subscribed to again
    cid = new_id("restored")
    res = await call(client.provision_customer(seed_provision_input(cid)))
    expect_eq(res.provision_customer.subscription_decision_strategy,
              SubscriptionDecisionStrategy.REQUESTED_PLAN,
              "after re-applying examples/catalog.yaml: subscriptionDecisionStrategy")
    check_seed_subscription(res.provision_customer.subscription, "after re-applying examples/catalog.yaml")


async def _free_plan_journey_checks(client, path):
    """Apply the FREE_PLAN variant at `path`, then check what provisioning does."""
    apply_catalog(path)
    cid = new_id("journey")
    res = await call(client.provision_customer(seed_provision_input(cid)))
    p = res.provision_customer
    expect_eq(p.subscription_decision_strategy, SubscriptionDecisionStrategy.PREDEFINED_FREE_PLAN,
              "FREE_PLAN journey: subscriptionDecisionStrategy")
    s = p.subscription
    expect(s is not None, "FREE_PLAN journey: subscription is null")
    expect_eq(s.plan.ref_id, "plan-free", "FREE_PLAN journey: subscription plan.refId")
    expect_eq(s.status, SubscriptionStatus.ACTIVE, "FREE_PLAN journey: subscription status")
    expect_eq(s.pricing_type, PricingType.FREE, "FREE_PLAN journey: subscription pricingType")
    expect_eq(s.total_price, None, "FREE_PLAN journey: subscription totalPrice")
    expect_eq(s.customer.ref_id, cid, "FREE_PLAN journey: subscription customer.refId")

    c = await get(client, cid)
    expect_eq([(x.plan.ref_id, x.subscription_id) for x in c.subscriptions or []],
              [("plan-free", s.subscription_id)], "FREE_PLAN journey: get subscriptions (plan, id)")
    expect_eq(c.has_active_subscription, True, "FREE_PLAN journey: get hasActiveSubscription")

    for label, inp in (("omitted", ProvisionCustomerInput(customer_id=new_id("journeynone"))),
                       ("None", ProvisionCustomerInput(customer_id=new_id("journeynull"),
                                                       subscription_params=None))):
        r = await call(client.provision_customer(inp))
        expect_eq(r.provision_customer.subscription_decision_strategy,
                  SubscriptionDecisionStrategy.SKIPPED_SUBSCRIPTION_CREATION,
                  f"FREE_PLAN journey, subscription_params {label}: subscriptionDecisionStrategy")
        expect_eq(r.provision_customer.subscription, None,
                  f"FREE_PLAN journey, subscription_params {label}: subscription")
        g = await get(client, inp.customer_id)
        expect_eq(g.subscriptions, [], f"FREE_PLAN journey, subscription_params {label}: get subscriptions")
        expect_eq(g.has_active_subscription, False,
                  f"FREE_PLAN journey, subscription_params {label}: get hasActiveSubscription")


async def main():
    rep = Reporter("stigg-api-client-v2 6.25.0 subscriptions against " + URL)
    client = make_client()
    try:
        for name, fn in [
            ("v2 seed provision (plan-basic, resource-01, 2 templates, addon, DK) -> REQUESTED_PLAN, "
             "139 DKK, entitlements; get returns it", seed_provision),
            ("v2 provision + provision_subscription x2 -> get returns 3 subscriptions "
             "(plan-basic DKK, plan-revvenu-basic 299.9 USD/yr, plan-free)", three_subscriptions),
            ("v2 provision_subscription for the same resource -> replaces it (old CANCELED)",
             replace_resource),
            ("v2 get_subscription, get_active_subscriptions(_list), cancel_subscription "
             "END_OF_BILLING_PERIOD then IMMEDIATE -> downgrade plan", get_and_cancel),
            ("v2 update_subscription (quantities, addons) -> repriced; over the addon maximum -> "
             "AddonQuantityExceedsLimitError, nothing changed", update_subscription),
            ("v2 transfer_subscription_to_resource / transfer_subscription -> moved; occupied "
             "destination -> DuplicatedEntityNotAllowed", transfer_to_resource),
            ("v2 get_subscriptions filtered by customer -> its two subscriptions, newest first",
             list_subscriptions),
            ("v2 cancel_subscription_updates -> a scheduled plan change is called off, the current "
             "subscription runs on", cancel_subscription_updates),
            ("v2 delegate_subscription_to_customer -> the user has it, the payer pays; back to the payer",
             delegate_subscription),
            ("v2 apply_subscription / create_subscription -> provisioned like provision_subscription",
             apply_and_create_subscription),
            ("v2 migrate_subscription_to_latest after `catalog apply` publishes version 2 -> IMMEDIATE, "
             "END_OF_BILLING_PERIOD (scheduled, called off)", migrate_subscription),
            ("v2 estimate_subscription (seed, DK) -> 139 DKK now and monthly; in trial 0 now; "
             "unknown plan / customer -> coded errors, nothing written", estimate_subscription),
            ("v2 estimate_subscription_update (templates 4, addon x 2) -> prorated credit/debit, "
             "209 DKK monthly; subscription unchanged", estimate_subscription_update),
            ("v2 preview_subscription (plan-revvenu-basic over the seed) -> 199 DKK less the unused "
             "time credited; plan-free is a downgrade", preview_subscription),
            ("v2 preview_next_invoice (seed) -> next month's 3 lines, 139 DKK due", preview_next_invoice),
            ("v2 provision_subscription with unknown plan -> PlanNotFound, nothing written",
             provision_subscription_unknown_plan),
            ("v2 provision_customer with unknown plan -> PlanNotFound, customer not written",
             provision_customer_unknown_plan),
            ("v2 provision_customer with addon quantity 11 -> AddonQuantityExceedsLimitError, "
             "customer not written", provision_customer_addon_over_limit),
            ("v2 provision_subscription with addon quantity 11 -> AddonQuantityExceedsLimitError, "
             "nothing written", provision_subscription_addon_over_limit),
            # Last: it changes the product's journey (and restores it).
            ("v2 FREE_PLAN journey (catalog apply) -> PREDEFINED_FREE_PLAN plan-free; "
             "no subscriptionParams -> SKIPPED; journey restored", free_plan_journey),
        ]:
            await rep.arun(name, fn, client)
    finally:
        await client.http_client.aclose()
    rep.finish()


if __name__ == "__main__":
    asyncio.run(main())
