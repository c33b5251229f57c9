//! Stigg's enums, with every value Stigg's schema declares (generated from the SDL the
//! official clients were built from; names are the wire contract, do not rename).

use async_graphql::Enum;

/// Stigg `AccessDeniedReason` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "AccessDeniedReason")]
pub enum AccessDeniedReason {
    #[graphql(name = "BudgetExceeded")]
    BudgetExceeded,
    #[graphql(name = "CustomerIsArchived")]
    CustomerIsArchived,
    #[graphql(name = "CustomerNotFound")]
    CustomerNotFound,
    #[graphql(name = "CustomerResourceNotFound")]
    CustomerResourceNotFound,
    #[graphql(name = "EntitlementNotFound")]
    EntitlementNotFound,
    #[graphql(name = "FeatureNotFound")]
    FeatureNotFound,
    #[graphql(name = "FeatureTypeMismatch")]
    FeatureTypeMismatch,
    #[graphql(name = "InsufficientCredits")]
    InsufficientCredits,
    #[graphql(name = "NoActiveSubscription")]
    NoActiveSubscription,
    #[graphql(name = "NoFeatureEntitlementInSubscription")]
    NoFeatureEntitlementInSubscription,
    #[graphql(name = "RequestedUsageExceedingLimit")]
    RequestedUsageExceedingLimit,
    #[graphql(name = "RequestedValuesMismatch")]
    RequestedValuesMismatch,
    #[graphql(name = "Revoked")]
    Revoked,
    #[graphql(name = "Unknown")]
    Unknown,
}

/// Stigg `AddonSortFields` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "AddonSortFields")]
pub enum AddonSortFields {
    #[graphql(name = "billingId")]
    BillingId,
    #[graphql(name = "createdAt")]
    CreatedAt,
    #[graphql(name = "description")]
    Description,
    #[graphql(name = "displayName")]
    DisplayName,
    #[graphql(name = "environmentId")]
    EnvironmentId,
    #[graphql(name = "id")]
    Id,
    #[graphql(name = "isLatest")]
    IsLatest,
    #[graphql(name = "pricingType")]
    PricingType,
    #[graphql(name = "productId")]
    ProductId,
    #[graphql(name = "refId")]
    RefId,
    #[graphql(name = "status")]
    Status,
    #[graphql(name = "updatedAt")]
    UpdatedAt,
    #[graphql(name = "versionNumber")]
    VersionNumber,
}

/// Stigg `AggregationFunction` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "AggregationFunction")]
pub enum AggregationFunction {
    #[graphql(name = "AVG")]
    Avg,
    #[graphql(name = "COUNT")]
    Count,
    #[graphql(name = "MAX")]
    Max,
    #[graphql(name = "MIN")]
    Min,
    #[graphql(name = "SUM")]
    Sum,
    #[graphql(name = "UNIQUE")]
    Unique,
}

/// Stigg `BillingCadence` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "BillingCadence")]
pub enum BillingCadence {
    #[graphql(name = "ONE_OFF")]
    OneOff,
    #[graphql(name = "RECURRING")]
    Recurring,
}

/// Stigg `BillingModel` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "BillingModel")]
pub enum BillingModel {
    #[graphql(name = "CREDIT_BASED")]
    CreditBased,
    #[graphql(name = "FLAT_FEE")]
    FlatFee,
    #[graphql(name = "MINIMUM_SPEND")]
    MinimumSpend,
    #[graphql(name = "PER_UNIT")]
    PerUnit,
    #[graphql(name = "USAGE_BASED")]
    UsageBased,
}

/// Stigg `BillingPeriod` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "BillingPeriod")]
pub enum BillingPeriod {
    #[graphql(name = "ANNUALLY")]
    Annually,
    #[graphql(name = "MONTHLY")]
    Monthly,
}

/// Stigg `ChargeType` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "ChargeType")]
pub enum ChargeType {
    #[graphql(name = "CREDIT")]
    Credit,
    #[graphql(name = "FEATURE")]
    Feature,
}

/// Stigg `ConditionOperation` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "ConditionOperation")]
pub enum ConditionOperation {
    #[graphql(name = "CONTAINS")]
    Contains,
    #[graphql(name = "ENDS_WITH")]
    EndsWith,
    #[graphql(name = "EQUALS")]
    Equals,
    #[graphql(name = "GREATER_THAN")]
    GreaterThan,
    #[graphql(name = "GREATER_THAN_OR_EQUAL")]
    GreaterThanOrEqual,
    #[graphql(name = "IN")]
    In,
    #[graphql(name = "IS_NOT_NULL")]
    IsNotNull,
    #[graphql(name = "IS_NULL")]
    IsNull,
    #[graphql(name = "LESS_THAN")]
    LessThan,
    #[graphql(name = "LESS_THAN_OR_EQUAL")]
    LessThanOrEqual,
    #[graphql(name = "NOT_EQUALS")]
    NotEquals,
    #[graphql(name = "STARTS_WITH")]
    StartsWith,
}

/// Stigg `CouponStatus` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "CouponStatus")]
pub enum CouponStatus {
    #[graphql(name = "ACTIVE")]
    Active,
    #[graphql(name = "ARCHIVED")]
    Archived,
}

/// Stigg `CouponType` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "CouponType")]
pub enum CouponType {
    #[graphql(name = "FIXED")]
    Fixed,
    #[graphql(name = "PERCENTAGE")]
    Percentage,
}

/// Stigg `CreditCadence` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "CreditCadence")]
pub enum CreditCadence {
    #[graphql(name = "MONTH")]
    Month,
    #[graphql(name = "YEAR")]
    Year,
}

/// Stigg `CreditGrantCadence` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "CreditGrantCadence")]
pub enum CreditGrantCadence {
    #[graphql(name = "BEGINNING_OF_BILLING_PERIOD")]
    BeginningOfBillingPeriod,
    #[graphql(name = "MONTHLY")]
    Monthly,
}

