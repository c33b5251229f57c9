//! Conversions between the stored Stigg value sets (`entity::stigg_enums`, which the domain
//! uses) and the generated wire enums (`super::stigg::enums`), in one place, as crates.io
//! keeps its API conversions beside its API types.
//!
//! Every conversion is an exhaustive match, so a value added on either side stops the build
//! until it is mapped. Sets with the same values on both sides convert with `From` both ways;
//! where the wire has values plangate does not store (`BillingModel`), the wire → stored
//! direction is a `TryFrom` that answers `UnsupportedParameter`.

use async_graphql::resolver_utils::EnumType;

use super::stigg::enums as wire;
use crate::error::Error;
use crate::subscription::cancel::CancellationAction;
use crate::subscription::SubscriptionDecision;
use entity::stigg_enums as stored;

/// `From` both ways between a stored set and the wire enum of the same name, which have the
/// same variants.
macro_rules! same_values {
    ($($set:ident { $($variant:ident),+ $(,)? })+) => {
        $(
            impl From<stored::$set> for wire::$set {
                fn from(value: stored::$set) -> Self {
                    match value {
                        $(stored::$set::$variant => wire::$set::$variant,)+
                    }
                }
            }

            impl From<wire::$set> for stored::$set {
                fn from(value: wire::$set) -> Self {
                    match value {
                        $(wire::$set::$variant => stored::$set::$variant,)+
                    }
                }
            }
        )+
    };
}

same_values! {
    FeatureType { Boolean, Number, Enum }
    MeterType { None, Fluctuating, Incremental }
    FeatureStatus { New, Active, Suspended }
    PackageStatus { Draft, Published, Archived }
    PricingType { Free, Paid, Custom }
    BillingPeriod { Monthly, Annually }
    TrialPeriodUnits { Day, Month }
    TrialEndBehavior { ConvertToPaid, CancelSubscription }
    EntitlementResetPeriod { Hour, Day, Week, Month, Year }
    SubscriptionStartSetup { PlanSelection, FreePlan, TrialPeriod }
    SubscriptionEndSetup { CancelSubscription, DowngradeToFree }
    SubscriptionCancellationTime { EndOfBillingPeriod, Immediate, SpecificDate }
    SubscriptionStatus { Active, InTrial, Canceled, Expired, NotStarted, PaymentPending }
    SubscriptionCancelReason {
        AutoCancellationRule, CancelledByBilling, CustomerArchived, DetachBilling, Expired,
        Immediate, PendingPaymentExpired, ScheduledCancellation, TrialConverted, TrialEnded,
        UpgradeOrDowngrade,
    }
    UsageUpdateBehavior { Delta, Set }
    Currency {
        Aed, All, Amd, Ang, Aud, Awg, Azn, Bam, Bbd, Bdt, Bgn, Bif, Bmd, Bnd, Brl, Bsd, Bwp,
        Byn, Bzd, Cad, Cdf, Chf, Clp, Cny, Czk, Djf, Dkk, Dop, Dzd, Egp, Etb, Eur, Fjd, Gbp,
        Gel, Gip, Gmd, Gnf, Gyd, Hkd, Hrk, Htg, Idr, Ils, Inr, Isk, Jmd, Jpy, Kes, Kgs, Khr,
        Kmf, Krw, Kyd, Kzt, Lbp, Lkr, Lrd, Lsl, Mad, Mdl, Mga, Mkd, Mmk, Mnt, Mop, Mro, Mvr,
        Mwk, Mxn, Myr, Mzn, Nad, Ngn, Nok, Npr, Nzd, Pgk, Php, Pkr, Pln, Pyg, Qar, Ron, Rsd,
        Rub, Rwf, Sar, Sbd, Scr, Sek, Sgd, Sle, Sll, Sos, Szl, Thb, Tjs, Top, Try, Ttd, Tzs,
        Uah, Ugx, Usd, Uzs, Vnd, Vuv, Wst, Xaf, Xcd, Xof, Xpf, Yer, Zar, Zmw
    }
}

impl From<stored::BillingModel> for wire::BillingModel {
    fn from(value: stored::BillingModel) -> Self {
        match value {
            stored::BillingModel::FlatFee => wire::BillingModel::FlatFee,
            stored::BillingModel::PerUnit => wire::BillingModel::PerUnit,
        }
    }
}

impl TryFrom<wire::BillingModel> for stored::BillingModel {
    type Error = Error;

