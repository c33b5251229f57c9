//! Stigg's output types with the fields the official clients select (generated from the SDL
//! the official clients were built from). Types here are not yet backed by stored data: the
//! resolvers of [`Customer`] and [`ProvisionedCustomer`] return null or empty lists for them,
//! as README's compatibility table lists.

use async_graphql::{SimpleObject, Union};
use uuid::Uuid;

use super::enums::*;
use crate::graphql::customer::Customer;
use crate::graphql::scalars::{DateTime, Json};

/// Stigg `Addon` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "Addon", complex)]
pub struct Addon {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "dependencies")]
    pub dependencies: Option<Vec<Addon>>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayName")]
    pub display_name: String,
    #[graphql(name = "entitlements")]
    pub entitlements: Option<Vec<PackageEntitlement>>,
    #[graphql(name = "hiddenFromWidgets")]
    pub hidden_from_widgets: Option<Vec<WidgetType>>,
    #[graphql(name = "id")]
    pub id: Uuid,
    #[graphql(name = "maxQuantity")]
    pub max_quantity: Option<f64>,
    #[graphql(name = "overagePrices")]
    pub overage_prices: Option<Vec<Price>>,
    #[graphql(name = "packageEntitlements")]
    pub package_entitlements: Option<Vec<PackageEntitlementUnion>>,
    #[graphql(name = "prices")]
    pub prices: Option<Vec<Price>>,
    #[graphql(name = "pricingType")]
    pub pricing_type: Option<PricingType>,
    #[graphql(name = "refId")]
    pub ref_id: String,
}

/// Stigg `AddonChangeVariables` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "AddonChangeVariables")]
pub struct AddonChangeVariables {
    #[graphql(name = "addonRefId")]
    pub addon_ref_id: String,
    #[graphql(name = "newQuantity")]
    pub new_quantity: f64,
}

/// Stigg `AddonPriceOverrideChangeVariables` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "AddonPriceOverrideChangeVariables")]
pub struct AddonPriceOverrideChangeVariables {
    #[graphql(name = "addonRefId")]
    pub addon_ref_id: String,
    #[graphql(name = "featureId")]
    pub feature_id: Option<String>,
}

/// Stigg `BillableFeature` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "BillableFeature")]
pub struct BillableFeature {
    #[graphql(name = "featureId")]
    pub feature_id: String,
    #[graphql(name = "quantity")]
    pub quantity: f64,
}

/// Stigg `BillingPeriodChangeVariables` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "BillingPeriodChangeVariables")]
pub struct BillingPeriodChangeVariables {
    #[graphql(name = "billingPeriod")]
    pub billing_period: Option<BillingPeriod>,
}

/// Stigg `BudgetConfiguration` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "BudgetConfiguration")]
pub struct BudgetConfiguration {
    #[graphql(name = "limit")]
    pub limit: f64,
}

/// Stigg `Coupon` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "Coupon")]
pub struct Coupon {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "amountsOff")]
    pub amounts_off: Option<Vec<Money>>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "billingLinkUrl")]
    pub billing_link_url: Option<String>,
    #[graphql(name = "createdAt")]
    pub created_at: DateTime,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "discountValue")]
    pub discount_value: f64,
    #[graphql(name = "id")]
    pub id: Uuid,
    #[graphql(name = "name")]
    pub name: String,
    #[graphql(name = "percentOff")]
    pub percent_off: Option<f64>,
    #[graphql(name = "refId")]
    pub ref_id: String,
    #[graphql(name = "status")]
    pub status: CouponStatus,
    #[graphql(name = "syncStates")]
    pub sync_states: Option<Vec<SyncState>>,
    #[graphql(name = "type")]
    pub type_: CouponType,
    #[graphql(name = "updatedAt")]
    pub updated_at: DateTime,
}

/// Stigg `CouponChangeVariables` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "CouponChangeVariables")]
pub struct CouponChangeVariables {
    #[graphql(name = "couponId")]
    pub coupon_id: String,
}

/// Stigg `CreditEntitlement` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "CreditEntitlement")]
pub struct CreditEntitlement {
    #[graphql(name = "accessDeniedReason")]
    pub access_denied_reason: Option<AccessDeniedReason>,
    #[graphql(name = "currency")]
    pub currency: EntitlementCurrency,
    #[graphql(name = "currentUsage")]
    pub current_usage: Option<f64>,
    #[graphql(name = "entitlementUpdatedAt")]
    pub entitlement_updated_at: Option<DateTime>,
    #[graphql(name = "hasSoftLimit")]
    pub has_soft_limit: Option<bool>,
    #[graphql(name = "isGranted")]
    pub is_granted: bool,
    #[graphql(name = "usageLimit")]
    pub usage_limit: Option<f64>,
    #[graphql(name = "usagePeriodEnd")]
    pub usage_period_end: Option<DateTime>,
    #[graphql(name = "usageUpdatedAt")]
    pub usage_updated_at: Option<DateTime>,
    #[graphql(name = "validUntil")]
    pub valid_until: Option<DateTime>,
}

