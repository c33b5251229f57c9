//! The edge API: the REST paths Stigg's SDKs read from their "edge" base URL (edge on is their
//! default), served by plangate itself so the SDKs work with only their URLs pointed at it.
//!
//! Each path runs the official v2 client's GraphQL document of the same read (`*.graphql`
//! beside this file, from `stigg-reference ops`) through the same path as POST `/graphql`
//! (authentication by `X-API-KEY`, limits, error codes) and answers its GraphQL response,
//! `{"data": {...}}` or `{"errors": [...]}`, which is what both SDKs parse: the Node server
//! SDK reads `data` and throws on `errors` (`@stigg/node-server-sdk` 3.95.0
//! `services/EdgeApiClient.js`), the Python v2 client validates `data` as the model of the
//! GraphQL operation (`stigg-api-client-v2` `stigg/client.py`, `stigg/_edge_utils.py`).
//!
//! | path | query parameters | answers as GraphQL |
//! |---|---|---|
//! | `GET /v1/config/server-sdk-configuration.json` | | `GetSdkConfiguration` |
//! | `GET /v1/c/{customerId}/entitlements.json` | `resourceId` | `GetEntitlements` (`entitlements: cachedEntitlements`) |
//! | `GET /v1/c/{customerId}/entitlements.json` | `featureId`, `resourceId`, `requestedUsage` | `GetEntitlement` (the Python client's `get_entitlement`) |
//! | `GET /v1/c/{customerId}/entitlements-state.json` | `resourceId` | `GetEntitlementsState` |
//! | `GET /v1/c/{customerId}/subscriptions.json` | `resourceId` or repeated `resourceIds` | `GetActiveSubscriptionsList` |
//!
//! The paywall paths (`/v1/paywall.json`, `/v1/p/{productId}/paywall.json`) are not served:
//! plangate has no paywall (HTTP 404 in the error shape, like any unknown path).

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::Uri;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use super::{graphql_post, trace_id_of, AppState, Refused};
use crate::graphql::stigg::enums::ErrorCode;

const GET_SDK_CONFIGURATION: &str = include_str!("edge/get_sdk_configuration.graphql");
const GET_ENTITLEMENTS: &str = include_str!("edge/get_entitlements.graphql");
const GET_ENTITLEMENT: &str = include_str!("edge/get_entitlement.graphql");
const GET_ENTITLEMENTS_STATE: &str = include_str!("edge/get_entitlements_state.graphql");
const GET_ACTIVE_SUBSCRIPTIONS_LIST: &str =
    include_str!("edge/get_active_subscriptions_list.graphql");

/// The edge routes (see the module documentation).
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/config/server-sdk-configuration.json",
            get(sdk_configuration),
        )
        .route("/v1/c/{customer_id}/entitlements.json", get(entitlements))
        .route(
            "/v1/c/{customer_id}/entitlements-state.json",
            get(entitlements_state),
        )
        .route("/v1/c/{customer_id}/subscriptions.json", get(subscriptions))
}

/// The query parameters of a request, in order (a name may repeat).
fn parameters(query: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// The parameters that take one value: given twice, which one was meant is unknowable (the
/// SDKs put ids into the query string unencoded, so `resourceId=a&resourceId=b` may be one id
/// holding `&resourceId=`; found by the fresh-user trial, where the last one silently won).
const SINGLE_VALUED: [&str; 3] = ["resourceId", "featureId", "requestedUsage"];

/// HTTP 400 `BadUserInput` when a parameter of [`SINGLE_VALUED`] is given more than once.
fn refuse_repeated(parameters: &[(String, String)], headers: &HeaderMap) -> Option<Response> {
    let repeated = SINGLE_VALUED
        .into_iter()
        .find(|name| parameters.iter().filter(|(n, _)| n == name).count() > 1)?;
    Some(
        Refused::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadUserInput,
            format!("the parameter {repeated} is given more than once"),
        )
        .respond(trace_id_of(headers)),
    )
}

/// What [`customer_query`] reads: the parameters and the query input, or the refusal.
type CustomerQuery = Result<(Vec<(String, String)>, Map<String, Value>), Box<Response>>;

/// The query string's parameters and the GraphQL query input every customer path starts
/// from: `customerId` (from the path, as sent) and `resourceId` when given. Errors: a
/// single-valued parameter given twice ([`refuse_repeated`]).
fn customer_query(uri: &Uri, query: Option<&str>, headers: &HeaderMap) -> CustomerQuery {
    let parameters = parameters(query);
    if let Some(refused) = refuse_repeated(&parameters, headers) {
        return Err(Box::new(refused));
    }
    let mut input = Map::new();
    input.insert("customerId".into(), customer_id_of(uri).into());
    if let Some(resource) = last(&parameters, "resourceId") {
        input.insert("resourceId".into(), resource.into());
    }
    Ok((parameters, input))
}

