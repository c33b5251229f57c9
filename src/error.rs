//! The one domain error type. Every variant's doc names its Stigg `ErrorCode` (the value of
//! `extensions.code` on the wire); the variant knows whether it is an input problem
//! (`isValidationError`).
//!
//! The domain returns these; the GraphQL layer maps each variant to the generated `ErrorCode`
//! enum (`Error::code`, defined in `crate::graphql::error` because the domain does not know
//! the wire types) and turns them into GraphQL errors. Internal failures are `Unexpected`: logged with the request's
//! trace id, never shown to the client beyond "Unexpected error".

/// A domain failure. `Display` is the human message a client sees.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Malformed input (empty or too long ids, invalid email, country, timezone, …).
    /// Stigg code `BadUserInput`.
    #[error("{0}")]
    BadUserInput(String),
    /// `additionalMetaData` is not a JSON object or exceeds the limits.
    /// Stigg code `InvalidMetadataError`.
    #[error("{0}")]
    InvalidMetadata(String),
    /// Both `customerId` (or a subscription's `subscriptionId`) and `refId` given, and they
    /// differ.
    /// Stigg code `EntityIdDifferentFromRefIdError`.
    #[error(
        "the id '{id}' (customerId or subscriptionId) and refId '{ref_id}' must be the same when both are given"
    )]
    EntityIdDifferentFromRefId { id: String, ref_id: String },
    /// The id is already taken in this environment (possibly by an archived customer).
    /// Stigg code `DuplicatedEntityNotAllowed`.
    #[error("{}", duplicated_message(.ref_id, *.archived))]
    DuplicatedCustomer { ref_id: String, archived: bool },
    /// No live customer with that id in this environment. Stigg code `CustomerNotFound`.
    #[error("Customer not found: '{ref_id}'")]
    CustomerNotFound { ref_id: String },
    /// The requested plan does not exist. Stigg code `PlanNotFound`.
    #[error("Plan not found: '{plan_id}'")]
    PlanNotFound { plan_id: String },
    /// The coupon does not exist. Stigg code `CouponNotFound`.
    #[error("Coupon not found: '{coupon_id}'")]
    CouponNotFound { coupon_id: String },
    /// The input names an environment the API key does not belong to.
    /// Stigg code `AccessDeniedError`.
    #[error("{0}")]
    AccessDenied(String),
    /// No or unknown API key. Stigg code `Unauthenticated`.
    #[error("Unauthenticated: send a valid server API key in the X-API-KEY header")]
    Unauthenticated,
    /// A parameter Stigg accepts that plangate cannot honour yet.
    /// Stigg code `UnsupportedParameter`.
    #[error("{0}")]
    UnsupportedParameter(String),
    /// An addon refId that is not a published addon. Stigg code `AddonNotFound`.
    #[error("Addon not found: '{addon_id}'")]
    AddonNotFound { addon_id: String },
    /// The addon is not compatible with the plan. Stigg code `IncompatibleSubscriptionAddon`.
    #[error("Addon '{addon_id}' is not compatible with plan '{plan_id}'")]
    IncompatibleSubscriptionAddon { addon_id: String, plan_id: String },
    /// An addon quantity below 1 or fractional, or a billable feature quantity missing or
    /// outside the price's min/max. Stigg code `InvalidQuantity`.
    #[error("{0}")]
    InvalidQuantity(String),
    /// An addon quantity above the addon's `maxQuantity`.
    /// Stigg code `AddonQuantityExceedsLimitError`.
    #[error("{0}")]
    AddonQuantityExceedsLimit(String),
    /// The requested billing period is not one the plan is priced for.
    /// Stigg code `BillingPeriodMissingError`.
    #[error("{0}")]
    BillingPeriodMissing(String),
    /// A promotion code that does not exist. Stigg code `PromotionCodeNotFound`.
    #[error("Promotion code not found: '{code}'")]
    PromotionCodeNotFound { code: String },
    /// A subscription id (refId) already taken, or a second live subscription where the
    /// product allows one per customer (and resource). Stigg code `DuplicatedEntityNotAllowed`.
    #[error("{0}")]
    DuplicatedSubscription(String),
    /// No subscription with that id (refId) in this environment.
    /// Stigg code `SubscriptionNotFound`.
    #[error("Subscription not found: '{ref_id}'")]
    SubscriptionNotFound { ref_id: String },
    /// Cancelling a subscription that is already CANCELED or EXPIRED.
    /// Stigg code `SubscriptionAlreadyCanceledOrExpired`.
    #[error("{0}")]
    SubscriptionAlreadyCanceledOrExpired(String),
    /// A cancellation date that is missing (SPECIFIC_DATE), not in the future, or not before
    /// the subscription could end anyway. Stigg code `InvalidCancellationDate`.
    #[error("{0}")]
    InvalidCancellationDate(String),
    /// A trial cancelled at the end of its billing period or on a specific date (Stigg:
    /// trials cancel immediately). Stigg code `TrialMustBeCancelledImmediately`.
    #[error("{0}")]
    TrialMustBeCancelledImmediately(String),
    /// END_OF_BILLING_PERIOD asked for a subscription without a billing period (free).
    /// Stigg code `SubscriptionDoesNotHaveBillingPeriod`.
    #[error("{0}")]
    SubscriptionDoesNotHaveBillingPeriod(String),
    /// No live feature with that refId in this environment. Stigg code `FeatureNotFound`.
    #[error("Feature not found: '{feature_id}'")]
    FeatureNotFound { feature_id: String },
    /// No live product with that id in this environment. Stigg code `ProductNotFoundError`.
    #[error("Product not found: '{product_id}'")]
    ProductNotFound { product_id: String },
    /// A feature, product, plan, addon or entitlement that already exists (unique index).
    /// Stigg code `DuplicatedEntityNotAllowed`.
    #[error("{0}")]
    DuplicatedCatalogEntity(String),
    /// An edit of a plan or addon that is not a draft (published packages are immutable).
    /// Stigg code `CannotEditPackageInNonDraftMode`.
    #[error("{0}")]
    CannotEditPackageInNonDraftMode(String),
    /// Publishing a package without a pricing type (or a PAID one without prices).
    /// Stigg code `PackagePricingTypeNotSet`.
    #[error("{0}")]
    PackagePricingTypeNotSet(String),
    /// Publishing a package that is already published. Stigg code `PackageAlreadyPublished`.
    #[error("{0}")]
    PackageAlreadyPublished(String),
    /// Archiving a draft plan. Stigg code `DraftPlanCantBeArchived`.
    #[error("{0}")]
    DraftPlanCantBeArchived(String),
    /// Archiving a draft addon. Stigg code `DraftAddonCantBeArchived`.
    #[error("{0}")]
    DraftAddonCantBeArchived(String),
    /// Archiving the start plan of a product's customer journey.
    /// Stigg code `PlanIsUsedAsDefaultStartPlan`.
    #[error("{0}")]
    PlanIsUsedAsDefaultStartPlan(String),
    /// Archiving the downgrade plan of a product. Stigg code `PlanIsUsedAsDowngradePlan`.
    #[error("{0}")]
    PlanIsUsedAsDowngradePlan(String),
    /// Archiving an addon that live plans list as compatible.
    /// Stigg code `AddonIsCompatibleWithPlan`.
    #[error("{0}")]
    AddonIsCompatibleWithPlan(String),
    /// Publishing a plan with a compatible addon that is still a draft.
    /// Stigg code `PlanCannotBePublishWhenCompatibleAddonIsDraft`.
    #[error("{0}")]
    PlanCannotBePublishWhenCompatibleAddonIsDraft(String),
    /// Archiving a feature that live plans or addons use. Stigg code `CannotArchiveFeatureError`.
    #[error("{0}")]
    CannotArchiveFeature(String),
    /// A feature type the operation cannot use (ENUM features; a per-unit price or a usage
    /// limit on a feature that is not NUMBER). Stigg code `UnsupportedFeatureType`.
    #[error("{0}")]
    UnsupportedFeatureType(String),
    /// The entity is archived and cannot change. Stigg code `EntityIsArchivedError`.
    #[error("{0}")]
    EntityIsArchived(String),
    /// A price amount above the largest accepted. Stigg code `AmountTooLarge`.
    #[error("{0}")]
    AmountTooLarge(String),
    /// Usage reported for a feature that is not metered. Stigg code
    /// `MeteringNotAvailableForFeatureType`.
    #[error("{0}")]
    MeteringNotAvailable(String),
    /// A usage report that would take the usage below zero. Stigg code
    /// `UsageMeasurementDiffOutOfRangeError`.
    #[error("{0}")]
    UsageOutOfRange(String),
    /// A meter on a feature that is not metered. Stigg code
    /// `MeterMustBeAssociatedToMeteredFeature`.
    #[error("{0}")]
    MeterNeedsMeteredFeature(String),
    /// Calculated usage reported for a feature whose usage comes from events (a meter).
    /// Stigg code `CannotReportUsageForEntitlementWithMeterError`.
    #[error("{0}")]
    UsageFromMeter(String),
    /// No unrevoked promotional entitlement to revoke. Stigg code
    /// `PromotionalEntitlementNotFoundError`.
    #[error("{0}")]
    PromotionalEntitlementNotFound(String),
    /// A migration to the plan's latest version asked for a subscription already on it.
    /// Stigg code `SubscriptionAlreadyOnLatestPlanError`.
    #[error("{0}")]
    SubscriptionAlreadyOnLatestPlan(String),
    /// A migration at the end of the billing period asked for a subscription that already
    /// has one scheduled. Stigg code `ScheduledMigrationAlreadyExistsError`.
    #[error("{0}")]
    ScheduledMigrationAlreadyExists(String),
    /// The error of one item of a bulk request (`list[index]`, e.g. `customers[3]`): its code
    /// and `isValidationError` are the item error's, its message names the item.
    #[error("{list}[{index}]: {error}")]
    InItem {
        list: &'static str,
        index: usize,
        error: Box<Error>,
    },
    /// No billing integration (not removed) matches: an unknown id, another environment's
    /// integration, one already removed. Stigg code `IntegrationNotFound`.
    #[error("{0}")]
    IntegrationNotFound(String),
    /// The billing vendor refused or could not be reached while `shouldWaitSync: true`
    /// waited for the customer's sync (the sync stays queued for its retries).
    /// Stigg code `StripeError`.
    #[error("Billing sync failed: {0}")]
    BillingSync(String),
    /// A per-connection bound is reached (the subscriptions of one WebSocket connection:
    /// `realtime::socket::MAX_SUBSCRIPTIONS_PER_CONNECTION`). Stigg code `RateLimitExceeded`.
    #[error("{0}")]
    RateLimitExceeded(String),
    /// Anything else: a bug or an unavailable database. Stigg code `UnexpectedError`.
    #[error("Unexpected error")]
    Unexpected(#[source] anyhow::Error),
}