/// Stigg `CreditRate` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "CreditRate")]
pub struct CreditRate {
    #[graphql(name = "amount")]
    pub amount: f64,
    #[graphql(name = "currencyId")]
    pub currency_id: String,
    #[graphql(name = "customCurrencyId")]
    pub custom_currency_id: Option<Uuid>,
}

/// Stigg `CustomCurrency` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "CustomCurrency")]
pub struct CustomCurrency {
    #[graphql(name = "currencyId")]
    pub currency_id: String,
    #[graphql(name = "displayName")]
    pub display_name: String,
    #[graphql(name = "symbol")]
    pub symbol: Option<String>,
    #[graphql(name = "units")]
    pub units: Option<Units>,
}

/// Stigg `CustomerResource` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "CustomerResource")]
pub struct CustomerResource {
    #[graphql(name = "resourceId")]
    pub resource_id: String,
}

/// Stigg `CustomerSubscription` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "CustomerSubscription")]
pub struct CustomerSubscription {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "addons")]
    pub addons: Option<Vec<SubscriptionAddon>>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "billingLinkUrl")]
    pub billing_link_url: Option<String>,
    #[graphql(name = "billingSyncError")]
    pub billing_sync_error: Option<String>,
    #[graphql(name = "cancellationDate")]
    pub cancellation_date: Option<DateTime>,
    #[graphql(name = "currentBillingPeriodEnd")]
    pub current_billing_period_end: Option<DateTime>,
    #[graphql(name = "customer")]
    pub customer: Customer,
    #[graphql(name = "effectiveEndDate")]
    pub effective_end_date: Option<DateTime>,
    #[graphql(name = "endDate")]
    pub end_date: Option<DateTime>,
    #[graphql(name = "experimentInfo")]
    pub experiment_info: Option<ExperimentInfo>,
    #[graphql(name = "futureUpdates")]
    pub future_updates: Vec<SubscriptionFutureUpdate>,
    #[graphql(name = "id")]
    pub id: Uuid,
    #[graphql(name = "latestInvoice")]
    pub latest_invoice: Option<SubscriptionInvoice>,
    #[graphql(name = "payingCustomer")]
    pub paying_customer: Option<Customer>,
    #[graphql(name = "paymentCollection")]
    pub payment_collection: PaymentCollection,
    #[graphql(name = "paymentCollectionMethod")]
    pub payment_collection_method: Option<PaymentCollectionMethod>,
    #[graphql(name = "plan")]
    pub plan: Plan,
    #[graphql(name = "prices")]
    pub prices: Option<Vec<SubscriptionPrice>>,
    #[graphql(name = "pricingType")]
    pub pricing_type: PricingType,
    #[graphql(name = "refId")]
    pub ref_id: String,
    #[graphql(name = "resource")]
    pub resource: Option<CustomerResource>,
    #[graphql(name = "scheduledUpdates")]
    pub scheduled_updates: Option<Vec<SubscriptionScheduledUpdate>>,
    #[graphql(name = "startDate")]
    pub start_date: DateTime,
    #[graphql(name = "status")]
    pub status: SubscriptionStatus,
    #[graphql(name = "subscriptionId")]
    pub subscription_id: String,
    #[graphql(name = "totalPrice")]
    pub total_price: Option<CustomerSubscriptionTotalPrice>,
    #[graphql(name = "trialConfiguration")]
    pub trial_configuration: Option<TrialConfiguration>,
    #[graphql(name = "trialEndDate")]
    pub trial_end_date: Option<DateTime>,
}

/// Stigg `CustomerSubscriptionTotalPrice` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "CustomerSubscriptionTotalPrice")]
pub struct CustomerSubscriptionTotalPrice {
    #[graphql(name = "subTotal")]
    pub sub_total: Money,
    #[graphql(name = "total")]
    pub total: Money,
}

/// Stigg `DefaultTrialConfig` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "DefaultTrialConfig")]
pub struct DefaultTrialConfig {
    #[graphql(name = "budget")]
    pub budget: Option<BudgetConfiguration>,
    #[graphql(name = "duration")]
    pub duration: f64,
    #[graphql(name = "trialEndBehavior")]
    pub trial_end_behavior: Option<TrialEndBehavior>,
    #[graphql(name = "units")]
    pub units: TrialPeriodUnits,
}