/// Stigg `Currency` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "Currency")]
pub enum Currency {
    #[graphql(name = "AED")]
    Aed,
    #[graphql(name = "ALL")]
    All,
    #[graphql(name = "AMD")]
    Amd,
    #[graphql(name = "ANG")]
    Ang,
    #[graphql(name = "AUD")]
    Aud,
    #[graphql(name = "AWG")]
    Awg,
    #[graphql(name = "AZN")]
    Azn,
    #[graphql(name = "BAM")]
    Bam,
    #[graphql(name = "BBD")]
    Bbd,
    #[graphql(name = "BDT")]
    Bdt,
    #[graphql(name = "BGN")]
    Bgn,
    #[graphql(name = "BIF")]
    Bif,
    #[graphql(name = "BMD")]
    Bmd,
    #[graphql(name = "BND")]
    Bnd,
    #[graphql(name = "BRL")]
    Brl,
    #[graphql(name = "BSD")]
    Bsd,
    #[graphql(name = "BWP")]
    Bwp,
    #[graphql(name = "BYN")]
    Byn,
    #[graphql(name = "BZD")]
    Bzd,
    #[graphql(name = "CAD")]
    Cad,
    #[graphql(name = "CDF")]
    Cdf,
    #[graphql(name = "CHF")]
    Chf,
    #[graphql(name = "CLP")]
    Clp,
    #[graphql(name = "CNY")]
    Cny,
    #[graphql(name = "CZK")]
    Czk,
    #[graphql(name = "DJF")]
    Djf,
    #[graphql(name = "DKK")]
    Dkk,
    #[graphql(name = "DOP")]
    Dop,
    #[graphql(name = "DZD")]
    Dzd,
    #[graphql(name = "EGP")]
    Egp,
    #[graphql(name = "ETB")]
    Etb,
    #[graphql(name = "EUR")]
    Eur,
    #[graphql(name = "FJD")]
    Fjd,
    #[graphql(name = "GBP")]
    Gbp,
    #[graphql(name = "GEL")]
    Gel,
    #[graphql(name = "GIP")]
    Gip,
    #[graphql(name = "GMD")]
    Gmd,
    #[graphql(name = "GNF")]
    Gnf,
    #[graphql(name = "GYD")]
    Gyd,
    #[graphql(name = "HKD")]
    Hkd,
    #[graphql(name = "HRK")]
    Hrk,
    #[graphql(name = "HTG")]
    Htg,
    #[graphql(name = "IDR")]
    Idr,
    #[graphql(name = "ILS")]
    Ils,
    #[graphql(name = "INR")]
    Inr,
    #[graphql(name = "ISK")]
    Isk,
    #[graphql(name = "JMD")]
    Jmd,
    #[graphql(name = "JPY")]
    Jpy,
    #[graphql(name = "KES")]
    Kes,
    #[graphql(name = "KGS")]
    Kgs,
    #[graphql(name = "KHR")]
    Khr,
    #[graphql(name = "KMF")]
    Kmf,
    #[graphql(name = "KRW")]
    Krw,
    #[graphql(name = "KYD")]
    Kyd,
    #[graphql(name = "KZT")]
    Kzt,
    #[graphql(name = "LBP")]
    Lbp,
    #[graphql(name = "LKR")]
    Lkr,
    #[graphql(name = "LRD")]
    Lrd,
    #[graphql(name = "LSL")]
    Lsl,
    #[graphql(name = "MAD")]
    Mad,
    #[graphql(name = "MDL")]
    Mdl,
    #[graphql(name = "MGA")]
    Mga,
    #[graphql(name = "MKD")]
    Mkd,
    #[graphql(name = "MMK")]
    Mmk,
    #[graphql(name = "MNT")]
    Mnt,
    #[graphql(name = "MOP")]
    Mop,
    #[graphql(name = "MRO")]
    Mro,
    #[graphql(name = "MVR")]
    Mvr,
    #[graphql(name = "MWK")]
    Mwk,
    #[graphql(name = "MXN")]
    Mxn,
    #[graphql(name = "MYR")]
    Myr,
    #[graphql(name = "MZN")]
    Mzn,
    #[graphql(name = "NAD")]
    Nad,
    #[graphql(name = "NGN")]
    Ngn,
    #[graphql(name = "NOK")]
    Nok,
    #[graphql(name = "NPR")]
    Npr,
    #[graphql(name = "NZD")]
    Nzd,
    #[graphql(name = "PGK")]
    Pgk,
    #[graphql(name = "PHP")]
    Php,
    #[graphql(name = "PKR")]
    Pkr,
    #[graphql(name = "PLN")]
    Pln,
    #[graphql(name = "PYG")]
    Pyg,
    #[graphql(name = "QAR")]
    Qar,
    #[graphql(name = "RON")]
    Ron,
    #[graphql(name = "RSD")]
    Rsd,
    #[graphql(name = "RUB")]
    Rub,
    #[graphql(name = "RWF")]
    Rwf,
    #[graphql(name = "SAR")]
    Sar,
    #[graphql(name = "SBD")]
    Sbd,
    #[graphql(name = "SCR")]
    Scr,
    #[graphql(name = "SEK")]
    Sek,
    #[graphql(name = "SGD")]
    Sgd,
    #[graphql(name = "SLE")]
    Sle,
    #[graphql(name = "SLL")]
    Sll,
    #[graphql(name = "SOS")]
    Sos,
    #[graphql(name = "SZL")]
    Szl,
    #[graphql(name = "THB")]
    Thb,
    #[graphql(name = "TJS")]
    Tjs,
    #[graphql(name = "TOP")]
    Top,
    #[graphql(name = "TRY")]
    Try,
    #[graphql(name = "TTD")]
    Ttd,
    #[graphql(name = "TZS")]
    Tzs,
    #[graphql(name = "UAH")]
    Uah,
    #[graphql(name = "UGX")]
    Ugx,
    #[graphql(name = "USD")]
    Usd,
    #[graphql(name = "UZS")]
    Uzs,
    #[graphql(name = "VND")]
    Vnd,
    #[graphql(name = "VUV")]
    Vuv,
    #[graphql(name = "WST")]
    Wst,
    #[graphql(name = "XAF")]
    Xaf,
    #[graphql(name = "XCD")]
    Xcd,
    #[graphql(name = "XOF")]
    Xof,
    #[graphql(name = "XPF")]
    Xpf,
    #[graphql(name = "YER")]
    Yer,
    #[graphql(name = "ZAR")]
    Zar,
    #[graphql(name = "ZMW")]
    Zmw,
}

/// Stigg `CustomerSortFields` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "CustomerSortFields")]
pub enum CustomerSortFields {
    #[graphql(name = "awsMarketplaceCustomerId")]
    AwsMarketplaceCustomerId,
    #[graphql(name = "billingId")]
    BillingId,
    #[graphql(name = "createdAt")]
    CreatedAt,
    #[graphql(name = "crmHubspotCompanyId")]
    CrmHubspotCompanyId,
    #[graphql(name = "crmHubspotCompanyUrl")]
    CrmHubspotCompanyUrl,
    #[graphql(name = "crmId")]
    CrmId,
    #[graphql(name = "customerId")]
    CustomerId,
    #[graphql(name = "deletedAt")]
    DeletedAt,
    #[graphql(name = "email")]
    Email,
    #[graphql(name = "environmentId")]
    EnvironmentId,
    #[graphql(name = "id")]
    Id,
    #[graphql(name = "name")]
    Name,
    #[graphql(name = "refId")]
    RefId,
    #[graphql(name = "salesforceId")]
    SalesforceId,
    #[graphql(name = "searchQuery")]
    SearchQuery,
    #[graphql(name = "updatedAt")]
    UpdatedAt,
}

