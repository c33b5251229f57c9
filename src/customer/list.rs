//! `customers`: the live customers of one environment, filtered, sorted and paged.
//!
//! Shapes are Stigg's (nestjs-query's): a [`Filter`] tree of comparisons joined by and/or, a
//! list of [`Sort`]s, and offset paging where a [`Cursor`] names the 0-based position of an
//! edge in the sorted, filtered list. One call runs at most two queries: the count and the
//! page.
//!
//! The same request means the same on SQLite and PostgreSQL:
//! - `like`/`notLike` are case-sensitive and `iLike`/`notILike` compare `LOWER(column)`
//!   with `LOWER(pattern)` (the SQLite connection runs with `case_sensitive_like=ON`);
//!   patterns use `%` and `_`, with `\` as the escape character on both backends. Case
//!   folding is ASCII-only on SQLite and follows the database's locale on PostgreSQL.
//! - Text is ordered and range-compared (`gt`…`lte`) by bytes: SQLite's default `BINARY`
//!   collation, `COLLATE "C"` on PostgreSQL.
//! - NULLs sort as the largest value unless the sort says otherwise (PostgreSQL's default,
//!   stated explicitly on both backends): last when ascending, first when descending.
//! - Comparisons follow SQL: `neq`, `notIn`, `notLike`… never match a NULL column.

use std::fmt;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{
    BinOper, Condition, Expr, Func, IntoCondition, LikeExpr, NullOrdering, Order, SimpleExpr,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::Customer;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::customer;

/// Page size when the request gives neither `first` nor `last` (Stigg's default paging is
/// `{first: 10}`).
pub const DEFAULT_PAGE_SIZE: u64 = 10;
/// Largest accepted `first` or `last`.
pub const MAX_PAGE_SIZE: i32 = 100;
/// Deepest accepted nesting of and/or groups in a filter.
pub const MAX_FILTER_DEPTH: usize = 16;
/// Most values a filter may hold in total (each comparison value and each element of an
/// `in`/`notIn` list counts one).
pub const MAX_FILTER_VALUES: usize = 1000;
/// Most comparisons (leaves) a filter may hold: SQLite refuses expression trees deeper than
/// 1000, and a long `or` list of comparisons becomes one.
pub const MAX_FILTER_COMPARISONS: usize = 200;
/// Most sort entries accepted.
pub const MAX_SORTS: usize = 10;

/// The escape character of `like` patterns (PostgreSQL's default, made explicit so that
/// SQLite, which has none by default, agrees).
const LIKE_ESCAPE: char = '\\';

/// What to list: a filter, an order and a page.
#[derive(Clone, Debug, Default)]
pub struct ListRequest {
    /// Which customers; `Filter::All(vec![])` (the default) matches every live customer.
    pub filter: Filter,
    /// The order, most significant first; empty means Stigg's default, `createdAt`
    /// descending. A final tie-breaker on `id` (ascending) is always added.
    pub sorting: Vec<Sort>,
    /// Which page.
    pub paging: PageRequest,
}

/// A filter over the live customers of the environment. Leaves compare one column; `All`
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

/// One sort key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub field: SortField,
    pub direction: Direction,
    /// Where NULLs go; `None` means largest (last ascending, first descending).
    pub nulls: Option<Nulls>,
}

/// A column customers can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortField {
    CreatedAt,
    UpdatedAt,
    Name,
    Email,
    /// The user-chosen id (`customerId`/`refId`).
    RefId,
    /// The internal id.
    Id,
}

/// Sort direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Asc,
    Desc,
}

/// Where NULLs sort.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nulls {
    First,
    Last,
}

/// The requested page, as sent (parsed by [`list`]). Relay semantics over offset cursors,
/// which include nestjs-query's: the list is cut to the edges after `after` and before
/// `before`, then `first` keeps the first n of them or `last` the last n. Neither `first`
/// nor `last` means `first: 10`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageRequest {
    /// 0..=100.
    pub first: Option<i32>,
    /// 0..=100; not together with `first`.
    pub last: Option<i32>,
    /// A [`Cursor`] as written on the wire.
    pub after: Option<String>,
    /// A [`Cursor`] as written on the wire.
    pub before: Option<String>,
}

