//! Stigg's input types, complete as Stigg declares them, so every document and variable
//! the official clients send is accepted. Fields plangate does not act on yet are listed in
//! README's compatibility table.

use async_graphql::{InputObject, MaybeUndefined};
use uuid::Uuid;

use super::enums::*;
use crate::graphql::scalars::{ConnectionCursor, DateTime, Json};

/// Stigg `AddonArchiveInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "AddonArchiveInput")]
pub struct AddonArchiveInput {
    #[graphql(name = "environmentId")]
    pub environment_id: Option<Uuid>,
    #[graphql(name = "refId")]
    pub ref_id: String,
}

/// Stigg `AddonCreateInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "AddonCreateInput")]
pub struct AddonCreateInput {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "awsMarketplacePlanDimension")]
    pub aws_marketplace_plan_dimension: Option<String>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "dependencies")]
    pub dependencies: Option<Vec<String>>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayName")]
    pub display_name: String,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<Uuid>,
    #[graphql(name = "hiddenFromWidgets")]
    pub hidden_from_widgets: Option<Vec<WidgetType>>,
    #[graphql(name = "maxQuantity")]
    pub max_quantity: Option<f64>,
    #[graphql(name = "pricingType")]
    pub pricing_type: Option<PricingType>,
    #[graphql(name = "productId")]
    pub product_id: Uuid,
    #[graphql(name = "refId")]
    pub ref_id: Option<String>,
    #[graphql(name = "status")]
    pub status: Option<PackageStatus>,
}

/// Stigg `AddonFilter` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "AddonFilter")]
pub struct AddonFilter {
    #[graphql(name = "and")]
    pub and_: Option<Vec<AddonFilter>>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<StringFieldComparison>,
    #[graphql(name = "createdAt")]
    pub created_at: Option<DateFieldComparison>,
    #[graphql(name = "description")]
    pub description: Option<StringFieldComparison>,
    #[graphql(name = "displayName")]
    pub display_name: Option<StringFieldComparison>,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<UUIDFilterComparison>,
    #[graphql(name = "id")]
    pub id: Option<UUIDFilterComparison>,
    #[graphql(name = "isLatest")]
    pub is_latest: Option<BooleanFieldComparison>,
    #[graphql(name = "offer")]
    pub offer: Option<AddonFilterOfferFilter>,
    #[graphql(name = "or")]
    pub or_: Option<Vec<AddonFilter>>,
    #[graphql(name = "pricingType")]
    pub pricing_type: Option<PricingTypeFilterComparison>,
    #[graphql(name = "productId")]
    pub product_id: Option<StringFieldComparison>,
    #[graphql(name = "refId")]
    pub ref_id: Option<StringFieldComparison>,
    #[graphql(name = "status")]
    pub status: Option<PackageStatusFilterComparison>,
    #[graphql(name = "updatedAt")]
    pub updated_at: Option<DateFieldComparison>,
    #[graphql(name = "versionNumber")]
    pub version_number: Option<IntFieldComparison>,
}

/// Stigg `AddonFilterOfferFilter` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "AddonFilterOfferFilter")]
pub struct AddonFilterOfferFilter {
    #[graphql(name = "and")]
    pub and_: Option<Vec<AddonFilterOfferFilter>>,
    #[graphql(name = "createdAt")]
    pub created_at: Option<DateFieldComparison>,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<UUIDFilterComparison>,
    #[graphql(name = "id")]
    pub id: Option<UUIDFilterComparison>,
    #[graphql(name = "isDefault")]
    pub is_default: Option<BooleanFieldComparison>,
    #[graphql(name = "isLatest")]
    pub is_latest: Option<BooleanFieldComparison>,
    #[graphql(name = "offerId")]
    pub offer_id: Option<StringFieldComparison>,
    #[graphql(name = "or")]
    pub or_: Option<Vec<AddonFilterOfferFilter>>,
    #[graphql(name = "status")]
    pub status: Option<OfferStatusFilterComparison>,
    #[graphql(name = "version")]
    pub version: Option<IntFieldComparison>,
}

/// Stigg `AddonSort` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "AddonSort")]
pub struct AddonSort {
    #[graphql(name = "direction")]
    pub direction: SortDirection,
    #[graphql(name = "field")]
    pub field: AddonSortFields,
    #[graphql(name = "nulls")]
    pub nulls: Option<SortNulls>,
}

/// Stigg `AddonUpdateInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "AddonUpdateInput")]
pub struct AddonUpdateInput {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "dependencies")]
    pub dependencies: Option<Vec<String>>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayName")]
    pub display_name: Option<String>,
    #[graphql(name = "hiddenFromWidgets")]
    pub hidden_from_widgets: Option<Vec<WidgetType>>,
    #[graphql(name = "id")]
    pub id: Uuid,
    #[graphql(name = "maxQuantity")]
    pub max_quantity: Option<f64>,
    #[graphql(name = "status")]
    pub status: Option<PackageStatus>,
}

/// Stigg `Address` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "Address")]
pub struct Address {
    #[graphql(name = "addressLine1")]
    pub address_line1: Option<String>,
    #[graphql(name = "addressLine2")]
    pub address_line2: Option<String>,
    #[graphql(name = "city")]
    pub city: Option<String>,
    #[graphql(name = "country")]
    pub country: Option<String>,
    #[graphql(name = "phoneNumber")]
    pub phone_number: Option<String>,
    #[graphql(name = "postalCode")]
    pub postal_code: Option<String>,
    #[graphql(name = "state")]
    pub state: Option<String>,
}

/// Stigg `ArchiveCustomerInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "ArchiveCustomerInput")]
pub struct ArchiveCustomerInput {
    #[graphql(name = "customerId")]
    pub customer_id: String,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<Uuid>,
}

/// Stigg `ArchiveFeatureInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "ArchiveFeatureInput")]
pub struct ArchiveFeatureInput {
    #[graphql(name = "environmentId")]
    pub environment_id: Option<Uuid>,
    #[graphql(name = "id")]
    pub id: String,
}

/// Stigg `ArchivePlanInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "ArchivePlanInput")]
pub struct ArchivePlanInput {
    #[graphql(name = "environmentId")]
    pub environment_id: Option<Uuid>,
    #[graphql(name = "id")]
    pub id: Option<String>,
    #[graphql(name = "refId")]
    pub ref_id: Option<String>,
}

/// Stigg `AutoCancellationRuleInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "AutoCancellationRuleInput")]
pub struct AutoCancellationRuleInput {
    #[graphql(name = "sourcePlanId")]
    pub source_plan_id: String,
    #[graphql(name = "targetPlanId")]
    pub target_plan_id: String,
}

/// Stigg `BillableFeatureInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "BillableFeatureInput")]
pub struct BillableFeatureInput {
    #[graphql(name = "featureId")]
    pub feature_id: String,
    #[graphql(name = "quantity")]
    pub quantity: f64,
}

/// Stigg `BillingAddress` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "BillingAddress")]
pub struct BillingAddress {
    #[graphql(name = "city")]
    pub city: Option<String>,
    #[graphql(name = "country")]
    pub country: Option<String>,
    #[graphql(name = "line1")]
    pub line1: Option<String>,
    #[graphql(name = "line2")]
    pub line2: Option<String>,
    #[graphql(name = "postalCode")]
    pub postal_code: Option<String>,
    #[graphql(name = "state")]
    pub state: Option<String>,
}

/// Stigg `BooleanFieldComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "BooleanFieldComparison")]
pub struct BooleanFieldComparison {
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
}

/// Stigg `BudgetConfigurationInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "BudgetConfigurationInput")]
pub struct BudgetConfigurationInput {
    #[graphql(name = "hasSoftLimit")]
    pub has_soft_limit: bool,
    #[graphql(name = "limit")]
    pub limit: f64,
}

/// Stigg `ChargeInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "ChargeInput")]
pub struct ChargeInput {
    #[graphql(name = "id")]
    pub id: String,
    #[graphql(name = "quantity")]
    pub quantity: f64,
    #[graphql(name = "type")]
    pub type_: ChargeType,
}

/// Stigg `CheckoutOptions` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "CheckoutOptions")]
pub struct CheckoutOptions {
    #[graphql(name = "allowPromoCodes")]
    pub allow_promo_codes: Option<bool>,
    #[graphql(name = "allowTaxIdCollection")]
    pub allow_tax_id_collection: Option<bool>,
    #[graphql(name = "cancelUrl")]
    pub cancel_url: String,
    #[graphql(name = "collectBillingAddress")]
    pub collect_billing_address: Option<bool>,
    #[graphql(name = "collectPhoneNumber")]
    pub collect_phone_number: Option<bool>,
    #[graphql(name = "referenceId")]
    pub reference_id: Option<String>,
    #[graphql(name = "successUrl")]
    pub success_url: String,
}

/// Stigg `CreateMeter` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "CreateMeter")]
pub struct CreateMeter {
    #[graphql(name = "aggregation")]
    pub aggregation: MeterAggregation,
    #[graphql(name = "filters")]
    pub filters: Vec<MeterFilterDefinitionInput>,
}

/// Stigg `CreateOneProductInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "CreateOneProductInput")]
pub struct CreateOneProductInput {
    #[graphql(name = "product")]
    pub product: ProductCreateInput,
}

/// Stigg `CreatePackageEntitlementInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "CreatePackageEntitlementInput")]
pub struct CreatePackageEntitlementInput {
    #[graphql(name = "credit")]
    pub credit: Option<PackageCreditEntitlementInput>,
    #[graphql(name = "feature")]
    pub feature: Option<PackageFeatureEntitlementInput>,
}

/// Stigg `CreatePackageEntitlementsInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "CreatePackageEntitlementsInput")]
pub struct CreatePackageEntitlementsInput {
    #[graphql(name = "entitlements")]
    pub entitlements: Vec<CreatePackageEntitlementInput>,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<Uuid>,
    #[graphql(name = "packageId")]
    pub package_id: Uuid,
}

/// Stigg `CreditRateInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "CreditRateInput")]
pub struct CreditRateInput {
    #[graphql(name = "amount")]
    pub amount: f64,
    #[graphql(name = "costFormula")]
    pub cost_formula: Option<String>,
    #[graphql(name = "currencyId")]
    pub currency_id: String,
    #[graphql(name = "customCurrencyId")]
    pub custom_currency_id: Option<Uuid>,
}

/// Stigg `CursorPaging` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "CursorPaging")]
pub struct CursorPaging {
    #[graphql(name = "after")]
    pub after: Option<ConnectionCursor>,
    #[graphql(name = "before")]
    pub before: Option<ConnectionCursor>,
    #[graphql(name = "first")]
    pub first: Option<i32>,
    #[graphql(name = "last")]
    pub last: Option<i32>,
}

/// Stigg `CustomerBillingInfo` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "CustomerBillingInfo")]
pub struct CustomerBillingInfo {
    #[graphql(name = "billingAddress")]
    pub billing_address: Option<Address>,
    #[graphql(name = "currency")]
    pub currency: Option<Currency>,
    #[graphql(name = "customerName")]
    pub customer_name: Option<String>,
    #[graphql(name = "integrationId")]
    pub integration_id: Option<String>,
    #[graphql(name = "invoiceCustomFields")]
    pub invoice_custom_fields: Option<Json>,
    #[graphql(name = "language")]
    pub language: Option<String>,
    #[graphql(name = "metadata")]
    pub metadata: Option<Json>,
    #[graphql(name = "paymentMethodId")]
    pub payment_method_id: Option<String>,
    #[graphql(name = "shippingAddress")]
    pub shipping_address: Option<Address>,
    #[graphql(name = "taxIds")]
    pub tax_ids: Option<Vec<TaxExempt>>,
    #[graphql(name = "timezone")]
    pub timezone: Option<String>,
}

/// Stigg `CustomerFilter` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "CustomerFilter")]
pub struct CustomerFilter {
    #[graphql(name = "and")]
    pub and_: Option<Vec<CustomerFilter>>,
    #[graphql(name = "awsMarketplaceCustomerId")]
    pub aws_marketplace_customer_id: Option<StringFieldComparison>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<StringFieldComparison>,
    #[graphql(name = "createdAt")]
    pub created_at: Option<DateFieldComparison>,
    #[graphql(name = "crmHubspotCompanyId")]
    pub crm_hubspot_company_id: Option<StringFieldComparison>,
    #[graphql(name = "crmHubspotCompanyUrl")]
    pub crm_hubspot_company_url: Option<StringFieldComparison>,
    #[graphql(name = "crmId")]
    pub crm_id: Option<StringFieldComparison>,
    #[graphql(name = "customerId")]
    pub customer_id: Option<StringFieldComparison>,
    #[graphql(name = "deletedAt")]
    pub deleted_at: Option<DateFieldComparison>,
    #[graphql(name = "email")]
    pub email: Option<StringFieldComparison>,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<UUIDFilterComparison>,
    #[graphql(name = "id")]
    pub id: Option<UUIDFilterComparison>,
    #[graphql(name = "name")]
    pub name: Option<StringFieldComparison>,
    #[graphql(name = "or")]
    pub or_: Option<Vec<CustomerFilter>>,
    #[graphql(name = "promotionalEntitlements")]
    pub promotional_entitlements: Option<CustomerFilterPromotionalEntitlementFilter>,
    #[graphql(name = "refId")]
    pub ref_id: Option<StringFieldComparison>,
    #[graphql(name = "salesforceId")]
    pub salesforce_id: Option<StringFieldComparison>,
    #[graphql(name = "searchQuery")]
    pub search_query: Option<CustomerSearchQueryFilterComparison>,
    #[graphql(name = "subscriptions")]
    pub subscriptions: Option<CustomerFilterCustomerSubscriptionFilter>,
    #[graphql(name = "updatedAt")]
    pub updated_at: Option<DateFieldComparison>,
}

/// Stigg `CustomerFilterCustomerSubscriptionFilter` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "CustomerFilterCustomerSubscriptionFilter")]
pub struct CustomerFilterCustomerSubscriptionFilter {
    #[graphql(name = "and")]
    pub and_: Option<Vec<CustomerFilterCustomerSubscriptionFilter>>,
    #[graphql(name = "billingCycleAnchor")]
    pub billing_cycle_anchor: Option<DateFieldComparison>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<StringFieldComparison>,
    #[graphql(name = "cancelReason")]
    pub cancel_reason: Option<SubscriptionCancelReasonFilterComparison>,
    #[graphql(name = "cancellationDate")]
    pub cancellation_date: Option<DateFieldComparison>,
    #[graphql(name = "createdAt")]
    pub created_at: Option<DateFieldComparison>,
    #[graphql(name = "crmId")]
    pub crm_id: Option<StringFieldComparison>,
    #[graphql(name = "crmLinkUrl")]
    pub crm_link_url: Option<StringFieldComparison>,
    #[graphql(name = "currentBillingPeriodEnd")]
    pub current_billing_period_end: Option<DateFieldComparison>,
    #[graphql(name = "currentBillingPeriodStart")]
    pub current_billing_period_start: Option<DateFieldComparison>,
    #[graphql(name = "customerId")]
    pub customer_id: Option<UUIDFilterComparison>,
    #[graphql(name = "effectiveEndDate")]
    pub effective_end_date: Option<DateFieldComparison>,
    #[graphql(name = "endDate")]
    pub end_date: Option<DateFieldComparison>,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<UUIDFilterComparison>,
    #[graphql(name = "id")]
    pub id: Option<UUIDFilterComparison>,
    #[graphql(name = "oldBillingId")]
    pub old_billing_id: Option<StringFieldComparison>,
    #[graphql(name = "or")]
    pub or_: Option<Vec<CustomerFilterCustomerSubscriptionFilter>>,
    #[graphql(name = "payingCustomerId")]
    pub paying_customer_id: Option<UUIDFilterComparison>,
    #[graphql(name = "paymentCollection")]
    pub payment_collection: Option<PaymentCollectionFilterComparison>,
    #[graphql(name = "pricingType")]
    pub pricing_type: Option<PricingTypeFilterComparison>,
    #[graphql(name = "refId")]
    pub ref_id: Option<StringFieldComparison>,
    #[graphql(name = "resourceId")]
    pub resource_id: Option<UUIDFilterComparison>,
    #[graphql(name = "salesforceId")]
    pub salesforce_id: Option<StringFieldComparison>,
    #[graphql(name = "startDate")]
    pub start_date: Option<DateFieldComparison>,
    #[graphql(name = "status")]
    pub status: Option<SubscriptionStatusFilterComparison>,
    #[graphql(name = "subscriptionId")]
    pub subscription_id: Option<StringFieldComparison>,
    #[graphql(name = "trialEndDate")]
    pub trial_end_date: Option<DateFieldComparison>,
}

/// Stigg `CustomerFilterPromotionalEntitlementFilter` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "CustomerFilterPromotionalEntitlementFilter")]
pub struct CustomerFilterPromotionalEntitlementFilter {
    #[graphql(name = "and")]
    pub and_: Option<Vec<CustomerFilterPromotionalEntitlementFilter>>,
    #[graphql(name = "createdAt")]
    pub created_at: Option<DateFieldComparison>,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<UUIDFilterComparison>,
    #[graphql(name = "id")]
    pub id: Option<UUIDFilterComparison>,
    #[graphql(name = "or")]
    pub or_: Option<Vec<CustomerFilterPromotionalEntitlementFilter>>,
    #[graphql(name = "status")]
    pub status: Option<PromotionalEntitlementStatusFilterComparison>,
    #[graphql(name = "updatedAt")]
    pub updated_at: Option<DateFieldComparison>,
}

/// Stigg `CustomerSearchQueryFilterComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "CustomerSearchQueryFilterComparison")]
pub struct CustomerSearchQueryFilterComparison {
    #[graphql(name = "iLike")]
    pub i_like: Option<String>,
}

/// Stigg `CustomerSort` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "CustomerSort")]
pub struct CustomerSort {
    #[graphql(name = "direction")]
    pub direction: SortDirection,
    #[graphql(name = "field")]
    pub field: CustomerSortFields,
    #[graphql(name = "nulls")]
    pub nulls: Option<SortNulls>,
}

/// Stigg `DateFieldComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "DateFieldComparison")]
pub struct DateFieldComparison {
    #[graphql(name = "between")]
    pub between: Option<DateFieldComparisonBetween>,
    #[graphql(name = "eq")]
    pub eq: Option<DateTime>,
    #[graphql(name = "gt")]
    pub gt: Option<DateTime>,
    #[graphql(name = "gte")]
    pub gte: Option<DateTime>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<DateTime>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "lt")]
    pub lt: Option<DateTime>,
    #[graphql(name = "lte")]
    pub lte: Option<DateTime>,
    #[graphql(name = "neq")]
    pub neq: Option<DateTime>,
    #[graphql(name = "notBetween")]
    pub not_between: Option<DateFieldComparisonBetween>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<DateTime>>,
}

/// Stigg `DateFieldComparisonBetween` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "DateFieldComparisonBetween")]
pub struct DateFieldComparisonBetween {
    #[graphql(name = "lower")]
    pub lower: DateTime,
    #[graphql(name = "upper")]
    pub upper: DateTime,
}