/// Stigg `EntitlementBehavior` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "EntitlementBehavior")]
pub enum EntitlementBehavior {
    #[graphql(name = "Increment")]
    Increment,
    #[graphql(name = "Override")]
    Override,
}

/// Stigg `EntitlementResetPeriod` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "EntitlementResetPeriod")]
pub enum EntitlementResetPeriod {
    #[graphql(name = "DAY")]
    Day,
    #[graphql(name = "HOUR")]
    Hour,
    #[graphql(name = "MONTH")]
    Month,
    #[graphql(name = "WEEK")]
    Week,
    #[graphql(name = "YEAR")]
    Year,
}

/// Stigg `ErrorCode` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "ErrorCode")]
pub enum ErrorCode {
    #[graphql(name = "AccessDeniedError")]
    AccessDeniedError,
    #[graphql(name = "AccountNotFoundError")]
    AccountNotFoundError,
    #[graphql(name = "AddonDependencyMissingError")]
    AddonDependencyMissingError,
    #[graphql(name = "AddonHasToHavePriceError")]
    AddonHasToHavePriceError,
    #[graphql(name = "AddonIsCompatibleWithGroup")]
    AddonIsCompatibleWithGroup,
    #[graphql(name = "AddonIsCompatibleWithPlan")]
    AddonIsCompatibleWithPlan,
    #[graphql(name = "AddonNotFound")]
    AddonNotFound,
    #[graphql(name = "AddonQuantityExceedsLimitError")]
    AddonQuantityExceedsLimitError,
    #[graphql(name = "AddonWithDraftCannotBeDeletedError")]
    AddonWithDraftCannotBeDeletedError,
    #[graphql(name = "AddonsNotFound")]
    AddonsNotFound,
    #[graphql(name = "AmountTooLarge")]
    AmountTooLarge,
    #[graphql(name = "ApiKeyExpired")]
    ApiKeyExpired,
    #[graphql(name = "ApiKeyHasExpiry")]
    ApiKeyHasExpiry,
    #[graphql(name = "ApiKeyNotFound")]
    ApiKeyNotFound,
    #[graphql(name = "ArchivedCouponCantBeApplied")]
    ArchivedCouponCantBeApplied,
    #[graphql(name = "AuthCustomerMismatch")]
    AuthCustomerMismatch,
    #[graphql(name = "AuthCustomerReadonly")]
    AuthCustomerReadonly,
    #[graphql(name = "AuthorizationServiceError")]
    AuthorizationServiceError,
    #[graphql(name = "AwsMarketplaceIntegrationError")]
    AwsMarketplaceIntegrationError,
    #[graphql(name = "AwsMarketplaceIntegrationValidationError")]
    AwsMarketplaceIntegrationValidationError,
    #[graphql(name = "BadUserInput")]
    BadUserInput,
    #[graphql(name = "BillingIntegrationAlreadyExistsError")]
    BillingIntegrationAlreadyExistsError,
    #[graphql(name = "BillingIntegrationMissing")]
    BillingIntegrationMissing,
    #[graphql(name = "BillingInvoiceStatusError")]
    BillingInvoiceStatusError,
    #[graphql(name = "BillingPeriodMissingError")]
    BillingPeriodMissingError,
    #[graphql(name = "CanNotUpdateEntitlementsFeatureGroup")]
    CanNotUpdateEntitlementsFeatureGroup,
    #[graphql(name = "CannotAddOverrideEntitlementToPlan")]
    CannotAddOverrideEntitlementToPlan,
    #[graphql(name = "CannotArchiveFeatureError")]
    CannotArchiveFeatureError,
    #[graphql(name = "CannotArchiveFeatureGroupError")]
    CannotArchiveFeatureGroupError,
    #[graphql(name = "CannotArchiveProductError")]
    CannotArchiveProductError,
    #[graphql(name = "CannotChangeBillingIntegration")]
    CannotChangeBillingIntegration,
    #[graphql(name = "CannotDeleteCustomerError")]
    CannotDeleteCustomerError,
    #[graphql(name = "CannotDeleteDefaultIntegration")]
    CannotDeleteDefaultIntegration,
    #[graphql(name = "CannotDeleteFeatureError")]
    CannotDeleteFeatureError,
    #[graphql(name = "CannotEditPackageInNonDraftMode")]
    CannotEditPackageInNonDraftMode,
    #[graphql(name = "CannotRemovePaymentMethodFromCustomerError")]
    CannotRemovePaymentMethodFromCustomerError,
    #[graphql(name = "CannotReportUsageForEntitlementWithMeterError")]
    CannotReportUsageForEntitlementWithMeterError,
    #[graphql(name = "CannotUnarchiveProductError")]
    CannotUnarchiveProductError,
    #[graphql(name = "CannotUpdateExpireAtForExpiredCreditGrantError")]
    CannotUpdateExpireAtForExpiredCreditGrantError,
    #[graphql(name = "CannotUpdateUnitTransformationError")]
    CannotUpdateUnitTransformationError,
    #[graphql(name = "CannotUpsertToPackageThatHasDraft")]
    CannotUpsertToPackageThatHasDraft,
    #[graphql(name = "ChangingPayingCustomerIsNotSupportedError")]
    ChangingPayingCustomerIsNotSupportedError,
    #[graphql(name = "CheckoutIsNotSupported")]
    CheckoutIsNotSupported,
    #[graphql(name = "CouponNotFound")]
    CouponNotFound,
    #[graphql(name = "CreditGrantAlreadyVoided")]
    CreditGrantAlreadyVoided,
    #[graphql(name = "CreditGrantCannotBeVoided")]
    CreditGrantCannotBeVoided,
    #[graphql(name = "CreditGrantNotFound")]
    CreditGrantNotFound,
    #[graphql(name = "CustomCurrencyNotFound")]
    CustomCurrencyNotFound,
    #[graphql(name = "CustomerAlreadyHaveCustomerCoupon")]
    CustomerAlreadyHaveCustomerCoupon,
    #[graphql(name = "CustomerAlreadyUsesCoupon")]
    CustomerAlreadyUsesCoupon,
    #[graphql(name = "CustomerHasNoEmailAddress")]
    CustomerHasNoEmailAddress,
    #[graphql(name = "CustomerNoBillingId")]
    CustomerNoBillingId,
    #[graphql(name = "CustomerNotFound")]
    CustomerNotFound,
    #[graphql(name = "CustomerResourceNotFound")]
    CustomerResourceNotFound,
    #[graphql(name = "DataExportIntegrationError")]
    DataExportIntegrationError,
    #[graphql(name = "DeprecatedEstimateSubscriptionError")]
    DeprecatedEstimateSubscriptionError,
    #[graphql(name = "DowngradeBillingPeriodNotSupportedError")]
    DowngradeBillingPeriodNotSupportedError,
    #[graphql(name = "DraftAddonCantBeArchived")]
    DraftAddonCantBeArchived,
    #[graphql(name = "DraftAlreadyExists")]
    DraftAlreadyExists,
    #[graphql(name = "DraftPlanCantBeArchived")]
    DraftPlanCantBeArchived,
    #[graphql(name = "DuplicateAddonProvisionedError")]
    DuplicateAddonProvisionedError,
    #[graphql(name = "DuplicateIntegrationNotAllowed")]
    DuplicateIntegrationNotAllowed,
    #[graphql(name = "DuplicateProductValidationError")]
    DuplicateProductValidationError,
    #[graphql(name = "DuplicatedEntityNotAllowed")]
    DuplicatedEntityNotAllowed,
    #[graphql(name = "EditAllowedOnDraftPackageOnlyError")]
    EditAllowedOnDraftPackageOnlyError,
    #[graphql(name = "EntitlementBelongsToFeatureGroupError")]
    EntitlementBelongsToFeatureGroupError,
    #[graphql(name = "EntitlementLimitExceededError")]
    EntitlementLimitExceededError,
    #[graphql(name = "EntitlementUsageOutOfRangeError")]
    EntitlementUsageOutOfRangeError,
    #[graphql(name = "EntitlementsMustBelongToSamePackage")]
    EntitlementsMustBelongToSamePackage,
    #[graphql(name = "EntityIdDifferentFromRefIdError")]
    EntityIdDifferentFromRefIdError,
    #[graphql(name = "EntityIsArchivedError")]
    EntityIsArchivedError,
    #[graphql(name = "EnvironmentMissing")]
    EnvironmentMissing,
    #[graphql(name = "ExperimentAlreadyRunning")]
    ExperimentAlreadyRunning,
    #[graphql(name = "ExperimentNotFoundError")]
    ExperimentNotFoundError,
    #[graphql(name = "ExperimentStatusError")]
    ExperimentStatusError,
    #[graphql(name = "ExpireAtMustBeLaterThanEffectiveAtError")]
    ExpireAtMustBeLaterThanEffectiveAtError,
    #[graphql(name = "FailedToCreateCheckoutSessionError")]
    FailedToCreateCheckoutSessionError,
    #[graphql(name = "FailedToImportCustomer")]
    FailedToImportCustomer,
    #[graphql(name = "FailedToImportSubscriptions")]
    FailedToImportSubscriptions,
    #[graphql(name = "FailedToResolveBillingIntegration")]
    FailedToResolveBillingIntegration,
    #[graphql(name = "FeatureConfigurationExceededLimitError")]
    FeatureConfigurationExceededLimitError,
    #[graphql(name = "FeatureGroupMissingFeaturesError")]
    FeatureGroupMissingFeaturesError,
    #[graphql(name = "FeatureGroupNotFoundError")]
    FeatureGroupNotFoundError,
    #[graphql(name = "FeatureNotBelongToFeatureGroupError")]
    FeatureNotBelongToFeatureGroupError,
    #[graphql(name = "FeatureNotFound")]
    FeatureNotFound,
    #[graphql(name = "FetchAllCountriesPricesNotAllowed")]
    FetchAllCountriesPricesNotAllowed,
    #[graphql(name = "FreePlanCantHaveCompatiblePackageGroupError")]
    FreePlanCantHaveCompatiblePackageGroupError,
    #[graphql(name = "FutureUpdateNotFound")]
    FutureUpdateNotFound,
    #[graphql(name = "GovernanceNotEnabled")]
    GovernanceNotEnabled,
    #[graphql(name = "GraphQLAliasesLimitExceeded")]
    GraphQLAliasesLimitExceeded,
    #[graphql(name = "GraphQLBatchedOperationsLimitExceeded")]
    GraphQLBatchedOperationsLimitExceeded,
    #[graphql(name = "GraphQLUnsupportedDirective")]
    GraphQLUnsupportedDirective,
    #[graphql(name = "HubspotIntegrationError")]
    HubspotIntegrationError,
    #[graphql(name = "IdentityForbidden")]
    IdentityForbidden,
    #[graphql(name = "ImportAlreadyInProgress")]
    ImportAlreadyInProgress,
    #[graphql(name = "ImportSubscriptionsBulkError")]
    ImportSubscriptionsBulkError,
    #[graphql(name = "IncompatibleSubscriptionAddon")]
    IncompatibleSubscriptionAddon,
    #[graphql(name = "InitStripePaymentMethodError")]
    InitStripePaymentMethodError,
    #[graphql(name = "IntegrationNotFound")]
    IntegrationNotFound,
    #[graphql(name = "IntegrationValidationError")]
    IntegrationValidationError,
    #[graphql(name = "IntegrityViolation")]
    IntegrityViolation,
    #[graphql(name = "InvalidAddressError")]
    InvalidAddressError,
    #[graphql(name = "InvalidArgumentError")]
    InvalidArgumentError,
    #[graphql(name = "InvalidCancellationDate")]
    InvalidCancellationDate,
    #[graphql(name = "InvalidDoggoSignatureError")]
    InvalidDoggoSignatureError,
    #[graphql(name = "InvalidEntitlementResetPeriod")]
    InvalidEntitlementResetPeriod,
    #[graphql(name = "InvalidMemberDelete")]
    InvalidMemberDelete,
    #[graphql(name = "InvalidMetadataError")]
    InvalidMetadataError,
    #[graphql(name = "InvalidQuantity")]
    InvalidQuantity,
    #[graphql(name = "InvalidReceivedSignatureError")]
    InvalidReceivedSignatureError,
    #[graphql(name = "InvalidSubscriptionStatus")]
    InvalidSubscriptionStatus,
    #[graphql(name = "InvalidTaxId")]
    InvalidTaxId,
    #[graphql(name = "InvalidUpdatePriceUnitAmountError")]
    InvalidUpdatePriceUnitAmountError,
    #[graphql(name = "InvoicePreviewNotAvailableForDraftContract")]
    InvoicePreviewNotAvailableForDraftContract,
    #[graphql(name = "MemberInvitationError")]
    MemberInvitationError,
    #[graphql(name = "MemberNotFound")]
    MemberNotFound,
    #[graphql(name = "MergeEnvironmentValidationError")]
    MergeEnvironmentValidationError,
    #[graphql(name = "MeterMustBeAssociatedToMeteredFeature")]
    MeterMustBeAssociatedToMeteredFeature,
    #[graphql(name = "MeteringNotAvailableForFeatureType")]
    MeteringNotAvailableForFeatureType,
    #[graphql(name = "MissingBillingInvoiceError")]
    MissingBillingInvoiceError,
    #[graphql(name = "MissingEntityIdError")]
    MissingEntityIdError,
    #[graphql(name = "MultiSubscriptionCantBeAutoCancellationSourceError")]
    MultiSubscriptionCantBeAutoCancellationSourceError,
    #[graphql(name = "NoActiveSubscriptionForCustomer")]
    NoActiveSubscriptionForCustomer,
    #[graphql(name = "NoDraftOfferFound")]
    NoDraftOfferFound,
    #[graphql(name = "NoFeatureEntitlementError")]
    NoFeatureEntitlementError,
    #[graphql(name = "NoFeatureEntitlementInSubscription")]
    NoFeatureEntitlementInSubscription,
    #[graphql(name = "NoProductsAvailable")]
    NoProductsAvailable,
    #[graphql(name = "ObjectAlreadyBeingUsedByAnotherRequestError")]
    ObjectAlreadyBeingUsedByAnotherRequestError,
    #[graphql(name = "OfferAlreadyExists")]
    OfferAlreadyExists,
    #[graphql(name = "OfferNotFound")]
    OfferNotFound,
    #[graphql(name = "OperationNotAllowedDuringInProgressExperiment")]
    OperationNotAllowedDuringInProgressExperiment,
    #[graphql(name = "OperationTimeout")]
    OperationTimeout,
    #[graphql(name = "PackageAlreadyPublished")]
    PackageAlreadyPublished,
    #[graphql(name = "PackageGroupMinItemsError")]
    PackageGroupMinItemsError,
    #[graphql(name = "PackageGroupNotFound")]
    PackageGroupNotFound,
    #[graphql(name = "PackagePricingTypeNotSet")]
    PackagePricingTypeNotSet,
    #[graphql(name = "PaymentMethodNotFoundError")]
    PaymentMethodNotFoundError,
    #[graphql(name = "PlanCannotBePublishWhenBasePlanIsDraft")]
    PlanCannotBePublishWhenBasePlanIsDraft,
    #[graphql(name = "PlanCannotBePublishWhenCompatibleAddonIsDraft")]
    PlanCannotBePublishWhenCompatibleAddonIsDraft,
    #[graphql(name = "PlanIsUsedAsDefaultStartPlan")]
    PlanIsUsedAsDefaultStartPlan,
    #[graphql(name = "PlanIsUsedAsDowngradePlan")]
    PlanIsUsedAsDowngradePlan,
    #[graphql(name = "PlanNotFound")]
    PlanNotFound,
    #[graphql(name = "PlanWithChildCantBeDeleted")]
    PlanWithChildCantBeDeleted,
    #[graphql(name = "PlansCircularDependencyError")]
    PlansCircularDependencyError,
    #[graphql(name = "PreparePaymentMethodFormError")]
    PreparePaymentMethodFormError,
    #[graphql(name = "PriceNotFound")]
    PriceNotFound,
    #[graphql(name = "PricingModelNotSupportedByBillingIntegration")]
    PricingModelNotSupportedByBillingIntegration,
    #[graphql(name = "ProductNotFoundError")]
    ProductNotFoundError,
    #[graphql(name = "ProductNotPublishedError")]
    ProductNotPublishedError,
    #[graphql(name = "PromotionCodeCustomerNotFirstPurchase")]
    PromotionCodeCustomerNotFirstPurchase,
    #[graphql(name = "PromotionCodeMaxRedemptionsReached")]
    PromotionCodeMaxRedemptionsReached,
    #[graphql(name = "PromotionCodeMinimumAmountNotReached")]
    PromotionCodeMinimumAmountNotReached,
    #[graphql(name = "PromotionCodeNotActive")]
    PromotionCodeNotActive,
    #[graphql(name = "PromotionCodeNotForCustomer")]
    PromotionCodeNotForCustomer,
    #[graphql(name = "PromotionCodeNotFound")]
    PromotionCodeNotFound,
    #[graphql(name = "PromotionalEntitlementNotFoundError")]
    PromotionalEntitlementNotFoundError,
    #[graphql(name = "RateLimitExceeded")]
    RateLimitExceeded,
    #[graphql(name = "RecalculateEntitlementsError")]
    RecalculateEntitlementsError,
    #[graphql(name = "RequiredSsoAuthenticationError")]
    RequiredSsoAuthenticationError,
    #[graphql(name = "ResyncAlreadyInProgress")]
    ResyncAlreadyInProgress,
    #[graphql(name = "ScheduledMigrationAlreadyExistsError")]
    ScheduledMigrationAlreadyExistsError,
    #[graphql(name = "SchedulingAtEndOfBillingPeriod")]
    SchedulingAtEndOfBillingPeriod,
    #[graphql(name = "SelectedBillingModelDoesntMatchImportedItemError")]
    SelectedBillingModelDoesntMatchImportedItemError,
    #[graphql(name = "SingleSubscriptionCantBeAutoCancellationTargetError")]
    SingleSubscriptionCantBeAutoCancellationTargetError,
    #[graphql(name = "StripeCustomerIsDeleted")]
    StripeCustomerIsDeleted,
    #[graphql(name = "StripeError")]
    StripeError,
    #[graphql(name = "SubscriptionAlreadyCanceledOrExpired")]
    SubscriptionAlreadyCanceledOrExpired,
    #[graphql(name = "SubscriptionAlreadyOnLatestPlanError")]
    SubscriptionAlreadyOnLatestPlanError,
    #[graphql(name = "SubscriptionDoesNotHaveBillingPeriod")]
    SubscriptionDoesNotHaveBillingPeriod,
    #[graphql(name = "SubscriptionMustHaveSinglePlanError")]
    SubscriptionMustHaveSinglePlanError,
    #[graphql(name = "SubscriptionNoBillingId")]
    SubscriptionNoBillingId,
    #[graphql(name = "SubscriptionNotFound")]
    SubscriptionNotFound,
    #[graphql(name = "TooManyCustomCurrencies")]
    TooManyCustomCurrencies,
    #[graphql(name = "TooManySubscriptionsPerCustomer")]
    TooManySubscriptionsPerCustomer,
    #[graphql(name = "TrialMustBeCancelledImmediately")]
    TrialMustBeCancelledImmediately,
    #[graphql(name = "UnPublishedPackage")]
    UnPublishedPackage,
    #[graphql(name = "Unauthenticated")]
    Unauthenticated,
    #[graphql(name = "UnexpectedError")]
    UnexpectedError,
    #[graphql(name = "UnsupportedFeatureType")]
    UnsupportedFeatureType,
    #[graphql(name = "UnsupportedParameter")]
    UnsupportedParameter,
    #[graphql(name = "UnsupportedSubscriptionScheduleType")]
    UnsupportedSubscriptionScheduleType,
    #[graphql(name = "UnsupportedVendorIdentifier")]
    UnsupportedVendorIdentifier,
    #[graphql(name = "UsageMeasurementDiffOutOfRangeError")]
    UsageMeasurementDiffOutOfRangeError,
    #[graphql(name = "VendorIsNotSupported")]
    VendorIsNotSupported,
    #[graphql(name = "VersionExceedsMaxValueError")]
    VersionExceedsMaxValueError,
    #[graphql(name = "WorkflowTriggerNotFound")]
    WorkflowTriggerNotFound,
}

