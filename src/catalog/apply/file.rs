//! The catalog file's format: the serde specs of its entities (Stigg's field names, YAML or
//! JSON), [`parse`] and [`read`]. What the specs mean is decided by the reconcile step
//! (`super::apply`).

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::catalog::{
    BillingModel, BillingPeriod, Currency, EntitlementResetPeriod, FeatureType, MeterType,
    PackageStatus, PricingType, SubscriptionCancellationTime, SubscriptionEndSetup,
    SubscriptionStartSetup, TrialEndBehavior, TrialPeriodUnits,
};
use crate::error::{Error, Result};

/// A catalog file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogFile {
    #[serde(default)]
    pub features: Vec<FeatureSpec>,
    #[serde(default)]
    pub products: Vec<ProductSpec>,
    #[serde(default)]
    pub plans: Vec<PackageSpec>,
    #[serde(default)]
    pub addons: Vec<PackageSpec>,
}

/// A feature (Stigg's `FeatureInput` fields).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FeatureSpec {
    pub ref_id: String,
    pub display_name: String,
    /// `BOOLEAN` or `NUMBER`.
    pub feature_type: FeatureType,
    pub description: Option<String>,
    pub meter_type: Option<MeterType>,
    pub feature_units: Option<String>,
    pub feature_units_plural: Option<String>,
    pub additional_meta_data: Option<Value>,
    /// Stigg's `Meter` (`{aggregation: {function, field}, filters: [{conditions: [{field,
    /// operation, value | values}]}]}`): usage computed from `reportEvent` events.
    pub meter: Option<crate::catalog::meter::Meter>,
}

/// A product with its customer journey.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductSpec {
    pub ref_id: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub multiple_subscriptions: Option<bool>,
    pub additional_meta_data: Option<Value>,
    /// Set after the plans exist.
    pub product_settings: Option<ProductSettingsSpec>,
}

/// Stigg's `ProductSettingsInput`; the end setup defaults to CANCEL_SUBSCRIPTION and the
/// cancellation time to END_OF_BILLING_PERIOD.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductSettingsSpec {
    pub subscription_start_setup: SubscriptionStartSetup,
    /// Plan refId.
    pub subscription_start_plan_id: Option<String>,
    /// Plan refId.
    pub downgrade_plan_id: Option<String>,
    pub subscription_end_setup: Option<SubscriptionEndSetup>,
    pub subscription_cancellation_time: Option<SubscriptionCancellationTime>,
}

/// A plan or addon.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PackageSpec {
    pub ref_id: String,
    /// The product's refId.
    pub product_id: String,
    pub display_name: String,
    pub description: Option<String>,
    pub billing_id: Option<String>,
    pub additional_meta_data: Option<Value>,
    /// `DRAFT`, `PUBLISHED` (the default) or `ARCHIVED`.
    pub status: Option<PackageStatus>,
    /// Stigg's `PackagePricingInput` without ids; absent leaves pricing as stored.
    pub pricing: Option<PricingSpec>,
    /// The complete list; absent leaves entitlements as stored.
    pub entitlements: Option<Vec<EntitlementSpec>>,
    /// Plans only.
    pub default_trial_config: Option<TrialSpec>,
    /// Addons only.
    pub max_quantity: Option<f64>,
    /// Plans only: addon refIds, the complete list; absent leaves them as stored.
    pub compatible_addons: Option<Vec<String>>,
}

/// Stigg's `PackagePricingInput` (without ids).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PricingSpec {
    pub pricing_type: PricingType,
    #[serde(default)]
    pub pricing_models: Vec<PricingModelSpec>,
}

/// Stigg's `PricingModelCreateInput` (the supported part).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PricingModelSpec {
    pub billing_model: BillingModel,
    /// PER_UNIT: the billable feature's refId.
    pub feature_id: Option<String>,
    pub min_unit_quantity: Option<f64>,
    pub max_unit_quantity: Option<f64>,
    pub price_periods: Vec<PricePeriodSpec>,
}

/// Stigg's `PricePeriodInput` (the supported part).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PricePeriodSpec {
    pub billing_period: BillingPeriod,
    pub billing_country_code: Option<String>,
    pub price: MoneySpec,
}

/// Stigg's `MoneyInputDTO`: an amount in decimal currency units (not cents), as a number or
/// a decimal string (`"12.50"`), and a currency (default USD).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MoneySpec {
    pub amount: AmountSpec,
    pub currency: Option<Currency>,
}

/// An amount written as a decimal string or a number.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum AmountSpec {
    Text(String),
    Number(f64),
}

/// Stigg's `PackageFeatureEntitlementInput` (the supported part).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EntitlementSpec {
    /// The feature's refId.
    pub feature_id: String,
    pub usage_limit: Option<f64>,
    pub has_unlimited_usage: Option<bool>,
    pub has_soft_limit: Option<bool>,
    pub reset_period: Option<EntitlementResetPeriod>,
    pub display_name_override: Option<String>,
    pub description: Option<String>,
}

/// Stigg's `DefaultTrialConfigInputDTO` (the supported part).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrialSpec {
    pub duration: f64,
    pub units: TrialPeriodUnits,
    pub trial_end_behavior: Option<TrialEndBehavior>,
}

/// The syntax of a catalog file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// By extension (`.yaml`, `.yml`, `.json`); `None` for anything else.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("yaml" | "yml") => Some(Format::Yaml),
            Some("json") => Some(Format::Json),
            _ => None,
        }
    }
}

/// Parses a catalog file; without a `format`, text starting with `{` is JSON and anything
/// else YAML. Errors: `BadUserInput` naming the problem and its position.
pub fn parse(text: &str, format: Option<Format>) -> Result<CatalogFile> {
    let format = format.unwrap_or_else(|| {
        if text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Yaml
        }
    });
    match format {
        Format::Json => serde_json::from_str(text)
            .map_err(|e| Error::bad_input(format!("catalog file (JSON): {e}"))),
        Format::Yaml => serde_yaml_ng::from_str(text)
            .map_err(|e| Error::bad_input(format!("catalog file (YAML): {e}"))),
    }
}

/// Reads and parses the catalog file at `path` (format by extension, else by content).
pub fn read(path: &Path) -> anyhow::Result<CatalogFile> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
    parse(&text, Format::from_path(path)).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_parses() {
        let text = include_str!("../../../examples/catalog.yaml");
        let file = parse(text, Some(Format::Yaml)).expect("examples/catalog.yaml parses");
        assert!(file.plans.iter().any(|p| p.ref_id == "plan-basic"));
        assert!(file.addons.iter().any(|p| p.ref_id == "addon-extra-stuff"));
    }

    #[test]
    fn json_is_detected_by_content() {
        let file = parse(
            r#"{"features": [{"refId": "f", "displayName": "F", "featureType": "BOOLEAN"}]}"#,
            None,
        )
        .expect("json");
        assert_eq!(file.features.len(), 1);
        let err = parse("features: [{refId: f, unknown: 1}]", None).unwrap_err();
        assert_eq!(err.code(), "BadUserInput");
    }
}