/// Stigg `DefaultTrialConfigInputDTO` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "DefaultTrialConfigInputDTO")]
pub struct DefaultTrialConfigInputDTO {
    #[graphql(name = "budget")]
    pub budget: Option<BudgetConfigurationInput>,
    #[graphql(name = "duration")]
    pub duration: Option<f64>,
    #[graphql(name = "trialEndBehavior")]
    pub trial_end_behavior: Option<TrialEndBehavior>,
    #[graphql(name = "units")]
    pub units: Option<TrialPeriodUnits>,
}

/// Stigg `EnumConfigurationEntityInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "EnumConfigurationEntityInput")]
pub struct EnumConfigurationEntityInput {
    #[graphql(name = "displayName")]
    pub display_name: String,
    #[graphql(name = "value")]
    pub value: String,
}

/// Stigg `FeatureFilter` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "FeatureFilter")]
pub struct FeatureFilter {
    #[graphql(name = "and")]
    pub and_: Option<Vec<FeatureFilter>>,
    #[graphql(name = "createdAt")]
    pub created_at: Option<DateFieldComparison>,
    #[graphql(name = "description")]
    pub description: Option<StringFieldComparison>,
    #[graphql(name = "displayName")]
    pub display_name: Option<StringFieldComparison>,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<UUIDFilterComparison>,
    #[graphql(name = "featureStatus")]
    pub feature_status: Option<FeatureStatusFilterComparison>,
    #[graphql(name = "featureType")]
    pub feature_type: Option<FeatureTypeFilterComparison>,
    #[graphql(name = "id")]
    pub id: Option<UUIDFilterComparison>,
    #[graphql(name = "meterType")]
    pub meter_type: Option<MeterTypeFilterComparison>,
    #[graphql(name = "or")]
    pub or_: Option<Vec<FeatureFilter>>,
    #[graphql(name = "refId")]
    pub ref_id: Option<StringFieldComparison>,
    #[graphql(name = "updatedAt")]
    pub updated_at: Option<DateFieldComparison>,
}

/// Stigg `FeatureInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "FeatureInput")]
pub struct FeatureInput {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayName")]
    pub display_name: String,
    #[graphql(name = "enumConfiguration")]
    pub enum_configuration: Option<Vec<EnumConfigurationEntityInput>>,
    #[graphql(name = "environmentId")]
    pub environment_id: Uuid,
    #[graphql(name = "featureStatus")]
    pub feature_status: Option<FeatureStatus>,
    #[graphql(name = "featureType")]
    pub feature_type: FeatureType,
    #[graphql(name = "featureUnits")]
    pub feature_units: Option<String>,
    #[graphql(name = "featureUnitsPlural")]
    pub feature_units_plural: Option<String>,
    #[graphql(name = "meter")]
    pub meter: Option<CreateMeter>,
    #[graphql(name = "meterType")]
    pub meter_type: Option<MeterType>,
    #[graphql(name = "refId")]
    pub ref_id: String,
    #[graphql(name = "unitTransformation")]
    pub unit_transformation: Option<UnitTransformationInput>,
}

/// Stigg `FeatureSort` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "FeatureSort")]
pub struct FeatureSort {
    #[graphql(name = "direction")]
    pub direction: SortDirection,
    #[graphql(name = "field")]
    pub field: FeatureSortFields,
    #[graphql(name = "nulls")]
    pub nulls: Option<SortNulls>,
}

/// Stigg `FeatureStatusFilterComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "FeatureStatusFilterComparison")]
pub struct FeatureStatusFilterComparison {
    #[graphql(name = "eq")]
    pub eq: Option<FeatureStatus>,
    #[graphql(name = "gt")]
    pub gt: Option<FeatureStatus>,
    #[graphql(name = "gte")]
    pub gte: Option<FeatureStatus>,
    #[graphql(name = "iLike")]
    pub i_like: Option<FeatureStatus>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<FeatureStatus>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "like")]
    pub like: Option<FeatureStatus>,
    #[graphql(name = "lt")]
    pub lt: Option<FeatureStatus>,
    #[graphql(name = "lte")]
    pub lte: Option<FeatureStatus>,
    #[graphql(name = "neq")]
    pub neq: Option<FeatureStatus>,
    #[graphql(name = "notILike")]
    pub not_i_like: Option<FeatureStatus>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<FeatureStatus>>,
    #[graphql(name = "notLike")]
    pub not_like: Option<FeatureStatus>,
}

/// Stigg `FeatureTypeFilterComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "FeatureTypeFilterComparison")]
pub struct FeatureTypeFilterComparison {
    #[graphql(name = "eq")]
    pub eq: Option<FeatureType>,
    #[graphql(name = "gt")]
    pub gt: Option<FeatureType>,
    #[graphql(name = "gte")]
    pub gte: Option<FeatureType>,
    #[graphql(name = "iLike")]
    pub i_like: Option<FeatureType>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<FeatureType>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "like")]
    pub like: Option<FeatureType>,
    #[graphql(name = "lt")]
    pub lt: Option<FeatureType>,
    #[graphql(name = "lte")]
    pub lte: Option<FeatureType>,
    #[graphql(name = "neq")]
    pub neq: Option<FeatureType>,
    #[graphql(name = "notILike")]
    pub not_i_like: Option<FeatureType>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<FeatureType>>,
    #[graphql(name = "notLike")]
    pub not_like: Option<FeatureType>,
}

/// Stigg `GetCustomerByRefIdInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "GetCustomerByRefIdInput")]
pub struct GetCustomerByRefIdInput {
    #[graphql(name = "customerId")]
    pub customer_id: String,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<Uuid>,
}

/// Stigg `IntFieldComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "IntFieldComparison")]
pub struct IntFieldComparison {
    #[graphql(name = "between")]
    pub between: Option<IntFieldComparisonBetween>,
    #[graphql(name = "eq")]
    pub eq: Option<i32>,
    #[graphql(name = "gt")]
    pub gt: Option<i32>,
    #[graphql(name = "gte")]
    pub gte: Option<i32>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<i32>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "lt")]
    pub lt: Option<i32>,
    #[graphql(name = "lte")]
    pub lte: Option<i32>,
    #[graphql(name = "neq")]
    pub neq: Option<i32>,
    #[graphql(name = "notBetween")]
    pub not_between: Option<IntFieldComparisonBetween>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<i32>>,
}

/// Stigg `IntFieldComparisonBetween` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "IntFieldComparisonBetween")]
pub struct IntFieldComparisonBetween {
    #[graphql(name = "lower")]
    pub lower: i32,
    #[graphql(name = "upper")]
    pub upper: i32,
}

/// Stigg `MeterAggregation` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "MeterAggregation")]
pub struct MeterAggregation {
    #[graphql(name = "field")]
    pub field: Option<String>,
    #[graphql(name = "function")]
    pub function: AggregationFunction,
}

/// Stigg `MeterConditionInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "MeterConditionInput")]
pub struct MeterConditionInput {
    #[graphql(name = "field")]
    pub field: String,
    #[graphql(name = "operation")]
    pub operation: ConditionOperation,
    #[graphql(name = "value")]
    pub value: Option<String>,
    #[graphql(name = "values")]
    pub values: Option<Vec<String>>,
}

/// Stigg `MeterFilterDefinitionInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "MeterFilterDefinitionInput")]
pub struct MeterFilterDefinitionInput {
    #[graphql(name = "conditions")]
    pub conditions: Vec<MeterConditionInput>,
}

/// Stigg `MeterTypeFilterComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "MeterTypeFilterComparison")]
pub struct MeterTypeFilterComparison {
    #[graphql(name = "eq")]
    pub eq: Option<MeterType>,
    #[graphql(name = "gt")]
    pub gt: Option<MeterType>,
    #[graphql(name = "gte")]
    pub gte: Option<MeterType>,
    #[graphql(name = "iLike")]
    pub i_like: Option<MeterType>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<MeterType>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "like")]
    pub like: Option<MeterType>,
    #[graphql(name = "lt")]
    pub lt: Option<MeterType>,
    #[graphql(name = "lte")]
    pub lte: Option<MeterType>,
    #[graphql(name = "neq")]
    pub neq: Option<MeterType>,
    #[graphql(name = "notILike")]
    pub not_i_like: Option<MeterType>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<MeterType>>,
    #[graphql(name = "notLike")]
    pub not_like: Option<MeterType>,
}

/// Stigg `MinimumSpendInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "MinimumSpendInput")]
pub struct MinimumSpendInput {
    #[graphql(name = "billingPeriod")]
    pub billing_period: BillingPeriod,
    #[graphql(name = "minimum")]
    pub minimum: MoneyInputDTO,
}

/// Stigg `MoneyInputDTO` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "MoneyInputDTO")]
pub struct MoneyInputDTO {
    #[graphql(name = "amount")]
    pub amount: f64,
    #[graphql(name = "currency")]
    pub currency: Option<Currency>,
}

/// Stigg `MonthlyResetPeriodConfigInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "MonthlyResetPeriodConfigInput")]
pub struct MonthlyResetPeriodConfigInput {
    #[graphql(name = "accordingTo")]
    pub according_to: MonthlyAccordingTo,
}

/// Stigg `OfferStatusFilterComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "OfferStatusFilterComparison")]
pub struct OfferStatusFilterComparison {
    #[graphql(name = "eq")]
    pub eq: Option<OfferStatus>,
    #[graphql(name = "gt")]
    pub gt: Option<OfferStatus>,
    #[graphql(name = "gte")]
    pub gte: Option<OfferStatus>,
    #[graphql(name = "iLike")]
    pub i_like: Option<OfferStatus>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<OfferStatus>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "like")]
    pub like: Option<OfferStatus>,
    #[graphql(name = "lt")]
    pub lt: Option<OfferStatus>,
    #[graphql(name = "lte")]
    pub lte: Option<OfferStatus>,
    #[graphql(name = "neq")]
    pub neq: Option<OfferStatus>,
    #[graphql(name = "notILike")]
    pub not_i_like: Option<OfferStatus>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<OfferStatus>>,
    #[graphql(name = "notLike")]
    pub not_like: Option<OfferStatus>,
}