/// Stigg `FeatureSortFields` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "FeatureSortFields")]
pub enum FeatureSortFields {
    #[graphql(name = "createdAt")]
    CreatedAt,
    #[graphql(name = "description")]
    Description,
    #[graphql(name = "displayName")]
    DisplayName,
    #[graphql(name = "environmentId")]
    EnvironmentId,
    #[graphql(name = "featureStatus")]
    FeatureStatus,
    #[graphql(name = "featureType")]
    FeatureType,
    #[graphql(name = "id")]
    Id,
    #[graphql(name = "meterType")]
    MeterType,
    #[graphql(name = "refId")]
    RefId,
    #[graphql(name = "updatedAt")]
    UpdatedAt,
}

/// Stigg `FeatureStatus` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "FeatureStatus")]
pub enum FeatureStatus {
    #[graphql(name = "ACTIVE")]
    Active,
    #[graphql(name = "NEW")]
    New,
    #[graphql(name = "SUSPENDED")]
    Suspended,
}

/// Stigg `FeatureType` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "FeatureType")]
pub enum FeatureType {
    #[graphql(name = "BOOLEAN")]
    Boolean,
    #[graphql(name = "ENUM")]
    Enum,
    #[graphql(name = "NUMBER")]
    Number,
}

/// Stigg `MeterType` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "MeterType")]
pub enum MeterType {
    #[graphql(name = "Fluctuating")]
    Fluctuating,
    #[graphql(name = "Incremental")]
    Incremental,
    #[graphql(name = "None")]
    None,
}

