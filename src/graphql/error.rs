//! Domain errors → GraphQL errors. Resolvers return [`crate::error::Error`] with `?`;
//! async-graphql keeps it as the error's source, and [`complete`] (called by the HTTP layer on
//! every error of a response) writes `extensions`: `code` (a Stigg `ErrorCode` value, from
//! [`Error::code`]), `isValidationError` (true for input problems) and `traceId` (the request
//! id). `UnexpectedError`s are logged with their cause, which is never sent to the client.

use std::fmt;
use std::sync::Arc;

use async_graphql::{ServerError, Value};

use super::stigg::enums::ErrorCode;
use super::wire_enums::wire_name;
use crate::error::Error;

impl Error {
    /// The Stigg `ErrorCode` of this error: the value of `extensions.code`. One arm per
    /// variant, no wildcard, so a new variant does not compile until it has its code (the
    /// mapping lives here because the domain does not know the wire types).
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::BadUserInput(_) => ErrorCode::BadUserInput,
            Error::InvalidMetadata(_) => ErrorCode::InvalidMetadataError,
            Error::EntityIdDifferentFromRefId { .. } => ErrorCode::EntityIdDifferentFromRefIdError,
            Error::DuplicatedCustomer { .. } => ErrorCode::DuplicatedEntityNotAllowed,
            Error::CustomerNotFound { .. } => ErrorCode::CustomerNotFound,
            Error::PlanNotFound { .. } => ErrorCode::PlanNotFound,
            Error::CouponNotFound { .. } => ErrorCode::CouponNotFound,
            Error::AccessDenied(_) => ErrorCode::AccessDeniedError,
            Error::Unauthenticated => ErrorCode::Unauthenticated,
            Error::UnsupportedParameter(_) => ErrorCode::UnsupportedParameter,
            Error::AddonNotFound { .. } => ErrorCode::AddonNotFound,
            Error::IncompatibleSubscriptionAddon { .. } => ErrorCode::IncompatibleSubscriptionAddon,
            Error::InvalidQuantity(_) => ErrorCode::InvalidQuantity,
            Error::AddonQuantityExceedsLimit(_) => ErrorCode::AddonQuantityExceedsLimitError,
            Error::BillingPeriodMissing(_) => ErrorCode::BillingPeriodMissingError,
            Error::PromotionCodeNotFound { .. } => ErrorCode::PromotionCodeNotFound,
            Error::DuplicatedSubscription(_) => ErrorCode::DuplicatedEntityNotAllowed,
            Error::SubscriptionNotFound { .. } => ErrorCode::SubscriptionNotFound,
            Error::SubscriptionAlreadyCanceledOrExpired(_) => {
                ErrorCode::SubscriptionAlreadyCanceledOrExpired
            }
            Error::InvalidCancellationDate(_) => ErrorCode::InvalidCancellationDate,
            Error::TrialMustBeCancelledImmediately(_) => ErrorCode::TrialMustBeCancelledImmediately,
            Error::SubscriptionDoesNotHaveBillingPeriod(_) => {
                ErrorCode::SubscriptionDoesNotHaveBillingPeriod
            }
            Error::SubscriptionAlreadyOnLatestPlan(_) => {
                ErrorCode::SubscriptionAlreadyOnLatestPlanError
            }
            Error::ScheduledMigrationAlreadyExists(_) => {
                ErrorCode::ScheduledMigrationAlreadyExistsError
            }
            Error::FeatureNotFound { .. } => ErrorCode::FeatureNotFound,
            Error::IntegrationNotFound(_) => ErrorCode::IntegrationNotFound,
            Error::RateLimitExceeded(_) => ErrorCode::RateLimitExceeded,
            Error::ProductNotFound { .. } => ErrorCode::ProductNotFoundError,
            Error::DuplicatedCatalogEntity(_) => ErrorCode::DuplicatedEntityNotAllowed,
            Error::CannotEditPackageInNonDraftMode(_) => ErrorCode::CannotEditPackageInNonDraftMode,
            Error::PackagePricingTypeNotSet(_) => ErrorCode::PackagePricingTypeNotSet,
            Error::PackageAlreadyPublished(_) => ErrorCode::PackageAlreadyPublished,
            Error::DraftPlanCantBeArchived(_) => ErrorCode::DraftPlanCantBeArchived,
            Error::DraftAddonCantBeArchived(_) => ErrorCode::DraftAddonCantBeArchived,
            Error::PlanIsUsedAsDefaultStartPlan(_) => ErrorCode::PlanIsUsedAsDefaultStartPlan,
            Error::PlanIsUsedAsDowngradePlan(_) => ErrorCode::PlanIsUsedAsDowngradePlan,
            Error::AddonIsCompatibleWithPlan(_) => ErrorCode::AddonIsCompatibleWithPlan,
            Error::PlanCannotBePublishWhenCompatibleAddonIsDraft(_) => {
                ErrorCode::PlanCannotBePublishWhenCompatibleAddonIsDraft
            }
            Error::CannotArchiveFeature(_) => ErrorCode::CannotArchiveFeatureError,
            Error::UnsupportedFeatureType(_) => ErrorCode::UnsupportedFeatureType,
            Error::EntityIsArchived(_) => ErrorCode::EntityIsArchivedError,
            Error::AmountTooLarge(_) => ErrorCode::AmountTooLarge,
            Error::MeteringNotAvailable(_) => ErrorCode::MeteringNotAvailableForFeatureType,
            Error::UsageOutOfRange(_) => ErrorCode::UsageMeasurementDiffOutOfRangeError,
            Error::MeterNeedsMeteredFeature(_) => ErrorCode::MeterMustBeAssociatedToMeteredFeature,
            Error::UsageFromMeter(_) => ErrorCode::CannotReportUsageForEntitlementWithMeterError,
            Error::PromotionalEntitlementNotFound(_) => {
                ErrorCode::PromotionalEntitlementNotFoundError
            }
            Error::InItem { error, .. } => error.code(),
            Error::BillingSync(_) => ErrorCode::StripeError,
            Error::Unexpected(_) => ErrorCode::UnexpectedError,
        }
    }
}

