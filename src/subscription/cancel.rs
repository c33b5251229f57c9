//! Cancelling subscriptions: `cancelSubscription`, and every subscription of a customer that
//! is archived.

use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, Set,
};
use uuid::Uuid;

use super::read::{self, SubscriptionView};
use super::state::{self, Dates};
use super::{schedule, SubscriptionStatus, SLOT_STATUSES};
use crate::customer::Customer;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::values::ExternalId;
use crate::webhook::{self, WebhookEventType};
use entity::stigg_enums::{SubscriptionCancelReason, SubscriptionCancellationTime};
use entity::{product, subscription};

/// What happens to the entitlements (Stigg `SubscriptionCancellationAction`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CancellationAction {
    /// The product's rule: access until the subscription ends, then the product's
    /// downgrade plan when its journey says DOWNGRADE_TO_FREE.
    #[default]
    Default,
    /// Entitlements end now and no downgrade follows: the subscription is cancelled at once.
    RevokeEntitlements,
}

/// A `cancelSubscription` request (Stigg `SubscriptionCancellationInput`, the parts
/// plangate acts on; `prorate` and `awaitSubscriptionCancellation` only matter to a billing
/// integration).
#[derive(Clone, Debug)]
pub struct CancelRequest {
    /// The subscription's id (`subscriptionRefId`).
    pub subscription_ref_id: String,
    /// When; the product's `subscriptionCancellationTime` when absent.
    pub time: Option<SubscriptionCancellationTime>,
    /// The end for SPECIFIC_DATE (UTC).
    pub end_date: Option<DateTime<Utc>>,
    pub action: CancellationAction,
}

/// Cancels subscription `request.subscription_ref_id` of `env` at `now`, in one transaction
/// under its customer's lock (due transitions of that customer are written first).
///
/// Rules (docs.stigg.io "Cancel Subscription"; stiggio/skills `stigg-subscriptions`):
/// - IMMEDIATE (and REVOKE_ENTITLEMENTS): CANCELED now; `cancellationDate`, `endDate` and
///   `effectiveEndDate` are now. A subscription that has not started (NOT_STARTED) and is
///   cancelled without a time, IMMEDIATE, or to end before it starts never starts (its
///   `endDate` is its `startDate`); when it was to replace another subscription, that one
///   runs on (its end is cleared). With SPECIFIC_DATE after its start it runs until then.
/// - An end already set only moves earlier (what follows in the slot keeps its start); a
///   downgrade scheduled for the earlier end moves to the new one.
/// - END_OF_BILLING_PERIOD: the subscription stays ACTIVE with its entitlements until the end
///   of its current billing period (`endDate` = `effectiveEndDate` = that end;
///   `cancellationDate` = now, when it was requested), then reads as CANCELED.
/// - SPECIFIC_DATE: likewise until `endDate`, which must be in the future.
/// - Without a time, the product's default; a subscription without a billing period (free)
///   then ends at once.
/// - Then, unless REVOKE_ENTITLEMENTS: when the product's journey says DOWNGRADE_TO_FREE, a
///   subscription to its downgrade plan starts when this one ends (NOT_STARTED until then).
///   (nothing when the slot already has a subscription scheduled).
///
/// Errors (Stigg codes): `SubscriptionNotFound` (unknown id, or its customer archived),
/// `SubscriptionAlreadyCanceledOrExpired`, `TrialMustBeCancelledImmediately` (a trial with
/// END_OF_BILLING_PERIOD or SPECIFIC_DATE), `SubscriptionDoesNotHaveBillingPeriod`
/// (END_OF_BILLING_PERIOD asked for a free subscription), `InvalidCancellationDate`
/// (SPECIFIC_DATE without `endDate`, or not after now), `BadUserInput` (malformed id).
#[tracing::instrument(name = "subscription.cancel", skip_all, fields(environment_id = %env.0, subscription_ref_id = %request.subscription_ref_id))]
pub async fn cancel_subscription(
    db: &DatabaseConnection,
    env: EnvironmentId,
    request: CancelRequest,
    now: DateTime<Utc>,
) -> Result<SubscriptionView> {
    let ref_id = ExternalId::parse("subscriptionRefId", &request.subscription_ref_id)?;
    let txn = crate::database::begin_write(db).await?;
    let not_found = || Error::SubscriptionNotFound {
        ref_id: ref_id.as_str().to_owned(),
    };
    let (customer, view) =
        super::get::lock_for_change(&txn, env, &ref_id, "cancelled", now).await?;
    let row = view.row.clone();
    let status = view.state.status;
    let watch =
        webhook::entitlements::watch(&txn, env, &customer, row.resource_id.as_deref(), now).await?;
    let product = product::Entity::find_by_id(row.product_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("subscription without product")))?;
    let end = end_of(&request, &view, product.subscription_cancellation_time, now)?;
    // An end already set (a replacement or an earlier cancellation) only moves earlier: the
    // subscription that follows it in the slot keeps its start.
    let end = row.end_date.map_or(end, |old| end.min(old));
    let never_starts = status == SubscriptionStatus::NotStarted && end <= row.start_date;

    let (new_status, end, reason) = if never_starts {
        // It never starts: it "ends" at its start, not before it.
        (
            SubscriptionStatus::Canceled,
            row.start_date,
            SubscriptionCancelReason::Immediate,
        )
    } else if end <= now {
        (
            SubscriptionStatus::Canceled,
            end,
            SubscriptionCancelReason::Immediate,
        )
    } else {
        (status, end, SubscriptionCancelReason::ScheduledCancellation)
    };
    let mut active: subscription::ActiveModel = row.clone().into();
    active.status = Set(new_status);
    active.cancellation_date = Set(Some(now));
    active.end_date = Set(Some(end));
    active.effective_end_date = Set(Some(end));
    active.cancel_reason = Set(Some(reason));
    active.next_transition_at = Set(state::next_transition(Dates {
        stored_status: new_status,
        end: Some(end),
        ..Dates::of(&row)
    }));
    active.updated_at = Set(now);
    active.update(&txn).await?;
    // Ended now (or never to start): cancelled (Stigg's `subscription.canceled`, "immediate
    // or scheduled time reached"); ending later: its end is set (the cancellation is sent
    // when the end is reached, by the subscription worker).
    let event = if new_status == SubscriptionStatus::Canceled {
        WebhookEventType::SubscriptionCanceled
    } else {
        WebhookEventType::SubscriptionUpdated
    };
    webhook::subscription::subscription_event(&txn, env, event, &customer, row.id, now).await?;

    if never_starts {
        // A scheduled replacement that is called off: the subscription it was to replace
        // runs on as before (Stigg: cancelling a scheduled downgrade keeps the current plan).
        restore_replaced(&txn, env, &customer, &row, now).await?;
    } else {
        // The downgrade scheduled for an earlier end moves to the new end.
        if let Some(old_end) = row.end_date.filter(|old| *old != end) {
            call_off_downgrade(&txn, env, &customer, &row, &product, old_end, now).await?;
        }
        if request.action == CancellationAction::Default {
            let ended = subscription::Model {
                status: new_status,
                ..row.clone()
            };
            let downgrade =
                schedule::downgrade(&txn, env, &customer, &ended, end.max(now), now).await?;
            if let Some(id) = downgrade {
                let created = WebhookEventType::SubscriptionCreated;
                webhook::subscription::subscription_event(&txn, env, created, &customer, id, now)
                    .await?;
            }
        }
    }
    if let Some(watch) = watch {
        let trigger = webhook::entitlements::Trigger::SubscriptionUpdated;
        watch.written(&txn, &customer, trigger, now).await?;
    }
    let view = read::by_ids(&txn, &[row.id], now)
        .await?
        .pop()
        .ok_or_else(not_found)?;
    txn.commit().await?;
    Ok(view)
}