/// Stigg `DowngradeChangeVariables` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "DowngradeChangeVariables")]
pub struct DowngradeChangeVariables {
    #[graphql(name = "addons")]
    pub addons: Option<Vec<PlanChangeAddon>>,
    #[graphql(name = "billableFeatures")]
    pub billable_features: Option<Vec<BillableFeature>>,
    #[graphql(name = "billingPeriod")]
    pub billing_period: Option<BillingPeriod>,
    #[graphql(name = "downgradePlanRefId")]
    pub downgrade_plan_ref_id: String,
    #[graphql(name = "priceOverrides")]
    pub price_overrides: Option<Vec<PriceOverrideChangeVariables>>,
}

/// Stigg `EligibleForTrial` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "EligibleForTrial")]
pub struct EligibleForTrial {
    #[graphql(name = "eligible")]
    pub eligible: bool,
    #[graphql(name = "productId")]
    pub product_id: Option<String>,
    #[graphql(name = "productRefId")]
    pub product_ref_id: Option<String>,
}

/// Stigg `Entitlement` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "Entitlement")]
pub struct Entitlement {
    #[graphql(name = "accessDeniedReason")]
    pub access_denied_reason: Option<AccessDeniedReason>,
    #[graphql(name = "creditRate")]
    pub credit_rate: Option<CreditRate>,
    #[graphql(name = "currentUsage")]
    pub current_usage: Option<f64>,
    #[graphql(name = "customerId")]
    pub customer_id: Option<String>,
    #[graphql(name = "entitlementUpdatedAt")]
    pub entitlement_updated_at: Option<DateTime>,
    #[graphql(name = "enumValues")]
    pub enum_values: Option<Vec<String>>,
    #[graphql(name = "feature")]
    pub feature: Option<EntitlementFeature>,
    #[graphql(name = "hasSoftLimit")]
    pub has_soft_limit: Option<bool>,
    #[graphql(name = "hasUnlimitedUsage")]
    pub has_unlimited_usage: bool,
    #[graphql(name = "isGranted")]
    pub is_granted: bool,
    #[graphql(name = "nextResetDate")]
    pub next_reset_date: Option<DateTime>,
    #[graphql(name = "requestedUsage")]
    pub requested_usage: Option<f64>,
    #[graphql(name = "requestedValues")]
    pub requested_values: Option<Vec<String>>,
    #[graphql(name = "resetPeriod")]
    pub reset_period: Option<EntitlementResetPeriod>,
    #[graphql(name = "resetPeriodConfiguration")]
    pub reset_period_configuration: Option<ResetPeriodConfiguration>,
    #[graphql(name = "resourceId")]
    pub resource_id: Option<String>,
    #[graphql(name = "usageLimit")]
    pub usage_limit: Option<f64>,
    #[graphql(name = "usagePeriodAnchor")]
    pub usage_period_anchor: Option<DateTime>,
    #[graphql(name = "usagePeriodEnd")]
    pub usage_period_end: Option<DateTime>,
    #[graphql(name = "usagePeriodStart")]
    pub usage_period_start: Option<DateTime>,
    #[graphql(name = "usageUpdatedAt")]
    pub usage_updated_at: Option<DateTime>,
    #[graphql(name = "validUntil")]
    pub valid_until: Option<f64>,
}

/// Stigg `EntitlementCurrency` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "EntitlementCurrency")]
pub struct EntitlementCurrency {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "currencyId")]
    pub currency_id: String,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayName")]
    pub display_name: String,
    #[graphql(name = "unitPlural")]
    pub unit_plural: Option<String>,
    #[graphql(name = "unitSingular")]
    pub unit_singular: Option<String>,
}

/// Stigg `EntitlementFeature` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "EntitlementFeature")]
pub struct EntitlementFeature {
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayName")]
    pub display_name: String,
    #[graphql(name = "featureType")]
    pub feature_type: FeatureType,
    #[graphql(name = "featureUnits")]
    pub feature_units: Option<String>,
    #[graphql(name = "featureUnitsPlural")]
    pub feature_units_plural: Option<String>,
    #[graphql(name = "meterType")]
    pub meter_type: Option<MeterType>,
    #[graphql(name = "refId")]
    pub ref_id: String,
    #[graphql(name = "unitTransformation")]
    pub unit_transformation: Option<UnitTransformation>,
}

/// Stigg `Feature` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "Feature", complex)]
pub struct Feature {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayName")]
    pub display_name: String,
    #[graphql(name = "featureType")]
    pub feature_type: FeatureType,
    #[graphql(name = "featureUnits")]
    pub feature_units: Option<String>,
    #[graphql(name = "featureUnitsPlural")]
    pub feature_units_plural: Option<String>,
    #[graphql(name = "meterType")]
    pub meter_type: Option<MeterType>,
    #[graphql(name = "refId")]
    pub ref_id: String,
}