impl ErrorCode {
    /// The wire name, e.g. `CustomerNotFound`.
    pub fn name(self) -> &'static str {
        wire_name(self)
    }
}

impl fmt::Display for ErrorCode {
    /// The wire name, e.g. `CustomerNotFound`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialEq<&str> for ErrorCode {
    /// Compares by wire name: `ErrorCode::PlanNotFound == "PlanNotFound"`.
    fn eq(&self, name: &&str) -> bool {
        self.name() == *name
    }
}

/// A loader's shared error as an owned domain error: `UnexpectedError` carrying the cause's
/// text (with its chain), so that it is logged once, by the field that reports it.
pub fn unshare(err: &Arc<Error>) -> Error {
    match err.as_ref() {
        Error::Unexpected(cause) => Error::Unexpected(anyhow::anyhow!("{cause:#}")),
        other => Error::Unexpected(anyhow::anyhow!("{other}")),
    }
}

/// Fills in the extensions of one error of a response.
///
/// An error that does not come from the domain was raised while parsing, validating or
/// coercing the request's input (before or instead of a resolver): `BadUserInput`.
pub fn complete(error: &mut ServerError, trace_id: &str) {
    let (code, validation) = match error.source::<Error>() {
        Some(domain) => {
            if let Error::Unexpected(cause) = domain {
                tracing::error!(trace_id, error = format!("{cause:#}"), "unexpected error");
            }
            (domain.code(), domain.is_validation())
        }
        None => (ErrorCode::BadUserInput, true),
    };
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", code.name());
    extensions.set("isValidationError", validation);
    extensions.set("traceId", Value::String(trace_id.to_owned()));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One error of every variant.
    fn one_of_each() -> Vec<Error> {
        let text = || "x".to_owned();
        vec![
            Error::BadUserInput(text()),
            Error::InvalidMetadata(text()),
            Error::EntityIdDifferentFromRefId {
                id: text(),
                ref_id: "y".into(),
            },
            Error::DuplicatedCustomer {
                ref_id: text(),
                archived: false,
            },
            Error::CustomerNotFound { ref_id: text() },
            Error::PlanNotFound { plan_id: text() },
            Error::CouponNotFound { coupon_id: text() },
            Error::AccessDenied(text()),
            Error::Unauthenticated,
            Error::UnsupportedParameter(text()),
            Error::AddonNotFound { addon_id: text() },
            Error::IncompatibleSubscriptionAddon {
                addon_id: text(),
                plan_id: text(),
            },
            Error::InvalidQuantity(text()),
            Error::AddonQuantityExceedsLimit(text()),
            Error::BillingPeriodMissing(text()),
            Error::PromotionCodeNotFound { code: text() },
            Error::DuplicatedSubscription(text()),
            Error::FeatureNotFound { feature_id: text() },
            Error::ProductNotFound { product_id: text() },
            Error::DuplicatedCatalogEntity(text()),
            Error::CannotEditPackageInNonDraftMode(text()),
            Error::PackagePricingTypeNotSet(text()),
            Error::PackageAlreadyPublished(text()),
            Error::DraftPlanCantBeArchived(text()),
            Error::DraftAddonCantBeArchived(text()),
            Error::PlanIsUsedAsDefaultStartPlan(text()),
            Error::PlanIsUsedAsDowngradePlan(text()),
            Error::AddonIsCompatibleWithPlan(text()),
            Error::PlanCannotBePublishWhenCompatibleAddonIsDraft(text()),
            Error::CannotArchiveFeature(text()),
            Error::UnsupportedFeatureType(text()),
            Error::EntityIsArchived(text()),
            Error::AmountTooLarge(text()),
            Error::MeteringNotAvailable(text()),
            Error::UsageOutOfRange(text()),
            Error::MeterNeedsMeteredFeature(text()),
            Error::UsageFromMeter(text()),
            Error::PromotionalEntitlementNotFound(text()),
            Error::SubscriptionNotFound { ref_id: text() },
            Error::SubscriptionAlreadyCanceledOrExpired(text()),
            Error::InvalidCancellationDate(text()),
            Error::TrialMustBeCancelledImmediately(text()),
            Error::SubscriptionDoesNotHaveBillingPeriod(text()),
            Error::SubscriptionAlreadyOnLatestPlan(text()),
            Error::ScheduledMigrationAlreadyExists(text()),
            Error::Unexpected(anyhow::anyhow!("boom")),
            Error::InvalidQuantity(text()).in_item("subscriptions", 2),
            Error::BillingSync(text()),
            Error::IntegrationNotFound(text()),
            Error::RateLimitExceeded(text()),
        ]
    }

    /// The expected wire code and `isValidationError` of `error`, with the variant's place in
    /// this list. No wildcard: a new variant does not compile until it is listed here, and
    /// `every_variant_has_its_stigg_code` fails until `one_of_each` builds it.
    fn expected(error: &Error) -> (usize, &'static str, bool) {
        match error {
            Error::BadUserInput(_) => (0, "BadUserInput", true),
            Error::InvalidMetadata(_) => (1, "InvalidMetadataError", true),
            Error::EntityIdDifferentFromRefId { .. } => {
                (2, "EntityIdDifferentFromRefIdError", true)
            }
            Error::DuplicatedCustomer { .. } => (3, "DuplicatedEntityNotAllowed", false),
            Error::CustomerNotFound { .. } => (4, "CustomerNotFound", false),
            Error::PlanNotFound { .. } => (5, "PlanNotFound", false),
            Error::CouponNotFound { .. } => (6, "CouponNotFound", false),
            Error::AccessDenied(_) => (7, "AccessDeniedError", false),
            Error::Unauthenticated => (8, "Unauthenticated", false),
            Error::UnsupportedParameter(_) => (9, "UnsupportedParameter", true),
            Error::AddonNotFound { .. } => (10, "AddonNotFound", false),
            Error::IncompatibleSubscriptionAddon { .. } => {
                (11, "IncompatibleSubscriptionAddon", false)
            }
            Error::InvalidQuantity(_) => (12, "InvalidQuantity", true),
            Error::AddonQuantityExceedsLimit(_) => (13, "AddonQuantityExceedsLimitError", false),
            Error::BillingPeriodMissing(_) => (14, "BillingPeriodMissingError", true),
            Error::PromotionCodeNotFound { .. } => (15, "PromotionCodeNotFound", false),
            Error::DuplicatedSubscription(_) => (16, "DuplicatedEntityNotAllowed", false),
            Error::FeatureNotFound { .. } => (17, "FeatureNotFound", false),
            Error::ProductNotFound { .. } => (18, "ProductNotFoundError", false),
            Error::DuplicatedCatalogEntity(_) => (19, "DuplicatedEntityNotAllowed", false),
            Error::CannotEditPackageInNonDraftMode(_) => {
                (20, "CannotEditPackageInNonDraftMode", false)
            }
            Error::PackagePricingTypeNotSet(_) => (21, "PackagePricingTypeNotSet", false),
            Error::PackageAlreadyPublished(_) => (22, "PackageAlreadyPublished", false),
            Error::DraftPlanCantBeArchived(_) => (23, "DraftPlanCantBeArchived", false),
            Error::DraftAddonCantBeArchived(_) => (24, "DraftAddonCantBeArchived", false),
            Error::PlanIsUsedAsDefaultStartPlan(_) => (25, "PlanIsUsedAsDefaultStartPlan", false),
            Error::PlanIsUsedAsDowngradePlan(_) => (26, "PlanIsUsedAsDowngradePlan", false),
            Error::AddonIsCompatibleWithPlan(_) => (27, "AddonIsCompatibleWithPlan", false),
            Error::PlanCannotBePublishWhenCompatibleAddonIsDraft(_) => {
                (28, "PlanCannotBePublishWhenCompatibleAddonIsDraft", false)
            }
            Error::CannotArchiveFeature(_) => (29, "CannotArchiveFeatureError", false),
            Error::UnsupportedFeatureType(_) => (30, "UnsupportedFeatureType", true),
            Error::EntityIsArchived(_) => (31, "EntityIsArchivedError", false),
            Error::AmountTooLarge(_) => (32, "AmountTooLarge", true),
            Error::MeteringNotAvailable(_) => (33, "MeteringNotAvailableForFeatureType", false),
            Error::UsageOutOfRange(_) => (34, "UsageMeasurementDiffOutOfRangeError", false),
            Error::MeterNeedsMeteredFeature(_) => {
                (35, "MeterMustBeAssociatedToMeteredFeature", true)
            }
            Error::UsageFromMeter(_) => {
                (36, "CannotReportUsageForEntitlementWithMeterError", false)
            }
            Error::PromotionalEntitlementNotFound(_) => {
                (37, "PromotionalEntitlementNotFoundError", false)
            }
            Error::Unexpected(_) => (38, "UnexpectedError", false),
            Error::SubscriptionNotFound { .. } => (39, "SubscriptionNotFound", false),
            Error::SubscriptionAlreadyCanceledOrExpired(_) => {
                (40, "SubscriptionAlreadyCanceledOrExpired", false)
            }
            Error::InvalidCancellationDate(_) => (41, "InvalidCancellationDate", true),
            Error::TrialMustBeCancelledImmediately(_) => {
                (42, "TrialMustBeCancelledImmediately", true)
            }
            Error::SubscriptionDoesNotHaveBillingPeriod(_) => {
                (43, "SubscriptionDoesNotHaveBillingPeriod", true)
            }
            // The item's own code (here an InvalidQuantity).
            Error::InItem { .. } => (44, "InvalidQuantity", true),
            Error::SubscriptionAlreadyOnLatestPlan(_) => {
                (45, "SubscriptionAlreadyOnLatestPlanError", false)
            }
            Error::ScheduledMigrationAlreadyExists(_) => {
                (46, "ScheduledMigrationAlreadyExistsError", false)
            }
            Error::BillingSync(_) => (47, "StripeError", false),
            Error::IntegrationNotFound(_) => (48, "IntegrationNotFound", false),
            Error::RateLimitExceeded(_) => (49, "RateLimitExceeded", false),
        }
    }

    /// Variants listed in `expected`.
    const VARIANTS: usize = 50;

    #[test]
    fn every_variant_has_its_stigg_code() {
        let errors = one_of_each();
        let mut seen = [false; VARIANTS];
        for error in &errors {
            let (place, code, validation) = expected(error);
            assert!(
                place < VARIANTS,
                "VARIANTS is behind the list in `expected`"
            );
            assert!(!seen[place], "{error:?} is built twice");
            seen[place] = true;
            assert_eq!(error.code().name(), code, "{error:?}");
            assert_eq!(error.code().to_string(), code);
            assert!(error.code() == code);
            assert_eq!(error.is_validation(), validation, "{error:?}");
        }
        let missing: Vec<usize> = (0..VARIANTS).filter(|i| !seen[*i]).collect();
        assert!(
            missing.is_empty(),
            "one_of_each builds no error for place(s) {missing:?} of `expected`"
        );
    }

    #[test]
    fn non_domain_errors_are_bad_user_input() {
        let mut error = ServerError::new("Unknown field", None);
        complete(&mut error, "trace-1");
        let extensions = error.extensions.expect("extensions");
        assert_eq!(extensions.get("code"), Some(&Value::from("BadUserInput")));
        assert_eq!(
            extensions.get("isValidationError"),
            Some(&Value::from(true))
        );
    }
}
