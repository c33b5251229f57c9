//! The HTTP surface: POST `/graphql` (API-key authenticated), GET `/graphql` (GraphiQL, or a
//! WebSocket upgrade for subscriptions: [`crate::realtime::socket`]), the SDKs' edge paths
//! ([`edge`]), `/healthz` (process up) and `/readyz` (database reachable), with request ids, tracing,
//! body-size and body-time limits, an execution deadline, a response-size cap and CORS (off
//! unless origins are configured).
//!
//! Every error plangate answers itself (outside a GraphQL execution) has one JSON shape,
//! `{"errors":[{"message":…,"extensions":{"code":…,"isValidationError":…,"traceId":…}}]}`,
//! with the HTTP status of README's "Errors" table.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use async_graphql::dataloader::DataLoader;
use async_graphql::parser::types::ExecutableDocument;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use tower::ServiceBuilder;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::auth::{KnownKeys, API_KEY_HEADER};
use crate::config::Config;
use crate::entitlement::Snapshots;
use crate::error::Error;
use crate::graphql::coupon::CouponLoader;
use crate::graphql::documents::ParsedDocuments;
use crate::graphql::limits::Refusal;
use crate::graphql::promotional::PromotionalLoader;
use crate::graphql::stigg::enums::ErrorCode;
use crate::graphql::subscription::SubscriptionLoader;
use crate::graphql::{self, ApiSchema, RequestContext};
use crate::realtime::socket::{self, SocketContext};
use crate::realtime::Changes;
use crate::time::Clock;

mod edge;

/// The header carrying the request id (generated when the client sends none); it is echoed in
/// the response and is every error's `extensions.traceId`.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Request headers a browser may send when CORS is on: those Stigg's official clients send
/// (`X-API-KEY`, `X-API-VERSION`, `Content-Type`), plus `Accept` and the request id.
pub const CORS_ALLOWED_HEADERS: [&str; 5] = [
    "x-api-key",
    "x-api-version",
    "content-type",
    "accept",
    "x-request-id",
];

#[derive(Clone)]
struct AppState {
    db: DatabaseConnection,
    clock: Clock,
    schema: ApiSchema,
    limits: Arc<RequestLimits>,
    snapshots: Snapshots,
    keys: KnownKeys,
    documents: ParsedDocuments,
    changes: Changes,
}

/// The per-request limits of the configuration.
struct RequestLimits {
    max_body_bytes: usize,
    body_read_timeout: Duration,
    request_timeout: Duration,
    max_response_bytes: usize,
}

/// The router over an open (migrated) database, publishing realtime updates on `changes`.
/// Errors: an origin in `cors_origins` that is not a valid header value.
pub fn router(db: DatabaseConnection, config: &Config, changes: Changes) -> anyhow::Result<Router> {
    let state = AppState {
        db,
        clock: config.clock.clone(),
        schema: graphql::schema(),
        limits: Arc::new(RequestLimits {
            max_body_bytes: config.max_body_bytes,
            body_read_timeout: config.body_read_timeout,
            request_timeout: config.request_timeout,
            max_response_bytes: config.max_response_bytes,
        }),
        snapshots: Snapshots::default(),
        keys: KnownKeys::default(),
        documents: ParsedDocuments::default(),
        changes,
    };
    let request_id = HeaderName::from_static(REQUEST_ID_HEADER);
    let router = Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .merge(edge::routes())
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                        let id = request
                            .headers()
                            .get(REQUEST_ID_HEADER)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default();
                        tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), trace_id = %id)
                    }),
                )
                .layer(PropagateRequestIdLayer::new(request_id))
                // The body is read by `graphql_post`, which answers 413 in the error shape.
                .layer(DefaultBodyLimit::disable()),
        );
    Ok(match cors(&config.cors_origins)? {
        Some(layer) => router.layer(layer),
        None => router,
    })
}

/// CORS for the configured origins: those origins only, methods GET/POST, the headers of
/// [`CORS_ALLOWED_HEADERS`], `x-request-id` exposed. No origins: no CORS headers at all.
fn cors(origins: &[String]) -> anyhow::Result<Option<CorsLayer>> {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .map(|o| o.trim())
        .filter(|o| !o.is_empty())
        .map(|o| HeaderValue::from_str(o).with_context(|| format!("CORS origin '{o}'")))
        .collect::<anyhow::Result<_>>()?;
    if origins.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers(CORS_ALLOWED_HEADERS.map(HeaderName::from_static))
            .expose_headers([HeaderName::from_static(REQUEST_ID_HEADER)]),
    ))
}

