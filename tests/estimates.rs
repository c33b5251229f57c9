//! Estimates and previews over HTTP against `examples/catalog.yaml`, with an injected clock
//! (SQLite, or PostgreSQL too when `PLANGATE_TEST_POSTGRES_URL` is set):
//! `estimateSubscription` and `previewSubscription` (flat and per-unit prices, addons,
//! Danish prices, trials, a replaced subscription's unused time credited, downgrades),
//! `estimateSubscriptionUpdate` (proration mid-period, none in a trial), `previewNextInvoice`
//! (lines of the next billing period), coupons on each, every error — and that none of them
//! writes anything.

mod common;

use chrono::TimeDelta;
use common::{assert_error, at, TestApp, EXAMPLE_CATALOG};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

/// 2026-03-01: March has 31 days, so a monthly period from here is 31 days long and
/// 2026-03-16T12:00Z is exactly half-way.
const START: &str = "2026-03-01T00:00:00.000Z";
const HALF_WAY: &str = "2026-03-16T12:00:00.000Z";

const MONEY: &str = "{ amount currency }";

fn preview_fields() -> String {
    format!(
        "subTotal {MONEY} totalExcludingTax {MONEY} total {MONEY} discountAmount {MONEY} \
         taxDetails {{ displayName }} tax {MONEY} billingPeriodRange {{ start end }} \
         discount {{ name type value durationType durationInMonths }} \
         subscription {{ subTotal {MONEY} totalExcludingTax {MONEY} total {MONEY} tax {MONEY} \
           discountAmount {MONEY} discount {{ name type value durationType durationInMonths }} }} \
         proration {{ prorationDate credit {MONEY} debit {MONEY} netAmount {MONEY} }} \
         isPlanDowngrade hasScheduledUpdates credits {{ initial {MONEY} }}"
    )
}

fn preview_v2_fields() -> String {
    format!(
        "immediateInvoice {{ total {MONEY} subTotal {MONEY} totalExcludingTax {MONEY} tax {MONEY} \
           discount {MONEY} taxDetails {{ displayName }} discountDetails {{ type value durationType }} \
           credits {{ initial {MONEY} }} \
           proration {{ prorationDate hasProrations credit {MONEY} debit {MONEY} netAmount {MONEY} }} }} \
         recurringInvoice {{ total {MONEY} subTotal {MONEY} discount {MONEY} \
           discountDetails {{ type value durationType durationInMonths }} }} \
         billingPeriodRange {{ start end }} isPlanDowngrade hasScheduledUpdates"
    )
}

const NEXT_INVOICE_FIELDS: &str = "amountDue { amount currency } \
    minimumSpendAdjustment { amount currency } total { amount currency } \
    totalExcludingTax { amount currency } subTotal { amount currency } \
    subTotalExcludingTax { amount currency } tax { amount currency } taxDetails { displayName } \
    discount { amount currency } discountDetails { name type value durationType } \
    credits { initial { amount currency } } lastUpdatedAt \
    lines { type description costDescription amount { amount currency } \
      unitPrice { amount currency } quantity proration usageLimit hasSoftLimit \
      period { start end } price { billingModel billingPeriod billingCountryCode \
        price { amount currency } feature { refId } } lines { type } }";

async fn estimate(app: &TestApp, input: Value) -> Value {
    let doc = format!(
        "mutation ($input: EstimateSubscriptionInput!) {{ estimateSubscription(input: $input) {{ {} }} }}",
        preview_fields()
    );
    app.gql(&doc, json!({ "input": input })).await
}

async fn estimate_ok(app: &TestApp, input: Value) -> Value {
    let body = estimate(app, input).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["estimateSubscription"].clone()
}

async fn estimate_update(app: &TestApp, input: Value) -> Value {
    let doc = format!(
        "mutation ($input: EstimateSubscriptionUpdateInput!) {{ estimateSubscriptionUpdate(input: $input) {{ {} }} }}",
        preview_fields()
    );
    app.gql(&doc, json!({ "input": input })).await
}

async fn estimate_update_ok(app: &TestApp, input: Value) -> Value {
    let body = estimate_update(app, input).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["estimateSubscriptionUpdate"].clone()
}

async fn preview(app: &TestApp, input: Value) -> Value {
    let doc = format!(
        "mutation ($input: PreviewSubscriptionInput!) {{ previewSubscription(input: $input) {{ {} }} }}",
        preview_v2_fields()
    );
    app.gql(&doc, json!({ "input": input })).await
}

async fn preview_ok(app: &TestApp, input: Value) -> Value {
    let body = preview(app, input).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["previewSubscription"].clone()
}

async fn next_invoice(app: &TestApp, subscription_id: &str) -> Value {
    let doc = format!(
        "mutation ($input: PreviewNextInvoiceInput!) {{ previewNextInvoice(input: $input) {{ {NEXT_INVOICE_FIELDS} }} }}"
    );
    app.gql(&doc, json!({"input": {"subscriptionId": subscription_id}}))
        .await
}

