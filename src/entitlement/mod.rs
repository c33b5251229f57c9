//! Entitlements: what a customer (or one of its resources) may use of each feature right
//! now, with its usage, and whether a request may go ahead.
//!
//! The model (Stigg's; sources on each rule):
//! - [`effective`]: plan + addons × quantity + per-unit units bought, over the customer's
//!   live subscriptions that apply, and the customer's active [`promotional`] entitlements
//!   (the more generous value wins; a grant beats "no subscription"). Without a `resourceId` those are the customer-level
//!   subscriptions (no resource); with one, that resource's subscriptions and the
//!   customer-level ones ("without resourceId, the check uses the customer-level
//!   subscription set": stiggio/skills `skills/stigg-entitlements/references/gating.md`).
//! - Usage ([`Usage`]): metered features (NUMBER with meter type `Incremental` or
//!   `Fluctuating`) count reported usage per usage period ([`period`]). `Fluctuating` meters
//!   (seats, templates: a level, not a flow) and entitlements without a reset period never
//!   reset. The totals are read from `usage_totals` in one indexed query per check.
//! - Decision ([`decide`], the official SDKs' rule, `@stigg/node-server-sdk`
//!   `services/entitlementDecisionService.js`): BOOLEAN and configuration (unmetered
//!   NUMBER) features are granted when entitled; a metered feature when its usage is
//!   unlimited, its limit soft, or `currentUsage + requestedUsage ≤ usageLimit` (requested
//!   usage 0 when not given).
//! - Denial reasons ([`Denial`], Stigg's `AccessDeniedReason`), in this order: the
//!   customer is unknown, archived; the resource unknown; the feature unknown; no live
//!   subscription; no entitlement to the feature; the requested usage over the limit.

pub mod effective;
pub mod embedded_read;
pub mod period;
pub mod promotional;
pub mod snapshot;

use std::collections::HashMap;

use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

pub use effective::{effective, EffectiveEntitlement};
use period::UsagePeriod;
pub use snapshot::{Snapshots, Store};

use crate::customer::CustomerRefId;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::subscription::read::SubscriptionView;
use entity::stigg_enums::{FeatureType, MeterType};
use entity::{customer, feature, usage_total};

/// Why access is denied: the Stigg `AccessDeniedReason` values plangate decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denial {
    CustomerNotFound,
    CustomerIsArchived,
    CustomerResourceNotFound,
    FeatureNotFound,
    NoActiveSubscription,
    NoFeatureEntitlementInSubscription,
    RequestedUsageExceedingLimit,
}

/// `usage_totals.period_start` of usage that never resets (a date no period starts on).
pub fn lifetime_period_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The stored period key of `period` (`None`: the lifetime key).
pub fn period_key(period: Option<UsagePeriod>) -> DateTime<Utc> {
    period.map_or_else(lifetime_period_start, |p| p.start)
}

/// True for a metered feature: NUMBER with an `Incremental` or `Fluctuating` meter.
pub fn is_metered(feature: &feature::Model) -> bool {
    feature.feature_type == FeatureType::Number
        && matches!(
            feature.meter_type,
            Some(MeterType::Incremental | MeterType::Fluctuating)
        )
}

/// The usage period of `entitlement` holding `at`; `None` when its usage never resets
/// (a `Fluctuating` meter, no reset period, or dates beyond chrono's range).
pub fn usage_period(entitlement: &EffectiveEntitlement, at: DateTime<Utc>) -> Option<UsagePeriod> {
    if entitlement.feature.meter_type == Some(MeterType::Fluctuating) {
        return None;
    }
    let reset = entitlement.reset_period?;
    let anchor = period::anchor_instant(period::ResetAnchor::SubscriptionStart, entitlement.anchor);
    period::containing(reset, anchor, at)
}

/// The usage of a metered entitlement in its current period.
#[derive(Clone, Debug, PartialEq)]
pub struct Usage {
    /// Reported usage in the period (0 when nothing was reported).
    pub current: f64,
    /// The period; `None` when the usage never resets.
    pub period: Option<UsagePeriod>,
    /// The last report that changed it.
    pub updated_at: Option<DateTime<Utc>>,
}

/// One entitlement of a customer with its usage (metered features only).
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerEntitlement {
    pub effective: EffectiveEntitlement,
    pub usage: Option<Usage>,
}

