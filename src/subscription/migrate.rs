//! `migrateSubscriptionToLatest`: move a subscription from an older version of its plan to the
//! latest one, in place.
//!
//! Stigg: "When updates to plans or add-ons apply only to new subscriptions, existing customers
//! remain on legacy versions ('grandfathering'). [...] you can manually migrate subscriptions
//! to the latest version [...] Immediately, or At the end of the current subscription period"
//! (docs.stigg.io, "Migrating subscriptions"); "Migrate subscription to latest version —
//! Updates the existing subscription in place to match the latest version of the target
//! plan" (docs.stigg.io, "Subscription migration methods"); "Migrate a subscription to the
//! latest version of its plan or add-on. This updates pricing, entitlements, and features to
//! match the current" version (docs.stigg.io, API reference "Migrate subscription to latest
//! plan version"). Plan versions: `catalog::version` (addons have no versions in plangate, so
//! a subscription's addons are always their latest).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set};

use super::read::{self, SubscriptionView};
use super::state::{self, Dates};
use super::update::{self, Repriced};
use super::SubscriptionStatus;
use crate::catalog::version;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::values::ExternalId;
use crate::webhook::{self, WebhookEventType};
use entity::stigg_enums::PricingType;
use entity::subscription;

/// When the migration happens (Stigg's `SubscriptionMigrationTime`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MigrationTime {
    /// Now (the default).
    #[default]
    Immediate,
    /// At the end of the current billing period (of the trial, while in trial).
    EndOfBillingPeriod,
}

/// Migrates subscription `subscription_ref_id` of `env` to the latest version of its plan, in
/// one transaction under its customer's lock (that customer's due transitions written first).
///
/// - IMMEDIATE (the default): the subscription keeps its id, dates, status, billing period,
///   country, addons and per-unit quantities, and from now on has the latest version's
///   prices, entitlements and trial end behaviour — repriced by the provision rules
///   (`create::price_plan`; the pricing errors below when the latest version cannot price
///   those choices, and then nothing changes).
/// - END_OF_BILLING_PERIOD: the same happens at the end of the current billing period (of the
///   trial, in a trial): a scheduled update (`subscriptions.migrate_at`), performed by the
///   subscription worker (or the customer's next change) with the version that is the latest
///   then. The answer shows the subscription as it is until then. A subscription that ends
///   earlier is not migrated. `cancelSchedule` calls it off.
///
/// Errors (Stigg codes): `BadUserInput` (malformed id; END_OF_BILLING_PERIOD for a
/// subscription that ends before its period does), `SubscriptionNotFound`,
/// `SubscriptionAlreadyCanceledOrExpired`, `SubscriptionAlreadyOnLatestPlanError` (its plan
/// version is the latest), `PlanNotFound` (the plan's latest version is archived),
/// `SubscriptionDoesNotHaveBillingPeriod` (END_OF_BILLING_PERIOD for a free subscription),
/// `ScheduledMigrationAlreadyExistsError` (END_OF_BILLING_PERIOD asked again),
/// `IncompatibleSubscriptionAddon`, `AddonNotFound`, `BillingPeriodMissingError`,
/// `InvalidQuantity`, `BadUserInput` (the latest version cannot price the subscription's
/// choices).
#[tracing::instrument(name = "subscription.migrate", skip_all, fields(environment_id = %env.0, subscription_ref_id = subscription_ref_id))]
pub async fn to_latest(
    db: &DatabaseConnection,
    env: EnvironmentId,
    subscription_ref_id: &str,
    time: Option<MigrationTime>,
    now: DateTime<Utc>,
) -> Result<SubscriptionView> {
    let ref_id = ExternalId::parse("subscriptionId", subscription_ref_id)?;
    let not_found = || Error::SubscriptionNotFound {
        ref_id: ref_id.as_str().to_owned(),
    };
    let txn = crate::database::begin_write(db).await?;
    let (customer, view) = super::get::lock_for_change(&txn, env, &ref_id, "migrated", now).await?;
    let plan = &view.plan.package;
    if plan.is_latest {
        return Err(Error::SubscriptionAlreadyOnLatestPlan(format!(
            "subscription '{}' is on the latest version of plan '{}' (version {})",
            view.row.ref_id, plan.ref_id, plan.version_number
        )));
    }
    let latest = version::latest_published(&txn, plan)
        .await?
        .ok_or_else(|| Error::PlanNotFound {
            plan_id: format!("{} (its latest version is not published)", plan.ref_id),
        })?;
    // The latest version must price the subscription's choices, now as at the migration.
    let billing = reprice(&txn, env, &view, &latest).await?;
    let time = time.unwrap_or_default();
    // Only an immediate migration changes what the subscription grants now.
    let watch = match time {
        MigrationTime::Immediate => {
            let resource_id = view.row.resource_id.as_deref();
            webhook::entitlements::watch(&txn, env, &customer, resource_id, now).await?
        }
        MigrationTime::EndOfBillingPeriod => None,
    };
    match time {
        MigrationTime::Immediate => apply(&txn, &view.row, &latest, billing, now).await?,
        MigrationTime::EndOfBillingPeriod => schedule(&txn, &view, now).await?,
    }
    // The plan changed, or a change was scheduled (calling it off with `cancelSchedule`
    // sends `subscription.updated` too; the scheduled migration sends it when it happens).
    let updated = WebhookEventType::SubscriptionUpdated;
    webhook::subscription::subscription_event(&txn, env, updated, &customer, view.row.id, now)
        .await?;
    if let Some(watch) = watch {
        let trigger = webhook::entitlements::Trigger::SubscriptionUpdated;
        watch.written(&txn, &customer, trigger, now).await?;
    }
    let view = read::by_ids(&txn, &[view.row.id], now)
        .await?
        .pop()
        .ok_or_else(not_found)?;
    txn.commit().await?;
    Ok(view)
}