/// Clears the end of the live or scheduled subscription in `cancelled`'s slot that a replacement by
/// `cancelled` had set (`UpgradeOrDowngrade`, ending exactly at `cancelled`'s start).
async fn restore_replaced<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    cancelled: &subscription::Model,
    now: DateTime<Utc>,
) -> Result<()> {
    if let Some(replaced) = super::scheduled::replaced_by(txn, cancelled).await? {
        let id = replaced.id;
        run_on(txn, replaced, now).await?;
        let updated = WebhookEventType::SubscriptionUpdated;
        webhook::subscription::subscription_event(txn, env, updated, customer, id, now).await?;
    }
    Ok(())
}

/// `row` runs on as if nothing had ever ended it: its `endDate`, `effectiveEndDate`,
/// `cancellationDate` and `cancelReason` are cleared and its schedule recomputed.
pub(super) async fn run_on<C: ConnectionTrait>(
    txn: &C,
    row: subscription::Model,
    now: DateTime<Utc>,
) -> Result<()> {
    let next = state::next_transition(Dates {
        end: None,
        ..Dates::of(&row)
    });
    let mut active: subscription::ActiveModel = row.into();
    active.end_date = Set(None);
    active.effective_end_date = Set(None);
    active.cancellation_date = Set(None);
    active.cancel_reason = Set(None);
    active.next_transition_at = Set(next);
    active.updated_at = Set(now);
    active.update(txn).await?;
    Ok(())
}

