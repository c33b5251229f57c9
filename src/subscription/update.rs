//! `updateOneSubscription`: change a subscription's addons, per-unit quantities, billing
//! period, metadata or trial end, keeping its plan (Stigg: "updateSubscription does not
//! support changing the plan; call provisionSubscription again", stiggio/skills
//! `stigg-subscriptions/SKILL.md` and `references/updates.md`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use serde_json::Value;
use uuid::Uuid;

use super::create::{one_currency, price_plan, Priced};
use super::read::{self, SubscriptionView};
use super::state::{self, Dates};
use super::{BillingPeriod, SubscriptionStatus};
use crate::customer::Metadata;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::values::ExternalId;
use crate::webhook::{self, WebhookEventType};
use entity::{package, price, subscription, subscription_addon, subscription_price};

/// An `updateOneSubscription` request (Stigg `UpdateSubscriptionInput`, the parts plangate
/// acts on). `None` keeps the current value.
#[derive(Clone, Debug, Default)]
pub struct UpdateRequest {
    /// The subscription's id (`subscriptionId` or `refId`).
    pub subscription_ref_id: String,
    /// The whole new list of addons (addon refId, quantity; `None` means 1): it replaces the
    /// current one (Stigg: "replaces existing — pass the new full list").
    pub addons: Option<Vec<(String, Option<i32>)>>,
    /// Per-unit quantities to change (feature refId, units); features not listed keep theirs.
    pub billable_features: Option<Vec<(String, f64)>>,
    pub billing_period: Option<BillingPeriod>,
    /// Replaces the subscription's metadata object.
    pub additional_meta_data: Option<Value>,
    /// A new end for a running trial (UTC).
    pub trial_end_date: Option<DateTime<Utc>>,
    pub promotion_code: Option<String>,
    /// Given input fields plangate cannot honour (refused with `UnsupportedParameter`).
    pub unsupported: Vec<&'static str>,
}

impl UpdateRequest {
    /// Refuses what plangate cannot act on. Errors: `UnsupportedParameter` (the first field
    /// in `unsupported`), `PromotionCodeNotFound` (any promotion code: there are none).
    pub fn check_supported(&self) -> Result<()> {
        if let Some(field) = self.unsupported.first() {
            return Err(Error::UnsupportedParameter(format!(
                "{field} is not supported yet"
            )));
        }
        if let Some(code) = &self.promotion_code {
            return Err(Error::PromotionCodeNotFound { code: code.clone() });
        }
        Ok(())
    }
}

/// Updates subscription `request.subscription_ref_id` of `env` at `now`, in one transaction
/// under its customer's lock (due transitions of that customer are written first). The
/// billed lines are recomputed from the subscription's plan exactly as at creation (same
/// rules and errors: `subscription::create::price_plan`), with its billing country.
///
/// Errors (Stigg codes): `UnsupportedParameter`, `PromotionCodeNotFound`,
/// `SubscriptionNotFound` (unknown id, or its customer archived),
/// `SubscriptionAlreadyCanceledOrExpired`, `InvalidMetadataError`, `AddonNotFound`,
/// `IncompatibleSubscriptionAddon`, `InvalidQuantity`, `AddonQuantityExceedsLimitError`,
/// `BillingPeriodMissingError`, `BadUserInput` (malformed id, a billable feature listed twice
/// or not billed per unit, a trial end for a subscription not in trial or not in the
/// future, a billing period for a free subscription).
#[tracing::instrument(name = "subscription.update", skip_all, fields(environment_id = %env.0, subscription_ref_id = %request.subscription_ref_id))]
pub async fn update_subscription(
    db: &DatabaseConnection,
    env: EnvironmentId,
    request: UpdateRequest,
    now: DateTime<Utc>,
) -> Result<SubscriptionView> {
    request.check_supported()?;
    let ref_id = ExternalId::parse("subscriptionId", &request.subscription_ref_id)?;
    let metadata = request
        .additional_meta_data
        .map(Metadata::parse)
        .transpose()?
        .map(Metadata::into_value);
    let not_found = || Error::SubscriptionNotFound {
        ref_id: ref_id.as_str().to_owned(),
    };
    let txn = crate::database::begin_write(db).await?;
    let (customer, view) = super::get::lock_for_change(&txn, env, &ref_id, "updated", now).await?;
    let watch =
        webhook::entitlements::watch(&txn, env, &customer, view.row.resource_id.as_deref(), now)
            .await?;
    let status = view.state.status;
    let row = view.row.clone();

    let Repriced {
        addons,
        lines,
        billing_period,
    } = reprice(
        &txn,
        env,
        &view,
        request.addons,
        request.billable_features,
        request.billing_period,
    )
    .await?;

    let trial_end = match request.trial_end_date.map(crate::time::to_millis) {
        None => row.trial_end_date,
        Some(_) if status != SubscriptionStatus::InTrial => {
            return Err(Error::bad_input(format!(
                "subscription '{}' is not in trial: trialEndDate cannot change",
                row.ref_id
            )))
        }
        Some(end) if end <= now || end <= row.start_date => {
            return Err(Error::bad_input(format!(
                "trialEndDate {} must be in the future",
                end.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            )))
        }
        Some(end) => Some(end),
    };

    write_billing(&txn, row.id, &addons, &lines).await?;
    let mut active: subscription::ActiveModel = row.clone().into();
    active.billing_period = Set(billing_period);
    if let Some(metadata) = metadata {
        active.additional_meta_data = Set(Some(metadata));
    }
    active.trial_end_date = Set(trial_end);
    active.next_transition_at = Set(state::next_transition(Dates {
        trial_end,
        billing_period,
        ..Dates::of(&row)
    }));
    active.updated_at = Set(now);
    active.update(&txn).await?;
    let updated = WebhookEventType::SubscriptionUpdated;
    webhook::subscription::subscription_event(&txn, env, updated, &customer, row.id, now).await?;
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

/// A subscription's billed lines after a change of its addons, per-unit quantities or billing
/// period.
pub(super) struct Repriced {
    /// Addons with their quantities.
    pub(super) addons: Vec<(Priced, i32)>,
    /// The billed (price, quantity) lines: the plan's, then each addon's.
    pub(super) lines: Vec<(price::Model, f64)>,
    /// The billing period of the prices; `None` when nothing is billed.
    pub(super) billing_period: Option<BillingPeriod>,
}

/// The billed lines of subscription `view` with its current choices overridden by the
/// request's (`addons`: the whole new list; `billable_features`: changed quantities, the
/// others kept; `billing_period`), priced from its plan with its billing country exactly as
/// at creation (`subscription::create::price_plan`, one rule). Reads only. Errors:
/// `AddonNotFound`, `IncompatibleSubscriptionAddon`, `InvalidQuantity`,
/// `AddonQuantityExceedsLimitError`, `BillingPeriodMissingError`, `SubscriptionNotFound` (its
/// plan is gone), `BadUserInput` (a billable feature listed twice or not billed per unit, a
/// billing period for a free subscription, mixed currencies).
pub(super) async fn reprice<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    view: &SubscriptionView,
    addons: Option<Vec<(String, Option<i32>)>>,
    billable_features: Option<Vec<(String, f64)>>,
    billing_period: Option<BillingPeriod>,
) -> Result<Repriced> {
    let row = &view.row;
    let plan =
        priced_by_id(txn, row.plan_id)
            .await?
            .ok_or_else(|| Error::SubscriptionNotFound {
                ref_id: row.ref_id.clone(),
            })?;
    reprice_with(
        txn,
        env,
        view,
        &plan,
        addons,
        billable_features,
        billing_period,
    )
    .await
}

