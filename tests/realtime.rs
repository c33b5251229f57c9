//! What Stigg's SDKs need besides POST `/graphql`, over HTTP and WebSocket, on the test
//! database (SQLite, or PostgreSQL when `PLANGATE_TEST_POSTGRES_URL` is set): the
//! `sdkConfiguration` query, the edge REST paths (`/v1/config/server-sdk-configuration.json`,
//! `/v1/c/{id}/entitlements.json`, `entitlements-state.json`, `subscriptions.json`), and
//! GraphQL subscriptions over WebSocket (graphql-transport-ws and the legacy graphql-ws),
//! authenticated in `connection_init`, delivering usage reports and promotional grants
//! within 1 s — across two replicas on PostgreSQL.

mod common;

use std::time::Duration;

use common::TestApp;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// How long an event may take to arrive (the promise is 1 s).
const WITHIN: Duration = Duration::from_secs(1);

async fn app() -> TestApp {
    common::app_with_catalog_at(common::EXAMPLE_CATALOG, "2026-03-10T12:00:00.000Z").await
}

/// The seed's provision: plan-basic for resource-01, 2 templates bought, 1 × addon.
async fn provision_seed(app: &TestApp, id: &str) {
    common::provision_seed_with(app, id, json!({})).await;
}

async fn report(app: &TestApp, customer: &str, feature: &str, value: f64) {
    let body = app
        .gql(
            "mutation ($input: ReportUsageInput!) { reportUsage(input: $input) { currentUsage } }",
            json!({"input": {"customerId": customer, "resourceId": "resource-01", "featureId": feature, "value": value}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
}

async fn edge_get(app: &TestApp, path: &str, key: Option<&str>) -> (u16, Value) {
    let mut request = reqwest::Client::new().get(format!("{}{path}", app.base));
    if let Some(key) = key {
        request = request.header("X-API-KEY", key);
    }
    let response = request.send().await.expect("edge request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON body"))
}

/// The upgrade request for a WebSocket to `/graphql` with `protocol`.
fn upgrade_request(
    app: &TestApp,
    protocol: &str,
) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    let url = app.base.replacen("http://", "ws://", 1) + "/graphql";
    let mut request = url.into_client_request().expect("ws request");
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_str(protocol).expect("protocol"),
    );
    request
}

/// A WebSocket to `/graphql` with `protocol` (the server chose it), nothing sent yet.
async fn connect(app: &TestApp, protocol: &str) -> Socket {
    let (socket, response) = tokio_tungstenite::connect_async(upgrade_request(app, protocol))
        .await
        .expect("WebSocket upgrade");
    assert_eq!(
        response
            .headers()
            .get("sec-websocket-protocol")
            .and_then(|v| v.to_str().ok()),
        Some(protocol)
    );
    socket
}

/// Opens a WebSocket to `/graphql` with `protocol` and sends `connection_init` with `payload`.
async fn open(app: &TestApp, protocol: &str, payload: Value) -> Socket {
    let mut socket = connect(app, protocol).await;
    send(
        &mut socket,
        json!({"type": "connection_init", "payload": payload}),
    )
    .await;
    socket
}

async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::text(message.to_string()))
        .await
        .expect("send");
}

/// The next JSON message (skipping pings and keep-alives), or `None` when the socket closes;
/// panics when nothing comes within `wait`.
async fn next(socket: &mut Socket, wait: Duration) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .expect("a message in time")?;
        match message.expect("socket read") {
            Message::Text(text) => {
                let value: Value = serde_json::from_str(&text).expect("JSON message");
                if matches!(value["type"].as_str(), Some("ping" | "ka")) {
                    continue;
                }
                return Some(value);
            }
            Message::Close(frame) => {
                return Some(json!({"closed": frame.map(|f| f.reason.to_string())}))
            }
            _ => continue,
        }
    }
}

/// The server's answer to operation `id` refused with `code` (its error's
/// `extensions.code`), then the server's `complete` of `id`; the answer is returned for
/// further checks.
async fn refused_operation(socket: &mut Socket, id: &str, code: &str) -> Value {
    let answer = next(socket, WITHIN).await.expect("an answer");
    assert_eq!(answer["id"], id, "{answer}");
    assert_eq!(
        answer["payload"]["errors"][0]["extensions"]["code"], code,
        "{answer}"
    );
    assert_eq!(
        next(socket, WITHIN).await,
        Some(json!({"id": id, "type": "complete"}))
    );
    answer
}

