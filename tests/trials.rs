//! Free trials over HTTP, against the seed's catalog (`plan-basic` has a 14-day default
//! trial; `product-revvenu` allows one subscription per resource): a requested plan with a
//! default trial starts IN_TRIAL with its `trialEndDate` when the customer is eligible; one
//! trial per product (a second one starts paid, whichever plan of the product); `skipTrial`
//! and `trialOverrideConfiguration` (skip, force, refusals that write nothing);
//! `Customer.trialedPlans` and `Customer.eligibleForTrial`.

mod common;

use common::{app_with_catalog_at, assert_error, TestApp, EXAMPLE_CATALOG};
use serde_json::{json, Value};

const NOW: &str = "2026-03-01T10:00:00Z";

const PROVISION_SUBSCRIPTION: &str = r#"
mutation ($input: ProvisionSubscriptionInput!) {
  provisionSubscriptionV2(input: $input) {
    status
    subscription {
      subscriptionId status startDate trialEndDate currentBillingPeriodEnd
      plan { refId } resource { resourceId }
      trialConfiguration { trialEndBehavior }
      totalPrice { subTotal { amount currency } total { amount currency } }
    }
  }
}"#;

const TRIALS: &str = r#"
query ($input: GetCustomerByRefIdInput!) {
  getCustomerByRefId(input: $input) {
    trialedPlans { planId planRefId productId productRefId }
    eligibleForTrial { eligible productId productRefId }
    subscriptions { status plan { refId } resource { resourceId } }
  }
}"#;

/// The seed's catalog with a second product (no plans) and a 7-day default trial on
/// `plan-revvenu-basic` too, so that "a trial of any plan of the product" can be shown.
fn catalog() -> String {
    let with_trial = EXAMPLE_CATALOG.replace(
        "    displayName: Revvenu Basic\n",
        "    displayName: Revvenu Basic\n    defaultTrialConfig: { duration: 7, units: DAY }\n",
    );
    assert_ne!(
        with_trial, EXAMPLE_CATALOG,
        "the seed names plan-revvenu-basic"
    );
    with_trial.replace(
        "products:\n",
        "products:\n  - { refId: product-other, displayName: Other }\n",
    )
}

async fn app() -> TestApp {
    let app = app_with_catalog_at(&catalog(), NOW).await;
    for id in ["alice", "bob", "carol"] {
        let body = app.provision(json!({"customerId": id, "name": id})).await;
        assert!(body.get("errors").is_none(), "{body}");
    }
    app
}

async fn subscribe(app: &TestApp, input: Value) -> Value {
    app.gql(PROVISION_SUBSCRIPTION, json!({ "input": input }))
        .await
}

