//! Creating a customer's initial subscription (`provisionCustomer` with `subscriptionParams`).
//!
//! Everything is validated against the catalog before anything is written, inside the
//! caller's transaction (the one that inserts the customer), so an error leaves nothing
//! behind. Then the product's customer journey decides what is created (Stigg: "To control
//! the customer's initial access to a product according to the product's Customer Journey
//! settings, initial subscription parameters must be provided").

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Months, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::trial::{self, TrialRequest};
use super::{months_in, BillingPeriod, SubscriptionDecision, SubscriptionRequest};
use crate::customer::{Customer, Metadata};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::values::{CountryCode, ExternalId};
use entity::stigg_enums::{
    BillingModel, Currency, PackageKind, PackageStatus, PricingType, SubscriptionStartSetup,
    SubscriptionStatus, TrialEndBehavior,
};
use entity::{
    feature, package, plan_compatible_addon, price, product, subscription, subscription_addon,
    subscription_price,
};

/// What [`create_initial`] created.
#[derive(Clone, Debug)]
pub struct Created {
    pub decision: SubscriptionDecision,
    /// The new subscription's id.
    pub subscription_id: Uuid,
    /// The product's downgrade plan, scheduled from the end of a trial that ends by
    /// cancelling (see [`super::schedule::downgrade`]), when one was.
    pub scheduled_downgrade: Option<Uuid>,
}

/// A plan or addon that may be subscribed to, with its prices.
pub(super) struct Priced {
    pub(super) package: package::Model,
    pub(super) prices: Vec<price::Model>,
}

/// Validates `request` against the catalog and creates the subscription the customer journey
/// decides, in `txn` (which must already hold the new customer row).
///
/// Journey (the requested plan's product): `PLAN_SELECTION` (or no start plan) → the
/// requested plan, `REQUESTED_PLAN`; `FREE_PLAN` → the journey's start plan,
/// `PREDEFINED_FREE_PLAN`; `TRIAL_PERIOD` → a trial (status `IN_TRIAL`, `trialEndDate` from
/// the start plan's default trial) of the start plan, `PREDEFINED_TRIAL_PLAN`. When the
/// requested plan is the start plan itself, it is `REQUESTED_PLAN`. A request that says how
/// its trial goes (`skipTrial`, `trialOverrideConfiguration`) is an explicit choice of the
/// requested plan: no journey overrides it. A journey's subscription keeps the request's
/// billing period, country and per-unit quantities where its plan is priced for them, and no
/// addons (addons were requested for another plan).
///
/// Trials ([`trial`]): a requested paid or custom plan with a default trial starts in it when
/// the customer is eligible (no earlier trial of the product), unless the request skips it;
/// `trialOverrideConfiguration.isTrial: true` forces one (`trialEndDate`, else the plan's
/// default).
///
/// Status: `ACTIVE` (a paid subscription too: no billing integration collects payment yet),
/// `IN_TRIAL` for a trial, `NOT_STARTED` when `startDate` is in the future (it grants nothing
/// until then).
///
/// Prices: for the billing period (requested, else `MONTHLY` when priced, else `ANNUALLY`),
/// each price of the plan and its addons, replaced by its `billingCountryCode` override when
/// the catalog has one. Per-unit prices are billed at the `billableFeatures` quantity, flat
/// fees at 1, addon prices at the addon quantity.
///
/// Errors (Stigg codes): `UnsupportedParameter` (inputs plangate cannot honour yet),
/// `PromotionCodeNotFound`, `InvalidMetadataError`, `BadUserInput` (resource id, a billable
/// feature the plan does not bill per unit, listed twice, mixed currencies),
/// `PlanNotFound` (not a published plan, or a journey start plan that is not),
/// `CustomerNotFound` (a `payingCustomerId` that is not a live customer),
/// `AddonNotFound`, `IncompatibleSubscriptionAddon`, `InvalidQuantity`,
/// `AddonQuantityExceedsLimitError`, `BillingPeriodMissingError`,
/// `DuplicatedEntityNotAllowed` (subscription id taken).
pub async fn create_initial<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    request: SubscriptionRequest,
    now: DateTime<Utc>,
) -> Result<Created> {
    create(txn, env, customer, request, now, Journey::Apply).await
}