/// The entitlements of a customer (and resource) that has access to something.
#[derive(Clone, Debug)]
pub struct Entitled {
    pub customer: snapshot::CheckedCustomer,
    pub resource_id: Option<String>,
    /// False when no live subscription applies (the entitlements are then the promotional
    /// ones only).
    pub has_live_subscription: bool,
    pub entitlements: Vec<CustomerEntitlement>,
}

/// Whether a request for a feature may go ahead.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decision {
    pub granted: bool,
    pub denial: Option<Denial>,
}

impl Decision {
    fn grant() -> Decision {
        Decision {
            granted: true,
            denial: None,
        }
    }

    /// A denial for `reason`.
    pub fn deny(reason: Denial) -> Decision {
        Decision {
            granted: false,
            denial: Some(reason),
        }
    }
}

/// Most usage a request may ask about or report (absolute value): beyond it a float no
/// longer counts whole units exactly.
pub const MAX_USAGE: f64 = 1e15;

/// `requestedUsage` checked: finite, 0 ≤ value ≤ [`MAX_USAGE`]. Errors: `BadUserInput`.
pub fn requested_usage(value: Option<f64>) -> Result<f64> {
    match value {
        None => Ok(0.0),
        Some(v) if v.is_finite() && (0.0..=MAX_USAGE).contains(&v) => Ok(v),
        Some(v) => Err(Error::bad_input(format!(
            "requestedUsage must be a number from 0 to {MAX_USAGE:e}, got {v}"
        ))),
    }
}

/// The decision for `entitlement` when `requested` more units are about to be used.
pub fn decide(entitlement: &CustomerEntitlement, requested: f64) -> Decision {
    let e = &entitlement.effective;
    if !is_metered(&e.feature) || e.has_unlimited_usage || e.has_soft_limit {
        return Decision::grant();
    }
    let current = entitlement.usage.as_ref().map_or(0.0, |u| u.current);
    if current + requested <= e.usage_limit.unwrap_or(0.0) {
        Decision::grant()
    } else {
        Decision::deny(Denial::RequestedUsageExceedingLimit)
    }
}