/// A paging cursor: the 0-based offset of an edge in the sorted, filtered list, written as
/// nestjs-query writes it: base64 (standard alphabet, padded) of `arrayconnection:N`.
/// Parsing accepts padded or unpadded base64.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor(pub u64);

const CURSOR_PREFIX: &str = "arrayconnection:";
const CURSOR_DECODER: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

impl Cursor {
    /// Parses a wire cursor. Errors: `BadUserInput` (`what` names it in the message) when it
    /// is not base64 of `arrayconnection:N` with N a non-negative integer.
    pub fn parse(what: &str, raw: &str) -> Result<Cursor> {
        let bad = || Error::bad_input(format!("{what} is not a valid cursor: '{raw}'"));
        let bytes = CURSOR_DECODER.decode(raw).map_err(|_| bad())?;
        let text = std::str::from_utf8(&bytes).map_err(|_| bad())?;
        let digits = text.strip_prefix(CURSOR_PREFIX).ok_or_else(bad)?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        digits.parse().map(Cursor).map_err(|_| bad())
    }
}

impl fmt::Display for Cursor {
    /// The wire form: base64 of `arrayconnection:N`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&STANDARD.encode(format!("{CURSOR_PREFIX}{}", self.0)))
    }
}

/// One page of customers.
#[derive(Clone, Debug)]
pub struct CustomerPage {
    /// The customers of the page, in order, each with its cursor.
    pub edges: Vec<Edge>,
    /// True when customers follow the page.
    pub has_next_page: bool,
    /// True when customers precede the page.
    pub has_previous_page: bool,
    /// Number of customers matching the filter, over all pages.
    pub total_count: u64,
}

/// A customer and its cursor.
#[derive(Clone, Debug)]
pub struct Edge {
    pub cursor: Cursor,
    pub customer: Customer,
}

/// The live customers of `env` matching `request.filter`, in `request.sorting` order, one
/// page of them. Runs two queries (the count, then the page; the page query is skipped when
/// the page is empty); they are not one snapshot, so a write between them can make
/// `totalCount` and the page disagree by that write (nestjs-query counts separately too).
///
/// Errors (Stigg codes):
/// - `BadUserInput`: `first`/`last` outside 0..=100, both `first` and `last`, a malformed
///   cursor, a pattern ending with a lone `\`, a NUL character in a filter value, more than
///   [`MAX_FILTER_DEPTH`] nested and/or groups, more than [`MAX_FILTER_VALUES`] filter
///   values, more than [`MAX_SORTS`] sort entries.
/// - `UnsupportedParameter`: an `environmentId` filter other than `eq` with the request's
///   own environment.
/// - `UnexpectedError`: the database failed.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    request: ListRequest,
) -> Result<CustomerPage> {
    let paging = Paging::parse(&request.paging)?;
    check_filter(&request.filter, env, 0, &mut 0, &mut 0)?;
    if request.sorting.len() > MAX_SORTS {
        return Err(Error::bad_input(format!(
            "sorting accepts at most {MAX_SORTS} entries"
        )));
    }
    let backend = db.get_database_backend();

    let mut query = customer::Entity::find()
        .filter(customer::Column::EnvironmentId.eq(env.0))
        .filter(customer::Column::ArchivedAt.is_null());
    if let Some(condition) = condition(&request.filter, backend) {
        query = query.filter(condition);
    }

    let total_count = query.clone().count(db).await?;
    let (start, end) = paging.window(total_count);
    let customers = if end > start {
        let mut sorted = query;
        for sort in effective_sorting(&request.sorting) {
            let (order, nulls) = order(sort);
            sorted = sorted.order_by_with_nulls(sort_expr(sort.field, backend), order, nulls);
        }
        sorted.offset(start).limit(end - start).all(db).await?
    } else {
        Vec::new()
    };

    let fetched = customers.len() as u64;
    let edges = customers
        .into_iter()
        .zip(start..)
        .map(|(customer, offset)| Edge {
            cursor: Cursor(offset),
            customer,
        })
        .collect();
    Ok(CustomerPage {
        edges,
        has_next_page: start.saturating_add(fetched) < total_count,
        has_previous_page: start > 0,
        total_count,
    })
}

