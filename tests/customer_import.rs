//! Imports over HTTP: `importOneCustomer`, `importCustomersBulk` (ids, `updatedAt`, payment
//! method ids kept; existing customers updated unless newer; all or nothing with the bad
//! item's index) and `importSubscriptionsBulk` (ids, start dates, plans, addons, billing
//! periods kept; all or nothing).

mod common;

use common::{assert_error, at, TestApp};
use serde_json::{json, Value};

const IMPORT_ONE: &str =
    "mutation ($input: ImportCustomerInput!) { importOneCustomer(input: $input) { \
    id customerId refId name email createdAt updatedAt billingId additionalMetaData \
    hasPaymentMethod defaultPaymentMethodId salesforceId } }";
const IMPORT_BULK: &str =
    "mutation ($input: ImportCustomerBulkInput!) { importCustomersBulk(input: $input) }";
const IMPORT_SUBSCRIPTIONS: &str =
    "mutation ($input: ImportSubscriptionsBulkInput!) { importSubscriptionsBulk(input: $input) }";
const SUBSCRIPTIONS: &str =
    "query ($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { \
    customerId subscriptions { subscriptionId status startDate \
    plan { refId } addons { quantity addon { refId } } resource { resourceId } \
    totalPrice { total { amount currency } } } } }";
const CHECK: &str = "query ($query: FetchEntitlementQuery!) { entitlement(query: $query) { \
    isGranted accessDeniedReason usageLimit } }";

async fn app() -> TestApp {
    common::app_with_catalog_at(common::EXAMPLE_CATALOG, "2026-12-02T10:00:00Z").await
}

async fn import_one(app: &TestApp, input: Value) -> Value {
    app.gql(IMPORT_ONE, json!({ "input": input })).await
}

async fn import_bulk(app: &TestApp, customers: Value) -> Value {
    app.gql(IMPORT_BULK, json!({"input": {"customers": customers}}))
        .await
}

async fn import_subscriptions(app: &TestApp, subscriptions: Value) -> Value {
    app.gql(
        IMPORT_SUBSCRIPTIONS,
        json!({"input": {"subscriptions": subscriptions}}),
    )
    .await
}