/// The entitlements of customer `ref_id` (and `resource_id`) at `now`, or why it has none:
/// `CustomerNotFound`, `CustomerIsArchived`, `CustomerResourceNotFound` (no subscription of
/// the customer, in any status, has that resource id). A customer without a live
/// subscription is `Entitled` with `has_live_subscription: false`. With a kept [`snapshot`]
/// this is one statement: the customer with its revisions and the usage totals the snapshot
/// says are needed; when the revisions moved (or nothing is kept), the snapshot is loaded
/// again and the totals read after it. Errors: `BadUserInput` (malformed customer id).
pub async fn for_customer<C: ConnectionTrait>(
    db: &C,
    store: Store<'_>,
    env: EnvironmentId,
    ref_id: &str,
    resource_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<std::result::Result<Entitled, Denial>> {
    let ref_id = CustomerRefId::parse(ref_id)?;
    let (Store::ReadAndKeep(snapshots) | Store::ReadOnly(snapshots)) = store;
    let resource_key = resource_id.unwrap_or_default();
    // What the kept snapshot grants, and the usage totals that needs, assuming it is still
    // valid (checked against the revisions read with the totals).
    let kept = snapshots.kept(env, &ref_id).map(|kept| {
        let applying = kept.applying(resource_id, now);
        let live = !applying.is_empty();
        let granted = effective::with_promotions(effective(applying), &kept.grants, now);
        let keys = usage_keys(&granted, now);
        (kept, live, granted, keys)
    });
    let keys = kept.as_ref().map_or(&[][..], |(.., keys)| keys.as_slice());
    let found = match store {
        Store::ReadAndKeep(snapshots) => {
            snapshots
                .find_customer_with_usage(db, env, &ref_id, resource_key, keys)
                .await?
        }
        Store::ReadOnly(_) => {
            snapshot::find_customer_with_usage(db, env, &ref_id, resource_key, keys).await?
        }
    };
    let Some((revised, totals)) = found else {
        return Ok(Err(Denial::CustomerNotFound));
    };
    if revised.customer.archived_at.is_some() {
        return Ok(Err(Denial::CustomerIsArchived));
    }
    let (snapshot, live, granted, totals) = match kept {
        Some((kept, live, granted, _)) if kept.is_valid_for(&revised) => {
            (kept, live, granted, totals)
        }
        _ => {
            let snapshot = snapshot::of_customer(db, store, &revised, now).await?;
            let applying = snapshot.applying(resource_id, now);
            let live = !applying.is_empty();
            let granted = effective::with_promotions(effective(applying), &snapshot.grants, now);
            let totals = usage_totals(db, revised.customer.id, resource_key, &granted, now).await?;
            (snapshot, live, granted, totals)
        }
    };
    // Any status counts: a cancelled resource is known, it just grants nothing.
    if resource_id.is_some_and(|r| !snapshot.knows_resource(r)) {
        return Ok(Err(Denial::CustomerResourceNotFound));
    }
    Ok(Ok(Entitled {
        customer: revised.customer,
        resource_id: resource_id.map(str::to_owned),
        has_live_subscription: live,
        entitlements: attach_usage(granted, totals, now),
    }))
}

/// What `subscriptions` (the live ones that apply) and the customer's active promotional
/// entitlements grant at `now` ([`effective`], then [`effective::with_promotions`]).
pub async fn granted<C: ConnectionTrait>(
    db: &C,
    customer: &customer::Model,
    subscriptions: &[SubscriptionView],
    now: DateTime<Utc>,
) -> Result<Vec<EffectiveEntitlement>> {
    let grants = promotional::of_customers(db, &[customer.id]).await?;
    Ok(effective::with_promotions(
        effective(subscriptions),
        &grants,
        now,
    ))
}

/// `entitlements` with the current usage of the metered ones (one query).
pub async fn with_usage<C: ConnectionTrait>(
    db: &C,
    customer: &customer::Model,
    resource_id: Option<&str>,
    entitlements: Vec<EffectiveEntitlement>,
    now: DateTime<Utc>,
) -> Result<Vec<CustomerEntitlement>> {
    let resource_key = resource_id.unwrap_or_default();
    let totals = usage_totals(db, customer.id, resource_key, &entitlements, now).await?;
    Ok(attach_usage(entitlements, totals, now))
}

/// The usage totals `entitlements` need at `now`: of each metered feature, in its current
/// usage period ([`usage_period`], [`period_key`]).
fn usage_keys(
    entitlements: &[EffectiveEntitlement],
    now: DateTime<Utc>,
) -> Vec<snapshot::UsageKey> {
    entitlements
        .iter()
        .filter(|e| is_metered(&e.feature))
        .map(|e| (e.feature.id, period_key(usage_period(e, now))))
        .collect()
}

/// The usage totals of `customer` at `resource_key` that `entitlements` need at `now`
/// (one query; none when no entitlement is metered).
async fn usage_totals<C: ConnectionTrait>(
    db: &C,
    customer_id: uuid::Uuid,
    resource_key: &str,
    entitlements: &[EffectiveEntitlement],
    now: DateTime<Utc>,
) -> Result<Vec<usage_total::Model>> {
    let metered: Vec<_> = entitlements
        .iter()
        .filter(|e| is_metered(&e.feature))
        .map(|e| e.feature.id)
        .collect();
    if metered.is_empty() {
        return Ok(Vec::new());
    }
    Ok(usage_total::Entity::find()
        .filter(usage_total::Column::CustomerId.eq(customer_id))
        .filter(usage_total::Column::ResourceKey.eq(resource_key))
        .filter(usage_total::Column::FeatureId.is_in(metered))
        .filter(
            usage_total::Column::PeriodStart.is_in(
                usage_keys(entitlements, now)
                    .into_iter()
                    .map(|(_, start)| start),
            ),
        )
        .all(db)
        .await?)
}

/// `entitlements` with their usage at `now`, from `totals` (a metered entitlement without a
/// total for its current period has used nothing).
fn attach_usage(
    entitlements: Vec<EffectiveEntitlement>,
    totals: Vec<usage_total::Model>,
    now: DateTime<Utc>,
) -> Vec<CustomerEntitlement> {
    let totals: HashMap<(uuid::Uuid, DateTime<Utc>), usage_total::Model> = totals
        .into_iter()
        .map(|t| ((t.feature_id, t.period_start), t))
        .collect();
    entitlements
        .into_iter()
        .map(|effective| {
            let usage = is_metered(&effective.feature).then(|| {
                let period = usage_period(&effective, now);
                let total = totals.get(&(effective.feature.id, period_key(period)));
                Usage {
                    current: total.map_or(0.0, |t| t.value),
                    period,
                    updated_at: total.map(|t| t.updated_at),
                }
            });
            CustomerEntitlement { effective, usage }
        })
        .collect()
}
