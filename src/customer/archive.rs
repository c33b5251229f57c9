//! `archiveCustomer`: retire a customer for good.

use chrono::{DateTime, Utc};
use sea_orm::{sea_query::Expr, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{check_environment, get, Customer, CustomerRefId};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::customer;

/// Archives the live customer `ref_id` of `env` in one transaction: sets `archived_at`
/// (Stigg's `deletedAt`) and NULLs the PII columns `name` and `email`. The row stays, so the
/// id stays reserved (Stigg: "New customers cannot reuse the customer ID of archived
/// customers"); the customer disappears from get, update and list. Its live subscriptions are
/// cancelled in the same transaction (status `CANCELED`, `cancellationDate` and
/// `effectiveEndDate` = now).
///
/// Errors (Stigg codes): `BadUserInput` (malformed id), `AccessDeniedError`,
/// `CustomerNotFound` (unknown or already archived).
#[tracing::instrument(name = "customer.archive", skip_all, fields(environment_id = %env.0, customer_ref_id = ref_id))]
pub async fn archive(
    db: &DatabaseConnection,
    env: EnvironmentId,
    ref_id: &str,
    environment_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Customer> {
    check_environment(environment_id, env)?;
    let ref_id = CustomerRefId::parse(ref_id)?;
    let txn = crate::database::begin_write(db).await?;
    let archived = customer::Entity::update_many()
        .col_expr(customer::Column::ArchivedAt, Expr::value(now))
        .col_expr(customer::Column::UpdatedAt, Expr::value(now))
        .col_expr(customer::Column::Name, Expr::value(Option::<String>::None))
        .col_expr(customer::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(
            customer::Column::NameFolded,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            customer::Column::EmailFolded,
            Expr::value(Option::<String>::None),
        )
        .filter(customer::Column::EnvironmentId.eq(env.0))
        .filter(customer::Column::RefId.eq(ref_id.as_str()))
        .filter(customer::Column::ArchivedAt.is_null())
        .exec(&txn)
        .await?;
    if archived.rows_affected == 0 {
        return Err(Error::CustomerNotFound {
            ref_id: ref_id.to_string(),
        });
    }
    let row = get::find_any(&txn, env, &ref_id)
        .await?
        .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("archived customer row vanished")))?;
    crate::subscription::cancel::cancel_all_of_customer(&txn, row.id, now).await?;
    txn.commit().await?;
    Ok(row)
}
