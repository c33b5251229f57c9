//! `getCustomerByRefId`: read one live customer.

use std::sync::OnceLock;

use sea_orm::{
    sea_query::Expr, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult as _,
    QueryFilter, QueryOrder as _, QuerySelect as _, QueryTrait as _, Statement,
};
use uuid::Uuid;

use super::{Customer, CustomerRefId};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::customer;

/// The live (not archived) customer `ref_id` of `env`.
/// Errors: `BadUserInput` (malformed id), `CustomerNotFound` (unknown or archived).
/// Its span is at debug level: this read runs on most requests, and a span costs at info.
#[tracing::instrument(name = "customer.get", level = "debug", skip_all, fields(environment_id = %env.0, customer_ref_id = ref_id))]
pub async fn get<C: ConnectionTrait>(db: &C, env: EnvironmentId, ref_id: &str) -> Result<Customer> {
    let ref_id = CustomerRefId::parse(ref_id)?;
    find_any(db, env, &ref_id)
        .await?
        .filter(|c| c.archived_at.is_none())
        .ok_or_else(|| Error::CustomerNotFound {
            ref_id: ref_id.to_string(),
        })
}

/// The customer row with internal id `id`, archived or not. Errors: `UnexpectedError` when
/// there is none (callers hold an id read from a row that references it).
pub async fn find_by_id<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Customer> {
    customer::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("customer {id} not found")))
}

/// The row holding `ref_id` in `env`, archived or not (at most one: the unique index on
/// environment and refId).
///
/// Its statement's text is built once per backend by SeaORM's own query builder
/// ([`by_ref_id`]) and kept; each call binds its two values to it. Building the text took
/// about a tenth of plangate's CPU on a `getCustomerByRefId` (perf, 2026-12-02, PostgreSQL:
/// 24 quoted column names per request), the same finding as the entitlement check's
/// statement (`entitlement::snapshot::check_statement`).
pub async fn find_any<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    ref_id: &CustomerRefId,
) -> Result<Option<Customer>> {
    Ok(
        Customer::find_by_statement(find_any_statement(db.get_database_backend(), env, ref_id))
            .one(db)
            .await?,
    )
}

/// [`find_any`]'s statement on `backend`: the kept text of [`by_ref_id`] with the values of
/// `env` and `ref_id`, bound in the order the builder binds them (environment, then refId).
fn find_any_statement(backend: DbBackend, env: EnvironmentId, ref_id: &CustomerRefId) -> Statement {
    static TEXT: [OnceLock<String>; 3] = [const { OnceLock::new() }; 3];
    let slot = match backend {
        DbBackend::Postgres => 0,
        DbBackend::Sqlite => 1,
        DbBackend::MySql => 2,
    };
    let sql =
        TEXT[slot].get_or_init(|| by_ref_id(EnvironmentId(Uuid::nil()), "").build(backend).sql);
    Statement::from_sql_and_values(
        backend,
        sql.as_str(),
        [env.0.into(), ref_id.as_str().into()],
    )
}

/// Every column of the customer `ref_id` of `env`, as SeaORM selects a model.
fn by_ref_id(env: EnvironmentId, ref_id: &str) -> sea_orm::Select<customer::Entity> {
    customer::Entity::find()
        .filter(customer::Column::EnvironmentId.eq(env.0))
        .filter(customer::Column::RefId.eq(ref_id))
}

/// Locks the rows of the customers `ref_ids` of `env` that exist (archived or not) until the
/// caller's write transaction ends, all in one statement and in refId order (PostgreSQL:
/// `SELECT … ORDER BY ref_id FOR UPDATE` locks the rows in the order it returns them). A
/// write that touches several customers calls this before anything else, so that every such
/// write takes its customer locks in one order and two of them never wait for each other
/// (found by the fresh-user trial, 2026-12-02: bulk usage reports, event reports and imports
/// listing the same customers in different orders deadlocked on PostgreSQL, "deadlock
/// detected", and held the pool meanwhile). On SQLite it does nothing: the write transaction
/// already holds the database's write lock. Errors: `UnexpectedError` (database).
pub async fn lock_in_order<'a, C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    ref_ids: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let ref_ids: std::collections::BTreeSet<&str> = ref_ids.into_iter().collect();
    if ref_ids.is_empty() {
        return Ok(());
    }
    customer::Entity::find()
        .select_only()
        .column(customer::Column::Id)
        .filter(customer::Column::EnvironmentId.eq(env.0))
        .filter(customer::Column::RefId.is_in(ref_ids))
        .order_by_asc(customer::Column::RefId)
        .lock_exclusive()
        .into_tuple::<Uuid>()
        .all(txn)
        .await?;
    Ok(())
}

