//! Subscription changes over HTTP against `examples/catalog.yaml`, with an injected clock, on
//! the test database (SQLite, or PostgreSQL when `PLANGATE_TEST_POSTGRES_URL` is set):
//! `cancelSchedule` (calling off scheduled plan changes), `delegateSubscriptionToCustomer`
//! (and `payingCustomerId` on provision), `applySubscription` and `createSubscription`
//! (provisioning through the one provision path), and a trial converted to a paid plan.

mod common;

use common::{assert_error, at, TestApp};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

const EXAMPLE: &str = common::EXAMPLE_CATALOG;

const SUBSCRIPTION_FIELDS: &str = "id subscriptionId status startDate endDate trialEndDate \
    cancellationDate effectiveEndDate currentBillingPeriodStart currentBillingPeriodEnd \
    billingPeriod pricingType plan { refId } resource { resourceId } customer { customerId } \
    payingCustomer { customerId }";

async fn app_at(now: &str) -> TestApp {
    common::app_with_catalog_at(EXAMPLE, now).await
}

async fn get(app: &TestApp, subscription_id: &str) -> Value {
    let doc = format!(
        "query ($input: GetSubscriptionInput!) {{ getSubscription(input: $input) {{ {SUBSCRIPTION_FIELDS} }} }}"
    );
    let body = app
        .gql(&doc, json!({"input": {"subscriptionId": subscription_id}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["getSubscription"].clone()
}

async fn active(app: &TestApp, customer: &str) -> Vec<Value> {
    let doc = format!(
        "query ($input: GetActiveSubscriptionsInput!) {{ getActiveSubscriptions(input: $input) {{ {SUBSCRIPTION_FIELDS} }} }}"
    );
    let body = app
        .gql(&doc, json!({"input": {"customerId": customer}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["getActiveSubscriptions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn provision_subscription(app: &TestApp, input: Value) -> Value {
    let doc = format!(
        "mutation ($input: ProvisionSubscriptionInput!) {{ provisionSubscriptionV2(input: $input) {{ status subscription {{ {SUBSCRIPTION_FIELDS} }} }} }}"
    );
    app.gql(&doc, json!({ "input": input })).await
}

async fn cancel(app: &TestApp, input: Value) -> Value {
    let doc = format!(
        "mutation ($input: SubscriptionCancellationInput!) {{ cancelSubscription(input: $input) {{ {SUBSCRIPTION_FIELDS} }} }}"
    );
    app.gql(&doc, json!({ "input": input })).await
}

async fn cancel_schedule(app: &TestApp, input: Value) -> Value {
    app.gql(
        "mutation ($input: SubscriptionUpdateScheduleCancellationInput!) { cancelSchedule(input: $input) }",
        json!({ "input": input }),
    )
    .await
}

async fn delegate(app: &TestApp, input: Value) -> Value {
    let doc = format!(
        "mutation ($input: DelegateSubscriptionToCustomerInput!) {{ delegateSubscriptionToCustomer(input: $input) {{ {SUBSCRIPTION_FIELDS} }} }}"
    );
    app.gql(&doc, json!({ "input": input })).await
}

/// A customer `id` with a paid plan-revvenu-basic subscription `sub-{id}` (monthly) on
/// resource `r`.
async fn paid_customer(app: &TestApp, id: &str) {
    let body = app
        .provision(json!({"customerId": id, "subscriptionParams": {
            "planId": "plan-revvenu-basic", "subscriptionId": format!("sub-{id}"),
            "resourceId": "r", "billingPeriod": "MONTHLY"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
}

async fn plain_customer(app: &TestApp, id: &str) {
    let body = app.provision(json!({"customerId": id})).await;
    assert!(body.get("errors").is_none(), "{body}");
}

async fn decision(app: &TestApp, customer: &str, resource: &str, feature: &str) -> Value {
    let body = app
        .gql(
            "query ($query: FetchEntitlementQuery!) { entitlement(query: $query) { isGranted accessDeniedReason } }",
            json!({"query": {"customerId": customer, "resourceId": resource, "featureId": feature}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["entitlement"].clone()
}

/// One text column of the subscription `ref_id`'s row (NULL as `None`).
async fn stored(app: &TestApp, ref_id: &str, column: &str) -> Option<String> {
    let backend = app.db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            format!("SELECT CAST({column} AS TEXT) AS v FROM subscriptions WHERE ref_id = $1")
        }
        _ => format!("SELECT CAST({column} AS TEXT) AS v FROM subscriptions WHERE ref_id = ?"),
    };
    let row = app
        .db
        .query_one(Statement::from_sql_and_values(
            backend,
            sql,
            [ref_id.into()],
        ))
        .await
        .expect("query")
        .expect("row");
    row.try_get::<Option<String>>("", "v").expect("value")
}

/// The stored owner and payer of subscription `ref_id`, as customer ids (`customerId`s).
async fn stored_owner(app: &TestApp, ref_id: &str) -> (String, Option<String>) {
    let backend = app.db.get_database_backend();
    let placeholder = match backend {
        sea_orm::DatabaseBackend::Postgres => "$1",
        _ => "?",
    };
    let row = app
        .db
        .query_one(Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT c.ref_id AS owner, p.ref_id AS payer FROM subscriptions s \
                 JOIN customers c ON c.id = s.customer_id \
                 LEFT JOIN customers p ON p.id = s.paying_customer_id WHERE s.ref_id = {placeholder}"
            ),
            [ref_id.into()],
        ))
        .await
        .expect("query")
        .expect("row");
    (
        row.try_get::<String>("", "owner").expect("owner"),
        row.try_get::<Option<String>>("", "payer").expect("payer"),
    )
}

// ------------------------------------------------------------------------- cancelSchedule

/// A plan change scheduled for the end of the period (and one after it) is called off: the
/// current subscription runs on as if nothing had been scheduled, and when the clock passes
/// the date nothing changes.
#[tokio::test]
async fn cancel_schedule_calls_off_a_scheduled_plan_change() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    paid_customer(&app, "mover").await;
    let schedule = |id: &str, plan: &str, start: &str| {
        json!({"customerId": "mover", "planId": plan, "subscriptionId": id, "resourceId": "r",
               "billingPeriod": "MONTHLY", "startDate": start})
    };
    // A downgrade to plan-free at the end of the current period, then another change later.
    let body = provision_subscription(
        &app,
        schedule("sub-free", "plan-free", "2026-12-30T00:00:00Z"),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = provision_subscription(
        &app,
        schedule("sub-back", "plan-revvenu-basic", "2027-01-15T00:00:00Z"),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let current = get(&app, "sub-mover").await;
    assert_eq!(current["endDate"], "2026-12-30T00:00:00.000Z", "{current}");
    assert_eq!(get(&app, "sub-free").await["status"], "NOT_STARTED");

    let body = cancel_schedule(&app, json!({"subscriptionId": "sub-mover"})).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["cancelSchedule"], "sub-mover");

    let current = get(&app, "sub-mover").await;
    assert_eq!(current["status"], "ACTIVE", "{current}");
    for field in ["endDate", "effectiveEndDate", "cancellationDate"] {
        assert_eq!(current[field], Value::Null, "{field}: {current}");
    }
    for id in ["sub-free", "sub-back"] {
        let called_off = get(&app, id).await;
        assert_eq!(called_off["status"], "CANCELED", "{called_off}");
        assert_eq!(
            called_off["endDate"], called_off["startDate"],
            "never starts: {called_off}"
        );
    }
    // Stored: nothing left on the schedule of the current subscription.
    assert_eq!(stored(&app, "sub-mover", "next_transition_at").await, None);
    assert_eq!(stored(&app, "sub-mover", "cancel_reason").await, None);
    assert_eq!(
        stored(&app, "sub-free", "status").await.as_deref(),
        Some("CANCELED")
    );

    // Past both dates, the current subscription is the customer's only one, still ACTIVE.
    app.clock.set(at("2027-02-01T00:00:00Z"));
    let shown = active(&app, "mover").await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0]["subscriptionId"], "sub-mover");
    assert_eq!(shown[0]["status"], "ACTIVE");
    assert_eq!(
        decision(&app, "mover", "r", "feature-02-custom-domain").await["isGranted"],
        true
    );

    // Calling off nothing succeeds and changes nothing (a retry is harmless).
    let body = cancel_schedule(&app, json!({"subscriptionId": "sub-mover"})).await;
    assert_eq!(body["data"]["cancelSchedule"], "sub-mover", "{body}");
    assert_eq!(active(&app, "mover").await.len(), 1);
}

/// The id of the scheduled subscription names the same scheduled change.
#[tokio::test]
async fn cancel_schedule_by_the_scheduled_subscriptions_id() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    paid_customer(&app, "waver").await;
    let body = provision_subscription(
        &app,
        json!({"customerId": "waver", "planId": "plan-free", "subscriptionId": "sub-wave-free",
               "resourceId": "r", "startDate": "2026-12-30T00:00:00Z"}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        body["data"]["provisionSubscriptionV2"]["subscription"]["status"],
        "NOT_STARTED"
    );

    let body = cancel_schedule(&app, json!({"subscriptionId": "sub-wave-free"})).await;
    assert_eq!(body["data"]["cancelSchedule"], "sub-wave-free", "{body}");
    assert_eq!(get(&app, "sub-waver").await["endDate"], Value::Null);
    assert_eq!(get(&app, "sub-wave-free").await["status"], "CANCELED");
    app.clock.set(at("2027-01-05T00:00:00Z"));
    let shown = active(&app, "waver").await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0]["plan"]["refId"], "plan-revvenu-basic");
}

/// A scheduled cancellation is not a scheduled update (Stigg): it stays, and so does the
/// downgrade plan that follows it. Refused requests change nothing.
#[tokio::test]
async fn cancel_schedule_keeps_a_scheduled_cancellation_and_refuses_bad_requests() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    paid_customer(&app, "leaver").await;
    let body = cancel(
        &app,
        json!({"subscriptionRefId": "sub-leaver", "subscriptionCancellationTime": "END_OF_BILLING_PERIOD"}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let before = get(&app, "sub-leaver").await;
    assert_eq!(before["endDate"], "2026-12-30T00:00:00.000Z", "{before}");

    let body = cancel_schedule(&app, json!({"subscriptionId": "sub-leaver"})).await;
    assert_eq!(body["data"]["cancelSchedule"], "sub-leaver", "{body}");
    assert_eq!(get(&app, "sub-leaver").await, before);
    // The downgrade to plan-free still follows at the end.
    app.clock.set(at("2026-12-30T00:00:00Z"));
    let shown = active(&app, "leaver").await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0]["plan"]["refId"], "plan-free");
    app.clock.set(at("2026-11-30T00:00:00Z"));

    // A scheduled change to call off, kept through every refused request.
    paid_customer(&app, "keeper").await;
    let body = provision_subscription(
        &app,
        json!({"customerId": "keeper", "planId": "plan-free", "subscriptionId": "sub-keeper-free",
               "resourceId": "r", "startDate": "2026-12-30T00:00:00Z"}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    for (input, code, validation) in [
        (
            json!({"subscriptionId": "nope"}),
            "SubscriptionNotFound",
            false,
        ),
        (json!({"subscriptionId": ""}), "BadUserInput", true),
        (
            json!({"subscriptionId": "sub-keeper", "status": "Done"}),
            "BadUserInput",
            true,
        ),
        (
            json!({"subscriptionId": "sub-keeper", "environmentId": "00000000-0000-0000-0000-000000000000"}),
            "AccessDeniedError",
            false,
        ),
    ] {
        let body = cancel_schedule(&app, input.clone()).await;
        assert_error(&body, code, validation);
    }
    // PendingPayment: no update waits for a payment here; nothing changes.
    let body = cancel_schedule(
        &app,
        json!({"subscriptionId": "sub-keeper", "status": "PendingPayment"}),
    )
    .await;
    assert_eq!(body["data"]["cancelSchedule"], "sub-keeper", "{body}");
    assert_eq!(
        get(&app, "sub-keeper").await["endDate"],
        "2026-12-30T00:00:00.000Z"
    );
    assert_eq!(get(&app, "sub-keeper-free").await["status"], "NOT_STARTED");

    // A cancelled subscription has nothing left to change.
    let body = cancel(
        &app,
        json!({"subscriptionRefId": "sub-keeper", "subscriptionCancellationTime": "IMMEDIATE"}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = cancel_schedule(&app, json!({"subscriptionId": "sub-keeper"})).await;
    assert_error(&body, "SubscriptionAlreadyCanceledOrExpired", false);
}

// ------------------------------------------------------------------------------ delegation

/// Delegation moves the subscription (its entitlements with it) to another customer while
/// its payer goes on paying; handing it back to the payer ends the delegation.
#[tokio::test]
async fn delegating_a_subscription_moves_its_entitlements_and_keeps_its_payer() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    paid_customer(&app, "payer").await;
    plain_customer(&app, "user").await;
    plain_customer(&app, "user2").await;
    assert_eq!(
        decision(&app, "payer", "r", "feature-02-custom-domain").await["isGranted"],
        true
    );

    let body = delegate(
        &app,
        json!({"subscriptionId": "sub-payer", "destinationCustomerId": "user"}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let moved = &body["data"]["delegateSubscriptionToCustomer"];
    assert_eq!(moved["subscriptionId"], "sub-payer");
    assert_eq!(moved["status"], "ACTIVE");
    assert_eq!(moved["customer"]["customerId"], "user");
    assert_eq!(moved["payingCustomer"]["customerId"], "payer");
    assert_eq!(moved["plan"]["refId"], "plan-revvenu-basic");

    // The entitlements follow the subscription.
    assert_eq!(
        decision(&app, "user", "r", "feature-02-custom-domain").await["isGranted"],
        true
    );
    let payer = decision(&app, "payer", "r", "feature-02-custom-domain").await;
    assert_eq!(payer["isGranted"], false, "{payer}");
    assert_eq!(active(&app, "user").await.len(), 1);
    assert!(active(&app, "payer").await.is_empty());
    // Stored: the row belongs to the user and names its payer.
    assert_eq!(
        stored_owner(&app, "sub-payer").await,
        ("user".to_owned(), Some("payer".to_owned()))
    );

    // Passed on again: the payer does not change.
    let body = delegate(
        &app,
        json!({"subscriptionId": "sub-payer", "destinationCustomerId": "user2"}),
    )
    .await;
    let moved = &body["data"]["delegateSubscriptionToCustomer"];
    assert_eq!(moved["customer"]["customerId"], "user2", "{body}");
    assert_eq!(moved["payingCustomer"]["customerId"], "payer");
    // To the customer it already belongs to: nothing changes.
    let body = delegate(
        &app,
        json!({"subscriptionId": "sub-payer", "destinationCustomerId": "user2"}),
    )
    .await;
    assert_eq!(
        body["data"]["delegateSubscriptionToCustomer"]["customer"]["customerId"], "user2",
        "{body}"
    );

    // Without a destination it goes back to its payer, who uses it again.
    let body = delegate(&app, json!({"subscriptionId": "sub-payer"})).await;
    let back = &body["data"]["delegateSubscriptionToCustomer"];
    assert_eq!(back["customer"]["customerId"], "payer", "{body}");
    assert_eq!(back["payingCustomer"], Value::Null);
    assert_eq!(
        stored_owner(&app, "sub-payer").await,
        ("payer".to_owned(), None)
    );
    assert_eq!(
        decision(&app, "payer", "r", "feature-02-custom-domain").await["isGranted"],
        true
    );
    assert!(active(&app, "user2").await.is_empty());
}

/// What is scheduled to follow a subscription (here the downgrade after a cancellation at the
/// end of the period) goes with it to its new customer.
#[tokio::test]
async fn a_delegated_subscription_takes_its_scheduled_downgrade_along() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    paid_customer(&app, "giver").await;
    plain_customer(&app, "taker").await;
    let body = cancel(
        &app,
        json!({"subscriptionRefId": "sub-giver", "subscriptionCancellationTime": "END_OF_BILLING_PERIOD"}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = delegate(
        &app,
        json!({"subscriptionId": "sub-giver", "destinationCustomerId": "taker"}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM subscriptions s JOIN customers c ON c.id = s.customer_id \
             WHERE c.ref_id = 'taker'"
        )
        .await,
        2
    );
    app.clock.set(at("2026-12-30T00:00:00Z"));
    let shown = active(&app, "taker").await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0]["plan"]["refId"], "plan-free");
    assert!(active(&app, "giver").await.is_empty());
}

#[tokio::test]
async fn refused_delegations_change_nothing() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    paid_customer(&app, "owner").await;
    paid_customer(&app, "occupied").await;
    plain_customer(&app, "gone").await;
    let body = app
        .gql(
            "mutation ($input: ArchiveCustomerInput!) { archiveCustomer(input: $input) { customerId } }",
            json!({"input": {"customerId": "gone"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    for (input, code, validation) in [
        (
            json!({"subscriptionId": "sub-owner", "destinationCustomerId": "nobody"}),
            "CustomerNotFound",
            false,
        ),
        (
            json!({"subscriptionId": "sub-owner", "destinationCustomerId": "gone"}),
            "CustomerNotFound",
            false,
        ),
        (
            // The destination has a subscription of the product on the same resource.
            json!({"subscriptionId": "sub-owner", "destinationCustomerId": "occupied"}),
            "DuplicatedEntityNotAllowed",
            false,
        ),
        (
            // No destination and no payer to go back to.
            json!({"subscriptionId": "sub-owner"}),
            "BadUserInput",
            true,
        ),
        (
            json!({"subscriptionId": "sub-owner", "destinationCustomerId": ""}),
            "BadUserInput",
            true,
        ),
        (
            json!({"subscriptionId": "nope", "destinationCustomerId": "occupied"}),
            "SubscriptionNotFound",
            false,
        ),
        (
            json!({"subscriptionId": "sub-owner", "destinationCustomerId": "occupied",
                   "environmentId": "00000000-0000-0000-0000-000000000000"}),
            "AccessDeniedError",
            false,
        ),
    ] {
        let body = delegate(&app, input.clone()).await;
        assert_error(&body, code, validation);
        assert_eq!(
            stored_owner(&app, "sub-owner").await,
            ("owner".to_owned(), None),
            "{input}"
        );
    }
    // A cancelled subscription cannot be delegated.
    let body = cancel(
        &app,
        json!({"subscriptionRefId": "sub-owner", "subscriptionCancellationTime": "IMMEDIATE"}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    plain_customer(&app, "late").await;
    let body = delegate(
        &app,
        json!({"subscriptionId": "sub-owner", "destinationCustomerId": "late"}),
    )
    .await;
    assert_error(&body, "SubscriptionAlreadyCanceledOrExpired", false);
}

/// `payingCustomerId` on provision: another customer pays for the new subscription.
#[tokio::test]
async fn a_subscription_provisioned_with_a_paying_customer() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    plain_customer(&app, "org").await;
    plain_customer(&app, "member").await;
    let body = provision_subscription(
        &app,
        json!({"customerId": "member", "planId": "plan-revvenu-basic", "subscriptionId": "sub-member",
               "resourceId": "r", "payingCustomerId": "org"}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let sub = &body["data"]["provisionSubscriptionV2"]["subscription"];
    assert_eq!(sub["customer"]["customerId"], "member");
    assert_eq!(sub["payingCustomer"]["customerId"], "org");
    assert_eq!(
        get(&app, "sub-member").await["payingCustomer"]["customerId"],
        "org"
    );
    // The payer takes it over by delegation to itself.
    let body = delegate(
        &app,
        json!({"subscriptionId": "sub-member", "destinationCustomerId": "org"}),
    )
    .await;
    let taken = &body["data"]["delegateSubscriptionToCustomer"];
    assert_eq!(taken["customer"]["customerId"], "org", "{body}");
    assert_eq!(taken["payingCustomer"], Value::Null);

    // An unknown payer: nothing written.
    let before = app.count("subscriptions").await;
    let body = provision_subscription(
        &app,
        json!({"customerId": "member", "planId": "plan-free", "resourceId": "r2",
               "payingCustomerId": "nobody"}),
    )
    .await;
    assert_error(&body, "CustomerNotFound", false);
    assert_eq!(app.count("subscriptions").await, before);
}

// ----------------------------------------------------------- applySubscription, createSubscription

const APPLY: &str = "mutation ($input: ApplySubscriptionInput!) { applySubscription(input: $input) { \
    subscription { subscriptionId status plan { refId } resource { resourceId } customer { customerId } } \
    entitlements { isGranted usageLimit hasUnlimitedUsage feature { refId } } \
    entitlementsV2 { __typename ... on FeatureEntitlement { isGranted feature { refId } } } } }";

const CREATE: &str = "mutation ($input: SubscriptionInput!) { createSubscription(subscription: $input) { \
    subscriptionId refId status trialEndDate plan { refId } resource { resourceId } customer { customerId } } }";

#[tokio::test]
async fn apply_subscription_provisions_and_changes_plans_like_provision_subscription() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    plain_customer(&app, "applier").await;
    let body = app
        .gql(
            APPLY,
            json!({"input": {"customerId": "applier", "planId": "plan-revvenu-basic",
                             "resourceId": "r", "billingPeriod": "MONTHLY", "paymentMethodId": "pm_1"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let applied = &body["data"]["applySubscription"];
    assert_eq!(applied["subscription"]["status"], "ACTIVE");
    assert_eq!(
        applied["subscription"]["plan"]["refId"],
        "plan-revvenu-basic"
    );
    assert_eq!(applied["subscription"]["customer"]["customerId"], "applier");
    let first = applied["subscription"]["subscriptionId"].clone();
    let calls = applied["entitlements"]
        .as_array()
        .and_then(|e| {
            e.iter()
                .find(|e| e["feature"]["refId"] == "feature-03-api-calls")
        })
        .cloned()
        .unwrap_or_default();
    assert_eq!(calls["hasUnlimitedUsage"], true, "{applied}");
    assert!(applied["entitlementsV2"].as_array().is_some_and(|e| e
        .iter()
        .any(|e| e["feature"]["refId"] == "feature-02-custom-domain")));

    // Applying another plan for the same resource changes the plan: the old one ends now.
    let body = app
        .gql(
            APPLY,
            json!({"input": {"customerId": "applier", "planId": "plan-free", "resourceId": "r"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        body["data"]["applySubscription"]["subscription"]["plan"]["refId"],
        "plan-free"
    );
    let old = get(&app, first.as_str().unwrap_or_default()).await;
    assert_eq!(old["status"], "CANCELED", "{old}");

    // Refused: nothing written.
    let before = app.count("subscriptions").await;
    for (input, code, validation) in [
        (
            json!({"customerId": "applier", "planId": "plan-nope", "resourceId": "r"}),
            "PlanNotFound",
            false,
        ),
        (
            json!({"customerId": "nobody", "planId": "plan-free", "resourceId": "r"}),
            "CustomerNotFound",
            false,
        ),
        (
            json!({"customerId": "applier", "planId": "plan-free", "resourceId": "r",
                   "trialEndDate": "2027-01-01T00:00:00Z"}),
            "UnsupportedParameter",
            true,
        ),
        (
            json!({"customerId": "applier", "planId": "plan-free", "resourceId": "r",
                   "environmentId": "00000000-0000-0000-0000-000000000000"}),
            "AccessDeniedError",
            false,
        ),
    ] {
        let body = app.gql(APPLY, json!({ "input": input })).await;
        assert_error(&body, code, validation);
    }
    assert_eq!(app.count("subscriptions").await, before);
}

#[tokio::test]
async fn create_subscription_provisions_with_the_older_trial_fields() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    plain_customer(&app, "creator").await;
    // plan-basic's default trial, as for any first subscription to the product.
    let body = app
        .gql(
            CREATE,
            json!({"input": {"customerId": "creator", "planId": "plan-basic", "refId": "sub-created",
                             "resourceId": "r1", "billingPeriod": "MONTHLY",
                             "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 1}]}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let created = &body["data"]["createSubscription"];
    assert_eq!(created["subscriptionId"], "sub-created");
    assert_eq!(created["status"], "IN_TRIAL");
    assert_eq!(created["trialEndDate"], "2026-12-14T00:00:00.000Z");
    // isOverridingTrialConfig with isTrial: false starts it paid.
    let body = app
        .gql(
            CREATE,
            json!({"input": {"customerId": "creator", "planId": "plan-basic", "resourceId": "r2",
                             "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 1}],
                             "isOverridingTrialConfig": true, "isTrial": false}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["createSubscription"]["status"], "ACTIVE");
    assert_eq!(
        body["data"]["createSubscription"]["trialEndDate"],
        Value::Null
    );

    let before = app.count("subscriptions").await;
    for (input, code, validation) in [
        (
            json!({"customerId": "creator", "planId": "plan-free", "resourceId": "r3",
                   "endDate": "2027-01-01T00:00:00Z"}),
            "UnsupportedParameter",
            true,
        ),
        (
            json!({"customerId": "creator", "planId": "plan-free", "resourceId": "r3", "isTrial": true}),
            "UnsupportedParameter",
            true,
        ),
        (
            json!({"customerId": "creator", "planId": "plan-free", "resourceId": "r3",
                   "isOverridingTrialConfig": true}),
            "BadUserInput",
            true,
        ),
        (
            json!({"customerId": "creator", "planId": "plan-free", "resourceId": "r3",
                   "subscriptionId": "a", "refId": "b"}),
            "EntityIdDifferentFromRefIdError",
            true,
        ),
        (
            json!({"customerId": "creator", "planId": "plan-free", "resourceId": "r3",
                   "subscriptionId": "sub-created"}),
            "DuplicatedEntityNotAllowed",
            false,
        ),
    ] {
        let body = app.gql(CREATE, json!({ "input": input })).await;
        assert_error(&body, code, validation);
    }
    assert_eq!(app.count("subscriptions").await, before);
}

// --------------------------------------------------------------------------- trial → paid

/// A customer in a trial who provisions a paid plan converts at once: Stigg "immediately
/// charge[s] the full amount for the paid plan. Their billing cycle begins at the moment of
/// conversion" (docs.stigg.io, "Conversion of free trials to paid subscriptions"). The trial
/// ends now and the paid subscription's first period starts now.
#[tokio::test]
async fn a_trial_converts_to_the_paid_plan_at_once() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    let body = app
        .provision(json!({"customerId": "convert", "subscriptionParams": {
            "planId": "plan-basic", "subscriptionId": "sub-trial", "resourceId": "r",
            "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 1}]}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(get(&app, "sub-trial").await["status"], "IN_TRIAL");

    app.clock.set(at("2026-12-03T12:00:00Z"));
    let body = provision_subscription(
        &app,
        json!({"customerId": "convert", "planId": "plan-revvenu-basic", "subscriptionId": "sub-paid",
               "resourceId": "r", "billingPeriod": "MONTHLY"}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let paid = &body["data"]["provisionSubscriptionV2"]["subscription"];
    assert_eq!(paid["status"], "ACTIVE");
    assert_eq!(paid["trialEndDate"], Value::Null);
    assert_eq!(paid["startDate"], "2026-12-03T12:00:00.000Z");
    assert_eq!(
        paid["currentBillingPeriodStart"],
        "2026-12-03T12:00:00.000Z"
    );
    assert_eq!(paid["currentBillingPeriodEnd"], "2027-01-03T12:00:00.000Z");
    let trial = get(&app, "sub-trial").await;
    assert_eq!(trial["status"], "CANCELED", "{trial}");
    assert_eq!(trial["endDate"], "2026-12-03T12:00:00.000Z");
    assert_eq!(
        stored(&app, "sub-trial", "cancel_reason").await.as_deref(),
        Some("UpgradeOrDowngrade")
    );
    let shown = active(&app, "convert").await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0]["subscriptionId"], "sub-paid");
}

// ------------------------------------------------------------- plan versions, migration

const MIGRATE: &str = "mutation ($input: SubscriptionMigrationInput!) { migrateSubscriptionToLatest(input: $input) { \
    subscriptionId status startDate plan { refId versionNumber isLatest } prices { price { price { amount currency } } } \
    totalPrice { total { amount currency } } } }";

/// The seed's catalog with plan-revvenu-basic changed: 80 templates (was 50) and 34.99 USD a
/// month (was 29.99).
fn catalog_v2() -> String {
    EXAMPLE
        .replace(
            "- { featureId: feature-01-templates, usageLimit: 50 }",
            "- { featureId: feature-01-templates, usageLimit: 80 }",
        )
        .replace(
            "- { billingPeriod: MONTHLY, price: { amount: 29.99, currency: USD } }",
            "- { billingPeriod: MONTHLY, price: { amount: 34.99, currency: USD } }",
        )
}

async fn apply_catalog(app: &TestApp, yaml: &str) -> plangate::catalog::apply::ApplySummary {
    let env = plangate::environment::ensure_environment(&app.db, "development")
        .await
        .expect("env");
    let file = plangate::catalog::apply::parse(yaml, None).expect("catalog parses");
    plangate::catalog::apply::apply(
        &app.db,
        plangate::environment::EnvironmentId(env.id),
        &file,
        app.now(),
    )
    .await
    .expect("catalog applies")
}

async fn templates_limit(app: &TestApp, customer: &str) -> Value {
    let body = app
        .gql(
            "query ($query: FetchEntitlementQuery!) { entitlement(query: $query) { usageLimit } }",
            json!({"query": {"customerId": customer, "resourceId": "r", "featureId": "feature-01-templates"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["entitlement"]["usageLimit"].clone()
}

async fn plan_version(app: &TestApp, subscription_id: &str) -> Value {
    let body = app
        .gql(
            "query ($input: GetSubscriptionInput!) { getSubscription(input: $input) { plan { versionNumber } } }",
            json!({"input": {"subscriptionId": subscription_id}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["getSubscription"]["plan"]["versionNumber"].clone()
}

/// A catalog file that changes a published plan publishes it again as version 2: new
/// subscriptions get it, existing ones keep version 1 until migrated; the catalog shows the
/// latest version.
#[tokio::test]
async fn a_changed_published_plan_is_published_again_as_a_new_version() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    paid_customer(&app, "early").await;
    let summary = apply_catalog(&app, &catalog_v2()).await;
    assert_eq!((summary.updated, summary.published), (1, 1), "{summary}");
    // Applying it again changes nothing (no third version).
    assert_eq!(apply_catalog(&app, &catalog_v2()).await.changes(), 0);
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM packages WHERE ref_id = 'plan-revvenu-basic'")
            .await,
        2
    );

    // Grandfathered: version 1's price and entitlements.
    assert_eq!(plan_version(&app, "sub-early").await, 1);
    assert_eq!(templates_limit(&app, "early").await, 50.0);
    // A new subscription gets version 2.
    paid_customer(&app, "late").await;
    assert_eq!(plan_version(&app, "sub-late").await, 2);
    assert_eq!(templates_limit(&app, "late").await, 80.0);

    // The catalog lists the latest version only.
    let body = app
        .gql(
            "query ($filter: PlanFilter) { plans(filter: $filter) { totalCount edges { node { refId versionNumber isLatest prices { price { amount } } } } } }",
            json!({"filter": {"refId": {"eq": "plan-revvenu-basic"}}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let plans = &body["data"]["plans"];
    assert_eq!(plans["totalCount"], 1, "{body}");
    assert_eq!(plans["edges"][0]["node"]["versionNumber"], 2);
    assert_eq!(plans["edges"][0]["node"]["isLatest"], true);
    // The old version, seen through its subscription, is not the latest.
    let body = app
        .gql(
            "query ($input: GetSubscriptionInput!) { getSubscription(input: $input) { plan { versionNumber isLatest } } }",
            json!({"input": {"subscriptionId": "sub-early"}}),
        )
        .await;
    assert_eq!(
        body["data"]["getSubscription"]["plan"]["isLatest"], false,
        "{body}"
    );
}

#[tokio::test]
async fn migrating_a_subscription_to_the_latest_version_immediately() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    paid_customer(&app, "grandpa").await;
    apply_catalog(&app, &catalog_v2()).await;
    app.clock.set(at("2026-12-10T00:00:00Z"));

    let body = app
        .gql(MIGRATE, json!({"input": {"subscriptionId": "sub-grandpa"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let migrated = &body["data"]["migrateSubscriptionToLatest"];
    assert_eq!(migrated["subscriptionId"], "sub-grandpa");
    assert_eq!(migrated["status"], "ACTIVE");
    assert_eq!(
        migrated["startDate"], "2026-11-30T00:00:00.000Z",
        "in place"
    );
    assert_eq!(migrated["plan"]["versionNumber"], 2);
    assert_eq!(migrated["plan"]["isLatest"], true);
    assert_eq!(migrated["prices"][0]["price"]["price"]["amount"], 34.99);
    assert_eq!(migrated["totalPrice"]["total"]["amount"], 34.99);
    assert_eq!(templates_limit(&app, "grandpa").await, 80.0);

    // Again: already on the latest version.
    let body = app
        .gql(MIGRATE, json!({"input": {"subscriptionId": "sub-grandpa"}}))
        .await;
    assert_error(&body, "SubscriptionAlreadyOnLatestPlanError", false);
    // A subscription provisioned on the latest version has nothing to migrate either.
    paid_customer(&app, "fresh").await;
    let body = app
        .gql(MIGRATE, json!({"input": {"subscriptionId": "sub-fresh"}}))
        .await;
    assert_error(&body, "SubscriptionAlreadyOnLatestPlanError", false);
    let body = app
        .gql(MIGRATE, json!({"input": {"subscriptionId": "nope"}}))
        .await;
    assert_error(&body, "SubscriptionNotFound", false);
}

/// At the end of the billing period: nothing changes before it; the worker moves it then.
/// Another request for the same is refused; cancelSchedule calls one off.
#[tokio::test]
async fn migrating_at_the_end_of_the_billing_period() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    paid_customer(&app, "patient").await;
    paid_customer(&app, "undecided").await;
    apply_catalog(&app, &catalog_v2()).await;

    for id in ["sub-patient", "sub-undecided"] {
        let body = app
            .gql(
                MIGRATE,
                json!({"input": {"subscriptionId": id, "subscriptionMigrationTime": "END_OF_BILLING_PERIOD"}}),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        assert_eq!(
            body["data"]["migrateSubscriptionToLatest"]["plan"]["versionNumber"],
            1
        );
    }
    assert!(stored(&app, "sub-patient", "migrate_at").await.is_some());
    let body = app
        .gql(
            MIGRATE,
            json!({"input": {"subscriptionId": "sub-patient", "subscriptionMigrationTime": "END_OF_BILLING_PERIOD"}}),
        )
        .await;
    assert_error(&body, "ScheduledMigrationAlreadyExistsError", false);
    // Called off for one of them.
    let body = cancel_schedule(&app, json!({"subscriptionId": "sub-undecided"})).await;
    assert_eq!(body["data"]["cancelSchedule"], "sub-undecided", "{body}");
    assert_eq!(stored(&app, "sub-undecided", "migrate_at").await, None);
    assert_eq!(
        stored(&app, "sub-undecided", "next_transition_at").await,
        None
    );

    app.clock.set(at("2026-12-29T23:59:59Z"));
    assert_eq!(plan_version(&app, "sub-patient").await, 1);
    // The period ends: the worker migrates it (within its interval).
    app.clock.set(at("2026-12-30T00:00:00Z"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while plan_version(&app, "sub-patient").await != 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "not migrated by the worker"
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(templates_limit(&app, "patient").await, 80.0);
    assert_eq!(stored(&app, "sub-patient", "migrate_at").await, None);
    assert_eq!(plan_version(&app, "sub-undecided").await, 1);
    assert_eq!(templates_limit(&app, "undecided").await, 50.0);
}

/// Refused migrations change nothing: a free subscription has no billing period to end with;
/// the latest version must be able to price the subscription (here it lists no compatible
/// addon any more).
#[tokio::test]
async fn refused_migrations_change_nothing() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    let body = app
        .provision(json!({"customerId": "adder", "subscriptionParams": {
            "planId": "plan-revvenu-basic", "subscriptionId": "sub-adder", "resourceId": "r",
            "billingPeriod": "MONTHLY", "addons": [{"addonId": "addon-extra-stuff", "quantity": 2}]}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = app
        .provision(json!({"customerId": "freeloader", "subscriptionParams": {
            "planId": "plan-free", "subscriptionId": "sub-freeloader", "resourceId": "r"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    // Version 2 of both plans: plan-revvenu-basic without compatible addons, plan-free with
    // more templates.
    let v2 = catalog_v2()
        .replace(
            "      - { featureId: feature-03-api-calls, hasUnlimitedUsage: true }\n    compatibleAddons: [addon-extra-stuff]",
            "      - { featureId: feature-03-api-calls, hasUnlimitedUsage: true }\n    compatibleAddons: []",
        )
        .replace(
            "- { featureId: feature-01-templates, usageLimit: 3 }",
            "- { featureId: feature-01-templates, usageLimit: 4 }",
        );
    let summary = apply_catalog(&app, &v2).await;
    assert_eq!(summary.published, 2, "{summary}");

    let body = app
        .gql(MIGRATE, json!({"input": {"subscriptionId": "sub-adder"}}))
        .await;
    assert_error(&body, "IncompatibleSubscriptionAddon", false);
    assert_eq!(plan_version(&app, "sub-adder").await, 1);
    assert_eq!(templates_limit(&app, "adder").await, 70.0);

    let body = app
        .gql(
            MIGRATE,
            json!({"input": {"subscriptionId": "sub-freeloader", "subscriptionMigrationTime": "END_OF_BILLING_PERIOD"}}),
        )
        .await;
    assert_error(&body, "SubscriptionDoesNotHaveBillingPeriod", true);
    assert_eq!(stored(&app, "sub-freeloader", "migrate_at").await, None);
    // Immediately it works.
    let body = app
        .gql(
            MIGRATE,
            json!({"input": {"subscriptionId": "sub-freeloader"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(templates_limit(&app, "freeloader").await, 4.0);

    for (input, code, validation) in [
        (
            json!({"subscriptionId": "sub-adder", "environmentId": "00000000-0000-0000-0000-000000000000"}),
            "AccessDeniedError",
            false,
        ),
        (json!({"subscriptionId": ""}), "BadUserInput", true),
    ] {
        let body = app.gql(MIGRATE, json!({ "input": input })).await;
        assert_error(&body, code, validation);
    }
    // A cancelled subscription is not migrated.
    let body = cancel(
        &app,
        json!({"subscriptionRefId": "sub-adder", "subscriptionCancellationTime": "IMMEDIATE"}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = app
        .gql(MIGRATE, json!({"input": {"subscriptionId": "sub-adder"}}))
        .await;
    assert_error(&body, "SubscriptionAlreadyCanceledOrExpired", false);
}

/// A cancellation at the end of the period racing a delegation of the same subscription: in
/// either order the downgrade plan follows the subscription to the customer who holds it
/// (found by the fresh-user trial on PostgreSQL: about half the races gave the downgrade to
/// the customer the subscription had just left).
#[tokio::test]
async fn a_cancellation_racing_a_delegation_gives_the_downgrade_to_the_holder() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    // The delegations go through a second replica, as in the trial.
    let other = app.replica().await;
    const PAIRS: usize = 24;
    for i in 0..PAIRS {
        paid_customer(&app, &format!("payer{i}")).await;
        plain_customer(&app, &format!("user{i}")).await;
    }
    let races = (0..PAIRS).map(|i| {
        let (app, other) = (&app, &other.app);
        async move {
            let sub = format!("sub-payer{i}");
            let (cancelled, delegated) = futures::join!(
                cancel(
                    app,
                    json!({"subscriptionRefId": sub, "subscriptionCancellationTime": "END_OF_BILLING_PERIOD"}),
                ),
                delegate(
                    other,
                    json!({"subscriptionId": sub, "destinationCustomerId": format!("user{i}")}),
                ),
            );
            assert!(cancelled.get("errors").is_none(), "{cancelled}");
            assert!(delegated.get("errors").is_none(), "{delegated}");
        }
    });
    futures::future::join_all(races).await;
    for i in 0..PAIRS {
        let on_payer = app
            .scalar_i64(&format!(
                "SELECT COUNT(*) AS n FROM subscriptions s JOIN customers c ON c.id = s.customer_id \
                 WHERE c.ref_id = 'payer{i}'"
            ))
            .await;
        assert_eq!(
            on_payer, 0,
            "payer{i} holds no subscription after delegating"
        );
    }
    app.clock.set(at("2026-12-30T00:00:00Z"));
    for i in 0..PAIRS {
        let shown = active(&app, &format!("user{i}")).await;
        assert_eq!(shown.len(), 1, "user{i}: {shown:?}");
        assert_eq!(shown[0]["plan"]["refId"], "plan-free", "user{i}");
    }
}

/// Delegations racing bulk usage reports that list both customers all succeed (found by the
/// fresh-user re-test, 2026-12-02: a delegation locked the two customers in id order, bulk
/// writes in refId order, and on PostgreSQL both sides failed with "deadlock detected").
#[tokio::test]
async fn delegations_racing_bulk_reports_on_both_customers_all_succeed() {
    let app = app_at("2026-11-30T00:00:00Z").await;
    paid_customer(&app, "payer").await;
    plain_customer(&app, "user").await;
    const BULK: &str = "mutation ($input: ReportUsageBulkInput!) { reportUsageBulk(input: $input) { currentUsage } }";
    let bulks = futures::future::join_all((0..30).map(|i| {
        let order = if i % 2 == 0 {
            ["payer", "user"]
        } else {
            ["user", "payer"]
        };
        let usages: Vec<Value> = order
            .iter()
            .map(|c| json!({"customerId": c, "featureId": "feature-03-api-calls", "value": 1}))
            .collect();
        app.gql(BULK, json!({"input": {"usages": usages}}))
    }));
    let delegations = async {
        let mut bodies = Vec::new();
        for i in 0..10 {
            let to = if i % 2 == 0 { "user" } else { "payer" };
            bodies.push(
                delegate(
                    &app,
                    json!({"subscriptionId": "sub-payer", "destinationCustomerId": to}),
                )
                .await,
            );
        }
        bodies
    };
    let (bulks, delegations) = tokio::join!(bulks, delegations);
    for body in bulks.iter().chain(&delegations) {
        assert!(body.get("errors").is_none(), "{body}");
    }
    assert_eq!(app.count("usage_measurements").await, 60);
}
