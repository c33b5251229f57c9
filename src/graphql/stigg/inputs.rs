//! Stigg's input types, complete as Stigg declares them, so every document and variable
//! the official clients send is accepted. Fields plangate does not act on yet are listed in
//! README's compatibility table.

use async_graphql::{InputObject, MaybeUndefined};
use uuid::Uuid;

use super::enums::*;
use crate::graphql::scalars::{ConnectionCursor, DateTime, Json};

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

/// Stigg `GetCustomerByRefIdInput` input.
#[derive(InputObject, Clone, Debug)]
#[graphql(name = "GetCustomerByRefIdInput")]
pub struct GetCustomerByRefIdInput {
    #[graphql(name = "customerId")]
    pub customer_id: String,
    #[graphql(name = "environmentId")]
    pub environment_id: Option<Uuid>,
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
