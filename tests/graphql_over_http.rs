//! GraphQL over HTTP (the GraphQL Foundation's specification) and Apollo's automatic persisted
//! queries, by the exact protocol: queries by GET with the same key, limits, error shape and
//! trace id as POST; mutations by GET → 405 with `Allow: POST`, nothing run;
//! `application/graphql-response+json` with its status codes when the client asks for it
//! (`application/json` unchanged otherwise); `PersistedQueryNotFound` for an unknown hash, the
//! hash checked against the document, the hash alone by POST and GET once known; GraphiQL only
//! for a browser, from assets plangate serves. (`tests/compat/web/` drives real clients —
//! urql, Apollo Client — and GraphiQL in Chromium.)

mod common;

use common::{assert_error, TestApp, API_KEY};
use reqwest::header::{ACCEPT, ALLOW, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

struct Answer {
    status: StatusCode,
    content_type: String,
    allow: Option<String>,
    body: Value,
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("sent");
    let status = response.status();
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &reqwest::header::HeaderValue| v.to_str().expect("ascii").to_owned())
    };
    let content_type = header(CONTENT_TYPE).unwrap_or_default();
    let allow = header(ALLOW);
    let text = response.text().await.expect("body");
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|_| panic!("non-JSON answer ({status}, {content_type}): {text}"));
    Answer {
        status,
        content_type,
        allow,
        body,
    }
}

/// GET /graphql with `params` as the query string, the test key and `accept` (if any).
async fn get(app: &TestApp, params: &[(&str, &str)], accept: Option<&str>) -> Answer {
    let mut request = reqwest::Client::new()
        .get(&app.url)
        .query(params)
        .header("X-API-KEY", API_KEY);
    if let Some(accept) = accept {
        request = request.header(ACCEPT, accept);
    }
    send(request).await
}

/// POST /graphql with `body`, the test key and `accept` (if any).
async fn post(app: &TestApp, body: Value, accept: Option<&str>) -> Answer {
    let mut request = reqwest::Client::new()
        .post(&app.url)
        .json(&body)
        .header("X-API-KEY", API_KEY);
    if let Some(accept) = accept {
        request = request.header(ACCEPT, accept);
    }
    send(request).await
}

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

const CUSTOMER: &str = "query Customer($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { customerId name } }";
const PROVISION: &str = "mutation Provision($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }";