/// The subscription's choices (addons, per-unit quantities, billing period, country) priced
/// with plan version `latest` (`update::reprice_with`: the rules of an update, one place).
async fn reprice<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    view: &SubscriptionView,
    latest: &entity::package::Model,
) -> Result<Repriced> {
    let latest = update::priced_by_id(txn, latest.id)
        .await?
        .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("latest plan version vanished")))?;
    update::reprice_with(txn, env, view, &latest, None, None, None).await
}

/// Moves `row` to plan version `latest` with `billing`, now: plan, pricing type, billing
/// period, addons and price lines; nothing scheduled to migrate any more.
async fn apply<C: ConnectionTrait>(
    txn: &C,
    row: &subscription::Model,
    latest: &entity::package::Model,
    Repriced {
        addons,
        lines,
        billing_period,
    }: Repriced,
    now: DateTime<Utc>,
) -> Result<()> {
    update::write_billing(txn, row.id, &addons, &lines).await?;
    let mut active: subscription::ActiveModel = row.clone().into();
    active.plan_id = Set(latest.id);
    active.pricing_type = Set(latest.pricing_type.unwrap_or(PricingType::Free));
    active.billing_period = Set(billing_period);
    active.migrate_at = Set(None);
    active.next_transition_at = Set(state::next_transition(Dates {
        billing_period,
        migrate_at: None,
        ..Dates::of(row)
    }));
    active.updated_at = Set(now);
    active.update(txn).await?;
    Ok(())
}

/// Schedules the migration of `view` for the end of its current billing period.
async fn schedule<C: ConnectionTrait>(
    txn: &C,
    view: &SubscriptionView,
    now: DateTime<Utc>,
) -> Result<()> {
    let row = &view.row;
    if row.migrate_at.is_some() {
        return Err(Error::ScheduledMigrationAlreadyExists(format!(
            "subscription '{}' already migrates to the latest version of its plan at the end of its billing period",
            row.ref_id
        )));
    }
    let at = match (row.billing_period, view.state.billing_period) {
        (_, Some((_, end))) if row.trial_end_date.is_some_and(|t| t > now) => end,
        (Some(_), Some((_, end))) => end,
        _ => {
            return Err(Error::SubscriptionDoesNotHaveBillingPeriod(format!(
                "subscription '{}' has no billing period to end with (a free subscription); migrate it IMMEDIATE",
                row.ref_id
            )))
        }
    };
    if row.end_date.is_some_and(|end| end <= at) {
        return Err(Error::bad_input(format!(
            "subscription '{}' ends before its billing period does: there is nothing to migrate at its end",
            row.ref_id
        )));
    }
    let mut active: subscription::ActiveModel = row.clone().into();
    active.migrate_at = Set(Some(at));
    active.next_transition_at = Set(state::next_transition(Dates {
        migrate_at: Some(at),
        ..Dates::of(row)
    }));
    active.updated_at = Set(now);
    active.update(txn).await?;
    Ok(())
}

/// Performs the migration scheduled on `row` (due at `now`; the caller holds its customer's
/// lock) with the version that is the latest now, and answers the row as stored after it.
/// It does not happen when the subscription has ended by then, is on the latest version
/// already, or the latest version cannot price it (logged: Stigg's schedule status `Failed`);
/// either way nothing is scheduled any more.
pub(super) async fn settle<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    row: subscription::Model,
    now: DateTime<Utc>,
) -> Result<subscription::Model> {
    let Some(at) = row.migrate_at else {
        return Ok(row);
    };
    let ended = row.end_date.is_some_and(|end| end <= at)
        || matches!(
            row.status,
            SubscriptionStatus::Canceled | SubscriptionStatus::Expired
        );
    let view = read::by_ids(txn, &[row.id], at).await?.pop();
    let target = match &view {
        Some(view) if !ended && !view.plan.package.is_latest => {
            version::latest_published(txn, &view.plan.package).await?
        }
        _ => None,
    };
    let done = match (view, target) {
        (Some(view), Some(latest)) => match reprice(txn, env, &view, &latest).await {
            Ok(billing) => {
                apply(txn, &row, &latest, billing, now).await?;
                true
            }
            Err(Error::Unexpected(err)) => return Err(Error::Unexpected(err)),
            Err(err) => {
                tracing::warn!(subscription_ref_id = %row.ref_id, error = %err, "scheduled migration to the latest plan version failed");
                false
            }
        },
        _ => false,
    };
    if !done {
        let mut active: subscription::ActiveModel = row.clone().into();
        active.migrate_at = Set(None);
        active.next_transition_at = Set(state::next_transition(Dates {
            migrate_at: None,
            ..Dates::of(&row)
        }));
        active.update(txn).await?;
    }
    Ok(subscription::Entity::find_by_id(row.id)
        .one(txn)
        .await?
        .unwrap_or(row))
}