/// Stigg `FeatureEntitlement` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "FeatureEntitlement")]
pub struct FeatureEntitlement {
    #[graphql(name = "accessDeniedReason")]
    pub access_denied_reason: Option<AccessDeniedReason>,
    #[graphql(name = "creditRate")]
    pub credit_rate: Option<CreditRate>,
    #[graphql(name = "currentUsage")]
    pub current_usage: Option<f64>,
    #[graphql(name = "entitlementUpdatedAt")]
    pub entitlement_updated_at: Option<DateTime>,
    #[graphql(name = "enumValues")]
    pub enum_values: Option<Vec<String>>,
    #[graphql(name = "feature")]
    pub feature: Option<EntitlementFeature>,
    #[graphql(name = "hasSoftLimit")]
    pub has_soft_limit: Option<bool>,
    #[graphql(name = "hasUnlimitedUsage")]
    pub has_unlimited_usage: bool,
    #[graphql(name = "isGranted")]
    pub is_granted: bool,
    #[graphql(name = "resetPeriod")]
    pub reset_period: Option<EntitlementResetPeriod>,
    #[graphql(name = "resetPeriodConfiguration")]
    pub reset_period_configuration: Option<ResetPeriodConfiguration>,
    #[graphql(name = "usageLimit")]
    pub usage_limit: Option<f64>,
    #[graphql(name = "usagePeriodAnchor")]
    pub usage_period_anchor: Option<DateTime>,
    #[graphql(name = "usagePeriodEnd")]
    pub usage_period_end: Option<DateTime>,
    #[graphql(name = "usagePeriodStart")]
    pub usage_period_start: Option<DateTime>,
    #[graphql(name = "usageUpdatedAt")]
    pub usage_updated_at: Option<DateTime>,
    #[graphql(name = "validUntil")]
    pub valid_until: Option<DateTime>,
}

/// Stigg `Money` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "Money")]
pub struct Money {
    #[graphql(name = "amount")]
    pub amount: f64,
    #[graphql(name = "currency")]
    pub currency: Currency,
}

/// Stigg `MonthlyResetPeriodConfig` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "MonthlyResetPeriodConfig")]
pub struct MonthlyResetPeriodConfig {
    #[graphql(name = "monthlyAccordingTo")]
    pub monthly_according_to: Option<MonthlyAccordingTo>,
}

/// Stigg `PackageCreditEntitlement` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PackageCreditEntitlement")]
pub struct PackageCreditEntitlement {
    #[graphql(name = "amount")]
    pub amount: Option<f64>,
    #[graphql(name = "behavior")]
    pub behavior: EntitlementBehavior,
    #[graphql(name = "cadence")]
    pub cadence: CreditCadence,
    #[graphql(name = "customCurrency")]
    pub custom_currency: CustomCurrency,
    #[graphql(name = "customCurrencyId")]
    pub custom_currency_id: String,
    #[graphql(name = "dependencyFeature")]
    pub dependency_feature: Option<Feature>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayNameOverride")]
    pub display_name_override: Option<String>,
    #[graphql(name = "hasSoftLimit")]
    pub has_soft_limit: Option<bool>,
    #[graphql(name = "hiddenFromWidgets")]
    pub hidden_from_widgets: Option<Vec<WidgetType>>,
    #[graphql(name = "id")]
    pub id: Uuid,
    #[graphql(name = "isCustom")]
    pub is_custom: Option<bool>,
    #[graphql(name = "isGranted")]
    pub is_granted: bool,
    #[graphql(name = "order")]
    pub order: Option<f64>,
}

/// Stigg `PackageDTO` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PackageDTO")]
pub struct PackageDTO {
    #[graphql(name = "displayName")]
    pub display_name: String,
    #[graphql(name = "id")]
    pub id: Uuid,
    #[graphql(name = "refId")]
    pub ref_id: String,
}

/// Stigg `PackageEntitlement` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PackageEntitlement")]
pub struct PackageEntitlement {
    #[graphql(name = "displayNameOverride")]
    pub display_name_override: Option<String>,
    #[graphql(name = "enumValues")]
    pub enum_values: Option<Vec<String>>,
    #[graphql(name = "feature")]
    pub feature: Feature,
    #[graphql(name = "featureId")]
    pub feature_id: String,
    #[graphql(name = "hasSoftLimit")]
    pub has_soft_limit: Option<bool>,
    #[graphql(name = "hasUnlimitedUsage")]
    pub has_unlimited_usage: Option<bool>,
    #[graphql(name = "hiddenFromWidgets")]
    pub hidden_from_widgets: Option<Vec<WidgetType>>,
    #[graphql(name = "isCustom")]
    pub is_custom: Option<bool>,
    #[graphql(name = "isGranted")]
    pub is_granted: bool,
    #[graphql(name = "resetPeriod")]
    pub reset_period: Option<EntitlementResetPeriod>,
    #[graphql(name = "usageLimit")]
    pub usage_limit: Option<f64>,
}

