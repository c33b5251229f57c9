//! Slow sockets and deadlines (issue 7, fault 2): a connection that stops sending headers
//! or a body is closed or answered after its timeout, idle keep-alive connections are
//! closed, connections are limited, and a request's execution has a coded deadline — while
//! `/healthz` keeps answering.

mod common;

use std::time::{Duration, Instant};

use common::{assert_error, Backend, TestApp, API_KEY};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, TransactionTrait};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const HEADER_TIMEOUT: Duration = Duration::from_millis(500);

fn addr(app: &TestApp) -> String {
    app.base.trim_start_matches("http://").to_owned()
}

/// Reads until the peer closes the connection (or `limit` passes); returns what was read and
/// whether it was closed in time.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, bool) {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&out).into_owned(), true),
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
            Err(_) => return (String::from_utf8_lossy(&out).into_owned(), false),
        }
    }
}

async fn healthz_within(app: &TestApp, limit: Duration) {
    let started = Instant::now();
    let response = reqwest::Client::new()
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("healthz");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        started.elapsed() < limit,
        "healthz took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn sockets_that_stop_sending_headers_are_closed_after_the_header_timeout() {
    let app = TestApp::spawn_with(|config| config.header_read_timeout = HEADER_TIMEOUT).await;
    let mut slow = Vec::new();
    for _ in 0..20 {
        let mut stream = TcpStream::connect(addr(&app)).await.expect("connect");
        stream
            .write_all(b"POST /graphql HTTP/1.1\r\nHost: x\r\n")
            .await
            .expect("write");
        slow.push(stream);
    }
    let started = Instant::now();
    healthz_within(&app, Duration::from_millis(100)).await;
    for stream in &mut slow {
        let (_, closed) = read_until_closed(stream, Duration::from_secs(5)).await;
        assert!(closed, "a slow socket was kept open");
    }
    let took = started.elapsed();
    assert!(took >= HEADER_TIMEOUT / 2, "closed too early: {took:?}");
    assert!(took < Duration::from_secs(3), "closed too late: {took:?}");
    healthz_within(&app, Duration::from_millis(100)).await;
}

#[tokio::test]
async fn idle_keep_alive_connections_are_closed() {
    let app = TestApp::spawn_with(|config| config.header_read_timeout = HEADER_TIMEOUT).await;
    let mut stream = TcpStream::connect(addr(&app)).await.expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let mut buf = [0u8; 1024];
    let n = stream.read(&mut buf).await.expect("read");
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let started = Instant::now();
    let (_, closed) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(closed, "an idle keep-alive connection was kept open");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_for_a_free_slot() {
    let app = TestApp::spawn_with(|config| {
        config.header_read_timeout = HEADER_TIMEOUT;
        config.max_connections = 2;
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(addr(&app)).await.expect("connect");
        stream.write_all(b"GET /hea").await.expect("write");
        held.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    // Both slots are taken: the next request is served once a slot frees (header timeout).
    let started = Instant::now();
    let response = reqwest::Client::new()
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("healthz");
    assert_eq!(response.status(), StatusCode::OK);
    let took = started.elapsed();
    assert!(
        took >= HEADER_TIMEOUT / 2,
        "served beyond the limit: {took:?}"
    );
    assert!(took < Duration::from_secs(3), "{took:?}");
}

#[tokio::test]
async fn a_body_that_stops_is_answered_408_in_the_error_shape() {
    let app = TestApp::spawn_with(|config| config.body_read_timeout = HEADER_TIMEOUT).await;
    let mut stream = TcpStream::connect(addr(&app)).await.expect("connect");
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: x\r\nX-API-KEY: {API_KEY}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"query\""
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let started = Instant::now();
    let (answer, _) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(3));
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    assert_error(&body, "OperationTimeout", false);
    healthz_within(&app, Duration::from_millis(100)).await;
}

#[tokio::test]
async fn a_request_past_its_deadline_gets_a_coded_error() {
    // The test holds the customers table's write lock, so the provision waits on the
    // database past its 300 ms deadline (deterministic on both backends).
    let app =
        TestApp::spawn_with(|config| config.request_timeout = Duration::from_millis(300)).await;
    let lock = app.db.begin().await.expect("begin");
    let statement = match app.backend {
        Backend::Postgres => "LOCK TABLE customers IN ACCESS EXCLUSIVE MODE",
        Backend::Sqlite => "DELETE FROM customers WHERE 0 = 1",
    };
    lock.execute_unprepared(statement)
        .await
        .expect("take the lock");
    let started = Instant::now();
    let (status, body) = app
        .post(
            "mutation { provisionCustomer(input: {customerId: \"late\"}) { customer { id } } }",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_error(&body, "OperationTimeout", false);
    assert!(started.elapsed() < Duration::from_secs(5));
    lock.rollback().await.expect("release the lock");
    assert_eq!(
        app.count("customers").await,
        0,
        "the timed-out provision wrote nothing"
    );
    healthz_within(&app, Duration::from_millis(100)).await;
}

/// Beyond `max_connections`, the kernel holds completed connections in the listen backlog
/// (`startup::LISTEN_BACKLOG`): 600 clients arriving at once all connect at once, none waits
/// out the kernel's connect retries (a backlog of 128 made a burst of SDK calls time out;
/// found by the fresh-user trial).
#[tokio::test]
async fn a_burst_beyond_the_limit_is_held_in_the_listen_backlog() {
    let app = TestApp::spawn_with(|config| config.max_connections = 2).await;
    let address = addr(&app);
    let connects = (0..600).map(|_| {
        tokio::time::timeout(
            Duration::from_millis(800),
            TcpStream::connect(address.clone()),
        )
    });
    let connected = futures::future::join_all(connects)
        .await
        .into_iter()
        .filter(|c| matches!(c, Ok(Ok(_))))
        .count();
    assert_eq!(connected, 600);
}
