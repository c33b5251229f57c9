//! GraphQL over WebSocket at `GET /graphql` (an upgrade request): both subprotocols,
//! `graphql-transport-ws` (the `graphql-ws` library's, which Stigg's Node server SDK uses:
//! `@stigg/node-server-sdk` 3.95.0 `api/apollo/WebSocketLink.js`) and the legacy
//! `graphql-ws` (Apollo's `subscriptions-transport-ws`), served by async-graphql's
//! `GraphQLWebSocket`.
//!
//! Authentication: the `connection_init` payload carries the server key as the SDK sends it,
//! `{"headers": {"X-API-KEY": "…"}}` (`api/apollo/initApolloClient.js`, `connectionParams`),
//! or at the top level (`{"X-API-KEY": "…"}`); header names are matched without regard to
//! case. A missing or unknown key ends the connection: close code 1002 with the reason
//! `Invalid API key` on `graphql-transport-ws` (the reason on which the Node SDK stops
//! retrying: `services/inMemoryEntitlementsService.js` `isErrorRecoverable`), a
//! `connection_error` on `graphql-ws`. When the database cannot be reached the reason is
//! `Service unavailable` and the SDK retries.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::OwnedSemaphorePermit;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextSubscribe,
};
use async_graphql::futures_util::stream::BoxStream;
use async_graphql::futures_util::{SinkExt, StreamExt};
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{Data, ErrorExtensionValues, ServerError, ServerResult, Variables};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::body::Body;
use axum::extract::ws::{CloseFrame, Message};
use axum::extract::{FromRequestParts, WebSocketUpgrade};
use axum::http::header::{CONNECTION, UPGRADE};
use axum::http::{HeaderMap, Request};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;

use super::Changes;
use crate::auth::{KnownKeys, API_KEY_HEADER};
use crate::entitlement::Snapshots;
use crate::error::Error;
use crate::graphql::{limits, ApiSchema, RequestContext};
use crate::time::Clock;

/// What a WebSocket connection needs of the process.
#[derive(Clone)]
pub struct SocketContext {
    /// The schema whose subscriptions (and queries) the connection runs.
    pub schema: ApiSchema,
    /// The database, for authentication and for the subscriptions' reads.
    pub db: DatabaseConnection,
    /// The process's known keys (as POST `/graphql` authenticates).
    pub keys: KnownKeys,
    /// The app's clock: "now" of every entitlement a subscription sends.
    pub clock: Clock,
    /// The process's entitlement snapshots.
    pub snapshots: Snapshots,
    /// The change bus the subscriptions follow.
    pub changes: Changes,
}

/// True when `headers` ask for a WebSocket upgrade (`Connection: upgrade` and
/// `Upgrade: websocket`, case-insensitively).
pub fn is_upgrade(headers: &HeaderMap) -> bool {
    let has = |name, token: &str| {
        headers.get_all(name).iter().any(|v| {
            v.to_str().is_ok_and(|v| {
                v.split(',')
                    .any(|part| part.trim().eq_ignore_ascii_case(token))
            })
        })
    };
    has(CONNECTION, "upgrade") && has(UPGRADE, "websocket")
}

/// How long a new connection has to send a valid `connection_init` before it is closed
/// (graphql-transport-ws asks servers to close such a connection: its 4408 "Connection
/// initialisation timeout"; idle sockets that never authenticated could exhaust the process's
/// files, found by the fresh-user trial with 20,000 of them).
pub const INIT_TIMEOUT: Duration = Duration::from_secs(10);

/// How often an open connection's key is checked again (through the 30 s key cache, so a key
/// removed from the database ends the connections that use it within 60 s).
pub const KEY_RECHECK: Duration = Duration::from_secs(30);

/// Answers an upgrade request: switches to WebSocket with the subprotocol the client offers
/// (HTTP 400 when it offers neither, or the upgrade is malformed), then serves GraphQL
/// subscriptions over it until either side closes, holding `permit` (one of the process's
/// WebSocket connections) meanwhile. The connection is dropped when no valid
/// `connection_init` came within [`INIT_TIMEOUT`], or when its key no longer authenticates
/// (checked every [`KEY_RECHECK`]).
pub async fn upgrade(
    context: SocketContext,
    permit: OwnedSemaphorePermit,
    request: Request<Body>,
) -> Response {
    let (mut parts, _body) = request.into_parts();
    let protocol = match GraphQLProtocol::from_request_parts(&mut parts, &()).await {
        Ok(protocol) => protocol,
        Err(rejection) => return rejection.into_response(),
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| async move {
            let _permit = permit;
            let schema = context.schema.clone();
            let (db, keys) = (context.db.clone(), context.keys.clone());
            let key: Arc<OnceLock<String>> = Arc::default();
            let accepted = Arc::clone(&key);
            let (sink, stream) = stream.split();
            // Close frames within RFC 6455's 125 bytes (see `bounded_close`), and the
            // protocol's code for an operation before `connection_init` (`unauthorized_close`).
            let sink = sink.with(|message| async move {
                Ok::<_, axum::Error>(bounded_close(unauthorized_close(message)))
            });
            let serve = GraphQLWebSocket::new_with_pair(sink, stream, schema, protocol)
                .on_connection_init(move |payload| async move {
                    let given = key_of(&payload).map(str::to_owned);
                    let data = initialise(context, payload).await?;
                    if let Some(given) = given {
                        let _ = accepted.set(given);
                    }
                    Ok(data)
                })
                .serve();
            let watch = async {
                tokio::time::sleep(INIT_TIMEOUT).await;
                let Some(key) = key.get() else {
                    return "no valid connection_init in time";
                };
                loop {
                    tokio::time::sleep(KEY_RECHECK).await;
                    if let Err(Error::Unauthenticated) = keys.authenticate(&db, Some(key)).await {
                        return "its key no longer authenticates";
                    }
                }
            };
            tokio::select! {
                () = serve => {}
                reason = watch => tracing::info!(reason, "WebSocket connection closed by the server"),
            }
        })
}