/// The Node SDK's connection_init payload.
fn sdk_payload() -> Value {
    json!({"headers": {"X-API-KEY": common::API_KEY, "source": "NodeServerSdk"}})
}

const USAGE_UPDATED: &str = "subscription OnUsageUpdated { usageUpdated { usage { customerId resourceId featureId currentUsage usagePeriodStart usagePeriodEnd nextResetDate } entitlement { __typename isGranted customerId resourceId usageLimit currentUsage feature { refId } } } }";

const ENTITLEMENTS_UPDATED: &str = "subscription OnEntitlementsUpdated { entitlementsUpdated { customerId resourceId entitlements { isGranted usageLimit hasUnlimitedUsage feature { refId } } } }";

/// A graphql-transport-ws connection subscribed to `document` as id `1`, acknowledged.
async fn subscribed(app: &TestApp, document: &str) -> Socket {
    let mut socket = open(app, "graphql-transport-ws", sdk_payload()).await;
    let ack = next(&mut socket, WITHIN).await;
    assert_eq!(ack, Some(json!({"type": "connection_ack"})));
    send(
        &mut socket,
        json!({"id": "1", "type": "subscribe", "payload": {"query": document}}),
    )
    .await;
    // The subscription is registered once the server has read the message: a round trip
    // through a ping makes sure of it.
    // Anything published before the pong (a change a test made before subscribing, whose
    // notification on PostgreSQL can arrive after the subscription started) is skipped.
    send(&mut socket, json!({"type": "ping"})).await;
    loop {
        let message = next(&mut socket, WITHIN).await.expect("pong in time");
        if message["type"] == "pong" {
            return socket;
        }
    }
}

#[tokio::test]
async fn sdk_configuration_answers_over_graphql_and_at_the_edge() {
    let app = TestApp::spawn().await;
    let body = app
        .gql(
            "query GetSdkConfiguration { sdkConfiguration { sentryDsn isWidgetWatermarkEnabled showWatermark } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body,
        json!({"data": {"sdkConfiguration": {"sentryDsn": null, "isWidgetWatermarkEnabled": false, "showWatermark": false}}})
    );
    let (status, edge) = edge_get(
        &app,
        "/v1/config/server-sdk-configuration.json",
        Some(common::API_KEY),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(edge, body);
    let (status, refused) = edge_get(&app, "/v1/config/server-sdk-configuration.json", None).await;
    assert_eq!(status, 401);
    assert_eq!(common::error_code(&refused), Some("Unauthenticated"));
    let (status, wrong) = edge_get(
        &app,
        "/v1/config/server-sdk-configuration.json",
        Some("server-wrong"),
    )
    .await;
    assert_eq!(status, 401, "{wrong}");
}

#[tokio::test]
async fn edge_entitlements_answer_what_graphql_answers() {
    let app = app().await;
    provision_seed(&app, "edge-1").await;
    report(&app, "edge-1", "feature-01-templates", 3.0).await;

    let (status, all) = edge_get(
        &app,
        "/v1/c/edge-1/entitlements.json?resourceId=resource-01",
        Some(common::API_KEY),
    )
    .await;
    assert_eq!(status, 200, "{all}");
    let list = all["data"]["entitlements"]
        .as_array()
        .expect("entitlements list");
    let templates = list
        .iter()
        .find(|e| e["feature"]["refId"] == "feature-01-templates")
        .expect("templates entitled");
    assert_eq!(templates["usageLimit"], json!(12.0));
    assert_eq!(templates["currentUsage"], json!(3.0));
    assert_eq!(templates["__typename"], "Entitlement");

    let (status, one) = edge_get(
        &app,
        "/v1/c/edge-1/entitlements.json?resourceId=resource-01&featureId=feature-01-templates&requestedUsage=10",
        Some(common::API_KEY),
    )
    .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["data"]["entitlement"]["isGranted"], json!(false));
    assert_eq!(
        one["data"]["entitlement"]["accessDeniedReason"],
        "RequestedUsageExceedingLimit"
    );
    assert_eq!(one["data"]["entitlement"]["requestedUsage"], json!(10.0));

    let (status, state) = edge_get(
        &app,
        "/v1/c/edge-1/entitlements-state.json?resourceId=resource-01",
        Some(common::API_KEY),
    )
    .await;
    assert_eq!(status, 200, "{state}");
    assert!(!state["data"]["entitlementsState"]["entitlements"]
        .as_array()
        .expect("list")
        .is_empty());

    let (status, subscriptions) = edge_get(
        &app,
        "/v1/c/edge-1/subscriptions.json?resourceIds=resource-01&resourceIds=resource-02",
        Some(common::API_KEY),
    )
    .await;
    assert_eq!(status, 200, "{subscriptions}");
    let active = subscriptions["data"]["getActiveSubscriptions"]
        .as_array()
        .expect("subscriptions");
    assert_eq!(active.len(), 1, "{subscriptions}");
    assert_eq!(active[0]["plan"]["planId"], "plan-basic");

    // An unknown customer: an empty list, as cachedEntitlements answers.
    let (status, unknown) = edge_get(
        &app,
        "/v1/c/nobody/entitlements.json",
        Some(common::API_KEY),
    )
    .await;
    assert_eq!(
        (status, unknown),
        (200, json!({"data": {"entitlements": []}}))
    );
    // Bad input: coded errors, no 500.
    let (status, bad) = edge_get(
        &app,
        "/v1/c/edge-1/entitlements.json?featureId=feature-01-templates&requestedUsage=lots",
        Some(common::API_KEY),
    )
    .await;
    assert_eq!(status, 400);
    common::assert_error(&bad, "BadUserInput", true);
    let (status, paywall) = edge_get(&app, "/v1/paywall.json", Some(common::API_KEY)).await;
    assert_eq!(status, 404, "{paywall}");
}

