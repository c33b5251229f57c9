//! Entitlement checks and usage over HTTP, against `examples/catalog.yaml`, on the test
//! database (SQLite, or PostgreSQL when `PLANGATE_TEST_POSTGRES_URL` is set): every denial
//! reason, the seed's limits (plan + addon × quantity + units bought), usage periods moved by
//! an injected clock (month ends, leap day, never-resetting meters), DELTA/SET, idempotency,
//! bad input that changes nothing, and concurrent reports that never lose an increment.

mod common;

use chrono::TimeDelta;
use common::{assert_error, at, TestApp};
use plangate::environment::ensure_environment;
use serde_json::{json, Value};

const EXAMPLE: &str = common::EXAMPLE_CATALOG;

const ENTITLEMENT_FIELDS: &str = "isGranted accessDeniedReason customerId resourceId usageLimit \
    hasUnlimitedUsage hasSoftLimit currentUsage requestedUsage entitlementUpdatedAt \
    usageUpdatedAt usagePeriodAnchor usagePeriodStart usagePeriodEnd nextResetDate resetPeriod \
    resetPeriodConfiguration { __typename ... on MonthlyResetPeriodConfig { monthlyAccordingTo } } \
    validUntil feature { refId featureType meterType }";

async fn app_at(now: &str) -> TestApp {
    common::app_with_catalog_at(EXAMPLE, now).await
}

/// The seed's provision: plan-basic for resource-01, 2 templates bought, 1 × addon-extra-stuff.
async fn provision_seed(app: &TestApp, id: &str) {
    common::provision_seed_with(app, id, json!({})).await;
}

