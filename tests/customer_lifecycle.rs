//! Customer lifecycle over HTTP: promotional entitlements (grant, replace, revoke, expiry by
//! the clock, counted in entitlement answers, revoked by archive), unarchive, statistics.

mod common;

use chrono::TimeDelta;
use common::{assert_error, at, TestApp};
use serde_json::{json, Value};

const EXAMPLE: &str = common::EXAMPLE_CATALOG;

async fn app_at(now: &str) -> TestApp {
    common::app_with_catalog_at(EXAMPLE, now).await
}

const GRANT: &str = "mutation ($input: GrantPromotionalEntitlementsInput!) { \
    grantPromotionalEntitlements(input: $input) { id featureId status usageLimit hasUnlimitedUsage \
    hasSoftLimit resetPeriod endDate isVisible feature { refId featureType } } }";
const REVOKE: &str = "mutation ($input: RevokePromotionalEntitlementInput!) { \
    revokePromotionalEntitlement(input: $input) { id status } }";
const CUSTOMER: &str =
    "query ($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { \
    customerId name totalActivePromotionalEntitlements \
    promotionalEntitlements { status usageLimit endDate feature { refId } } \
    statistics { activeSubscriptionsByPricingType { pricingType totalCount } } } }";
const CHECK: &str = "query ($query: FetchEntitlementQuery!) { entitlement(query: $query) { \
    isGranted accessDeniedReason usageLimit hasUnlimitedUsage currentUsage } }";

async fn grant(app: &TestApp, customer: &str, grants: Value) -> Value {
    app.gql(
        GRANT,
        json!({"input": {"customerId": customer, "promotionalEntitlements": grants}}),
    )
    .await
}