#[tokio::test]
async fn a_usage_report_reaches_a_subscriber_within_a_second() {
    let app = app().await;
    provision_seed(&app, "rt-1").await;
    let mut socket = subscribed(&app, USAGE_UPDATED).await;
    report(&app, "rt-1", "feature-01-templates", 4.0).await;
    let message = next(&mut socket, WITHIN).await.expect("an update");
    assert_eq!(message["type"], "next", "{message}");
    assert_eq!(message["id"], "1");
    let update = &message["payload"]["data"]["usageUpdated"];
    assert_eq!(update["usage"]["customerId"], "rt-1");
    assert_eq!(update["usage"]["resourceId"], "resource-01");
    assert_eq!(update["usage"]["featureId"], "feature-01-templates");
    assert_eq!(update["usage"]["currentUsage"], json!(4.0));
    // Templates are a Fluctuating meter: the usage never resets.
    assert_eq!(update["usage"]["usagePeriodEnd"], Value::Null);
    assert_eq!(update["entitlement"]["usageLimit"], json!(12.0));
    assert_eq!(update["entitlement"]["currentUsage"], json!(4.0));
    assert_eq!(update["entitlement"]["__typename"], "Entitlement");

    // A monthly-reset feature carries its period as epoch milliseconds.
    report(&app, "rt-1", "feature-03-api-calls", 5.0).await;
    let message = next(&mut socket, WITHIN).await.expect("an update");
    let usage = &message["payload"]["data"]["usageUpdated"]["usage"];
    assert_eq!(usage["currentUsage"], json!(5.0), "{message}");
    let start = usage["usagePeriodStart"].as_f64().expect("period start");
    let end = usage["usagePeriodEnd"].as_f64().expect("period end");
    assert_eq!(
        start,
        common::at("2026-03-10T12:00:00.000Z").timestamp_millis() as f64
    );
    assert_eq!(
        end,
        common::at("2026-04-10T12:00:00.000Z").timestamp_millis() as f64
    );
    assert_eq!(usage["nextResetDate"], usage["usagePeriodEnd"]);

    // Completing the subscription stops it (the server confirms).
    send(&mut socket, json!({"id": "1", "type": "complete"})).await;
    assert_eq!(
        next(&mut socket, WITHIN).await,
        Some(json!({"id": "1", "type": "complete"}))
    );
    report(&app, "rt-1", "feature-01-templates", 1.0).await;
    send(&mut socket, json!({"type": "ping"})).await;
    let after = next(&mut socket, WITHIN).await;
    assert_eq!(after, Some(json!({"type": "pong"})));
}

