//! Time that moves subscriptions on: writing the transitions their dates make due (a future
//! start begins, a trial ends, a scheduled cancellation takes effect, a scheduled migration to
//! the plan's latest version happens) and the subscriptions
//! those transitions create (the product's downgrade plan after an expired trial).
//!
//! The schedule is durable: `subscriptions.next_transition_at` (indexed) holds each
//! subscription's next due instant (`state::next_transition`). A worker in every server
//! process ([`run_worker`]) settles the customers that have due subscriptions, one
//! transaction per customer, under the customer's row lock taken with `FOR UPDATE SKIP
//! LOCKED` on PostgreSQL: with several replicas each customer is settled by exactly one of
//! them, and a transition written once is never due again. On SQLite one process owns the
//! file and every write transaction holds the database's write lock. Mutations that change
//! a customer's subscriptions settle that customer first ([`settle_customer`]), under the same
//! lock. Reads never wait for the worker: they show `state::at` (the dates and now).

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::create::{self, Journey};
use super::state::{self, Dates};
use super::{is_live, SubscriptionRequest, SubscriptionStatus};
use crate::customer::Customer;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::realtime::{Change, Changes};
use crate::time::Clock;
use crate::webhook::{self, WebhookEventType};
use entity::stigg_enums::{PackageKind, SubscriptionCancelReason, SubscriptionEndSetup};
use entity::{customer, package, product, subscription};

/// Customers settled per pass of the worker (the rest wait for the next pass).
const CUSTOMERS_PER_PASS: u64 = 200;

/// Settles due transitions every `interval` until the process ends, publishing an
/// entitlements change on `changes` for each customer it moved on. Failures are logged
/// and retried on the next pass (nothing is half-written: one transaction per customer).
pub async fn run_worker(
    db: DatabaseConnection,
    clock: Clock,
    interval: Duration,
    changes: Changes,
) {
    loop {
        match settle_due(&db, clock.now(), WhenLocked::Skip, Some(&changes)).await {
            Ok(0) => {}
            Ok(settled) => tracing::debug!(settled, "subscription transitions written"),
            Err(err) => tracing::warn!(error = %err, "subscription worker pass failed"),
        }
        tokio::time::sleep(interval).await;
    }
}

/// One pass: settles up to 200 customers whose subscriptions have a transition due at
/// `now`, skipping customers another replica is settling (PostgreSQL). Returns how many
/// subscriptions changed.
pub async fn settle_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    when_locked: WhenLocked,
    changes: Option<&Changes>,
) -> Result<u64> {
    let due: Vec<Uuid> = subscription::Entity::find()
        .select_only()
        .column(subscription::Column::CustomerId)
        .filter(subscription::Column::NextTransitionAt.lte(now))
        .distinct()
        .limit(CUSTOMERS_PER_PASS)
        .into_tuple()
        .all(db)
        .await?;
    let mut changed = 0;
    for customer_id in due {
        // One customer whose transitions cannot be written (its transaction rolls back) must
        // not hold up the others: it is logged with the cause and retried on the next pass
        // (found by the fresh-user trial: one customer's conflicting subscriptions stopped
        // every pass, for every customer).
        match settle_one(db, customer_id, now, when_locked).await {
            Ok(Some((customer, n))) => {
                changed += n;
                // Committed: SDKs that cache the customer's entitlements hear of it.
                if let Some(changes) = changes {
                    let env = EnvironmentId(customer.environment_id);
                    changes
                        .publish(Change::entitlements(env, &customer.ref_id))
                        .await;
                }
            }
            Ok(None) => {}
            Err(Error::Unexpected(cause)) => tracing::warn!(
                %customer_id,
                error = format!("{cause:#}"),
                "a customer's due subscription transitions could not be written"
            ),
            Err(err) => tracing::warn!(
                %customer_id,
                error = %err,
                "a customer's due subscription transitions could not be written"
            ),
        }
    }
    Ok(changed)
}

/// What a settling pass does with a customer whose row another transaction holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhenLocked {
    /// Skip it: its holder settles it (the worker: replicas share the work).
    Skip,
    /// Wait for it, then settle what is still due: a read that must show the statuses at
    /// "now" (a skipped customer could be shown as it was before a transition the worker
    /// had not committed yet; found as a flaky `subscriptions` listing on PostgreSQL).
    Wait,
}