async fn check(app: &TestApp, customer: &str, feature: &str, requested: f64) -> Value {
    let body = app
        .gql(
            CHECK,
            json!({"query": {"customerId": customer, "featureId": feature,
                             "options": {"requestedUsage": requested}}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["entitlement"].clone()
}

#[tokio::test]
async fn promotional_entitlements_grant_expire_and_revoke() {
    let app = app_at("2026-11-30T09:00:00Z").await;
    // No subscription at all: a grant still gives access.
    let body = app
        .provision(json!({"customerId": "promo", "name": "P"}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        check(&app, "promo", "feature-02-custom-domain", 0.0).await["accessDeniedReason"],
        "NoActiveSubscription"
    );
    let body = grant(
        &app,
        "promo",
        json!([
            {"featureId": "feature-02-custom-domain", "period": "ONE_MONTH"},
            {"featureId": "feature-03-api-calls", "period": "CUSTOM", "usageLimit": 50,
             "customEndDate": "2026-12-05T00:00:00Z", "resetPeriod": "MONTH", "isVisible": false}
        ]),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let granted = body["data"]["grantPromotionalEntitlements"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(granted.len(), 2);
    assert_eq!(granted[0]["feature"]["refId"], "feature-02-custom-domain");
    assert_eq!(granted[0]["status"], "Active");
    assert_eq!(granted[0]["endDate"], "2026-12-30T09:00:00.000Z");
    assert_eq!(granted[0]["isVisible"], true);
    assert_eq!(granted[1]["usageLimit"], 50.0);
    assert_eq!(granted[1]["endDate"], "2026-12-05T00:00:00.000Z");
    assert_eq!(granted[1]["isVisible"], false);
    assert_eq!(granted[1]["resetPeriod"], "MONTH");

    assert_eq!(
        check(&app, "promo", "feature-02-custom-domain", 0.0).await["isGranted"],
        true
    );
    let calls = check(&app, "promo", "feature-03-api-calls", 51.0).await;
    assert_eq!(
        calls["accessDeniedReason"], "RequestedUsageExceedingLimit",
        "{calls}"
    );
    assert_eq!(
        check(&app, "promo", "feature-01-templates", 0.0).await["accessDeniedReason"],
        "NoActiveSubscription"
    );

    let body = app
        .gql(CUSTOMER, json!({"input": {"customerId": "promo"}}))
        .await;
    let c = &body["data"]["getCustomerByRefId"];
    assert_eq!(c["totalActivePromotionalEntitlements"], 2.0, "{body}");
    assert_eq!(
        c["promotionalEntitlements"].as_array().map(Vec::len),
        Some(2)
    );

    // The CUSTOM grant ends by the clock: expired, no longer counted, still listed.
    app.clock.set(at("2026-12-05T00:00:00Z"));
    let calls = check(&app, "promo", "feature-03-api-calls", 1.0).await;
    assert_eq!(
        calls["accessDeniedReason"], "NoActiveSubscription",
        "{calls}"
    );
    let body = app
        .gql(CUSTOMER, json!({"input": {"customerId": "promo"}}))
        .await;
    let c = &body["data"]["getCustomerByRefId"];
    assert_eq!(c["totalActivePromotionalEntitlements"], 1.0);
    assert_eq!(
        c["promotionalEntitlements"][1]["status"], "Expired",
        "{body}"
    );

    // Granting again replaces the grant (a new period from now).
    let body = grant(
        &app,
        "promo",
        json!([{"featureId": "feature-03-api-calls", "period": "ONE_WEEK", "hasUnlimitedUsage": true}]),
    )
    .await;
    assert_eq!(
        body["data"]["grantPromotionalEntitlements"][0]["endDate"],
        "2026-12-12T00:00:00.000Z"
    );
    assert_eq!(
        check(&app, "promo", "feature-03-api-calls", 1e9).await["hasUnlimitedUsage"],
        true
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM promotional_entitlements WHERE revoked_at IS NULL"
        )
        .await,
        2
    );

    // Revoke.
    let body = app
        .gql(
            REVOKE,
            json!({"input": {"customerId": "promo", "featureId": "feature-03-api-calls"}}),
        )
        .await;
    assert_eq!(
        body["data"]["revokePromotionalEntitlement"]["status"], "Expired",
        "{body}"
    );
    let body = app
        .gql(
            REVOKE,
            json!({"input": {"customerId": "promo", "featureId": "feature-03-api-calls"}}),
        )
        .await;
    assert_error(&body, "PromotionalEntitlementNotFoundError", false);
    assert_eq!(
        check(&app, "promo", "feature-03-api-calls", 0.0).await["isGranted"],
        false
    );
}

#[tokio::test]
async fn grants_combine_generously_with_subscriptions() {
    let app = app_at("2026-11-30T09:00:00Z").await;
    let body = app
        .provision(json!({"customerId": "free", "subscriptionParams": {"planId": "plan-free"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    // plan-free gives 1,000 API calls a month; a grant of 500 does not lower it, 5,000 raises it.
    grant(
        &app,
        "free",
        json!([{"featureId": "feature-03-api-calls", "period": "LIFETIME", "usageLimit": 500}]),
    )
    .await;
    assert_eq!(
        check(&app, "free", "feature-03-api-calls", 0.0).await["usageLimit"],
        1000.0
    );
    grant(
        &app,
        "free",
        json!([{"featureId": "feature-03-api-calls", "period": "LIFETIME", "usageLimit": 5000}]),
    )
    .await;
    let calls = check(&app, "free", "feature-03-api-calls", 4000.0).await;
    assert_eq!(calls["usageLimit"], 5000.0);
    assert_eq!(calls["isGranted"], true);
    // Archive revokes grants; unarchive does not bring them back.
    let body = app
        .gql(common::ARCHIVE, json!({"input": {"customerId": "free"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM promotional_entitlements WHERE revoked_at IS NULL"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn bad_grants_are_refused_and_grant_nothing() {
    let app = app_at("2026-11-30T09:00:00Z").await;
    let body = app.provision(json!({"customerId": "c"})).await;
    assert!(body.get("errors").is_none(), "{body}");
    let cases = [
        (
            json!([{"featureId": "feature-03-api-calls", "period": "CUSTOM", "usageLimit": 1}]),
            "BadUserInput",
        ),
        (
            json!([{"featureId": "feature-03-api-calls", "period": "CUSTOM", "usageLimit": 1,
                 "customEndDate": "2026-11-29T00:00:00Z"}]),
            "BadUserInput",
        ),
        (
            json!([{"featureId": "feature-03-api-calls", "period": "ONE_WEEK", "usageLimit": 1,
                 "customEndDate": "2027-01-01T00:00:00Z"}]),
            "BadUserInput",
        ),
        (
            json!([{"featureId": "feature-03-api-calls", "period": "ONE_WEEK"}]),
            "BadUserInput",
        ),
        (
            json!([{"featureId": "feature-03-api-calls", "period": "ONE_WEEK", "usageLimit": -1}]),
            "BadUserInput",
        ),
        (
            json!([{"featureId": "feature-03-api-calls", "period": "ONE_WEEK", "usageLimit": 1, "hasUnlimitedUsage": true}]),
            "BadUserInput",
        ),
        (
            json!([{"featureId": "feature-02-custom-domain", "period": "ONE_WEEK", "usageLimit": 1}]),
            "UnsupportedFeatureType",
        ),
        (
            json!([{"featureId": "feature-04-team-size", "period": "ONE_WEEK", "usageLimit": 1, "resetPeriod": "DAY"}]),
            "BadUserInput",
        ),
        (
            json!([{"featureId": "feature-99", "period": "ONE_WEEK"}]),
            "FeatureNotFound",
        ),
        (
            json!([{"featureId": "feature-02-custom-domain", "period": "ONE_WEEK"},
                {"featureId": "feature-02-custom-domain", "period": "ONE_MONTH"}]),
            "BadUserInput",
        ),
        (
            json!([{"featureId": "feature-02-custom-domain", "period": "ONE_WEEK", "enumValues": ["a"]}]),
            "UnsupportedParameter",
        ),
        (json!([]), "BadUserInput"),
        // The second grant is bad: the first is not kept either.
        (
            json!([{"featureId": "feature-02-custom-domain", "period": "ONE_WEEK"},
                {"featureId": "feature-99", "period": "ONE_WEEK"}]),
            "FeatureNotFound",
        ),
    ];
    for (grants, code) in cases {
        let body = grant(&app, "c", grants.clone()).await;
        assert_eq!(common::error_code(&body), Some(code), "{grants}: {body}");
    }
    let body = grant(
        &app,
        "nobody",
        json!([{"featureId": "feature-02-custom-domain", "period": "ONE_WEEK"}]),
    )
    .await;
    assert_error(&body, "CustomerNotFound", false);
    assert_eq!(app.count("promotional_entitlements").await, 0);
}

#[tokio::test]
async fn unarchive_restores_the_customer_without_its_pii_and_statistics_count_live_subscriptions() {
    let app = app_at("2026-11-30T09:00:00Z").await;
    let body = app
        .provision(
            json!({"customerId": "back", "name": "Back Again", "email": "back@example.com",
                          "subscriptionParams": {"planId": "plan-free"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = app
        .gql(CUSTOMER, json!({"input": {"customerId": "back"}}))
        .await;
    assert_eq!(
        body["data"]["getCustomerByRefId"]["statistics"]["activeSubscriptionsByPricingType"],
        json!([{"pricingType": "FREE", "totalCount": 1.0}, {"pricingType": "PAID", "totalCount": 0.0},
               {"pricingType": "CUSTOM", "totalCount": 0.0}]),
        "{body}"
    );
    const UNARCHIVE: &str = "mutation ($input: UnarchiveCustomerInput!) { unarchiveCustomer(input: $input) { customerId name email updatedAt } }";
    let body = app
        .gql(UNARCHIVE, json!({"input": {"customerId": "back"}}))
        .await;
    assert_error(&body, "CustomerNotFound", false);
    let body = app
        .gql(common::ARCHIVE, json!({"input": {"customerId": "back"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    app.clock.advance(TimeDelta::days(1));
    let body = app
        .gql(UNARCHIVE, json!({"input": {"customerId": "back"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let back = &body["data"]["unarchiveCustomer"];
    assert_eq!(back["customerId"], "back");
    assert!(back["name"].is_null() && back["email"].is_null(), "{back}");
    assert_eq!(back["updatedAt"], "2026-12-01T09:00:00.000Z");
    // Live again, its subscription still cancelled.
    let body = app
        .gql(CUSTOMER, json!({"input": {"customerId": "back"}}))
        .await;
    assert_eq!(
        body["data"]["getCustomerByRefId"]["statistics"]["activeSubscriptionsByPricingType"][0]
            ["totalCount"],
        0.0,
        "{body}"
    );
    assert_eq!(app.stored_customer("back").await, Some((None, None, false)));
    let body = app
        .gql(UNARCHIVE, json!({"input": {"customerId": "nobody"}}))
        .await;
    assert_error(&body, "CustomerNotFound", false);
    let body = app
        .gql(UNARCHIVE, json!({"input": {"customerId": ""}}))
        .await;
    assert_error(&body, "BadUserInput", true);
}

const GRANT_GROUP: &str = "mutation ($input: GrantPromotionalEntitlementsGroupInput!) { \
    grantPromotionalEntitlementsGroup(input: $input) { status usageLimit featureId \
    hasUnlimitedUsage endDate feature { refId } } }";
const REVOKE_GROUP: &str = "mutation ($input: RevokePromotionalEntitlementsGroupInput!) { \
    revokePromotionalEntitlementsGroup(input: $input) { status endDate feature { refId } } }";
const UNLINK_GROUP: &str = "mutation ($input: UnlinkPromotionalEntitlementsGroupInput!) { \
    unlinkPromotionalEntitlementsGroup(input: $input) { status endDate feature { refId } } }";

async fn grant_group(app: &TestApp, customer: &str, group: &str, grants: Value) -> Value {
    app.gql(
        GRANT_GROUP,
        json!({"input": {"customerId": customer, "featureGroupId": group,
                         "promotionalEntitlements": grants}}),
    )
    .await
}

async fn end_group(app: &TestApp, document: &str, customer: &str, group: &str) -> Value {
    app.gql(
        document,
        json!({"input": {"customerId": customer, "featureGroupId": group}}),
    )
    .await
}

fn refs_and_statuses(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|g| {
            (
                g["feature"]["refId"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                g["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn promotional_groups_grant_count_revoke_and_unlink() {
    let app = app_at("2026-11-30T09:00:00Z").await;
    let body = app.provision(json!({"customerId": "grp"})).await;
    assert!(body.get("errors").is_none(), "{body}");

    // A group's grants count like single grants.
    let body = grant_group(
        &app,
        "grp",
        "bundle-pro",
        json!([
            {"featureId": "feature-02-custom-domain", "period": "ONE_MONTH"},
            {"featureId": "feature-03-api-calls", "period": "LIFETIME", "usageLimit": 100}
        ]),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let granted = &body["data"]["grantPromotionalEntitlementsGroup"];
    assert_eq!(
        refs_and_statuses(granted),
        vec![
            ("feature-02-custom-domain".into(), "Active".into()),
            ("feature-03-api-calls".into(), "Active".into())
        ]
    );
    assert_eq!(granted[0]["endDate"], "2026-12-30T09:00:00.000Z");
    assert_eq!(granted[1]["usageLimit"], 100.0);
    assert_eq!(
        check(&app, "grp", "feature-02-custom-domain", 0.0).await["isGranted"],
        true
    );
    let calls = check(&app, "grp", "feature-03-api-calls", 100.0).await;
    assert_eq!(calls["isGranted"], true, "{calls}");
    assert_eq!(calls["usageLimit"], 100.0);
    assert_eq!(app.count("promotional_entitlement_groups").await, 2);

    // A second group shares the api-calls feature: its grant replaces the first one's and
    // belongs to both groups.
    let body = grant_group(
        &app,
        "grp",
        "bundle-api",
        json!([{"featureId": "feature-03-api-calls", "period": "LIFETIME", "usageLimit": 500}]),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        check(&app, "grp", "feature-03-api-calls", 0.0).await["usageLimit"],
        500.0
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM promotional_entitlement_groups g JOIN promotional_entitlements p \
             ON p.id = g.promotional_entitlement_id WHERE p.revoked_at IS NULL"
        )
        .await,
        3
    );

    // Revoking bundle-pro revokes the custom domain; api calls stay (bundle-api holds them).
    app.clock.set(at("2026-12-01T00:00:00Z"));
    let body = end_group(&app, REVOKE_GROUP, "grp", "bundle-pro").await;
    assert!(body.get("errors").is_none(), "{body}");
    let after = &body["data"]["revokePromotionalEntitlementsGroup"];
    assert_eq!(
        refs_and_statuses(after),
        vec![
            ("feature-02-custom-domain".into(), "Expired".into()),
            ("feature-03-api-calls".into(), "Active".into())
        ]
    );
    assert_eq!(after[0]["endDate"], "2026-12-01T00:00:00.000Z");
    assert_eq!(
        check(&app, "grp", "feature-02-custom-domain", 0.0).await["accessDeniedReason"],
        "NoActiveSubscription"
    );
    assert_eq!(
        check(&app, "grp", "feature-03-api-calls", 0.0).await["usageLimit"],
        500.0
    );
    // The group is gone.
    let body = end_group(&app, REVOKE_GROUP, "grp", "bundle-pro").await;
    assert_error(&body, "PromotionalEntitlementNotFoundError", false);

    // Unlink bundle-api: the grant stays and keeps counting, but a revoke of the group no
    // longer finds it.
    let body = end_group(&app, UNLINK_GROUP, "grp", "bundle-api").await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        refs_and_statuses(&body["data"]["unlinkPromotionalEntitlementsGroup"]),
        vec![("feature-03-api-calls".into(), "Active".into())]
    );
    assert_eq!(app.count("promotional_entitlement_groups").await, 0);
    assert_eq!(
        check(&app, "grp", "feature-03-api-calls", 0.0).await["usageLimit"],
        500.0
    );
    let body = end_group(&app, REVOKE_GROUP, "grp", "bundle-api").await;
    assert_error(&body, "PromotionalEntitlementNotFoundError", false);
    let body = end_group(&app, UNLINK_GROUP, "grp", "bundle-api").await;
    assert_error(&body, "PromotionalEntitlementNotFoundError", false);
    let body = app
        .gql(CUSTOMER, json!({"input": {"customerId": "grp"}}))
        .await;
    assert_eq!(
        body["data"]["getCustomerByRefId"]["totalActivePromotionalEntitlements"], 1.0,
        "{body}"
    );
}

#[tokio::test]
async fn promotional_group_errors_change_nothing() {
    let app = app_at("2026-11-30T09:00:00Z").await;
    let body = app.provision(json!({"customerId": "grp-err"})).await;
    assert!(body.get("errors").is_none(), "{body}");
    let ok = json!([{"featureId": "feature-02-custom-domain", "period": "ONE_WEEK"}]);

    let body = grant_group(&app, "nobody", "g", ok.clone()).await;
    assert_error(&body, "CustomerNotFound", false);
    let body = grant_group(&app, "grp-err", "has space", ok.clone()).await;
    assert_error(&body, "BadUserInput", true);
    let body = grant_group(&app, "grp-err", "g", json!([])).await;
    assert_error(&body, "BadUserInput", true);
    // One bad grant: nothing of the group is granted.
    let body = grant_group(
        &app,
        "grp-err",
        "g",
        json!([
            {"featureId": "feature-02-custom-domain", "period": "ONE_WEEK"},
            {"featureId": "feature-nope", "period": "ONE_WEEK"}
        ]),
    )
    .await;
    assert_error(&body, "FeatureNotFound", false);
    let body = grant_group(
        &app,
        "grp-err",
        "g",
        json!([{"featureId": "feature-03-api-calls", "period": "ONE_WEEK"}]),
    )
    .await;
    assert_error(&body, "BadUserInput", true);
    let body = grant_group(
        &app,
        "grp-err",
        "g",
        json!([{"featureId": "feature-02-custom-domain", "period": "ONE_WEEK", "enumValues": ["a"]}]),
    )
    .await;
    assert_error(&body, "UnsupportedParameter", true);
    let body = app
        .gql(
            GRANT_GROUP,
            json!({"input": {"customerId": "grp-err", "featureGroupId": "g",
                             "environmentId": "00000000-0000-0000-0000-000000000001",
                             "promotionalEntitlements": ok}}),
        )
        .await;
    assert_error(&body, "AccessDeniedError", false);
    assert_eq!(app.count("promotional_entitlements").await, 0);
    assert_eq!(app.count("promotional_entitlement_groups").await, 0);

    for document in [REVOKE_GROUP, UNLINK_GROUP] {
        let body = end_group(&app, document, "grp-err", "g").await;
        assert_error(&body, "PromotionalEntitlementNotFoundError", false);
        let body = end_group(&app, document, "nobody", "g").await;
        assert_error(&body, "CustomerNotFound", false);
        let body = end_group(&app, document, "grp-err", "").await;
        assert_error(&body, "BadUserInput", true);
    }

    // Archiving the customer revokes its groups' grants like any grant.
    let body = grant_group(&app, "grp-err", "g", ok).await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = app
        .gql(ARCHIVE_DOC, json!({"input": {"customerId": "grp-err"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM promotional_entitlements WHERE revoked_at IS NULL"
        )
        .await,
        0
    );
}

const ARCHIVE_DOC: &str = common::ARCHIVE;
