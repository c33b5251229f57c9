//! The HTTP surface: POST `/graphql` (API-key authenticated), GET `/graphql` (GraphiQL),
//! `/healthz` (process up) and `/readyz` (database reachable), with request ids, tracing,
//! a body-size limit and CORS.

use async_graphql::ParseRequestError;
use async_graphql_axum::rejection::GraphQLRejection;
use async_graphql_axum::GraphQLRequest;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderName, Request, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use sea_orm::DatabaseConnection;
use tower::ServiceBuilder;
use tower_http::cors::{Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::auth::{self, API_KEY_HEADER};
use crate::config::Config;
use crate::error::Error;
use crate::graphql::subscription::SubscriptionLoader;
use crate::graphql::{self, ApiSchema, RequestContext};
use async_graphql::dataloader::DataLoader;

/// The header carrying the request id (generated when the client sends none); it is echoed in
/// the response and is every error's `extensions.traceId`.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

#[derive(Clone)]
struct AppState {
    db: DatabaseConnection,
    schema: ApiSchema,
}

/// The router over an open (migrated) database.
pub fn router(db: DatabaseConnection, config: &Config) -> Router {
    let state = AppState {
        db,
        schema: graphql::schema(),
    };
    let request_id = HeaderName::from_static(REQUEST_ID_HEADER);
    Router::new()
        .route("/graphql", get(graphiql).post(graphql_post))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
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
                .layer(DefaultBodyLimit::disable())
                .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
                .layer(
                    CorsLayer::new()
                        .allow_origin(Any)
                        .allow_methods(Any)
                        .allow_headers(Any),
                ),
        )
}

async fn graphql_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Result<GraphQLRequest, GraphQLRejection>,
) -> Response {
    let trace_id = headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let key = headers.get(API_KEY_HEADER).and_then(|v| v.to_str().ok());
    let environment = match auth::authenticate(&state.db, key).await {
        Ok(environment) => environment,
        Err(err) => return request_error(err, &trace_id),
    };
    let loader = DataLoader::new(
        SubscriptionLoader {
            db: state.db.clone(),
        },
        tokio::spawn,
    );
    let request = match request {
        Ok(request) => request.into_inner(),
        Err(rejection) => return body_error(&rejection, &trace_id),
    };
    if let Err(err) = graphql::limits::screen(&request) {
        return request_error(err, &trace_id);
    }
    let request = request
        .data(RequestContext {
            db: state.db.clone(),
            environment,
        })
        .data(loader);
    let (query, operation) = (request.query.clone(), request.operation_name.clone());
    let mut response = state.schema.execute(request).await;
    graphql::order::restore(&mut response.data, &query, operation.as_deref());
    for error in &mut response.errors {
        graphql::error::complete(error, &trace_id);
    }
    // Stigg answers `application/json`; the official clients ask for it.
    Json(response).into_response()
}

/// A body that is not a GraphQL request (malformed JSON, not an object, a batch, `query`
/// missing): HTTP 400 with a GraphQL error `BadUserInput` (413 when too large). The key is
/// checked first, so an unauthenticated request is 401 whatever its body.
fn body_error(rejection: &GraphQLRejection, trace_id: &str) -> Response {
    let (status, message) = match &rejection.0 {
        ParseRequestError::PayloadTooLarge => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request body is too large".to_owned(),
        ),
        ParseRequestError::UnsupportedBatch => (
            StatusCode::BAD_REQUEST,
            "batched requests are not supported: send one operation per request".to_owned(),
        ),
        other => (
            StatusCode::BAD_REQUEST,
            format!("the body is not a GraphQL request: {other}"),
        ),
    };
    let body = serde_json::json!({
        "errors": [{
            "message": message,
            "extensions": {"code": "BadUserInput", "isValidationError": true, "traceId": trace_id}
        }]
    });
    (status, Json(body)).into_response()
}

/// A request refused before execution: HTTP 401 for `Unauthenticated`, 503 when the database
/// cannot be reached, 200 for input screened out by [`graphql::limits`] (like any GraphQL
/// validation error), with a GraphQL error body.
fn request_error(err: Error, trace_id: &str) -> Response {
    let status = match err {
        Error::Unauthenticated => StatusCode::UNAUTHORIZED,
        Error::Unexpected(ref cause) => {
            tracing::error!(error = format!("{cause:#}"), "authentication failed");
            StatusCode::SERVICE_UNAVAILABLE
        }
        _ => StatusCode::OK,
    };
    let body = serde_json::json!({
        "errors": [{
            "message": err.to_string(),
            "extensions": {
                "code": err.code().name(),
                "isValidationError": err.is_validation(),
                "traceId": trace_id,
            }
        }]
    });
    (status, Json(body)).into_response()
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
