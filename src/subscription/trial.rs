//! Free trials: which plans a customer has had a trial of, whether it may have another, and
//! whether a new subscription starts in one.
//!
//! Stigg's rules (docs.stigg.io, "Free trials",
//! `documentation/modeling-your-pricing-in-stigg/plans/defining-plan-pricing/paid/charges/free-trials`):
//! paid and custom plans can be configured to start with a free trial when a subscription is
//! created (the plan's default trial); "by default, customers are eligible for one free trial
//! per product"; additional trial access is granted by overriding the default trial settings
//! when provisioning, and customers can likewise be forced to start in a paid plan. The
//! override is `trialOverrideConfiguration { isTrial, trialEndDate, trialEndBehavior }` on both
//! subscription inputs (Stigg changelog, "Ability to programmatically provision trial
//! subscriptions"); `provisionSubscription` also takes `skipTrial`.
//!
//! A customer "has had a trial" of a product when any of its subscriptions to a plan of that
//! product, in any status (cancelled ones included), started with a trial (`trialEndDate`
//! set).

use chrono::{DateTime, Months, TimeDelta, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use super::read::SubscriptionView;
use crate::catalog::{Package, Product};
use crate::error::{Error, Result};
use entity::stigg_enums::{PricingType, TrialEndBehavior, TrialPeriodUnits};
use entity::subscription;

/// What a subscription request says about a trial (Stigg's `skipTrial` and
/// `trialOverrideConfiguration`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TrialRequest {
    /// Nothing said: the plan's default trial applies when the customer is eligible (and the
    /// product's customer journey may start one).
    #[default]
    Default,
    /// `skipTrial: true` or `trialOverrideConfiguration.isTrial: false`: no trial; the
    /// requested plan starts paid (the customer journey's trial does not apply either).
    Skip,
    /// `trialOverrideConfiguration.isTrial: true`: a trial of the requested plan whether or
    /// not the customer is eligible, ending at `end` (else after the plan's default trial).
    Force {
        end: Option<DateTime<Utc>>,
        end_behavior: Option<TrialEndBehavior>,
    },
}

/// Stigg's `TrialOverrideConfigurationInput`, decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrialOverride {
    pub is_trial: bool,
    pub end: Option<DateTime<Utc>>,
    pub end_behavior: Option<TrialEndBehavior>,
}

impl TrialRequest {
    /// The request's trial choice from `skipTrial` (`false` when absent) and
    /// `trialOverrideConfiguration`. Errors: `BadUserInput` when `skipTrial: true` comes with
    /// `isTrial: true`, or `isTrial: false` with a trial end date or behaviour.
    pub fn from_input(skip_trial: bool, trial_override: Option<TrialOverride>) -> Result<Self> {
        match (skip_trial, trial_override) {
            (true, Some(o)) if o.is_trial => Err(Error::bad_input(
                "skipTrial: true contradicts trialOverrideConfiguration.isTrial: true",
            )),
            (_, Some(o)) if !o.is_trial && (o.end.is_some() || o.end_behavior.is_some()) => {
                Err(Error::bad_input(
                    "trialOverrideConfiguration: trialEndDate and trialEndBehavior need isTrial: true",
                ))
            }
            (true, _) => Ok(TrialRequest::Skip),
            (false, Some(o)) if !o.is_trial => Ok(TrialRequest::Skip),
            (false, Some(o)) => Ok(TrialRequest::Force {
                end: o.end,
                end_behavior: o.end_behavior,
            }),
            (false, None) => Ok(TrialRequest::Default),
        }
    }
}

/// A plan a customer has had a trial of (Stigg's `TrialedPlan`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrialedPlan {
    pub plan_id: Uuid,
    pub plan_ref_id: String,
    pub product_id: Uuid,
    pub product_ref_id: String,
}

/// Whether a customer may start a trial of a product's plans (Stigg's `EligibleForTrial`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrialEligibility {
    pub product_id: Uuid,
    pub product_ref_id: String,
    pub eligible: bool,
}

/// The plans a customer's subscriptions (`subscriptions`: all of them, any status) had a trial
/// of, each plan once, in the order of their first trial (oldest first).
pub fn trialed_plans(subscriptions: &[SubscriptionView]) -> Vec<TrialedPlan> {
    let mut trialed: Vec<(DateTime<Utc>, TrialedPlan)> = Vec::new();
    for s in subscriptions
        .iter()
        .filter(|s| s.row.trial_end_date.is_some())
    {
        let plan = &s.plan;
        match trialed
            .iter_mut()
            .find(|(_, t)| t.plan_ref_id == plan.package.ref_id)
        {
            Some((first, _)) => *first = (*first).min(s.row.created_at),
            None => trialed.push((
                s.row.created_at,
                TrialedPlan {
                    plan_id: plan.package.id,
                    plan_ref_id: plan.package.ref_id.clone(),
                    product_id: plan.product.id,
                    product_ref_id: plan.product.ref_id.clone(),
                },
            )),
        }
    }
    trialed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.plan_ref_id.cmp(&b.1.plan_ref_id))
    });
    trialed.into_iter().map(|(_, t)| t).collect()
}