/// A parsed [`PageRequest`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Paging {
    size: Size,
    after: Option<Cursor>,
    before: Option<Cursor>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Size {
    First(u64),
    Last(u64),
}

impl Paging {
    fn parse(request: &PageRequest) -> Result<Paging> {
        let size = match (request.first, request.last) {
            (Some(_), Some(_)) => {
                return Err(Error::bad_input("paging accepts first or last, not both"))
            }
            (Some(n), None) => Size::First(page_size("paging.first", n)?),
            (None, Some(n)) => Size::Last(page_size("paging.last", n)?),
            (None, None) => Size::First(DEFAULT_PAGE_SIZE),
        };
        let cursor = |what: &str, raw: &Option<String>| {
            raw.as_deref().map(|c| Cursor::parse(what, c)).transpose()
        };
        Ok(Paging {
            size,
            after: cursor("paging.after", &request.after)?,
            before: cursor("paging.before", &request.before)?,
        })
    }

    /// The offsets `start..end` of the page's edges in a list of `total` edges.
    fn window(&self, total: u64) -> (u64, u64) {
        let lo = self.after.map_or(0, |c| c.0.saturating_add(1)).min(total);
        let hi = self.before.map_or(total, |c| c.0).clamp(lo, total);
        match self.size {
            Size::First(n) => (lo, lo.saturating_add(n).min(hi)),
            Size::Last(n) => (hi.saturating_sub(n).max(lo), hi),
        }
    }
}

fn page_size(what: &str, n: i32) -> Result<u64> {
    if (0..=MAX_PAGE_SIZE).contains(&n) {
        Ok(n.unsigned_abs().into())
    } else {
        Err(Error::bad_input(format!(
            "{what} must be between 0 and {MAX_PAGE_SIZE}, got {n}"
        )))
    }
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

/// The SQL condition of a filter; `None` when it constrains nothing.
fn condition(filter: &Filter, backend: DbBackend) -> Option<Condition> {
    match filter {
        Filter::All(filters) => {
            let parts: Vec<Condition> = filters
                .iter()
                .filter_map(|f| condition(f, backend))
                .collect();
            (!parts.is_empty()).then(|| parts.into_iter().fold(Condition::all(), Condition::add))
        }
        Filter::Any(filters) => {
            // An unconstrained member makes the whole `Any` true; an empty `Any` is ignored.
            let parts: Option<Vec<Condition>> =
                filters.iter().map(|f| condition(f, backend)).collect();
            parts
                .filter(|p| !p.is_empty())
                .map(|p| p.into_iter().fold(Condition::any(), Condition::add))
        }
        Filter::Text(field, op) => Some(text_condition(*field, op, backend).into_condition()),
        Filter::Time(field, op) => Some(time_condition(*field, op).into_condition()),
        Filter::Id(op) => Some(id_condition(customer::Column::Id, op).into_condition()),
        Filter::EnvironmentId(op) => {
            Some(id_condition(customer::Column::EnvironmentId, op).into_condition())
        }
        Filter::Search(value) => {
            let pattern = format!("%{value}%");
            Some(
                [TextField::RefId, TextField::Name, TextField::Email]
                    .into_iter()
                    .fold(Condition::any(), |any, field| {
                        any.add(ilike(column(text_column(field)), pattern.clone(), false))
                    }),
            )
        }
    }
}

fn column(col: customer::Column) -> SimpleExpr {
    Expr::col((customer::Entity, col)).into()
}

fn text_column(field: TextField) -> customer::Column {
    match field {
        TextField::RefId => customer::Column::RefId,
        TextField::Name => customer::Column::Name,
        TextField::Email => customer::Column::Email,
        TextField::BillingId => customer::Column::BillingId,
        TextField::CrmId => customer::Column::CrmId,
        TextField::SalesforceId => customer::Column::SalesforceId,
        TextField::AwsMarketplaceCustomerId => customer::Column::AwsMarketplaceCustomerId,
    }
}

/// A text column for ordering and range comparison: compared by bytes on both backends.
fn byte_ordered(col: customer::Column, backend: DbBackend) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => Expr::cust_with_expr(r#"$1 COLLATE "C""#, column(col)),
        _ => column(col),
    }
}