/// Stigg `OverageEntitlementCreateInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "OverageEntitlementCreateInput")]
pub struct OverageEntitlementCreateInput {
    #[graphql(name = "behavior")]
    pub behavior: Option<EntitlementBehavior>,
    #[graphql(name = "dependencyFeatureId")]
    pub dependency_feature_id: Option<String>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayNameOverride")]
    pub display_name_override: Option<String>,
    #[graphql(name = "enumValues")]
    pub enum_values: Option<Vec<String>>,
    #[graphql(name = "featureGroupId")]
    pub feature_group_id: Option<Uuid>,
    #[graphql(name = "featureId")]
    pub feature_id: Uuid,
    #[graphql(name = "hasSoftLimit")]
    pub has_soft_limit: Option<bool>,
    #[graphql(name = "hasUnlimitedUsage")]
    pub has_unlimited_usage: Option<bool>,
    #[graphql(name = "hiddenFromWidgets")]
    pub hidden_from_widgets: Option<Vec<WidgetType>>,
    #[graphql(name = "isCustom")]
    pub is_custom: Option<bool>,
    #[graphql(name = "isGranted")]
    pub is_granted: Option<bool>,
    #[graphql(name = "monthlyResetPeriodConfiguration")]
    pub monthly_reset_period_configuration: Option<MonthlyResetPeriodConfigInput>,
    #[graphql(name = "order")]
    pub order: Option<f64>,
    #[graphql(name = "resetPeriod")]
    pub reset_period: Option<EntitlementResetPeriod>,
    #[graphql(name = "usageLimit")]
    pub usage_limit: Option<f64>,
    #[graphql(name = "weeklyResetPeriodConfiguration")]
    pub weekly_reset_period_configuration: Option<WeeklyResetPeriodConfigInput>,
    #[graphql(name = "yearlyResetPeriodConfiguration")]
    pub yearly_reset_period_configuration: Option<YearlyResetPeriodConfigInput>,
}

/// Stigg `OveragePricingModelCreateInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "OveragePricingModelCreateInput")]
pub struct OveragePricingModelCreateInput {
    #[graphql(name = "billingCadence")]
    pub billing_cadence: Option<BillingCadence>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "billingModel")]
    pub billing_model: BillingModel,
    #[graphql(name = "entitlement")]
    pub entitlement: Option<OverageEntitlementCreateInput>,
    #[graphql(name = "featureId")]
    pub feature_id: Option<String>,
    #[graphql(name = "pricePeriods")]
    pub price_periods: Vec<PricePeriodInput>,
    #[graphql(name = "topUpCustomCurrencyId")]
    pub top_up_custom_currency_id: Option<String>,
}

/// Stigg `PackageCreditEntitlementInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PackageCreditEntitlementInput")]
pub struct PackageCreditEntitlementInput {
    #[graphql(name = "amount")]
    pub amount: Option<f64>,
    #[graphql(name = "behavior")]
    pub behavior: Option<EntitlementBehavior>,
    #[graphql(name = "cadence")]
    pub cadence: CreditCadence,
    #[graphql(name = "customCurrencyId")]
    pub custom_currency_id: String,
    #[graphql(name = "dependencyFeatureId")]
    pub dependency_feature_id: Option<String>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayNameOverride")]
    pub display_name_override: Option<String>,
    #[graphql(name = "hasSoftLimit")]
    pub has_soft_limit: Option<bool>,
    #[graphql(name = "hiddenFromWidgets")]
    pub hidden_from_widgets: Option<Vec<WidgetType>>,
    #[graphql(name = "isCustom")]
    pub is_custom: Option<bool>,
    #[graphql(name = "isGranted")]
    pub is_granted: Option<bool>,
    #[graphql(name = "order")]
    pub order: Option<f64>,
}

/// Stigg `PackageFeatureEntitlementInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PackageFeatureEntitlementInput")]
pub struct PackageFeatureEntitlementInput {
    #[graphql(name = "behavior")]
    pub behavior: Option<EntitlementBehavior>,
    #[graphql(name = "dependencyFeatureId")]
    pub dependency_feature_id: Option<String>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayNameOverride")]
    pub display_name_override: Option<String>,
    #[graphql(name = "enumValues")]
    pub enum_values: Option<Vec<String>>,
    #[graphql(name = "featureGroupId")]
    pub feature_group_id: Option<Uuid>,
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
    pub is_granted: Option<bool>,
    #[graphql(name = "monthlyResetPeriodConfiguration")]
    pub monthly_reset_period_configuration: Option<MonthlyResetPeriodConfigInput>,
    #[graphql(name = "order")]
    pub order: Option<f64>,
    #[graphql(name = "resetPeriod")]
    pub reset_period: Option<EntitlementResetPeriod>,
    #[graphql(name = "usageLimit")]
    pub usage_limit: Option<f64>,
    #[graphql(name = "weeklyResetPeriodConfiguration")]
    pub weekly_reset_period_configuration: Option<WeeklyResetPeriodConfigInput>,
    #[graphql(name = "yearlyResetPeriodConfiguration")]
    pub yearly_reset_period_configuration: Option<YearlyResetPeriodConfigInput>,
}

/// Stigg `PackagePricingInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PackagePricingInput")]
pub struct PackagePricingInput {
    #[graphql(name = "environmentId")]
    pub environment_id: String,
    #[graphql(name = "minimumSpend")]
    pub minimum_spend: Option<Vec<MinimumSpendInput>>,
    #[graphql(name = "overageBillingPeriod")]
    pub overage_billing_period: Option<OverageBillingPeriod>,
    #[graphql(name = "overagePricingModels")]
    pub overage_pricing_models: Option<Vec<OveragePricingModelCreateInput>>,
    #[graphql(name = "packageId")]
    pub package_id: String,
    #[graphql(name = "priceGroupPackageBillingId")]
    pub price_group_package_billing_id: Option<String>,
    #[graphql(name = "pricingModels")]
    pub pricing_models: Option<Vec<PricingModelCreateInput>>,
    #[graphql(name = "pricingType")]
    pub pricing_type: PricingType,
}

/// Stigg `PackagePublishInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PackagePublishInput")]
pub struct PackagePublishInput {
    #[graphql(name = "id")]
    pub id: Uuid,
    #[graphql(name = "migrationType")]
    pub migration_type: PublishMigrationType,
}

/// Stigg `PackageStatusFilterComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PackageStatusFilterComparison")]
pub struct PackageStatusFilterComparison {
    #[graphql(name = "eq")]
    pub eq: Option<PackageStatus>,
    #[graphql(name = "gt")]
    pub gt: Option<PackageStatus>,
    #[graphql(name = "gte")]
    pub gte: Option<PackageStatus>,
    #[graphql(name = "iLike")]
    pub i_like: Option<PackageStatus>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<PackageStatus>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "like")]
    pub like: Option<PackageStatus>,
    #[graphql(name = "lt")]
    pub lt: Option<PackageStatus>,
    #[graphql(name = "lte")]
    pub lte: Option<PackageStatus>,
    #[graphql(name = "neq")]
    pub neq: Option<PackageStatus>,
    #[graphql(name = "notILike")]
    pub not_i_like: Option<PackageStatus>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<PackageStatus>>,
    #[graphql(name = "notLike")]
    pub not_like: Option<PackageStatus>,
}

/// Stigg `PaymentCollectionFilterComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PaymentCollectionFilterComparison")]
pub struct PaymentCollectionFilterComparison {
    #[graphql(name = "eq")]
    pub eq: Option<PaymentCollection>,
    #[graphql(name = "gt")]
    pub gt: Option<PaymentCollection>,
    #[graphql(name = "gte")]
    pub gte: Option<PaymentCollection>,
    #[graphql(name = "iLike")]
    pub i_like: Option<PaymentCollection>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<PaymentCollection>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "like")]
    pub like: Option<PaymentCollection>,
    #[graphql(name = "lt")]
    pub lt: Option<PaymentCollection>,
    #[graphql(name = "lte")]
    pub lte: Option<PaymentCollection>,
    #[graphql(name = "neq")]
    pub neq: Option<PaymentCollection>,
    #[graphql(name = "notILike")]
    pub not_i_like: Option<PaymentCollection>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<PaymentCollection>>,
    #[graphql(name = "notLike")]
    pub not_like: Option<PaymentCollection>,
}

/// Stigg `PlanCreateInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PlanCreateInput")]
pub struct PlanCreateInput {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "awsMarketplacePlanDimension")]
    pub aws_marketplace_plan_dimension: Option<String>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayName")]
    pub display_name: String,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<Uuid>,
    #[graphql(name = "hiddenFromWidgets")]
    pub hidden_from_widgets: Option<Vec<WidgetType>>,
    #[graphql(name = "parentPlanId")]
    pub parent_plan_id: Option<String>,
    #[graphql(name = "pricingType")]
    pub pricing_type: Option<PricingType>,
    #[graphql(name = "productId")]
    pub product_id: Uuid,
    #[graphql(name = "refId")]
    pub ref_id: Option<String>,
    #[graphql(name = "status")]
    pub status: Option<PackageStatus>,
}