/// For each of `products` (in their order), whether a customer with these subscriptions (all
/// of them, any status) may start a trial: not when it has had a trial of any plan of that
/// product.
pub fn eligibility(
    products: &[Product],
    subscriptions: &[SubscriptionView],
) -> Vec<TrialEligibility> {
    let trialed = trialed_plans(subscriptions);
    products
        .iter()
        .map(|p| TrialEligibility {
            product_id: p.id,
            product_ref_id: p.ref_id.clone(),
            eligible: !trialed.iter().any(|t| t.product_id == p.id),
        })
        .collect()
}

/// True when `customer_id` may start a trial of a plan of `product_id`: none of its
/// subscriptions to that product (any status) had a trial. One indexed count.
pub async fn is_eligible<C: ConnectionTrait>(
    db: &C,
    customer_id: Uuid,
    product_id: Uuid,
) -> Result<bool> {
    let trials = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(customer_id))
        .filter(subscription::Column::ProductId.eq(product_id))
        .filter(subscription::Column::TrialEndDate.is_not_null())
        .count(db)
        .await?;
    Ok(trials == 0)
}

/// The end of `plan`'s default trial for a subscription starting at `start`; `None` when the
/// plan has none (no positive default duration, or a FREE plan: Stigg offers trials on paid
/// and custom plans only).
pub fn default_trial_end(plan: &Package, start: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if plan.pricing_type == Some(PricingType::Free) {
        return None;
    }
    let duration = plan.default_trial_duration.filter(|d| *d > 0)?;
    let units = u32::try_from(duration).ok()?;
    match plan.default_trial_units {
        Some(TrialPeriodUnits::Month) => start.checked_add_months(Months::new(units)),
        Some(TrialPeriodUnits::Day) | None => {
            start.checked_add_signed(TimeDelta::days(i64::from(units)))
        }
    }
}

/// The trial end of a subscription to `plan` starting at `start`, as [`TrialRequest`] and
/// eligibility decide; `None`: no trial.
///
/// - `Default`: the plan's default trial when `eligible`.
/// - `Skip`: none.
/// - `Force`: `end` (which must be after `start`), else the plan's default trial; a
///   `trialEndBehavior` other than the plan's (default `CONVERT_TO_PAID`) is not stored yet.
///
/// Errors: `BadUserInput` (a forced trial without an end date on a plan without a default
/// trial, or ending before it starts), `UnsupportedParameter` (a different end behaviour).
pub fn trial_end(
    request: TrialRequest,
    plan: &Package,
    start: DateTime<Utc>,
    eligible: bool,
) -> Result<Option<DateTime<Utc>>> {
    match request {
        TrialRequest::Skip => Ok(None),
        TrialRequest::Default => Ok(if eligible {
            default_trial_end(plan, start)
        } else {
            None
        }),
        TrialRequest::Force { end, end_behavior } => {
            // Stigg: "Trials apply to paid and custom plans" (stiggio/skills
            // stigg-subscriptions). Found by the fresh-user trial: a FREE plan took a trial.
            if plan.pricing_type.unwrap_or(PricingType::Free) == PricingType::Free {
                return Err(Error::bad_input(format!(
                    "trialOverrideConfiguration.isTrial: plan '{}' is free; trials apply to paid and custom plans",
                    plan.ref_id
                )));
            }
            let plan_behavior = plan
                .default_trial_end_behavior
                .unwrap_or(TrialEndBehavior::ConvertToPaid);
            if end_behavior.is_some_and(|b| b != plan_behavior) {
                return Err(Error::UnsupportedParameter(format!(
                    "trialOverrideConfiguration.trialEndBehavior other than plan '{}''s ({plan_behavior}) is not supported yet",
                    plan.ref_id
                )));
            }
            let end = match end {
                Some(end) => crate::time::to_millis(end),
                None => default_trial_end(plan, start).ok_or_else(|| {
                    Error::bad_input(format!(
                        "trialOverrideConfiguration: plan '{}' has no default trial; give trialEndDate",
                        plan.ref_id
                    ))
                })?,
            };
            if end <= start {
                return Err(Error::bad_input(format!(
                    "trialOverrideConfiguration.trialEndDate must be after the subscription's start ({})",
                    start.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                )));
            }
            Ok(Some(end))
        }
    }
}