fn text_condition(field: TextField, op: &TextOp, backend: DbBackend) -> SimpleExpr {
    let col = text_column(field);
    let plain = || Expr::col((customer::Entity, col));
    let ordered = || Expr::expr(byte_ordered(col, backend));
    let like = |p: &str| LikeExpr::new(p).escape(LIKE_ESCAPE);
    match op {
        TextOp::Eq(v) => plain().eq(v.as_str()),
        TextOp::Neq(v) => plain().ne(v.as_str()),
        TextOp::Gt(v) => ordered().gt(v.as_str()),
        TextOp::Gte(v) => ordered().gte(v.as_str()),
        TextOp::Lt(v) => ordered().lt(v.as_str()),
        TextOp::Lte(v) => ordered().lte(v.as_str()),
        TextOp::In(list) => plain().is_in(list.iter().map(String::as_str)),
        TextOp::NotIn(list) => plain().is_not_in(list.iter().map(String::as_str)),
        TextOp::Like(p) => plain().like(like(p)),
        TextOp::NotLike(p) => plain().not_like(like(p)),
        TextOp::ILike(p) => ilike(column(col), p.clone(), false),
        TextOp::NotILike(p) => ilike(column(col), p.clone(), true),
    }
}

/// `LOWER(expr) [NOT] LIKE LOWER(pattern) ESCAPE '\'`: the same function folds both sides,
/// so the match is case-insensitive on both backends.
fn ilike(expr: SimpleExpr, pattern: String, negate: bool) -> SimpleExpr {
    let lhs: SimpleExpr = Func::lower(expr).into();
    let rhs = SimpleExpr::Binary(
        Box::new(Func::lower(Expr::val(pattern)).into()),
        BinOper::Escape,
        Box::new(SimpleExpr::Constant(LIKE_ESCAPE.into())),
    );
    let op = if negate {
        BinOper::NotLike
    } else {
        BinOper::Like
    };
    SimpleExpr::Binary(Box::new(lhs), op, Box::new(rhs))
}

fn time_condition(field: TimeField, op: &TimeOp) -> SimpleExpr {
    let col = Expr::col((
        customer::Entity,
        match field {
            TimeField::CreatedAt => customer::Column::CreatedAt,
            TimeField::UpdatedAt => customer::Column::UpdatedAt,
        },
    ));
    match op {
        TimeOp::Eq(t) => col.eq(*t),
        TimeOp::Neq(t) => col.ne(*t),
        TimeOp::Gt(t) => col.gt(*t),
        TimeOp::Gte(t) => col.gte(*t),
        TimeOp::Lt(t) => col.lt(*t),
        TimeOp::Lte(t) => col.lte(*t),
        TimeOp::In(list) => col.is_in(list.iter().copied()),
        TimeOp::NotIn(list) => col.is_not_in(list.iter().copied()),
        TimeOp::Between(lower, upper) => col.between(*lower, *upper),
        TimeOp::NotBetween(lower, upper) => col.not_between(*lower, *upper),
    }
}

fn id_condition(col: customer::Column, op: &IdOp) -> SimpleExpr {
    let col = Expr::col((customer::Entity, col));
    match op {
        IdOp::Eq(id) => col.eq(*id),
        IdOp::Neq(id) => col.ne(*id),
        IdOp::Gt(id) => col.gt(*id),
        IdOp::Gte(id) => col.gte(*id),
        IdOp::Lt(id) => col.lt(*id),
        IdOp::Lte(id) => col.lte(*id),
        IdOp::In(list) => col.is_in(list.iter().copied()),
        IdOp::NotIn(list) => col.is_not_in(list.iter().copied()),
    }
}