/// Stigg `PlanFilter` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PlanFilter")]
pub struct PlanFilter {
    #[graphql(name = "and")]
    pub and_: Option<Vec<PlanFilter>>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<StringFieldComparison>,
    #[graphql(name = "compatibleAddons")]
    pub compatible_addons: Option<PlanFilterAddonFilter>,
    #[graphql(name = "createdAt")]
    pub created_at: Option<DateFieldComparison>,
    #[graphql(name = "description")]
    pub description: Option<StringFieldComparison>,
    #[graphql(name = "displayName")]
    pub display_name: Option<StringFieldComparison>,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<UUIDFilterComparison>,
    #[graphql(name = "id")]
    pub id: Option<UUIDFilterComparison>,
    #[graphql(name = "isLatest")]
    pub is_latest: Option<BooleanFieldComparison>,
    #[graphql(name = "offer")]
    pub offer: Option<PlanFilterOfferFilter>,
    #[graphql(name = "or")]
    pub or_: Option<Vec<PlanFilter>>,
    #[graphql(name = "pricingType")]
    pub pricing_type: Option<PricingTypeFilterComparison>,
    #[graphql(name = "product")]
    pub product: Option<PlanFilterProductFilter>,
    #[graphql(name = "productId")]
    pub product_id: Option<StringFieldComparison>,
    #[graphql(name = "refId")]
    pub ref_id: Option<StringFieldComparison>,
    #[graphql(name = "status")]
    pub status: Option<PackageStatusFilterComparison>,
    #[graphql(name = "updatedAt")]
    pub updated_at: Option<DateFieldComparison>,
    #[graphql(name = "versionNumber")]
    pub version_number: Option<IntFieldComparison>,
}

/// Stigg `PlanFilterAddonFilter` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PlanFilterAddonFilter")]
pub struct PlanFilterAddonFilter {
    #[graphql(name = "and")]
    pub and_: Option<Vec<PlanFilterAddonFilter>>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<StringFieldComparison>,
    #[graphql(name = "createdAt")]
    pub created_at: Option<DateFieldComparison>,
    #[graphql(name = "description")]
    pub description: Option<StringFieldComparison>,
    #[graphql(name = "displayName")]
    pub display_name: Option<StringFieldComparison>,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<UUIDFilterComparison>,
    #[graphql(name = "id")]
    pub id: Option<UUIDFilterComparison>,
    #[graphql(name = "isLatest")]
    pub is_latest: Option<BooleanFieldComparison>,
    #[graphql(name = "or")]
    pub or_: Option<Vec<PlanFilterAddonFilter>>,
    #[graphql(name = "pricingType")]
    pub pricing_type: Option<PricingTypeFilterComparison>,
    #[graphql(name = "productId")]
    pub product_id: Option<StringFieldComparison>,
    #[graphql(name = "refId")]
    pub ref_id: Option<StringFieldComparison>,
    #[graphql(name = "status")]
    pub status: Option<PackageStatusFilterComparison>,
    #[graphql(name = "updatedAt")]
    pub updated_at: Option<DateFieldComparison>,
    #[graphql(name = "versionNumber")]
    pub version_number: Option<IntFieldComparison>,
}

/// Stigg `PlanFilterOfferFilter` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PlanFilterOfferFilter")]
pub struct PlanFilterOfferFilter {
    #[graphql(name = "and")]
    pub and_: Option<Vec<PlanFilterOfferFilter>>,
    #[graphql(name = "createdAt")]
    pub created_at: Option<DateFieldComparison>,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<UUIDFilterComparison>,
    #[graphql(name = "id")]
    pub id: Option<UUIDFilterComparison>,
    #[graphql(name = "isDefault")]
    pub is_default: Option<BooleanFieldComparison>,
    #[graphql(name = "isLatest")]
    pub is_latest: Option<BooleanFieldComparison>,
    #[graphql(name = "offerId")]
    pub offer_id: Option<StringFieldComparison>,
    #[graphql(name = "or")]
    pub or_: Option<Vec<PlanFilterOfferFilter>>,
    #[graphql(name = "status")]
    pub status: Option<OfferStatusFilterComparison>,
    #[graphql(name = "version")]
    pub version: Option<IntFieldComparison>,
}

/// Stigg `PlanFilterProductFilter` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PlanFilterProductFilter")]
pub struct PlanFilterProductFilter {
    #[graphql(name = "and")]
    pub and_: Option<Vec<PlanFilterProductFilter>>,
    #[graphql(name = "awsMarketplaceProductCode")]
    pub aws_marketplace_product_code: Option<StringFieldComparison>,
    #[graphql(name = "awsMarketplaceProductId")]
    pub aws_marketplace_product_id: Option<StringFieldComparison>,
    #[graphql(name = "createdAt")]
    pub created_at: Option<DateFieldComparison>,
    #[graphql(name = "description")]
    pub description: Option<StringFieldComparison>,
    #[graphql(name = "displayName")]
    pub display_name: Option<StringFieldComparison>,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<UUIDFilterComparison>,
    #[graphql(name = "id")]
    pub id: Option<UUIDFilterComparison>,
    #[graphql(name = "isDefaultProduct")]
    pub is_default_product: Option<BooleanFieldComparison>,
    #[graphql(name = "multipleSubscriptions")]
    pub multiple_subscriptions: Option<BooleanFieldComparison>,
    #[graphql(name = "or")]
    pub or_: Option<Vec<PlanFilterProductFilter>>,
    #[graphql(name = "refId")]
    pub ref_id: Option<StringFieldComparison>,
    #[graphql(name = "status")]
    pub status: Option<ProductStatusFilterComparison>,
    #[graphql(name = "updatedAt")]
    pub updated_at: Option<DateFieldComparison>,
}

/// Stigg `PlanSort` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PlanSort")]
pub struct PlanSort {
    #[graphql(name = "direction")]
    pub direction: SortDirection,
    #[graphql(name = "field")]
    pub field: PlanSortFields,
    #[graphql(name = "nulls")]
    pub nulls: Option<SortNulls>,
}

/// Stigg `PlanUpdateInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PlanUpdateInput")]
pub struct PlanUpdateInput {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "defaultTrialConfig")]
    pub default_trial_config: Option<DefaultTrialConfigInputDTO>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayName")]
    pub display_name: Option<String>,
    #[graphql(name = "hiddenFromWidgets")]
    pub hidden_from_widgets: Option<Vec<WidgetType>>,
    #[graphql(name = "id")]
    pub id: Uuid,
    #[graphql(name = "minimumSpend")]
    pub minimum_spend: Option<Vec<MinimumSpendInput>>,
    #[graphql(name = "parentPlanId")]
    pub parent_plan_id: Option<String>,
    #[graphql(name = "status")]
    pub status: Option<PackageStatus>,
}

/// Stigg `PriceOverrideInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PriceOverrideInput")]
pub struct PriceOverrideInput {
    #[graphql(name = "addonId")]
    pub addon_id: Option<String>,
    #[graphql(name = "baseCharge")]
    pub base_charge: Option<bool>,
    #[graphql(name = "blockSize")]
    pub block_size: Option<f64>,
    #[graphql(name = "creditGrantCadence")]
    pub credit_grant_cadence: Option<CreditGrantCadence>,
    #[graphql(name = "creditRate")]
    pub credit_rate: Option<CreditRateInput>,
    #[graphql(name = "currencyId")]
    pub currency_id: Option<String>,
    #[graphql(name = "featureId")]
    pub feature_id: Option<String>,
    #[graphql(name = "price")]
    pub price: Option<MoneyInputDTO>,
    #[graphql(name = "tiers")]
    pub tiers: Option<Vec<PriceTierInput>>,
}

/// Stigg `PricePeriodInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PricePeriodInput")]
pub struct PricePeriodInput {
    #[graphql(name = "billingCountryCode")]
    pub billing_country_code: Option<String>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "billingPeriod")]
    pub billing_period: BillingPeriod,
    #[graphql(name = "blockSize")]
    pub block_size: Option<f64>,
    #[graphql(name = "creditGrantCadence")]
    pub credit_grant_cadence: Option<CreditGrantCadence>,
    #[graphql(name = "creditRate")]
    pub credit_rate: Option<CreditRateInput>,
    #[graphql(name = "price")]
    pub price: Option<MoneyInputDTO>,
    #[graphql(name = "priceGroupPackageBillingId")]
    pub price_group_package_billing_id: Option<String>,
    #[graphql(name = "tiers")]
    pub tiers: Option<Vec<PriceTierInput>>,
}

/// Stigg `PriceTierInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PriceTierInput")]
pub struct PriceTierInput {
    #[graphql(name = "flatPrice")]
    pub flat_price: Option<MoneyInputDTO>,
    #[graphql(name = "unitPrice")]
    pub unit_price: Option<MoneyInputDTO>,
    #[graphql(name = "upTo")]
    pub up_to: Option<f64>,
}

/// Stigg `PricingModelCreateInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PricingModelCreateInput")]
pub struct PricingModelCreateInput {
    #[graphql(name = "billingCadence")]
    pub billing_cadence: Option<BillingCadence>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "billingModel")]
    pub billing_model: BillingModel,
    #[graphql(name = "featureId")]
    pub feature_id: Option<String>,
    #[graphql(name = "maxUnitQuantity")]
    pub max_unit_quantity: Option<f64>,
    #[graphql(name = "minUnitQuantity")]
    pub min_unit_quantity: Option<f64>,
    #[graphql(name = "monthlyResetPeriodConfiguration")]
    pub monthly_reset_period_configuration: Option<MonthlyResetPeriodConfigInput>,
    #[graphql(name = "pricePeriods")]
    pub price_periods: Vec<PricePeriodInput>,
    #[graphql(name = "resetPeriod")]
    pub reset_period: Option<EntitlementResetPeriod>,
    #[graphql(name = "tiersMode")]
    pub tiers_mode: Option<TiersMode>,
    #[graphql(name = "topUpCustomCurrencyId")]
    pub top_up_custom_currency_id: Option<String>,
    #[graphql(name = "weeklyResetPeriodConfiguration")]
    pub weekly_reset_period_configuration: Option<WeeklyResetPeriodConfigInput>,
    #[graphql(name = "yearlyResetPeriodConfiguration")]
    pub yearly_reset_period_configuration: Option<YearlyResetPeriodConfigInput>,
}