/// Most subscriptions one WebSocket connection may have open at once. Stigg's Node server SDK
/// opens four on its connection (`services/inMemoryEntitlementsService.js` `init`); without a
/// bound, one connection that sent 50,000 `subscribe` messages held 500 MB, and three of them
/// 1.75 GB (found by the fresh-user trial). With [`crate::http`]'s connection cap (512 by
/// default) this bounds the process's subscriptions at 10,240.
pub const MAX_SUBSCRIPTIONS_PER_CONNECTION: usize = 20;

/// The open-subscription slots of one WebSocket connection (its session data): each running
/// subscription holds one ([`SubscriptionSlots::take`]) until it ends — the client completes
/// it, or the connection closes.
#[derive(Clone)]
pub struct SubscriptionSlots(Arc<tokio::sync::Semaphore>);

impl SubscriptionSlots {
    fn new() -> Self {
        Self(Arc::new(tokio::sync::Semaphore::new(
            MAX_SUBSCRIPTIONS_PER_CONNECTION,
        )))
    }

    /// One slot, held by the subscription's stream. Errors: `RateLimitExceeded` when
    /// [`MAX_SUBSCRIPTIONS_PER_CONNECTION`] subscriptions of the connection are running (the
    /// subscription gets that error and ends; the connection and its other subscriptions go
    /// on).
    pub fn take(&self) -> Result<OwnedSemaphorePermit, Error> {
        Arc::clone(&self.0).try_acquire_owned().map_err(|_| {
            Error::RateLimitExceeded(format!(
                "this connection already has {MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions open; complete one, or open another connection"
            ))
        })
    }
}

/// The connection's data from its `connection_init` payload: the key's environment as a
/// [`RequestContext`], its subscription slots, and the change bus. Errors: `Invalid API key`
/// (missing or unknown key), `Service unavailable` (database).
async fn initialise(
    context: SocketContext,
    payload: serde_json::Value,
) -> async_graphql::Result<Data> {
    let key = key_of(&payload);
    let environment = match context.keys.authenticate(&context.db, key).await {
        Ok(environment) => environment,
        Err(Error::Unauthenticated) => {
            tracing::info!("WebSocket connection_init with a missing or unknown key: refused");
            return Err(async_graphql::Error::new("Invalid API key"));
        }
        Err(err) => {
            tracing::error!(error = %err, "authenticating a WebSocket connection");
            return Err(async_graphql::Error::new("Service unavailable"));
        }
    };
    let mut data = Data::default();
    data.insert(RequestContext {
        db: context.db,
        environment,
        clock: context.clock,
        snapshots: context.snapshots,
    });
    data.insert(context.changes);
    data.insert(SubscriptionSlots::new());
    data.insert(OverSocket);
    Ok(data)
}

/// Marks the operations of a WebSocket connection (its session data).
#[derive(Clone, Copy)]
struct OverSocket;

/// Screens what a WebSocket connection sends as HTTP requests are screened
/// (`graphql::limits`: nesting, NUL, fragments, cost, aliases — a fragment bomb sent as a
/// subscription stalled the server), and refuses a query or mutation: only subscriptions are
/// served over WebSocket (what Stigg's SDKs send). Queries and mutations go by HTTP, where the
/// execution deadline, the DataLoaders and the per-request log line apply. A refusal is a
/// GraphQL error with the limit's code (`BadUserInput`, `GraphQLAliasesLimitExceeded`,
/// `GraphQLBatchedOperationsLimitExceeded`) for that operation; nothing runs and the
/// connection stays open. Every other error of a socket operation is coded in `subscribe`.
pub struct SocketScreening;

impl ExtensionFactory for SocketScreening {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(SocketScreening)
    }
}

