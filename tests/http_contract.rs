//! The HTTP contract (issue 7, fault 11): every transport error is one JSON shape,
//! `{"errors":[{"message","extensions":{"code","traceId"}}]}`, with the documented status.

mod common;

use common::{assert_error, TestApp, API_KEY};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn post_raw(app: &TestApp, content_type: &str, body: Vec<u8>) -> (StatusCode, String) {
    let response = reqwest::Client::new()
        .post(&app.url)
        .header("X-API-KEY", API_KEY)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("sent");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

fn error_json(status: StatusCode, text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| panic!("non-JSON {status} answer: {text}"))
}

#[tokio::test]
async fn json_that_is_not_a_graphql_request_is_400() {
    let app = TestApp::spawn().await;
    for body in [
        "{}",
        "[]",
        "[{\"query\": \"{ __typename }\"}]",
        "{\"variables\": {}}",
        "{\"query\": 1}",
        "{\"query\": null}",
        "\"{ __typename }\"",
        "null",
        "{not json",
        "",
    ] {
        let (status, text) = post_raw(&app, "application/json", body.into()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {text}");
        assert_error(&error_json(status, &text), "BadUserInput", true);
    }
    // A request with extra members and a charset is fine.
    let (status, text) = post_raw(
        &app,
        "application/json; charset=utf-8",
        br#"{"query": "{ __typename }", "operationName": null, "variables": null, "extensions": {}}"#.to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(error_json(status, &text)["data"]["__typename"], "Query");
}

#[tokio::test]
async fn unsupported_content_types_are_415() {
    let app = TestApp::spawn().await;
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/graphql",
    ] {
        let (status, text) = post_raw(
            &app,
            content_type,
            b"{\"query\": \"{ __typename }\"}".to_vec(),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type}: {text}"
        );
        assert_error(&error_json(status, &text), "BadUserInput", true);
    }
}

#[tokio::test]
async fn oversize_bodies_are_413_in_the_error_shape_chunked_or_not() {
    let app = TestApp::spawn().await;
    let huge = format!(
        "{{\"query\": \"{{ __typename }}\", \"variables\": {{\"x\": \"{}\"}}}}",
        "x".repeat(2 * 1024 * 1024)
    );
    // Declared too large: the answer comes from the headers alone, before any of the body.
    // (Over raw TCP: an HTTP client that writes the whole body before reading, as reqwest
    // does, may see the server close the connection mid-body and never read the answer; the
    // test once failed so, with BrokenPipe.)
    let mut stream = TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .expect("connect");
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: x\r\nX-API-KEY: {API_KEY}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        huge.len()
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    assert_error(
        &error_json(StatusCode::PAYLOAD_TOO_LARGE, body),
        "BadUserInput",
        true,
    );

    // The same body, chunked (no Content-Length).
    let mut stream = TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .expect("connect");
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: x\r\nX-API-KEY: {API_KEY}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    for chunk in huge.as_bytes().chunks(64 * 1024) {
        let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
        // The server may answer (and stop reading) before the whole body is sent.
        if stream.write_all(&framed).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    assert_error(
        &error_json(StatusCode::PAYLOAD_TOO_LARGE, body),
        "BadUserInput",
        true,
    );
    assert_eq!(app.count("customers").await, 0);
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_the_error_shape() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let response = client
        .get(format!("{}/nowhere", app.base))
        .send()
        .await
        .expect("sent");
    let status = response.status();
    assert_eq!(status, StatusCode::NOT_FOUND);
    let text = response.text().await.expect("body");
    assert_error(&error_json(status, &text), "BadUserInput", true);
    let response = client.delete(&app.url).send().await.expect("sent");
    let status = response.status();
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let text = response.text().await.expect("body");
    assert_error(&error_json(status, &text), "BadUserInput", true);
}
