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
