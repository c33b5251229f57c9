//! Apollo's automatic persisted queries (APQ): a client sends the SHA-256 of its document in
//! `extensions.persistedQuery` = `{"version": 1, "sha256Hash": "<64 lower-case hex>"}`, first
//! without the document; a server that does not know the hash answers the error
//! `PersistedQueryNotFound`, and the client sends the hash again with the document, which the
//! server checks against the hash and keeps. From then on the hash alone runs it, by POST or by
//! GET (Apollo Server's "Automatic persisted queries" protocol, as `apollo-link-persisted-queries`,
//! `@apollo/client`'s `createPersistedQueryLink` and urql's `persistedExchange` speak it).
//!
//! Documents are kept in the process's bounded document cache
//! ([`crate::graphql::documents::ParsedDocuments`]), so a hash the cache has let go of (or
//! one another replica learnt) is `PersistedQueryNotFound` again, and the client resends the
//! document: nothing has to be shared between replicas.

use std::fmt;

use async_graphql::{Request, Value};

use super::documents::{self, DocumentHash, Kept, ParsedDocuments};

/// The error message Apollo clients look for to resend the document (Apollo Server answers
/// it with `extensions.code` [`NOT_FOUND_CODE`]).
pub const NOT_FOUND_MESSAGE: &str = "PersistedQueryNotFound";

/// `extensions.code` of [`NOT_FOUND_MESSAGE`]: Apollo's code, not one of Stigg's (it is part
/// of the transport protocol the clients implement, not of Stigg's API).
pub const NOT_FOUND_CODE: &str = "PERSISTED_QUERY_NOT_FOUND";

/// The only `persistedQuery.version` there is.
const VERSION: i64 = 1;

/// Why a request's persisted query cannot run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersistedQueryError {
    /// Only a hash was sent and no document is kept under it: the client should send the
    /// document with the hash ([`NOT_FOUND_MESSAGE`], [`NOT_FOUND_CODE`]).
    NotFound,
    /// The document sent does not have the hash sent (`BadUserInput`).
    HashMismatch,
    /// `extensions.persistedQuery` is not `{"version": 1, "sha256Hash": "<64 hex>"}`
    /// (`BadUserInput`; the text says what is wrong).
    Malformed(String),
}

impl fmt::Display for PersistedQueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PersistedQueryError::NotFound => f.write_str(NOT_FOUND_MESSAGE),
            // Apollo Server's words.
            PersistedQueryError::HashMismatch => f.write_str(
                "provided sha does not match query (extensions.persistedQuery.sha256Hash must be the SHA-256 of the query, in hex)",
            ),
            PersistedQueryError::Malformed(why) => write!(f, "extensions.persistedQuery: {why}"),
        }
    }
}

/// Resolves `request`'s persisted query, if it has one: a request without
/// `extensions.persistedQuery` is left as it is (`None`); one with only the hash gets the kept
/// document as its `query`, and its parse is answered; one with the hash and the document has
/// the hash checked (`None`: the caller keeps the document once it has parsed, like any
/// other). Errors: see [`PersistedQueryError`].
pub fn resolve(
    request: &mut Request,
    documents: &ParsedDocuments,
) -> Result<Option<Kept>, PersistedQueryError> {
    let Some(persisted) = request.extensions.0.get("persistedQuery") else {
        return Ok(None);
    };
    let hash = hash_of(persisted)?;
    if request.query.is_empty() {
        let kept = documents
            .get_by_hash(&hash)
            .ok_or(PersistedQueryError::NotFound)?;
        request.query = kept.text.to_string();
        return Ok(Some(kept));
    }
    if documents::hash(&request.query) != hash {
        return Err(PersistedQueryError::HashMismatch);
    }
    Ok(None)
}

/// The hash of a `persistedQuery` extension value.
fn hash_of(persisted: &Value) -> Result<DocumentHash, PersistedQueryError> {
    let malformed = |why: &str| PersistedQueryError::Malformed(why.to_owned());
    let Value::Object(fields) = persisted else {
        return Err(malformed(
            "must be an object {\"version\": 1, \"sha256Hash\": \"…\"}",
        ));
    };
    match fields.get("version") {
        Some(Value::Number(n)) if n.as_i64() == Some(VERSION) => {}
        _ => return Err(malformed("version must be 1 (the only version there is)")),
    }
    let Some(Value::String(hex_text)) = fields.get("sha256Hash") else {
        return Err(malformed(
            "sha256Hash must be the SHA-256 of the query as 64 hex digits",
        ));
    };
    let mut hash = [0u8; 32];
    hex::decode_to_slice(hex_text, &mut hash)
        .map_err(|_| malformed("sha256Hash must be the SHA-256 of the query as 64 hex digits"))?;
    Ok(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(query: &str, persisted: serde_json::Value) -> Request {
        serde_json::from_value(serde_json::json!({
            "query": query,
            "extensions": {"persistedQuery": persisted},
        }))
        .expect("request")
    }

    #[test]
    fn malformed_extensions_are_refused() {
        let documents = ParsedDocuments::default();
        for persisted in [
            serde_json::json!(1),
            serde_json::json!({"version": 2, "sha256Hash": "00"}),
            serde_json::json!({"version": 1}),
            serde_json::json!({"version": 1, "sha256Hash": "xyz"}),
            serde_json::json!({"version": 1, "sha256Hash": "abcd"}),
        ] {
            let mut r = request("", persisted.clone());
            assert!(
                matches!(
                    resolve(&mut r, &documents),
                    Err(PersistedQueryError::Malformed(_))
                ),
                "{persisted}"
            );
        }
    }
}