/// An error answered without executing anything, in the one JSON error shape.
struct Refused {
    status: StatusCode,
    code: ErrorCode,
    validation: bool,
    message: String,
}

impl Refused {
    fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Refused {
            status,
            code,
            validation: code == ErrorCode::BadUserInput,
            message: message.into(),
        }
    }

    fn with_validation(mut self, validation: bool) -> Self {
        self.validation = validation;
        self
    }

    fn respond(self, trace_id: &str) -> Response {
        let body = serde_json::json!({
            "errors": [{
                "message": self.message,
                "extensions": {
                    "code": self.code.name(),
                    "isValidationError": self.validation,
                    "traceId": trace_id,
                }
            }]
        });
        (self.status, Json(body)).into_response()
    }
}

async fn graphql_post(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let trace_id = trace_id_of(&headers).to_owned();
    let key = headers.get(API_KEY_HEADER).and_then(|v| v.to_str().ok());
    let environment = match state.keys.authenticate(&state.db, key).await {
        Ok(environment) => environment,
        Err(err) => return request_error(err).respond(&trace_id),
    };
    let mut request = match read_request(&state.limits, &headers, body).await {
        Ok(request) => request,
        Err(refused) => return refused.respond(&trace_id),
    };
    let kept = state.documents.get(&request.query);
    if let Some(document) = &kept {
        request.set_parsed_query(ExecutableDocument::clone(document));
    }
    if let Err(refusal) = graphql::limits::screen(&mut request) {
        return screened_out(refusal).respond(&trace_id);
    }
    // The document the selection-order pass follows (none: it does not parse, so it will
    // not run).
    let document = match kept {
        Some(document) => Some(document),
        None => {
            let text = request.query.clone();
            request
                .parsed_query()
                .ok()
                .map(|parsed| state.documents.keep(&text, parsed))
        }
    };
    let loader = DataLoader::new(
        SubscriptionLoader {
            db: state.db.clone(),
            now: state.clock.now(),
        },
        tokio::spawn,
    );
    let request = request
        .data(RequestContext {
            db: state.db.clone(),
            environment,
            clock: state.clock.clone(),
            snapshots: state.snapshots.clone(),
        })
        .data(loader)
        .data(state.changes.clone())
        .data(DataLoader::new(
            CouponLoader {
                db: state.db.clone(),
            },
            tokio::spawn,
        ))
        .data(DataLoader::new(
            PromotionalLoader {
                db: state.db.clone(),
            },
            tokio::spawn,
        ));
    let operation = request.operation_name.clone();
    let deadline = state.limits.request_timeout;
    let Ok(mut response) = tokio::time::timeout(deadline, state.schema.execute(request)).await
    else {
        tracing::warn!(trace_id, ?deadline, "request deadline reached");
        return Refused::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::OperationTimeout,
            format!(
                "the request did not complete within {} s; its work was stopped (nothing it had not committed is kept)",
                deadline.as_secs()
            ),
        )
        .respond(&trace_id);
    };
    if let Some(document) = &document {
        graphql::order::restore(&mut response.data, document, operation.as_deref());
    }
    for error in &mut response.errors {
        graphql::error::complete(error, &trace_id);
    }
    // Stigg answers `application/json`; the official clients ask for it.
    let max = state.limits.max_response_bytes;
    let mut out = CappedWriter {
        bytes: Vec::new(),
        max,
    };
    if let Err(err) = serde_json::to_writer(&mut out, &response) {
        if err.is_io() {
            return Refused::new(
                StatusCode::OK,
                ErrorCode::BadUserInput,
                format!("the answer is larger than {max} bytes: select fewer fields or smaller pages (a mutation in the request has taken effect)"),
            )
            .respond(&trace_id);
        }
        tracing::error!(trace_id, error = %err, "serializing a response");
        return Refused::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::UnexpectedError,
            "the answer could not be written",
        )
        .respond(&trace_id);
    }
    (
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        out.bytes,
    )
        .into_response()
}

/// A byte buffer that refuses to grow beyond `max` bytes (the serializer stops there).
struct CappedWriter {
    bytes: Vec<u8>,
    max: usize,
}

