//! The filter of `customers`: a tree of comparisons of customer columns joined by and/or
//! (nestjs-query's shape, decoded from Stigg's `CustomerFilter`), and the checks that bound
//! its size before it becomes SQL (see [`super::sql`]).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::environment::EnvironmentId;
use crate::error::{Error, Result};

/// Deepest accepted nesting of and/or groups in a filter.
pub const MAX_FILTER_DEPTH: usize = 16;
/// Most values a filter may hold in total (each comparison value and each element of an
/// `in`/`notIn` list counts one).
pub const MAX_FILTER_VALUES: usize = 1000;
/// Most comparisons (leaves) a filter may hold: SQLite refuses expression trees deeper than
/// 1000, and a long `or` list of comparisons becomes one.
pub const MAX_FILTER_COMPARISONS: usize = 200;

/// The escape character of `like` patterns (PostgreSQL's default, made explicit so that
/// SQLite, which has none by default, agrees).
pub(super) const LIKE_ESCAPE: char = '\\';

/// and `Any` join filters (an empty `All` or `Any` constrains nothing, as in nestjs-query).
#[derive(Clone, Debug)]
pub enum Filter {
    /// Every filter must match (SQL `AND`).
    All(Vec<Filter>),
    /// At least one filter must match (SQL `OR`).
    Any(Vec<Filter>),
    /// Compares a text column.
    Text(TextField, TextOp),
    /// Compares a time column.
    Time(TimeField, TimeOp),
    /// Compares the internal id.
    Id(IdOp),
    /// Compares the environment id. Only `Eq` with the request's own environment is
    /// supported (a key never sees another environment).
    EnvironmentId(IdOp),
    /// Stigg's `searchQuery`: `iLike '%value%'` against the customer id, name or email (the
    /// value is itself a pattern; wrapping it in `%` makes a plain word a substring search).
    Search(String),
}

impl Default for Filter {
    fn default() -> Self {
        Filter::All(Vec::new())
    }
}

/// A text column of the customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    /// The user-chosen id (Stigg's `customerId` and `refId`).
    RefId,
    Name,
    Email,
    BillingId,
    CrmId,
    SalesforceId,
    AwsMarketplaceCustomerId,
}

/// A time column of the customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeField {
    CreatedAt,
    UpdatedAt,
}

/// A comparison of a text column. Patterns (`Like`…`NotILike`) use `%` (any run) and `_`
/// (one character), `\` escapes the next character; a pattern must not end with a lone `\`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextOp {
    Eq(String),
    Neq(String),
    Gt(String),
    Gte(String),
    Lt(String),
    Lte(String),
    In(Vec<String>),
    NotIn(Vec<String>),
    /// Case-sensitive pattern match.
    Like(String),
    NotLike(String),
    /// Case-insensitive pattern match.
    ILike(String),
    NotILike(String),
}

/// A comparison of a time column. `Between` and `NotBetween` include both bounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeOp {
    Eq(DateTime<Utc>),
    Neq(DateTime<Utc>),
    Gt(DateTime<Utc>),
    Gte(DateTime<Utc>),
    Lt(DateTime<Utc>),
    Lte(DateTime<Utc>),
    In(Vec<DateTime<Utc>>),
    NotIn(Vec<DateTime<Utc>>),
    Between(DateTime<Utc>, DateTime<Utc>),
    NotBetween(DateTime<Utc>, DateTime<Utc>),
}

/// A comparison of a UUID column (ordered by the UUID's bytes on both backends).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdOp {
    Eq(Uuid),
    Neq(Uuid),
    Gt(Uuid),
    Gte(Uuid),
    Lt(Uuid),
    Lte(Uuid),
    In(Vec<Uuid>),
    NotIn(Vec<Uuid>),
}

/// Checks a filter before it becomes SQL. Errors: `BadUserInput` (more than
/// [`MAX_FILTER_DEPTH`] nested and/or groups, more than [`MAX_FILTER_VALUES`] values or
/// [`MAX_FILTER_COMPARISONS`] comparisons, a NUL character in a value, a pattern ending with a
/// lone `\`), `UnsupportedParameter` (an `environmentId` comparison other than `eq` with
/// `env`).
pub(super) fn check(filter: &Filter, env: EnvironmentId) -> Result<()> {
    check_filter(filter, env, 0, &mut 0, &mut 0)
}

