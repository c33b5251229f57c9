//! `getCustomerByRefId`: read one live customer.

use sea_orm::{sea_query::Expr, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

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
    let locked = customer::Entity::update_many()
        .col_expr(
            customer::Column::UpdatedAt,
            Expr::col(customer::Column::UpdatedAt).into(),
        )
        .filter(customer::Column::EnvironmentId.eq(env.0))
        .filter(customer::Column::RefId.eq(ref_id.as_str()))
        .filter(customer::Column::ArchivedAt.is_null())
        .exec(txn)
        .await?;
    if locked.rows_affected == 0 {
        return Err(Error::CustomerNotFound {
            ref_id: ref_id.to_string(),
        });
    }
    get(txn, env, ref_id.as_str()).await
}
