//! `customers`: the live customers of one environment, filtered, sorted and paged.
//!
//! Shapes are Stigg's (nestjs-query's): a [`Filter`] tree of comparisons joined by and/or, a
//! list of [`Sort`]s, and offset paging ([`crate::paging`]) where a cursor names the 0-based position of an
//! edge in the sorted, filtered list. One call runs at most two queries: the count (only
//! when `totalCount` is wanted) and the page.
//!
//! The same request means the same on SQLite and PostgreSQL:
//! - `like`/`notLike` are case-sensitive (the SQLite connection runs with
//!   `case_sensitive_like=ON`); `iLike`/`notILike`/`searchQuery` compare the stored Unicode
//!   simple case fold of the column (`entity::case_fold`, written with every change) with
//!   the same fold of the pattern, so `ÉCOLE` matches `%école%` on both backends, whatever
//!   PostgreSQL's locale. Patterns use `%` and `_`, with `\` as the escape character.
//! - Text is ordered and range-compared (`gt`…`lte`) by bytes: SQLite's default `BINARY`
//!   collation, `COLLATE "C"` on PostgreSQL.
//! - NULLs sort as the largest value unless the sort says otherwise (PostgreSQL's default,
//!   stated explicitly on both backends): last when ascending, first when descending.
//! - Comparisons follow SQL: `neq`, `notIn`, `notLike`… never match a NULL column.
//!
//! The parts: [`filter`] (what to list, and its size limits), [`sort`] (the order), [`sql`]
//! (both as SQL); paging is the shared [`crate::paging`].

mod filter;
mod sort;
mod sql;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use tracing::instrument;

pub use self::filter::{
    Filter, IdOp, TextField, TextOp, TimeField, TimeOp, MAX_FILTER_COMPARISONS, MAX_FILTER_DEPTH,
    MAX_FILTER_VALUES,
};
pub use self::sort::{Direction, Nulls, Sort, SortField, MAX_SORTS};
use super::Customer;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::paging::{Page, PageRequest, Paging};
use entity::customer;

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

/// The live customers of `env` matching `request.filter`, in `request.sorting` order, one
/// page of them. With the total count wanted (`request.paging.total`) it runs two queries
/// (the count, then the page; the page query is skipped when the page is empty); they are
/// not one snapshot, so a write between them can make `totalCount` and the page disagree by
/// that write (nestjs-query counts separately too). Without, it reads the page and one row
/// more ([`Paging::load`]); with Stigg's default order (`createdAt` descending, then `id`)
/// the page is read from the index `ix_customers_environment_created_at_id` without sorting
/// the list.
///
/// Errors (Stigg codes):
/// - `BadUserInput`: `first`/`last` outside 0..=100, both `first` and `last`, a malformed
///   cursor, a pattern ending with a lone `\`, a NUL character in a filter value, more than
///   [`MAX_FILTER_DEPTH`] nested and/or groups, more than [`MAX_FILTER_VALUES`] filter
///   values, more than [`MAX_SORTS`] sort entries.
/// - `UnsupportedParameter`: an `environmentId` filter other than `eq` with the request's
///   own environment.
/// - `UnexpectedError`: the database failed.
#[instrument(name = "customer.list", skip_all, fields(environment_id = %env.0))]
pub async fn list<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    request: ListRequest,
) -> Result<Page<Customer>> {
    let paging = Paging::parse(&request.paging)?;
    filter::check(&request.filter, env)?;
    if request.sorting.len() > MAX_SORTS {
        return Err(Error::bad_input(format!(
            "sorting accepts at most {MAX_SORTS} entries"
        )));
    }
    let backend = db.get_database_backend();

    let mut query = customer::Entity::find()
        .filter(customer::Column::EnvironmentId.eq(env.0))
        .filter(customer::Column::ArchivedAt.is_null());
    if let Some(condition) = sql::condition(&request.filter, backend) {
        query = query.filter(condition);
    }

    let mut sorted = query.clone();
    let by_key = sql::picks_by_key(&request.filter);
    for sort in sort::effective_sorting(&request.sorting) {
        sorted = sql::order_by(sorted, sort, backend, by_key);
    }
    paging
        .load(
            move || async move { Ok::<_, Error>(query.count(db).await?) },
            |offset, limit| {
                let page = sorted.clone().offset(offset).limit(limit);
                async move { Ok::<_, Error>(page.all(db).await?) }
            },
        )
        .await
}