/// Writes the due transitions of customer `customer_id` in a transaction of their own, under
/// its row lock (skipped or waited for when another transaction holds it, per `when_locked`).
/// Returns the customer and how many of its subscriptions changed, when any did.
async fn settle_one(
    db: &DatabaseConnection,
    customer_id: Uuid,
    now: DateTime<Utc>,
    when_locked: WhenLocked,
) -> Result<Option<(customer::Model, u64)>> {
    let txn = crate::database::begin_write(db).await?;
    let find = customer::Entity::find_by_id(customer_id);
    let locked = match when_locked {
        WhenLocked::Skip => find.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked),
        WhenLocked::Wait => find.lock(LockType::Update),
    }
    .one(&txn)
    .await?;
    let Some(customer) = locked else {
        // Another replica holds it (or it is gone): its transitions are in hand.
        txn.rollback().await?;
        return Ok(None);
    };
    let env = EnvironmentId(customer.environment_id);
    let changed = settle_customer(&txn, env, &customer, now).await?;
    txn.commit().await?;
    Ok((changed > 0).then_some((customer, changed)))
}

/// Writes every transition of `customer`'s subscriptions due at `now`, in `txn`, which must
/// hold the customer's lock. Endings are written before starts, so a subscription that
/// starts where another ends finds the product's slot free (the partial unique index on
/// live subscriptions). An expired trial whose product says DOWNGRADE_TO_FREE is followed by
/// a subscription to the product's downgrade plan from the trial's end. Returns how many
/// subscriptions changed.
pub async fn settle_customer<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    now: DateTime<Utc>,
) -> Result<u64> {
    let due = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(customer.id))
        .filter(subscription::Column::NextTransitionAt.lte(now))
        .order_by_asc(subscription::Column::NextTransitionAt)
        .all(txn)
        .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let plans: HashMap<Uuid, package::Model> = package::Entity::find()
        .filter(package::Column::Id.is_in(due.iter().map(|r| r.plan_id)))
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut changes: Vec<(subscription::Model, SubscriptionStatus)> = due
        .into_iter()
        .map(|row| {
            let behavior = plans
                .get(&row.plan_id)
                .and_then(|p| p.default_trial_end_behavior);
            let status = state::status_at(Dates::of(&row), behavior, now);
            (row, status)
        })
        .collect();
    // Endings first (false sorts before true).
    changes.sort_by_key(|(_, status)| is_live(*status));
    // The entitlements of each scope the transitions touch, as they were just before the
    // first of them (reads show the dates' state at any instant, the transitions included).
    let mut scopes: Vec<Option<String>> = changes
        .iter()
        .map(|(row, _)| row.resource_id.clone())
        .collect();
    scopes.sort();
    scopes.dedup();
    // The customer level's watch covers every resource scope too (each includes it): with
    // it, a resource's own watch would send that resource's event twice.
    if scopes.first() == Some(&None) {
        scopes.truncate(1);
    }
    let first_due = changes
        .iter()
        .filter_map(|(row, _)| row.next_transition_at)
        .min()
        .unwrap_or(now);
    let before = first_due - chrono::TimeDelta::milliseconds(1);
    let mut watches = Vec::new();
    for scope in &scopes {
        let watch =
            webhook::entitlements::watch_at(txn, env, customer, scope.as_deref(), before).await?;
        watches.extend(watch);
    }
    let mut changed = 0;
    for (row, status) in changes {
        // A migration to the plan's latest version that is due happens first.
        let (row, migrated) = if row.migrate_at.is_some_and(|at| at <= now) {
            let before = row.plan_id;
            let row = super::migrate::settle(txn, env, row, now).await?;
            let migrated = row.plan_id != before;
            (row, migrated)
        } else {
            (row, false)
        };
        let stored_before = row.status;
        let dates = Dates {
            stored_status: status,
            ..Dates::of(&row)
        };
        let mut active: subscription::ActiveModel = row.clone().into();
        active.status = Set(status);
        active.next_transition_at = Set(state::next_transition(dates));
        active.updated_at = Set(now);
        match status {
            SubscriptionStatus::Canceled if row.effective_end_date.is_none() => {
                active.effective_end_date = Set(row.end_date);
            }
            SubscriptionStatus::Expired => {
                active.end_date = Set(row.trial_end_date);
                active.effective_end_date = Set(row.trial_end_date);
                active.cancel_reason = Set(Some(SubscriptionCancelReason::TrialEnded));
            }
            _ => {}
        }
        active.update(txn).await?;
        changed += 1;
        transition_events(
            txn,
            env,
            customer,
            row.id,
            (stored_before, status),
            migrated,
            now,
        )
        .await?;
        if status == SubscriptionStatus::Expired {
            if let Some(trial_end) = row.trial_end_date {
                if let Some(id) = downgrade(txn, env, customer, &row, trial_end, now).await? {
                    let created = WebhookEventType::SubscriptionCreated;
                    webhook::subscription::subscription_event(txn, env, created, customer, id, now)
                        .await?;
                }
            }
        }
    }
    for watch in watches {
        let trigger = webhook::entitlements::Trigger::SubscriptionUpdated;
        watch.written(txn, customer, trigger, now).await?;
    }
    Ok(changed)
}