#[tokio::test]
async fn import_one_customer_keeps_id_dates_and_payment_method() {
    let app = app().await;
    let body = import_one(
        &app,
        json!({"customerId": "imp-1", "name": "Ada", "email": "ada@example.com",
               "billingId": "cus_123", "paymentMethodId": "pm_456", "salesforceId": "sf-1",
               "additionalMetaData": {"plan": "legacy"}, "updatedAt": "2024-05-06T07:08:09.123Z"}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let c = &body["data"]["importOneCustomer"];
    assert_eq!(c["customerId"], "imp-1");
    assert_eq!(c["refId"], "imp-1");
    assert_eq!(c["email"], "ada@example.com");
    assert_eq!(c["updatedAt"], "2024-05-06T07:08:09.123Z");
    assert_eq!(c["createdAt"], "2026-12-02T10:00:00.000Z");
    assert_eq!(c["billingId"], "cus_123");
    assert_eq!(c["hasPaymentMethod"], true);
    assert_eq!(c["defaultPaymentMethodId"], "pm_456");
    assert_eq!(c["additionalMetaData"], json!({"plan": "legacy"}));
    let got = app.get_customer("imp-1").await;
    assert_eq!(got["data"]["getCustomerByRefId"]["name"], "Ada", "{got}");

    // The same id again updates the given fields (omitted ones stay)…
    let body = import_one(
        &app,
        json!({"customerId": "imp-1", "name": "Ada L.", "updatedAt": "2025-01-01T00:00:00Z"}),
    )
    .await;
    let c = &body["data"]["importOneCustomer"];
    assert_eq!(c["name"], "Ada L.", "{body}");
    assert_eq!(c["email"], "ada@example.com");
    assert_eq!(c["defaultPaymentMethodId"], "pm_456");
    assert_eq!(c["updatedAt"], "2025-01-01T00:00:00.000Z");
    // …unless the stored customer is newer: then it is skipped.
    let body = import_one(
        &app,
        json!({"customerId": "imp-1", "name": "Old name", "updatedAt": "2024-01-01T00:00:00Z"}),
    )
    .await;
    assert_eq!(
        body["data"]["importOneCustomer"]["name"], "Ada L.",
        "{body}"
    );
    assert_eq!(app.count("customers").await, 1);

    // A provisioned customer never has a payment method.
    app.provision(json!({"customerId": "plain"})).await;
    let body = app
        .gql(
            "query { getCustomerByRefId(input: {customerId: \"plain\"}) { hasPaymentMethod defaultPaymentMethodId } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["getCustomerByRefId"],
        json!({"hasPaymentMethod": false, "defaultPaymentMethodId": null})
    );
}

#[tokio::test]
async fn import_one_customer_errors() {
    let app = app().await;
    for (input, code, validation) in [
        (
            json!({"customerId": "a", "refId": "b"}),
            "EntityIdDifferentFromRefIdError",
            true,
        ),
        (json!({"customerId": "", "name": "x"}), "BadUserInput", true),
        (
            json!({"customerId": "a", "email": "not-an-email"}),
            "BadUserInput",
            true,
        ),
        (
            json!({"customerId": "a", "paymentMethodId": ""}),
            "BadUserInput",
            true,
        ),
        (
            json!({"customerId": "a", "updatedAt": "2026-12-03T00:00:00Z"}),
            "BadUserInput",
            true,
        ),
        (
            json!({"customerId": "a", "additionalMetaData": [1]}),
            "InvalidMetadataError",
            true,
        ),
        (
            json!({"customerId": "a", "environmentId": "00000000-0000-0000-0000-000000000001"}),
            "AccessDeniedError",
            false,
        ),
    ] {
        let body = import_one(&app, input.clone()).await;
        let message = assert_error(&body, code, validation);
        assert!(!message.starts_with("customers["), "{input}: {message}");
    }
    assert_eq!(app.count("customers").await, 0);

    // An archived customer's id cannot be imported again.
    app.provision(json!({"customerId": "gone"})).await;
    app.gql(common::ARCHIVE, json!({"input": {"customerId": "gone"}}))
        .await;
    let body = import_one(&app, json!({"customerId": "gone", "name": "again"})).await;
    let message = assert_error(&body, "DuplicatedEntityNotAllowed", false);
    assert!(message.contains("archived"), "{message}");
}

#[tokio::test]
async fn import_customers_bulk_writes_all_or_nothing() {
    let app = app().await;
    app.provision(
        json!({"customerId": "bulk-existing", "name": "Before", "email": "b@example.com"}),
    )
    .await;
    let mut customers: Vec<Value> = (0..1200)
        .map(|i| {
            json!({"customerId": format!("bulk-{i:05}"), "name": format!("Customer {i}"),
                   "email": format!("c{i}@example.com"), "paymentMethodId": format!("pm_{i}"),
                   "updatedAt": "2025-03-04T05:06:07.089Z"})
        })
        .collect();
    customers.push(json!({"customerId": "bulk-existing", "name": "After"}));
    let body = import_bulk(&app, json!(customers)).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["importCustomersBulk"], Value::Null);
    assert_eq!(app.count("customers").await, 1201);
    let got = app.get_customer("bulk-01199").await;
    let c = &got["data"]["getCustomerByRefId"];
    assert_eq!(c["name"], "Customer 1199", "{got}");
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM customers WHERE payment_method_id = 'pm_7'")
            .await,
        1
    );
    let got = app.get_customer("bulk-existing").await;
    assert_eq!(got["data"]["getCustomerByRefId"]["name"], "After", "{got}");
    assert_eq!(got["data"]["getCustomerByRefId"]["email"], "b@example.com");
    // Listed by the customers query like provisioned ones.
    let body = app
        .gql(
            "query { customers(filter: {customerId: {like: \"bulk-0%\"}}) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["customers"]["totalCount"], 1200, "{body}");

    // One bad customer: the error names it, nothing is written.
    let batch = json!([
        {"customerId": "new-1"},
        {"customerId": "new-2", "email": "nope"},
        {"customerId": "new-3"}
    ]);
    let body = import_bulk(&app, batch).await;
    let message = assert_error(&body, "BadUserInput", true);
    assert!(message.starts_with("customers[1]: "), "{message}");
    let body = import_bulk(
        &app,
        json!([{"customerId": "new-1"}, {"customerId": "new-1"}]),
    )
    .await;
    let message = assert_error(&body, "BadUserInput", true);
    assert!(
        message.contains("customers[0]") && message.contains("customers[1]"),
        "{message}"
    );
    let body = import_bulk(
        &app,
        json!([{"customerId": "new-1", "additionalMetaData": "x"}]),
    )
    .await;
    let message = assert_error(&body, "InvalidMetadataError", true);
    assert!(message.starts_with("customers[0]: "), "{message}");
    app.gql(
        common::ARCHIVE,
        json!({"input": {"customerId": "bulk-00003"}}),
    )
    .await;
    let body = import_bulk(
        &app,
        json!([{"customerId": "new-1"}, {"customerId": "bulk-00003"}]),
    )
    .await;
    let message = assert_error(&body, "DuplicatedEntityNotAllowed", false);
    assert!(message.starts_with("customers[1]: "), "{message}");
    let body = import_bulk(&app, json!([])).await;
    assert_error(&body, "BadUserInput", true);
    let body = app
        .gql(
            IMPORT_BULK,
            json!({"input": {"customers": [{"customerId": "new-1"}],
                             "environmentId": "00000000-0000-0000-0000-000000000001"}}),
        )
        .await;
    assert_error(&body, "AccessDeniedError", false);
    let body = import_bulk(
        &app,
        json!([{"customerId": "new-1", "environmentId": "00000000-0000-0000-0000-000000000001"}]),
    )
    .await;
    let message = assert_error(&body, "AccessDeniedError", false);
    assert!(message.starts_with("customers[0]: "), "{message}");
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM customers WHERE ref_id LIKE 'new-%'")
            .await,
        0
    );
}