/// The requested sorts (Stigg's default when none), then `id` ascending unless already
/// sorted by `id`, so that every position — and so every cursor — is stable.
fn effective_sorting(requested: &[Sort]) -> Vec<Sort> {
    let mut sorts = if requested.is_empty() {
        vec![Sort {
            field: SortField::CreatedAt,
            direction: Direction::Desc,
            nulls: None,
        }]
    } else {
        requested.to_vec()
    };
    if !sorts.iter().any(|s| s.field == SortField::Id) {
        sorts.push(Sort {
            field: SortField::Id,
            direction: Direction::Asc,
            nulls: None,
        });
    }
    sorts
}

fn order(sort: Sort) -> (Order, NullOrdering) {
    let order = match sort.direction {
        Direction::Asc => Order::Asc,
        Direction::Desc => Order::Desc,
    };
    let nulls = match (sort.nulls, sort.direction) {
        (Some(Nulls::First), _) | (None, Direction::Desc) => NullOrdering::First,
        (Some(Nulls::Last), _) | (None, Direction::Asc) => NullOrdering::Last,
    };
    (order, nulls)
}

fn sort_expr(field: SortField, backend: DbBackend) -> SimpleExpr {
    match field {
        SortField::CreatedAt => column(customer::Column::CreatedAt),
        SortField::UpdatedAt => column(customer::Column::UpdatedAt),
        SortField::Id => column(customer::Column::Id),
        SortField::Name => byte_ordered(customer::Column::Name, backend),
        SortField::Email => byte_ordered(customer::Column::Email, backend),
        SortField::RefId => byte_ordered(customer::Column::RefId, backend),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::QueryTrait;

    fn paging(
        first: Option<i32>,
        last: Option<i32>,
        after: Option<u64>,
        before: Option<u64>,
    ) -> Paging {
        Paging::parse(&PageRequest {
            first,
            last,
            after: after.map(|n| Cursor(n).to_string()),
            before: before.map(|n| Cursor(n).to_string()),
        })
        .expect("valid paging")
    }

    #[test]
    fn cursors_are_base64_of_arrayconnection_offsets() {
        assert_eq!(Cursor(0).to_string(), "YXJyYXljb25uZWN0aW9uOjA=");
        assert_eq!(Cursor(12).to_string(), "YXJyYXljb25uZWN0aW9uOjEy");
        for n in [0, 1, 9, 10, 99, 12345] {
            assert_eq!(
                Cursor::parse("c", &Cursor(n).to_string()).ok(),
                Some(Cursor(n))
            );
        }
        // unpadded is accepted too
        assert_eq!(
            Cursor::parse("c", "YXJyYXljb25uZWN0aW9uOjA").ok(),
            Some(Cursor(0))
        );
        let encode = |s: &str| STANDARD.encode(s);
        for bad in [
            "".to_owned(),
            "not base64!".to_owned(),
            encode("arrayconnection:"),
            encode("arrayconnection:-1"),
            encode("arrayconnection:+1"),
            encode("arrayconnection:1.5"),
            encode("arrayconnection:99999999999999999999999"),
            encode("cursor:1"),
        ] {
            let err = Cursor::parse("paging.after", &bad).expect_err(&bad);
            assert_eq!(err.code(), "BadUserInput");
        }
    }

    #[test]
    fn windows_follow_relay_over_offsets() {
        // forward
        assert_eq!(paging(None, None, None, None).window(25), (0, 10));
        assert_eq!(paging(Some(3), None, None, None).window(25), (0, 3));
        assert_eq!(paging(Some(3), None, Some(2), None).window(25), (3, 6));
        assert_eq!(paging(Some(10), None, Some(20), None).window(25), (21, 25));
        assert_eq!(paging(Some(10), None, Some(30), None).window(25), (25, 25));
        assert_eq!(paging(Some(10), None, None, Some(4)).window(25), (0, 4));
        assert_eq!(paging(Some(0), None, None, None).window(25), (0, 0));
        // backward: the n edges immediately before `before`
        assert_eq!(paging(None, Some(3), None, Some(10)).window(25), (7, 10));
        assert_eq!(paging(None, Some(3), None, Some(2)).window(25), (0, 2));
        assert_eq!(paging(None, Some(3), None, None).window(25), (22, 25));
        assert_eq!(
            paging(None, Some(3), Some(20), Some(22)).window(25),
            (21, 22)
        );
        assert_eq!(paging(None, Some(3), None, Some(99)).window(25), (22, 25));
        // empty list
        assert_eq!(paging(None, Some(3), None, None).window(0), (0, 0));
        assert_eq!(paging(None, None, Some(5), None).window(0), (0, 0));
    }

    #[test]
    fn page_sizes_are_bounded_and_exclusive() {
        let parse = |first, last| {
            Paging::parse(&PageRequest {
                first,
                last,
                ..Default::default()
            })
        };
        assert!(parse(Some(100), None).is_ok());
        assert!(parse(None, Some(0)).is_ok());
        for (first, last) in [
            (Some(101), None),
            (Some(-1), None),
            (None, Some(101)),
            (None, Some(i32::MIN)),
            (Some(1), Some(1)),
        ] {
            assert_eq!(
                parse(first, last).map(|_| ()).map_err(|e| e.code().name()),
                Err("BadUserInput"),
                "{first:?} {last:?}"
            );
        }
    }

    #[test]
    fn patterns_must_not_end_with_a_lone_escape() {
        assert!(check_pattern(r"a\%b").is_ok());
        assert!(check_pattern(r"a\\").is_ok());
        assert!(check_pattern(r"a\").is_err());
        assert!(check_pattern(r"a\\\").is_err());
    }

    #[test]
    fn sql_is_the_same_on_both_backends_up_to_syntax() {
        let filter = Filter::All(vec![
            Filter::Text(TextField::Name, TextOp::ILike("a%".into())),
            Filter::Text(TextField::Email, TextOp::Like("b\\_%".into())),
            Filter::Text(TextField::RefId, TextOp::Gt("m".into())),
        ]);
        let render = |backend| {
            let mut q = customer::Entity::find();
            if let Some(c) = condition(&filter, backend) {
                q = q.filter(c);
            }
            for sort in effective_sorting(&[Sort {
                field: SortField::Name,
                direction: Direction::Asc,
                nulls: None,
            }]) {
                let (o, n) = order(sort);
                q = q.order_by_with_nulls(sort_expr(sort.field, backend), o, n);
            }
            q.build(backend).sql
        };
        let sqlite = render(DbBackend::Sqlite);
        let pg = render(DbBackend::Postgres);
        assert!(
            sqlite.contains(r#"LOWER("customers"."name") LIKE LOWER(?) ESCAPE '\'"#),
            "{sqlite}"
        );
        assert!(
            sqlite.contains(r#""customers"."email" LIKE ? ESCAPE '\'"#),
            "{sqlite}"
        );
        assert!(sqlite.contains(r#""customers"."ref_id" > ?"#), "{sqlite}");
        assert!(
            sqlite.contains(
                r#"ORDER BY "customers"."name" ASC NULLS LAST, "customers"."id" ASC NULLS LAST"#
            ),
            "{sqlite}"
        );
        assert!(
            pg.contains(r#"("customers"."ref_id" COLLATE "C") > $3"#),
            "{pg}"
        );
        assert!(
            pg.contains(r#"ORDER BY "customers"."name" COLLATE "C" ASC NULLS LAST"#),
            "{pg}"
        );
        assert!(
            pg.contains(r#"LOWER("customers"."name") LIKE LOWER($1) ESCAPE E'\\'"#),
            "{pg}"
        );
    }

    #[test]
    fn unconstrained_groups_add_no_condition() {
        assert!(condition(&Filter::default(), DbBackend::Sqlite).is_none());
        assert!(condition(&Filter::Any(vec![]), DbBackend::Sqlite).is_none());
        let any_with_true = Filter::Any(vec![
            Filter::All(vec![]),
            Filter::Text(TextField::Name, TextOp::Eq("x".into())),
        ]);
        assert!(condition(&any_with_true, DbBackend::Sqlite).is_none());
    }

    #[test]
    fn environment_filters_only_name_the_own_environment() {
        let env = EnvironmentId(Uuid::new_v4());
        let check =
            |f: Filter| check_filter(&f, env, 0, &mut 0, &mut 0).map_err(|e| e.code().name());
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