/// Stigg `PricingTypeFilterComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PricingTypeFilterComparison")]
pub struct PricingTypeFilterComparison {
    #[graphql(name = "eq")]
    pub eq: Option<PricingType>,
    #[graphql(name = "gt")]
    pub gt: Option<PricingType>,
    #[graphql(name = "gte")]
    pub gte: Option<PricingType>,
    #[graphql(name = "iLike")]
    pub i_like: Option<PricingType>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<PricingType>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "like")]
    pub like: Option<PricingType>,
    #[graphql(name = "lt")]
    pub lt: Option<PricingType>,
    #[graphql(name = "lte")]
    pub lte: Option<PricingType>,
    #[graphql(name = "neq")]
    pub neq: Option<PricingType>,
    #[graphql(name = "notILike")]
    pub not_i_like: Option<PricingType>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<PricingType>>,
    #[graphql(name = "notLike")]
    pub not_like: Option<PricingType>,
}

/// Stigg `ProductCreateInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "ProductCreateInput")]
pub struct ProductCreateInput {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayName")]
    pub display_name: Option<String>,
    #[graphql(name = "environmentId")]
    pub environment_id: Uuid,
    #[graphql(name = "multipleSubscriptions")]
    pub multiple_subscriptions: Option<bool>,
    #[graphql(name = "refId")]
    pub ref_id: String,
}

/// Stigg `ProductFilter` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "ProductFilter")]
pub struct ProductFilter {
    #[graphql(name = "and")]
    pub and_: Option<Vec<ProductFilter>>,
    #[graphql(name = "awsMarketplaceProductCode")]
    pub aws_marketplace_product_code: Option<StringFieldComparison>,
    #[graphql(name = "awsMarketplaceProductId")]
    pub aws_marketplace_product_id: Option<StringFieldComparison>,
    #[graphql(name = "createdAt")]
    pub created_at: Option<DateFieldComparison>,
    #[graphql(name = "description")]
    pub description: Option<StringFieldComparison>,
    #[graphql(name = "displayName")]
    pub display_name: Option<StringFieldComparison>,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<UUIDFilterComparison>,
    #[graphql(name = "id")]
    pub id: Option<UUIDFilterComparison>,
    #[graphql(name = "isDefaultProduct")]
    pub is_default_product: Option<BooleanFieldComparison>,
    #[graphql(name = "multipleSubscriptions")]
    pub multiple_subscriptions: Option<BooleanFieldComparison>,
    #[graphql(name = "or")]
    pub or_: Option<Vec<ProductFilter>>,
    #[graphql(name = "refId")]
    pub ref_id: Option<StringFieldComparison>,
    #[graphql(name = "status")]
    pub status: Option<ProductStatusFilterComparison>,
    #[graphql(name = "updatedAt")]
    pub updated_at: Option<DateFieldComparison>,
}

/// Stigg `ProductSettingsInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "ProductSettingsInput")]
pub struct ProductSettingsInput {
    #[graphql(name = "downgradeAtEndOfBillingPeriod")]
    pub downgrade_at_end_of_billing_period: Option<String>,
    #[graphql(name = "downgradePlanId")]
    pub downgrade_plan_id: Option<String>,
    #[graphql(name = "prorateAtEndOfBillingPeriod")]
    pub prorate_at_end_of_billing_period: Option<bool>,
    #[graphql(name = "subscriptionCancellationTime")]
    pub subscription_cancellation_time: SubscriptionCancellationTime,
    #[graphql(name = "subscriptionEndSetup")]
    pub subscription_end_setup: SubscriptionEndSetup,
    #[graphql(name = "subscriptionStartPlanId")]
    pub subscription_start_plan_id: Option<String>,
    #[graphql(name = "subscriptionStartSetup")]
    pub subscription_start_setup: SubscriptionStartSetup,
}

/// Stigg `ProductSort` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "ProductSort")]
pub struct ProductSort {
    #[graphql(name = "direction")]
    pub direction: SortDirection,
    #[graphql(name = "field")]
    pub field: ProductSortFields,
    #[graphql(name = "nulls")]
    pub nulls: Option<SortNulls>,
}

/// Stigg `ProductStatusFilterComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "ProductStatusFilterComparison")]
pub struct ProductStatusFilterComparison {
    #[graphql(name = "eq")]
    pub eq: Option<ProductStatus>,
    #[graphql(name = "gt")]
    pub gt: Option<ProductStatus>,
    #[graphql(name = "gte")]
    pub gte: Option<ProductStatus>,
    #[graphql(name = "iLike")]
    pub i_like: Option<ProductStatus>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<ProductStatus>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "like")]
    pub like: Option<ProductStatus>,
    #[graphql(name = "lt")]
    pub lt: Option<ProductStatus>,
    #[graphql(name = "lte")]
    pub lte: Option<ProductStatus>,
    #[graphql(name = "neq")]
    pub neq: Option<ProductStatus>,
    #[graphql(name = "notILike")]
    pub not_i_like: Option<ProductStatus>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<ProductStatus>>,
    #[graphql(name = "notLike")]
    pub not_like: Option<ProductStatus>,
}

/// Stigg `ProductUpdateInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "ProductUpdateInput")]
pub struct ProductUpdateInput {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "autoCancellationRules")]
    pub auto_cancellation_rules: Option<Vec<AutoCancellationRuleInput>>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "displayName")]
    pub display_name: Option<String>,
    #[graphql(name = "multipleSubscriptions")]
    pub multiple_subscriptions: Option<bool>,
    #[graphql(name = "productSettings")]
    pub product_settings: Option<ProductSettingsInput>,
    #[graphql(name = "usageResetCutoffRule")]
    pub usage_reset_cutoff_rule: Option<SubscriptionUpdateUsageResetCutoffRuleInput>,
}

/// Stigg `PromotionalEntitlementStatusFilterComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "PromotionalEntitlementStatusFilterComparison")]
pub struct PromotionalEntitlementStatusFilterComparison {
    #[graphql(name = "eq")]
    pub eq: Option<PromotionalEntitlementStatus>,
    #[graphql(name = "gt")]
    pub gt: Option<PromotionalEntitlementStatus>,
    #[graphql(name = "gte")]
    pub gte: Option<PromotionalEntitlementStatus>,
    #[graphql(name = "iLike")]
    pub i_like: Option<PromotionalEntitlementStatus>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<PromotionalEntitlementStatus>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "like")]
    pub like: Option<PromotionalEntitlementStatus>,
    #[graphql(name = "lt")]
    pub lt: Option<PromotionalEntitlementStatus>,
    #[graphql(name = "lte")]
    pub lte: Option<PromotionalEntitlementStatus>,
    #[graphql(name = "neq")]
    pub neq: Option<PromotionalEntitlementStatus>,
    #[graphql(name = "notILike")]
    pub not_i_like: Option<PromotionalEntitlementStatus>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<PromotionalEntitlementStatus>>,
    #[graphql(name = "notLike")]
    pub not_like: Option<PromotionalEntitlementStatus>,
}

/// Stigg `ProvisionCustomerInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "ProvisionCustomerInput")]
pub struct ProvisionCustomerInput {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "awsMarketplaceCustomerId")]
    pub aws_marketplace_customer_id: Option<String>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "billingInformation")]
    pub billing_information: Option<CustomerBillingInfo>,
    #[graphql(name = "couponRefId")]
    pub coupon_ref_id: Option<String>,
    #[graphql(name = "createdAt")]
    pub created_at: Option<DateTime>,
    #[graphql(name = "crmId")]
    pub crm_id: Option<String>,
    #[graphql(name = "customerId")]
    pub customer_id: Option<String>,
    #[graphql(name = "email")]
    pub email: Option<String>,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<Uuid>,
    #[graphql(name = "excludeFromExperiment")]
    pub exclude_from_experiment: Option<bool>,
    #[graphql(name = "name")]
    pub name: Option<String>,
    #[graphql(name = "refId")]
    pub ref_id: Option<String>,
    #[graphql(name = "salesforceId")]
    pub salesforce_id: Option<String>,
    #[graphql(name = "shouldSyncFree")]
    pub should_sync_free: Option<bool>,
    #[graphql(name = "subscriptionParams")]
    pub subscription_params: Option<ProvisionCustomerSubscriptionInput>,
}

/// Stigg `ProvisionCustomerSubscriptionInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "ProvisionCustomerSubscriptionInput")]
pub struct ProvisionCustomerSubscriptionInput {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "addons")]
    pub addons: Option<Vec<SubscriptionAddonInput>>,
    #[graphql(name = "appliedCoupon")]
    pub applied_coupon: Option<SubscriptionCouponInput>,
    #[graphql(name = "awaitPaymentConfirmation")]
    pub await_payment_confirmation: Option<bool>,
    #[graphql(name = "billableFeatures")]
    pub billable_features: Option<Vec<BillableFeatureInput>>,
    #[graphql(name = "billingCountryCode")]
    pub billing_country_code: Option<String>,
    #[graphql(name = "billingCycleAnchor")]
    pub billing_cycle_anchor: Option<SubscriptionBillingCycleAnchor>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "billingInformation")]
    pub billing_information: Option<SubscriptionBillingInfo>,
    #[graphql(name = "billingPeriod")]
    pub billing_period: Option<BillingPeriod>,
    #[graphql(name = "budget")]
    pub budget: Option<BudgetConfigurationInput>,
    #[graphql(name = "charges")]
    pub charges: Option<Vec<ChargeInput>>,
    #[graphql(name = "entitlements")]
    pub entitlements: Option<Vec<SubscriptionEntitlementInputV2>>,
    #[graphql(name = "minimumSpend")]
    pub minimum_spend: Option<SubscriptionMinimumSpendValueInput>,
    #[graphql(name = "paymentCollectionMethod")]
    pub payment_collection_method: Option<PaymentCollectionMethod>,
    #[graphql(name = "planId")]
    pub plan_id: String,
    #[graphql(name = "priceOverrides")]
    pub price_overrides: Option<Vec<PriceOverrideInput>>,
    #[graphql(name = "priceUnitAmount")]
    pub price_unit_amount: Option<f64>,
    #[graphql(name = "promotionCode")]
    pub promotion_code: Option<String>,
    #[graphql(name = "refId")]
    pub ref_id: Option<String>,
    #[graphql(name = "resourceId")]
    pub resource_id: Option<String>,
    #[graphql(name = "salesforceId")]
    pub salesforce_id: Option<String>,
    #[graphql(name = "startDate")]
    pub start_date: Option<DateTime>,
    #[graphql(name = "subscriptionEntitlements")]
    pub subscription_entitlements: Option<Vec<SubscriptionEntitlementInput>>,
    #[graphql(name = "subscriptionId")]
    pub subscription_id: Option<String>,
    #[graphql(name = "trialOverrideConfiguration")]
    pub trial_override_configuration: Option<TrialOverrideConfigurationInput>,
    #[graphql(name = "unitQuantity")]
    pub unit_quantity: Option<f64>,
}

