//! A customer's effective entitlements: what its live subscriptions grant, feature by
//! feature — the plan's entitlements plus each addon's multiplied by the addon quantity.
//! Unlimited usage wins over any limit; a soft limit anywhere makes the result soft.

use std::collections::BTreeMap;

use super::read::SubscriptionView;
use entity::feature;
use entity::stigg_enums::EntitlementResetPeriod;

/// What a customer may use of one feature.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveEntitlement {
    pub feature: feature::Model,
    /// Always true here: a feature appears only when some subscription grants it.
    pub is_granted: bool,
    /// NUMBER features: the summed limit (`None` when unlimited, and for BOOLEAN features).
    pub usage_limit: Option<f64>,
    pub has_unlimited_usage: bool,
    pub has_soft_limit: bool,
    /// Stigg `EntitlementResetPeriod` of the first grant that has one.
    pub reset_period: Option<EntitlementResetPeriod>,
    /// The resource id when every granting subscription has the same one.
    pub resource_id: Option<String>,
}

/// The effective entitlements of the live (ACTIVE or IN_TRIAL) ones of `subscriptions`,
/// ordered by feature refId.
pub fn effective(subscriptions: &[SubscriptionView]) -> Vec<EffectiveEntitlement> {
    let mut by_feature: BTreeMap<String, (EffectiveEntitlement, Vec<Option<String>>)> =
        BTreeMap::new();
    let live = subscriptions
        .iter()
        .filter(|s| super::is_live(s.row.status));
    for subscription in live {
        let grants = subscription
            .plan
            .entitlements
            .iter()
            .map(|e| (e, 1.0))
            .chain(subscription.addons.iter().flat_map(|(addon, quantity)| {
                addon
                    .entitlements
                    .iter()
                    .map(move |e| (e, f64::from(*quantity)))
            }));
        for (grant, multiplier) in grants {
            let (entry, resources) = by_feature
                .entry(grant.feature.ref_id.clone())
                .or_insert_with(|| {
                    (
                        EffectiveEntitlement {
                            feature: grant.feature.clone(),
                            is_granted: true,
                            usage_limit: None,
                            has_unlimited_usage: false,
                            has_soft_limit: false,
                            reset_period: None,
                            resource_id: None,
                        },
                        Vec::new(),
                    )
                });
            resources.push(subscription.row.resource_id.clone());
            let e = &grant.entitlement;
            entry.has_soft_limit |= e.has_soft_limit;
            if entry.reset_period.is_none() {
                entry.reset_period = e.reset_period;
            }
            if e.has_unlimited_usage {
                entry.has_unlimited_usage = true;
            } else if let Some(limit) = e.usage_limit {
                entry.usage_limit = Some(entry.usage_limit.unwrap_or(0.0) + limit * multiplier);
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