#[tokio::test]
async fn a_promotional_grant_reaches_a_subscriber_for_the_customer_and_its_resources() {
    let app = app().await;
    provision_seed(&app, "rt-2").await;
    let mut socket = subscribed(&app, ENTITLEMENTS_UPDATED).await;
    let body = app
        .gql(
            "mutation ($input: GrantPromotionalEntitlementsInput!) { grantPromotionalEntitlements(input: $input) { status } }",
            json!({"input": {"customerId": "rt-2", "promotionalEntitlements": [
                {"featureId": "feature-03-api-calls", "period": "ONE_MONTH", "hasUnlimitedUsage": true}
            ]}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let mut scopes = Vec::new();
    for _ in 0..2 {
        let message = next(&mut socket, WITHIN).await.expect("an update");
        let update = &message["payload"]["data"]["entitlementsUpdated"];
        assert_eq!(update["customerId"], "rt-2", "{message}");
        let api_calls = update["entitlements"]
            .as_array()
            .expect("entitlements")
            .iter()
            .find(|e| e["feature"]["refId"] == "feature-03-api-calls")
            .cloned()
            .expect("the granted feature");
        assert_eq!(api_calls["hasUnlimitedUsage"], json!(true));
        scopes.push(update["resourceId"].clone());
    }
    assert_eq!(scopes, vec![Value::Null, json!("resource-01")]);
}

#[tokio::test]
async fn a_provisioned_subscription_reaches_a_subscriber() {
    let app = app().await;
    let mut socket = subscribed(&app, ENTITLEMENTS_UPDATED).await;
    provision_seed(&app, "rt-5").await;
    let mut seen = Vec::new();
    for _ in 0..2 {
        let message = next(&mut socket, WITHIN).await.expect("an update");
        let update = &message["payload"]["data"]["entitlementsUpdated"];
        assert_eq!(update["customerId"], "rt-5", "{message}");
        let templates = update["entitlements"]
            .as_array()
            .expect("entitlements")
            .iter()
            .find(|e| e["feature"]["refId"] == "feature-01-templates")
            .map(|e| e["usageLimit"].clone());
        seen.push((update["resourceId"].clone(), templates));
    }
    // The subscription is for resource-01: the customer level has nothing of it.
    assert_eq!(
        seen,
        vec![
            (Value::Null, None),
            (json!("resource-01"), Some(json!(12.0)))
        ]
    );
}

#[tokio::test]
async fn the_legacy_graphql_ws_protocol_works_too() {
    let app = app().await;
    provision_seed(&app, "rt-3").await;
    let mut socket = open(&app, "graphql-ws", sdk_payload()).await;
    assert_eq!(
        next(&mut socket, WITHIN).await,
        Some(json!({"type": "connection_ack"}))
    );
    send(
        &mut socket,
        json!({"id": "7", "type": "start", "payload": {"query": USAGE_UPDATED}}),
    )
    .await;
    // Messages are handled in order: once an operation sent after it is answered, the
    // subscription is registered (this protocol has no ping). A query is refused over a
    // socket (only subscriptions are served there), and that refusal is the answer.
    send(
        &mut socket,
        json!({"id": "q", "type": "start", "payload": {"query": "{ __typename }"}}),
    )
    .await;
    refused_operation(&mut socket, "q", "BadUserInput").await;
    report(&app, "rt-3", "feature-01-templates", 2.0).await;
    let message = next(&mut socket, WITHIN).await.expect("an update");
    assert_eq!(message["type"], "data", "{message}");
    assert_eq!(message["id"], "7");
    assert_eq!(
        message["payload"]["data"]["usageUpdated"]["usage"]["currentUsage"],
        json!(2.0)
    );
}

#[tokio::test]
async fn a_connection_without_a_valid_key_is_closed_as_the_sdk_expects() {
    let app = TestApp::spawn().await;
    for payload in [json!({"headers": {"X-API-KEY": "server-wrong"}}), json!({})] {
        let mut socket = open(&app, "graphql-transport-ws", payload).await;
        assert_eq!(
            next(&mut socket, WITHIN).await,
            Some(json!({"closed": "Invalid API key"}))
        );
    }
    // A top-level key is accepted too.
    let mut socket = open(
        &app,
        "graphql-transport-ws",
        json!({"x-api-key": common::API_KEY}),
    )
    .await;
    assert_eq!(
        next(&mut socket, WITHIN).await,
        Some(json!({"type": "connection_ack"}))
    );
    // All four subscriptions the Node SDK opens are accepted (credit balances never send).
    for (id, document) in [
        ("1", USAGE_UPDATED),
        ("2", ENTITLEMENTS_UPDATED),
        ("3", "subscription { packagePublished { accountId environmentId packageType packageRefId packageVersion migrationType } }"),
        ("4", "subscription { creditBalanceUpdated { currencyId currentBalance customerId validUntil resourceId totalConsumed totalGranted currency { currencyId displayName symbol units { singular plural } } } }"),
    ] {
        send(&mut socket, json!({"id": id, "type": "subscribe", "payload": {"query": document}})).await;
    }
    send(&mut socket, json!({"type": "ping"})).await;
    assert_eq!(
        next(&mut socket, WITHIN).await,
        Some(json!({"type": "pong"})),
        "no subscription failed"
    );
}

#[tokio::test]
async fn a_plain_get_still_serves_graphiql() {
    let app = TestApp::spawn().await;
    let response = reqwest::Client::new()
        .get(&app.url)
        .header("Accept", "text/html")
        .send()
        .await
        .expect("GET /graphql");
    assert_eq!(response.status(), 200);
    let text = response.text().await.expect("body");
    assert!(text.contains("graphiql"), "{text}");
}

#[tokio::test]
async fn a_report_on_one_replica_reaches_a_subscriber_on_another() {
    let app = app().await;
    if app.backend != common::Backend::Postgres {
        eprintln!(
            "skipped: replicas share changes through PostgreSQL only (set PLANGATE_TEST_POSTGRES_URL)"
        );
        return;
    }
    provision_seed(&app, "rt-4").await;
    let replica = app.replica().await;
    let mut socket = subscribed(&replica.app, USAGE_UPDATED).await;
    report(&app, "rt-4", "feature-01-templates", 6.0).await;
    let message = next(&mut socket, WITHIN).await.expect("an update");
    assert_eq!(
        message["payload"]["data"]["usageUpdated"]["usage"]["currentUsage"],
        json!(6.0),
        "{message}"
    );
    // And a grant made on the replica reaches a subscriber of the first server.
    let mut first = subscribed(&app, ENTITLEMENTS_UPDATED).await;
    let body = replica
        .app
        .gql(
            "mutation ($input: GrantPromotionalEntitlementsInput!) { grantPromotionalEntitlements(input: $input) { status } }",
            json!({"input": {"customerId": "rt-4", "promotionalEntitlements": [
                {"featureId": "feature-02-custom-domain", "period": "ONE_WEEK"}
            ]}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let message = next(&mut first, WITHIN).await.expect("an update");
    assert_eq!(
        message["payload"]["data"]["entitlementsUpdated"]["customerId"], "rt-4",
        "{message}"
    );
}

#[tokio::test]
async fn queries_and_mutations_over_a_socket_are_refused_and_change_nothing() {
    let app = app().await;
    provision_seed(&app, "rt-q").await;
    let mut socket = open(&app, "graphql-transport-ws", sdk_payload()).await;
    assert_eq!(
        next(&mut socket, WITHIN).await,
        Some(json!({"type": "connection_ack"}))
    );
    // A valid mutation (the same report succeeds by HTTP below).
    let mutation = "mutation { reportUsage(input: {customerId: \"rt-q\", resourceId: \"resource-01\", featureId: \"feature-01-templates\", value: 5}) { currentUsage } }";
    for (id, document) in [("m", mutation), ("q", "{ __typename }")] {
        send(
            &mut socket,
            json!({"id": id, "type": "subscribe", "payload": {"query": document}}),
        )
        .await;
        let answer = refused_operation(&mut socket, id, "BadUserInput").await;
        assert_eq!(answer["type"], "next", "{answer}");
        assert_eq!(answer["payload"]["data"], Value::Null, "{answer}");
    }
    // The connection stays open and serves subscriptions.
    send(
        &mut socket,
        json!({"id": "s", "type": "subscribe", "payload": {"query": USAGE_UPDATED}}),
    )
    .await;
    send(&mut socket, json!({"type": "ping"})).await;
    assert_eq!(
        next(&mut socket, WITHIN).await,
        Some(json!({"type": "pong"}))
    );
    assert_eq!(
        app.count("usage_measurements").await,
        0,
        "the mutation wrote nothing"
    );
    let by_http = app.gql(mutation, json!({})).await;
    assert_eq!(
        by_http["data"]["reportUsage"]["currentUsage"],
        json!(5.0),
        "{by_http}"
    );
}

#[tokio::test]
async fn a_subscription_the_worker_starts_reaches_a_subscriber() {
    let app = app().await;
    // A subscription that starts tomorrow: the customer has nothing today.
    let body = app
        .provision(json!({
            "customerId": "rt-later",
            "subscriptionParams": {
                "planId": "plan-basic",
                "resourceId": "resource-01",
                "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 2}],
                "billingPeriod": "MONTHLY",
                "startDate": "2026-03-11T12:00:00.000Z"
            }
        }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let mut socket = subscribed(&app, ENTITLEMENTS_UPDATED).await;
    // The start comes due; the worker (every 50 ms in tests) writes it and publishes.
    app.clock.set(common::at("2026-03-11T12:00:01Z"));
    // The last update of each level (customer, resource-01), until the resource's grants
    // templates: on PostgreSQL the provision's own update can still arrive first.
    let mut levels = std::collections::BTreeMap::new();
    while levels.get("resource-01") != Some(&Some(json!(true))) || !levels.contains_key("") {
        let message = next(&mut socket, WITHIN).await.expect("an update");
        let update = &message["payload"]["data"]["entitlementsUpdated"];
        assert_eq!(update["customerId"], "rt-later", "{message}");
        let templates = update["entitlements"]
            .as_array()
            .expect("entitlements")
            .iter()
            .find(|e| e["feature"]["refId"] == "feature-01-templates")
            .map(|e| e["isGranted"].clone());
        let level = update["resourceId"].as_str().unwrap_or_default().to_owned();
        levels.insert(level, templates);
    }
    // The customer level has no templates (the plan's subscription is resource-01's).
    assert_eq!(levels.get(""), Some(&None), "{levels:?}");
}

/// A WebSocket upgrade that is not made (its HTTP status), for a refused upgrade.
async fn refused_upgrade(app: &TestApp) -> Option<u16> {
    match tokio_tungstenite::connect_async(upgrade_request(app, "graphql-transport-ws")).await {
        Ok(_) => None,
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            Some(response.status().as_u16())
        }
        Err(other) => panic!("upgrade failed otherwise: {other}"),
    }
}

#[tokio::test]
async fn open_sockets_are_capped_at_max_connections() {
    let app = TestApp::spawn_with(|config| config.max_connections = 2).await;
    let mut first = open(&app, "graphql-transport-ws", sdk_payload()).await;
    let mut second = open(&app, "graphql-transport-ws", sdk_payload()).await;
    for socket in [&mut first, &mut second] {
        assert_eq!(
            next(socket, WITHIN).await,
            Some(json!({"type": "connection_ack"}))
        );
    }
    assert_eq!(refused_upgrade(&app).await, Some(503), "a third socket");
    // The refusal ends its connection: a refused client does not hold an HTTP place.
    let mut raw = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .expect("connect");
    tokio::io::AsyncWriteExt::write_all(
        &mut raw,
        b"GET /graphql HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n",
    )
    .await
    .expect("upgrade request");
    let mut answer = Vec::new();
    tokio::time::timeout(
        WITHIN,
        tokio::io::AsyncReadExt::read_to_end(&mut raw, &mut answer),
    )
    .await
    .expect("the server closes the refused connection")
    .expect("read");
    assert!(
        answer.starts_with(b"HTTP/1.1 503"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    // HTTP still answers: upgraded sockets do not hold HTTP connection places.
    let body = app.gql("{ __typename }", json!({})).await;
    assert_eq!(body["data"]["__typename"], "Query");
    // A closed socket frees its place (once the server has seen the close).
    first.close(None).await.expect("close");
    let deadline = tokio::time::Instant::now() + WITHIN;
    while refused_upgrade(&app).await.is_some() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the place was not freed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_socket_that_never_sends_connection_init_is_closed() {
    let app = app().await;
    let mut socket = connect(&app, "graphql-transport-ws").await;
    let wait = plangate::realtime::socket::INIT_TIMEOUT + Duration::from_secs(3);
    let ended = tokio::time::timeout(wait, async {
        loop {
            match socket.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                Some(Ok(_)) => continue,
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the idle socket is still open");
}

/// An unknown message type closes the connection with a valid close frame: its reason within
/// RFC 6455's 125-byte control frames (it was 162 bytes, and clients refused the frame).
#[tokio::test]
async fn an_unknown_message_type_gets_a_valid_close_frame() {
    let app = app().await;
    let mut socket = open(&app, "graphql-transport-ws", sdk_payload()).await;
    assert_eq!(
        next(&mut socket, WITHIN).await,
        Some(json!({"type": "connection_ack"}))
    );
    send(&mut socket, json!({"id": "1", "type": "bogus"})).await;
    let closed = next(&mut socket, WITHIN).await.expect("a close frame");
    let reason = closed["closed"].as_str().expect("a close reason");
    assert!(reason.starts_with("unknown variant `bogus`"), "{closed}");
    assert!(reason.len() <= 123, "{} bytes: {reason}", reason.len());
}

#[tokio::test]
async fn a_fragment_bomb_over_a_socket_is_refused_at_once() {
    let app = app().await;
    let mut socket = open(&app, "graphql-transport-ws", sdk_payload()).await;
    assert_eq!(
        next(&mut socket, WITHIN).await,
        Some(json!({"type": "connection_ack"}))
    );
    // Each fragment spreads the next twice, 26 levels: 2^26 fields once expanded.
    let levels = 26;
    let mut document = String::from("subscription { usageUpdated { ...F0 } }\n");
    for level in 0..levels {
        document.push_str(&format!(
            "fragment F{level} on UsageUpdated {{ ...F{n} ...F{n} }}\n",
            n = level + 1
        ));
    }
    document.push_str(&format!(
        "fragment F{levels} on UsageUpdated {{ usage {{ currentUsage }} }}\n"
    ));
    send(
        &mut socket,
        json!({"id": "b", "type": "subscribe", "payload": {"query": document}}),
    )
    .await;
    refused_operation(&mut socket, "b", "BadUserInput").await;
    // A NUL in the document, and too many aliases, are refused as over HTTP.
    let aliases: String = (0..60)
        .map(|i| format!("a{i}: usage {{ currentUsage }} "))
        .collect();
    for (id, document, code) in [
        (
            "n",
            "subscription { usageUpdated { usage { currentUsage } } } # \u{0}".to_owned(),
            "BadUserInput",
        ),
        (
            "a",
            format!("subscription {{ usageUpdated {{ {aliases} }} }}"),
            "GraphQLAliasesLimitExceeded",
        ),
        // A document that does not parse, and one that does not validate, are coded as over
        // HTTP (a fresh-user trial found them without a code).
        (
            "s",
            "subscription { entitlementsUpdated { ".to_owned(),
            "BadUserInput",
        ),
        (
            "v",
            "subscription { entitlementsUpdated { nope } }".to_owned(),
            "BadUserInput",
        ),
        // More root fields than a subscription may hold (a fresh-user trial found this
        // refusal without a trace id).
        (
            "r",
            format!(
                "subscription {{ {} }}",
                "usageUpdated { usage { currentUsage } } ".repeat(60)
            ),
            "GraphQLBatchedOperationsLimitExceeded",
        ),
    ] {
        send(
            &mut socket,
            json!({"id": id, "type": "subscribe", "payload": {"query": document}}),
        )
        .await;
        let answer = refused_operation(&mut socket, id, code).await;
        assert_eq!(
            answer["payload"]["errors"][0]["extensions"]["isValidationError"], true,
            "{answer}"
        );
        assert!(
            answer["payload"]["errors"][0]["extensions"]["traceId"]
                .as_str()
                .is_some_and(|id| uuid::Uuid::parse_str(id).is_ok()),
            "a trace id: {answer}"
        );
    }
}

#[tokio::test]
async fn an_edge_path_reads_the_customer_id_as_sent() {
    let app = app().await;
    provision_seed(&app, "victim-e").await;
    // `%76` is `v`: a different customer, as the SDKs send ids unencoded.
    let body = app.provision(json!({"customerId": "%76ictim-e"})).await;
    assert!(body.get("errors").is_none(), "{body}");
    let (status, own) = edge_get(
        &app,
        "/v1/c/%76ictim-e/entitlements.json?featureId=feature-01-templates&resourceId=resource-01",
        Some(common::API_KEY),
    )
    .await;
    assert_eq!(status, 200, "{own}");
    let answer = own.to_string();
    assert!(answer.contains("\"isGranted\":false"), "{own}");
    // What clients do encode (bytes beyond ASCII, space) is decoded: `café`, `a b`.
    for (id, path) in [("café-e", "caf%C3%A9-e"), ("a b-e", "a%20b-e")] {
        provision_seed(&app, id).await;
        let (status, body) = edge_get(
            &app,
            &format!("/v1/c/{path}/entitlements.json?featureId=feature-01-templates&resourceId=resource-01"),
            Some(common::API_KEY),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert!(
            body.to_string().contains("\"isGranted\":true"),
            "{id}: {body}"
        );
    }
    let (_, victim) = edge_get(
        &app,
        "/v1/c/victim-e/entitlements.json?featureId=feature-01-templates&resourceId=resource-01",
        Some(common::API_KEY),
    )
    .await;
    assert!(
        victim.to_string().contains("\"isGranted\":true"),
        "{victim}"
    );
}

#[tokio::test]
async fn an_edge_parameter_given_twice_is_refused() {
    let app = app().await;
    provision_seed(&app, "edge-twice").await;
    for query in [
        "featureId=feature-01-templates&resourceId=nothing&resourceId=resource-01",
        "featureId=feature-01-templates&featureId=feature-02-custom-domain&resourceId=resource-01",
    ] {
        let (status, body) = edge_get(
            &app,
            &format!("/v1/c/edge-twice/entitlements.json?{query}"),
            Some(common::API_KEY),
        )
        .await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BadUserInput",
            "{body}"
        );
    }
}

/// The fresh-user trial held 1.75 GB with three connections of 50,000 `subscribe` messages
/// each: a connection has at most 20 subscriptions open; a further one gets
/// `RateLimitExceeded` and ends, the others go on, and a completed one frees its place.
#[tokio::test]
async fn a_connection_holds_at_most_twenty_subscriptions_at_once() {
    let app = app().await;
    provision_seed(&app, "rt-many").await;
    let mut socket = open(&app, "graphql-transport-ws", sdk_payload()).await;
    assert_eq!(
        next(&mut socket, WITHIN).await,
        Some(json!({"type": "connection_ack"}))
    );
    for id in 0..20 {
        send(
            &mut socket,
            json!({"id": id.to_string(), "type": "subscribe", "payload": {"query": USAGE_UPDATED}}),
        )
        .await;
    }
    send(&mut socket, json!({"type": "ping"})).await;
    assert_eq!(
        next(&mut socket, WITHIN).await,
        Some(json!({"type": "pong"})),
        "twenty subscriptions are accepted"
    );
    send(
        &mut socket,
        json!({"id": "20", "type": "subscribe", "payload": {"query": ENTITLEMENTS_UPDATED}}),
    )
    .await;
    let refused = refused_operation(&mut socket, "20", "RateLimitExceeded").await;
    assert_eq!(refused["type"], "next", "{refused}");
    // Completing one frees its place.
    send(&mut socket, json!({"id": "0", "type": "complete"})).await;
    assert_eq!(
        next(&mut socket, WITHIN).await,
        Some(json!({"id": "0", "type": "complete"}))
    );
    send(
        &mut socket,
        json!({"id": "21", "type": "subscribe", "payload": {"query": USAGE_UPDATED}}),
    )
    .await;
    send(&mut socket, json!({"type": "ping"})).await;
    assert_eq!(
        next(&mut socket, WITHIN).await,
        Some(json!({"type": "pong"})),
        "a subscription fits again"
    );
    // The open ones still deliver: one report reaches the twenty (1–19 and 21), not 0 or 20.
    report(&app, "rt-many", "feature-01-templates", 3.0).await;
    let mut ids = Vec::new();
    while ids.len() < 20 {
        let message = next(&mut socket, WITHIN).await.expect("an update");
        assert_eq!(message["type"], "next", "{message}");
        assert_eq!(
            message["payload"]["data"]["usageUpdated"]["usage"]["currentUsage"],
            json!(3.0),
            "{message}"
        );
        ids.push(message["id"].as_str().expect("an id").to_owned());
    }
    ids.sort_by_key(|id| id.parse::<u32>().unwrap_or(u32::MAX));
    let expected: Vec<String> = (1..20).chain([21]).map(|id| id.to_string()).collect();
    assert_eq!(ids, expected);
}

/// graphql-transport-ws: an operation before `connection_init` closes the socket with 4401
/// Unauthorized (async-graphql's own close is 1011; found by the fresh-user trial).
#[tokio::test]
async fn a_subscribe_before_connection_init_closes_with_4401() {
    let app = app().await;
    let mut socket = connect(&app, "graphql-transport-ws").await;
    send(
        &mut socket,
        json!({"id": "1", "type": "subscribe", "payload": {"query": USAGE_UPDATED}}),
    )
    .await;
    let frame = loop {
        let message = tokio::time::timeout(WITHIN, socket.next())
            .await
            .expect("a close in time")
            .expect("a frame")
            .expect("socket read");
        if let Message::Close(frame) = message {
            break frame.expect("a close frame with a code");
        }
    };
    assert_eq!(u16::from(frame.code), 4401);
    assert_eq!(frame.reason.as_str(), "Unauthorized");
}