    /// FLAT_FEE and PER_UNIT. Errors: `UnsupportedParameter` for Stigg's other billing models
    /// (CREDIT_BASED, MINIMUM_SPEND, USAGE_BASED).
    fn try_from(value: wire::BillingModel) -> Result<Self, Error> {
        match value {
            wire::BillingModel::FlatFee => Ok(stored::BillingModel::FlatFee),
            wire::BillingModel::PerUnit => Ok(stored::BillingModel::PerUnit),
            other @ (wire::BillingModel::CreditBased
            | wire::BillingModel::MinimumSpend
            | wire::BillingModel::UsageBased) => Err(Error::UnsupportedParameter(format!(
                "billingModel {} is not supported by plangate yet (FLAT_FEE and PER_UNIT are)",
                wire_name(other)
            ))),
        }
    }
}

impl From<SubscriptionDecision> for wire::SubscriptionDecisionStrategy {
    fn from(decision: SubscriptionDecision) -> Self {
        match decision {
            SubscriptionDecision::RequestedPlan => Self::RequestedPlan,
            SubscriptionDecision::PredefinedFreePlan => Self::PredefinedFreePlan,
            SubscriptionDecision::PredefinedTrialPlan => Self::PredefinedTrialPlan,
            SubscriptionDecision::SkippedSubscriptionCreation => Self::SkippedSubscriptionCreation,
        }
    }
}

/// The wire name of a value of a generated enum, e.g. `Currency::Usd` → `USD`,
/// `CustomerSortFields::Name` → `name` (for messages that name the value a client sent).
pub fn wire_name<T: EnumType>(value: T) -> &'static str {
    T::items()
        .iter()
        .find(|item| item.value == value)
        .map_or("", |item| item.name)
}

/// `subscriptionCancellationAction` as the domain's cancellation action.
impl From<wire::SubscriptionCancellationAction> for CancellationAction {
    fn from(value: wire::SubscriptionCancellationAction) -> Self {
        match value {
            wire::SubscriptionCancellationAction::Default => CancellationAction::Default,
            wire::SubscriptionCancellationAction::RevokeEntitlements => {
                CancellationAction::RevokeEntitlements
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    /// Every stored value converts to the wire value of the same name and back.
    fn round_trips<S, W>()
    where
        S: Iterable + Copy + PartialEq + std::fmt::Debug + std::fmt::Display + Into<W> + From<W>,
        W: EnumType,
    {
        for value in S::iter() {
            let on_wire: W = value.into();
            assert_eq!(wire_name(on_wire), value.to_string());
            assert_eq!(S::from(on_wire), value);
        }
    }

    #[test]
    fn stored_and_wire_values_share_their_names() {
        round_trips::<stored::FeatureType, wire::FeatureType>();
        round_trips::<stored::MeterType, wire::MeterType>();
        round_trips::<stored::FeatureStatus, wire::FeatureStatus>();
        round_trips::<stored::PackageStatus, wire::PackageStatus>();
        round_trips::<stored::PricingType, wire::PricingType>();
        round_trips::<stored::BillingPeriod, wire::BillingPeriod>();
        round_trips::<stored::TrialPeriodUnits, wire::TrialPeriodUnits>();
        round_trips::<stored::TrialEndBehavior, wire::TrialEndBehavior>();
        round_trips::<stored::EntitlementResetPeriod, wire::EntitlementResetPeriod>();
        round_trips::<stored::UsageUpdateBehavior, wire::UsageUpdateBehavior>();
        round_trips::<stored::SubscriptionStartSetup, wire::SubscriptionStartSetup>();
        round_trips::<stored::SubscriptionEndSetup, wire::SubscriptionEndSetup>();
        round_trips::<stored::SubscriptionCancellationTime, wire::SubscriptionCancellationTime>();
        round_trips::<stored::SubscriptionStatus, wire::SubscriptionStatus>();
        round_trips::<stored::SubscriptionCancelReason, wire::SubscriptionCancelReason>();
        round_trips::<stored::Currency, wire::Currency>();
        for model in stored::BillingModel::iter() {
            let on_wire = wire::BillingModel::from(model);
            assert_eq!(wire_name(on_wire), model.to_string());
            assert_eq!(stored::BillingModel::try_from(on_wire).ok(), Some(model));
        }
        let refused = stored::BillingModel::try_from(wire::BillingModel::UsageBased);
        assert!(matches!(refused, Err(Error::UnsupportedParameter(_))));
    }
}