/// A customer on plan-free at the customer level (no resource).
async fn provision_free(app: &TestApp, id: &str) {
    let body = app
        .provision(json!({"customerId": id, "subscriptionParams": {"planId": "plan-free"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
}

async fn check(app: &TestApp, query: Value) -> Value {
    let doc = format!(
        "query ($query: FetchEntitlementQuery!) {{ entitlement(query: $query) {{ {ENTITLEMENT_FIELDS} }} }}"
    );
    let body = app.gql(&doc, json!({"query": query})).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["entitlement"].clone()
}

async fn list(app: &TestApp, query: Value) -> Vec<Value> {
    let doc = format!(
        "query ($query: FetchEntitlementsQuery!) {{ entitlements: cachedEntitlements(query: $query) {{ {ENTITLEMENT_FIELDS} }} }}"
    );
    let body = app.gql(&doc, json!({"query": query})).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["entitlements"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

const REPORT: &str = "mutation ($input: ReportUsageInput!) { reportUsage(input: $input) { \
    id featureId customerId resourceId currentUsage usagePeriodStart usagePeriodEnd nextResetDate timestamp } }";

async fn report(app: &TestApp, input: Value) -> Value {
    app.gql(REPORT, json!({"input": input})).await
}

async fn report_ok(app: &TestApp, input: Value) -> Value {
    let body = report(app, input).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["reportUsage"].clone()
}

fn by_feature<'a>(list: &'a [Value], feature: &str) -> &'a Value {
    list.iter()
        .find(|e| e["feature"]["refId"] == feature)
        .unwrap_or_else(|| panic!("{feature} not in {list:?}"))
}

#[tokio::test]
async fn seed_customer_limits_usage_and_denial_at_the_limit() {
    let app = app_at("2026-11-30T09:00:00Z").await;
    provision_seed(&app, "seed").await;
    let scope = json!({"customerId": "seed", "resourceId": "resource-01"});
    let all = list(&app, scope.clone()).await;
    assert_eq!(all.len(), 4, "{all:?}");
    // Templates: 2 bought (per-unit price) + 10 from the addon; Fluctuating: never resets.
    let templates = by_feature(&all, "feature-01-templates");
    assert_eq!(templates["usageLimit"], 12.0);
    assert_eq!(templates["currentUsage"], 0.0);
    assert_eq!(templates["hasSoftLimit"], false);
    assert!(templates["usagePeriodEnd"].is_null(), "{templates}");
    assert!(templates["resetPeriod"].is_null(), "{templates}");
    assert_eq!(templates["customerId"], "seed");
    assert_eq!(templates["resourceId"], "resource-01");
    assert!(templates["entitlementUpdatedAt"].is_string());
    assert!(templates["validUntil"].is_null());
    assert!(templates["accessDeniedReason"].is_null());
    // API calls: 10,000 (soft) + 5,000 from the addon, monthly from the subscription's start.
    let calls = by_feature(&all, "feature-03-api-calls");
    assert_eq!(calls["usageLimit"], 15000.0);
    assert_eq!(calls["hasSoftLimit"], true);
    assert_eq!(calls["resetPeriod"], "MONTH");
    assert_eq!(calls["usagePeriodAnchor"], "2026-11-30T09:00:00.000Z");
    assert_eq!(calls["usagePeriodStart"], "2026-11-30T09:00:00.000Z");
    assert_eq!(calls["usagePeriodEnd"], "2026-12-30T09:00:00.000Z");
    assert_eq!(calls["nextResetDate"], calls["usagePeriodEnd"]);
    assert_eq!(
        calls["resetPeriodConfiguration"],
        json!({"__typename": "MonthlyResetPeriodConfig", "monthlyAccordingTo": "SubscriptionStart"})
    );
    assert_eq!(
        by_feature(&all, "feature-02-custom-domain")["feature"]["featureType"],
        "BOOLEAN"
    );
    // A configuration feature: a value, no usage, always granted.
    let team = by_feature(&all, "feature-04-team-size");
    assert_eq!(team["usageLimit"], 5.0);
    assert!(team["currentUsage"].is_null(), "{team}");
    let team = check(
        &app,
        json!({"customerId": "seed", "resourceId": "resource-01",
               "featureId": "feature-04-team-size", "options": {"requestedUsage": 100}}),
    )
    .await;
    assert_eq!(team["isGranted"], true, "{team}");
    let body = report(
        &app,
        json!({"customerId": "seed", "resourceId": "resource-01",
               "featureId": "feature-04-team-size", "value": 1}),
    )
    .await;
    assert_error(&body, "MeteringNotAvailableForFeatureType", false);

    let templates_check = |requested: Option<f64>| {
        let mut query = json!({"customerId": "seed", "resourceId": "resource-01",
                               "featureId": "feature-01-templates"});
        if let Some(r) = requested {
            query["options"] = json!({"requestedUsage": r});
        }
        query
    };
    let granted = check(&app, templates_check(Some(1.0))).await;
    assert_eq!(granted["isGranted"], true, "{granted}");
    assert_eq!(granted["requestedUsage"], 1.0);

    let measured = report_ok(
        &app,
        json!({"customerId": "seed", "resourceId": "resource-01",
               "featureId": "feature-01-templates", "value": 11}),
    )
    .await;
    assert_eq!(measured["currentUsage"], 11.0);
    assert!(measured["usagePeriodEnd"].is_null());
    assert_eq!(measured["timestamp"], "2026-11-30T09:00:00.000Z");
    assert_eq!(
        check(&app, templates_check(Some(1.0))).await["isGranted"],
        true
    );
    let measured = report_ok(
        &app,
        json!({"customerId": "seed", "resourceId": "resource-01",
               "featureId": "feature-01-templates", "value": 1}),
    )
    .await;
    assert_eq!(measured["currentUsage"], 12.0);
    let denied = check(&app, templates_check(Some(1.0))).await;
    assert_eq!(denied["isGranted"], false, "{denied}");
    assert_eq!(denied["accessDeniedReason"], "RequestedUsageExceedingLimit");
    assert_eq!(denied["currentUsage"], 12.0);
    assert_eq!(denied["usageLimit"], 12.0);
    // At the limit with nothing more requested: still granted (the SDKs' rule).
    assert_eq!(check(&app, templates_check(None)).await["isGranted"], true);
    // A soft limit is never exceeded.
    let calls = check(
        &app,
        json!({"customerId": "seed", "resourceId": "resource-01",
               "featureId": "feature-03-api-calls", "options": {"requestedUsage": 1e9}}),
    )
    .await;
    assert_eq!(calls["isGranted"], true, "{calls}");
    // Without resourceId only customer-level subscriptions count (Stigg's rule): none here.
    assert!(list(&app, json!({"customerId": "seed"})).await.is_empty());
    let no_sub = check(
        &app,
        json!({"customerId": "seed", "featureId": "feature-01-templates"}),
    )
    .await;
    assert_eq!(no_sub["accessDeniedReason"], "NoActiveSubscription");
}

#[tokio::test]
async fn every_denial_reason() {
    let app = app_at("2026-11-30T09:00:00Z").await;
    provision_free(&app, "free").await;
    provision_seed(&app, "seed").await;
    let body = app.provision(json!({"customerId": "bare"})).await;
    assert!(body.get("errors").is_none(), "{body}");
    provision_free(&app, "gone").await;
    let body = app
        .gql(common::ARCHIVE, json!({"input": {"customerId": "gone"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");

    let cases = [
        (
            json!({"customerId": "nobody", "featureId": "feature-01-templates"}),
            "CustomerNotFound",
        ),
        (
            json!({"customerId": "gone", "featureId": "feature-01-templates"}),
            "CustomerIsArchived",
        ),
        (
            json!({"customerId": "seed", "resourceId": "resource-99", "featureId": "feature-01-templates"}),
            "CustomerResourceNotFound",
        ),
        (
            json!({"customerId": "free", "featureId": "feature-99"}),
            "FeatureNotFound",
        ),
        (
            json!({"customerId": "bare", "featureId": "feature-01-templates"}),
            "NoActiveSubscription",
        ),
        (
            json!({"customerId": "free", "featureId": "feature-02-custom-domain"}),
            "NoFeatureEntitlementInSubscription",
        ),
        (
            json!({"customerId": "free", "featureId": "feature-01-templates",
                   "options": {"requestedUsage": 4}}),
            "RequestedUsageExceedingLimit",
        ),
    ];
    for (query, reason) in cases {
        let answer = check(&app, query.clone()).await;
        assert_eq!(answer["isGranted"], false, "{query}: {answer}");
        assert_eq!(answer["accessDeniedReason"], reason, "{query}: {answer}");
        assert_eq!(answer["hasUnlimitedUsage"], false);
    }
    let granted = check(
        &app,
        json!({"customerId": "free", "featureId": "feature-01-templates", "options": {"requestedUsage": 3}}),
    )
    .await;
    assert_eq!(granted["isGranted"], true, "{granted}");
    assert_eq!(granted["usageLimit"], 3.0);

    // Lists answer [] where the customer has nothing; the state says why.
    const STATE: &str = "query ($query: FetchEntitlementsQuery!) { entitlementsState(query: $query) { \
        __typename accessDeniedReason entitlements { feature { refId } } \
        entitlementsV2 { __typename ... on FeatureEntitlement { isGranted feature { refId } } } } }";
    for (customer, reason) in [
        ("nobody", json!("CustomerNotFound")),
        ("gone", json!("CustomerIsArchived")),
        ("bare", json!("NoActiveSubscription")),
        ("free", Value::Null),
    ] {
        let body = app
            .gql(STATE, json!({"query": {"customerId": customer}}))
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        let state = &body["data"]["entitlementsState"];
        assert_eq!(state["__typename"], "EntitlementsState");
        assert_eq!(state["accessDeniedReason"], reason, "{customer}: {state}");
        let count = state["entitlements"].as_array().map_or(0, Vec::len);
        assert_eq!(count, if customer == "free" { 2 } else { 0 }, "{state}");
        assert_eq!(
            state["entitlementsV2"].as_array().map_or(0, Vec::len),
            count
        );
        if customer != "free" {
            assert!(list(&app, json!({"customerId": customer})).await.is_empty());
        }
    }

    // entitlementV2: the same check in the v2 shape; credits are not supported.
    const V2: &str = "query ($query: GetEntitlementV2Input!) { entitlementV2(query: $query) { \
        __typename ... on FeatureEntitlement { isGranted accessDeniedReason usageLimit feature { refId } } } }";
    let body = app
        .gql(
            V2,
            json!({"query": {"customerId": "free", "featureId": "feature-02-custom-domain"}}),
        )
        .await;
    assert_eq!(
        body["data"]["entitlementV2"],
        json!({"__typename": "FeatureEntitlement", "isGranted": false,
               "accessDeniedReason": "NoFeatureEntitlementInSubscription", "usageLimit": null,
               "feature": {"refId": "feature-02-custom-domain"}}),
        "{body}"
    );
    let body = app
        .gql(
            V2,
            json!({"query": {"customerId": "free", "currencyId": "credits"}}),
        )
        .await;
    assert_error(&body, "UnsupportedParameter", true);
    let body = app.gql(V2, json!({"query": {"customerId": "free"}})).await;
    assert_error(&body, "BadUserInput", true);
}

#[tokio::test]
async fn usage_periods_roll_over_with_the_clock() {
    // Subscribed on January 31st: monthly periods end on the last day when a month is
    // shorter, and go back to the 31st after.
    let app = app_at("2026-01-31T10:00:00Z").await;
    provision_free(&app, "c").await;
    let calls = |requested: f64| json!({"customerId": "c", "featureId": "feature-03-api-calls", "options": {"requestedUsage": requested}});
    let usage = |value: f64| json!({"customerId": "c", "featureId": "feature-03-api-calls", "value": value});
    let first = report_ok(&app, usage(1000.0)).await;
    assert_eq!(first["currentUsage"], 1000.0);
    assert_eq!(first["usagePeriodStart"], "2026-01-31T10:00:00.000Z");
    assert_eq!(first["usagePeriodEnd"], "2026-02-28T10:00:00.000Z");
    assert_eq!(
        check(&app, calls(1.0)).await["accessDeniedReason"],
        "RequestedUsageExceedingLimit"
    );

    // One millisecond before the end: still the first period.
    app.clock.set(at("2026-02-28T09:59:59.999Z"));
    assert_eq!(check(&app, calls(1.0)).await["isGranted"], false);
    // At the end: a new period, usage 0, no job needed.
    app.clock.set(at("2026-02-28T10:00:00Z"));
    let fresh = check(&app, calls(1000.0)).await;
    assert_eq!(fresh["isGranted"], true, "{fresh}");
    assert_eq!(fresh["currentUsage"], 0.0);
    assert_eq!(fresh["usagePeriodStart"], "2026-02-28T10:00:00.000Z");
    assert_eq!(fresh["usagePeriodEnd"], "2026-03-31T10:00:00.000Z");
    assert_eq!(fresh["usagePeriodAnchor"], "2026-01-31T10:00:00.000Z");

    // A measurement dated in the previous period counts there, not now.
    let late = report_ok(
        &app,
        json!({"customerId": "c", "featureId": "feature-03-api-calls", "value": 5,
               "createdAt": "2026-02-10T00:00:00Z"}),
    )
    .await;
    assert_eq!(late["currentUsage"], 1005.0);
    assert_eq!(late["usagePeriodStart"], "2026-01-31T10:00:00.000Z");
    assert_eq!(check(&app, calls(0.0)).await["currentUsage"], 0.0);

    // Templates (a Fluctuating meter) never reset.
    report_ok(
        &app,
        json!({"customerId": "c", "featureId": "feature-01-templates", "value": 3}),
    )
    .await;
    app.clock.advance(TimeDelta::days(400));
    let templates = check(
        &app,
        json!({"customerId": "c", "featureId": "feature-01-templates", "options": {"requestedUsage": 1}}),
    )
    .await;
    assert_eq!(templates["currentUsage"], 3.0);
    assert_eq!(
        templates["accessDeniedReason"],
        "RequestedUsageExceedingLimit"
    );
    assert!(templates["usagePeriodStart"].is_null());
}

#[tokio::test]
async fn a_leap_day_period() {
    let app = app_at("2028-01-29T00:00:00Z").await;
    provision_free(&app, "leap").await;
    app.clock.set(at("2028-02-29T12:00:00Z"));
    let e = check(
        &app,
        json!({"customerId": "leap", "featureId": "feature-03-api-calls"}),
    )
    .await;
    assert_eq!(e["usagePeriodStart"], "2028-02-29T00:00:00.000Z");
    assert_eq!(e["usagePeriodEnd"], "2028-03-29T00:00:00.000Z");
}

#[tokio::test]
async fn delta_set_and_idempotency() {
    let app = app_at("2026-11-30T09:00:00Z").await;
    provision_free(&app, "c").await;
    let calls = |value: f64, behavior: &str| json!({"customerId": "c", "featureId": "feature-03-api-calls", "value": value, "updateBehavior": behavior});
    assert_eq!(
        report_ok(&app, calls(5.0, "SET")).await["currentUsage"],
        5.0
    );
    assert_eq!(
        report_ok(&app, calls(-2.0, "DELTA")).await["currentUsage"],
        3.0
    );
    let body = report(&app, calls(-10.0, "DELTA")).await;
    assert_error(&body, "UsageMeasurementDiffOutOfRangeError", false);
    let body = report(&app, calls(-1.0, "SET")).await;
    assert_error(&body, "BadUserInput", true);
    assert_eq!(
        report_ok(&app, calls(0.0, "SET")).await["currentUsage"],
        0.0
    );

    let keyed = json!({"customerId": "c", "featureId": "feature-03-api-calls", "value": 7,
                       "idempotencyKey": "request-1", "dimensions": {"region": "eu", "n": 2, "ok": true}});
    let first = report_ok(&app, keyed.clone()).await;
    let again = report_ok(&app, keyed).await;
    assert_eq!(first["currentUsage"], 7.0);
    assert_eq!(again["currentUsage"], 7.0);
    assert_eq!(again["id"], first["id"]);
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM usage_measurements WHERE idempotency_key = 'request-1'"
        )
        .await,
        1
    );
    // The same key for another feature is another measurement.
    let other = report_ok(
        &app,
        json!({"customerId": "c", "featureId": "feature-01-templates", "value": 1, "idempotencyKey": "request-1"}),
    )
    .await;
    assert_ne!(other["id"], first["id"]);
}

#[tokio::test]
async fn bad_reports_are_refused_and_change_nothing() {
    let app = app_at("2026-11-30T09:00:00Z").await;
    provision_free(&app, "c").await;
    provision_free(&app, "gone").await;
    let body = app
        .gql(common::ARCHIVE, json!({"input": {"customerId": "gone"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let base = |f: &dyn Fn(&mut Value)| {
        let mut v = json!({"customerId": "c", "featureId": "feature-03-api-calls", "value": 1});
        f(&mut v);
        v
    };
    let cases: Vec<(Value, &str, bool)> = vec![
        (base(&|v| v["value"] = json!(1e16)), "BadUserInput", true),
        (base(&|v| v["value"] = json!(-1e16)), "BadUserInput", true),
        (base(&|v| v["customerId"] = json!("")), "BadUserInput", true),
        (
            base(&|v| v["customerId"] = json!("nobody")),
            "CustomerNotFound",
            false,
        ),
        (
            base(&|v| v["customerId"] = json!("gone")),
            "CustomerNotFound",
            false,
        ),
        (
            base(&|v| v["featureId"] = json!("feature-99")),
            "FeatureNotFound",
            false,
        ),
        (
            base(&|v| v["featureId"] = json!("feature-02-custom-domain")),
            "MeteringNotAvailableForFeatureType",
            false,
        ),
        (
            base(&|v| v["dimensions"] = json!({"nested": {"a": 1}})),
            "BadUserInput",
            true,
        ),
        (
            base(&|v| v["dimensions"] = json!([1, 2])),
            "BadUserInput",
            true,
        ),
        (
            base(&|v| v["dimensions"] = json!({"n": 1.7976931348623157e308})),
            "BadUserInput",
            true,
        ),
        (
            base(&|v| v["idempotencyKey"] = json!("")),
            "BadUserInput",
            true,
        ),
        (
            base(&|v| v["resourceId"] = json!("a\u{0}b")),
            "BadUserInput",
            true,
        ),
        (
            base(&|v| v["environmentId"] = json!("00000000-0000-0000-0000-000000000001")),
            "AccessDeniedError",
            false,
        ),
    ];
    for (input, code, validation) in cases {
        let body = report(&app, input.clone()).await;
        assert_error(&body, code, validation);
    }
    // A bulk report with one bad measurement writes none of them.
    const BULK: &str = "mutation ($input: ReportUsageBulkInput!) { reportUsageBulk(input: $input) { id currentUsage featureId } }";
    let body = app
        .gql(
            BULK,
            json!({"input": {"usages": [
                {"customerId": "c", "featureId": "feature-03-api-calls", "value": 1},
                {"customerId": "c", "featureId": "feature-99", "value": 1}
            ]}}),
        )
        .await;
    assert_error(&body, "FeatureNotFound", false);
    let too_many: Vec<Value> = (0..101)
        .map(|_| json!({"customerId": "c", "featureId": "feature-03-api-calls", "value": 1}))
        .collect();
    let body = app.gql(BULK, json!({"input": {"usages": too_many}})).await;
    assert_error(&body, "BadUserInput", true);
    assert_eq!(app.count("usage_measurements").await, 0);
    assert_eq!(app.count("usage_totals").await, 0);

    let body = app
        .gql(
            BULK,
            json!({"input": {"usages": [
                {"customerId": "c", "featureId": "feature-03-api-calls", "value": 2},
                {"customerId": "c", "featureId": "feature-01-templates", "value": 1},
                {"customerId": "c", "featureId": "feature-03-api-calls", "value": 3}
            ]}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let answers = body["data"]["reportUsageBulk"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let usages: Vec<&Value> = answers.iter().map(|a| &a["currentUsage"]).collect();
    assert_eq!(usages, [&json!(2.0), &json!(1.0), &json!(5.0)]);

    // Checks refuse a bad requestedUsage.
    let doc = "query ($query: FetchEntitlementQuery!) { entitlement(query: $query) { isGranted } }";
    for requested in [json!(-1), json!(1e16)] {
        let body = app
            .gql(
                doc,
                json!({"query": {"customerId": "c", "featureId": "feature-03-api-calls",
                                 "options": {"requestedUsage": requested}}}),
            )
            .await;
        assert_error(&body, "BadUserInput", true);
    }
}

#[tokio::test]
async fn concurrent_reports_never_lose_an_increment() {
    let app = app_at("2026-11-30T09:00:00Z").await;
    provision_free(&app, "busy").await;
    let reports = (0..200).map(|_| {
        report(
            &app,
            json!({"customerId": "busy", "featureId": "feature-03-api-calls", "value": 1}),
        )
    });
    let bodies = futures::future::join_all(reports).await;
    for body in &bodies {
        assert!(body.get("errors").is_none(), "{body}");
    }
    let mut seen: Vec<f64> = bodies
        .iter()
        .filter_map(|b| b["data"]["reportUsage"]["currentUsage"].as_f64())
        .collect();
    seen.sort_by(f64::total_cmp);
    // Every report saw its own total: 1, 2, …, 200.
    assert_eq!(seen, (1..=200).map(f64::from).collect::<Vec<_>>());
    let e = check(
        &app,
        json!({"customerId": "busy", "featureId": "feature-03-api-calls"}),
    )
    .await;
    assert_eq!(e["currentUsage"], 200.0);
    assert_eq!(app.count("usage_measurements").await, 200);
}

#[tokio::test]
async fn provisioned_entitlements_show_usage_periods_and_checks_can_be_reported() {
    let app = app_at("2026-11-30T09:00:00Z").await;
    let body = app
        .gql(
            &format!(
                "mutation ($input: ProvisionCustomerInput!) {{ provisionCustomer(input: $input) {{ entitlements {{ {ENTITLEMENT_FIELDS} }} }} }}"
            ),
            json!({"input": {"customerId": "p", "subscriptionParams": {"planId": "plan-free"}}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let entitlements = body["data"]["provisionCustomer"]["entitlements"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let calls = by_feature(&entitlements, "feature-03-api-calls");
    assert_eq!(calls["currentUsage"], 0.0);
    assert_eq!(calls["usagePeriodEnd"], "2026-12-30T09:00:00.000Z");

    const REPORT_CHECK: &str = "mutation ($e: EntitlementCheckRequested!) { reportEntitlementCheckRequested(entitlementCheckRequested: $e) }";
    let body = app
        .gql(
            REPORT_CHECK,
            json!({"e": {"customerId": "p", "featureId": "feature-03-api-calls",
                         "entitlementCheckResult": {"hasAccess": true}}}),
        )
        .await;
    assert_eq!(
        body["data"]["reportEntitlementCheckRequested"], true,
        "{body}"
    );
    let body = app
        .gql(
            REPORT_CHECK,
            json!({"e": {"customerId": "", "featureId": "feature-03-api-calls",
                         "entitlementCheckResult": {"hasAccess": true}}}),
        )
        .await;
    assert_error(&body, "BadUserInput", true);
}

#[tokio::test]
async fn usage_history_replays_periods_and_groups_by_dimensions() {
    let app = app_at("2026-01-31T10:00:00Z").await;
    provision_free(&app, "h").await;
    let usage = |value: f64, region: &str| {
        json!({"customerId": "h", "featureId": "feature-03-api-calls", "value": value,
               "dimensions": {"region": region}})
    };
    report_ok(&app, usage(10.0, "eu")).await;
    app.clock.set(at("2026-02-10T00:00:00Z"));
    report_ok(&app, usage(5.0, "us")).await;
    app.clock.set(at("2026-03-05T00:00:00Z"));
    report_ok(&app, usage(7.0, "eu")).await;

    const V2: &str = "query ($input: UsageHistoryV2Input!) { usageHistoryV2(input: $input) { \
        markers { type timestamp } series { tags { key value } points { timestamp value isResetPoint } } } }";
    let range = json!({"customerId": "h", "featureId": "feature-03-api-calls",
                       "startDate": "2026-02-01T00:00:00Z", "endDate": "2026-03-10T00:00:00Z"});
    let body = app.gql(V2, json!({"input": range})).await;
    assert!(body.get("errors").is_none(), "{body}");
    let h = &body["data"]["usageHistoryV2"];
    assert_eq!(
        h["markers"],
        json!([{"type": "PERIODIC_RESET", "timestamp": "2026-02-28T10:00:00.000Z"}])
    );
    assert_eq!(
        h["series"],
        json!([{"tags": [], "points": [
            {"timestamp": "2026-02-10T00:00:00.000Z", "value": 15.0, "isResetPoint": false},
            {"timestamp": "2026-02-28T10:00:00.000Z", "value": 0.0, "isResetPoint": true},
            {"timestamp": "2026-03-05T00:00:00.000Z", "value": 7.0, "isResetPoint": false}
        ]}])
    );
    let mut grouped = range.clone();
    grouped["groupBy"] = json!(["region"]);
    let body = app.gql(V2, json!({"input": grouped})).await;
    assert_eq!(
        body["data"]["usageHistoryV2"]["series"],
        json!([
            {"tags": [{"key": "region", "value": "eu"}], "points": [
                {"timestamp": "2026-02-28T10:00:00.000Z", "value": 0.0, "isResetPoint": true},
                {"timestamp": "2026-03-05T00:00:00.000Z", "value": 7.0, "isResetPoint": false}]},
            {"tags": [{"key": "region", "value": "us"}], "points": [
                {"timestamp": "2026-02-10T00:00:00.000Z", "value": 5.0, "isResetPoint": false},
                {"timestamp": "2026-02-28T10:00:00.000Z", "value": 0.0, "isResetPoint": true}]}
        ]),
        "{body}"
    );

    const V1: &str = "query ($i: UsageHistoryInput!) { usageHistory(usageHistoryInput: $i) { \
        startDate endDate markers { type timestamp } usageMeasurements { date value isResetPoint } \
        groups { groupInfo { key value } usageMeasurements { date value isResetPoint } } } }";
    let body = app
        .gql(
            V1,
            json!({"i": {"customerRefId": "h", "featureRefId": "feature-03-api-calls",
                         "startDate": "2026-02-01T00:00:00Z", "groupBy": ["region"]}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let v1 = &body["data"]["usageHistory"];
    assert_eq!(v1["startDate"], "2026-02-01T00:00:00.000Z");
    assert_eq!(v1["endDate"], "2026-03-05T00:00:00.000Z", "defaults to now");
    assert_eq!(
        v1["usageMeasurements"].as_array().map(Vec::len),
        Some(3),
        "{v1}"
    );
    assert_eq!(v1["groups"].as_array().map(Vec::len), Some(2), "{v1}");
    assert_eq!(
        v1["groups"][1]["groupInfo"],
        json!([{"key": "region", "value": "us"}])
    );

    // Before the subscription started no period ended: no reset points.
    let mut early = range.clone();
    early["startDate"] = json!("2025-06-01T00:00:00Z");
    early["endDate"] = json!("2026-02-01T00:00:00Z");
    let body = app.gql(V2, json!({"input": early})).await;
    assert_eq!(
        body["data"]["usageHistoryV2"]["markers"],
        json!([]),
        "{body}"
    );
    assert_eq!(
        body["data"]["usageHistoryV2"]["series"][0]["points"],
        json!([{"timestamp": "2026-01-31T10:00:00.000Z", "value": 10.0, "isResetPoint": false}])
    );

    // Reports of one bulk call (one millisecond) replay in the call's order.
    const BULK: &str = "mutation ($input: ReportUsageBulkInput!) { reportUsageBulk(input: $input) { currentUsage } }";
    let one = |value: f64, behavior: &str| json!({"customerId": "h", "featureId": "feature-03-api-calls", "value": value, "updateBehavior": behavior});
    let body = app
        .gql(
            BULK,
            json!({"input": {"usages": [one(5.0, "SET"), one(1.0, "DELTA"), one(2.0, "DELTA"),
                                         one(4.0, "DELTA"), one(8.0, "DELTA"), one(16.0, "DELTA")]}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let mut later = range.clone();
    later["startDate"] = json!("2026-03-05T00:00:00Z");
    later["endDate"] = json!("2026-03-06T00:00:00Z");
    let body = app.gql(V2, json!({"input": later})).await;
    let values: Vec<f64> = body["data"]["usageHistoryV2"]["series"][0]["points"]
        .as_array()
        .map(|points| points.iter().filter_map(|p| p["value"].as_f64()).collect())
        .unwrap_or_default();
    assert_eq!(values, [7.0, 5.0, 6.0, 8.0, 12.0, 20.0, 36.0], "{body}");

    // Refusals.
    let mut backwards = range.clone();
    backwards["startDate"] = json!("2026-04-01T00:00:00Z");
    assert_error(
        &app.gql(V2, json!({"input": backwards})).await,
        "BadUserInput",
        true,
    );
    let mut unknown = range.clone();
    unknown["featureId"] = json!("feature-99");
    assert_error(
        &app.gql(V2, json!({"input": unknown})).await,
        "FeatureNotFound",
        false,
    );
    let mut boolean = range.clone();
    boolean["featureId"] = json!("feature-02-custom-domain");
    assert_error(
        &app.gql(V2, json!({"input": boolean})).await,
        "MeteringNotAvailableForFeatureType",
        false,
    );
    let mut paged = range;
    paged["paging"] = json!({"first": 10});
    assert_error(
        &app.gql(V2, json!({"input": paged})).await,
        "UnsupportedParameter",
        true,
    );
}

/// A catalog whose features count raw events: uploads (COUNT of `upload` events), bytes (SUM
/// of `bytes` over uploads bigger than 10), peak (MAX of `size`), users (UNIQUE `user`).
const METERED: &str = r#"
features:
  - refId: f-uploads
    displayName: Uploads
    featureType: NUMBER
    meterType: Incremental
    meter:
      aggregation: { function: COUNT }
      filters:
        - conditions: [{ field: eventName, operation: EQUALS, value: upload }]
  - refId: f-bytes
    displayName: Bytes
    featureType: NUMBER
    meterType: Incremental
    meter:
      aggregation: { function: SUM, field: bytes }
      filters:
        - conditions:
            - { field: eventName, operation: EQUALS, value: upload }
            - { field: bytes, operation: GREATER_THAN, value: "10" }
  - refId: f-peak
    displayName: Peak
    featureType: NUMBER
    meterType: Incremental
    meter:
      aggregation: { function: MAX, field: size }
      filters: []
  - refId: f-users
    displayName: Users
    featureType: NUMBER
    meterType: Incremental
    meter:
      aggregation: { function: UNIQUE, field: user }
      filters:
        - conditions: [{ field: eventName, operation: IN, values: [upload, login] }]
products:
  - refId: p
    displayName: P
plans:
  - refId: plan-events
    productId: p
    displayName: Events
    pricing: { pricingType: FREE }
    entitlements:
      - { featureId: f-uploads, usageLimit: 3, resetPeriod: MONTH }
      - { featureId: f-bytes, usageLimit: 1000 }
      - { featureId: f-peak, usageLimit: 100 }
      - { featureId: f-users, usageLimit: 2 }
"#;

#[tokio::test]
async fn raw_events_count_through_their_meters() {
    let app = common::app_with_catalog_at(METERED, "2026-11-30T09:00:00Z").await;
    let env = ensure_environment(&app.db, "development")
        .await
        .expect("env");
    let body = app
        .provision(json!({"customerId": "ev", "subscriptionParams": {"planId": "plan-events"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");

    const EVENT: &str =
        "mutation ($input: UsageEventsReportInput!) { reportEvent(events: $input) }";
    let event = |name: &str, key: &str, dims: Value| json!({"customerId": "ev", "eventName": name, "idempotencyKey": key, "dimensions": dims});
    let body = app
        .gql(
            EVENT,
            json!({"input": {"usageEvents": [
                event("upload", "e1", json!({"bytes": 100, "size": 7, "user": "ann"})),
                event("upload", "e2", json!({"bytes": 5, "size": 42, "user": "bob"})),
                event("login", "e3", json!({"user": "ann", "size": 3})),
                event("delete", "e4", json!({"bytes": 1000, "user": "cid"}))
            ]}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert!(body["data"]["reportEvent"].is_null());
    // A retried event (same key, name, customer; sent without a timestamp, retried later)
    // counts once.
    app.clock.advance(TimeDelta::seconds(5));
    let retry = app
        .gql(
            EVENT,
            json!({"input": {"usageEvents": [event("upload", "e1", json!({"bytes": 100}))]}}),
        )
        .await;
    assert!(retry.get("errors").is_none(), "{retry}");

    let all = list(&app, json!({"customerId": "ev"})).await;
    let usage = |feature: &str| by_feature(&all, feature)["currentUsage"].clone();
    assert_eq!(usage("f-uploads"), 2.0);
    assert_eq!(usage("f-bytes"), 100.0);
    assert_eq!(usage("f-peak"), 42.0);
    assert_eq!(usage("f-users"), 2.0);
    assert_eq!(app.count("usage_events").await, 4);

    // Checks see the events at once; UNIQUE counts a known value once.
    let body = app
        .gql(
            EVENT,
            json!({"input": {"usageEvents": [
                event("upload", "e5", json!({"user": "ann"})),
                event("upload", "e6", json!({"user": "dan"}))
            ]}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let users = check(&app, json!({"customerId": "ev", "featureId": "f-users"})).await;
    assert_eq!(users["currentUsage"], 3.0);
    let uploads = check(
        &app,
        json!({"customerId": "ev", "featureId": "f-uploads", "options": {"requestedUsage": 1}}),
    )
    .await;
    assert_eq!(uploads["currentUsage"], 4.0);
    assert_eq!(
        uploads["accessDeniedReason"],
        "RequestedUsageExceedingLimit"
    );

    // Calculated usage cannot be reported for a feature with a meter.
    let body = report(
        &app,
        json!({"customerId": "ev", "featureId": "f-uploads", "value": 1}),
    )
    .await;
    assert_error(
        &body,
        "CannotReportUsageForEntitlementWithMeterError",
        false,
    );
    // A batch with an unknown customer stores nothing.
    let before = app.count("usage_events").await;
    let body = app
        .gql(
            EVENT,
            json!({"input": {"usageEvents": [
                event("upload", "e7", json!({})),
                {"customerId": "nobody", "eventName": "upload", "idempotencyKey": "e8"}
            ]}}),
        )
        .await;
    assert_error(&body, "CustomerNotFound", false);
    let body = app
        .gql(
            EVENT,
            json!({"input": {"usageEvents": [{"customerId": "ev", "eventName": "", "idempotencyKey": "k"}]}}),
        )
        .await;
    assert_error(&body, "BadUserInput", true);
    assert_eq!(app.count("usage_events").await, before);

    // createFeature takes a meter on metered features only.
    const CREATE: &str =
        "mutation ($input: FeatureInput!) { createFeature(input: $input) { refId } }";
    let env_id = env.id.to_string();
    let body = app
        .gql(
            CREATE,
            json!({"input": {"environmentId": env_id, "refId": "f-new", "displayName": "New",
                   "featureType": "NUMBER", "meterType": "Incremental",
                   "meter": {"aggregation": {"function": "SUM", "field": "n"}, "filters": []}}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = app
        .gql(
            CREATE,
            json!({"input": {"environmentId": env_id, "refId": "f-bool", "displayName": "B",
                   "featureType": "BOOLEAN",
                   "meter": {"aggregation": {"function": "COUNT"}, "filters": []}}}),
        )
        .await;
    assert_error(&body, "MeterMustBeAssociatedToMeteredFeature", true);
    let body = app
        .gql(
            CREATE,
            json!({"input": {"environmentId": env_id, "refId": "f-avg", "displayName": "A",
                   "featureType": "NUMBER", "meterType": "Incremental",
                   "meter": {"aggregation": {"function": "AVG", "field": "n"}, "filters": []}}}),
        )
        .await;
    assert_error(&body, "UnsupportedParameter", true);
}

/// Found by the fresh-user trial: backdated SET/DELTA reports made the history disagree with
/// what the reports answered (and go below zero); -0, numbers written differently, dates out
/// of range, totals past the limit, repeated groupBy keys and aliased histories.
#[tokio::test]
async fn history_points_are_what_reports_answered_and_odd_numbers_are_one_value() {
    let app = app_at("2026-11-30T09:00:00Z").await;
    provision_free(&app, "h").await;
    app.clock.set(at("2026-11-30T09:10:00Z"));
    let report_at = |value: f64, behavior: &str, minutes_ago: i64| {
        let mut r = json!({"customerId": "h", "featureId": "feature-03-api-calls",
                           "value": value, "updateBehavior": behavior});
        if minutes_ago > 0 {
            r["createdAt"] = json!((app.now() - TimeDelta::minutes(minutes_ago)).to_rfc3339());
        }
        r
    };
    let mut answered = Vec::new();
    for (value, behavior, ago) in [
        (10.0, "DELTA", 0),
        (3.0, "SET", 1),
        (1.0, "DELTA", 2),
        (-4.0, "DELTA", 3),
    ] {
        let r = report_ok(&app, report_at(value, behavior, ago)).await;
        answered.push(r["currentUsage"].as_f64().unwrap_or(f64::NAN));
    }
    assert_eq!(answered, [10.0, 3.0, 4.0, 0.0]);
    const V2: &str = "query ($input: UsageHistoryV2Input!) { usageHistoryV2(input: $input) { \
        series { tags { key value } points { timestamp value isResetPoint } } } }";
    let body = app
        .gql(
            V2,
            json!({"input": {"customerId": "h", "featureId": "feature-03-api-calls",
                                  "startDate": "2026-11-30T09:00:00Z"}}),
        )
        .await;
    let mut values: Vec<f64> = body["data"]["usageHistoryV2"]["series"][0]["points"]
        .as_array()
        .map(|p| p.iter().filter_map(|p| p["value"].as_f64()).collect())
        .unwrap_or_default();
    values.sort_by(f64::total_cmp);
    let mut expected = answered.clone();
    expected.sort_by(f64::total_cmp);
    assert_eq!(values, expected, "{body}");

    // -0 is 0; numbers written differently are one value.
    let r = report_ok(
        &app,
        json!({"customerId": "h", "featureId": "feature-01-templates",
                                   "value": -0.0, "updateBehavior": "SET",
                                   "dimensions": {"a": -0.0}}),
    )
    .await;
    assert!(
        r["currentUsage"]
            .as_f64()
            .is_some_and(|v| v == 0.0 && v.is_sign_positive()),
        "{r}"
    );
    report_ok(
        &app,
        json!({"customerId": "h", "featureId": "feature-01-templates",
                           "value": 1, "dimensions": {"a": 0}}),
    )
    .await;
    report_ok(
        &app,
        json!({"customerId": "h", "featureId": "feature-01-templates",
                           "value": 1, "dimensions": {"a": 1.0}}),
    )
    .await;
    let body = app
        .gql(
            V2,
            json!({"input": {"customerId": "h", "featureId": "feature-01-templates",
                                  "startDate": "2026-11-30T09:00:00Z", "groupBy": ["a"]}}),
        )
        .await;
    let tags: Vec<String> = body["data"]["usageHistoryV2"]["series"]
        .as_array()
        .map(|s| {
            s.iter()
                .filter_map(|s| s["tags"][0]["value"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(tags, ["0", "1"], "{body}");

    // Refusals that change nothing.
    let before = app.count("usage_measurements").await;
    for (input, code) in [
        (
            json!({"customerId": "h", "featureId": "feature-03-api-calls", "value": 1,
                "createdAt": "1969-12-31T23:59:59Z"}),
            "BadUserInput",
        ),
        (
            json!({"customerId": "h", "featureId": "feature-03-api-calls", "value": 1,
                "createdAt": "2026-12-02T09:10:00Z"}),
            "BadUserInput",
        ),
        (
            json!({"customerId": "h", "featureId": "feature-03-api-calls", "value": 1e15,
                "updateBehavior": "SET"}),
            "",
        ),
        (
            json!({"customerId": "h", "featureId": "feature-03-api-calls", "value": 1}),
            "UsageMeasurementDiffOutOfRangeError",
        ),
    ] {
        let body = report(&app, input.clone()).await;
        if code.is_empty() {
            assert!(body.get("errors").is_none(), "{body}");
        } else {
            assert_eq!(common::error_code(&body), Some(code), "{input}: {body}");
        }
    }
    assert_eq!(app.count("usage_measurements").await, before + 1);
    let body = app
        .gql(
            V2,
            json!({"input": {"customerId": "h", "featureId": "feature-01-templates",
                                  "startDate": "2026-11-30T09:00:00Z", "groupBy": ["a", "a"]}}),
        )
        .await;
    assert_error(&body, "BadUserInput", true);
    let aliased = format!(
        "{{ {} }}",
        (0..4)
            .map(|i| format!("h{i}: usageHistoryV2(input: {{customerId: \"h\", featureId: \"feature-03-api-calls\", startDate: \"2026-11-30T09:00:00Z\"}}) {{ series {{ tags {{ key value }} points {{ timestamp value isResetPoint }} }} markers {{ type timestamp }} }}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert_error(&app.gql(&aliased, json!({})).await, "BadUserInput", true);
}
