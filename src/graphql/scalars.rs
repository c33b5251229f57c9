//! Stigg's custom scalars: `DateTime` (RFC 3339, UTC, milliseconds, `Z`), `JSON` (any JSON
//! value) and `ConnectionCursor` (an opaque paging cursor). `UUID` is async-graphql's.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{SecondsFormat, Utc};

/// Stigg `DateTime`: a UTC instant written as `2022-09-20T09:59:22.324Z`. Input accepts any
/// RFC 3339 time (any offset; converted to UTC) at full precision, so filter bounds compare
/// exactly; what is stored is truncated to milliseconds by the domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime(pub chrono::DateTime<Utc>);

/// A UTC instant in RFC 3339 with milliseconds, e.g. `2022-09-20T09:59:22.324Z`. Input may
/// use any offset (converted to UTC); stored times are truncated to milliseconds.
#[Scalar(name = "DateTime")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
                .map(|t| DateTime(crate::time::without_leap_second(t.with_timezone(&Utc))))
                .map_err(|_| {
                    InputValueError::custom(format!(
                        "'{s}' is not an RFC 3339 date-time such as 2022-09-20T09:59:22.324Z"
                    ))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(t: chrono::DateTime<Utc>) -> Self {
        DateTime(t)
    }
}

/// Stigg `JSON`: any JSON value (objects for metadata).
pub type Json = async_graphql::Json<serde_json::Value>;

/// Stigg `ConnectionCursor`: an opaque cursor of a paged connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionCursor(pub String);

/// An opaque paging cursor: pass an edge's `cursor` as `paging.after` or `paging.before`.
#[Scalar(name = "ConnectionCursor")]
impl ScalarType for ConnectionCursor {
    fn parse(value: Value) -> InputValueResult<Self> {
        match value {
            Value::String(s) => Ok(ConnectionCursor(s)),
            other => Err(InputValueError::expected_type(other)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}
