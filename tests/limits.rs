//! Query limits over HTTP (issue 7, fault 1): each costly document is refused before
//! validation expands anything, with its Stigg code, and nothing is executed.

mod common;

use std::time::{Duration, Instant};

use common::{assert_error, TestApp, API_KEY};
use reqwest::StatusCode;
use serde_json::json;

/// `fragment F1 on Customer { ...F0 ...F0 }` … `F{n}`, spread once from the root (2^n names).
fn fragment_bomb(n: usize) -> String {
    let mut query = format!(
        "query {{ getCustomerByRefId(input:{{customerId:\"x\"}}) {{ ...F{n} }} }} fragment F0 on Customer {{ name }}"
    );
    for i in 1..=n {
        query.push_str(&format!(
            " fragment F{i} on Customer {{ ...F{} ...F{} }}",
            i - 1,
            i - 1
        ));
    }
    query
}

#[tokio::test]
async fn fragment_bombs_are_refused_at_once_and_health_stays_responsive() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    // Warm the connection pool and the key lookup.
    let _ = app.post("{ __typename }", json!({})).await;
    let bombs: Vec<_> = (0..2)
        .map(|_| {
            let (client, url) = (client.clone(), app.url.clone());
            tokio::spawn(async move {
                let started = Instant::now();
                let response = client
                    .post(&url)
                    .header("X-API-KEY", API_KEY)
                    .json(&json!({"query": fragment_bomb(30)}))
                    .send()
                    .await
                    .expect("sent");
                let status = response.status();
                let body: serde_json::Value = response.json().await.expect("json");
                (status, body, started.elapsed())
            })
        })
        .collect();
    let started = Instant::now();
    let health = client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), StatusCode::OK);
    assert!(
        started.elapsed() < Duration::from_millis(100),
        "healthz took {:?}",
        started.elapsed()
    );
    for bomb in bombs {
        let (status, body, took) = bomb.await.expect("bomb task");
        assert_eq!(status, StatusCode::OK, "{body}");
        let message = assert_error(&body, "BadUserInput", true);
        assert!(message.contains("too costly"), "{message}");
        assert!(took < Duration::from_secs(2), "the bomb took {took:?}");
    }
}

