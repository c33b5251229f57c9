//! A subscription's scheduled updates, and `cancelSchedule` (the v2 client's
//! `cancel_subscription_updates`), which calls them off.
//!
//! Stigg: "Cancels a scheduled subscription update, such as a future downgrade or plan change"
//! (docs.stigg.io, API reference "Cancel scheduled update"); "Customers can cancel their
//! scheduled downgrades [...] an opportunity to stay on their current (higher-priced) plan if
//! they change their mind" (docs.stigg.io, "Scheduled downgrades"). A scheduled *cancellation*
//! is not a scheduled update: Stigg shows it as the subscription's own state ("Cancelation
//! scheduled", docs.stigg.io "Subscriptions") and its `SubscriptionScheduleType` values
//! (Plan, Downgrade, Addon, BillingPeriod, …) name no cancellation, so `cancelSchedule`
//! leaves a cancellation — and the downgrade plan that follows it — as it is.
//!
//! In plangate a scheduled plan change (or downgrade) is what `provisionSubscriptionV2` with a
//! future `startDate` writes (`provision::replace_in_slot`): the current subscription ends
//! at the new one's start (`cancelReason` `UpgradeOrDowngrade`) and the new one waits
//! NOT_STARTED until then. Those are the scheduled updates of the current subscription, with
//! whatever is scheduled in the slot after them, and a migration to the plan's latest version
//! at the end of the billing period (`super::migrate`, Stigg's `MigrateToLatest`).

use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, Set,
};

use uuid::Uuid;

use super::{SubscriptionStatus, SLOT_STATUSES};
use crate::customer::Customer;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::values::ExternalId;
use crate::webhook::{self, WebhookEventType};
use entity::stigg_enums::SubscriptionCancelReason;
use entity::subscription;

/// Which scheduled updates to call off (Stigg's `SubscriptionScheduleStatus`, the `status` of
/// `SubscriptionUpdateScheduleCancellationInput`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScheduleStatus {
    /// Updates waiting for their time (the default).
    #[default]
    Scheduled,
    /// Updates waiting for a payment: none exist without a billing integration.
    PendingPayment,
    /// Updates already done: nothing left to call off.
    Done,
    /// Updates that failed: nothing left to call off.
    Failed,
    /// Updates already called off.
    Canceled,
}

/// Calls off the scheduled updates of subscription `subscription_ref_id` of `env` at `now`,
/// in one transaction under its customer's lock (that customer's due transitions are written
/// first), and answers the subscription's id (Stigg: `cancelSubscriptionUpdates` returns "The
/// subscription id", node-sdk-docs.stigg.io).
///
/// - A migration to the plan's latest version scheduled for the end of the billing period
///   does not happen.
/// - The subscription's scheduled plan change, and everything scheduled in its slot after it,
///   never starts (CANCELED, `endDate` = `startDate`, `cancelReason` `Immediate`), and the
///   subscription runs on as before the change was scheduled: its `endDate`,
///   `effectiveEndDate`, `cancellationDate` and `cancelReason` are cleared.
/// - The id of the scheduled (NOT_STARTED) subscription of a plan change names the same
///   scheduled update: it is called off the same way.
/// - A subscription without scheduled updates (or with only a scheduled cancellation) is left
///   as it is: calling off nothing succeeds, so a retry is harmless.
/// - `status` `PendingPayment`: there are no updates pending a payment (no billing
///   integration), so nothing changes.
///
/// Errors (Stigg codes): `BadUserInput` (malformed id; `status` `Done`, `Failed` or
/// `Canceled`: those updates cannot be called off), `SubscriptionNotFound` (unknown id, or its
/// customer archived), `SubscriptionAlreadyCanceledOrExpired`.
#[tracing::instrument(name = "subscription.cancel_schedule", skip_all, fields(environment_id = %env.0, subscription_ref_id = subscription_ref_id))]
pub async fn cancel_scheduled_updates(
    db: &DatabaseConnection,
    env: EnvironmentId,
    subscription_ref_id: &str,
    status: Option<ScheduleStatus>,
    now: DateTime<Utc>,
) -> Result<String> {
    let ref_id = ExternalId::parse("subscriptionId", subscription_ref_id)?;
    match status.unwrap_or_default() {
        ScheduleStatus::Scheduled | ScheduleStatus::PendingPayment => {}
        done => {
            return Err(Error::bad_input(format!(
                "status {done:?}: only Scheduled (or PendingPayment) updates can be cancelled"
            )))
        }
    }
    let txn = crate::database::begin_write(db).await?;
    let (customer, view) = super::get::lock_for_change(&txn, env, &ref_id, "changed", now).await?;
    if status == Some(ScheduleStatus::PendingPayment) {
        txn.commit().await?;
        return Ok(view.row.ref_id);
    }
    let scheduled = view.state.status == SubscriptionStatus::NotStarted;
    let row = view.row;
    // The subscription whose updates these are: this one, or the one this scheduled
    // subscription replaces.
    let current = if scheduled {
        replaced_by(&txn, &row).await?.unwrap_or(row.clone())
    } else {
        row.clone()
    };
    let mut changed = false;
    if let (Some(SubscriptionCancelReason::UpgradeOrDowngrade), Some(end)) =
        (current.cancel_reason, current.end_date)
    {
        call_off_from(&txn, env, &customer, &current, end, now).await?;
        super::cancel::run_on(&txn, current.clone(), now).await?;
        changed = true;
    }
    // A migration to the plan's latest version scheduled for the end of the period.
    if current.migrate_at.is_some() {
        if let Some(stored) = subscription::Entity::find_by_id(current.id)
            .one(&txn)
            .await?
        {
            let next = super::state::next_transition(super::state::Dates {
                migrate_at: None,
                ..super::state::Dates::of(&stored)
            });
            let mut active: subscription::ActiveModel = stored.into();
            active.migrate_at = Set(None);
            active.next_transition_at = Set(next);
            active.updated_at = Set(now);
            active.update(&txn).await?;
            changed = true;
        }
    }
    if changed {
        let updated = WebhookEventType::SubscriptionUpdated;
        webhook::subscription::subscription_event(&txn, env, updated, &customer, current.id, now)
            .await?;
    }
    txn.commit().await?;
    Ok(row.ref_id)
}

