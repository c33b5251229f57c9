//! The HTTP surface: GraphQL over HTTP at `/graphql` by POST and by GET (API-key
//! authenticated; queries only by GET, see [`by_get`]), with Apollo's automatic persisted queries
//! ([`crate::graphql::persisted`]) and the answer's media type negotiated ([`media`]);
//! GraphiQL for browsers at GET `/graphql` with its assets at `/graphiql/…` ([`graphiql`]);
//! a WebSocket upgrade on GET `/graphql` for subscriptions ([`crate::realtime::socket`]); the SDKs'
//! edge paths ([`edge`]); `/healthz` (process up) and `/readyz` (database reachable); request ids, tracing and one log
//! line per GraphQL request ([`call`]), body-size and body-time limits, an execution deadline, a
//! response-size cap and CORS (off unless origins are configured).
//!
//! Every error plangate answers itself (outside a GraphQL execution) has one JSON shape,
//! `{"errors":[{"message":…,"extensions":{"code":…,"isValidationError":…,"traceId":…}}]}`,
//! with the HTTP status of README's "Errors" table.

mod by_get;
mod call;
mod graphiql;
mod media;
mod operation;

use std::io;
use std::sync::Arc;

use std::time::Duration;
use tokio::sync::Semaphore;

use anyhow::Context;
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, State};
use axum::http::header::{ALLOW, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
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
use crate::environment::EnvironmentId;
use crate::error::Error;
use crate::graphql::coupon::CouponLoader;
use crate::graphql::documents::{self, ParsedDocuments};
use crate::graphql::limits::Refusal;
use crate::graphql::persisted::{self, PersistedQueryError};
use crate::graphql::promotional::PromotionalLoader;
use crate::graphql::stigg::enums::ErrorCode;
use crate::graphql::subscription::SubscriptionLoader;
use crate::graphql::variables::InputTypes;
use crate::graphql::{self, ApiSchema, RequestContext};
use crate::realtime::socket::{self, SocketContext};
use crate::realtime::Changes;
use crate::time::Clock;

use call::{Answer, Call};
use media::Media;

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
    /// The same schema, validating only what `graphql::variables` leaves to it: for
    /// documents that passed full validation before, with certainly valid variables.
    validated_schema: ApiSchema,
    /// The schema of WebSocket connections (`graphql::socket_schema`).
    socket_schema: ApiSchema,
    /// The schema's input types, for that check.
    input_types: Arc<InputTypes>,
    limits: Arc<RequestLimits>,
    snapshots: Snapshots,
    keys: KnownKeys,
    documents: ParsedDocuments,
    changes: Changes,
    /// Deliveries (sealing key, HTTP client) for mutations that queue or wait for a sync.
    delivery: crate::delivery::Delivery,
    /// Open WebSocket connections allowed (`max_connections`: once upgraded, a connection no
    /// longer counts toward the HTTP limit).
    sockets: Arc<Semaphore>,
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
    let schema = graphql::schema();
    let state = AppState {
        db,
        clock: config.clock.clone(),
        validated_schema: graphql::schema_with(async_graphql::ValidationMode::Fast),
        socket_schema: graphql::socket_schema(),
        input_types: Arc::new(
            InputTypes::of_sdl(&schema.sdl()).context("reading the schema's input types")?,
        ),
        schema,
        limits: Arc::new(RequestLimits {
            max_body_bytes: config.max_body_bytes,
            body_read_timeout: config.body_read_timeout,
            request_timeout: config.request_timeout,
            max_response_bytes: config.max_response_bytes,
        }),
        snapshots: Snapshots::for_database(&config.database_url),
        keys: KnownKeys::default(),
        documents: ParsedDocuments::default(),
        changes,
        delivery: crate::delivery::Delivery::from_config(config),
        sockets: Arc::new(Semaphore::new(config.max_connections)),
    };
    let request_id = HeaderName::from_static(REQUEST_ID_HEADER);
    let router = Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route(graphiql::ASSETS_ROUTE, get(graphiql::asset))
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
                        // The route, not the path: an edge path holds a customer id, which
                        // logs never carry (`/v1/c/{customer_id}/entitlements.json`).
                        let route = request
                            .extensions()
                            .get::<MatchedPath>()
                            .map_or("-", MatchedPath::as_str);
                        tracing::info_span!("request", method = %request.method(), route = %route, trace_id = %id)
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
        .map(|o| {
            cors_origin(o)?;
            HeaderValue::from_str(o).with_context(|| format!("CORS origin '{o}'"))
        })
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

/// Refuses a configured CORS origin that a browser's `Origin` header can never equal: one
/// not written as its serialization (`scheme://host[:port]`, lowercase, no default port, no
/// path or trailing slash; RFC 6454 section 6.1), one that is not http(s) or whose host is
/// not a host name (`*.a.com`, `a..com`, `-a.com`) or port 0, and `*` (found by the fresh-user trial,
/// 2026-12-02: `--cors-origins '*'` made the server panic at start-up, and
/// `http://a.com/` was accepted but never matched). An opaque origin (`null`) is refused too:
/// any sandboxed page sends it.
fn cors_origin(origin: &str) -> anyhow::Result<()> {
    let serialized = url::Url::parse(origin)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.port() != Some(0))
        .filter(|u| match u.host() {
            Some(url::Host::Domain(domain)) => domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            }),
            Some(_) => true,
            None => false,
        })
        .map(|u| u.origin())
        .filter(url::Origin::is_tuple)
        .map(|o| o.ascii_serialization());
    match serialized {
        Some(s) if s == origin => Ok(()),
        Some(s) => anyhow::bail!("CORS origin '{origin}' is not written as browsers send it: use '{s}'"),
        None => anyhow::bail!(
            "CORS origin '{origin}' is not an origin: give each as scheme://host[:port] ('*' is not accepted: list the origins)"
        ),
    }
}