/// Stigg `ProvisionSubscriptionInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "ProvisionSubscriptionInput")]
pub struct ProvisionSubscriptionInput {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: Option<Json>,
    #[graphql(name = "addons")]
    pub addons: Option<Vec<SubscriptionAddonInput>>,
    #[graphql(name = "appliedCoupon")]
    pub applied_coupon: Option<SubscriptionCouponInput>,
    #[graphql(name = "awaitPaymentConfirmation")]
    pub await_payment_confirmation: Option<bool>,
    #[graphql(name = "billableFeatures")]
    pub billable_features: Option<Vec<BillableFeatureInput>>,
    #[graphql(name = "billingCountryCode")]
    pub billing_country_code: Option<String>,
    #[graphql(name = "billingCycleAnchor")]
    pub billing_cycle_anchor: Option<SubscriptionBillingCycleAnchor>,
    #[graphql(name = "billingId")]
    pub billing_id: Option<String>,
    #[graphql(name = "billingInformation")]
    pub billing_information: Option<SubscriptionBillingInfo>,
    #[graphql(name = "billingPeriod")]
    pub billing_period: Option<BillingPeriod>,
    #[graphql(name = "budget")]
    pub budget: Option<BudgetConfigurationInput>,
    #[graphql(name = "cancellationDate")]
    pub cancellation_date: Option<DateTime>,
    #[graphql(name = "charges")]
    pub charges: Option<Vec<ChargeInput>>,
    #[graphql(name = "checkoutOptions")]
    pub checkout_options: Option<CheckoutOptions>,
    #[graphql(name = "customerId")]
    pub customer_id: String,
    #[graphql(name = "entitlements")]
    pub entitlements: Option<Vec<SubscriptionEntitlementInputV2>>,
    #[graphql(name = "minimumSpend")]
    pub minimum_spend: Option<SubscriptionMinimumSpendValueInput>,
    #[graphql(name = "payingCustomerId")]
    pub paying_customer_id: Option<String>,
    #[graphql(name = "paymentCollectionMethod")]
    pub payment_collection_method: Option<PaymentCollectionMethod>,
    #[graphql(name = "planId")]
    pub plan_id: String,
    #[graphql(name = "priceOverrides")]
    pub price_overrides: Option<Vec<PriceOverrideInput>>,
    #[graphql(name = "priceUnitAmount")]
    pub price_unit_amount: Option<f64>,
    #[graphql(name = "promotionCode")]
    pub promotion_code: Option<String>,
    #[graphql(name = "refId")]
    pub ref_id: Option<String>,
    #[graphql(name = "resourceId")]
    pub resource_id: Option<String>,
    #[graphql(name = "salesforceId")]
    pub salesforce_id: Option<String>,
    #[graphql(name = "scheduleStrategy")]
    pub schedule_strategy: Option<ScheduleStrategy>,
    #[graphql(name = "skipTrial")]
    pub skip_trial: Option<bool>,
    #[graphql(name = "startDate")]
    pub start_date: Option<DateTime>,
    #[graphql(name = "subscriptionEntitlements")]
    pub subscription_entitlements: Option<Vec<SubscriptionEntitlementInput>>,
    #[graphql(name = "subscriptionId")]
    pub subscription_id: Option<String>,
    #[graphql(name = "trialOverrideConfiguration")]
    pub trial_override_configuration: Option<TrialOverrideConfigurationInput>,
    #[graphql(name = "unitQuantity")]
    pub unit_quantity: Option<f64>,
}

/// Stigg `SetCompatibleAddonsOnPlanInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SetCompatibleAddonsOnPlanInput")]
pub struct SetCompatibleAddonsOnPlanInput {
    #[graphql(name = "id")]
    pub id: Uuid,
    #[graphql(name = "relationIds")]
    pub relation_ids: Vec<Uuid>,
}

/// Stigg `StringFieldComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "StringFieldComparison")]
pub struct StringFieldComparison {
    #[graphql(name = "eq")]
    pub eq: Option<String>,
    #[graphql(name = "gt")]
    pub gt: Option<String>,
    #[graphql(name = "gte")]
    pub gte: Option<String>,
    #[graphql(name = "iLike")]
    pub i_like: Option<String>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<String>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "like")]
    pub like: Option<String>,
    #[graphql(name = "lt")]
    pub lt: Option<String>,
    #[graphql(name = "lte")]
    pub lte: Option<String>,
    #[graphql(name = "neq")]
    pub neq: Option<String>,
    #[graphql(name = "notILike")]
    pub not_i_like: Option<String>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<String>>,
    #[graphql(name = "notLike")]
    pub not_like: Option<String>,
}

/// Stigg `SubscriptionAddonInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SubscriptionAddonInput")]
pub struct SubscriptionAddonInput {
    #[graphql(name = "addonId")]
    pub addon_id: String,
    #[graphql(name = "quantity")]
    pub quantity: Option<i32>,
}

/// Stigg `SubscriptionBillingInfo` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SubscriptionBillingInfo")]
pub struct SubscriptionBillingInfo {
    #[graphql(name = "billingAddress")]
    pub billing_address: Option<BillingAddress>,
    #[graphql(name = "chargeOnBehalfOfAccount")]
    pub charge_on_behalf_of_account: Option<String>,
    #[graphql(name = "couponId")]
    pub coupon_id: Option<String>,
    #[graphql(name = "integrationId")]
    pub integration_id: Option<String>,
    #[graphql(name = "invoiceDaysUntilDue")]
    pub invoice_days_until_due: Option<f64>,
    #[graphql(name = "isBackdated")]
    pub is_backdated: Option<bool>,
    #[graphql(name = "isInvoicePaid")]
    pub is_invoice_paid: Option<bool>,
    #[graphql(name = "metadata")]
    pub metadata: Option<Json>,
    #[graphql(name = "prorationBehavior")]
    pub proration_behavior: Option<SubscriptionProrationBehavior>,
    #[graphql(name = "taxIds")]
    pub tax_ids: Option<Vec<TaxExempt>>,
    #[graphql(name = "taxPercentage")]
    pub tax_percentage: Option<f64>,
    #[graphql(name = "taxRateIds")]
    pub tax_rate_ids: Option<Vec<String>>,
}

/// Stigg `SubscriptionCancelReasonFilterComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SubscriptionCancelReasonFilterComparison")]
pub struct SubscriptionCancelReasonFilterComparison {
    #[graphql(name = "eq")]
    pub eq: Option<SubscriptionCancelReason>,
    #[graphql(name = "gt")]
    pub gt: Option<SubscriptionCancelReason>,
    #[graphql(name = "gte")]
    pub gte: Option<SubscriptionCancelReason>,
    #[graphql(name = "iLike")]
    pub i_like: Option<SubscriptionCancelReason>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<SubscriptionCancelReason>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "like")]
    pub like: Option<SubscriptionCancelReason>,
    #[graphql(name = "lt")]
    pub lt: Option<SubscriptionCancelReason>,
    #[graphql(name = "lte")]
    pub lte: Option<SubscriptionCancelReason>,
    #[graphql(name = "neq")]
    pub neq: Option<SubscriptionCancelReason>,
    #[graphql(name = "notILike")]
    pub not_i_like: Option<SubscriptionCancelReason>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<SubscriptionCancelReason>>,
    #[graphql(name = "notLike")]
    pub not_like: Option<SubscriptionCancelReason>,
}

/// Stigg `SubscriptionCouponConfigurationInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SubscriptionCouponConfigurationInput")]
pub struct SubscriptionCouponConfigurationInput {
    #[graphql(name = "startDate")]
    pub start_date: Option<DateTime>,
}

/// Stigg `SubscriptionCouponDiscountInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SubscriptionCouponDiscountInput")]
pub struct SubscriptionCouponDiscountInput {
    #[graphql(name = "amountsOff")]
    pub amounts_off: Option<Vec<MoneyInputDTO>>,
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "durationInMonths")]
    pub duration_in_months: Option<f64>,
    #[graphql(name = "name")]
    pub name: Option<String>,
    #[graphql(name = "percentOff")]
    pub percent_off: Option<f64>,
}

/// Stigg `SubscriptionCouponInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SubscriptionCouponInput")]
pub struct SubscriptionCouponInput {
    #[graphql(name = "billingCouponId")]
    pub billing_coupon_id: Option<String>,
    #[graphql(name = "configuration")]
    pub configuration: Option<SubscriptionCouponConfigurationInput>,
    #[graphql(name = "couponId")]
    pub coupon_id: Option<String>,
    #[graphql(name = "discount")]
    pub discount: Option<SubscriptionCouponDiscountInput>,
    #[graphql(name = "promotionCode")]
    pub promotion_code: Option<String>,
}

/// Stigg `SubscriptionCreditEntitlementInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SubscriptionCreditEntitlementInput")]
pub struct SubscriptionCreditEntitlementInput {
    #[graphql(name = "amount")]
    pub amount: f64,
    #[graphql(name = "cadence")]
    pub cadence: CreditCadence,
    #[graphql(name = "customCurrencyId")]
    pub custom_currency_id: String,
    #[graphql(name = "hasSoftLimit")]
    pub has_soft_limit: Option<bool>,
}

/// Stigg `SubscriptionEntitlementInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SubscriptionEntitlementInput")]
pub struct SubscriptionEntitlementInput {
    #[graphql(name = "description")]
    pub description: Option<String>,
    #[graphql(name = "featureId")]
    pub feature_id: String,
    #[graphql(name = "hasSoftLimit")]
    pub has_soft_limit: Option<bool>,
    #[graphql(name = "hasUnlimitedUsage")]
    pub has_unlimited_usage: Option<bool>,
    #[graphql(name = "monthlyResetPeriodConfiguration")]
    pub monthly_reset_period_configuration: Option<MonthlyResetPeriodConfigInput>,
    #[graphql(name = "resetPeriod")]
    pub reset_period: Option<EntitlementResetPeriod>,
    #[graphql(name = "usageLimit")]
    pub usage_limit: Option<f64>,
    #[graphql(name = "weeklyResetPeriodConfiguration")]
    pub weekly_reset_period_configuration: Option<WeeklyResetPeriodConfigInput>,
    #[graphql(name = "yearlyResetPeriodConfiguration")]
    pub yearly_reset_period_configuration: Option<YearlyResetPeriodConfigInput>,
}

/// Stigg `SubscriptionEntitlementInputV2` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SubscriptionEntitlementInputV2")]
pub struct SubscriptionEntitlementInputV2 {
    #[graphql(name = "credit")]
    pub credit: Option<SubscriptionCreditEntitlementInput>,
    #[graphql(name = "feature")]
    pub feature: Option<SubscriptionFeatureEntitlementInput>,
}

/// Stigg `SubscriptionFeatureEntitlementInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SubscriptionFeatureEntitlementInput")]
pub struct SubscriptionFeatureEntitlementInput {
    #[graphql(name = "enumValues")]
    pub enum_values: Option<Vec<String>>,
    #[graphql(name = "featureGroupId")]
    pub feature_group_id: Option<Uuid>,
    #[graphql(name = "featureId")]
    pub feature_id: String,
    #[graphql(name = "hasSoftLimit")]
    pub has_soft_limit: Option<bool>,
    #[graphql(name = "hasUnlimitedUsage")]
    pub has_unlimited_usage: Option<bool>,
    #[graphql(name = "monthlyResetPeriodConfiguration")]
    pub monthly_reset_period_configuration: Option<MonthlyResetPeriodConfigInput>,
    #[graphql(name = "resetPeriod")]
    pub reset_period: Option<EntitlementResetPeriod>,
    #[graphql(name = "usageLimit")]
    pub usage_limit: Option<f64>,
    #[graphql(name = "weeklyResetPeriodConfiguration")]
    pub weekly_reset_period_configuration: Option<WeeklyResetPeriodConfigInput>,
    #[graphql(name = "yearlyResetPeriodConfiguration")]
    pub yearly_reset_period_configuration: Option<YearlyResetPeriodConfigInput>,
}

/// Stigg `SubscriptionMinimumSpendValueInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SubscriptionMinimumSpendValueInput")]
pub struct SubscriptionMinimumSpendValueInput {
    #[graphql(name = "minimum")]
    pub minimum: Option<MoneyInputDTO>,
}

/// Stigg `SubscriptionStatusFilterComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SubscriptionStatusFilterComparison")]
pub struct SubscriptionStatusFilterComparison {
    #[graphql(name = "eq")]
    pub eq: Option<SubscriptionStatus>,
    #[graphql(name = "gt")]
    pub gt: Option<SubscriptionStatus>,
    #[graphql(name = "gte")]
    pub gte: Option<SubscriptionStatus>,
    #[graphql(name = "iLike")]
    pub i_like: Option<SubscriptionStatus>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<SubscriptionStatus>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "like")]
    pub like: Option<SubscriptionStatus>,
    #[graphql(name = "lt")]
    pub lt: Option<SubscriptionStatus>,
    #[graphql(name = "lte")]
    pub lte: Option<SubscriptionStatus>,
    #[graphql(name = "neq")]
    pub neq: Option<SubscriptionStatus>,
    #[graphql(name = "notILike")]
    pub not_i_like: Option<SubscriptionStatus>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<SubscriptionStatus>>,
    #[graphql(name = "notLike")]
    pub not_like: Option<SubscriptionStatus>,
}

/// Stigg `SubscriptionUpdateUsageResetCutoffRuleInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "SubscriptionUpdateUsageResetCutoffRuleInput")]
pub struct SubscriptionUpdateUsageResetCutoffRuleInput {
    #[graphql(name = "behavior")]
    pub behavior: SubscriptionUpdateUsageCutoffBehavior,
}

/// Stigg `TaxExempt` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "TaxExempt")]
pub struct TaxExempt {
    #[graphql(name = "type")]
    pub type_: String,
    #[graphql(name = "value")]
    pub value: String,
}

/// Stigg `TrialOverrideConfigurationInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "TrialOverrideConfigurationInput")]
pub struct TrialOverrideConfigurationInput {
    #[graphql(name = "isTrial")]
    pub is_trial: bool,
    #[graphql(name = "trialEndBehavior")]
    pub trial_end_behavior: Option<TrialEndBehavior>,
    #[graphql(name = "trialEndDate")]
    pub trial_end_date: Option<DateTime>,
}

/// Stigg `UUIDFilterComparison` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "UUIDFilterComparison")]
pub struct UUIDFilterComparison {
    #[graphql(name = "eq")]
    pub eq: Option<Uuid>,
    #[graphql(name = "gt")]
    pub gt: Option<Uuid>,
    #[graphql(name = "gte")]
    pub gte: Option<Uuid>,
    #[graphql(name = "iLike")]
    pub i_like: Option<Uuid>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<Uuid>>,
    #[graphql(name = "is")]
    pub is_: Option<bool>,
    #[graphql(name = "isNot")]
    pub is_not: Option<bool>,
    #[graphql(name = "like")]
    pub like: Option<Uuid>,
    #[graphql(name = "lt")]
    pub lt: Option<Uuid>,
    #[graphql(name = "lte")]
    pub lte: Option<Uuid>,
    #[graphql(name = "neq")]
    pub neq: Option<Uuid>,
    #[graphql(name = "notILike")]
    pub not_i_like: Option<Uuid>,
    #[graphql(name = "notIn")]
    pub not_in: Option<Vec<Uuid>>,
    #[graphql(name = "notLike")]
    pub not_like: Option<Uuid>,
}

/// Stigg `UnitTransformationInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "UnitTransformationInput")]
pub struct UnitTransformationInput {
    #[graphql(name = "divide")]
    pub divide: i32,
    #[graphql(name = "featureUnits")]
    pub feature_units: Option<String>,
    #[graphql(name = "featureUnitsPlural")]
    pub feature_units_plural: Option<String>,
    #[graphql(name = "round")]
    pub round: Option<UnitTransformationRound>,
}

/// Stigg `UpdateCustomerInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "UpdateCustomerInput")]
pub struct UpdateCustomerInput {
    #[graphql(name = "additionalMetaData")]
    pub additional_meta_data: MaybeUndefined<Json>,
    #[graphql(name = "awsMarketplaceCustomerId")]
    pub aws_marketplace_customer_id: MaybeUndefined<String>,
    #[graphql(name = "billingId")]
    pub billing_id: MaybeUndefined<String>,
    #[graphql(name = "billingInformation")]
    pub billing_information: MaybeUndefined<CustomerBillingInfo>,
    #[graphql(name = "couponRefId")]
    pub coupon_ref_id: MaybeUndefined<String>,
    #[graphql(name = "crmId")]
    pub crm_id: MaybeUndefined<String>,
    #[graphql(name = "customerId")]
    pub customer_id: MaybeUndefined<String>,
    #[graphql(name = "email")]
    pub email: MaybeUndefined<String>,
    #[graphql(name = "environmentId")]
    pub environment_id: MaybeUndefined<Uuid>,
    #[graphql(name = "name")]
    pub name: MaybeUndefined<String>,
    #[graphql(name = "refId")]
    pub ref_id: MaybeUndefined<String>,
    #[graphql(name = "salesforceId")]
    pub salesforce_id: MaybeUndefined<String>,
    #[graphql(name = "shouldWaitSync")]
    pub should_wait_sync: MaybeUndefined<bool>,
}

/// Stigg `UpdateOneProductInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "UpdateOneProductInput")]
pub struct UpdateOneProductInput {
    #[graphql(name = "id")]
    pub id: Uuid,
    #[graphql(name = "update")]
    pub update: ProductUpdateInput,
}

/// Stigg `WeeklyResetPeriodConfigInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "WeeklyResetPeriodConfigInput")]
pub struct WeeklyResetPeriodConfigInput {
    #[graphql(name = "accordingTo")]
    pub according_to: WeeklyAccordingTo,
}

/// Stigg `YearlyResetPeriodConfigInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "YearlyResetPeriodConfigInput")]
pub struct YearlyResetPeriodConfigInput {
    #[graphql(name = "accordingTo")]
    pub according_to: YearlyAccordingTo,
}