/// Stigg `PackageFeatureEntitlement` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PackageFeatureEntitlement")]
pub struct PackageFeatureEntitlement {
    #[graphql(name = "behavior")]
    pub behavior: EntitlementBehavior,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayNameOverride")]
    pub display_name_override: Option<String>,
    #[graphql(name = "enumValues")]
    pub enum_values: Option<Vec<String>>,
    #[graphql(name = "feature")]
    pub feature: Feature,
    #[graphql(name = "featureId")]
    pub feature_id: String,
    #[graphql(name = "hasSoftLimit")]
    pub has_soft_limit: Option<bool>,
    #[graphql(name = "hasUnlimitedUsage")]
    pub has_unlimited_usage: Option<bool>,
    #[graphql(name = "hiddenFromWidgets")]
    pub hidden_from_widgets: Option<Vec<WidgetType>>,
    #[graphql(name = "id")]
    pub id: Uuid,
    #[graphql(name = "isCustom")]
    pub is_custom: Option<bool>,
    #[graphql(name = "isGranted")]
    pub is_granted: bool,
    #[graphql(name = "order")]
    pub order: Option<f64>,
    #[graphql(name = "resetPeriod")]
    pub reset_period: Option<EntitlementResetPeriod>,
    #[graphql(name = "usageLimit")]
    pub usage_limit: Option<f64>,
}

/// Stigg `PackagePrice` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PackagePrice")]
pub struct PackagePrice {
    #[graphql(name = "packageId")]
    pub package_id: String,
    #[graphql(name = "pricingType")]
    pub pricing_type: PricingType,
}

/// Stigg `Plan` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "Plan", complex)]
pub struct Plan {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "awsMarketplacePlanDimension")]
    pub aws_marketplace_plan_dimension: Option<String>,
    #[graphql(name = "basePlan")]
    pub base_plan: Option<Box<Plan>>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "compatibleAddons")]
    pub compatible_addons: Option<Vec<Addon>>,
    #[graphql(name = "compatiblePackageGroups")]
    pub compatible_package_groups: Option<Vec<PlanCompatiblePackageGroups>>,
    #[graphql(name = "defaultTrialConfig")]
    pub default_trial_config: Option<DefaultTrialConfig>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayName")]
    pub display_name: String,
    #[graphql(name = "entitlements")]
    pub entitlements: Option<Vec<PackageEntitlement>>,
    #[graphql(name = "hiddenFromWidgets")]
    pub hidden_from_widgets: Option<Vec<WidgetType>>,
    #[graphql(name = "id")]
    pub id: Uuid,
    #[graphql(name = "inheritedEntitlements")]
    pub inherited_entitlements: Option<Vec<PackageEntitlement>>,
    #[graphql(name = "inheritedPackageEntitlements")]
    pub inherited_package_entitlements: Option<Vec<PackageEntitlementUnion>>,
    #[graphql(name = "overagePrices")]
    pub overage_prices: Option<Vec<Price>>,
    #[graphql(name = "packageEntitlements")]
    pub package_entitlements: Option<Vec<PackageEntitlementUnion>>,
    #[graphql(name = "prices")]
    pub prices: Option<Vec<Price>>,
    #[graphql(name = "pricingType")]
    pub pricing_type: Option<PricingType>,
    #[graphql(name = "product")]
    pub product: Box<Product>,
    #[graphql(name = "refId")]
    pub ref_id: String,
    #[graphql(name = "versionNumber")]
    pub version_number: i32,
}

/// Stigg `PlanChangeAddon` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PlanChangeAddon")]
pub struct PlanChangeAddon {
    #[graphql(name = "addonRefId")]
    pub addon_ref_id: String,
    #[graphql(name = "quantity")]
    pub quantity: f64,
}