/// The webhook events of subscription `id`'s transition from stored status `from` to `to`
/// (and of a scheduled migration to its plan's latest version, when `migrated`):
///
/// - a scheduled end reached (→ CANCELED): `subscription.canceled` (Stigg: "immediate or
///   scheduled time reached", stiggio/skills `stigg-webhooks/references/event-catalog.md`);
/// - a trial ended, plan's behaviour CONVERT_TO_PAID (IN_TRIAL → ACTIVE):
///   `subscription.trial_converted` with `reason` `TRIAL_ENDED` (docs.stigg.io
///   `api-reference/trials/trial-converted`);
/// - a trial ended, CANCEL_SUBSCRIPTION (→ EXPIRED): `subscription.trial_expired`
///   (docs.stigg.io `api-reference/trials/trial-expired`);
/// - a scheduled start reached (NOT_STARTED → ACTIVE or IN_TRIAL): `subscription.updated`,
///   and `subscription.trial_started` when it starts in a trial (docs.stigg.io
///   `api-reference/trials/trial-started`);
/// - a migration performed: `subscription.updated`.
async fn transition_events<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    id: Uuid,
    (from, to): (SubscriptionStatus, SubscriptionStatus),
    migrated: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    use SubscriptionStatus::*;
    use WebhookEventType::*;
    let mut events: Vec<WebhookEventType> = match (from, to) {
        (_, Canceled) if from != Canceled => vec![SubscriptionCanceled],
        (InTrial, Active) => vec![SubscriptionTrialConverted],
        (_, Expired) if from != Expired => vec![SubscriptionTrialExpired],
        (NotStarted, Active) => vec![SubscriptionUpdated],
        (NotStarted, InTrial) => vec![SubscriptionUpdated, SubscriptionTrialStarted],
        _ => vec![],
    };
    if migrated && !events.contains(&SubscriptionUpdated) {
        events.insert(0, SubscriptionUpdated);
    }
    for event in events {
        if event == SubscriptionTrialConverted {
            let reason = webhook::subscription::TrialConversion::TrialEnded;
            webhook::subscription::trial_converted(txn, env, customer, id, reason, now).await?;
        } else {
            webhook::subscription::subscription_event(txn, env, event, customer, id, now).await?;
        }
    }
    Ok(())
}

/// After `ended` ends at `from`: when its product's journey says DOWNGRADE_TO_FREE, a
/// subscription to the product's downgrade plan from `from` (NOT_STARTED until then), on the
/// same resource. Nothing when the ended subscription was on the downgrade plan itself, the
/// downgrade plan is not published, or the product's slot already has another live or
/// scheduled subscription. Returns the new subscription's id. Writes no webhook event: the
/// caller announces it after its own events (and an import announces nothing).
pub async fn downgrade<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    ended: &subscription::Model,
    from: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>> {
    let Some(product) = product::Entity::find_by_id(ended.product_id)
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    let (SubscriptionEndSetup::DowngradeToFree, Some(plan_ref)) = (
        product.subscription_end_setup,
        product.downgrade_plan_ref_id.as_deref(),
    ) else {
        return Ok(None);
    };
    let plan = package::Entity::find()
        .filter(package::Column::EnvironmentId.eq(env.0))
        .filter(package::Column::PackageType.eq(PackageKind::Plan))
        .filter(package::Column::RefId.eq(plan_ref))
        .filter(crate::catalog::version::latest())
        .filter(package::Column::Status.eq(entity::stigg_enums::PackageStatus::Published))
        .one(txn)
        .await?;
    let Some(plan) = plan else {
        return Ok(None);
    };
    // Not after a subscription to the downgrade plan itself (any version of it).
    let ended_plan = package::Entity::find_by_id(ended.plan_id).one(txn).await?;
    if plan.id == ended.plan_id || ended_plan.is_some_and(|p| p.ref_id == plan.ref_id) {
        return Ok(None);
    }
    let occupied = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(customer.id))
        .filter(subscription::Column::ProductId.eq(product.id))
        .filter(subscription::Column::ResourceKey.eq(ended.resource_key.as_str()))
        .filter(subscription::Column::Id.ne(ended.id))
        .filter(subscription::Column::Status.is_in(super::SLOT_STATUSES))
        .one(txn)
        .await?;
    if occupied.is_some() {
        return Ok(None);
    }
    let request = SubscriptionRequest {
        plan_id: plan_ref.to_owned(),
        resource_id: ended.resource_id.clone(),
        start_date: Some(from),
        skip_trial: true,
        ..SubscriptionRequest::default()
    };
    let created = create::create(txn, env, customer, request, now, Journey::Skip).await?;
    Ok(Some(created.subscription_id))
}