/// Checks nesting, value counts, comparison counts, patterns and the environment of a filter.
fn check_filter(
    filter: &Filter,
    env: EnvironmentId,
    depth: usize,
    values: &mut usize,
    comparisons: &mut usize,
) -> Result<()> {
    let mut count = |n: usize| {
        *values = values.saturating_add(n);
        if *values > MAX_FILTER_VALUES {
            Err(Error::bad_input(format!(
                "filter holds more than {MAX_FILTER_VALUES} values"
            )))
        } else {
            Ok(())
        }
    };
    if !matches!(filter, Filter::All(_) | Filter::Any(_)) {
        *comparisons += 1;
        if *comparisons > MAX_FILTER_COMPARISONS {
            return Err(Error::bad_input(format!(
                "filter holds more than {MAX_FILTER_COMPARISONS} comparisons; use `in` for long lists"
            )));
        }
    }
    match filter {
        Filter::All(filters) | Filter::Any(filters) => {
            if depth >= MAX_FILTER_DEPTH {
                return Err(Error::bad_input(format!(
                    "filter nests and/or groups more than {MAX_FILTER_DEPTH} levels deep"
                )));
            }
            for f in filters {
                check_filter(f, env, depth + 1, values, comparisons)?;
            }
            Ok(())
        }
        Filter::Text(_, op) => {
            let texts: &[String] = match op {
                TextOp::In(list) | TextOp::NotIn(list) => list,
                TextOp::Eq(v)
                | TextOp::Neq(v)
                | TextOp::Gt(v)
                | TextOp::Gte(v)
                | TextOp::Lt(v)
                | TextOp::Lte(v)
                | TextOp::Like(v)
                | TextOp::NotLike(v)
                | TextOp::ILike(v)
                | TextOp::NotILike(v) => std::slice::from_ref(v),
            };
            count(texts.len())?;
            if texts.iter().any(|t| t.contains('\0')) {
                return Err(Error::bad_input(
                    "filter values must not contain NUL characters",
                ));
            }
            match op {
                TextOp::Like(p) | TextOp::NotLike(p) | TextOp::ILike(p) | TextOp::NotILike(p) => {
                    check_pattern(p)
                }
                _ => Ok(()),
            }
        }
        Filter::Search(p) => {
            count(1)?;
            if p.contains('\0') {
                return Err(Error::bad_input(
                    "filter values must not contain NUL characters",
                ));
            }
            check_pattern(p)
        }
        Filter::Time(_, op) => count(match op {
            TimeOp::In(list) | TimeOp::NotIn(list) => list.len(),
            TimeOp::Between(..) | TimeOp::NotBetween(..) => 2,
            _ => 1,
        }),
        Filter::Id(op) => count(id_values(op)),
        Filter::EnvironmentId(op) => match op {
            IdOp::Eq(id) if *id == env.0 => count(1),
            _ => Err(Error::UnsupportedParameter(
                "filter environmentId: only eq with this API key's environment is supported".into(),
            )),
        },
    }
}

fn id_values(op: &IdOp) -> usize {
    match op {
        IdOp::In(list) | IdOp::NotIn(list) => list.len(),
        _ => 1,
    }
}

/// A pattern must not end with an escape character that escapes nothing (PostgreSQL
/// rejects it; SQLite would silently match nothing).
fn check_pattern(pattern: &str) -> Result<()> {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == LIKE_ESCAPE && chars.next().is_none() {
            return Err(Error::bad_input(format!(
                "pattern '{pattern}' ends with the escape character '\\'; write '\\\\' for a literal backslash"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_must_not_end_with_a_lone_escape() {
        assert!(check_pattern(r"a\%b").is_ok());
        assert!(check_pattern(r"a\\").is_ok());
        assert!(check_pattern(r"a\").is_err());
        assert!(check_pattern(r"a\\\").is_err());
    }

    #[test]
    fn environment_filters_only_name_the_own_environment() {
        let env = EnvironmentId(Uuid::new_v4());
        let check = |f: Filter| check(&f, env).map_err(|e| e.code().name());
        assert_eq!(check(Filter::EnvironmentId(IdOp::Eq(env.0))), Ok(()));
        assert_eq!(
            check(Filter::EnvironmentId(IdOp::Eq(Uuid::new_v4()))),
            Err("UnsupportedParameter")
        );
        assert_eq!(
            check(Filter::EnvironmentId(IdOp::Neq(env.0))),
            Err("UnsupportedParameter")
        );
    }
}