/// An error answered without executing anything, in the one JSON error shape.
struct Refused {
    status: StatusCode,
    /// A Stigg `ErrorCode` name ([`ErrorCode::name`]), or Apollo's
    /// [`persisted::NOT_FOUND_CODE`].
    code: &'static str,
    validation: bool,
    message: String,
}

impl Refused {
    fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Refused {
            status,
            code: code.name(),
            validation: code == ErrorCode::BadUserInput,
            message: message.into(),
        }
    }

    /// An error whose code is not one of Stigg's (Apollo's persisted-query protocol).
    fn raw(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Refused {
            status,
            code,
            validation: false,
            message: message.into(),
        }
    }

    fn with_validation(mut self, validation: bool) -> Self {
        self.validation = validation;
        self
    }

    /// The answer as `application/json`.
    fn respond(self, trace_id: &str) -> Response {
        self.respond_as(trace_id, Media::Json)
    }

    /// The answer in `media`: its status, except that an error answered with HTTP 200 as
    /// `application/json` is a request error (HTTP 400) as `application/graphql-response+json`,
    /// whose answers without `data` are never 200 (GraphQL over HTTP, "Status Codes").
    fn respond_as(self, trace_id: &str, media: Media) -> Response {
        let body = serde_json::json!({
            "errors": [{
                "message": self.message,
                "extensions": {
                    "code": self.code,
                    "isValidationError": self.validation,
                    "traceId": trace_id,
                }
            }]
        });
        let status = if self.status == StatusCode::OK {
            media.request_error_status()
        } else {
            self.status
        };
        (
            status,
            [(CONTENT_TYPE, media.content_type())],
            body.to_string(),
        )
            .into_response()
    }
}

/// POST `/graphql`: a GraphQL request as an `application/json` body.
async fn graphql_post(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let call = Call::begin(&headers);
    let answer = async {
        let environment = authenticate(&state, &headers).await?;
        let request = read_request(&state.limits, &headers, body).await?;
        Ok(execute(&state, &call, environment, request, Transport::Post).await)
    }
    .await
    .unwrap_or_else(|refused: Refused| call.refuse(refused, None));
    call.finish(answer)
}

/// GET `/graphql`: a WebSocket upgrade goes to [`socket::upgrade`] (GraphQL subscriptions);
/// GraphiQL for a browser (`Accept: text/html` and no `query` parameter),
/// otherwise a GraphQL request in the query string (GraphQL over HTTP, "GET"): the same key,
/// limits, error shape and trace id as a POST; a mutation is HTTP 405 with `Allow: POST`.
async fn graphql_get(State(state): State<AppState>, request: Request<Body>) -> Response {
    if socket::is_upgrade(request.headers()) {
        let Ok(permit) = Arc::clone(&state.sockets).try_acquire_owned() else {
            let mut refused = Refused::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::RateLimitExceeded,
                "too many open WebSocket connections: try again later",
            )
            .respond(trace_id_of(request.headers()));
            // The connection ends with the answer: a refused client that stays connected
            // would hold an HTTP connection place (found by the fresh-user trial: HTTP
            // requests then waited 10 s).
            refused
                .headers_mut()
                .insert(CONNECTION, HeaderValue::from_static("close"));
            return refused;
        };
        let context = SocketContext {
            schema: state.socket_schema,
            db: state.db,
            keys: state.keys,
            clock: state.clock,
            snapshots: state.snapshots,
            changes: state.changes,
        };
        return socket::upgrade(context, permit, request).await;
    }
    let (parts, _) = request.into_parts();
    let headers = parts.headers;
    let query = parts.uri.query().map(str::to_owned);
    if graphiql::wanted(&headers, query.as_deref()) {
        return graphiql::page();
    }
    let call = Call::begin(&headers);
    let answer = async {
        let environment = authenticate(&state, &headers).await?;
        let request = by_get::request_of(query.as_deref()).map_err(|message| {
            Refused::new(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, message)
        })?;
        Ok(execute(&state, &call, environment, request, Transport::Get).await)
    }
    .await
    .unwrap_or_else(|refused: Refused| call.refuse(refused, None));
    call.finish(answer)
}