/// The customers `ref_ids` of `env` that exist (archived or not), in refId order, their rows
/// locked until the caller's write transaction ends, as [`lock_in_order`] locks them (on
/// PostgreSQL in one statement, so no customer committed between a lock and a look-up goes
/// unlocked; on SQLite in chunks of 500 ids, the write lock being held already). For a write
/// that changes several existing customers: found by the fresh-user trial, 2026-12-02,
/// concurrent rotated `importCustomersBulk` calls deadlocked. Errors: `UnexpectedError`.
pub async fn find_many_locked<'a, C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    ref_ids: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<Customer>> {
    let ref_ids: Vec<&str> = ref_ids
        .into_iter()
        .collect::<std::collections::BTreeSet<&str>>()
        .into_iter()
        .collect();
    let select = |ids: &[&str]| {
        customer::Entity::find()
            .filter(customer::Column::EnvironmentId.eq(env.0))
            .filter(customer::Column::RefId.is_in(ids.iter().copied()))
            .order_by_asc(customer::Column::RefId)
    };
    if ref_ids.is_empty() {
        return Ok(Vec::new());
    }
    if txn.get_database_backend() == DbBackend::Postgres {
        return Ok(select(&ref_ids).lock_exclusive().all(txn).await?);
    }
    let mut found = Vec::new();
    for chunk in ref_ids.chunks(500) {
        found.extend(select(chunk).all(txn).await?);
    }
    Ok(found)
}

/// Locks the live customer `ref_id` inside the caller's write transaction and answers it: a
/// write first (a no-op update), so it takes the row lock (PostgreSQL) or the write lock
/// (SQLite) before the read, and concurrent changes of one customer serialize instead of
/// failing. Errors: `CustomerNotFound` (unknown or archived).
pub async fn lock_live<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    ref_id: &CustomerRefId,
) -> Result<Customer> {
    let by_ref = customer::Column::EnvironmentId
        .eq(env.0)
        .and(customer::Column::RefId.eq(ref_id.as_str()));
    if !lock_where(txn, by_ref).await? {
        return Err(Error::CustomerNotFound {
            ref_id: ref_id.to_string(),
        });
    }
    get(txn, env, ref_id.as_str()).await
}

/// [`lock_live`] by internal id; `None` when the customer is archived or gone.
pub async fn lock_live_by_id<C: ConnectionTrait>(txn: &C, id: Uuid) -> Result<Option<Customer>> {
    if !lock_where(txn, customer::Column::Id.eq(id)).await? {
        return Ok(None);
    }
    Ok(customer::Entity::find_by_id(id).one(txn).await?)
}

/// The no-op write that locks the live customer `condition` selects; false when none.
async fn lock_where<C: ConnectionTrait>(
    txn: &C,
    condition: sea_orm::sea_query::SimpleExpr,
) -> Result<bool> {
    let locked = customer::Entity::update_many()
        .col_expr(
            customer::Column::UpdatedAt,
            Expr::col(customer::Column::UpdatedAt).into(),
        )
        .filter(condition)
        .filter(customer::Column::ArchivedAt.is_null())
        .exec(txn)
        .await?;
    Ok(locked.rows_affected > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kept text with bound values is exactly the statement SeaORM's builder makes for
    /// the same customer, on each backend (so the values are bound in the builder's order).
    #[test]
    fn the_kept_statement_is_the_one_the_builder_makes() {
        let env = EnvironmentId(Uuid::new_v4());
        for backend in [DbBackend::Postgres, DbBackend::Sqlite] {
            for ref_id in ["customer-1", "ünïcode ✓", "a'b\"c"] {
                let parsed = CustomerRefId::parse(ref_id).expect("a valid refId");
                let kept = find_any_statement(backend, env, &parsed);
                let built = by_ref_id(env, ref_id).build(backend);
                assert_eq!(kept.sql, built.sql, "{backend:?}");
                assert_eq!(kept.values, built.values, "{backend:?} {ref_id}");
                assert!(kept.sql.contains("environment_id"), "{}", kept.sql);
            }
        }
    }
}
