//! The media type of a GraphQL answer, chosen from the request's `Accept` header (GraphQL over
//! HTTP, the GraphQL Foundation's specification, "Accept" and "Status Codes"):
//! `application/graphql-response+json` when the client asks for it at least as much as for
//! `application/json`; `application/json` otherwise (no `Accept`, `*/*`, or `application/json`
//! preferred: what Stigg answers and its official clients ask for).
//!
//! The two differ only for errors that stop a request before it runs (a document that does not
//! parse or validate, a variable that does not coerce, a refused request): as
//! `application/json` they are HTTP 200, as `application/graphql-response+json` HTTP 400 and
//! without a `data` member.

use axum::http::header::ACCEPT;
use axum::http::{HeaderMap, HeaderValue, StatusCode};

/// `application/graphql-response+json`.
pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

/// The media type of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// `application/json`: every GraphQL error is HTTP 200.
    Json,
    /// `application/graphql-response+json`: request errors are HTTP 400.
    GraphqlResponseJson,
}

impl Media {
    /// The media type the request's `Accept` header prefers (see the module's documentation).
    pub fn negotiate(headers: &HeaderMap) -> Media {
        let (mut graphql_response, mut json) = (0.0f32, 0.0f32);
        for accept in headers.get_all(ACCEPT) {
            let Ok(text) = accept.to_str() else { continue };
            for range in text.split(',') {
                let mut parts = range.split(';');
                let mime = parts.next().unwrap_or_default().trim();
                let q = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                if mime.eq_ignore_ascii_case(GRAPHQL_RESPONSE_JSON) {
                    graphql_response = graphql_response.max(q);
                } else if mime.eq_ignore_ascii_case("application/json") {
                    json = json.max(q);
                }
            }
        }
        if graphql_response > 0.0 && graphql_response >= json {
            Media::GraphqlResponseJson
        } else {
            Media::Json
        }
    }

    /// The `Content-Type` of an answer in this media type.
    pub fn content_type(self) -> HeaderValue {
        match self {
            Media::Json => HeaderValue::from_static("application/json"),
            Media::GraphqlResponseJson => {
                HeaderValue::from_static("application/graphql-response+json; charset=utf-8")
            }
        }
    }

    /// The status of an error that stopped the request before it ran: 200 as
    /// `application/json`, 400 as `application/graphql-response+json`.
    pub fn request_error_status(self) -> StatusCode {
        match self {
            Media::Json => StatusCode::OK,
            Media::GraphqlResponseJson => StatusCode::BAD_REQUEST,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(accept: &str) -> Media {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_str(accept).expect("header"));
        Media::negotiate(&headers)
    }

    #[test]
    fn accept_headers_of_real_clients() {
        assert_eq!(Media::negotiate(&HeaderMap::new()), Media::Json);
        assert_eq!(of("*/*"), Media::Json);
        assert_eq!(of("application/json"), Media::Json);
        // GraphiQL's fetcher.
        assert_eq!(of("application/json, multipart/mixed"), Media::Json);
        // @apollo/client 4.
        assert_eq!(
            of("application/graphql-response+json,application/json;q=0.9"),
            Media::GraphqlResponseJson
        );
        // urql.
        assert_eq!(
            of("application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed"),
            Media::GraphqlResponseJson
        );
        assert_eq!(
            of("application/graphql-response+json;q=0.5, application/json"),
            Media::Json
        );
        assert_eq!(of("application/graphql-response+json;q=0"), Media::Json);
    }
}
