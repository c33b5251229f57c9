//! The one mapping of the catalog to Stigg's output types: plans and addons from the
//! domain's one read model (`catalog::read::PackageView`, the same for catalog queries and
//! subscriptions), prices, entitlements, features and products.

use rust_decimal::prelude::ToPrimitive;

use crate::catalog::package::TrialConfig;
use crate::catalog::read::{EntitlementView, PackageView, PriceView};
use crate::catalog::{self, Currency};
use crate::graphql::stigg::enums::{BillingCadence, EntitlementBehavior};
use crate::graphql::stigg::objects::{
    Addon, DefaultTrialConfig, Feature, Money, PackageEntitlement, PackageEntitlementUnion,
    PackageFeatureEntitlement, Plan, Price, Product,
};

/// Stigg `Money`: an exact decimal amount in currency units as Stigg's Float (`None` when
/// it does not fit).
pub fn money(amount: rust_decimal::Decimal, currency: Currency) -> Option<Money> {
    Some(Money {
        amount: amount.to_f64()?,
        currency: currency.into(),
    })
}

/// Stigg `Plan` for a plan's read model.
pub fn plan_object(view: &PackageView) -> Plan {
    let p = &view.package;
    Plan {
        id: p.id,
        ref_id: p.ref_id.clone(),
        display_name: p.display_name.clone(),
        description: p.description.clone(),
        billing_id: p.billing_id.clone(),
        version_number: p.version_number,
        additional_meta_data: p.additional_meta_data.clone().map(async_graphql::Json),
        hidden_from_widgets: Some(Vec::new()),
        product: product_object(&view.product),
        base_plan: None,
        entitlements: Some(
            view.entitlements
                .iter()
                .map(package_entitlement_object)
                .collect(),
        ),
        inherited_entitlements: Some(Vec::new()),
        compatible_addons: Some(view.compatible_addons.iter().map(addon_object).collect()),
        compatible_package_groups: Some(Vec::new()),
        prices: Some(view.prices.iter().map(price_object).collect()),
        overage_prices: Some(Vec::new()),
        pricing_type: p.pricing_type.map(Into::into),
        default_trial_config: default_trial(p),
        aws_marketplace_plan_dimension: None,
        package_entitlements: Some(
            view.entitlements
                .iter()
                .map(|e| {
                    PackageEntitlementUnion::PackageFeatureEntitlement(
                        package_feature_entitlement_object(e),
                    )
                })
                .collect(),
        ),
        inherited_package_entitlements: Some(Vec::new()),
    }
}

fn default_trial(p: &catalog::Package) -> Option<DefaultTrialConfig> {
    let trial = TrialConfig::of(p)?;
    Some(DefaultTrialConfig {
        duration: f64::from(trial.duration),
        units: trial.units.into(),
        trial_end_behavior: trial.end_behavior.map(Into::into),
        budget: None,
    })
}

/// Stigg `Addon` for an addon's read model.
pub fn addon_object(view: &PackageView) -> Addon {
    let p = &view.package;
    Addon {
        id: p.id,
        ref_id: p.ref_id.clone(),
        billing_id: p.billing_id.clone(),
        display_name: p.display_name.clone(),
        description: p.description.clone(),
        additional_meta_data: p.additional_meta_data.clone().map(async_graphql::Json),
        hidden_from_widgets: Some(Vec::new()),
        entitlements: Some(
            view.entitlements
                .iter()
                .map(package_entitlement_object)
                .collect(),
        ),
        package_entitlements: Some(
            view.entitlements
                .iter()
                .map(|e| {
                    PackageEntitlementUnion::PackageFeatureEntitlement(
                        package_feature_entitlement_object(e),
                    )
                })
                .collect(),
        ),
        prices: Some(view.prices.iter().map(price_object).collect()),
        overage_prices: Some(Vec::new()),
        pricing_type: p.pricing_type.map(Into::into),
        max_quantity: p.max_quantity,
        dependencies: Some(Vec::new()),
    }
}

/// Stigg `Product` for a product row (its journey is resolved by `productSettings`).
pub fn product_object(p: &catalog::Product) -> Product {
    Product {
        ref_id: p.ref_id.clone(),
        display_name: p.display_name.clone(),
        description: p.description.clone(),
        additional_meta_data: p.additional_meta_data.clone().map(async_graphql::Json),
        aws_marketplace_product_id: None,
    }
}

/// Stigg `Price` for a price's read model.
pub fn price_object(view: &PriceView) -> Price {
    let p = &view.price;
    Price {
        billing_model: p.billing_model.into(),
        billing_period: p.billing_period.into(),
        billing_cadence: BillingCadence::Recurring,
        billing_id: None,
        billing_country_code: p.billing_country_code.clone(),
        min_unit_quantity: p.min_unit_quantity,
        max_unit_quantity: p.max_unit_quantity,
        price: money(view.amount, p.currency),
        credit_rate: None,
        tiers_mode: None,
        tiers: None,
        feature: view.feature.as_ref().map(feature_object),
        block_size: None,
        top_up_custom_currency_id: None,
        custom_currency: None,
    }
}

/// Stigg `Feature` for a feature row.
pub fn feature_object(f: &catalog::Feature) -> Feature {
    Feature {
        ref_id: f.ref_id.clone(),
        display_name: f.display_name.clone(),
        description: f.description.clone(),
        feature_type: f.feature_type.into(),
        meter_type: f.meter_type.map(Into::into),
        feature_units: f.feature_units.clone(),
        feature_units_plural: f.feature_units_plural.clone(),
        additional_meta_data: f.additional_meta_data.clone().map(async_graphql::Json),
    }
}

fn package_entitlement_object(view: &EntitlementView) -> PackageEntitlement {
    let e = &view.entitlement;
    PackageEntitlement {
        feature_id: view.feature.ref_id.clone(),
        feature: feature_object(&view.feature),
        usage_limit: e.usage_limit,
        has_unlimited_usage: Some(e.has_unlimited_usage),
        has_soft_limit: Some(e.has_soft_limit),
        reset_period: e.reset_period.map(Into::into),
        hidden_from_widgets: Some(Vec::new()),
        is_custom: Some(false),
        display_name_override: e.display_name_override.clone(),
        enum_values: None,
        is_granted: true,
    }
}

/// Stigg `PackageFeatureEntitlement` for an entitlement's read model.
pub fn package_feature_entitlement_object(view: &EntitlementView) -> PackageFeatureEntitlement {
    let e = &view.entitlement;
    PackageFeatureEntitlement {
        id: e.id,
        behavior: EntitlementBehavior::Increment,
        description: e.description.clone(),
        display_name_override: e.display_name_override.clone(),
        enum_values: None,
        feature_id: view.feature.ref_id.clone(),
        feature: feature_object(&view.feature),
        has_soft_limit: Some(e.has_soft_limit),
        has_unlimited_usage: Some(e.has_unlimited_usage),
        hidden_from_widgets: Some(Vec::new()),
        is_custom: Some(false),
        is_granted: true,
        order: None,
        reset_period: e.reset_period.map(Into::into),
        usage_limit: e.usage_limit,
    }
}