async fn next_invoice_ok(app: &TestApp, subscription_id: &str) -> Value {
    let body = next_invoice(app, subscription_id).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["previewNextInvoice"].clone()
}

fn money(amount: f64, currency: &str) -> Value {
    json!({"amount": amount, "currency": currency})
}

/// A customer without a subscription.
async fn customer(app: &TestApp, id: &str) {
    let body = app.provision(json!({"customerId": id})).await;
    assert!(body.get("errors").is_none(), "{body}");
}

/// The seed's subscription in Denmark, paid from now (its default trial skipped): plan-basic
/// 69 DKK + 2 templates × 17.5 DKK + addon-extra-stuff × 35 DKK = 139 DKK a month.
fn seed_params(subscription_id: &str) -> Value {
    json!({
        "planId": "plan-basic",
        "subscriptionId": subscription_id,
        "resourceId": "resource-01",
        "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 2}],
        "addons": [{"addonId": "addon-extra-stuff", "quantity": 1}],
        "billingPeriod": "MONTHLY",
        "billingCountryCode": "DK",
        "trialOverrideConfiguration": {"isTrial": false}
    })
}

async fn provision_seed(app: &TestApp, customer_id: &str, params: Value) {
    let body = app
        .provision(json!({"customerId": customer_id, "subscriptionParams": params}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
}

/// Everything stored about customers and subscriptions, as text: an estimate must leave it
/// exactly as it was.
async fn stored(app: &TestApp) -> String {
    let tables: [(&str, &[&str], &str); 4] = [
        (
            "subscriptions",
            &[
                "ref_id",
                "status",
                "updated_at",
                "end_date",
                "next_transition_at",
                "billing_period",
                "coupon_id",
            ],
            "ref_id",
        ),
        (
            "subscription_prices",
            &["subscription_id", "price_id", "quantity"],
            "subscription_id, price_id",
        ),
        (
            "subscription_addons",
            &["subscription_id", "addon_id", "quantity"],
            "subscription_id, addon_id",
        ),
        (
            "customers",
            &["ref_id", "updated_at", "coupon_id"],
            "ref_id",
        ),
    ];
    let mut out = String::new();
    for (table, columns, order) in tables {
        let select: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| match app.backend {
                // UUIDs are blobs on SQLite: compared as hex.
                common::Backend::Sqlite => format!("hex({c}) AS c{i}"),
                common::Backend::Postgres => format!("CAST({c} AS TEXT) AS c{i}"),
            })
            .collect();
        let sql = format!("SELECT {} FROM {table} ORDER BY {order}", select.join(", "));
        let rows = app
            .db
            .query_all(Statement::from_string(app.db.get_database_backend(), sql))
            .await
            .expect("query");
        for row in rows {
            for i in 0..columns.len() {
                let value: Option<String> = row.try_get("", &format!("c{i}")).expect("text column");
                out.push_str(&format!("{value:?} "));
            }
            out.push('\n');
        }
        out.push_str("--\n");
    }
    out
}

/// The seed's catalog at [`START`], with the subscription worker off: whatever is stored
/// changes only through the requests a test makes.
async fn app() -> TestApp {
    common::app_with_catalog_configured(EXAMPLE_CATALOG, START, |c| {
        c.subscription_worker_interval = std::time::Duration::ZERO;
    })
    .await
}

#[tokio::test]
async fn estimate_subscription_prices_plans_addons_and_danish_prices() {
    let app = app().await;
    customer(&app, "c-1").await;
    let before = stored(&app).await;

    // The seed's subscription in Denmark, paid from now: the first month is due now.
    let mut input = seed_params("unused");
    input["customerId"] = json!("c-1");
    input.as_object_mut().map(|o| o.remove("subscriptionId"));
    let e = estimate_ok(&app, input.clone()).await;
    assert_eq!(e["subTotal"], money(139.0, "DKK"), "{e}");
    assert_eq!(e["total"], money(139.0, "DKK"));
    assert_eq!(e["totalExcludingTax"], money(139.0, "DKK"));
    assert_eq!(e["tax"], money(0.0, "DKK"));
    assert!(e["taxDetails"].is_null());
    assert!(e["discountAmount"].is_null());
    assert!(e["discount"].is_null());
    assert!(e["credits"].is_null());
    assert!(e["proration"].is_null());
    assert_eq!(e["isPlanDowngrade"], false);
    assert_eq!(e["hasScheduledUpdates"], false);
    assert_eq!(
        e["billingPeriodRange"],
        json!({"start": START, "end": "2026-04-01T00:00:00.000Z"})
    );
    assert_eq!(e["subscription"]["subTotal"], money(139.0, "DKK"));
    assert_eq!(e["subscription"]["total"], money(139.0, "DKK"));
    assert_eq!(e["subscription"]["tax"], money(0.0, "DKK"));

    // The default prices (USD): 10 + 2 × 2.5 + 5.
    let mut usd = input.clone();
    usd.as_object_mut().map(|o| o.remove("billingCountryCode"));
    let e = estimate_ok(&app, usd).await;
    assert_eq!(e["total"], money(20.0, "USD"));
    assert_eq!(e["subscription"]["total"], money(20.0, "USD"));

    // Yearly, flat: plan-revvenu-basic at 1990 DKK a year.
    let e = estimate_ok(
        &app,
        json!({"customerId": "c-1", "planId": "plan-revvenu-basic", "billingPeriod": "ANNUALLY",
               "billingCountryCode": "DK", "resourceId": "resource-02"}),
    )
    .await;
    assert_eq!(e["total"], money(1990.0, "DKK"));
    assert_eq!(
        e["billingPeriodRange"],
        json!({"start": START, "end": "2027-03-01T00:00:00.000Z"})
    );

    // plan-basic's 14-day default trial (the customer is eligible): nothing is due now; the
    // recurring price is charged from the trial's end.
    let mut trial = input.clone();
    trial
        .as_object_mut()
        .map(|o| o.remove("trialOverrideConfiguration"));
    let e = estimate_ok(&app, trial).await;
    assert_eq!(e["total"], money(0.0, "DKK"));
    assert_eq!(e["subscription"]["total"], money(139.0, "DKK"));
    assert_eq!(
        e["billingPeriodRange"],
        json!({"start": START, "end": "2026-03-15T00:00:00.000Z"})
    );

    // A future start: nothing is due now; the first period is the one from the start.
    let mut later = input.clone();
    later["startDate"] = json!("2026-05-10T00:00:00.000Z");
    let e = estimate_ok(&app, later).await;
    assert_eq!(e["total"], money(0.0, "DKK"));
    assert_eq!(e["subscription"]["total"], money(139.0, "DKK"));
    assert_eq!(
        e["billingPeriodRange"],
        json!({"start": "2026-05-10T00:00:00.000Z", "end": "2026-06-10T00:00:00.000Z"})
    );

    // Back-dated: charged from the next billing period (Stigg), so nothing now.
    let mut backdated = input.clone();
    backdated["startDate"] = json!("2026-02-10T00:00:00.000Z");
    let e = estimate_ok(&app, backdated).await;
    assert_eq!(e["total"], money(0.0, "DKK"));
    assert_eq!(
        e["billingPeriodRange"],
        json!({"start": "2026-02-10T00:00:00.000Z", "end": "2026-03-10T00:00:00.000Z"})
    );

    // A free plan: nothing to pay, in the catalog's default currency; no recurring price.
    let e = estimate_ok(
        &app,
        json!({"customerId": "c-1", "planId": "plan-free", "resourceId": "resource-03"}),
    )
    .await;
    assert_eq!(e["total"], money(0.0, "USD"));
    assert!(e["subscription"].is_null());
    assert_eq!(
        e["billingPeriodRange"],
        json!({"start": START, "end": null})
    );

    assert_eq!(stored(&app).await, before, "an estimate writes nothing");
    assert_eq!(app.count("subscriptions").await, 0);
}

#[tokio::test]
async fn preview_subscription_credits_the_replaced_subscriptions_unused_time() {
    let app = app().await;
    provision_seed(&app, "c-1", seed_params("sub-1")).await;
    app.clock.set(at(HALF_WAY));
    let before = stored(&app).await;

    // Upgrade to plan-revvenu-basic (199 DKK a month) half-way through plan-basic's month:
    // the new month is due now, less half of the 139 DKK paid.
    let p = preview_ok(
        &app,
        json!({"customerId": "c-1", "planId": "plan-revvenu-basic", "resourceId": "resource-01",
               "billingCountryCode": "DK", "billingPeriod": "MONTHLY"}),
    )
    .await;
    let now = &p["immediateInvoice"];
    assert_eq!(now["subTotal"], money(129.5, "DKK"), "{p}");
    assert_eq!(now["total"], money(129.5, "DKK"));
    assert_eq!(now["totalExcludingTax"], money(129.5, "DKK"));
    assert_eq!(now["tax"], money(0.0, "DKK"));
    assert!(now["discount"].is_null());
    assert!(now["credits"].is_null());
    assert_eq!(
        now["proration"],
        json!({"prorationDate": HALF_WAY, "hasProrations": true, "credit": money(69.5, "DKK"),
               "debit": money(0.0, "DKK"), "netAmount": money(-69.5, "DKK")})
    );
    assert_eq!(p["recurringInvoice"]["total"], money(199.0, "DKK"));
    assert_eq!(p["isPlanDowngrade"], false);
    assert_eq!(p["hasScheduledUpdates"], false);
    assert_eq!(
        p["billingPeriodRange"],
        json!({"start": HALF_WAY, "end": "2026-04-16T12:00:00.000Z"})
    );

    // The same through estimateSubscription.
    let e = estimate_ok(
        &app,
        json!({"customerId": "c-1", "planId": "plan-revvenu-basic", "resourceId": "resource-01",
               "billingCountryCode": "DK"}),
    )
    .await;
    assert_eq!(e["total"], money(129.5, "DKK"));
    assert_eq!(e["proration"]["credit"], money(69.5, "DKK"));

    // Down to plan-free: the unused half is credited; nothing recurs; a downgrade.
    let p = preview_ok(
        &app,
        json!({"customerId": "c-1", "planId": "plan-free", "resourceId": "resource-01"}),
    )
    .await;
    assert_eq!(p["immediateInvoice"]["total"], money(-69.5, "DKK"), "{p}");
    assert!(p["recurringInvoice"].is_null());
    assert_eq!(p["isPlanDowngrade"], true);
    assert_eq!(
        p["billingPeriodRange"],
        json!({"start": HALF_WAY, "end": null})
    );

    // Another resource holds no subscription: nothing is replaced.
    let p = preview_ok(
        &app,
        json!({"customerId": "c-1", "planId": "plan-revvenu-basic", "resourceId": "resource-02",
               "billingCountryCode": "DK"}),
    )
    .await;
    assert_eq!(p["immediateInvoice"]["total"], money(199.0, "DKK"));
    assert!(p["immediateInvoice"]["proration"].is_null());

    // A different currency than the subscription it replaces.
    let body = preview(
        &app,
        json!({"customerId": "c-1", "planId": "plan-revvenu-basic", "resourceId": "resource-01"}),
    )
    .await;
    assert_error(&body, "BadUserInput", true);

    assert_eq!(stored(&app).await, before, "a preview writes nothing");
}

#[tokio::test]
async fn a_plan_with_a_lower_starting_price_is_a_downgrade() {
    let app = app().await;
    // plan-revvenu-basic (29.99 USD a month) to plan-basic (10 USD + 2.5 USD per template,
    // from 1 template: 12.5 USD): a downgrade; the reverse is not.
    provision_seed(
        &app,
        "c-1",
        json!({"planId": "plan-revvenu-basic", "resourceId": "r-1"}),
    )
    .await;
    let p = preview_ok(
        &app,
        json!({"customerId": "c-1", "planId": "plan-basic", "resourceId": "r-1",
               "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 20}],
               "trialOverrideConfiguration": {"isTrial": false}}),
    )
    .await;
    assert_eq!(p["isPlanDowngrade"], true, "{p}");
    // 10 + 20 × 2.5 = 60 due now, less the unused month of 29.99 (all of it: it started now).
    assert_eq!(p["immediateInvoice"]["total"], money(30.01, "USD"));

    provision_seed(
        &app,
        "c-2",
        json!({"planId": "plan-basic", "resourceId": "r-1",
               "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 1}],
               "trialOverrideConfiguration": {"isTrial": false}}),
    )
    .await;
    let p = preview_ok(
        &app,
        json!({"customerId": "c-2", "planId": "plan-revvenu-basic", "resourceId": "r-1"}),
    )
    .await;
    assert_eq!(p["isPlanDowngrade"], false, "{p}");
    // The same plan again is no downgrade.
    let p = preview_ok(
        &app,
        json!({"customerId": "c-2", "planId": "plan-basic", "resourceId": "r-1",
               "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 1}],
               "trialOverrideConfiguration": {"isTrial": false}}),
    )
    .await;
    assert_eq!(p["isPlanDowngrade"], false);
}

#[tokio::test]
async fn estimate_subscription_update_prorates_the_rest_of_the_billing_period() {
    let app = app().await;
    provision_seed(&app, "c-1", seed_params("sub-1")).await;
    app.clock.set(at(HALF_WAY));
    let before = stored(&app).await;

    // 2 → 4 templates and addon × 1 → × 2, half-way through the month: the changed lines
    // (2 × 17.5 and 1 × 35 = 70 DKK) are credited for half a month (35), the new ones
    // (4 × 17.5 and 2 × 35 = 140 DKK) debited for half a month (70); the flat fee is unchanged.
    let e = estimate_update_ok(
        &app,
        json!({"subscriptionId": "sub-1",
               "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 4}],
               "addons": [{"addonId": "addon-extra-stuff", "quantity": 2}]}),
    )
    .await;
    assert_eq!(
        e["proration"],
        json!({"prorationDate": HALF_WAY, "credit": money(35.0, "DKK"),
               "debit": money(70.0, "DKK"), "netAmount": money(35.0, "DKK")}),
        "{e}"
    );
    assert_eq!(e["subTotal"], money(35.0, "DKK"));
    assert_eq!(e["total"], money(35.0, "DKK"));
    assert_eq!(e["tax"], money(0.0, "DKK"));
    // The new monthly price: 69 + 4 × 17.5 + 2 × 35.
    assert_eq!(e["subscription"]["total"], money(209.0, "DKK"));
    assert_eq!(
        e["billingPeriodRange"],
        json!({"start": START, "end": "2026-04-01T00:00:00.000Z"})
    );
    assert_eq!(e["isPlanDowngrade"], false);

    // Fewer templates: a credit (negative amount due).
    let e = estimate_update_ok(
        &app,
        json!({"subscriptionId": "sub-1",
               "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 1}]}),
    )
    .await;
    assert_eq!(e["proration"]["credit"], money(17.5, "DKK"), "{e}");
    assert_eq!(e["proration"]["debit"], money(8.75, "DKK"));
    assert_eq!(e["total"], money(-8.75, "DKK"));
    assert_eq!(e["subscription"]["total"], money(121.5, "DKK"));

    // Removing the addon (an empty list).
    let e = estimate_update_ok(&app, json!({"subscriptionId": "sub-1", "addons": []})).await;
    assert_eq!(e["total"], money(-17.5, "DKK"), "{e}");
    assert_eq!(e["subscription"]["total"], money(104.0, "DKK"));

    // No change: nothing to prorate.
    let e = estimate_update_ok(&app, json!({"subscriptionId": "sub-1"})).await;
    assert_eq!(e["total"], money(0.0, "DKK"));
    assert_eq!(e["proration"]["credit"], money(0.0, "DKK"));

    // Ten days in (21 of 31 days left): 35 × 21/31 = 23.709… → 23.71 credited, rounded to
    // the øre.
    app.clock.set(at("2026-03-11T00:00:00Z"));
    let e = estimate_update_ok(&app, json!({"subscriptionId": "sub-1", "addons": []})).await;
    assert_eq!(e["proration"]["credit"], money(23.71, "DKK"), "{e}");
    assert_eq!(e["total"], money(-23.71, "DKK"));

    assert_eq!(stored(&app).await, before, "an estimate writes nothing");
    // The subscription is as it was.
    let body = app
        .gql(
            "query ($input: GetSubscriptionInput!) { getSubscription(input: $input) { totalPrice { total { amount } } } }",
            json!({"input": {"subscriptionId": "sub-1"}}),
        )
        .await;
    assert_eq!(
        body["data"]["getSubscription"]["totalPrice"]["total"]["amount"],
        139.0
    );
}

#[tokio::test]
async fn nothing_is_prorated_in_a_trial_or_before_the_start() {
    let app = app().await;
    let mut params = seed_params("sub-trial");
    params
        .as_object_mut()
        .map(|o| o.remove("trialOverrideConfiguration"));
    provision_seed(&app, "c-1", params).await;
    app.clock.advance(TimeDelta::days(3));
    let e = estimate_update_ok(
        &app,
        json!({"subscriptionId": "sub-trial",
               "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 4}]}),
    )
    .await;
    assert_eq!(e["total"], money(0.0, "DKK"), "{e}");
    assert!(e["proration"].is_null());
    assert_eq!(e["subscription"]["total"], money(174.0, "DKK"));
    assert_eq!(
        e["billingPeriodRange"],
        json!({"start": START, "end": "2026-03-15T00:00:00.000Z"})
    );

    let mut later = seed_params("sub-later");
    later["resourceId"] = json!("resource-02");
    later["startDate"] = json!("2026-06-01T00:00:00Z");
    provision_seed(&app, "c-2", later).await;
    let e = estimate_update_ok(&app, json!({"subscriptionId": "sub-later", "addons": []})).await;
    assert_eq!(e["total"], money(0.0, "DKK"), "{e}");
    assert!(e["proration"].is_null());
    assert_eq!(e["subscription"]["total"], money(104.0, "DKK"));
}

#[tokio::test]
async fn coupons_discount_each_invoice_while_they_last() {
    let app = app().await;
    let body = app
        .gql(
            "mutation ($input: CreateCouponInput!) { createOneCoupon(input: $input) { id } }",
            json!({"input": {"refId": "twenty", "name": "20% off", "percentOff": 20}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = app
        .gql(
            "mutation ($input: CreateCouponInput!) { createOneCoupon(input: $input) { id } }",
            json!({"input": {"refId": "first-month", "name": "50 DKK off the first month",
                   "type": "FIXED", "amountsOff": [{"amount": 50, "currency": "DKK"}],
                   "durationInMonths": 1}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    // The customer carries the 20% coupon and has the seed's subscription on resource-01.
    let body = app
        .provision(json!({"customerId": "c-1", "couponRefId": "twenty",
                          "subscriptionParams": seed_params("sub-1")}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");

    // The customer's coupon: 20% of 139 = 27.8 off, now and every month.
    let mut input = seed_params("unused");
    input["customerId"] = json!("c-1");
    input["resourceId"] = json!("resource-02");
    input.as_object_mut().map(|o| o.remove("subscriptionId"));
    let e = estimate_ok(&app, input.clone()).await;
    assert_eq!(e["subTotal"], money(139.0, "DKK"), "{e}");
    assert_eq!(e["discountAmount"], money(27.8, "DKK"));
    assert_eq!(e["total"], money(111.2, "DKK"));
    assert_eq!(
        e["discount"],
        json!({"name": "20% off", "type": "PERCENTAGE", "value": 20.0,
               "durationType": "FOREVER", "durationInMonths": null})
    );
    assert_eq!(e["subscription"]["discountAmount"], money(27.8, "DKK"));
    assert_eq!(e["subscription"]["total"], money(111.2, "DKK"));

    // A coupon for the subscription beats the customer's; it lasts one month from now, so
    // the first month is discounted and the recurring invoice is not.
    let mut applied = input.clone();
    applied["appliedCoupon"] = json!({"couponId": "first-month"});
    let p = preview_ok(&app, applied).await;
    assert_eq!(p["immediateInvoice"]["discount"], money(50.0, "DKK"), "{p}");
    assert_eq!(p["immediateInvoice"]["total"], money(89.0, "DKK"));
    assert_eq!(
        p["immediateInvoice"]["discountDetails"],
        json!({"type": "FIXED", "value": 50.0, "durationType": "REPEATING"})
    );
    assert!(p["recurringInvoice"]["discount"].is_null());
    assert!(p["recurringInvoice"]["discountDetails"].is_null());
    assert_eq!(p["recurringInvoice"]["total"], money(139.0, "DKK"));

    // A change: the prorated amount is discounted too (35 − 20% = 28).
    app.clock.set(at(HALF_WAY));
    let e = estimate_update_ok(
        &app,
        json!({"subscriptionId": "sub-1",
               "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 4}],
               "addons": [{"addonId": "addon-extra-stuff", "quantity": 2}]}),
    )
    .await;
    assert_eq!(e["subTotal"], money(35.0, "DKK"), "{e}");
    assert_eq!(e["discountAmount"], money(7.0, "DKK"));
    assert_eq!(e["total"], money(28.0, "DKK"));
    assert_eq!(e["subscription"]["total"], money(167.2, "DKK"));
    // A credit is not discounted.
    let e = estimate_update_ok(&app, json!({"subscriptionId": "sub-1", "addons": []})).await;
    assert_eq!(e["total"], money(-17.5, "DKK"), "{e}");
    assert_eq!(e["discountAmount"], money(0.0, "DKK"));

    // The next invoice carries the customer's coupon.
    let n = next_invoice_ok(&app, "sub-1").await;
    assert_eq!(n["discount"], money(27.8, "DKK"), "{n}");
    assert_eq!(n["total"], money(111.2, "DKK"));
    assert_eq!(n["amountDue"], money(111.2, "DKK"));
    assert_eq!(n["discountDetails"]["name"], "20% off");
}

#[tokio::test]
async fn preview_next_invoice_lists_the_next_periods_charges() {
    let app = app().await;
    provision_seed(&app, "c-1", seed_params("sub-1")).await;
    app.clock.set(at(HALF_WAY));
    let n = next_invoice_ok(&app, "sub-1").await;
    assert_eq!(n["subTotal"], money(139.0, "DKK"), "{n}");
    assert_eq!(n["subTotalExcludingTax"], money(139.0, "DKK"));
    assert_eq!(n["total"], money(139.0, "DKK"));
    assert_eq!(n["totalExcludingTax"], money(139.0, "DKK"));
    assert_eq!(n["amountDue"], money(139.0, "DKK"));
    assert_eq!(n["tax"], money(0.0, "DKK"));
    assert_eq!(n["minimumSpendAdjustment"], money(0.0, "DKK"));
    assert!(n["discount"].is_null());
    assert!(n["discountDetails"].is_null());
    assert!(n["taxDetails"].is_null());
    assert!(n["credits"].is_null());
    assert_eq!(n["lastUpdatedAt"], HALF_WAY);
    let period = json!({"start": "2026-04-01T00:00:00.000Z", "end": "2026-05-01T00:00:00.000Z"});
    assert_eq!(
        n["lines"],
        json!([
            {"type": "BaseCharge", "description": "Basic", "costDescription": "1 × 69 DKK / month",
             "amount": money(69.0, "DKK"), "unitPrice": money(69.0, "DKK"), "quantity": 1,
             "proration": false, "usageLimit": null, "hasSoftLimit": null, "period": period,
             "price": {"billingModel": "FLAT_FEE", "billingPeriod": "MONTHLY", "billingCountryCode": "DK",
                       "price": money(69.0, "DKK"), "feature": null},
             "lines": null},
            {"type": "InAdvanceCommitmentCharge", "description": "Basic · templates",
             "costDescription": "2 × 17.5 DKK / month",
             "amount": money(35.0, "DKK"), "unitPrice": money(17.5, "DKK"), "quantity": 2,
             "proration": false, "usageLimit": 2.0, "hasSoftLimit": null, "period": period,
             "price": {"billingModel": "PER_UNIT", "billingPeriod": "MONTHLY", "billingCountryCode": "DK",
                       "price": money(17.5, "DKK"), "feature": {"refId": "feature-01-templates"}},
             "lines": null},
            {"type": "AddonCharge", "description": "Extra stuff", "costDescription": "1 × 35 DKK / month",
             "amount": money(35.0, "DKK"), "unitPrice": money(35.0, "DKK"), "quantity": 1,
             "proration": false, "usageLimit": null, "hasSoftLimit": null, "period": period,
             "price": {"billingModel": "FLAT_FEE", "billingPeriod": "MONTHLY", "billingCountryCode": "DK",
                       "price": money(35.0, "DKK"), "feature": null},
             "lines": null}
        ])
    );

    // In a trial, the next invoice is the first paid month, from the trial's end.
    let mut trial = seed_params("sub-trial");
    trial["resourceId"] = json!("resource-02");
    trial
        .as_object_mut()
        .map(|o| o.remove("trialOverrideConfiguration"));
    provision_seed(&app, "c-2", trial).await;
    let n = next_invoice_ok(&app, "sub-trial").await;
    assert_eq!(
        n["lines"][0]["period"],
        json!({"start": "2026-03-30T12:00:00.000Z", "end": "2026-04-30T12:00:00.000Z"}),
        "{n}"
    );
    assert_eq!(n["total"], money(139.0, "DKK"));

    // Yearly in USD.
    provision_seed(
        &app,
        "c-3",
        json!({"planId": "plan-revvenu-basic", "billingPeriod": "ANNUALLY", "subscriptionId": "sub-y"}),
    )
    .await;
    let n = next_invoice_ok(&app, "sub-y").await;
    assert_eq!(n["total"], money(299.9, "USD"), "{n}");
    assert_eq!(n["lines"][0]["costDescription"], "1 × 299.9 USD / year");
    assert_eq!(
        n["lines"][0]["period"],
        json!({"start": "2027-03-16T12:00:00.000Z", "end": "2028-03-16T12:00:00.000Z"})
    );

    // A month later the next invoice is the one after.
    app.clock.set(at("2026-04-02T00:00:00Z"));
    let n = next_invoice_ok(&app, "sub-1").await;
    assert_eq!(
        n["lines"][0]["period"],
        json!({"start": "2026-05-01T00:00:00.000Z", "end": "2026-06-01T00:00:00.000Z"})
    );
}

#[tokio::test]
async fn preview_next_invoice_errors() {
    let app = app().await;
    provision_seed(&app, "c-1", seed_params("sub-1")).await;
    provision_seed(
        &app,
        "c-2",
        json!({"planId": "plan-free", "subscriptionId": "sub-free", "resourceId": "r-1"}),
    )
    .await;
    let before = stored(&app).await;
    assert_error(
        &next_invoice(&app, "nope").await,
        "SubscriptionNotFound",
        false,
    );
    assert_error(
        &next_invoice(&app, "sub-free").await,
        "SubscriptionDoesNotHaveBillingPeriod",
        true,
    );
    assert_error(&next_invoice(&app, "").await, "BadUserInput", true);
    assert_eq!(stored(&app).await, before);
    let body = app
        .gql(
            "mutation ($input: PreviewNextInvoiceInput!) { previewNextInvoice(input: $input) { total { amount } } }",
            json!({"input": {"subscriptionId": "sub-1",
                   "environmentId": "00000000-0000-0000-0000-000000000000"}}),
        )
        .await;
    assert_error(&body, "AccessDeniedError", false);

    // Cancelled at the end of the period: no next invoice.
    let body = app
        .gql(
            "mutation ($i: SubscriptionCancellationInput!) { cancelSubscription(input: $i) { status } }",
            json!({"i": {"subscriptionRefId": "sub-1", "subscriptionCancellationTime": "END_OF_BILLING_PERIOD"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let message = assert_error(
        &next_invoice(&app, "sub-1").await,
        "SubscriptionAlreadyCanceledOrExpired",
        false,
    );
    assert!(message.contains("2026-04-01"), "{message}");
    // Cancelled now.
    let body = app
        .gql(
            "mutation ($i: SubscriptionCancellationInput!) { cancelSubscription(input: $i) { status } }",
            json!({"i": {"subscriptionRefId": "sub-1", "subscriptionCancellationTime": "IMMEDIATE"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_error(
        &next_invoice(&app, "sub-1").await,
        "SubscriptionAlreadyCanceledOrExpired",
        false,
    );
}

#[tokio::test]
async fn estimate_errors_are_coded_and_write_nothing() {
    let app = app().await;
    customer(&app, "c-1").await;
    provision_seed(&app, "c-2", seed_params("sub-1")).await;
    let before = stored(&app).await;
    let base = json!({"customerId": "c-1", "planId": "plan-basic",
                      "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 2}]});
    let with = |extra: Value| {
        let mut input = base.clone();
        if let (Some(o), Some(e)) = (input.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                o.insert(k.clone(), v.clone());
            }
        }
        input
    };
    for (input, code, validation) in [
        (
            with(json!({"customerId": "nobody"})),
            "CustomerNotFound",
            false,
        ),
        (with(json!({"planId": "plan-nope"})), "PlanNotFound", false),
        (
            with(json!({"addons": [{"addonId": "addon-nope"}]})),
            "AddonNotFound",
            false,
        ),
        (
            with(json!({"addons": [{"addonId": "addon-extra-stuff", "quantity": 11}]})),
            "AddonQuantityExceedsLimitError",
            false,
        ),
        (
            with(
                json!({"billableFeatures": [{"featureId": "feature-01-templates", "quantity": 101}]}),
            ),
            "InvalidQuantity",
            true,
        ),
        (
            with(json!({"billableFeatures": []})),
            "InvalidQuantity",
            true,
        ),
        (
            with(json!({"billingPeriod": "ANNUALLY"})),
            "BillingPeriodMissingError",
            true,
        ),
        (
            with(json!({"appliedCoupon": {"couponId": "nope"}})),
            "CouponNotFound",
            false,
        ),
        (
            with(json!({"promotionCode": "SAVE"})),
            "PromotionCodeNotFound",
            false,
        ),
        (
            with(json!({"unitQuantity": 3})),
            "UnsupportedParameter",
            true,
        ),
        (
            with(json!({"payingCustomerId": "c-2"})),
            "UnsupportedParameter",
            true,
        ),
        (
            with(json!({"billingCountryCode": "dk"})),
            "BadUserInput",
            true,
        ),
        (
            with(
                json!({"trialOverrideConfiguration": {"isTrial": false, "trialEndDate": "2026-04-01T00:00:00Z"}}),
            ),
            "BadUserInput",
            true,
        ),
        (
            with(json!({"environmentId": "00000000-0000-0000-0000-000000000000"})),
            "AccessDeniedError",
            false,
        ),
    ] {
        let body = estimate(&app, input.clone()).await;
        assert_error(&body, code, validation);
        assert_eq!(
            common::error_code(&preview(&app, input.clone()).await),
            Some(code),
            "previewSubscription {input}"
        );
    }
    // previewSubscription: a schedule other than IMMEDIATE is not supported.
    let body = preview(
        &app,
        with(json!({"scheduleStrategy": "END_OF_BILLING_PERIOD"})),
    )
    .await;
    assert_error(&body, "UnsupportedParameter", true);
    let body = preview(&app, with(json!({"scheduleStrategy": "IMMEDIATE"}))).await;
    assert!(body.get("errors").is_none(), "{body}");

    // estimateSubscriptionUpdate.
    for (input, code, validation) in [
        (
            json!({"subscriptionId": "nope"}),
            "SubscriptionNotFound",
            false,
        ),
        (
            json!({"subscriptionId": "sub-1", "addons": [{"addonId": "addon-extra-stuff", "quantity": 11}]}),
            "AddonQuantityExceedsLimitError",
            false,
        ),
        (
            json!({"subscriptionId": "sub-1", "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 0}]}),
            "InvalidQuantity",
            true,
        ),
        (
            json!({"subscriptionId": "sub-1", "billableFeatures": [{"featureId": "feature-03-api-calls", "quantity": 1}]}),
            "BadUserInput",
            true,
        ),
        (
            json!({"subscriptionId": "sub-1", "appliedCoupon": {"couponId": "x"}}),
            "UnsupportedParameter",
            true,
        ),
        (
            json!({"subscriptionId": "sub-1", "promotionCode": "SAVE"}),
            "PromotionCodeNotFound",
            false,
        ),
        (
            json!({"subscriptionId": "sub-1", "environmentId": "00000000-0000-0000-0000-000000000000"}),
            "AccessDeniedError",
            false,
        ),
    ] {
        assert_error(&estimate_update(&app, input).await, code, validation);
    }
    assert_eq!(stored(&app).await, before, "errors write nothing");

    // A cancelled subscription cannot be estimated; an archived customer's is not found.
    let body = app
        .gql(
            "mutation ($i: SubscriptionCancellationInput!) { cancelSubscription(input: $i) { status } }",
            json!({"i": {"subscriptionRefId": "sub-1", "subscriptionCancellationTime": "IMMEDIATE"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_error(
        &estimate_update(&app, json!({"subscriptionId": "sub-1"})).await,
        "SubscriptionAlreadyCanceledOrExpired",
        false,
    );
    provision_seed(&app, "c-3", seed_params("sub-3")).await;
    let body = app
        .gql(common::ARCHIVE, json!({"input": {"customerId": "c-3"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_error(
        &estimate_update(&app, json!({"subscriptionId": "sub-3"})).await,
        "SubscriptionNotFound",
        false,
    );
    assert_error(
        &estimate(&app, with(json!({"customerId": "c-3"}))).await,
        "CustomerNotFound",
        false,
    );
}

/// A catalog with a CUSTOM plan: its price is agreed outside the catalog.
const CUSTOM_CATALOG: &str = r#"
products:
  - refId: product-x
    displayName: X
plans:
  - refId: plan-custom
    productId: product-x
    displayName: Enterprise
    pricing:
      pricingType: CUSTOM
"#;

#[tokio::test]
async fn a_custom_plan_cannot_be_estimated() {
    let app = common::app_with_catalog_at(CUSTOM_CATALOG, START).await;
    customer(&app, "c-1").await;
    let message = assert_error(
        &estimate(&app, json!({"customerId": "c-1", "planId": "plan-custom"})).await,
        "BadUserInput",
        true,
    );
    assert!(message.contains("CUSTOM"), "{message}");
    provision_seed(
        &app,
        "c-2",
        json!({"planId": "plan-custom", "subscriptionId": "sub-c"}),
    )
    .await;
    assert_error(
        &estimate_update(&app, json!({"subscriptionId": "sub-c"})).await,
        "BadUserInput",
        true,
    );
    assert_error(
        &next_invoice(&app, "sub-c").await,
        "SubscriptionDoesNotHaveBillingPeriod",
        true,
    );
}