/// Stigg `MonthlyAccordingTo` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "MonthlyAccordingTo")]
pub enum MonthlyAccordingTo {
    #[graphql(name = "StartOfTheMonth")]
    StartOfTheMonth,
    #[graphql(name = "SubscriptionStart")]
    SubscriptionStart,
}

/// Stigg `OfferStatus` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "OfferStatus")]
pub enum OfferStatus {
    #[graphql(name = "ARCHIVED")]
    Archived,
    #[graphql(name = "DRAFT")]
    Draft,
    #[graphql(name = "PUBLISHED")]
    Published,
}

/// Stigg `OverageBillingPeriod` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "OverageBillingPeriod")]
pub enum OverageBillingPeriod {
    #[graphql(name = "MONTHLY")]
    Monthly,
    #[graphql(name = "ON_SUBSCRIPTION_RENEWAL")]
    OnSubscriptionRenewal,
}

/// Stigg `PackageStatus` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "PackageStatus")]
pub enum PackageStatus {
    #[graphql(name = "ARCHIVED")]
    Archived,
    #[graphql(name = "DRAFT")]
    Draft,
    #[graphql(name = "PUBLISHED")]
    Published,
}

/// Stigg `PaymentCollection` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "PaymentCollection")]
pub enum PaymentCollection {
    #[graphql(name = "ACTION_REQUIRED")]
    ActionRequired,
    #[graphql(name = "FAILED")]
    Failed,
    #[graphql(name = "NOT_REQUIRED")]
    NotRequired,
    #[graphql(name = "PROCESSING")]
    Processing,
}