/// Stigg `PlanChangeVariables` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PlanChangeVariables")]
pub struct PlanChangeVariables {
    #[graphql(name = "addons")]
    pub addons: Option<Vec<PlanChangeAddon>>,
    #[graphql(name = "billableFeatures")]
    pub billable_features: Option<Vec<BillableFeature>>,
    #[graphql(name = "billingPeriod")]
    pub billing_period: Option<BillingPeriod>,
    #[graphql(name = "changeType")]
    pub change_type: PlanChangeType,
    #[graphql(name = "planRefId")]
    pub plan_ref_id: String,
    #[graphql(name = "priceOverrides")]
    pub price_overrides: Option<Vec<PriceOverrideChangeVariables>>,
}

/// Stigg `PlanCompatiblePackageGroupOptions` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PlanCompatiblePackageGroupOptions")]
pub struct PlanCompatiblePackageGroupOptions {
    #[graphql(name = "freeItems")]
    pub free_items: Option<f64>,
    #[graphql(name = "minItems")]
    pub min_items: Option<f64>,
}

/// Stigg `PlanCompatiblePackageGroups` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PlanCompatiblePackageGroups")]
pub struct PlanCompatiblePackageGroups {
    #[graphql(name = "addons")]
    pub addons: Option<Vec<Addon>>,
    #[graphql(name = "displayName")]
    pub display_name: String,
    #[graphql(name = "options")]
    pub options: PlanCompatiblePackageGroupOptions,
    #[graphql(name = "packageGroupId")]
    pub package_group_id: String,
}

/// Stigg `PlanPriceOverrideChangeVariables` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PlanPriceOverrideChangeVariables")]
pub struct PlanPriceOverrideChangeVariables {
    #[graphql(name = "featureId")]
    pub feature_id: Option<String>,
    #[graphql(name = "planRefId")]
    pub plan_ref_id: String,
}

/// Stigg `Price` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "Price")]
pub struct Price {
    #[graphql(name = "billingCadence")]
    pub billing_cadence: BillingCadence,
    #[graphql(name = "billingCountryCode")]
    pub billing_country_code: Option<String>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "billingModel")]
    pub billing_model: BillingModel,
    #[graphql(name = "billingPeriod")]
    pub billing_period: BillingPeriod,
    #[graphql(name = "blockSize")]
    pub block_size: Option<f64>,
    #[graphql(name = "creditRate")]
    pub credit_rate: Option<CreditRate>,
    #[graphql(name = "customCurrency")]
    pub custom_currency: Option<CustomCurrency>,
    #[graphql(name = "feature")]
    pub feature: Option<Feature>,
    #[graphql(name = "maxUnitQuantity")]
    pub max_unit_quantity: Option<f64>,
    #[graphql(name = "minUnitQuantity")]
    pub min_unit_quantity: Option<f64>,
    #[graphql(name = "price")]
    pub price: Option<Money>,
    #[graphql(name = "tiers")]
    pub tiers: Option<Vec<PriceTier>>,
    #[graphql(name = "tiersMode")]
    pub tiers_mode: Option<TiersMode>,
    #[graphql(name = "topUpCustomCurrencyId")]
    pub top_up_custom_currency_id: Option<Uuid>,
}

/// Stigg `PriceOverrideChangeVariables` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PriceOverrideChangeVariables")]
pub struct PriceOverrideChangeVariables {
    #[graphql(name = "addonRefId")]
    pub addon_ref_id: Option<String>,
    #[graphql(name = "featureId")]
    pub feature_id: Option<String>,
    #[graphql(name = "planRefId")]
    pub plan_ref_id: Option<String>,
}

/// Stigg `PriceTier` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PriceTier")]
pub struct PriceTier {
    #[graphql(name = "flatPrice")]
    pub flat_price: Option<Money>,
    #[graphql(name = "unitPrice")]
    pub unit_price: Option<Money>,
    #[graphql(name = "upTo")]
    pub up_to: Option<f64>,
}

/// Stigg `Product` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "Product", complex)]
pub struct Product {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "awsMarketplaceProductId")]
    pub aws_marketplace_product_id: Option<String>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayName")]
    pub display_name: Option<String>,
    /// Resolved from the product by `graphql::catalog` (the customer journey), not from
    /// this field.
    #[graphql(skip)]
    pub product_settings: Box<ProductSettings>,
    #[graphql(name = "refId")]
    pub ref_id: String,
}

/// Stigg `ProductSettings` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "ProductSettings")]
pub struct ProductSettings {
    #[graphql(name = "downgradePlan")]
    pub downgrade_plan: Option<Box<Plan>>,
}