#[tokio::test]
async fn fragment_cycles_and_floods_get_one_small_error() {
    let app = TestApp::spawn().await;
    let mut flood = String::from("{ __typename }");
    for i in 0..10_000 {
        flood.push_str(&format!(" fragment U{i} on Customer {{ name }}"));
    }
    let (status, body) = app.post(&flood, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let message = assert_error(&body, "BadUserInput", true);
    assert!(message.contains("fragments"), "{message}");
    assert!(body.to_string().len() < 1024, "{body}");

    let cycle = "{ getCustomerByRefId(input:{customerId:\"x\"}) { ...A } } fragment A on Customer { ...B } fragment B on Customer { name ...A }";
    let body = app.gql(cycle, json!({})).await;
    let message = assert_error(&body, "BadUserInput", true);
    assert!(message.contains("spreads itself"), "{message}");
}

#[tokio::test]
async fn a_thousand_aliased_provisions_are_refused_and_create_nothing() {
    let app = TestApp::spawn().await;
    let fields: String = (0..1000)
        .map(|i| format!(" p{i}: provisionCustomer(input: {{customerId: \"alias-{i}\"}}) {{ customer {{ id }} }}"))
        .collect();
    let body = app.gql(&format!("mutation {{{fields} }}"), json!({})).await;
    assert_error(&body, "GraphQLAliasesLimitExceeded", true);
    assert_eq!(app.count("customers").await, 0);
}

#[tokio::test]
async fn mutations_with_too_many_root_fields_are_refused_and_create_nothing() {
    let app = TestApp::spawn().await;
    let fields: String = (0..11)
        .map(|i| format!(" p{i}: provisionCustomer(input: {{customerId: \"batch-{i}\"}}) {{ customer {{ id }} }}"))
        .collect();
    let body = app.gql(&format!("mutation {{{fields} }}"), json!({})).await;
    assert_error(&body, "GraphQLBatchedOperationsLimitExceeded", true);
    assert_eq!(app.count("customers").await, 0);
    // Ten are fine.
    let fields: String = (0..10)
        .map(|i| format!(" p{i}: provisionCustomer(input: {{customerId: \"batch-{i}\"}}) {{ customer {{ id }} }}"))
        .collect();
    let body = app.gql(&format!("mutation {{{fields} }}"), json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(app.count("customers").await, 10);
}

/// The fresh-user trial's input: one root field repeated 4,900 times without aliases (the
/// copies merge into one answer, but each ran: 14 s of database work). More than 50 root
/// fields in a query are refused before anything runs; 50 copies still answer, merged.
#[tokio::test]
async fn a_root_field_repeated_without_aliases_counts_once_per_copy() {
    let app = TestApp::spawn().await;
    let copies = |n: usize| -> String { " subscriptions { totalCount }".repeat(n) };
    let started = Instant::now();
    let body = app.gql(&format!("{{{} }}", copies(4_900)), json!({})).await;
    let message = assert_error(&body, "GraphQLBatchedOperationsLimitExceeded", true);
    assert!(message.contains("4900 root fields"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(2));
    let body = app.gql(&format!("{{{} }}", copies(51)), json!({})).await;
    assert_error(&body, "GraphQLBatchedOperationsLimitExceeded", true);
    let body = app.gql(&format!("{{{} }}", copies(50)), json!({})).await;
    assert_eq!(
        body,
        json!({"data": {"subscriptions": {"totalCount": 0}}}),
        "fifty copies answer once, merged"
    );
}

#[tokio::test]
async fn many_large_pages_are_refused_up_front_by_cost() {
    let app = TestApp::spawn().await;
    let pages: String = (0..500)
        .map(|i| format!(" c{i}: customers(paging: {{first: 100}}) {{ edges {{ node {{ id customerId name email }} }} }}"))
        .collect();
    let started = Instant::now();
    let body = app.gql(&format!("{{{pages} }}"), json!({})).await;
    let message = assert_error(&body, "BadUserInput", true);
    assert!(message.contains("too costly"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(2));
    // The same with page sizes from a variable: first with small pages (it passes, and the
    // document is kept), then, the same text, with large ones: still refused (a kept document
    // whose cost reads its variables is screened again with each request's).
    // Fifty aliases, the most accepted: 50 pages of 100 cost more than `MAX_COST`.
    let pages: String = (0..50)
        .map(|i| format!(" c{i}: customers(paging: $p) {{ edges {{ node {{ id customerId name email }} }} }}"))
        .collect();
    let query = format!("query($p: CursorPaging) {{{pages} }}");
    let body = app.gql(&query, json!({"p": {"first": 1}})).await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = app.gql(&query, json!({"p": {"first": 100}})).await;
    let message = assert_error(&body, "BadUserInput", true);
    assert!(message.contains("too costly"), "{message}");
}

#[tokio::test]
async fn a_kept_document_is_still_refused_with_a_nul_in_its_variables() {
    let app = TestApp::spawn().await;
    let query = "mutation($i: ProvisionCustomerInput!) { provisionCustomer(input: $i) { customer { id } } }";
    let body = app.gql(query, json!({"i": {"customerId": "kept-1"}})).await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = app
        .gql(
            query,
            json!({"i": {"customerId": "kept-2", "name": "a\u{0}b"}}),
        )
        .await;
    let message = assert_error(&body, "BadUserInput", true);
    assert!(message.contains("NUL"), "{message}");
    assert_eq!(app.count("customers").await, 1);
}

#[tokio::test]
async fn answers_beyond_the_response_cap_are_replaced_by_an_error() {
    let app = TestApp::spawn_with(|config| config.max_response_bytes = 2048).await;
    for i in 0..20 {
        app.provision(json!({"customerId": format!("big-{i}"), "name": "n".repeat(100)}))
            .await;
    }
    let (status, body) = app
        .post(
            "{ customers(paging: {first: 20}) { edges { node { customerId name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let message = assert_error(&body, "BadUserInput", true);
    assert!(message.contains("2048 bytes"), "{message}");
    // A small answer passes.
    let body = app.gql("{ customers { totalCount } }", json!({})).await;
    assert_eq!(body["data"]["customers"]["totalCount"], 20, "{body}");
}

/// Found by the fresh-user trial: a customer's subscriptions nested through their customer
/// (`getActiveSubscriptions { customer { subscriptions { customer { subscriptions … } } } }`)
/// took over a minute with 100 subscriptions. A customer's unpaged lists nested in one
/// another are refused before anything runs; one level is still served.
#[tokio::test]
async fn nested_customer_lists_are_refused_up_front() {
    let app = TestApp::spawn().await;
    let nested =
        "{ getActiveSubscriptions(input: {customerId: \"c\"}) { subscriptionId customer { \
        subscriptions { subscriptionId customer { subscriptions { subscriptionId customer { \
        subscriptions { subscriptionId } } } } } } } }";
    let body = app.gql(nested, serde_json::json!({})).await;
    let message = assert_error(&body, "BadUserInput", true);
    assert!(message.contains("nests a customer's lists"), "{message}");
    let two = "{ getActiveSubscriptions(input: {customerId: \"c\"}) { subscriptionId customer { \
        subscriptions { subscriptionId } } } }";
    let body = app.gql(two, serde_json::json!({})).await;
    assert_error(&body, "BadUserInput", true);
    let one = "{ getActiveSubscriptions(input: {customerId: \"c\"}) { subscriptionId customer { \
        customerId email } } }";
    let body = app.gql(one, serde_json::json!({})).await;
    assert_error(&body, "CustomerNotFound", false);
}
