//! The per-request log line (README "Logs"): one line per GraphQL request with the operation's
//! name, the error codes, the status, the duration in milliseconds and the trace id; never the
//! API key, the variables or anything else the client sent. Runs the real binary (as a second
//! server on the test app's database) and reads its stderr.

mod common;

use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use common::{TestApp, API_KEY};
use serde_json::json;

#[tokio::test]
async fn one_line_per_request_with_operation_codes_duration_and_trace_id() {
    let app = TestApp::spawn().await;
    let (mut server, base) = common::serve_binary(&app, "info", &[], Stdio::piped()).await;
    let client = reqwest::Client::new();
    let secret_email = "very-private@example.com";
    let send = |trace_id: &'static str, key: &'static str, body: serde_json::Value| {
        client
            .post(format!("{base}/graphql"))
            .header("X-API-KEY", key)
            .header("x-request-id", trace_id)
            .json(&body)
            .send()
    };
    send(
        "trace-provision",
        API_KEY,
        json!({"query": "mutation ProvisionLogged($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }",
               "variables": {"input": {"customerId": "logged-1", "email": secret_email}}}),
    )
    .await
    .expect("sent");
    send(
        "trace-missing",
        API_KEY,
        json!({"query": "query GetLogged($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { customerId } }",
               "variables": {"input": {"customerId": "private-customer-id"}}}),
    )
    .await
    .expect("sent");
    send(
        "trace-unauthenticated",
        "server-not-a-key",
        json!({"query": "{ __typename }"}),
    )
    .await
    .expect("sent");
    client
        .get(format!("{base}/graphql"))
        .query(&[("query", "query ByGet { __typename }")])
        .header("X-API-KEY", API_KEY)
        .header("x-request-id", "trace-get")
        .send()
        .await
        .expect("sent");

    // An edge path holds the customer id: the span names the route instead.
    client
        .get(format!("{base}/v1/c/edge-private-id/entitlements.json"))
        .header("X-API-KEY", API_KEY)
        .header("x-request-id", "trace-edge")
        .send()
        .await
        .expect("sent");

    // Stop the server (SIGKILL: the lines are written as each request ends) and read its log.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let _ = server.kill();
    let mut log = String::new();
    server
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut log)
        .expect("log");
    let _ = server.wait();
    let log = without_colours(&log);

    let line = |trace_id: &str| {
        let lines: Vec<&str> = log
            .lines()
            .filter(|l| l.contains(&format!("trace_id={trace_id}")) && l.contains(" graphql "))
            .collect();
        assert_eq!(lines.len(), 1, "one line for {trace_id} in:\n{log}");
        lines[0].to_owned()
    };
    let provision = line("trace-provision");
    assert!(
        provision.contains("operation=ProvisionLogged errors=- status=200 duration_ms="),
        "{provision}"
    );
    let missing = line("trace-missing");
    assert!(
        missing.contains("operation=GetLogged errors=CustomerNotFound status=200 duration_ms="),
        "{missing}"
    );
    let unauthenticated = line("trace-unauthenticated");
    assert!(
        unauthenticated.contains("errors=Unauthenticated status=401"),
        "{unauthenticated}"
    );
    let by_get = line("trace-get");
    assert!(by_get.contains("method=GET"), "{by_get}");
    assert!(
        by_get.contains("operation=ByGet errors=- status=200"),
        "{by_get}"
    );
    let duration: f64 = missing
        .split("duration_ms=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|ms| ms.parse().ok())
        .unwrap_or_else(|| panic!("duration_ms in {missing}"));
    assert!((0.0..60_000.0).contains(&duration), "{missing}");
    for secret in [
        API_KEY,
        "server-not-a-key",
        secret_email,
        "private-customer-id",
        "edge-private-id",
    ] {
        assert!(!log.contains(secret), "the log holds {secret}:\n{log}");
    }
    assert!(
        line("trace-edge").contains("route=/v1/c/{customer_id}/entitlements.json"),
        "{log}"
    );
}

/// `text` without its ANSI colour sequences (`ESC [ … m`).
fn without_colours(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
