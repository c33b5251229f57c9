//! A stored value that is not one of its Stigg value set (written behind plangate's back, or
//! by a newer version) is an error, never a silent default: a read that touches it answers
//! `UnexpectedError` (HTTP 200, no panic), and the cause stays in the log.

mod common;

use common::{TestApp, GET};
use plangate::environment::{ensure_environment, EnvironmentId};
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

const EXAMPLE: &str = include_str!("../examples/catalog.yaml");

async fn with_catalog() -> TestApp {
    let app = TestApp::spawn().await;
    let env = ensure_environment(&app.db, "development")
        .await
        .expect("env");
    let file = plangate::catalog::apply::parse(EXAMPLE, None).expect("catalog parses");
    plangate::catalog::apply::apply(&app.db, EnvironmentId(env.id), &file, app.now())
        .await
        .expect("catalog applies");
    app
}

async fn write(app: &TestApp, sql: &str) {
    let done = app.db.execute_unprepared(sql).await.expect("update");
    assert!(done.rows_affected() > 0, "{sql} changed nothing");
}

/// Every error of `body` is an `UnexpectedError` that says no more than that.
fn assert_unexpected(status: StatusCode, body: &Value) {
    assert_eq!(status, StatusCode::OK, "{body}");
    let errors = body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {body}"));
    assert!(!errors.is_empty(), "{body}");
    for error in errors {
        assert_eq!(error["extensions"]["code"], "UnexpectedError", "{body}");
        assert_eq!(error["extensions"]["isValidationError"], false, "{body}");
        assert_eq!(error["message"], "Unexpected error", "{body}");
    }
    assert!(!body.to_string().contains("BOGUS"), "cause leaked: {body}");
}

#[tokio::test]
async fn an_unknown_subscription_status_is_an_unexpected_error() {
    let app = with_catalog().await;
    let body = app
        .provision(json!({
            "customerId": "customer-bogus-status",
            "subscriptionParams": {
                "planId": "plan-basic",
                "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 2}]
            }
        }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let before = app.get_customer("customer-bogus-status").await;
    assert!(before.get("errors").is_none(), "{before}");
    assert_eq!(
        before["data"]["getCustomerByRefId"]["hasActiveSubscription"],
        true
    );

    write(&app, "UPDATE subscriptions SET status = 'BOGUS'").await;
    let (status, body) = app
        .post(
            GET,
            json!({"input": {"customerId": "customer-bogus-status"}}),
        )
        .await;
    assert_unexpected(status, &body);
}

#[tokio::test]
async fn an_unknown_package_status_is_an_unexpected_error() {
    let app = with_catalog().await;
    const PLANS: &str = "{ plans { totalCount edges { node { refId status } } } }";
    let body = app.gql(PLANS, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");

    write(
        &app,
        "UPDATE packages SET status = 'BOGUS' WHERE ref_id = 'plan-basic'",
    )
    .await;
    let (status, body) = app.post(PLANS, json!({})).await;
    assert_unexpected(status, &body);
}

#[tokio::test]
async fn an_unknown_price_currency_is_an_unexpected_error() {
    let app = with_catalog().await;
    const PLAN_PRICES: &str = r#"query ($filter: PlanFilter) {
      plans(filter: $filter) { edges { node { refId prices { price { amount currency } } } } }
    }"#;
    let filter = json!({"filter": {"refId": {"eq": "plan-basic"}}});
    let body = app.gql(PLAN_PRICES, filter.clone()).await;
    assert!(body.get("errors").is_none(), "{body}");

    write(&app, "UPDATE prices SET currency = 'BOG'").await;
    let (status, body) = app.post(PLAN_PRICES, filter).await;
    assert_unexpected(status, &body);
}