#[tokio::test]
async fn queries_run_by_get_with_the_same_key_errors_and_trace_id() {
    let app = TestApp::spawn().await;
    app.provision(json!({"customerId": "get-1", "name": "By GET"}))
        .await;
    let variables = json!({"input": {"customerId": "get-1"}}).to_string();
    let answer = get(
        &app,
        &[("query", CUSTOMER), ("variables", &variables)],
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.content_type, "application/json");
    assert_eq!(
        answer.body,
        json!({"data": {"getCustomerByRefId": {"customerId": "get-1", "name": "By GET"}}})
    );

    // operationName picks the query of a document that also holds a mutation.
    let both = format!("{CUSTOMER} {PROVISION}");
    let answer = get(
        &app,
        &[
            ("query", &both),
            ("variables", &variables),
            ("operationName", "Customer"),
        ],
        None,
    )
    .await;
    assert_eq!(
        answer.body["data"]["getCustomerByRefId"]["customerId"],
        "get-1"
    );

    // A domain error: HTTP 200, its Stigg code, the trace id.
    let missing = json!({"input": {"customerId": "nobody"}}).to_string();
    let answer = get(&app, &[("query", CUSTOMER), ("variables", &missing)], None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_error(&answer.body, "CustomerNotFound", false);

    // The key is checked first: none, or a wrong one, is 401 whatever the query string.
    for key in [None, Some("server-wrong")] {
        let mut request = reqwest::Client::new()
            .get(&app.url)
            .query(&[("query", "{ __typename }")]);
        if let Some(key) = key {
            request = request.header("X-API-KEY", key);
        }
        let answer = send(request).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert_error(&answer.body, "Unauthenticated", false);
    }

    // The query limits apply as to a POST.
    let deep = format!("{{ {}__typename{} }}", "a { ".repeat(40), " }".repeat(40));
    let answer = get(&app, &[("query", &deep)], None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_error(&answer.body, "BadUserInput", true);
}

#[tokio::test]
async fn mutations_by_get_are_405_and_run_nothing() {
    let app = TestApp::spawn().await;
    let variables = json!({"input": {"customerId": "by-get"}}).to_string();
    for params in [
        vec![("query", PROVISION), ("variables", variables.as_str())],
        vec![
            ("query", &*format!("{CUSTOMER} {PROVISION}")),
            ("variables", variables.as_str()),
            ("operationName", "Provision"),
        ],
        vec![(
            "query",
            "mutation { archiveCustomer(input: {customerId: \"x\"}) { customerId } }",
        )],
    ] {
        let owned: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let borrowed: Vec<(&str, &str)> = owned
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let answer = get(&app, &borrowed, None).await;
        assert_eq!(
            answer.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{}",
            answer.body
        );
        assert_eq!(answer.allow.as_deref(), Some("POST"));
        assert_error(&answer.body, "BadUserInput", true);
    }
    assert_eq!(app.count("customers").await, 0, "a GET mutation ran");
}

#[tokio::test]
async fn malformed_get_requests_are_400() {
    let app = TestApp::spawn().await;
    for params in [
        vec![],
        vec![("operationName", "X")],
        vec![("query", "{ __typename }"), ("variables", "[1]")],
        vec![("query", "{ __typename }"), ("variables", "{not json")],
        vec![("query", "{ __typename }"), ("extensions", "1")],
        vec![("query", "{ __typename }"), ("query", "{ __typename }")],
    ] {
        let answer = get(&app, &params, Some("application/json")).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{params:?}: {}",
            answer.body
        );
        assert_error(&answer.body, "BadUserInput", true);
    }
    // Empty variables and extensions are no variables and no extensions.
    let answer = get(
        &app,
        &[
            ("query", "{ __typename }"),
            ("variables", ""),
            ("extensions", "{}"),
        ],
        None,
    )
    .await;
    assert_eq!(answer.body, json!({"data": {"__typename": "Query"}}));
}

#[tokio::test]
async fn graphql_response_json_has_its_status_codes() {
    let app = TestApp::spawn().await;
    let accept = Some("application/graphql-response+json, application/json;q=0.9");
    // Success, and a domain error (the request ran: data is there): 200.
    for answer in [
        post(&app, json!({"query": "{ __typename }"}), accept).await,
        get(&app, &[("query", "{ __typename }")], accept).await,
    ] {
        assert_eq!(answer.status, StatusCode::OK);
        assert!(
            answer.content_type.starts_with(GRAPHQL_RESPONSE_JSON),
            "{}",
            answer.content_type
        );
        assert_eq!(answer.body, json!({"data": {"__typename": "Query"}}));
    }
    let answer = post(
        &app,
        json!({"query": CUSTOMER, "variables": {"input": {"customerId": "nobody"}}}),
        accept,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["data"], Value::Null);
    assert!(answer
        .body
        .as_object()
        .expect("object")
        .contains_key("data"));
    assert_error(&answer.body, "CustomerNotFound", false);

    // Request errors (does not parse, does not validate, a variable that does not coerce, a
    // query limit): 400 and no `data`.
    let deep = format!("{{ {}__typename{} }}", "a { ".repeat(40), " }".repeat(40));
    for body in [
        json!({"query": "{ __typename"}),
        json!({"query": "{ noSuchField }"}),
        json!({"query": CUSTOMER, "variables": {"input": {"customerId": 1}}}),
        json!({"query": CUSTOMER}),
        json!({"query": deep}),
    ] {
        let answer = post(&app, body.clone(), accept).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            answer.body
        );
        assert!(answer.content_type.starts_with(GRAPHQL_RESPONSE_JSON));
        assert!(answer.body.get("data").is_none(), "{}", answer.body);
        assert_error(&answer.body, "BadUserInput", true);
        // As application/json (what Stigg answers): HTTP 200, as before.
        let answer = post(&app, body.clone(), None).await;
        assert_eq!(answer.status, StatusCode::OK, "{body}: {}", answer.body);
        assert_eq!(answer.content_type, "application/json");
        assert_error(&answer.body, "BadUserInput", true);
    }
    // Transport errors keep their status and shape, in the media type asked for.
    let answer = send(
        reqwest::Client::new()
            .post(&app.url)
            .header(ACCEPT, GRAPHQL_RESPONSE_JSON)
            .json(&json!({"query": "{ __typename }"})),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(answer.content_type.starts_with(GRAPHQL_RESPONSE_JSON));
    assert_error(&answer.body, "Unauthenticated", false);
}

#[tokio::test]
async fn automatic_persisted_queries() {
    let app = TestApp::spawn().await;
    app.provision(json!({"customerId": "apq-1", "name": "Persisted"}))
        .await;
    let variables = json!({"input": {"customerId": "apq-1"}});
    let hash = sha256_hex(CUSTOMER);
    let extensions = json!({"persistedQuery": {"version": 1, "sha256Hash": hash}});
    let expected =
        json!({"data": {"getCustomerByRefId": {"customerId": "apq-1", "name": "Persisted"}}});

    // The hash alone, unknown: Apollo's PersistedQueryNotFound, by POST and by GET.
    let answer = post(
        &app,
        json!({"variables": variables, "extensions": extensions}),
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.body["errors"][0]["message"],
        "PersistedQueryNotFound"
    );
    assert_eq!(
        answer.body["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
    assert!(answer.body["errors"][0]["extensions"]["traceId"].is_string());
    let answer = get(
        &app,
        &[
            ("variables", &variables.to_string()),
            ("extensions", &extensions.to_string()),
        ],
        Some("application/graphql-response+json"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.body["errors"][0]["message"],
        "PersistedQueryNotFound"
    );

    // The hash with another document: refused, nothing run.
    let wrong =
        json!({"persistedQuery": {"version": 1, "sha256Hash": sha256_hex("{ __typename }")}});
    let answer = post(
        &app,
        json!({"query": PROVISION, "variables": {"input": {"customerId": "apq-wrong"}}, "extensions": wrong}),
        None,
    )
    .await;
    assert_error(&answer.body, "BadUserInput", true);
    assert!(
        answer.body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("provided sha does not match query")),
        "{}",
        answer.body
    );
    assert_eq!(app.count("customers").await, 1, "a mismatched document ran");

    // Malformed: another version, a hash that is not 64 hex digits.
    for persisted in [
        json!({"version": 2, "sha256Hash": hash}),
        json!({"version": 1, "sha256Hash": "abc"}),
        json!({"version": 1}),
        json!("x"),
    ] {
        let answer = post(
            &app,
            json!({"query": CUSTOMER, "variables": variables, "extensions": {"persistedQuery": persisted}}),
            None,
        )
        .await;
        assert_error(&answer.body, "BadUserInput", true);
    }

    // The hash with its document: runs, and is kept.
    let answer = post(
        &app,
        json!({"query": CUSTOMER, "variables": variables, "extensions": extensions}),
        None,
    )
    .await;
    assert_eq!(answer.body, expected);

    // From now on the hash alone runs it, by POST and by GET (upper-case hex too).
    let answer = post(
        &app,
        json!({"variables": variables, "extensions": extensions}),
        None,
    )
    .await;
    assert_eq!(answer.body, expected);
    let upper = json!({"persistedQuery": {"version": 1, "sha256Hash": hash.to_uppercase()}});
    let answer = get(
        &app,
        &[
            ("variables", &variables.to_string()),
            ("extensions", &upper.to_string()),
            ("operationName", "Customer"),
        ],
        Some("application/graphql-response+json"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, expected);

    // A persisted mutation runs by POST, and not by GET.
    let provision_extensions =
        json!({"persistedQuery": {"version": 1, "sha256Hash": sha256_hex(PROVISION)}});
    let answer = post(
        &app,
        json!({"query": PROVISION, "variables": {"input": {"customerId": "apq-2"}}, "extensions": provision_extensions}),
        None,
    )
    .await;
    assert_eq!(
        answer.body["data"]["provisionCustomer"]["customer"]["customerId"],
        "apq-2"
    );
    let answer = get(
        &app,
        &[
            (
                "variables",
                &json!({"input": {"customerId": "apq-3"}}).to_string(),
            ),
            ("extensions", &provision_extensions.to_string()),
        ],
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.allow.as_deref(), Some("POST"));
    assert_eq!(app.count("customers").await, 2);
}

#[tokio::test]
async fn graphiql_is_for_browsers_and_loads_nothing_from_elsewhere() {
    let app = TestApp::spawn().await;
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let response = reqwest::Client::new()
        .get(&app.url)
        .header(ACCEPT, browser)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[CONTENT_TYPE]
        .to_str()
        .expect("ascii")
        .starts_with("text/html"));
    let policy = response.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"));
    let page = response.text().await.expect("page");
    assert!(page.contains("X-API-KEY"), "{page}");
    assert!(!page.contains("://"), "the page names a remote URL: {page}");
    assert!(!page.contains("paste your"), "a placeholder key: {page}");
    for (file, content_type) in [
        ("graphiql.min.js", "text/javascript"),
        ("graphiql.min.css", "text/css"),
        ("react.production.min.js", "text/javascript"),
        ("react-dom.production.min.js", "text/javascript"),
        ("plangate.js", "text/javascript"),
        ("plangate.css", "text/css"),
        ("LICENSE.graphiql", "text/plain"),
    ] {
        assert!(
            page.contains(file) || file.starts_with("LICENSE"),
            "{file} not in the page"
        );
        let response = reqwest::get(format!("{}/graphiql/{file}", app.base))
            .await
            .expect("asset");
        assert_eq!(response.status(), StatusCode::OK, "{file}");
        assert!(response.headers()[CONTENT_TYPE]
            .to_str()
            .expect("ascii")
            .starts_with(content_type));
        let text = response.text().await.expect("asset body");
        assert!(!text.contains("unpkg.com"), "{file} loads from unpkg");
    }
    let response = reqwest::get(format!("{}/graphiql/nothing.js", app.base))
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // A query parameter makes it a GraphQL request, even from a browser.
    let answer = get(&app, &[("query", "{ __typename }")], Some(browser)).await;
    assert_eq!(answer.body, json!({"data": {"__typename": "Query"}}));
    // Not a browser, no query: a malformed GraphQL request, not the page.
    for accept in [None, Some("application/json"), Some("*/*")] {
        let answer = get(&app, &[], accept).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{accept:?}");
        assert_error(&answer.body, "BadUserInput", true);
    }
}

/// The answer without its trace ids (each request has its own).
fn without_trace_ids(mut body: Value) -> Value {
    if let Some(errors) = body.get_mut("errors").and_then(Value::as_array_mut) {
        for error in errors {
            if let Some(extensions) = error.get_mut("extensions").and_then(Value::as_object_mut) {
                extensions.remove("traceId");
            }
        }
    }
    body
}

/// A document that passed full validation once is then run with only its variables checked
/// (`graphql::variables`); every variable that check is not sure of goes through full
/// validation again, so a repeated document's bad variables are refused exactly as a new
/// document's are (same message, no path, nothing run).
#[tokio::test]
async fn a_repeated_document_refuses_bad_variables_as_a_new_one_does() {
    let app = TestApp::spawn().await;
    let check = "query Check($q: FetchEntitlementQuery!, $skip: Boolean!) { \
        entitlement(query: $q) @skip(if: $skip) { isGranted accessDeniedReason } }";
    let good = json!({"q": {"customerId": "nobody", "featureId": "feature-01-templates",
        "options": {"requestedUsage": 1}}, "skip": false});
    let first = app.gql(check, good.clone()).await;
    assert_eq!(
        first["data"]["entitlement"]["accessDeniedReason"], "CustomerNotFound",
        "{first}"
    );
    // Kept and validated now; a good repeat answers the same.
    assert_eq!(app.gql(check, good).await, first);
    let bad = [
        json!({"q": {"customerId": "nobody", "featureId": "f", "options": {"requestedUsage": "x"}}, "skip": false}),
        json!({"q": {"customerId": "nobody", "featureId": "f", "unknown": 1}, "skip": false}),
        json!({"q": {"featureId": "f"}, "skip": false}),
        json!({"q": {"customerId": 7, "featureId": "f"}, "skip": false}),
        json!({"q": null, "skip": false}),
        // Bad even where it is not used: the field is skipped.
        json!({"q": {"customerId": "nobody", "featureId": "f", "zzz": true}, "skip": true}),
        json!({"q": {"customerId": "nobody", "featureId": "f"}, "skip": "yes"}),
    ];
    for variables in bad {
        let repeated = app.gql(check, variables.clone()).await;
        // The same document as new text (one more space): validated in full.
        let fresh = app.gql(&format!("{check} "), variables.clone()).await;
        assert!(repeated.get("errors").is_some(), "{variables}: {repeated}");
        assert_eq!(
            without_trace_ids(repeated),
            without_trace_ids(fresh),
            "{variables}"
        );
    }
}

/// A variable inside an input literal may sit where its declared type is looser than the
/// position (`$c: String` as `customerId`, `$l: [ReportUsageInput]` as a list of non-null
/// inputs): a repeated document with a `null` there is refused whole, as a new one is, and
/// its first root field does not run (found by the fresh-user trial: it committed a report).
#[tokio::test]
async fn a_repeated_document_with_variables_inside_literals_is_refused_whole() {
    let app = common::app_with_catalog_at(common::EXAMPLE_CATALOG, "2026-11-30T09:00:00Z").await;
    let body = app
        .provision(json!({"customerId": "lit-1", "subscriptionParams": {
            "planId": "plan-basic", "resourceId": "resource-01", "billingPeriod": "MONTHLY",
            "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 2}]}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let report = json!({"customerId": "lit-1", "featureId": "feature-03-api-calls",
        "resourceId": "resource-01", "value": 1});
    let both = "mutation ($a: ReportUsageInput!, $l: [ReportUsageInput]) { \
        r1: reportUsage(input: $a) { currentUsage } \
        r2: reportUsageBulk(input: {usages: $l}) { __typename } }";
    let first = app.gql(both, json!({"a": report, "l": []})).await;
    assert!(first.get("errors").is_none(), "{first}");
    let used = || async {
        app.scalar_i64("SELECT CAST(SUM(value) AS BIGINT) AS n FROM usage_totals")
            .await
    };
    let before = used().await;
    for _ in 0..2 {
        let refused = app.gql(both, json!({"a": report, "l": [null]})).await;
        assert_eq!(refused["data"], Value::Null, "{refused}");
        assert!(refused["errors"][0].get("path").is_none(), "{refused}");
    }
    assert_eq!(used().await, before, "nothing ran");
    let single = "mutation ($c: String) { r1: reportUsage(input: {customerId: \"lit-1\", \
        featureId: \"feature-03-api-calls\", resourceId: \"resource-01\", value: 1}) { currentUsage } \
        r2: reportUsage(input: {customerId: $c, featureId: \"feature-03-api-calls\", \
        resourceId: \"resource-01\", value: 1}) { currentUsage } }";
    let good = app.gql(single, json!({"c": "lit-1"})).await;
    assert!(good.get("errors").is_none(), "{good}");
    let before = used().await;
    let refused = app.gql(single, json!({"c": null})).await;
    assert_eq!(refused["data"], Value::Null, "{refused}");
    assert_eq!(used().await, before, "nothing ran");
}

/// Variables are coerced before anything runs (GraphQL, "Coercing Variable Values"): a
/// default applies to `@include`/`@skip` as to arguments, and a missing required variable is a
/// request error even where only a directive reads it, or only a later root field — nothing
/// runs (found by the fresh-user trial: the first of two provisions was written).
#[tokio::test]
async fn variables_are_coerced_before_anything_runs() {
    let app = TestApp::spawn().await;
    let body = app
        .provision(json!({"customerId": "coerced", "name": "Named"}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");

    const DEFAULTED: &str = "query ($x: Boolean = true, $y: Boolean = false) { getCustomerByRefId(input: {customerId: \"coerced\"}) { customerId name @include(if: $x) email @include(if: $y) } }";
    let answer = post(&app, json!({"query": DEFAULTED}), None).await;
    assert_eq!(
        answer.body["data"]["getCustomerByRefId"],
        json!({"customerId": "coerced", "name": "Named"}),
        "{}",
        answer.body
    );
    let answer = post(
        &app,
        json!({"query": DEFAULTED, "variables": {"x": false, "y": true}}),
        None,
    )
    .await;
    assert_eq!(
        answer.body["data"]["getCustomerByRefId"],
        json!({"customerId": "coerced", "email": null}),
        "{}",
        answer.body
    );

    const REQUIRED: &str = "query ($x: Boolean!) { getCustomerByRefId(input: {customerId: \"coerced\"}) { customerId name @include(if: $x) } }";
    for (variables, accept, status) in [
        (json!({}), None, StatusCode::OK),
        (json!({"x": null}), None, StatusCode::OK),
        (
            json!({}),
            Some(GRAPHQL_RESPONSE_JSON),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let answer = post(
            &app,
            json!({"query": REQUIRED, "variables": variables}),
            accept,
        )
        .await;
        assert_eq!(answer.status, status, "{}", answer.body);
        let message = assert_error(&answer.body, "BadUserInput", true);
        assert!(message.contains("$x"), "{message}");
        assert!(
            answer.body.get("data").is_none_or(Value::is_null),
            "{}",
            answer.body
        );
    }

    let customers = app.count("customers").await;
    const TWO: &str = "mutation ($a: ProvisionCustomerInput!, $b: ProvisionCustomerInput!) { a: provisionCustomer(input: $a) { customer { customerId } } b: provisionCustomer(input: $b) { customer { customerId } } }";
    let answer = post(
        &app,
        json!({"query": TWO, "variables": {"a": {"customerId": "first-of-two"}}}),
        None,
    )
    .await;
    let message = assert_error(&answer.body, "BadUserInput", true);
    assert!(message.contains("$b"), "{message}");
    assert_eq!(app.count("customers").await, customers, "nothing ran");
}
