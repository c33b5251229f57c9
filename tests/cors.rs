//! CORS (issue 7, fault 9): off unless origins are configured; then only those origins,
//! with the headers the SDKs send.

mod common;

use common::{TestApp, API_KEY};
use reqwest::{Method, StatusCode};
use serde_json::json;

const ALLOWED: &str = "https://app.example.com";

async fn preflight(app: &TestApp, origin: &str) -> reqwest::Response {
    reqwest::Client::new()
        .request(Method::OPTIONS, &app.url)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "x-api-key,x-api-version,content-type",
        )
        .send()
        .await
        .expect("preflight")
}

async fn post_from(app: &TestApp, origin: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(&app.url)
        .header("Origin", origin)
        .header("X-API-KEY", API_KEY)
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .expect("post")
}

fn allow_origin(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("access-control-allow-origin")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[tokio::test]
async fn cors_is_off_by_default() {
    let app = TestApp::spawn().await;
    let response = preflight(&app, ALLOWED).await;
    assert_eq!(allow_origin(&response), None);
    assert!(response
        .headers()
        .get("access-control-allow-headers")
        .is_none());
    let response = post_from(&app, ALLOWED).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(allow_origin(&response), None);
}

#[tokio::test]
async fn configured_origins_only_with_the_sdk_headers() {
    let app = TestApp::spawn_with(|config| {
        config.cors_origins = vec![ALLOWED.to_owned(), " https://admin.example.com".to_owned()];
    })
    .await;
    for origin in [ALLOWED, "https://admin.example.com"] {
        let response = preflight(&app, origin).await;
        assert!(response.status().is_success(), "{}", response.status());
        assert_eq!(allow_origin(&response).as_deref(), Some(origin));
        let headers = response
            .headers()
            .get("access-control-allow-headers")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        assert!(headers.contains("x-api-key"), "{headers}");
        assert!(headers.contains("x-api-version"), "{headers}");
        assert!(headers.contains("content-type"), "{headers}");
        let response = post_from(&app, origin).await;
        assert_eq!(allow_origin(&response).as_deref(), Some(origin));
    }
    let response = preflight(&app, "https://evil.example.com").await;
    assert_eq!(allow_origin(&response), None);
    let response = post_from(&app, "https://evil.example.com").await;
    assert_eq!(allow_origin(&response), None);
}

/// An origin that a browser's `Origin` header can never equal is refused at start-up with a
/// message naming it (found by the fresh-user trial, 2026-12-02: `*` made the server panic,
/// `http://a.com/` was accepted and never matched).
#[tokio::test]
async fn an_origin_no_browser_sends_is_refused_at_start_up() {
    for (origin, says) in [
        ("*", "is not an origin"),
        ("null", "is not an origin"),
        ("app.example.com", "is not an origin"),
        ("http://a.com/", "use 'http://a.com'"),
        ("https://a.com/path", "use 'https://a.com'"),
        ("HTTPS://App.Example.com", "use 'https://app.example.com'"),
        ("https://a.com:443", "use 'https://a.com'"),
        ("http://*.a.com", "is not an origin"),
        ("ftp://a.com", "is not an origin"),
        ("http://a..com", "is not an origin"),
        ("http://-a.com", "is not an origin"),
        ("http://a.com:0", "is not an origin"),
    ] {
        let mut config = plangate::Config::for_database("sqlite::memory:");
        config.api_key = Some("cors-test-key".to_owned());
        config.cors_origins = vec![origin.to_owned()];
        let refused = plangate::app(&config).await.err();
        let message = refused.map(|e| format!("{e:#}")).unwrap_or_default();
        assert!(
            message.contains(&format!("CORS origin '{origin}'")) && message.contains(says),
            "{origin}: {message}"
        );
    }
}
