//! The HTTP surface: API keys and environments, health endpoints, GraphiQL, error shape, and
//! the schema contract (schema.graphql is current; Stigg's surface is served exactly).

mod common;

use common::{assert_error, TestApp, API_KEY, PROVISION};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn missing_or_unknown_key_is_401_unauthenticated_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let body = json!({"query": PROVISION, "variables": {"input": {"customerId": "x"}}});
    for key in [None, Some("server-wrong"), Some("")] {
        let (status, response) = app.post_with_key(key, body.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{key:?}");
        assert_error(&response, "Unauthenticated", false);
    }
    assert_eq!(app.count("customers").await, 0);
    let (status, _) = app.post_with_key(Some(API_KEY), body).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn keys_are_stored_as_hashes_only() {
    let app = TestApp::spawn().await;
    let stored = app.all_stored_text().await;
    assert!(!stored.contains(API_KEY));
    assert!(stored.contains(&plangate::environment::hash_key(API_KEY)));
}

#[tokio::test]
async fn environments_are_isolated() {
    let app = TestApp::spawn().await;
    let production = plangate::environment::create_key(&app.db, "production")
        .await
        .expect("key");
    let provision = |id: &str| json!({"query": PROVISION, "variables": {"input": {"customerId": id, "name": "dev"}}});
    // The same id in both environments.
    let (_, dev) = app
        .post_with_key(Some(API_KEY), provision("shared-id"))
        .await;
    let (_, prod) = app
        .post_with_key(Some(&production), provision("shared-id"))
        .await;
    assert!(
        dev.get("errors").is_none() && prod.get("errors").is_none(),
        "{dev} {prod}"
    );
    assert_eq!(app.count("customers").await, 2);
    // A customer of development is invisible with the production key.
    app.provision(json!({"customerId": "dev-only"})).await;
    let get = json!({"query": common::GET, "variables": {"input": {"customerId": "dev-only"}}});
    let (_, body) = app.post_with_key(Some(&production), get).await;
    assert_error(&body, "CustomerNotFound", false);
    // Two environments, each with its own row for the shared id.
    assert_eq!(app.count("environments").await, 2);
}

#[tokio::test]
async fn environment_id_of_the_key_is_accepted() {
    let app = TestApp::spawn().await;
    let body = app.provision(json!({"customerId": "env-ok"})).await;
    let env = app
        .gql(
            "query($i: GetCustomerByRefIdInput!){ getCustomerByRefId(input: $i) { environmentId } }",
            json!({"i": {"customerId": "env-ok"}}),
        )
        .await;
    let env_id = env["data"]["getCustomerByRefId"]["environmentId"].clone();
    assert!(body.get("errors").is_none());
    let got = app
        .gql(
            common::GET,
            json!({"input": {"customerId": "env-ok", "environmentId": env_id}}),
        )
        .await;
    assert_eq!(got["data"]["getCustomerByRefId"]["customerId"], "env-ok");
    let other = app
        .gql(
            common::GET,
            json!({"input": {"customerId": "env-ok", "environmentId": uuid::Uuid::new_v4()}}),
        )
        .await;
    assert_error(&other, "AccessDeniedError", false);
}

#[tokio::test]
async fn validation_errors_are_coded_with_trace_ids_matching_the_header() {
    let app = TestApp::spawn().await;
    let response = reqwest::Client::new()
        .post(&app.url)
        .header("X-API-KEY", API_KEY)
        .header("x-request-id", "trace-from-client")
        .json(&json!({"query": "{ noSuchField }"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-request-id"], "trace-from-client");
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .starts_with("application/json"));
    let body: serde_json::Value = response.json().await.expect("json");
    assert_error(&body, "BadUserInput", true);
    assert_eq!(
        body["errors"][0]["extensions"]["traceId"],
        "trace-from-client"
    );
}

#[tokio::test]
async fn health_graphiql_and_body_limit() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let health = client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), StatusCode::OK);
    let ready = client
        .get(format!("{}/readyz", app.base))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), StatusCode::OK);
    // GraphiQL is for browsers, which ask for HTML (tests/graphql_over_http.rs has the rest).
    let page = client
        .get(&app.url)
        .header("accept", "text/html")
        .send()
        .await
        .expect("graphiql");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.expect("html").contains("graphiql"));
    let huge = "x".repeat(2 * 1024 * 1024);
    let response = client
        .post(&app.url)
        .header("X-API-KEY", API_KEY)
        .json(&json!({"query": PROVISION, "variables": {"input": {"customerId": "big", "name": huge}}}))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("customers").await, 0);
}