fn basic(customer: &str, resource: &str) -> Value {
    json!({"customerId": customer, "planId": "plan-basic", "resourceId": resource,
           "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 2}]})
}

fn revvenu(customer: &str, resource: &str) -> Value {
    json!({"customerId": customer, "planId": "plan-revvenu-basic", "resourceId": resource})
}

fn with(mut input: Value, key: &str, value: Value) -> Value {
    input[key] = value;
    input
}

async fn trials(app: &TestApp, customer: &str) -> Value {
    let body = app
        .gql(TRIALS, json!({"input": {"customerId": customer}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["getCustomerByRefId"].clone()
}

async fn product_id(app: &TestApp, ref_id: &str) -> String {
    let body = app
        .gql(
            "query { products(paging: {first: 10}) { edges { node { id refId } } } }",
            json!({}),
        )
        .await;
    body["data"]["products"]["edges"]
        .as_array()
        .and_then(|edges| edges.iter().find(|e| e["node"]["refId"] == ref_id))
        .and_then(|e| e["node"]["id"].as_str())
        .unwrap_or_else(|| panic!("product {ref_id} in {body}"))
        .to_owned()
}

#[tokio::test]
async fn an_eligible_customer_starts_a_plan_with_a_default_trial_in_trial_once_per_product() {
    let app = app().await;
    let revvenu_id = product_id(&app, "product-revvenu").await;
    let other_id = product_id(&app, "product-other").await;

    // Before any subscription: eligible for every live product (by refId), nothing trialed.
    let c = trials(&app, "alice").await;
    assert_eq!(c["trialedPlans"], json!([]));
    assert_eq!(
        c["eligibleForTrial"],
        json!([
            {"eligible": true, "productId": other_id, "productRefId": "product-other"},
            {"eligible": true, "productId": revvenu_id, "productRefId": "product-revvenu"},
        ])
    );

    // plan-basic has a 14-day default trial: IN_TRIAL, ending 14 days on.
    let body = subscribe(&app, basic("alice", "resource-01")).await;
    assert!(body.get("errors").is_none(), "{body}");
    let s = &body["data"]["provisionSubscriptionV2"]["subscription"];
    assert_eq!(s["status"], "IN_TRIAL");
    assert_eq!(s["startDate"], "2026-03-01T10:00:00.000Z");
    assert_eq!(s["trialEndDate"], "2026-03-15T10:00:00.000Z");
    assert_eq!(s["currentBillingPeriodEnd"], "2026-03-15T10:00:00.000Z");
    assert_eq!(
        s["trialConfiguration"],
        json!({"trialEndBehavior": "CONVERT_TO_PAID"})
    );
    // The price it will convert to: 10 USD + 2 × 2.5 USD.
    assert_eq!(
        s["totalPrice"]["total"],
        json!({"amount": 15.0, "currency": "USD"})
    );
    let stored = app
        .scalar_i64(
            "SELECT COUNT(*) AS n FROM subscriptions WHERE status = 'IN_TRIAL' \
             AND trial_end_date IS NOT NULL AND resource_id = 'resource-01'",
        )
        .await;
    assert_eq!(stored, 1);

    let c = trials(&app, "alice").await;
    let plan_id = c["trialedPlans"][0]["planId"].clone();
    assert!(plan_id.as_str().is_some_and(|id| id.len() == 36), "{c}");
    assert_eq!(
        c["trialedPlans"],
        json!([{"planId": plan_id, "planRefId": "plan-basic", "productId": revvenu_id,
                "productRefId": "product-revvenu"}])
    );
    assert_eq!(
        c["eligibleForTrial"],
        json!([
            {"eligible": true, "productId": other_id, "productRefId": "product-other"},
            {"eligible": false, "productId": revvenu_id, "productRefId": "product-revvenu"},
        ])
    );

    // A second subscription of the product (another resource): no second trial, whichever of
    // its plans — plan-revvenu-basic has a 7-day default trial of its own here.
    for (input, resource, plan) in [
        (
            revvenu("alice", "resource-02"),
            "resource-02",
            "plan-revvenu-basic",
        ),
        (basic("alice", "resource-03"), "resource-03", "plan-basic"),
    ] {
        let body = subscribe(&app, input).await;
        assert!(body.get("errors").is_none(), "{body}");
        let s = &body["data"]["provisionSubscriptionV2"]["subscription"];
        assert_eq!(s["plan"]["refId"], plan);
        assert_eq!(s["resource"]["resourceId"], resource);
        assert_eq!(s["status"], "ACTIVE", "{body}");
        assert!(s["trialEndDate"].is_null(), "{body}");
        assert!(s["trialConfiguration"].is_null(), "{body}");
        assert_eq!(s["currentBillingPeriodEnd"], "2026-04-01T10:00:00.000Z");
    }
    let c = trials(&app, "alice").await;
    assert_eq!(c["trialedPlans"].as_array().map(Vec::len), Some(1), "{c}");
    // (Created at the same instant of the manual clock: compared by resource.)
    let mut subscriptions = c["subscriptions"].as_array().cloned().unwrap_or_default();
    subscriptions.sort_by_key(|s| s["resource"]["resourceId"].to_string());
    assert_eq!(
        subscriptions,
        [
            json!({"status": "IN_TRIAL", "plan": {"refId": "plan-basic"}, "resource": {"resourceId": "resource-01"}}),
            json!({"status": "ACTIVE", "plan": {"refId": "plan-revvenu-basic"}, "resource": {"resourceId": "resource-02"}}),
            json!({"status": "ACTIVE", "plan": {"refId": "plan-basic"}, "resource": {"resourceId": "resource-03"}}),
        ]
    );

    // Another customer is still eligible: eligibility is per customer.
    let body = subscribe(&app, revvenu("bob", "resource-01")).await;
    let s = &body["data"]["provisionSubscriptionV2"]["subscription"];
    assert_eq!(s["status"], "IN_TRIAL", "{body}");
    assert_eq!(s["trialEndDate"], "2026-03-08T10:00:00.000Z");
}

#[tokio::test]
async fn a_trial_still_counts_after_the_customer_is_archived_and_unarchived() {
    let app = app().await;
    let body = subscribe(&app, basic("alice", "resource-01")).await;
    assert_eq!(
        body["data"]["provisionSubscriptionV2"]["subscription"]["status"], "IN_TRIAL",
        "{body}"
    );
    for mutation in [
        "mutation ($i: ArchiveCustomerInput!) { archiveCustomer(input: $i) { customerId } }",
        "mutation ($i: UnarchiveCustomerInput!) { unarchiveCustomer(input: $i) { customerId } }",
    ] {
        let body = app
            .gql(mutation, json!({"i": {"customerId": "alice"}}))
            .await;
        assert!(body.get("errors").is_none(), "{body}");
    }
    // The trial subscription was cancelled by the archive; it is still a trial of the product.
    let c = trials(&app, "alice").await;
    assert_eq!(c["subscriptions"], json!([]));
    assert_eq!(c["trialedPlans"][0]["planRefId"], "plan-basic");
    assert_eq!(c["eligibleForTrial"][1]["eligible"], false);
    let body = subscribe(&app, basic("alice", "resource-01")).await;
    let s = &body["data"]["provisionSubscriptionV2"]["subscription"];
    assert_eq!(s["status"], "ACTIVE", "{body}");
    assert!(s["trialEndDate"].is_null());
}

#[tokio::test]
async fn skip_trial_and_the_trial_override_are_honoured() {
    let app = app().await;

    // skipTrial: the plan starts paid, and skipping is not a trial (still eligible).
    let body = subscribe(&app, with(basic("alice", "r1"), "skipTrial", json!(true))).await;
    let s = &body["data"]["provisionSubscriptionV2"]["subscription"];
    assert_eq!(s["status"], "ACTIVE", "{body}");
    assert!(s["trialEndDate"].is_null());
    assert_eq!(s["currentBillingPeriodEnd"], "2026-04-01T10:00:00.000Z");
    // skipTrial: false is the default (the official v2 client always sends it).
    let body = subscribe(&app, with(basic("alice", "r2"), "skipTrial", json!(false))).await;
    assert_eq!(
        body["data"]["provisionSubscriptionV2"]["subscription"]["status"], "IN_TRIAL",
        "{body}"
    );

    // trialOverrideConfiguration.isTrial: false skips it too.
    let body = subscribe(
        &app,
        with(
            revvenu("bob", "r1"),
            "trialOverrideConfiguration",
            json!({"isTrial": false}),
        ),
    )
    .await;
    let s = &body["data"]["provisionSubscriptionV2"]["subscription"];
    assert_eq!(s["status"], "ACTIVE", "{body}");
    assert!(s["trialEndDate"].is_null());
    assert_eq!(
        trials(&app, "bob").await["eligibleForTrial"][1]["eligible"],
        true
    );

    // isTrial: true grants a trial to a customer who had one (alice), until trialEndDate…
    let body = subscribe(
        &app,
        with(
            revvenu("alice", "r3"),
            "trialOverrideConfiguration",
            json!({"isTrial": true, "trialEndDate": "2026-05-01T00:00:00.123Z",
                   "trialEndBehavior": "CONVERT_TO_PAID"}),
        ),
    )
    .await;
    let s = &body["data"]["provisionSubscriptionV2"]["subscription"];
    assert_eq!(s["status"], "IN_TRIAL", "{body}");
    assert_eq!(s["trialEndDate"], "2026-05-01T00:00:00.123Z");
    // … or for the plan's default trial.
    let body = subscribe(
        &app,
        with(
            basic("alice", "r4"),
            "trialOverrideConfiguration",
            json!({"isTrial": true}),
        ),
    )
    .await;
    let s = &body["data"]["provisionSubscriptionV2"]["subscription"];
    assert_eq!(s["status"], "IN_TRIAL", "{body}");
    assert_eq!(s["trialEndDate"], "2026-03-15T10:00:00.000Z");
    let c = trials(&app, "alice").await;
    let trialed: Vec<&str> = c["trialedPlans"]
        .as_array()
        .map(|t| t.iter().filter_map(|p| p["planRefId"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(trialed, ["plan-basic", "plan-revvenu-basic"]);
}

#[tokio::test]
async fn trial_inputs_that_cannot_be_honoured_are_refused_and_write_nothing() {
    let app = app().await;
    let before = app.count("subscriptions").await;
    let cases = [
        (
            with(
                with(basic("carol", "r1"), "skipTrial", json!(true)),
                "trialOverrideConfiguration",
                json!({"isTrial": true}),
            ),
            "BadUserInput",
            "skipTrial",
        ),
        (
            with(
                basic("carol", "r1"),
                "trialOverrideConfiguration",
                json!({"isTrial": false, "trialEndDate": "2026-05-01T00:00:00Z"}),
            ),
            "BadUserInput",
            "isTrial: true",
        ),
        (
            with(
                basic("carol", "r1"),
                "trialOverrideConfiguration",
                json!({"isTrial": true, "trialEndDate": "2026-03-01T09:00:00Z"}),
            ),
            "BadUserInput",
            "after the subscription's start",
        ),
        (
            with(
                basic("carol", "r1"),
                "trialOverrideConfiguration",
                json!({"isTrial": true, "trialEndBehavior": "CANCEL_SUBSCRIPTION"}),
            ),
            "UnsupportedParameter",
            "trialEndBehavior",
        ),
        (
            json!({"customerId": "carol", "planId": "plan-free", "resourceId": "r1",
                   "trialOverrideConfiguration": {"isTrial": true}}),
            "BadUserInput",
            "trials apply to paid and custom plans",
        ),
        // Found by the fresh-user trial: with an end date a FREE plan took a trial.
        (
            json!({"customerId": "carol", "planId": "plan-free", "resourceId": "r1",
                   "trialOverrideConfiguration": {"isTrial": true, "trialEndDate": "2027-01-01T00:00:00Z"}}),
            "BadUserInput",
            "trials apply to paid and custom plans",
        ),
    ];
    for (input, code, says) in cases {
        let body = subscribe(&app, input.clone()).await;
        let message = assert_error(&body, code, true);
        assert!(message.contains(says), "{input}: {message}");
    }
    assert_eq!(app.count("subscriptions").await, before);
    assert_eq!(trials(&app, "carol").await["trialedPlans"], json!([]));

    // The same override on provisionCustomer's subscriptionParams.
    let body = app
        .provision(json!({"customerId": "dave", "subscriptionParams": {
            "planId": "plan-free", "trialOverrideConfiguration": {"isTrial": true}}}))
        .await;
    assert_error(&body, "BadUserInput", true);
    assert_eq!(app.count("subscriptions").await, before);
}