/// Whether the product's customer journey may override the requested plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Journey {
    /// A customer's initial subscription (`provisionCustomer`): the journey decides.
    Apply,
    /// An explicit plan choice (`provisionSubscription`): always the requested plan.
    Skip,
}

/// Validates `request` and creates a subscription for `customer` in `txn`; see
/// [`create_initial`] for the rules and errors. With [`Journey::Skip`] the requested plan is
/// always subscribed to (`REQUESTED_PLAN`). A second live subscription where the product
/// allows one per customer (or, with `multipleSubscriptions`, one per resource id) →
/// `DuplicatedEntityNotAllowed`, enforced by a partial unique index.
pub async fn create<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    request: SubscriptionRequest,
    now: DateTime<Utc>,
    journey: Journey,
) -> Result<Created> {
    let Prepared {
        decision,
        plan,
        product,
        addons,
        lines,
        start,
        trial_end,
        billing_period,
        applied_coupon,
        metadata,
        subscription_id,
        resource_key,
        paying_customer_id,
    } = prepare(txn, env, customer, &request, now, journey).await?;
    let pricing_type = plan.package.pricing_type.unwrap_or(PricingType::Free);
    let period_end = match (trial_end, billing_period) {
        (Some(end), _) => Some(end),
        (None, Some(period)) => Some(add_months(start, months_in(period))),
        (None, None) => None,
    };

    let ref_id = subscription_id.unwrap_or_else(|| generate_subscription_id(&plan.package.ref_id));
    let id = Uuid::new_v4();
    // The status its dates give at `now` (one rule: `state::status_at`), and when that
    // changes next.
    let mut dates = super::state::Dates {
        stored_status: SubscriptionStatus::NotStarted,
        start,
        trial_end,
        end: None,
        billing_period,
        migrate_at: None,
    };
    let status = super::state::status_at(dates, plan.package.default_trial_end_behavior, now);
    dates.stored_status = status;
    let schedule = super::state::next_transition(dates);
    let row = subscription::ActiveModel {
        id: Set(id),
        environment_id: Set(env.0),
        ref_id: Set(ref_id.clone()),
        customer_id: Set(customer.id),
        product_id: Set(product.id),
        plan_id: Set(plan.package.id),
        resource_id: Set(request.resource_id.clone()),
        resource_key: Set(resource_key),
        status: Set(status),
        pricing_type: Set(pricing_type),
        billing_period: Set(billing_period),
        billing_country_code: Set(request.billing_country_code.clone()),
        additional_meta_data: Set(metadata),
        start_date: Set(start),
        current_billing_period_start: Set(period_end.map(|_| start)),
        current_billing_period_end: Set(period_end),
        trial_end_date: Set(trial_end),
        cancellation_date: Set(None),
        effective_end_date: Set(None),
        end_date: Set(None),
        next_transition_at: Set(schedule),
        cancel_reason: Set(None),
        coupon_id: Set(applied_coupon.as_ref().map(|c| c.id)),
        coupon_applied_at: Set(applied_coupon.as_ref().map(|_| now)),
        paying_customer_id: Set(paying_customer_id),
        migrate_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    if let Err(err) = subscription::Entity::insert(row)
        .exec_without_returning(txn)
        .await
    {
        return Err(subscription_conflict(
            err,
            &ref_id,
            &product,
            request.resource_id.as_deref(),
        ));
    }
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
    // A trial that ends by cancelling: the product's downgrade plan is scheduled now, from
    // the trial's end (NOT_STARTED until then), so that reads show it the instant the trial
    // expires, whether or not the worker has run (a paid subscription provisioned in the
    // meantime replaces it).
    let mut scheduled_downgrade = None;
    if let (Some(trial_end), Some(TrialEndBehavior::CancelSubscription)) =
        (trial_end, plan.package.default_trial_end_behavior)
    {
        if let Some(created) = subscription::Entity::find_by_id(id).one(txn).await? {
            scheduled_downgrade = Box::pin(super::schedule::downgrade(
                txn, env, customer, &created, trial_end, now,
            ))
            .await?;
        }
    }
    Ok(Created {
        decision,
        subscription_id: id,
        scheduled_downgrade,
    })
}

/// A subscription request validated against the catalog and decided (journey, trial,
/// prices, dates), before anything is written: what [`create`] stores, and what estimates
/// (`super::estimate`) price without storing.
pub(super) struct Prepared {
    pub(super) decision: SubscriptionDecision,
    /// The plan subscribed to (the requested one, or the journey's).
    pub(super) plan: Priced,
    pub(super) product: product::Model,
    /// Addons with their quantities.
    pub(super) addons: Vec<(Priced, i32)>,
    /// The billed (price, quantity) lines: the plan's, then each addon's.
    pub(super) lines: Vec<(price::Model, f64)>,
    pub(super) start: DateTime<Utc>,
    pub(super) trial_end: Option<DateTime<Utc>>,
    /// The billing period of the prices; `None` when nothing is billed (free, custom).
    pub(super) billing_period: Option<BillingPeriod>,
    /// `appliedCoupon.couponId`, an ACTIVE coupon of the catalog.
    pub(super) applied_coupon: Option<crate::coupon::Coupon>,
    pub(super) metadata: Option<serde_json::Value>,
    /// The requested `subscriptionId` (or `refId`); generated at creation when `None`.
    pub(super) subscription_id: Option<String>,
    /// The product slot's resource key: the resource id for products with multiple
    /// subscriptions, else empty.
    pub(super) resource_key: String,
    /// The customer who pays for it when another than the subscriber (`payingCustomerId`).
    pub(super) paying_customer_id: Option<Uuid>,
}

/// Validates `request` for `customer` and decides what [`create`] would create, reading
/// only (the rules and errors of [`create_initial`]; with [`Journey::Skip`] the requested
/// plan is always the one).
pub(super) async fn prepare<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    request: &SubscriptionRequest,
    now: DateTime<Utc>,
    journey: Journey,
) -> Result<Prepared> {
    if let Some(field) = request.unsupported.first() {
        return Err(Error::UnsupportedParameter(format!(
            "subscriptionParams.{field} is not supported yet"
        )));
    }
    if let Some(code) = &request.promotion_code {
        return Err(Error::PromotionCodeNotFound { code: code.clone() });
    }
    let trial_request = TrialRequest::from_input(request.skip_trial, request.trial_override)?;
    let applied_coupon = match &request.applied_coupon {
        Some(coupon) => Some(crate::coupon::active_by_ref(txn, env, coupon).await?),
        None => None,
    };
    let metadata = request
        .additional_meta_data
        .clone()
        .map(Metadata::parse)
        .transpose()?
        .map(Metadata::into_value);
    if let Some(resource) = &request.resource_id {
        ExternalId::parse("subscriptionParams.resourceId", resource)?;
    }
    let subscription_id = match (request.subscription_id.clone(), request.ref_id.clone()) {
        (Some(id), Some(ref_id)) if id != ref_id => {
            return Err(Error::EntityIdDifferentFromRefId { id, ref_id })
        }
        (id, ref_id) => id.or(ref_id),
    };
    if let Some(id) = &subscription_id {
        ExternalId::parse("subscriptionParams.subscriptionId", id)?;
    }
    if let Some(country) = &request.billing_country_code {
        CountryCode::parse(country)
            .map_err(|e| Error::bad_input(format!("subscriptionParams.billingCountryCode: {e}")))?;
    }

    // Another customer who pays for it (Stigg's `payingCustomerId`); the customer itself
    // means no one else.
    let paying_customer_id = match &request.paying_customer_id {
        Some(payer) => {
            let payer = crate::customer::get::get(txn, env, payer).await?;
            (payer.id != customer.id).then_some(payer.id)
        }
        None => None,
    };

    let requested = published(txn, env, PackageKind::Plan, &request.plan_id)
        .await?
        .ok_or_else(|| Error::PlanNotFound {
            plan_id: request.plan_id.clone(),
        })?;
    let product = product::Entity::find_by_id(requested.package.product_id)
        .one(txn)
        .await?
        .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("plan without product")))?;

    let mut billable: BTreeMap<&str, f64> = BTreeMap::new();
    for (feature_id, quantity) in &request.billable_features {
        if billable.insert(feature_id.as_str(), *quantity).is_some() {
            return Err(Error::bad_input(format!(
                "billableFeatures lists '{feature_id}' more than once"
            )));
        }
    }
    let country = request.billing_country_code.as_deref();
    let (addons, period, lines) = price_plan(
        txn,
        env,
        &requested,
        &request.addons,
        &billable,
        request.billing_period,
        country,
    )
    .await?;

    // The customer journey.
    let start_plan = product.subscription_start_plan_ref_id.as_deref();
    let setup = match journey {
        Journey::Apply => product.subscription_start_setup,
        Journey::Skip => SubscriptionStartSetup::PlanSelection,
    };
    // A request that says how its trial goes is an explicit choice of the requested plan.
    let journey_applies = trial_request == TrialRequest::Default;
    let (decision, target, journey_trial) = match (setup, start_plan) {
        (SubscriptionStartSetup::FreePlan, Some(start))
            if start != request.plan_id && journey_applies =>
        {
            (SubscriptionDecision::PredefinedFreePlan, Some(start), false)
        }
        (SubscriptionStartSetup::TrialPeriod, Some(start))
            if start != request.plan_id && journey_applies =>
        {
            (SubscriptionDecision::PredefinedTrialPlan, Some(start), true)
        }
        _ => (SubscriptionDecision::RequestedPlan, None, false),
    };
    let (plan, period, lines, addons) = match target {
        None => (requested, period, lines, addons),
        Some(start) => {
            let plan = published(txn, env, PackageKind::Plan, start)
                .await?
                .ok_or_else(|| Error::PlanNotFound {
                    plan_id: start.to_owned(),
                })?;
            let features = features_of(txn, [&plan]).await?;
            let period = billing_period(&plan, request.billing_period)
                .or_else(|_| billing_period(&plan, None))?;
            let lines = journey_price_lines(&plan, period, country, &features, &billable)?;
            (plan, period, lines, Vec::new())
        }
    };

    one_currency(&lines)?;

    // Dates.
    let start = request
        .start_date
        .map(crate::time::to_millis)
        .unwrap_or(now);
    let trial_end = if journey_trial {
        Some(
            trial::default_trial_end(&plan.package, start).ok_or_else(|| {
                Error::bad_input(format!(
                    "the customer journey starts a trial of plan '{}', which has no default trial configuration",
                    plan.package.ref_id
                ))
            })?,
        )
    } else {
        let eligible = trial_request == TrialRequest::Default
            && trial::default_trial_end(&plan.package, start).is_some()
            && trial::is_eligible(txn, customer.id, product.id).await?;
        trial::trial_end(trial_request, &plan.package, start, eligible)?
    };
    let billing_period = (!lines.is_empty()).then_some(period);
    let resource_key = if product.multiple_subscriptions {
        request.resource_id.clone().unwrap_or_default()
    } else {
        String::new()
    };
    Ok(Prepared {
        decision,
        plan,
        product,
        addons,
        lines,
        start,
        trial_end,
        billing_period,
        applied_coupon,
        metadata,
        subscription_id,
        resource_key,
        paying_customer_id,
    })
}