impl io::Write for CappedWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len().saturating_add(buf.len()) > self.max {
            return Err(io::Error::other("response size cap reached"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What a GraphQL request body must hold: the document as a string (the other members are
/// read by async-graphql).
#[derive(Deserialize)]
struct RequestShape {
    #[allow(dead_code)]
    query: String,
}

/// Reads and decodes the body of a GraphQL POST. Errors: a content type other than
/// `application/json` (415), a body beyond the size limit, declared or streamed (413), a body
/// not received in time (408, `OperationTimeout`), a body that is not JSON, a batch (a JSON
/// array), or JSON without a string `query` (400); all `BadUserInput` except the timeout.
async fn read_request(
    limits: &RequestLimits,
    headers: &HeaderMap,
    body: Body,
) -> Result<async_graphql::Request, Refused> {
    let bad =
        |message: String| Refused::new(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, message);
    if let Some(content_type) = headers.get(CONTENT_TYPE) {
        let text = content_type.to_str().unwrap_or_default();
        let mime = text.split(';').next().unwrap_or_default().trim();
        if !mime.eq_ignore_ascii_case("application/json") {
            return Err(Refused::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::BadUserInput,
                format!("the body must be a GraphQL request as application/json, not '{text}'"),
            ));
        }
    }
    let max = limits.max_body_bytes;
    let too_large = || {
        Refused::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BadUserInput,
            format!("the request body is larger than {max} bytes"),
        )
    };
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let timeout = limits.body_read_timeout;
    let bytes = match tokio::time::timeout(timeout, Limited::new(body, max).collect()).await {
        Err(_) => {
            return Err(Refused::new(
                StatusCode::REQUEST_TIMEOUT,
                ErrorCode::OperationTimeout,
                format!(
                    "the request body was not received within {} s",
                    timeout.as_secs()
                ),
            ))
        }
        Ok(Err(err)) if err.downcast_ref::<LengthLimitError>().is_some() => return Err(too_large()),
        Ok(Err(err)) => return Err(bad(format!("the request body could not be read: {err}"))),
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(bad(
            "batched requests are not supported: send one operation per request".to_owned(),
        ));
    }
    serde_json::from_slice::<RequestShape>(&bytes)
        .and_then(|_| serde_json::from_slice::<async_graphql::Request>(&bytes))
        .map_err(|err| {
            bad(format!(
                "the body is not a GraphQL request (a JSON object with a string `query`): {err}"
            ))
        })
}

/// A request screened out by [`graphql::limits`]: HTTP 200 with its code, like any GraphQL
/// validation error.
fn screened_out(refusal: Refusal) -> Refused {
    Refused::new(StatusCode::OK, refusal.code, refusal.message).with_validation(true)
}

/// A request refused by authentication: HTTP 401 for `Unauthenticated`, 503 when the database
/// cannot be reached.
fn request_error(err: Error) -> Refused {
    let status = match err {
        Error::Unauthenticated => StatusCode::UNAUTHORIZED,
        Error::Unexpected(ref cause) => {
            tracing::error!(error = format!("{cause:#}"), "authentication failed");
            StatusCode::SERVICE_UNAVAILABLE
        }
        _ => StatusCode::OK,
    };
    Refused::new(status, err.code(), err.to_string()).with_validation(err.is_validation())
}

fn trace_id_of(headers: &HeaderMap) -> &str {
    headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// An unknown path: HTTP 404 in the error shape.
async fn not_found(headers: HeaderMap) -> Response {
    Refused::new(
        StatusCode::NOT_FOUND,
        ErrorCode::BadUserInput,
        "no such path: the API is POST /graphql",
    )
    .respond(trace_id_of(&headers))
}

/// A known path with another method: HTTP 405 in the error shape.
async fn method_not_allowed(headers: HeaderMap) -> Response {
    Refused::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::BadUserInput,
        "method not allowed: the API is POST /graphql (GET /graphql serves GraphiQL)",
    )
    .respond(trace_id_of(&headers))
}

/// GET `/graphql`: a WebSocket upgrade goes to [`socket::upgrade`] (GraphQL subscriptions);
/// anything else to [`graphiql`].
async fn graphql_get(State(state): State<AppState>, request: Request<Body>) -> Response {
    if socket::is_upgrade(request.headers()) {
        let context = SocketContext {
            schema: state.schema,
            db: state.db,
            keys: state.keys,
            clock: state.clock,
            snapshots: state.snapshots,
            changes: state.changes,
        };
        return socket::upgrade(context, request).await;
    }
    graphiql().await.into_response()
}

async fn graphiql() -> Html<String> {
    Html(
        async_graphql::http::GraphiQLSource::build()
            .endpoint("/graphql")
            .title("plangate")
            .header("X-API-KEY", "paste your server API key here")
            .finish(),
    )
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}
