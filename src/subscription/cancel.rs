//! Cancelling subscriptions.

use chrono::{DateTime, Utc};
use sea_orm::{sea_query::Expr, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{SubscriptionStatus, LIVE_STATUSES};
use crate::error::Result;
use entity::subscription;

/// Cancels every live (ACTIVE or IN_TRIAL) subscription of `customer_id` at `now`: status
/// `CANCELED`, `cancellationDate` and `effectiveEndDate` = `now`. Runs inside the caller's
/// transaction (archiving a customer). Returns how many were cancelled.
pub async fn cancel_all_of_customer<C: ConnectionTrait>(
    txn: &C,
    customer_id: Uuid,
    now: DateTime<Utc>,
) -> Result<u64> {
    let result = subscription::Entity::update_many()
        .col_expr(
            subscription::Column::Status,
            Expr::value(SubscriptionStatus::Canceled),
        )
        .col_expr(subscription::Column::CancellationDate, Expr::value(now))
        .col_expr(subscription::Column::EffectiveEndDate, Expr::value(now))
        .col_expr(subscription::Column::UpdatedAt, Expr::value(now))
        .filter(subscription::Column::CustomerId.eq(customer_id))
        .filter(subscription::Column::Status.is_in(LIVE_STATUSES))
        .exec(txn)
        .await?;
    Ok(result.rows_affected)
}