#[tokio::test]
async fn import_customers_bulk_refuses_more_than_its_limit() {
    let app = TestApp::spawn_with(|c| c.max_body_bytes = 8 * 1024 * 1024).await;
    let customers: Vec<Value> = (0..10_001)
        .map(|i| json!({"customerId": format!("c{i}")}))
        .collect();
    let body = import_bulk(&app, json!(customers)).await;
    let message = assert_error(&body, "BadUserInput", true);
    assert!(message.contains("10000"), "{message}");
    assert_eq!(app.count("customers").await, 0);
}

#[tokio::test]
async fn import_subscriptions_bulk_keeps_ids_dates_and_plans() {
    let app = app().await;
    let body = import_bulk(
        &app,
        json!([{"customerId": "sub-a"}, {"customerId": "sub-b"}]),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = import_subscriptions(
        &app,
        json!([
            {"customerId": "sub-a", "subscriptionId": "legacy-sub-1", "planId": "plan-basic",
             "resourceId": "site-1", "billingPeriod": "MONTHLY",
             "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 3}],
             "addons": [{"addonId": "addon-extra-stuff", "quantity": 2}],
             "startDate": "2025-01-15T00:00:00Z", "updatedAt": "2025-06-01T00:00:00Z",
             "additionalMetaData": {"from": "legacy"}, "billingId": "sub_999"},
            {"customerId": "sub-b", "planId": "plan-free", "startDate": "2027-01-01T00:00:00Z"}
        ]),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["importSubscriptionsBulk"], Value::Null);

    let body = app
        .gql(SUBSCRIPTIONS, json!({"input": {"customerId": "sub-a"}}))
        .await;
    let s = &body["data"]["getCustomerByRefId"]["subscriptions"][0];
    assert_eq!(s["subscriptionId"], "legacy-sub-1", "{body}");
    assert_eq!(s["status"], "ACTIVE");
    assert_eq!(s["startDate"], "2025-01-15T00:00:00.000Z");
    assert_eq!(s["plan"]["refId"], "plan-basic");
    assert_eq!(s["addons"][0]["quantity"], 2.0);
    assert_eq!(s["addons"][0]["addon"]["refId"], "addon-extra-stuff");
    assert_eq!(s["resource"]["resourceId"], "site-1");
    // 10 + 3 × 2.5 + 2 × 5 USD.
    assert_eq!(s["totalPrice"]["total"]["amount"], 27.5);
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM subscriptions WHERE ref_id = 'legacy-sub-1' \
             AND updated_at < created_at AND billing_period = 'MONTHLY'"
        )
        .await,
        1
    );
    // The imported subscription grants like a provisioned one: 3 templates + 2 × 10.
    let check = app
        .gql(
            CHECK,
            json!({"query": {"customerId": "sub-a", "resourceId": "site-1",
                             "featureId": "feature-01-templates"}}),
        )
        .await;
    assert_eq!(check["data"]["entitlement"]["usageLimit"], 23.0, "{check}");
    // A start in the future: NOT_STARTED (no live subscription yet).
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM subscriptions WHERE status = 'NOT_STARTED'")
            .await,
        1
    );
}

