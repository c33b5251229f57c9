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

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{Data, ErrorExtensionValues, ServerError, ServerResult, Variables};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::body::Body;
use axum::extract::{FromRequestParts, WebSocketUpgrade};
use axum::http::header::{CONNECTION, UPGRADE};
use axum::http::{HeaderMap, Request};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;

use super::Changes;
use crate::auth::{KnownKeys, API_KEY_HEADER};
use crate::entitlement::Snapshots;
use crate::error::Error;
use crate::graphql::{ApiSchema, RequestContext};
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

/// Answers an upgrade request: switches to WebSocket with the subprotocol the client offers
/// (HTTP 400 when it offers neither, or the upgrade is malformed), then serves GraphQL
/// subscriptions over it until either side closes.
pub async fn upgrade(context: SocketContext, request: Request<Body>) -> Response {
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
        .on_upgrade(move |stream| {
            let schema = context.schema.clone();
            GraphQLWebSocket::new(stream, schema, protocol)
                .on_connection_init(move |payload| initialise(context, payload))
                .serve()
        })
}

/// The connection's data from its `connection_init` payload: the key's environment as a
/// [`RequestContext`], and the change bus. Errors: `Invalid API key` (missing or unknown
/// key), `Service unavailable` (database).
async fn initialise(
    context: SocketContext,
    payload: serde_json::Value,
) -> async_graphql::Result<Data> {
    let key = key_of(&payload);
    let environment = match context.keys.authenticate(&context.db, key).await {
        Ok(environment) => environment,
        Err(Error::Unauthenticated) => return Err(async_graphql::Error::new("Invalid API key")),
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
    data.insert(OverSocket);
    Ok(data)
}

/// Marks the operations of a WebSocket connection (its session data).
#[derive(Clone, Copy)]
struct OverSocket;

/// Refuses a query or mutation sent over a WebSocket: only subscriptions are served there
/// (what Stigg's SDKs send). Queries and mutations go by HTTP, where the request limits, the
/// execution deadline, the DataLoaders and the per-request log line apply. The refusal is a
/// GraphQL error with code `BadUserInput` for that operation; the connection stays open.
pub struct SubscriptionsOnlyOverSocket;

impl ExtensionFactory for SubscriptionsOnlyOverSocket {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(SubscriptionsOnlyOverSocket)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for SubscriptionsOnlyOverSocket {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let only_subscriptions = document
            .operations
            .iter()
            .all(|(_, operation)| operation.node.ty == OperationType::Subscription);
        if ctx.data_opt::<OverSocket>().is_some() && !only_subscriptions {
            let mut error = ServerError::new(
                "only subscriptions are served over WebSocket: send queries and mutations to /graphql by HTTP",
                None,
            );
            let mut extensions = ErrorExtensionValues::default();
            extensions.set("code", "BadUserInput");
            extensions.set("isValidationError", true);
            error.extensions = Some(extensions);
            return Err(error);
        }
        Ok(document)
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