/// The last value of parameter `name`, if given and not empty.
fn last<'a>(parameters: &'a [(String, String)], name: &str) -> Option<&'a str> {
    parameters
        .iter()
        .rev()
        .find(|(n, v)| n == name && !v.is_empty())
        .map(|(_, v)| v.as_str())
}

/// Runs `document` with `variables` as a POST `/graphql` with the request's headers would.
async fn execute(
    state: AppState,
    mut headers: HeaderMap,
    document: &str,
    variables: Value,
) -> Response {
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    // The edge answers plain JSON whatever the client accepts (axios sends `*/*` too).
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers.remove(CONTENT_LENGTH);
    let body = json!({ "query": document, "variables": variables });
    graphql_post(State(state), headers, Body::from(body.to_string())).await
}

async fn sdk_configuration(State(state): State<AppState>, headers: HeaderMap) -> Response {
    execute(state, headers, GET_SDK_CONFIGURATION, json!({})).await
}

/// `entitlements.json`: all entitlements, or with `featureId` one entitlement check (with
/// `requestedUsage`, a number). Errors: `requestedUsage` not a number → HTTP 400
/// `BadUserInput`; otherwise those of the GraphQL query.
async fn entitlements(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let (parameters, mut input) = match customer_query(&uri, query.as_deref(), &headers) {
        Ok(read) => read,
        Err(refused) => return *refused,
    };
    let Some(feature) = last(&parameters, "featureId") else {
        return execute(state, headers, GET_ENTITLEMENTS, json!({ "query": input })).await;
    };
    input.insert("featureId".into(), feature.into());
    if let Some(requested) = last(&parameters, "requestedUsage") {
        let Some(number) = requested
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .and_then(serde_json::Number::from_f64)
        else {
            return Refused::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadUserInput,
                format!("requestedUsage must be a number, not '{requested}'"),
            )
            .respond(trace_id_of(&headers));
        };
        input.insert("options".into(), json!({ "requestedUsage": number }));
    }
    execute(state, headers, GET_ENTITLEMENT, json!({ "query": input })).await
}

async fn entitlements_state(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let (_, input) = match customer_query(&uri, query.as_deref(), &headers) {
        Ok(read) => read,
        Err(refused) => return *refused,
    };
    execute(
        state,
        headers,
        GET_ENTITLEMENTS_STATE,
        json!({ "query": input }),
    )
    .await
}

/// `subscriptions.json`: the customer's active subscriptions, of `resourceId` or of the
/// repeated `resourceIds`.
async fn subscriptions(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let (parameters, mut input) = match customer_query(&uri, query.as_deref(), &headers) {
        Ok(read) => read,
        Err(refused) => return *refused,
    };
    let many: Vec<Value> = parameters
        .iter()
        .filter(|(name, _)| name == "resourceIds")
        .map(|(_, value)| Value::from(value.as_str()))
        .collect();
    if !many.is_empty() {
        input.insert("resourceIds".into(), Value::Array(many));
    }
    execute(
        state,
        headers,
        GET_ACTIVE_SUBSCRIPTIONS_LIST,
        json!({ "input": input }),
    )
    .await
}

/// The customer id of an edge path (`/v1/c/{customer_id}/…`) as the SDKs send it. They put
/// the id into the path unencoded, and their HTTP client (WHATWG `URL`, httpx) then
/// percent-encodes only what a path cannot hold raw — bytes beyond ASCII, controls, space,
/// `"`, `#`, `<`, `>`, `?`, `` ` ``, `{`, `}` — leaving a `%` of the id as it is. So exactly
/// those escapes are decoded: `caf%C3%A9` is `café`, `a%20b` is `a b`, but `%76ictim` is a
/// customer of its own, not `victim` (decoding every escape read another customer's
/// entitlements; decoding none missed every non-ASCII id: both found by fresh-user trials).
fn customer_id_of(uri: &Uri) -> String {
    let raw = uri
        .path()
        .strip_prefix("/v1/c/")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default();
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| raw.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .filter(|&b| encoded_by_clients(b));
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| raw.to_owned())
}

/// True for a byte an HTTP client percent-encodes in a path (the WHATWG URL path
/// percent-encode set).
fn encoded_by_clients(b: u8) -> bool {
    b >= 0x7F || b <= 0x20 || matches!(b, b'"' | b'#' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}')
}
