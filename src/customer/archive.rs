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
/// `effectiveEndDate` = now). Cached payment-method details are nulled too; the billing
/// vendor's customer stays (Stigg: invoices still to be finalized need it). The
/// `customer.deleted` webhook event is written in the same transaction, and the kept
/// payloads of the customer's earlier events lose its name and email.
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
    crate::subscription::cancel::cancel_all_of_customer(&txn, env, &row, now).await?;
    crate::entitlement::promotional::revoke_all(&txn, row.id, now).await?;
    crate::billing::forget_payment_method(&txn, row.id, now).await?;
    crate::webhook::forget_customer_pii(&txn, row.id).await?;
    crate::webhook::customer_event(
        &txn,
        env,
        crate::webhook::WebhookEventType::CustomerDeleted,
        &row,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// Makes the archived customer `ref_id` live again at `now`: `archived_at` cleared,
/// `updatedAt` moved forward; PII, cancelled subscriptions and revoked promotional
/// entitlements stay as the archive left them (Stigg:
/// <https://docs.stigg.io/documentation/managing-customers-and-subscriptions/customers/unarchiving-customers>).
/// Errors: `AccessDeniedError` (foreign `environmentId`), `BadUserInput` (malformed id),
/// `CustomerNotFound` (unknown, or not archived).
#[tracing::instrument(name = "customer.unarchive", skip_all, fields(environment_id = %env.0, customer_ref_id = ref_id))]
pub async fn unarchive(
    db: &DatabaseConnection,
    env: EnvironmentId,
    ref_id: &str,
    environment_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Customer> {
    check_environment(environment_id, env)?;
    let ref_id = CustomerRefId::parse(ref_id)?;
    let txn = crate::database::begin_write(db).await?;
    let archived = get::find_any(&txn, env, &ref_id)
        .await?
        .filter(|c| c.archived_at.is_some())
        .ok_or_else(|| Error::CustomerNotFound {
            ref_id: ref_id.to_string(),
        })?;
    let updated_at = now.max(archived.updated_at + chrono::TimeDelta::milliseconds(1));
    let restored = customer::Entity::update_many()
        .col_expr(
            customer::Column::ArchivedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(customer::Column::UpdatedAt, Expr::value(updated_at))
        .filter(customer::Column::Id.eq(archived.id))
        .filter(customer::Column::ArchivedAt.is_not_null())
        .exec(&txn)
        .await?;
    if restored.rows_affected == 0 {
        return Err(Error::CustomerNotFound {
            ref_id: ref_id.to_string(),
        });
    }
    let row = get::find_any(&txn, env, &ref_id)
        .await?
        .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("unarchived customer row vanished")))?;
    txn.commit().await?;
    Ok(row)
}