fn refused(code: &str, message: &str) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code);
    extensions.set("isValidationError", true);
    // As every error over HTTP (README "Errors"); a socket operation has no request id.
    extensions.set("traceId", uuid::Uuid::new_v4().to_string());
    error.extensions = Some(extensions);
    error
}

fn screened_out(refusal: limits::Refusal) -> ServerError {
    refused(refusal.code.name(), &refusal.message)
}

#[async_graphql::async_trait::async_trait]
impl Extension for SocketScreening {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        if ctx.data_opt::<OverSocket>().is_none() {
            // HTTP requests are screened before execution (`http::execute`).
            return next.run(ctx, query, variables).await;
        }
        limits::screen_text(query, variables).map_err(screened_out)?;
        // Screened before async-graphql's own parse step, whose recursion-depth check expands
        // fragments (a 26-level fragment bomb took it 7 s); a document that does not parse
        // goes on, and that step reports the syntax error.
        if let Ok(parsed) = async_graphql::parser::parse_query(query) {
            limits::screen_parsed(&parsed, variables).map_err(screened_out)?;
        }
        let document = next.run(ctx, query, variables).await?;
        let only_subscriptions = document
            .operations
            .iter()
            .all(|(_, operation)| operation.node.ty == OperationType::Subscription);
        if !only_subscriptions {
            return Err(refused(
                "BadUserInput",
                "only subscriptions are served over WebSocket: send queries and mutations to /graphql by HTTP",
            ));
        }
        Ok(document)
    }

    /// Each message of a subscription over WebSocket gets its errors coded as an HTTP
    /// response's are (the domain error's Stigg code, `isValidationError`, a trace id): the
    /// errors of its parse, its validation and its resolvers all pass here (fresh-user trials
    /// found parse and validation errors, and `RateLimitExceeded` from a connection's 21st
    /// subscription, without a code).
    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, async_graphql::Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, async_graphql::Response> {
        let stream = next.run(ctx, stream);
        if ctx.data_opt::<OverSocket>().is_none() {
            return stream;
        }
        stream
            .map(|mut response| {
                response.errors.iter_mut().for_each(coded);
                response
            })
            .boxed()
    }
}

/// Longest close reason a close frame carries: RFC 6455 §5.5 limits a control frame's
/// payload to 125 bytes, 2 of them the close code.
const MAX_CLOSE_REASON_BYTES: usize = 123;

/// `message`, its close reason cut to [`MAX_CLOSE_REASON_BYTES`] (at a character boundary).
/// async-graphql closes a connection that sends an unknown message type with the parser's
/// whole error as the reason (162 bytes for `{"type":"bogus"}`): clients refused that frame
/// as a protocol error (found by a fresh-user trial).
fn bounded_close(message: Message) -> Message {
    match message {
        Message::Close(Some(frame)) if frame.reason.len() > MAX_CLOSE_REASON_BYTES => {
            let reason = frame.reason.as_str();
            let mut end = MAX_CLOSE_REASON_BYTES;
            while !reason.is_char_boundary(end) {
                end -= 1;
            }
            Message::Close(Some(CloseFrame {
                code: frame.code,
                reason: reason[..end].to_owned().into(),
            }))
        }
        other => other,
    }
}

/// async-graphql closes a connection whose client starts an operation before
/// `connection_init` with 1011 "The handshake is not completed."; graphql-transport-ws asks
/// for 4401 Unauthorized there ("If the server receives any message other than
/// ConnectionInit before acknowledgement, it should close the socket with 4401", the
/// protocol's PROTOCOL.md; found by the fresh-user trial). Every other message is kept.
fn unauthorized_close(message: Message) -> Message {
    match message {
        Message::Close(Some(frame))
            if frame.code == 1011 && frame.reason.as_str() == "The handshake is not completed." =>
        {
            Message::Close(Some(CloseFrame {
                code: 4401,
                reason: "Unauthorized".into(),
            }))
        }
        other => other,
    }
}

/// Completes an error of a WebSocket operation that has no code yet as an HTTP request's
/// would be (`graphql::error::complete`), with a trace id of its own (a socket operation has
/// no request id): parse, validation and resolver errors of a subscription.
fn coded(error: &mut ServerError) {
    let has_code = error
        .extensions
        .as_ref()
        .is_some_and(|extensions| extensions.get("code").is_some());
    if !has_code {
        crate::graphql::error::complete(error, &uuid::Uuid::new_v4().to_string());
    }
}

/// The server key of a `connection_init` payload: `headers.X-API-KEY`, else a top-level
/// `X-API-KEY` (names compared case-insensitively).
fn key_of(payload: &serde_json::Value) -> Option<&str> {
    payload
        .get("headers")
        .and_then(api_key_member)
        .or_else(|| api_key_member(payload))
}

/// The string member of `object` named `X-API-KEY` in any case.
fn api_key_member(object: &serde_json::Value) -> Option<&str> {
    object.as_object().and_then(|map| {
        map.iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(API_KEY_HEADER))
            .and_then(|(_, value)| value.as_str())
    })
}