/// [`reprice`] with plan `plan` in place of the subscription's own (a version of it: plan
/// migration prices the subscription's current choices with the latest version). Reads
/// only; the errors of [`reprice`] but `SubscriptionNotFound`.
pub(super) async fn reprice_with<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    view: &SubscriptionView,
    plan: &Priced,
    addons: Option<Vec<(String, Option<i32>)>>,
    billable_features: Option<Vec<(String, f64)>>,
    billing_period: Option<BillingPeriod>,
) -> Result<Repriced> {
    let row = &view.row;
    let addons: Vec<(String, Option<i32>)> = addons.unwrap_or_else(|| {
        view.addons
            .iter()
            .map(|(a, q)| (a.package.ref_id.clone(), Some(*q)))
            .collect()
    });
    let mut billable: BTreeMap<String, f64> = view
        .prices
        .iter()
        .filter(|b| b.of_plan)
        .filter_map(|b| Some((b.price.feature.as_ref()?.ref_id.clone(), b.quantity)))
        .collect();
    let mut listed = std::collections::HashSet::new();
    for (feature_id, quantity) in billable_features.unwrap_or_default() {
        if !listed.insert(feature_id.clone()) {
            return Err(Error::bad_input(format!(
                "billableFeatures lists '{feature_id}' more than once"
            )));
        }
        billable.insert(feature_id, quantity);
    }
    let billable: BTreeMap<&str, f64> = billable.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    if billing_period.is_some() && row.billing_period.is_none() {
        return Err(Error::bad_input(format!(
            "subscription '{}' is free: it has no billing period to change",
            row.ref_id
        )));
    }
    let period = billing_period.or(row.billing_period);
    let (addons, period, lines) = price_plan(
        txn,
        env,
        plan,
        &addons,
        &billable,
        period,
        row.billing_country_code.as_deref(),
    )
    .await?;
    one_currency(&lines)?;
    Ok(Repriced {
        addons,
        billing_period: (!lines.is_empty()).then_some(period),
        lines,
    })
}

/// Replaces the addons and billed price lines of subscription `id` with `addons` and `lines`
/// (as [`reprice`] computes them).
pub(super) async fn write_billing<C: ConnectionTrait>(
    txn: &C,
    id: Uuid,
    addons: &[(Priced, i32)],
    lines: &[(price::Model, f64)],
) -> Result<()> {
    subscription_addon::Entity::delete_many()
        .filter(subscription_addon::Column::SubscriptionId.eq(id))
        .exec(txn)
        .await?;
    subscription_price::Entity::delete_many()
        .filter(subscription_price::Column::SubscriptionId.eq(id))
        .exec(txn)
        .await?;
    if !addons.is_empty() {
        subscription_addon::Entity::insert_many(addons.iter().map(|(addon, quantity)| {
            subscription_addon::ActiveModel {
                subscription_id: Set(id),
                addon_id: Set(addon.package.id),
                quantity: Set(*quantity),
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    if !lines.is_empty() {
        subscription_price::Entity::insert_many(lines.iter().map(|(price, quantity)| {
            subscription_price::ActiveModel {
                id: Set(Uuid::new_v4()),
                subscription_id: Set(id),
                price_id: Set(price.id),
                quantity: Set(*quantity),
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

/// The plan or addon with internal id `id` (any status: a subscription keeps its plan even
/// after the plan is archived), with its prices.
pub(super) async fn priced_by_id<C: ConnectionTrait>(txn: &C, id: Uuid) -> Result<Option<Priced>> {
    let Some(package) = package::Entity::find_by_id(id).one(txn).await? else {
        return Ok(None);
    };
    let prices = price::Entity::find()
        .filter(price::Column::PackageId.eq(package.id))
        .all(txn)
        .await?;
    Ok(Some(Priced { package, prices }))
}
