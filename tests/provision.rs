//! provisionCustomer over HTTP: the seed's call, id rules, validation (nothing written on any
//! error), duplicates and the race on one id.

mod common;

use common::{assert_error, TestApp};
use serde_json::json;

#[tokio::test]
async fn seed_provision_without_subscription_is_skipped_and_stored() {
    let app = TestApp::spawn().await;
    let body = app
        .provision(json!({
            "customerId": "customer-test-id",
            "name": "My very first customer",
            "email": "john@example.com",
            "additionalMetaData": {"key": "value"},
            "subscriptionParams": null
        }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let p = &body["data"]["provisionCustomer"];
    assert_eq!(
        p["subscriptionDecisionStrategy"],
        "SKIPPED_SUBSCRIPTION_CREATION"
    );
    assert!(p["subscription"].is_null());
    assert_eq!(p["entitlements"], json!([]));
    let c = &p["customer"];
    assert_eq!(c["customerId"], "customer-test-id");
    assert_eq!(c["refId"], "customer-test-id");
    assert_eq!(c["name"], "My very first customer");
    assert_eq!(c["email"], "john@example.com");
    assert_eq!(c["additionalMetaData"], json!({"key": "value"}));
    assert_eq!(c["excludeFromExperiment"], false);
    // RFC 3339, UTC, milliseconds: 2022-09-20T09:59:22.324Z
    let created = c["createdAt"].as_str().expect("createdAt");
    assert_eq!(created.len(), 24, "{created}");
    assert!(
        created.ends_with('Z') && created.as_bytes()[19] == b'.',
        "{created}"
    );
    assert_eq!(c["createdAt"], c["updatedAt"]);
    assert!(uuid::Uuid::parse_str(c["id"].as_str().unwrap_or_default()).is_ok());

    assert_eq!(
        app.stored_customer("customer-test-id").await,
        Some((
            Some("My very first customer".into()),
            Some("john@example.com".into()),
            false
        ))
    );
}

#[tokio::test]
async fn omitted_and_null_subscription_params_mean_the_same() {
    let app = TestApp::spawn().await;
    for (id, input) in [
        ("omitted", json!({"customerId": "omitted"})),
        (
            "null",
            json!({"customerId": "null", "subscriptionParams": null}),
        ),
    ] {
        let body = app.provision(input).await;
        assert_eq!(
            body["data"]["provisionCustomer"]["subscriptionDecisionStrategy"],
            "SKIPPED_SUBSCRIPTION_CREATION",
            "{id}: {body}"
        );
    }
    assert_eq!(app.count("customers").await, 2);
}

#[tokio::test]
async fn ref_id_and_customer_id_name_the_same_id() {
    let app = TestApp::spawn().await;
    let body = app.provision(json!({"refId": "by-ref"})).await;
    assert_eq!(
        body["data"]["provisionCustomer"]["customer"]["customerId"],
        "by-ref"
    );
    let body = app
        .provision(json!({"refId": "both", "customerId": "both"}))
        .await;
    assert_eq!(
        body["data"]["provisionCustomer"]["customer"]["refId"],
        "both"
    );

    let body = app
        .provision(json!({"refId": "one", "customerId": "other"}))
        .await;
    assert_error(&body, "EntityIdDifferentFromRefIdError", true);
    assert!(body["data"].is_null());
    assert_eq!(app.count("customers").await, 2);
}

#[tokio::test]
async fn no_id_generates_one() {
    let app = TestApp::spawn().await;
    let a = app.provision(json!({"name": "anonymous"})).await;
    let b = app.provision(json!({})).await;
    let id_a = a["data"]["provisionCustomer"]["customer"]["customerId"]
        .as_str()
        .expect("id")
        .to_owned();
    let id_b = b["data"]["provisionCustomer"]["customer"]["customerId"]
        .as_str()
        .expect("id")
        .to_owned();
    assert!(id_a.starts_with("customer-") && id_b.starts_with("customer-"));
    assert_ne!(id_a, id_b);
    assert_eq!(
        app.get_customer(&id_a).await["data"]["getCustomerByRefId"]["name"],
        "anonymous"
    );
}

#[tokio::test]
async fn bad_input_is_refused_with_its_code_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let long = "x".repeat(256);
    let cases = [
        (json!({"customerId": ""}), "BadUserInput"),
        (json!({"customerId": long}), "BadUserInput"),
        (json!({"customerId": "tab\there"}), "BadUserInput"),
        (
            json!({"customerId": "c", "email": "not-an-email"}),
            "BadUserInput",
        ),
        (
            json!({"customerId": "c", "additionalMetaData": [1, 2]}),
            "InvalidMetadataError",
        ),
        (
            json!({"customerId": "c", "additionalMetaData": "text"}),
            "InvalidMetadataError",
        ),
        (
            json!({"customerId": "c", "additionalMetaData": {"big": "x".repeat(17 * 1024)}}),
            "InvalidMetadataError",
        ),
        (
            json!({"customerId": "c", "additionalMetaData":
                (0..101).map(|i| (format!("k{i}"), json!(i))).collect::<serde_json::Map<_, _>>()}),
            "InvalidMetadataError",
        ),
        (
            json!({"customerId": "c", "billingInformation": {"billingAddress": {"country": "XX"}}}),
            "BadUserInput",
        ),
        (
            json!({"customerId": "c", "billingInformation": {"shippingAddress": {"country": "usa"}}}),
            "BadUserInput",
        ),
        (
            json!({"customerId": "c", "billingInformation": {"timezone": "Mars/Olympus"}}),
            "BadUserInput",
        ),
        (
            json!({"customerId": "c", "billingInformation": {"taxIds": [{"type": "eu_vat", "value": ""}]}}),
            "BadUserInput",
        ),
        (
            json!({"customerId": "c", "subscriptionParams": {"planId": "plan-basic", "billingCountryCode": "Denmark"}}),
            "BadUserInput",
        ),
        (json!({"customerId": "c", "billingId": ""}), "BadUserInput"),
        (
            json!({"customerId": "c", "environmentId": uuid::Uuid::new_v4()}),
            "AccessDeniedError",
        ),
    ];
    for (input, code) in cases {
        let body = app.provision(input.clone()).await;
        let validation = code != "AccessDeniedError";
        assert_error(&body, code, validation);
        assert!(body["data"].is_null(), "{input}: {body}");
    }
    assert_eq!(app.count("customers").await, 0);
}

#[tokio::test]
async fn graphql_level_bad_input_is_a_coded_error_not_a_500() {
    let app = TestApp::spawn().await;
    // An unknown currency (not in Stigg's Currency enum) fails input coercion.
    let (status, body) = app
        .post(
            common::PROVISION,
            json!({"input": {"customerId": "c", "billingInformation": {"currency": "XYZ"}}}),
        )
        .await;
    assert!(status.is_success() || status.is_client_error(), "{status}");
    assert_error(&body, "BadUserInput", true);
    // A malformed createdAt.
    let body = app
        .provision(json!({"customerId": "c", "createdAt": "yesterday"}))
        .await;
    assert_error(&body, "BadUserInput", true);
    // Not JSON at all.
    let response = reqwest::Client::new()
        .post(&app.url)
        .header("X-API-KEY", common::API_KEY)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("sent");
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(app.count("customers").await, 0);
}

#[tokio::test]
async fn plan_and_coupon_are_not_found_until_a_catalog_exists_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let body = app
        .provision(
            json!({"customerId": "with-plan", "subscriptionParams": {"planId": "plan-basic"}}),
        )
        .await;
    let message = assert_error(&body, "PlanNotFound", false);
    assert!(message.contains("plan-basic"), "{message}");
    let body = app
        .provision(json!({"customerId": "with-coupon", "couponRefId": "coupon-test-id"}))
        .await;
    assert_error(&body, "CouponNotFound", false);
    assert_eq!(app.count("customers").await, 0);
    // The ids are still free.
    let body = app.provision(json!({"customerId": "with-plan"})).await;
    assert!(body.get("errors").is_none(), "{body}");
}

