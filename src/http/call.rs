//! One GraphQL request from its arrival to its answer, and the log line it leaves: at `info`,
//! target `plangate::http::call`, inside the request's span (which carries `method`, `route` — the route, such as `/v1/c/{customer_id}/entitlements.json`, never the path —
//! and `trace_id`):
//!
//! ```text
//! INFO request{method=POST route=/graphql trace_id=…}: plangate::http::call: graphql operation=getCustomerByRefId errors=CustomerNotFound status=200 duration_ms=1.8
//! ```
//!
//! `operation` is the operation's name (`-` when anonymous or not known), `errors` the
//! `extensions.code` of each error in order (`-` for none), `duration_ms` the time from the
//! request's headers to its answer, in milliseconds. Never a key, a variable, a document or
//! anything else a client sent besides the operation's name.

use std::time::Instant;

use axum::http::HeaderMap;
use axum::response::Response;

use super::media::Media;
use super::{trace_id_of, Refused};

/// A GraphQL request being answered.
pub(super) struct Call {
    /// The request id (`x-request-id`), every error's `extensions.traceId`.
    pub trace_id: String,
    /// The media type of the answer.
    pub media: Media,
    started: Instant,
}

/// A GraphQL request's answer and what its log line says of it.
pub(super) struct Answer {
    pub response: Response,
    /// The operation's name, when known.
    pub operation: Option<String>,
    /// The `extensions.code` of each error of the answer.
    pub codes: Vec<String>,
}

impl Call {
    /// A request whose headers have arrived.
    pub fn begin(headers: &HeaderMap) -> Call {
        Call {
            trace_id: trace_id_of(headers).to_owned(),
            media: Media::negotiate(headers),
            started: Instant::now(),
        }
    }

    /// The answer of a request refused before it ran (or stopped while running).
    pub fn refuse(&self, refused: Refused, operation: Option<String>) -> Answer {
        let codes = vec![refused.code.to_owned()];
        Answer {
            response: refused.respond_as(&self.trace_id, self.media),
            operation,
            codes,
        }
    }

    /// Logs the request's line and gives its response.
    pub fn finish(self, answer: Answer) -> Response {
        let duration_ms = self.started.elapsed().as_secs_f64() * 1000.0;
        let codes = if answer.codes.is_empty() {
            "-".to_owned()
        } else {
            answer.codes.join(",")
        };
        tracing::info!(
            operation = %answer.operation.as_deref().unwrap_or("-"),
            errors = %codes,
            status = answer.response.status().as_u16(),
            duration_ms = %format_args!("{duration_ms:.1}"),
            "graphql"
        );
        answer.response
    }
}
