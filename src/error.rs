//! The one domain error type. Every variant knows its Stigg `ErrorCode` (the value of
//! `extensions.code` on the wire) and whether it is an input problem (`isValidationError`).
//!
//! The domain returns these; the GraphQL layer turns them into GraphQL errors
//! (`crate::graphql::error`). Internal failures are `Unexpected`: logged with the request's
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
    /// Both `customerId` and `refId` given, and they differ.
    /// Stigg code `EntityIdDifferentFromRefIdError`.
    #[error(
        "customerId '{customer_id}' and refId '{ref_id}' must be the same id when both are given"
    )]
    EntityIdDifferentFromRefId { customer_id: String, ref_id: String },
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
    /// The Stigg `ErrorCode` value for `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::BadUserInput(_) => "BadUserInput",
            Error::InvalidMetadata(_) => "InvalidMetadataError",
            Error::EntityIdDifferentFromRefId { .. } => "EntityIdDifferentFromRefIdError",
            Error::DuplicatedCustomer { .. } => "DuplicatedEntityNotAllowed",
            Error::CustomerNotFound { .. } => "CustomerNotFound",
            Error::PlanNotFound { .. } => "PlanNotFound",
            Error::CouponNotFound { .. } => "CouponNotFound",
            Error::AccessDenied(_) => "AccessDeniedError",
            Error::Unauthenticated => "Unauthenticated",
            Error::UnsupportedParameter(_) => "UnsupportedParameter",
            Error::AddonNotFound { .. } => "AddonNotFound",
            Error::IncompatibleSubscriptionAddon { .. } => "IncompatibleSubscriptionAddon",
            Error::InvalidQuantity(_) => "InvalidQuantity",
            Error::AddonQuantityExceedsLimit(_) => "AddonQuantityExceedsLimitError",
            Error::BillingPeriodMissing(_) => "BillingPeriodMissingError",
            Error::PromotionCodeNotFound { .. } => "PromotionCodeNotFound",
            Error::DuplicatedSubscription(_) => "DuplicatedEntityNotAllowed",
            Error::Unexpected(_) => "UnexpectedError",
        }
    }

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
        )
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