/// Calls off the downgrade scheduled in `ended`'s slot for `old_end` (a NOT_STARTED
/// subscription to the product's downgrade plan starting then): it never starts
/// ([`super::scheduled::call_off`]).
async fn call_off_downgrade<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    ended: &subscription::Model,
    product: &product::Model,
    old_end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(plan_ref) = product.downgrade_plan_ref_id.as_deref() else {
        return Ok(());
    };
    let plans: Vec<uuid::Uuid> = entity::package::Entity::find()
        .filter(entity::package::Column::EnvironmentId.eq(env.0))
        .filter(entity::package::Column::RefId.eq(plan_ref))
        .all(txn)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let called_off: Vec<Uuid> = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(ended.customer_id))
        .filter(subscription::Column::ProductId.eq(ended.product_id))
        .filter(subscription::Column::ResourceKey.eq(ended.resource_key.as_str()))
        .filter(subscription::Column::Status.eq(SubscriptionStatus::NotStarted))
        .filter(subscription::Column::StartDate.eq(old_end))
        .filter(subscription::Column::PlanId.is_in(plans))
        .all(txn)
        .await?
        .into_iter()
        .map(|row| row.id)
        .collect();
    super::scheduled::call_off(txn, env, customer, called_off, now).await?;
    Ok(())
}

/// When a cancellation requested at `now` ends the subscription (see
/// [`cancel_subscription`]'s rules and errors).
fn end_of(
    request: &CancelRequest,
    view: &SubscriptionView,
    product_default: SubscriptionCancellationTime,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>> {
    let status = view.state.status;
    let pending_now = status == SubscriptionStatus::NotStarted
        && matches!(
            request.time,
            None | Some(SubscriptionCancellationTime::Immediate)
        );
    if request.action == CancellationAction::RevokeEntitlements || pending_now {
        return Ok(now);
    }
    let trial = status == SubscriptionStatus::InTrial;
    let period_end = view.state.billing_period.map(|(_, end)| end);
    match (request.time, trial) {
        (Some(SubscriptionCancellationTime::Immediate), _) => Ok(now),
        (Some(time), true) => Err(Error::TrialMustBeCancelledImmediately(format!(
            "subscription '{}' is in trial: a trial is cancelled IMMEDIATE, not {time}",
            view.row.ref_id
        ))),
        // The product's default on a trial: at once.
        (None, true) => Ok(now),
        (Some(SubscriptionCancellationTime::EndOfBillingPeriod), false) => {
            match (view.row.billing_period, period_end) {
                (Some(_), Some(end)) => Ok(end),
                _ => Err(Error::SubscriptionDoesNotHaveBillingPeriod(format!(
                    "subscription '{}' has no billing period to end with (a free subscription); cancel it IMMEDIATE or on a SPECIFIC_DATE",
                    view.row.ref_id
                ))),
            }
        }
        (Some(SubscriptionCancellationTime::SpecificDate), false) => {
            let end = request
                .end_date
                .map(crate::time::to_millis)
                .ok_or_else(|| {
                    Error::InvalidCancellationDate(
                        "subscriptionCancellationTime SPECIFIC_DATE needs endDate".into(),
                    )
                })?;
            if end <= now {
                return Err(Error::InvalidCancellationDate(format!(
                    "endDate {} is not in the future; cancel IMMEDIATE to end the subscription now",
                    end.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                )));
            }
            Ok(end)
        }
        (None, false) => match (product_default, view.row.billing_period, period_end) {
            (SubscriptionCancellationTime::EndOfBillingPeriod, Some(_), Some(end)) => Ok(end),
            _ => Ok(now),
        },
    }
}

/// Cancels every subscription of `customer` (of `env`) that is live or scheduled (ACTIVE, IN_TRIAL,
/// NOT_STARTED) at `now`: status `CANCELED`, `cancellationDate`, `endDate` and
/// `effectiveEndDate` = `now`, nothing scheduled; a `subscription.canceled` webhook event for
/// each. Runs inside the caller's transaction (archiving a customer). Returns how many were
/// cancelled.
pub async fn cancel_all_of_customer<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    now: DateTime<Utc>,
) -> Result<u64> {
    let customer_id = customer.id;
    let cancelled: Vec<Uuid> = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(customer_id))
        .filter(subscription::Column::Status.is_in(SLOT_STATUSES))
        .all(txn)
        .await?
        .into_iter()
        .map(|row| row.id)
        .collect();
    let result = subscription::Entity::update_many()
        .col_expr(
            subscription::Column::Status,
            Expr::value(SubscriptionStatus::Canceled),
        )
        .col_expr(subscription::Column::CancellationDate, Expr::value(now))
        .col_expr(subscription::Column::EndDate, Expr::value(now))
        .col_expr(subscription::Column::EffectiveEndDate, Expr::value(now))
        .col_expr(
            subscription::Column::CancelReason,
            Expr::value(SubscriptionCancelReason::CustomerArchived),
        )
        .col_expr(
            subscription::Column::NextTransitionAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(subscription::Column::UpdatedAt, Expr::value(now))
        .filter(subscription::Column::CustomerId.eq(customer_id))
        .filter(subscription::Column::Status.is_in(SLOT_STATUSES))
        .exec(txn)
        .await?;
    for id in cancelled {
        let canceled = WebhookEventType::SubscriptionCanceled;
        webhook::subscription::subscription_event(txn, env, canceled, customer, id, now).await?;
    }
    Ok(result.rows_affected)
}