/// Stigg `PromotionalEntitlement` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PromotionalEntitlement")]
pub struct PromotionalEntitlement {
    #[graphql(name = "endDate")]
    pub end_date: Option<DateTime>,
    #[graphql(name = "feature")]
    pub feature: Feature,
    #[graphql(name = "featureId")]
    pub feature_id: Uuid,
    #[graphql(name = "hasSoftLimit")]
    pub has_soft_limit: Option<bool>,
    #[graphql(name = "hasUnlimitedUsage")]
    pub has_unlimited_usage: Option<bool>,
    #[graphql(name = "isVisible")]
    pub is_visible: bool,
    #[graphql(name = "resetPeriod")]
    pub reset_period: Option<EntitlementResetPeriod>,
    #[graphql(name = "status")]
    pub status: PromotionalEntitlementStatus,
    #[graphql(name = "usageLimit")]
    pub usage_limit: Option<f64>,
}

/// Stigg `PublishPackageResult` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "PublishPackageResult")]
pub struct PublishPackageResult {
    #[graphql(name = "taskId")]
    pub task_id: Option<String>,
}

/// Stigg `RecurringCreditsChangeVariables` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "RecurringCreditsChangeVariables")]
pub struct RecurringCreditsChangeVariables {
    #[graphql(name = "customCurrencyId")]
    pub custom_currency_id: Option<String>,
    #[graphql(name = "newQuantity")]
    pub new_quantity: Option<f64>,
}

/// Stigg `SubscriptionAddon` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "SubscriptionAddon")]
pub struct SubscriptionAddon {
    #[graphql(name = "addon")]
    pub addon: Addon,
    #[graphql(name = "id")]
    pub id: Uuid,
    #[graphql(name = "quantity")]
    pub quantity: f64,
}

/// Stigg `SubscriptionFutureUpdate` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "SubscriptionFutureUpdate")]
pub struct SubscriptionFutureUpdate {
    #[graphql(name = "scheduleStatus")]
    pub schedule_status: SubscriptionScheduleStatus,
    #[graphql(name = "scheduleVariables")]
    pub schedule_variables: Option<ScheduleVariables>,
    #[graphql(name = "scheduledExecutionTime")]
    pub scheduled_execution_time: DateTime,
    #[graphql(name = "subscriptionScheduleType")]
    pub subscription_schedule_type: SubscriptionScheduleType,
    #[graphql(name = "targetPackage")]
    pub target_package: Option<PackageDTO>,
}

/// Stigg `SubscriptionInvoice` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "SubscriptionInvoice")]
pub struct SubscriptionInvoice {
    #[graphql(name = "amountDue")]
    pub amount_due: Option<f64>,
    #[graphql(name = "attemptCount")]
    pub attempt_count: Option<f64>,
    #[graphql(name = "billingId")]
    pub billing_id: String,
    #[graphql(name = "billingReason")]
    pub billing_reason: Option<SubscriptionInvoiceBillingReason>,
    #[graphql(name = "createdAt")]
    pub created_at: DateTime,
    #[graphql(name = "currency")]
    pub currency: Option<String>,
    #[graphql(name = "dueDate")]
    pub due_date: Option<DateTime>,
    #[graphql(name = "errorMessage")]
    pub error_message: Option<String>,
    #[graphql(name = "paymentSecret")]
    pub payment_secret: Option<String>,
    #[graphql(name = "paymentUrl")]
    pub payment_url: Option<String>,
    #[graphql(name = "pdfUrl")]
    pub pdf_url: Option<String>,
    #[graphql(name = "requiresAction")]
    pub requires_action: bool,
    #[graphql(name = "status")]
    pub status: SubscriptionInvoiceStatus,
    #[graphql(name = "subTotal")]
    pub sub_total: Option<f64>,
    #[graphql(name = "subTotalExcludingTax")]
    pub sub_total_excluding_tax: Option<f64>,
    #[graphql(name = "tax")]
    pub tax: Option<f64>,
    #[graphql(name = "total")]
    pub total: Option<f64>,
    #[graphql(name = "totalExcludingTax")]
    pub total_excluding_tax: Option<f64>,
    #[graphql(name = "updatedAt")]
    pub updated_at: DateTime,
}

/// Stigg `SubscriptionPrice` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "SubscriptionPrice")]
pub struct SubscriptionPrice {
    #[graphql(name = "price")]
    pub price: Option<Price>,
    #[graphql(name = "usageLimit")]
    pub usage_limit: Option<f64>,
}

/// Stigg `SubscriptionScheduledUpdate` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "SubscriptionScheduledUpdate")]
pub struct SubscriptionScheduledUpdate {
    #[graphql(name = "scheduleStatus")]
    pub schedule_status: SubscriptionScheduleStatus,
    #[graphql(name = "scheduleVariables")]
    pub schedule_variables: Option<ScheduleVariables>,
    #[graphql(name = "scheduledExecutionTime")]
    pub scheduled_execution_time: DateTime,
    #[graphql(name = "subscriptionScheduleType")]
    pub subscription_schedule_type: SubscriptionScheduleType,
    #[graphql(name = "targetPackage")]
    pub target_package: Option<PackageDTO>,
}