#[tokio::test]
async fn import_subscriptions_bulk_errors_write_nothing() {
    let app = app().await;
    import_bulk(&app, json!([{"customerId": "s1"}, {"customerId": "s2"}])).await;
    let good = json!({"customerId": "s1", "planId": "plan-free"});
    for (bad, code, validation) in [
        (
            json!({"customerId": "nobody", "planId": "plan-free"}),
            "CustomerNotFound",
            false,
        ),
        (
            json!({"customerId": "s2", "planId": "plan-nope"}),
            "PlanNotFound",
            false,
        ),
        (
            json!({"customerId": "s2", "planId": "plan-basic", "billingPeriod": "MONTHLY"}),
            "InvalidQuantity",
            true,
        ),
        (
            json!({"customerId": "s2", "planId": "plan-free", "addons": [{"addonId": "addon-nope"}]}),
            "AddonNotFound",
            false,
        ),
        (
            json!({"customerId": "s2", "planId": "plan-free", "addons": [{"addonId": "addon-extra-stuff"}]}),
            "IncompatibleSubscriptionAddon",
            false,
        ),
        (
            json!({"customerId": "s2", "planId": "plan-revvenu-basic",
                   "addons": [{"addonId": "addon-extra-stuff", "quantity": 11}]}),
            "AddonQuantityExceedsLimitError",
            false,
        ),
        (
            json!({"customerId": "s2", "planId": "plan-free", "endDate": "2027-01-01T00:00:00Z"}),
            "UnsupportedParameter",
            true,
        ),
        (
            json!({"customerId": "s2", "planId": "plan-free", "updatedAt": "2027-01-01T00:00:00Z"}),
            "BadUserInput",
            true,
        ),
        (
            json!({"customerId": "", "planId": "plan-free"}),
            "BadUserInput",
            true,
        ),
        // The same product twice for one customer (one subscription per resource).
        (
            json!({"customerId": "s1", "planId": "plan-free"}),
            "DuplicatedEntityNotAllowed",
            false,
        ),
    ] {
        let body = import_subscriptions(&app, json!([good.clone(), bad.clone()])).await;
        let message = assert_error(&body, code, validation);
        assert!(
            message.starts_with("subscriptions[1]: "),
            "{bad}: {message}"
        );
        assert_eq!(app.count("subscriptions").await, 0, "{bad}");
    }
    let body = import_subscriptions(&app, json!([])).await;
    assert_error(&body, "BadUserInput", true);
    let body = app
        .gql(
            IMPORT_SUBSCRIPTIONS,
            json!({"input": {"subscriptions": [good],
                             "environmentId": "00000000-0000-0000-0000-000000000001"}}),
        )
        .await;
    assert_error(&body, "AccessDeniedError", false);

    // A subscription id already taken.
    let body = import_subscriptions(
        &app,
        json!([{"customerId": "s1", "planId": "plan-free", "subscriptionId": "sub-x"}]),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = import_subscriptions(
        &app,
        json!([{"customerId": "s2", "planId": "plan-free", "subscriptionId": "sub-x"}]),
    )
    .await;
    let message = assert_error(&body, "DuplicatedEntityNotAllowed", false);
    assert!(message.starts_with("subscriptions[0]: "), "{message}");
    assert_eq!(app.count("subscriptions").await, 1);
    let _ = at("2026-12-02T10:00:00Z");
}

/// Found by the fresh-user trial: an imported subscription to a plan with a default trial
/// started the trial (and used up the customer's trial eligibility). Imported subscriptions
/// are paid as they were.
#[tokio::test]
async fn imported_subscriptions_start_no_trial() {
    let app = app().await;
    let body = import_one(&app, json!({"customerId": "migrated"})).await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = import_subscriptions(
        &app,
        json!([{"customerId": "migrated", "subscriptionId": "sub-migrated", "planId": "plan-basic",
                "resourceId": "resource-01", "billingPeriod": "MONTHLY", "startDate": "2025-01-31T00:00:00Z",
                "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 3}]}]),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let got = app
        .gql(
            "query ($input: GetSubscriptionInput!) { getSubscription(input: $input) { status trialEndDate currentBillingPeriodStart } }",
            json!({"input": {"subscriptionId": "sub-migrated"}}),
        )
        .await;
    let sub = &got["data"]["getSubscription"];
    assert_eq!(sub["status"], "ACTIVE", "{got}");
    assert_eq!(sub["trialEndDate"], Value::Null);
    // Anchored at its own start (the 31st), not at a trial's end.
    assert_eq!(sub["currentBillingPeriodStart"], "2026-11-30T00:00:00.000Z");
    let customer = app
        .gql(
            "query ($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { trialedPlans { planRefId } eligibleForTrial { productRefId eligible } } }",
            json!({"input": {"customerId": "migrated"}}),
        )
        .await;
    let c = &customer["data"]["getCustomerByRefId"];
    assert_eq!(c["trialedPlans"], json!([]), "{customer}");
    assert!(c["eligibleForTrial"]
        .as_array()
        .is_some_and(|e| e.iter().all(|p| p["eligible"] == json!(true))));
}

/// Found by the fresh-user trial (PostgreSQL): imports of one id at the same moment failed
/// with DuplicatedEntityNotAllowed instead of updating it.
#[tokio::test]
async fn concurrent_imports_of_one_id_all_succeed() {
    let app = app().await;
    let attempts = (0..8).map(|i| {
        import_one(
            &app,
            json!({"customerId": "raced", "name": format!("n{i}")}),
        )
    });
    let bodies = futures::future::join_all(attempts).await;
    for body in &bodies {
        assert!(body.get("errors").is_none(), "{body}");
    }
    let bulks = (0..4).map(|_| {
        import_bulk(
            &app,
            json!((0..50)
                .map(|i| json!({"customerId": format!("pair-{i}"), "name": "n"}))
                .collect::<Vec<_>>()),
        )
    });
    for body in futures::future::join_all(bulks).await {
        assert!(body.get("errors").is_none(), "{body}");
    }
    assert_eq!(app.count("customers").await, 51);
}

/// A bulk of 1,000 customers or more leaves PostgreSQL with fresh statistics of `customers`
/// (ANALYZE), so plans stay index scans as the table grows even where autovacuum is off: the
/// tenth bulk of 10,000 took 30 s (HTTP 503) on such a server before (bench/run.sh).
#[tokio::test]
async fn a_large_bulk_refreshes_the_statistics_on_postgres() {
    let app = app().await;
    let customers: Vec<Value> = (0..1_000)
        .map(|i| json!({"customerId": format!("bulk-{i}"), "name": format!("Customer {i}")}))
        .collect();
    let body = import_bulk(&app, json!(customers)).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(app.count("customers").await, 1_000);
    if app.backend == common::Backend::Postgres {
        // reltuples is the planner's row count; only ANALYZE (or VACUUM) sets it.
        let planned = app
            .scalar_i64(
                "SELECT CAST(reltuples AS bigint) AS n FROM pg_class WHERE relname = 'customers'",
            )
            .await;
        assert_eq!(planned, 1_000, "customers was analyzed after the bulk");
    }
}