/// Stigg `PaymentCollectionMethod` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "PaymentCollectionMethod")]
pub enum PaymentCollectionMethod {
    #[graphql(name = "CHARGE")]
    Charge,
    #[graphql(name = "INVOICE")]
    Invoice,
    #[graphql(name = "NONE")]
    None,
}

/// Stigg `PaymentMethodType` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "PaymentMethodType")]
pub enum PaymentMethodType {
    #[graphql(name = "BANK")]
    Bank,
    #[graphql(name = "CARD")]
    Card,
    #[graphql(name = "CASH_APP")]
    CashApp,
}

/// Stigg `PlanChangeType` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "PlanChangeType")]
pub enum PlanChangeType {
    #[graphql(name = "DOWNGRADE")]
    Downgrade,
    #[graphql(name = "NONE")]
    None,
    #[graphql(name = "UPGRADE")]
    Upgrade,
}

/// Stigg `PlanSortFields` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "PlanSortFields")]
pub enum PlanSortFields {
    #[graphql(name = "billingId")]
    BillingId,
    #[graphql(name = "createdAt")]
    CreatedAt,
    #[graphql(name = "description")]
    Description,
    #[graphql(name = "displayName")]
    DisplayName,
    #[graphql(name = "environmentId")]
    EnvironmentId,
    #[graphql(name = "id")]
    Id,
    #[graphql(name = "isLatest")]
    IsLatest,
    #[graphql(name = "pricingType")]
    PricingType,
    #[graphql(name = "productId")]
    ProductId,
    #[graphql(name = "refId")]
    RefId,
    #[graphql(name = "status")]
    Status,
    #[graphql(name = "updatedAt")]
    UpdatedAt,
    #[graphql(name = "versionNumber")]
    VersionNumber,
}

/// Stigg `PricingType` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "PricingType")]
pub enum PricingType {
    #[graphql(name = "CUSTOM")]
    Custom,
    #[graphql(name = "FREE")]
    Free,
    #[graphql(name = "PAID")]
    Paid,
}