fn duplicated_message(ref_id: &str, archived: bool) -> String {
    if archived {
        format!("Customer id '{ref_id}' belongs to an archived customer; archived customers' ids cannot be reused")
    } else {
        format!("A customer with id '{ref_id}' already exists")
    }
}

impl Error {
    /// True for problems with the input itself (`isValidationError: true` on the wire).
    pub fn is_validation(&self) -> bool {
        matches!(
            self,
            Error::BadUserInput(_)
                | Error::InvalidMetadata(_)
                | Error::EntityIdDifferentFromRefId { .. }
                | Error::UnsupportedParameter(_)
                | Error::InvalidQuantity(_)
                | Error::BillingPeriodMissing(_)
                | Error::InvalidCancellationDate(_)
                | Error::TrialMustBeCancelledImmediately(_)
                | Error::SubscriptionDoesNotHaveBillingPeriod(_)
                | Error::UnsupportedFeatureType(_)
                | Error::AmountTooLarge(_)
                | Error::MeterNeedsMeteredFeature(_)
        ) || matches!(self, Error::InItem { error, .. } if error.is_validation())
    }

    /// This error as the error of item `index` of the request's `list`; an unexpected error
    /// stays as it is (its cause is logged, never shown).
    pub fn in_item(self, list: &'static str, index: usize) -> Self {
        match self {
            Error::Unexpected(_) => self,
            error => Error::InItem {
                list,
                index,
                error: Box::new(error),
            },
        }
    }

    /// Shorthand for `Error::BadUserInput`.
    pub fn bad_input(message: impl Into<String>) -> Self {
        Error::BadUserInput(message.into())
    }
}

impl From<sea_orm::DbErr> for Error {
    fn from(err: sea_orm::DbErr) -> Self {
        Error::Unexpected(err.into())
    }
}

impl From<sea_orm::TransactionError<Error>> for Error {
    fn from(err: sea_orm::TransactionError<Error>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(e) => e,
        }
    }
}

/// Result with the domain error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