#[tokio::test]
async fn billing_information_is_validated_and_never_stored() {
    let app = TestApp::spawn().await;
    let body = app
        .provision(json!({
            "customerId": "billing-info",
            "billingInformation": {
                "language": "en",
                "timezone": "America/New_York",
                "currency": "USD",
                "paymentMethodId": "pm_secret_4242",
                "customerName": "Billing Name Unique",
                "taxIds": [{"type": "eu_vat", "value": "DK99887766"}],
                "billingAddress": {
                    "country": "US", "city": "Gotham Unique City", "state": "NY",
                    "addressLine1": "123 Main Street Unique", "postalCode": "10164"
                }
            }
        }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let stored = app.all_stored_text().await;
    assert!(
        stored.contains("billing-info"),
        "the dump sees the customer row"
    );
    for secret in [
        "pm_secret_4242",
        "Billing Name Unique",
        "DK99887766",
        "Gotham Unique City",
        "123 Main Street Unique",
        "America/New_York",
    ] {
        assert!(!stored.contains(secret), "{secret} was stored");
    }
}

#[tokio::test]
async fn duplicate_provision_is_refused_and_says_so() {
    let app = TestApp::spawn().await;
    app.provision(json!({"customerId": "dup", "name": "first"}))
        .await;
    let body = app
        .provision(json!({"customerId": "dup", "name": "second"}))
        .await;
    let message = assert_error(&body, "DuplicatedEntityNotAllowed", false);
    assert!(
        message.contains("dup") && !message.contains("archived"),
        "{message}"
    );
    assert_eq!(app.count("customers").await, 1);
    assert_eq!(
        app.stored_customer("dup").await.map(|c| c.0),
        Some(Some("first".into()))
    );
}

#[tokio::test]
async fn created_at_override_and_other_stored_fields() {
    let app = TestApp::spawn().await;
    let body = app
        .provision(json!({
            "customerId": "imported",
            "createdAt": "2022-09-20T11:59:22.324567+02:00",
            "billingId": "cus_123",
            "crmId": "crm-1",
            "salesforceId": "sf-1",
            "awsMarketplaceCustomerId": "aws-1",
            "excludeFromExperiment": true
        }))
        .await;
    let c = &body["data"]["provisionCustomer"]["customer"];
    assert_eq!(c["createdAt"], "2022-09-20T09:59:22.324Z");
    assert_eq!(c["billingId"], "cus_123");
    assert_eq!(c["crmId"], "crm-1");
    assert_eq!(c["salesforceId"], "sf-1");
    assert_eq!(c["awsMarketplaceCustomerId"], "aws-1");
    assert_eq!(c["excludeFromExperiment"], true);
    let got = app.get_customer("imported").await;
    assert_eq!(
        got["data"]["getCustomerByRefId"]["createdAt"],
        "2022-09-20T09:59:22.324Z"
    );
}

#[tokio::test]
async fn fifty_concurrent_provisions_of_one_id_yield_one_customer() {
    let app = TestApp::spawn().await;
    let attempts = (0..50).map(|i| {
        let app = &app;
        async move {
            app.provision(json!({"customerId": "raced", "name": format!("racer {i}")}))
                .await
        }
    });
    let bodies = futures::future::join_all(attempts).await;
    let ok = bodies.iter().filter(|b| b.get("errors").is_none()).count();
    let duplicates = bodies
        .iter()
        .filter(|b| common::error_code(b) == Some("DuplicatedEntityNotAllowed"))
        .count();
    assert_eq!((ok, duplicates), (1, 49), "{bodies:?}");
    assert_eq!(app.count("customers").await, 1);
}
