//! Effective entitlements: what a set of live subscriptions grants, feature by feature.
//!
//! Rules (Stigg's entitlement calculation,
//! <https://docs.stigg.io/documentation/modeling-your-pricing-in-stigg/add-ons/assigning-features-to-add-ons/entitlement-behavior>
//! and <https://docs.stigg.io/docs/add-ons>):
//! - the plan's entitlements count once, each addon's `quantity` times (Stigg's default
//!   `Increment` behavior: limit = plan + addon × quantity);
//! - a per-unit ("in advance") plan price of a feature grants the units bought: "actual
//!   usage is limited to the amount committed in advance"
//!   (<https://docs.stigg.io/documentation/modeling-your-pricing-in-stigg/plans/defining-plan-pricing/paid/charges/in-advance>),
//!   added to any limit the plan's own entitlement gives;
//! - unlimited usage anywhere wins over any limit; a soft limit anywhere makes the result
//!   soft; the first grant with a reset period gives the period;
//! - several subscriptions (other products, a resource's and the customer's) add up the same
//!   way.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::catalog::read::EntitlementView;
use crate::subscription::read::SubscriptionView;
use entity::feature;
use entity::stigg_enums::EntitlementResetPeriod;

/// What a customer may use of one feature.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveEntitlement {
    pub feature: feature::Model,
    /// NUMBER features: the summed limit (`None` when unlimited, and for BOOLEAN features).
    pub usage_limit: Option<f64>,
    pub has_unlimited_usage: bool,
    pub has_soft_limit: bool,
    /// Stigg `EntitlementResetPeriod` of the first grant that has one.
    pub reset_period: Option<EntitlementResetPeriod>,
    /// The resource id when every granting subscription has the same one.
    pub resource_id: Option<String>,
    /// Start of the earliest-starting granting subscription: the usage periods' anchor.
    pub anchor: DateTime<Utc>,
    /// The latest change to anything that shaped it (grants, prices, subscriptions): Stigg's
    /// `entitlementUpdatedAt`.
    pub updated_at: DateTime<Utc>,
}

/// One grant of a feature: a limit (or none), its flags and where it comes from.
struct Grant<'a> {
    feature: &'a feature::Model,
    usage_limit: Option<f64>,
    has_unlimited_usage: bool,
    has_soft_limit: bool,
    reset_period: Option<EntitlementResetPeriod>,
    updated_at: DateTime<Utc>,
}

/// The grants of one subscription: plan entitlements, addon entitlements × quantity, and
/// per-unit plan prices' units.
fn grants(subscription: &SubscriptionView) -> Vec<Grant<'_>> {
    fn entitlement(e: &EntitlementView, multiplier: f64) -> Grant<'_> {
        let row = &e.entitlement;
        Grant {
            feature: &e.feature,
            usage_limit: row.usage_limit.map(|limit| limit * multiplier),
            has_unlimited_usage: row.has_unlimited_usage,
            has_soft_limit: row.has_soft_limit,
            reset_period: row.reset_period,
            updated_at: row.updated_at,
        }
    }
    let plan = subscription
        .plan
        .entitlements
        .iter()
        .map(|e| entitlement(e, 1.0));
    let addons = subscription.addons.iter().flat_map(|(addon, quantity)| {
        addon
            .entitlements
            .iter()
            .map(move |e| entitlement(e, f64::from(*quantity)))
    });
    let units = subscription
        .prices
        .iter()
        .filter(|b| b.of_plan)
        .filter_map(|b| {
            b.price.feature.as_ref().map(|feature| Grant {
                feature,
                usage_limit: Some(b.quantity),
                has_unlimited_usage: false,
                has_soft_limit: false,
                reset_period: None,
                updated_at: b.price.price.created_at,
            })
        });
    plan.chain(addons).chain(units).collect()
}

/// The effective entitlements granted by `subscriptions` (the caller passes the live ones
/// that apply), ordered by feature refId.
pub fn effective<'a>(
    subscriptions: impl IntoIterator<Item = &'a SubscriptionView>,
) -> Vec<EffectiveEntitlement> {
    let mut by_feature: BTreeMap<String, (EffectiveEntitlement, Vec<Option<String>>)> =
        BTreeMap::new();
    for subscription in subscriptions {
        let row = &subscription.row;
        for grant in grants(subscription) {
            let (entry, resources) = by_feature
                .entry(grant.feature.ref_id.clone())
                .or_insert_with(|| {
                    (
                        EffectiveEntitlement {
                            feature: grant.feature.clone(),
                            usage_limit: None,
                            has_unlimited_usage: false,
                            has_soft_limit: false,
                            reset_period: None,
                            resource_id: None,
                            anchor: row.start_date,
                            updated_at: row.updated_at,
                        },
                        Vec::new(),
                    )
                });
            resources.push(row.resource_id.clone());
            entry.anchor = entry.anchor.min(row.start_date);
            entry.updated_at = entry.updated_at.max(row.updated_at).max(grant.updated_at);
            entry.has_soft_limit |= grant.has_soft_limit;
            if entry.reset_period.is_none() {
                entry.reset_period = grant.reset_period;
            }
            if grant.has_unlimited_usage {
                entry.has_unlimited_usage = true;
            } else if let Some(limit) = grant.usage_limit {
                entry.usage_limit = Some(entry.usage_limit.unwrap_or(0.0) + limit);
            }
        }
    }
    by_feature
        .into_values()
        .map(|(mut entry, resources)| {
            if entry.has_unlimited_usage {
                entry.usage_limit = None;
            }
            let first = resources.first().cloned().flatten();
            if resources.iter().all(|r| *r == first) {
                entry.resource_id = first;
            }
            entry
        })
        .collect()
}

/// `entitlements` with `grants` (promotional entitlements active at `now`) added the
/// generous way: a feature only a grant gives is added (anchored at the grant's start); for
/// a feature both give, unlimited anywhere wins, else the larger limit; a soft limit
/// anywhere is soft; the subscription's reset period and anchor stay. Ordered by feature
/// refId.
pub fn with_promotions(
    entitlements: Vec<EffectiveEntitlement>,
    grants: &[super::promotional::Grant],
    now: DateTime<Utc>,
) -> Vec<EffectiveEntitlement> {
    let mut by_feature: BTreeMap<String, EffectiveEntitlement> = entitlements
        .into_iter()
        .map(|e| (e.feature.ref_id.clone(), e))
        .collect();
    for grant in grants.iter().filter(|g| g.is_active(now)) {
        let row = &grant.row;
        match by_feature.get_mut(&grant.feature.ref_id) {
            Some(entry) => {
                entry.has_soft_limit |= row.has_soft_limit;
                entry.updated_at = entry.updated_at.max(row.updated_at);
                if row.has_unlimited_usage {
                    entry.has_unlimited_usage = true;
                    entry.usage_limit = None;
                } else if !entry.has_unlimited_usage {
                    entry.usage_limit = match (entry.usage_limit, row.usage_limit) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        (a, b) => a.or(b),
                    };
                }
                if entry.reset_period.is_none() {
                    entry.reset_period = row.reset_period;
                }
            }
            None => {
                by_feature.insert(
                    grant.feature.ref_id.clone(),
                    EffectiveEntitlement {
                        feature: grant.feature.clone(),
                        usage_limit: row.usage_limit,
                        has_unlimited_usage: row.has_unlimited_usage,
                        has_soft_limit: row.has_soft_limit,
                        reset_period: row.reset_period,
                        resource_id: None,
                        anchor: row.start_date,
                        updated_at: row.updated_at,
                    },
                );
            }
        }
    }
    by_feature.into_values().collect()
}