/// The live or scheduled subscription that the scheduled subscription `scheduled` replaces
/// (it ends at `scheduled`'s start, `UpgradeOrDowngrade`), if any.
pub(super) async fn replaced_by<C: ConnectionTrait>(
    txn: &C,
    scheduled: &subscription::Model,
) -> Result<Option<subscription::Model>> {
    Ok(subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(scheduled.customer_id))
        .filter(subscription::Column::ProductId.eq(scheduled.product_id))
        .filter(subscription::Column::ResourceKey.eq(scheduled.resource_key.as_str()))
        .filter(subscription::Column::Id.ne(scheduled.id))
        .filter(subscription::Column::Status.is_in(SLOT_STATUSES))
        .filter(subscription::Column::EndDate.eq(scheduled.start_date))
        .filter(subscription::Column::CancelReason.eq(SubscriptionCancelReason::UpgradeOrDowngrade))
        .one(txn)
        .await?)
}

/// Every subscription scheduled (NOT_STARTED) in `current`'s slot to start at or after `from`
/// never starts: see [`call_off`].
async fn call_off_from<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    current: &subscription::Model,
    from: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let ids: Vec<Uuid> = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(current.customer_id))
        .filter(subscription::Column::ProductId.eq(current.product_id))
        .filter(subscription::Column::ResourceKey.eq(current.resource_key.as_str()))
        .filter(subscription::Column::Id.ne(current.id))
        .filter(subscription::Column::Status.eq(SubscriptionStatus::NotStarted))
        .filter(subscription::Column::StartDate.gte(from))
        .all(txn)
        .await?
        .into_iter()
        .map(|row| row.id)
        .collect();
    call_off(txn, env, customer, ids, now).await
}

/// The scheduled (NOT_STARTED) subscriptions `ids` of `customer` never start: CANCELED at
/// `now`, ending at their start, nothing scheduled; `subscription.canceled` for each (Stigg:
/// a scheduled change called off keeps the current subscription; the one that was to start
/// is cancelled). In `txn`, which holds the customer's lock.
pub(super) async fn call_off<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    ids: Vec<Uuid>,
    now: DateTime<Utc>,
) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    subscription::Entity::update_many()
        .col_expr(
            subscription::Column::Status,
            Expr::value(SubscriptionStatus::Canceled),
        )
        .col_expr(subscription::Column::CancellationDate, Expr::value(now))
        .col_expr(
            subscription::Column::EndDate,
            Expr::col(subscription::Column::StartDate).into(),
        )
        .col_expr(
            subscription::Column::EffectiveEndDate,
            Expr::col(subscription::Column::StartDate).into(),
        )
        .col_expr(
            subscription::Column::CancelReason,
            Expr::value(SubscriptionCancelReason::Immediate),
        )
        .col_expr(
            subscription::Column::NextTransitionAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(subscription::Column::UpdatedAt, Expr::value(now))
        .filter(subscription::Column::CustomerId.eq(customer.id))
        .filter(subscription::Column::Status.eq(SubscriptionStatus::NotStarted))
        .filter(subscription::Column::Id.is_in(ids.clone()))
        .exec(txn)
        .await?;
    let canceled = WebhookEventType::SubscriptionCanceled;
    for id in ids {
        webhook::subscription::subscription_event(txn, env, canceled, customer, id, now).await?;
    }
    Ok(())
}
