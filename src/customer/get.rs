//! `getCustomerByRefId`: read one live customer.

use sea_orm::{sea_query::Expr, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{Customer, CustomerRefId};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::customer;

/// The live (not archived) customer `ref_id` of `env`.
/// Errors: `BadUserInput` (malformed id), `CustomerNotFound` (unknown or archived).
#[tracing::instrument(name = "customer.get", skip_all, fields(environment_id = %env.0, customer_ref_id = ref_id))]
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

/// The row holding `ref_id` in `env`, archived or not.
pub async fn find_any<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    ref_id: &CustomerRefId,
) -> Result<Option<Customer>> {
    Ok(customer::Entity::find()
        .filter(customer::Column::EnvironmentId.eq(env.0))
        .filter(customer::Column::RefId.eq(ref_id.as_str()))
        .one(db)
        .await?)
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