/// The environment of the request's `X-API-KEY`. Errors: see [`request_error`].
async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<EnvironmentId, Refused> {
    let key = headers.get(API_KEY_HEADER).and_then(|v| v.to_str().ok());
    state
        .keys
        .authenticate(&state.db, key)
        .await
        .map_err(request_error)
}

/// How a GraphQL request arrived (a GET may not run a mutation).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Transport {
    Get,
    Post,
}

/// Runs one authenticated GraphQL request, whichever way it came: its persisted query
/// resolved, screened, its document kept, executed within the deadline, its errors completed
/// with their codes and the trace id, and its answer written in the negotiated media type
/// within the response-size cap.
async fn execute(
    state: &AppState,
    call: &Call,
    environment: EnvironmentId,
    mut request: async_graphql::Request,
    transport: Transport,
) -> Answer {
    let mut kept = match graphql::persisted::resolve(&mut request, &state.documents) {
        Ok(kept) => kept,
        Err(PersistedQueryError::NotFound) => {
            return call.refuse(
                Refused::raw(
                    StatusCode::OK,
                    persisted::NOT_FOUND_CODE,
                    persisted::NOT_FOUND_MESSAGE,
                ),
                request.operation_name.clone(),
            )
        }
        Err(err) => {
            return call.refuse(
                Refused::new(StatusCode::OK, ErrorCode::BadUserInput, err.to_string()),
                request.operation_name.clone(),
            )
        }
    };
    if kept.is_none() {
        kept = state.documents.get(&request.query);
    }
    if let Some(kept) = &kept {
        request.set_parsed_query(ExecutableDocument::clone(&kept.document));
    }
    // A kept document passed the screen when it was kept; unless its cost reads the
    // variables, only the variables need checking again.
    let screened = match kept.as_ref().filter(|kept| kept.screened_once_for_all) {
        Some(_) => graphql::limits::screen_variables(&request),
        None => graphql::limits::screen(&mut request),
    };
    if let Err(refusal) = screened {
        return call.refuse(screened_out(refusal), request.operation_name.clone());
    }
    // The document the selection-order pass follows (none: it does not parse, so it will
    // not run).
    let kept = match kept {
        Some(kept) => Some(kept),
        None => {
            let text = request.query.clone();
            request
                .parsed_query()
                .ok()
                .map(|parsed| state.documents.keep(&text, parsed))
        }
    };
    let document = kept.as_ref().map(|kept| Arc::clone(&kept.document));
    let operation = request
        .operation_name
        .clone()
        .or_else(|| document.as_deref().and_then(operation::name));
    let selected = document
        .as_deref()
        .and_then(|d| operation::selected(d, request.operation_name.as_deref()));
    if let Some(kind) = selected
        .map(|o| o.ty)
        .filter(|kind| transport == Transport::Get && *kind != OperationType::Query)
    {
        let mut answer = call.refuse(
            Refused::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::BadUserInput,
                format!("a {kind} cannot be sent by GET: send it by POST"),
            ),
            operation,
        );
        answer
            .response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("POST"));
        return answer;
    }
    if let Some(operation_definition) = selected {
        if let Some(missing) =
            operation::missing_required_variable(operation_definition, &request.variables)
        {
            return call.refuse(
                Refused::new(
                    StatusCode::OK,
                    ErrorCode::BadUserInput,
                    format!(
                        "variable ${} of type {} was not given (or given null); nothing ran",
                        missing.name.node, missing.var_type.node
                    ),
                ),
                operation,
            );
        }
        operation::add_default_values(operation_definition, &mut request.variables);
    }
    // A document that passed full validation before needs only its variables checked
    // (`graphql::variables`).
    let validated = kept.as_ref().is_some_and(documents::Kept::is_validated)
        && selected.is_some_and(|o| state.input_types.certainly_valid(o, &request.variables));
    let schema = if validated {
        &state.validated_schema
    } else {
        &state.schema
    };
    let loads = graphql::RequestLoads::default();
    let loader = loads.loader(SubscriptionLoader {
        db: state.db.clone(),
        now: state.clock.now(),
        packages: state.snapshots.packages().clone(),
    });
    let context = RequestContext {
        db: state.db.clone(),
        environment,
        clock: state.clock.clone(),
        snapshots: state.snapshots.clone(),
    };
    let mut request = request;
    if let Some(kept) = kept.as_ref().filter(|kept| kept.catalog_answers) {
        request = request.data(graphql::catalog::answers::KeptAnswers {
            packages: state.snapshots.packages().clone(),
            document: kept.hash,
        });
    }
    let request = request
        .data(loads.loader(graphql::catalog::loader::catalog_loader(&context)))
        .data(context)
        .data(loader)
        .data(state.changes.clone())
        .data(loads.loader(CouponLoader {
            db: state.db.clone(),
        }))
        .data(loads.loader(PromotionalLoader {
            db: state.db.clone(),
        }))
        .data(state.delivery.clone())
        .data(loads.loader(crate::graphql::billing::BillingLoader {
            db: state.db.clone(),
        }));
    let deadline = state.limits.request_timeout;
    let executed = loads.run(schema.execute(request));
    let Ok(mut response) = tokio::time::timeout(deadline, executed).await else {
        tracing::warn!(
            trace_id = call.trace_id,
            ?deadline,
            "request deadline reached"
        );
        return call.refuse(
            Refused::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::OperationTimeout,
                format!(
                    "the request did not complete within {} s; its work was stopped (nothing it had not committed is kept)",
                    deadline.as_secs()
                ),
            ),
            operation,
        );
    };
    if let Some(kept) = kept
        .as_ref()
        .filter(|_| !validated && response.errors.is_empty())
    {
        kept.mark_validated();
    }
    if let Some(document) = &document {
        graphql::order::restore(&mut response.data, document, operation.as_deref());
    }
    for error in &mut response.errors {
        graphql::error::complete(error, &call.trace_id);
    }
    let codes = response
        .errors
        .iter()
        .filter_map(|e| e.extensions.as_ref()?.get("code"))
        .map(|code| match code {
            async_graphql::Value::String(code) => code.clone(),
            other => other.to_string(),
        })
        .collect();
    // A request error (the document does not parse or validate, a variable does not coerce:
    // no error has a path, nothing ran; or a required variable is missing) has no `data` in GraphQL over HTTP's
    // `application/graphql-response+json`, and a 400 status.
    let request_error = !response.errors.is_empty()
        && response.data == async_graphql::Value::Null
        && response.errors.iter().all(|e| e.path.is_empty());
    let max = state.limits.max_response_bytes;
    let mut out = CappedWriter {
        bytes: Vec::new(),
        max,
    };
    let written = if request_error && call.media == Media::GraphqlResponseJson {
        serde_json::to_writer(&mut out, &serde_json::json!({ "errors": &response.errors }))
    } else {
        serde_json::to_writer(&mut out, &response)
    };
    if let Err(err) = written {
        if err.is_io() {
            return call.refuse(
                Refused::new(
                    StatusCode::OK,
                    ErrorCode::BadUserInput,
                    format!("the answer is larger than {max} bytes: select fewer fields or smaller pages (a mutation in the request has taken effect)"),
                ),
                operation,
            );
        }
        tracing::error!(trace_id = call.trace_id, error = %err, "serializing a response");
        return call.refuse(
            Refused::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::UnexpectedError,
                "the answer could not be written",
            ),
            operation,
        );
    }
    let status = if request_error {
        call.media.request_error_status()
    } else {
        StatusCode::OK
    };
    Answer {
        response: (
            status,
            [(CONTENT_TYPE, call.media.content_type())],
            out.bytes,
        )
            .into_response(),
        operation,
        codes,
    }
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

/// What a GraphQL request body must hold: the document as a string, or, for Apollo's
/// automatic persisted queries, only `extensions.persistedQuery` (the other members are read
/// by async-graphql).
#[derive(Deserialize)]
struct RequestShape {
    #[serde(default)]
    query: Option<String>,
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
    let not_a_request = |why: String| {
        bad(format!(
            "the body is not a GraphQL request (a JSON object with a string `query`): {why}"
        ))
    };
    let shape =
        serde_json::from_slice::<RequestShape>(&bytes).map_err(|e| not_a_request(e.to_string()))?;
    let request = serde_json::from_slice::<async_graphql::Request>(&bytes)
        .map_err(|e| not_a_request(e.to_string()))?;
    if shape.query.is_none() && !request.extensions.0.contains_key("persistedQuery") {
        return Err(not_a_request("no `query`".to_owned()));
    }
    Ok(request)
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
        "method not allowed: the API is POST /graphql (and GET /graphql for queries)",
    )
    .respond(trace_id_of(&headers))
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