#[test]
fn schema_graphql_is_current() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
        .expect("schema.graphql at the top level");
    assert!(
        committed == plangate::graphql::sdl(),
        "schema.graphql is stale: run `cargo run -- schema > schema.graphql`"
    );
}

/// Every `Type.field: Type` that the official v2 client's documents select exists in our
/// schema with exactly Stigg's type. The snapshots are printed by `stigg-reference fields`:
/// `stigg-surface.txt` for provision_customer, update_customer, get_customer_by_id and
/// archive_customer; `stigg-surface-provision-subscription.txt` for provision_subscription;
/// `stigg-surface-entitlements.txt` for get_entitlement(_v_2), get_entitlements(_state),
/// report_entitlement_check_requested and report_usage(_bulk);
/// `stigg-surface-usage.txt` for get_usage_history(_v_2) and report_event;
/// `stigg-surface-customer-lifecycle.txt` for grant_promotional_entitlements,
/// revoke_promotional_entitlement, unarchive_customer, get_customer_statistics, the three
/// promotional group operations and the three imports;
/// `stigg-surface-coupons.txt` for create_coupon and get_coupons;
/// `stigg-surface-subscription-lifecycle.txt` for get_subscription(s),
/// get_active_subscriptions(_list), cancel_subscription, update_subscription and
/// transfer_subscription(_to_resource); `stigg-surface-subscription-changes.txt` for
/// apply_subscription, cancel_subscription_updates, create_subscription,
/// delegate_subscription_to_customer and migrate_subscription_to_latest;
/// `stigg-surface-estimates.txt` for estimate_subscription(_update), preview_subscription and
/// preview_next_invoice.
#[test]
fn stigg_surface_is_served_with_stiggs_types() {
    let ours =
        async_graphql::parser::parse_schema(plangate::graphql::sdl()).expect("our SDL parses");
    let mut fields = std::collections::HashMap::new();
    for definition in &ours.definitions {
        if let async_graphql::parser::types::TypeSystemDefinition::Type(t) = definition {
            let t = &t.node;
            let list = match &t.kind {
                async_graphql::parser::types::TypeKind::Object(o) => &o.fields,
                _ => continue,
            };
            for f in list {
                fields.insert(
                    format!("{}.{}", t.name.node, f.node.name.node),
                    f.node.ty.node.to_string(),
                );
            }
        }
    }
    for (snapshot, expected) in [
        ("stigg-surface.txt", 365),
        ("stigg-surface-provision-subscription.txt", 164),
        ("stigg-surface-entitlements.txt", 95),
        ("stigg-surface-usage.txt", 26),
        ("stigg-surface-customer-lifecycle.txt", 42),
        ("stigg-surface-coupons.txt", 23),
        ("stigg-surface-subscription-lifecycle.txt", 271),
        ("stigg-surface-subscription-changes.txt", 317),
        ("stigg-surface-estimates.txt", 129),
    ] {
        let path = format!("{}/tests/compat/{snapshot}", env!("CARGO_MANIFEST_DIR"));
        let surface = std::fs::read_to_string(&path).expect("snapshot");
        let (mut checked, mut current) = (0, String::new());
        for line in surface.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !line.starts_with(' ') {
                current = line.trim().to_owned();
                continue;
            }
            let (field, ty) = line.trim().split_once(": ").expect("field: Type");
            let key = format!("{current}.{field}");
            assert_eq!(fields.get(&key), Some(&ty.to_owned()), "{snapshot}: {key}");
            checked += 1;
        }
        assert_eq!(checked, expected, "{snapshot} lists {expected} fields");
    }
}

