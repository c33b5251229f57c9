//! Domain errors → GraphQL errors. Resolvers return [`crate::error::Error`] with `?`;
//! async-graphql keeps it as the error's source, and [`complete`] (called by the HTTP layer on
//! every error of a response) writes `extensions`: `code` (a Stigg `ErrorCode` value),
//! `isValidationError` (true for input problems) and `traceId` (the request id).
//! `UnexpectedError`s are logged with their cause, which is never sent to the client.

use std::sync::Arc;

use async_graphql::{ServerError, Value};

use crate::error::Error;

/// A loader's shared error as an owned domain error: `UnexpectedError` carrying the cause's
/// text (with its chain), so that it is logged once, by the field that reports it.
pub fn unshare(err: &Arc<Error>) -> Error {
    match err.as_ref() {
        Error::Unexpected(cause) => Error::Unexpected(anyhow::anyhow!("{cause:#}")),
        other => Error::Unexpected(anyhow::anyhow!("{other}")),
    }
}

/// Fills in the extensions of one error of a response.
///
/// An error that does not come from the domain was raised while parsing, validating or
/// coercing the request's input (before or instead of a resolver): `BadUserInput`.
pub fn complete(error: &mut ServerError, trace_id: &str) {
    let (code, validation) = match error.source::<Error>() {
        Some(domain) => {
            if let Error::Unexpected(cause) = domain {
                tracing::error!(trace_id, error = format!("{cause:#}"), "unexpected error");
            }
            (domain.code(), domain.is_validation())
        }
        None => ("BadUserInput", true),
    };
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", code);
    extensions.set("isValidationError", validation);
    extensions.set("traceId", Value::String(trace_id.to_owned()));
}