/// Stigg `ProductSortFields` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "ProductSortFields")]
pub enum ProductSortFields {
    #[graphql(name = "awsMarketplaceProductCode")]
    AwsMarketplaceProductCode,
    #[graphql(name = "awsMarketplaceProductId")]
    AwsMarketplaceProductId,
    #[graphql(name = "createdAt")]
    CreatedAt,
    #[graphql(name = "description")]
    Description,
    #[graphql(name = "displayName")]
    DisplayName,
    #[graphql(name = "environmentId")]
    EnvironmentId,
    #[graphql(name = "id")]
    Id,
    #[graphql(name = "isDefaultProduct")]
    IsDefaultProduct,
    #[graphql(name = "multipleSubscriptions")]
    MultipleSubscriptions,
    #[graphql(name = "refId")]
    RefId,
    #[graphql(name = "status")]
    Status,
    #[graphql(name = "updatedAt")]
    UpdatedAt,
}

/// Stigg `ProductStatus` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "ProductStatus")]
pub enum ProductStatus {
    #[graphql(name = "ARCHIVED")]
    Archived,
    #[graphql(name = "PUBLISHED")]
    Published,
}

/// Stigg `PromotionalEntitlementStatus` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "PromotionalEntitlementStatus")]
pub enum PromotionalEntitlementStatus {
    #[graphql(name = "Active")]
    Active,
    #[graphql(name = "Expired")]
    Expired,
    #[graphql(name = "Paused")]
    Paused,
}

/// Stigg `ProvisionSubscriptionStatus` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "ProvisionSubscriptionStatus")]
pub enum ProvisionSubscriptionStatus {
    #[graphql(name = "PAYMENT_REQUIRED")]
    PaymentRequired,
    #[graphql(name = "SUCCESS")]
    Success,
}

/// Stigg `PublishMigrationType` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "PublishMigrationType")]
pub enum PublishMigrationType {
    #[graphql(name = "ALL_CUSTOMERS")]
    AllCustomers,
    #[graphql(name = "NEW_CUSTOMERS")]
    NewCustomers,
}

/// Stigg `ScheduleStrategy` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "ScheduleStrategy")]
pub enum ScheduleStrategy {
    #[graphql(name = "END_OF_BILLING_MONTH")]
    EndOfBillingMonth,
    #[graphql(name = "END_OF_BILLING_PERIOD")]
    EndOfBillingPeriod,
    #[graphql(name = "IMMEDIATE")]
    Immediate,
}

/// Stigg `SortDirection` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SortDirection")]
pub enum SortDirection {
    #[graphql(name = "ASC")]
    Asc,
    #[graphql(name = "DESC")]
    Desc,
}

/// Stigg `SortNulls` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SortNulls")]
pub enum SortNulls {
    #[graphql(name = "NULLS_FIRST")]
    NullsFirst,
    #[graphql(name = "NULLS_LAST")]
    NullsLast,
}

/// Stigg `SubscriptionBillingCycleAnchor` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SubscriptionBillingCycleAnchor")]
pub enum SubscriptionBillingCycleAnchor {
    #[graphql(name = "NOW")]
    Now,
    #[graphql(name = "UNCHANGED")]
    Unchanged,
}

/// Stigg `SubscriptionCancelReason` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SubscriptionCancelReason")]
pub enum SubscriptionCancelReason {
    #[graphql(name = "AutoCancellationRule")]
    AutoCancellationRule,
    #[graphql(name = "CancelledByBilling")]
    CancelledByBilling,
    #[graphql(name = "CustomerArchived")]
    CustomerArchived,
    #[graphql(name = "DetachBilling")]
    DetachBilling,
    #[graphql(name = "Expired")]
    Expired,
    #[graphql(name = "Immediate")]
    Immediate,
    #[graphql(name = "PendingPaymentExpired")]
    PendingPaymentExpired,
    #[graphql(name = "ScheduledCancellation")]
    ScheduledCancellation,
    #[graphql(name = "TrialConverted")]
    TrialConverted,
    #[graphql(name = "TrialEnded")]
    TrialEnded,
    #[graphql(name = "UpgradeOrDowngrade")]
    UpgradeOrDowngrade,
}

/// Stigg `SubscriptionCancellationTime` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SubscriptionCancellationTime")]
pub enum SubscriptionCancellationTime {
    #[graphql(name = "END_OF_BILLING_PERIOD")]
    EndOfBillingPeriod,
    #[graphql(name = "IMMEDIATE")]
    Immediate,
    #[graphql(name = "SPECIFIC_DATE")]
    SpecificDate,
}

/// Stigg `SubscriptionDecisionStrategy` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SubscriptionDecisionStrategy")]
pub enum SubscriptionDecisionStrategy {
    #[graphql(name = "PREDEFINED_FREE_PLAN")]
    PredefinedFreePlan,
    #[graphql(name = "PREDEFINED_TRIAL_PLAN")]
    PredefinedTrialPlan,
    #[graphql(name = "REQUESTED_PLAN")]
    RequestedPlan,
    #[graphql(name = "SKIPPED_SUBSCRIPTION_CREATION")]
    SkippedSubscriptionCreation,
}

/// Stigg `SubscriptionEndSetup` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SubscriptionEndSetup")]
pub enum SubscriptionEndSetup {
    #[graphql(name = "CANCEL_SUBSCRIPTION")]
    CancelSubscription,
    #[graphql(name = "DOWNGRADE_TO_FREE")]
    DowngradeToFree,
}

/// Stigg `SubscriptionInvoiceBillingReason` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SubscriptionInvoiceBillingReason")]
pub enum SubscriptionInvoiceBillingReason {
    #[graphql(name = "BILLING_CYCLE")]
    BillingCycle,
    #[graphql(name = "MANUAL")]
    Manual,
    #[graphql(name = "MINIMUM_INVOICE_AMOUNT_EXCEEDED")]
    MinimumInvoiceAmountExceeded,
    #[graphql(name = "OTHER")]
    Other,
    #[graphql(name = "SUBSCRIPTION_CREATION")]
    SubscriptionCreation,
    #[graphql(name = "SUBSCRIPTION_UPDATE")]
    SubscriptionUpdate,
}

/// Stigg `SubscriptionInvoiceStatus` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SubscriptionInvoiceStatus")]
pub enum SubscriptionInvoiceStatus {
    #[graphql(name = "CANCELED")]
    Canceled,
    #[graphql(name = "OPEN")]
    Open,
    #[graphql(name = "PAID")]
    Paid,
}

/// Stigg `SubscriptionProrationBehavior` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SubscriptionProrationBehavior")]
pub enum SubscriptionProrationBehavior {
    #[graphql(name = "CREATE_PRORATIONS")]
    CreateProrations,
    #[graphql(name = "INVOICE_IMMEDIATELY")]
    InvoiceImmediately,
    #[graphql(name = "NONE")]
    None,
}