/// Stigg `SyncState` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "SyncState")]
pub struct SyncState {
    #[graphql(name = "status")]
    pub status: SyncStatus,
    #[graphql(name = "vendorIdentifier")]
    pub vendor_identifier: VendorIdentifier,
}

/// Stigg `TrialConfiguration` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "TrialConfiguration")]
pub struct TrialConfiguration {
    #[graphql(name = "trialEndBehavior")]
    pub trial_end_behavior: TrialEndBehavior,
}

/// Stigg `TrialedPlan` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "TrialedPlan")]
pub struct TrialedPlan {
    #[graphql(name = "planId")]
    pub plan_id: Option<String>,
    #[graphql(name = "planRefId")]
    pub plan_ref_id: Option<String>,
    #[graphql(name = "productId")]
    pub product_id: Option<String>,
    #[graphql(name = "productRefId")]
    pub product_ref_id: Option<String>,
}

/// Stigg `UnitAmountChangeVariables` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "UnitAmountChangeVariables")]
pub struct UnitAmountChangeVariables {
    #[graphql(name = "featureId")]
    pub feature_id: Option<String>,
    #[graphql(name = "newUnitAmount")]
    pub new_unit_amount: Option<f64>,
}

/// Stigg `UnitTransformation` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "UnitTransformation")]
pub struct UnitTransformation {
    #[graphql(name = "divide")]
    pub divide: f64,
    #[graphql(name = "round")]
    pub round: UnitTransformationRound,
}

/// Stigg `Units` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "Units")]
pub struct Units {
    #[graphql(name = "plural")]
    pub plural: Option<String>,
    #[graphql(name = "singular")]
    pub singular: Option<String>,
}

/// Stigg `WeeklyResetPeriodConfig` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "WeeklyResetPeriodConfig")]
pub struct WeeklyResetPeriodConfig {
    #[graphql(name = "weeklyAccordingTo")]
    pub weekly_according_to: Option<WeeklyAccordingTo>,
}

/// Stigg `YearlyResetPeriodConfig` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "YearlyResetPeriodConfig")]
pub struct YearlyResetPeriodConfig {
    #[graphql(name = "yearlyAccordingTo")]
    pub yearly_according_to: Option<YearlyAccordingTo>,
}

/// Stigg `experimentInfo` type.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "experimentInfo")]
pub struct ExperimentInfo {
    #[graphql(name = "groupName")]
    pub group_name: String,
    #[graphql(name = "groupType")]
    pub group_type: ExperimentGroupType,
    #[graphql(name = "id")]
    pub id: String,
    #[graphql(name = "name")]
    pub name: String,
}

/// Stigg `EntitlementUnion` union.
#[derive(Union, Clone, Debug)]
#[graphql(name = "EntitlementUnion")]
pub enum EntitlementUnion {
    CreditEntitlement(CreditEntitlement),
    FeatureEntitlement(FeatureEntitlement),
}

/// Stigg `PackageEntitlementUnion` union.
#[derive(Union, Clone, Debug)]
#[graphql(name = "PackageEntitlementUnion")]
pub enum PackageEntitlementUnion {
    PackageCreditEntitlement(PackageCreditEntitlement),
    PackageFeatureEntitlement(PackageFeatureEntitlement),
}

/// Stigg `ResetPeriodConfiguration` union.
#[derive(Union, Clone, Debug)]
#[graphql(name = "ResetPeriodConfiguration")]
pub enum ResetPeriodConfiguration {
    MonthlyResetPeriodConfig(MonthlyResetPeriodConfig),
    WeeklyResetPeriodConfig(WeeklyResetPeriodConfig),
    YearlyResetPeriodConfig(YearlyResetPeriodConfig),
}

/// Stigg `ScheduleVariables` union.
#[derive(Union, Clone, Debug)]
#[graphql(name = "ScheduleVariables")]
pub enum ScheduleVariables {
    AddonChangeVariables(AddonChangeVariables),
    AddonPriceOverrideChangeVariables(AddonPriceOverrideChangeVariables),
    BillingPeriodChangeVariables(BillingPeriodChangeVariables),
    CouponChangeVariables(CouponChangeVariables),
    DowngradeChangeVariables(DowngradeChangeVariables),
    PlanChangeVariables(PlanChangeVariables),
    PlanPriceOverrideChangeVariables(PlanPriceOverrideChangeVariables),
    RecurringCreditsChangeVariables(RecurringCreditsChangeVariables),
    UnitAmountChangeVariables(UnitAmountChangeVariables),
}