#[tokio::test]
async fn deeply_nested_variables_are_refused_before_decoding() {
    let app = TestApp::spawn().await;
    let mut filter = json!({"customerId": {"eq": "x"}});
    for _ in 0..40 {
        filter = json!({"or": [filter]});
    }
    let (status, body) = app
        .post(
            "query($f: CustomerFilter){ customers(filter: $f) { totalCount } }",
            json!({ "f": filter }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let message = assert_error(&body, "BadUserInput", true);
    assert!(message.contains("levels deep"), "{message}");
    // The server is still there.
    let body = app.provision(json!({"customerId": "still-alive"})).await;
    assert!(body.get("errors").is_none(), "{body}");
}

#[tokio::test]
async fn deep_literals_and_nul_characters_are_refused_and_write_nothing() {
    let app = TestApp::spawn().await;
    // A filter literal nested far deeper than any real query, written in the document.
    let deep = format!(
        "{{ customers(filter: {}{{customerId: {{eq: \"x\"}}}}{}) {{ totalCount }} }}",
        "{or: [".repeat(200),
        "]}".repeat(200)
    );
    let body = app.gql(&deep, json!({})).await;
    assert_error(&body, "BadUserInput", true);
    // Deep metadata written as a literal.
    let metadata = format!("{}1{}", "{a: [".repeat(100), "]}".repeat(100));
    let literal = format!(
        "mutation {{ provisionCustomer(input: {{customerId: \"deep\", additionalMetaData: {metadata}}}) {{ customer {{ id }} }} }}"
    );
    assert_error(&app.gql(&literal, json!({})).await, "BadUserInput", true);
    // NUL characters, in variables and escaped in the document.
    let body = app
        .provision(json!({"customerId": "nul", "additionalMetaData": {"a": "x\u{0}y"}}))
        .await;
    assert_error(&body, "BadUserInput", true);
    let body = app
        .gql(
            r#"mutation { provisionCustomer(input: {customerId: "nul\u0000"}) { customer { id } } }"#,
            json!({}),
        )
        .await;
    assert_error(&body, "BadUserInput", true);
    assert_eq!(app.count("customers").await, 0);
}

#[tokio::test]
async fn bodies_that_are_not_graphql_requests_get_coded_json_errors() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    for body in ["{not json", "[1, 2]", "{\"query\": null}", "1e400"] {
        let response = client
            .post(&app.url)
            .header("X-API-KEY", API_KEY)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        let json: serde_json::Value = response.json().await.expect("a JSON error body");
        assert_error(&json, "BadUserInput", true);
    }
    // Without a key, the answer is 401 whatever the body.
    let response = client
        .post(&app.url)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn response_keys_follow_the_selection_order() {
    let app = TestApp::spawn().await;
    app.provision(json!({"customerId": "ordered", "name": "N", "email": "o@example.com"}))
        .await;
    let query = r#"{ zeta: customers { totalCount } alpha: getCustomerByRefId(input: {customerId: "ordered"}) { email customerId name } mid: __typename }"#;
    let client = reqwest::Client::new();
    for _ in 0..10 {
        let text = client
            .post(&app.url)
            .header("X-API-KEY", API_KEY)
            .json(&json!({ "query": query }))
            .send()
            .await
            .expect("sent")
            .text()
            .await
            .expect("body");
        let at = |key: &str| text.find(&format!("\"{key}\"")).unwrap_or(usize::MAX);
        assert!(
            at("zeta") < at("alpha") && at("alpha") < at("mid"),
            "{text}"
        );
        assert!(
            at("email") < at("customerId") && at("customerId") < at("name"),
            "{text}"
        );
    }
    // Documents are kept parsed by their text: another text, another order.
    let reversed = r#"{ mid: __typename alpha: getCustomerByRefId(input: {customerId: "ordered"}) { name customerId email } zeta: customers { totalCount } }"#;
    for _ in 0..3 {
        let text = client
            .post(&app.url)
            .header("X-API-KEY", API_KEY)
            .json(&json!({ "query": reversed }))
            .send()
            .await
            .expect("sent")
            .text()
            .await
            .expect("body");
        let at = |key: &str| text.find(&format!("\"{key}\"")).unwrap_or(usize::MAX);
        assert!(
            at("mid") < at("alpha") && at("alpha") < at("zeta"),
            "{text}"
        );
        assert!(
            at("name") < at("customerId") && at("customerId") < at("email"),
            "{text}"
        );
    }
}