/// Stigg `SubscriptionScheduleStatus` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SubscriptionScheduleStatus")]
pub enum SubscriptionScheduleStatus {
    #[graphql(name = "Canceled")]
    Canceled,
    #[graphql(name = "Done")]
    Done,
    #[graphql(name = "Failed")]
    Failed,
    #[graphql(name = "PendingPayment")]
    PendingPayment,
    #[graphql(name = "Scheduled")]
    Scheduled,
}

/// Stigg `SubscriptionScheduleType` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SubscriptionScheduleType")]
pub enum SubscriptionScheduleType {
    #[graphql(name = "AdditionalMetaData")]
    AdditionalMetaData,
    #[graphql(name = "Addon")]
    Addon,
    #[graphql(name = "BillingInfoMetadata")]
    BillingInfoMetadata,
    #[graphql(name = "BillingPeriod")]
    BillingPeriod,
    #[graphql(name = "Coupon")]
    Coupon,
    #[graphql(name = "Downgrade")]
    Downgrade,
    #[graphql(name = "MigrateToLatest")]
    MigrateToLatest,
    #[graphql(name = "Plan")]
    Plan,
    #[graphql(name = "PriceOverride")]
    PriceOverride,
    #[graphql(name = "RecurringCredits")]
    RecurringCredits,
    #[graphql(name = "UnitAmount")]
    UnitAmount,
}

/// Stigg `SubscriptionStartSetup` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SubscriptionStartSetup")]
pub enum SubscriptionStartSetup {
    #[graphql(name = "FREE_PLAN")]
    FreePlan,
    #[graphql(name = "PLAN_SELECTION")]
    PlanSelection,
    #[graphql(name = "TRIAL_PERIOD")]
    TrialPeriod,
}

/// Stigg `SubscriptionStatus` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SubscriptionStatus")]
pub enum SubscriptionStatus {
    #[graphql(name = "ACTIVE")]
    Active,
    #[graphql(name = "CANCELED")]
    Canceled,
    #[graphql(name = "EXPIRED")]
    Expired,
    #[graphql(name = "IN_TRIAL")]
    InTrial,
    #[graphql(name = "NOT_STARTED")]
    NotStarted,
    #[graphql(name = "PAYMENT_PENDING")]
    PaymentPending,
}

/// Stigg `SubscriptionUpdateUsageCutoffBehavior` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SubscriptionUpdateUsageCutoffBehavior")]
pub enum SubscriptionUpdateUsageCutoffBehavior {
    #[graphql(name = "ALWAYS_RESET")]
    AlwaysReset,
    #[graphql(name = "BILLING_PERIOD_CHANGE")]
    BillingPeriodChange,
    #[graphql(name = "NEVER_RESET")]
    NeverReset,
}

/// Stigg `SyncStatus` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "SyncStatus")]
pub enum SyncStatus {
    #[graphql(name = "ERROR")]
    Error,
    #[graphql(name = "NO_SYNC_REQUIRED")]
    NoSyncRequired,
    #[graphql(name = "PENDING")]
    Pending,
    #[graphql(name = "SUCCESS")]
    Success,
}

/// Stigg `TiersMode` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "TiersMode")]
pub enum TiersMode {
    #[graphql(name = "GRADUATED")]
    Graduated,
    #[graphql(name = "VOLUME")]
    Volume,
}

/// Stigg `TrialEndBehavior` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "TrialEndBehavior")]
pub enum TrialEndBehavior {
    #[graphql(name = "CANCEL_SUBSCRIPTION")]
    CancelSubscription,
    #[graphql(name = "CONVERT_TO_PAID")]
    ConvertToPaid,
}

/// Stigg `TrialPeriodUnits` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "TrialPeriodUnits")]
pub enum TrialPeriodUnits {
    #[graphql(name = "DAY")]
    Day,
    #[graphql(name = "MONTH")]
    Month,
}

/// Stigg `UnitTransformationRound` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "UnitTransformationRound")]
pub enum UnitTransformationRound {
    #[graphql(name = "DOWN")]
    Down,
    #[graphql(name = "UP")]
    Up,
}

/// Stigg `VendorIdentifier` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "VendorIdentifier")]
pub enum VendorIdentifier {
    #[graphql(name = "AIRWALLEX")]
    Airwallex,
    #[graphql(name = "APP_STORE")]
    AppStore,
    #[graphql(name = "AUTH0")]
    Auth0,
    #[graphql(name = "AWS_MARKETPLACE")]
    AwsMarketplace,
    #[graphql(name = "BIG_QUERY")]
    BigQuery,
    #[graphql(name = "HUBSPOT")]
    Hubspot,
    #[graphql(name = "OPEN_FGA")]
    OpenFga,
    #[graphql(name = "PREQUEL")]
    Prequel,
    #[graphql(name = "RECEIVED")]
    Received,
    #[graphql(name = "SALESFORCE")]
    Salesforce,
    #[graphql(name = "SNOWFLAKE")]
    Snowflake,
    #[graphql(name = "STRIPE")]
    Stripe,
    #[graphql(name = "STRIPE_INVOICING")]
    StripeInvoicing,
    #[graphql(name = "ZUORA")]
    Zuora,
}

/// Stigg `WeeklyAccordingTo` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "WeeklyAccordingTo")]
pub enum WeeklyAccordingTo {
    #[graphql(name = "EveryFriday")]
    EveryFriday,
    #[graphql(name = "EveryMonday")]
    EveryMonday,
    #[graphql(name = "EverySaturday")]
    EverySaturday,
    #[graphql(name = "EverySunday")]
    EverySunday,
    #[graphql(name = "EveryThursday")]
    EveryThursday,
    #[graphql(name = "EveryTuesday")]
    EveryTuesday,
    #[graphql(name = "EveryWednesday")]
    EveryWednesday,
    #[graphql(name = "SubscriptionStart")]
    SubscriptionStart,
}

/// Stigg `WidgetType` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "WidgetType")]
pub enum WidgetType {
    #[graphql(name = "CHECKOUT")]
    Checkout,
    #[graphql(name = "CUSTOMER_PORTAL")]
    CustomerPortal,
    #[graphql(name = "PAYWALL")]
    Paywall,
}

/// Stigg `YearlyAccordingTo` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "YearlyAccordingTo")]
pub enum YearlyAccordingTo {
    #[graphql(name = "SubscriptionStart")]
    SubscriptionStart,
}

/// Stigg `experimentGroupType` enum.
#[derive(Enum, Copy, Clone, Debug, Eq, PartialEq, Hash)]
#[graphql(name = "experimentGroupType")]
pub enum ExperimentGroupType {
    #[graphql(name = "CONTROL")]
    Control,
    #[graphql(name = "VARIANT")]
    Variant,
}