/// A plan's billed lines for a request: its addons (each published, compatible with the
/// plan, listed once, quantity 1 ≤ q ≤ `maxQuantity`), the billing period (requested, else
/// `MONTHLY` when priced, else `ANNUALLY`) and the (price, quantity) lines of the plan and
/// its addons, localized for `country`. Errors: `AddonNotFound`,
/// `IncompatibleSubscriptionAddon`, `InvalidQuantity`, `AddonQuantityExceedsLimitError`,
/// `BillingPeriodMissingError`, `BadUserInput` (an addon listed twice, a billable feature
/// the plan does not bill per unit).
pub(super) async fn price_plan<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    plan: &Priced,
    requested_addons: &[(String, Option<i32>)],
    billable: &BTreeMap<&str, f64>,
    requested_period: Option<BillingPeriod>,
    country: Option<&str>,
) -> Result<(Vec<(Priced, i32)>, BillingPeriod, Vec<(price::Model, f64)>)> {
    let compatible: HashSet<Uuid> = plan_compatible_addon::Entity::find()
        .filter(plan_compatible_addon::Column::PlanId.eq(plan.package.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|pair| pair.addon_id)
        .collect();
    let mut addons: Vec<(Priced, i32)> = Vec::new();
    for (addon_id, quantity) in requested_addons {
        let quantity = quantity.unwrap_or(1);
        if quantity < 1 {
            return Err(Error::InvalidQuantity(format!(
                "addon '{addon_id}' quantity must be at least 1, got {quantity}"
            )));
        }
        if addons.iter().any(|(a, _)| &a.package.ref_id == addon_id) {
            return Err(Error::bad_input(format!(
                "addon '{addon_id}' is listed more than once"
            )));
        }
        let addon = published(txn, env, PackageKind::Addon, addon_id)
            .await?
            .ok_or_else(|| Error::AddonNotFound {
                addon_id: addon_id.clone(),
            })?;
        if !compatible.contains(&addon.package.id) {
            return Err(Error::IncompatibleSubscriptionAddon {
                addon_id: addon_id.clone(),
                plan_id: plan.package.ref_id.clone(),
            });
        }
        if let Some(max) = addon.package.max_quantity {
            if f64::from(quantity) > max {
                return Err(Error::AddonQuantityExceedsLimit(format!(
                    "addon '{addon_id}' quantity {quantity} exceeds its maximum of {max}"
                )));
            }
        }
        addons.push((addon, quantity));
    }
    let features =
        features_of(txn, [plan].into_iter().chain(addons.iter().map(|(a, _)| a))).await?;
    let period = billing_period(plan, requested_period)?;
    let mut lines = price_lines(plan, period, country, &features, billable, true)?;
    for (addon, quantity) in &addons {
        for (price, _) in price_lines(addon, period, country, &features, billable, false)? {
            lines.push((price, f64::from(*quantity)));
        }
    }
    Ok((addons, period, lines))
}

/// Errors with `BadUserInput` when the billed lines are in more than one currency.
pub(super) fn one_currency(lines: &[(price::Model, f64)]) -> Result<()> {
    let mut currencies: Vec<Currency> = lines.iter().map(|(p, _)| p.currency).collect();
    currencies.sort_unstable();
    currencies.dedup();
    if currencies.len() > 1 {
        return Err(Error::bad_input(format!(
            "the prices of this subscription are in different currencies ({}); pick a billingCountryCode whose prices share one",
            currencies
                .iter()
                .map(Currency::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(())
}

/// The published plan or addon `ref_id` of `env` (the version its refId names), with its
/// prices.
pub(super) async fn published<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    kind: PackageKind,
    ref_id: &str,
) -> Result<Option<Priced>> {
    let Some(package) = package::Entity::find()
        .filter(package::Column::EnvironmentId.eq(env.0))
        .filter(package::Column::PackageType.eq(kind))
        .filter(package::Column::RefId.eq(ref_id))
        .filter(crate::catalog::version::latest())
        .filter(package::Column::Status.eq(PackageStatus::Published))
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    let prices = price::Entity::find()
        .filter(price::Column::PackageId.eq(package.id))
        .all(txn)
        .await?;
    Ok(Some(Priced { package, prices }))
}

/// The features that the packages' per-unit prices bill, by id.
async fn features_of<'a, C: ConnectionTrait>(
    txn: &C,
    packages: impl IntoIterator<Item = &'a Priced>,
) -> Result<HashMap<Uuid, feature::Model>> {
    let ids: HashSet<Uuid> = packages
        .into_iter()
        .flat_map(|p| p.prices.iter().filter_map(|price| price.feature_id))
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(feature::Entity::find()
        .filter(feature::Column::Id.is_in(ids))
        .all(txn)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect())
}

/// The billing period: the requested one when the plan is priced for it; without a request,
/// `MONTHLY` when priced, else `ANNUALLY`. Plans without prices (free, custom) take the
/// request or `MONTHLY`. Errors: `BillingPeriodMissingError`.
fn billing_period(plan: &Priced, requested: Option<BillingPeriod>) -> Result<BillingPeriod> {
    let priced: HashSet<BillingPeriod> = plan.prices.iter().map(|p| p.billing_period).collect();
    if priced.is_empty() {
        return Ok(requested.unwrap_or(BillingPeriod::Monthly));
    }
    match requested {
        Some(period) if priced.contains(&period) => Ok(period),
        Some(period) => Err(Error::BillingPeriodMissing(format!(
            "plan '{}' is not priced for billing period {period}",
            plan.package.ref_id
        ))),
        None if priced.contains(&BillingPeriod::Monthly) => Ok(BillingPeriod::Monthly),
        None if priced.contains(&BillingPeriod::Annually) => Ok(BillingPeriod::Annually),
        None => Err(Error::BillingPeriodMissing(format!(
            "plan '{}' has no price for a supported billing period",
            plan.package.ref_id
        ))),
    }
}

/// The prices of `package` for `period`, each replaced by its `country` override when one
/// exists.
pub(super) fn localized(
    package: &Priced,
    period: BillingPeriod,
    country: Option<&str>,
) -> Vec<price::Model> {
    let of_period = || {
        package
            .prices
            .iter()
            .filter(move |p| p.billing_period == period)
    };
    of_period()
        .filter(|p| p.billing_country_code.is_none())
        .map(|default| {
            country
                .and_then(|c| {
                    of_period().find(|p| {
                        p.billing_country_code.as_deref() == Some(c)
                            && p.billing_model == default.billing_model
                            && p.feature_id == default.feature_id
                    })
                })
                .unwrap_or(default)
                .clone()
        })
        .collect()
}

/// Each localized price with its quantity: 1 for a flat fee, the `billable` quantity (checked
/// against min/max) for a per-unit price. `check_unknown`: refuse billable features that no
/// per-unit price of `package` bills.
fn price_lines(
    package: &Priced,
    period: BillingPeriod,
    country: Option<&str>,
    features: &HashMap<Uuid, feature::Model>,
    billable: &BTreeMap<&str, f64>,
    check_unknown: bool,
) -> Result<Vec<(price::Model, f64)>> {
    let prices = localized(package, period, country);
    let mut billed_features = HashSet::new();
    let mut lines = Vec::with_capacity(prices.len());
    for price in prices {
        let quantity = match (price.billing_model, price.feature_id) {
            (BillingModel::PerUnit, Some(feature_id)) => {
                let feature = features.get(&feature_id).ok_or_else(|| {
                    Error::Unexpected(anyhow::anyhow!(
                        "price {} bills a missing feature",
                        price.id
                    ))
                })?;
                billed_features.insert(feature.ref_id.as_str());
                let quantity = billable.get(feature.ref_id.as_str()).copied().ok_or_else(|| {
                    Error::InvalidQuantity(format!(
                        "plan '{}' bills feature '{}' per unit: billableFeatures must give its quantity",
                        package.package.ref_id, feature.ref_id
                    ))
                })?;
                check_quantity(&price, &feature.ref_id, quantity)?;
                quantity
            }
            _ => 1.0,
        };
        lines.push((price, quantity));
    }
    if check_unknown {
        if let Some(unknown) = billable.keys().find(|f| !billed_features.contains(**f)) {
            return Err(Error::bad_input(format!(
                "billableFeatures: plan '{}' does not bill feature '{unknown}' per unit for {period}",
                package.package.ref_id
            )));
        }
    }
    Ok(lines)
}

/// Price lines for a plan the customer journey chose instead of the requested one: per-unit
/// quantities come from the request where it names the feature, else the price's minimum
/// (or 1).
fn journey_price_lines(
    plan: &Priced,
    period: BillingPeriod,
    country: Option<&str>,
    features: &HashMap<Uuid, feature::Model>,
    billable: &BTreeMap<&str, f64>,
) -> Result<Vec<(price::Model, f64)>> {
    let mut quantities = billable.clone();
    for price in &plan.prices {
        if let Some(feature) = price.feature_id.and_then(|id| features.get(&id)) {
            quantities
                .entry(feature.ref_id.as_str())
                .or_insert(price.min_unit_quantity.unwrap_or(1.0));
        }
    }
    price_lines(plan, period, country, features, &quantities, false)
}

/// A per-unit quantity: a whole number ≥ 1 within the price's min/max.
fn check_quantity(price: &price::Model, feature: &str, quantity: f64) -> Result<()> {
    let min = price.min_unit_quantity.unwrap_or(1.0);
    let max = price.max_unit_quantity;
    let whole = quantity.fract() == 0.0 && quantity.is_finite();
    if !whole || quantity < min.max(1.0) || max.is_some_and(|m| quantity > m) {
        let range = match max {
            Some(max) => format!("{min} to {max}"),
            None => format!("at least {min}"),
        };
        return Err(Error::InvalidQuantity(format!(
            "billable feature '{feature}' quantity must be a whole number {range}, got {quantity}"
        )));
    }
    Ok(())
}

fn add_months(t: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    t.checked_add_months(Months::new(months)).unwrap_or(t)
}

/// Maps a failed subscription insert: the refId index or the live-slot index →
/// `DuplicatedEntityNotAllowed`; anything else → `UnexpectedError`.
fn subscription_conflict(
    err: sea_orm::DbErr,
    ref_id: &str,
    product: &product::Model,
    resource: Option<&str>,
) -> Error {
    use crate::database::is_unique_violation;
    if is_unique_violation(
        &err,
        migration::SUBSCRIPTION_REF_ID_INDEX,
        "subscriptions.environment_id, subscriptions.ref_id",
    ) {
        return Error::DuplicatedSubscription(format!(
            "subscription id '{ref_id}' is already taken"
        ));
    }
    if is_unique_violation(
        &err,
        migration::SUBSCRIPTION_SLOT_INDEX,
        "subscriptions.customer_id, subscriptions.product_id, subscriptions.resource_key",
    ) {
        let scope = match resource {
            Some(r) if product.multiple_subscriptions => format!(" for resource '{r}'"),
            _ => String::new(),
        };
        return Error::DuplicatedSubscription(format!(
            "the customer already has a live subscription to product '{}'{scope}",
            product.ref_id
        ));
    }
    err.into()
}

/// A fresh `subscriptionId` for a subscription to plan `plan_ref_id`:
/// `subscription-PLAN-` + 32 random hex characters (128 random bits, so ids never collide in
/// practice), at most `MAX_EXTERNAL_ID_LEN` characters like a client-supplied one (a long
/// plan refId is shortened).
pub fn generate_subscription_id(plan_ref_id: &str) -> String {
    crate::values::generated_id(
        &format!("subscription-{plan_ref_id}"),
        crate::values::MAX_EXTERNAL_ID_LEN,
    )
}
