//! Stigg's value sets as stored: one SeaORM `DeriveActiveEnum` per set, used as the column
//! types of the entity models (shaped like SeaORM's `examples/basic` `sea_orm_active_enums.rs`).
//!
//! Each value is stored as its Stigg name (`MONTHLY`, `PER_UNIT`, `IN_TRIAL`, …) in the
//! `VARCHAR` column the migrations create, so the stored text stays readable and the same on
//! SQLite and PostgreSQL. Reading a row whose column holds any other text fails with a
//! `DbErr` (SeaORM's `try_from_value`), never with a default.
//!
//! Every set also has `Display` and `FromStr` by the Stigg name and serde by the same name
//! (the catalog file); text that is not a value is an [`UnknownValue`] listing the values.
//! The API layer converts these to and from the generated wire enums with `From` impls.

use std::fmt;
use std::str::FromStr;

use sea_orm::entity::prelude::*;

/// Most values an [`UnknownValue`] message lists before it abbreviates.
const MAX_LISTED: usize = 12;

/// Text that is not one of a value set's Stigg names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    /// The value set, e.g. `BillingPeriod`.
    pub set: &'static str,
    /// The text given (at most 60 characters of it).
    pub given: String,
    /// Every value of the set, in declaration order.
    pub values: Vec<String>,
}

impl fmt::Display for UnknownValue {
    /// `BillingPeriod 'WEEKLY' is not one of MONTHLY, ANNUALLY`; sets of more than 12 values
    /// list the first 12 and their count.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} '{}' is not one of ", self.set, self.given)?;
        if self.values.len() <= MAX_LISTED {
            f.write_str(&self.values.join(", "))
        } else {
            write!(
                f,
                "{}, … ({} values)",
                self.values[..MAX_LISTED].join(", "),
                self.values.len()
            )
        }
    }
}

impl std::error::Error for UnknownValue {}

/// The value of `T` whose Stigg name is `text`.
fn parse_name<T: ActiveEnum<Value = String>>(
    set: &'static str,
    text: &str,
) -> Result<T, UnknownValue> {
    T::iter()
        .find(|v| ActiveEnum::to_value(v) == text)
        .ok_or_else(|| UnknownValue {
            set,
            given: text.chars().take(60).collect(),
            values: T::iter().map(|v| ActiveEnum::to_value(&v)).collect(),
        })
}

/// `Display`, `FromStr` and serde by the Stigg name, for each listed set.
macro_rules! by_stigg_name {
    ($($name:ident),+ $(,)?) => {
        $(
            impl fmt::Display for $name {
                /// The Stigg name, as stored.
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(&ActiveEnum::to_value(self))
                }
            }

            impl FromStr for $name {
                type Err = UnknownValue;

                /// Parses a Stigg name (exact, case-sensitive).
                fn from_str(text: &str) -> Result<Self, UnknownValue> {
                    parse_name(stringify!($name), text)
                }
            }

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_str(&ActiveEnum::to_value(self))
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    let text = String::deserialize(d)?;
                    text.parse().map_err(serde::de::Error::custom)
                }
            }
        )+
    };
}

by_stigg_name!(
    FeatureType,
    MeterType,
    FeatureStatus,
    PackageKind,
    PackageStatus,
    PricingType,
    BillingModel,
    BillingPeriod,
    TrialPeriodUnits,
    TrialEndBehavior,
    EntitlementResetPeriod,
    SubscriptionStartSetup,
    SubscriptionEndSetup,
    SubscriptionCancellationTime,
    SubscriptionStatus,
    Currency,
    UsageUpdateBehavior,
    PromotionalEntitlementPeriod,
    CouponType,
    CouponStatus,
    SubscriptionCancelReason,
);

/// Stigg `FeatureType` (`features.feature_type`). plangate refuses to create ENUM features
/// (`UnsupportedFeatureType`), so only BOOLEAN and NUMBER are ever stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum FeatureType {
    /// On or off.
    #[sea_orm(string_value = "BOOLEAN")]
    Boolean,
    /// A countable quantity (usage limits, per-unit prices).
    #[sea_orm(string_value = "NUMBER")]
    Number,
    /// One of a list of values (not supported by plangate yet).
    #[sea_orm(string_value = "ENUM")]
    Enum,
}

/// Stigg `MeterType` (`features.meter_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum MeterType {
    #[sea_orm(string_value = "None")]
    None,
    #[sea_orm(string_value = "Fluctuating")]
    Fluctuating,
    #[sea_orm(string_value = "Incremental")]
    Incremental,
}

/// Stigg `FeatureStatus` (`features.feature_status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum FeatureStatus {
    #[sea_orm(string_value = "NEW")]
    New,
    #[sea_orm(string_value = "ACTIVE")]
    Active,
    #[sea_orm(string_value = "SUSPENDED")]
    Suspended,
}

/// Whether a package is a plan or an addon (`packages.package_type`; Stigg's `type` field of
/// `Plan` and `Addon`, a string on the wire).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
pub enum PackageKind {
    #[sea_orm(string_value = "PLAN")]
    Plan,
    #[sea_orm(string_value = "ADDON")]
    Addon,
}

/// Stigg `PackageStatus` (`packages.status`): DRAFT (editable, not subscribable) → PUBLISHED
/// (immutable, subscribable) → ARCHIVED.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum PackageStatus {
    #[sea_orm(string_value = "DRAFT")]
    Draft,
    #[sea_orm(string_value = "PUBLISHED")]
    Published,
    #[sea_orm(string_value = "ARCHIVED")]
    Archived,
}

/// Stigg `PricingType` (`packages.pricing_type`, `subscriptions.pricing_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum PricingType {
    #[sea_orm(string_value = "FREE")]
    Free,
    #[sea_orm(string_value = "PAID")]
    Paid,
    #[sea_orm(string_value = "CUSTOM")]
    Custom,
}

/// The values of Stigg `BillingModel` that plangate supports (`prices.billing_model`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum BillingModel {
    /// A fixed amount per billing period.
    #[sea_orm(string_value = "FLAT_FEE")]
    FlatFee,
    /// An amount per unit of a NUMBER feature per billing period.
    #[sea_orm(string_value = "PER_UNIT")]
    PerUnit,
}

/// Stigg `BillingPeriod` (`prices.billing_period`, `subscriptions.billing_period`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum BillingPeriod {
    #[sea_orm(string_value = "MONTHLY")]
    Monthly,
    #[sea_orm(string_value = "ANNUALLY")]
    Annually,
}

/// Stigg `TrialPeriodUnits` (`packages.default_trial_units`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
pub enum TrialPeriodUnits {
    #[sea_orm(string_value = "DAY")]
    Day,
    #[sea_orm(string_value = "MONTH")]
    Month,
}

/// Stigg `TrialEndBehavior` (`packages.default_trial_end_behavior`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum TrialEndBehavior {
    #[sea_orm(string_value = "CONVERT_TO_PAID")]
    ConvertToPaid,
    #[sea_orm(string_value = "CANCEL_SUBSCRIPTION")]
    CancelSubscription,
}

/// Stigg `EntitlementResetPeriod` (`package_entitlements.reset_period`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
pub enum EntitlementResetPeriod {
    #[sea_orm(string_value = "HOUR")]
    Hour,
    #[sea_orm(string_value = "DAY")]
    Day,
    #[sea_orm(string_value = "WEEK")]
    Week,
    #[sea_orm(string_value = "MONTH")]
    Month,
    #[sea_orm(string_value = "YEAR")]
    Year,
}

/// Stigg `UsageUpdateBehavior` (`usage_measurements.update_behavior`): how a reported value
/// changes the period's usage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
pub enum UsageUpdateBehavior {
    /// Adds the value (negative values subtract).
    #[sea_orm(string_value = "DELTA")]
    Delta,
    /// Replaces the usage with the value.
    #[sea_orm(string_value = "SET")]
    Set,
}

/// Stigg `PromotionalEntitlementPeriod` (`promotional_entitlements.period`): how long a grant
/// lasts from when it is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum PromotionalEntitlementPeriod {
    #[sea_orm(string_value = "ONE_WEEK")]
    OneWeek,
    #[sea_orm(string_value = "ONE_MONTH")]
    OneMonth,
    #[sea_orm(string_value = "SIX_MONTH")]
    SixMonth,
    #[sea_orm(string_value = "ONE_YEAR")]
    OneYear,
    /// No end.
    #[sea_orm(string_value = "LIFETIME")]
    Lifetime,
    /// Until the grant's `customEndDate`.
    #[sea_orm(string_value = "CUSTOM")]
    Custom,
}

/// Stigg `CouponType` (`coupons.coupon_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum CouponType {
    /// A percentage off (`percentOff`).
    #[sea_orm(string_value = "PERCENTAGE")]
    Percentage,
    /// An amount off per currency (`amountsOff`).
    #[sea_orm(string_value = "FIXED")]
    Fixed,
}

/// Stigg `CouponStatus` (`coupons.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum CouponStatus {
    #[sea_orm(string_value = "ACTIVE")]
    Active,
    #[sea_orm(string_value = "ARCHIVED")]
    Archived,
}

/// Stigg `SubscriptionCancelReason` (`subscriptions.cancel_reason`): why a subscription
/// ends or ended. plangate writes `UpgradeOrDowngrade` (replaced by another subscription),
/// `Immediate`, `ScheduledCancellation` (`cancelSubscription` at a later end),
/// `CustomerArchived` and `TrialEnded`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum SubscriptionCancelReason {
    #[sea_orm(string_value = "AutoCancellationRule")]
    AutoCancellationRule,
    #[sea_orm(string_value = "CancelledByBilling")]
    CancelledByBilling,
    #[sea_orm(string_value = "CustomerArchived")]
    CustomerArchived,
    #[sea_orm(string_value = "DetachBilling")]
    DetachBilling,
    #[sea_orm(string_value = "Expired")]
    Expired,
    #[sea_orm(string_value = "Immediate")]
    Immediate,
    #[sea_orm(string_value = "PendingPaymentExpired")]
    PendingPaymentExpired,
    #[sea_orm(string_value = "ScheduledCancellation")]
    ScheduledCancellation,
    #[sea_orm(string_value = "TrialConverted")]
    TrialConverted,
    #[sea_orm(string_value = "TrialEnded")]
    TrialEnded,
    #[sea_orm(string_value = "UpgradeOrDowngrade")]
    UpgradeOrDowngrade,
}

/// Stigg `SubscriptionStartSetup` (`products.subscription_start_setup`): the customer
/// journey's start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum SubscriptionStartSetup {
    /// The requested plan is subscribed to.
    #[sea_orm(string_value = "PLAN_SELECTION")]
    PlanSelection,
    /// New customers start on the journey's (free) start plan.
    #[sea_orm(string_value = "FREE_PLAN")]
    FreePlan,
    /// New customers start a trial of the journey's start plan.
    #[sea_orm(string_value = "TRIAL_PERIOD")]
    TrialPeriod,
}

/// Stigg `SubscriptionEndSetup` (`products.subscription_end_setup`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum SubscriptionEndSetup {
    #[sea_orm(string_value = "CANCEL_SUBSCRIPTION")]
    CancelSubscription,
    #[sea_orm(string_value = "DOWNGRADE_TO_FREE")]
    DowngradeToFree,
}

/// Stigg `SubscriptionCancellationTime` (`products.subscription_cancellation_time`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum SubscriptionCancellationTime {
    #[sea_orm(string_value = "END_OF_BILLING_PERIOD")]
    EndOfBillingPeriod,
    #[sea_orm(string_value = "IMMEDIATE")]
    Immediate,
    #[sea_orm(string_value = "SPECIFIC_DATE")]
    SpecificDate,
}

/// Stigg `SubscriptionStatus` (`subscriptions.status`). plangate writes ACTIVE, IN_TRIAL,
/// NOT_STARTED and CANCELED; EXPIRED and PAYMENT_PENDING complete Stigg's set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum SubscriptionStatus {
    #[sea_orm(string_value = "ACTIVE")]
    Active,
    #[sea_orm(string_value = "IN_TRIAL")]
    InTrial,
    #[sea_orm(string_value = "CANCELED")]
    Canceled,
    #[sea_orm(string_value = "EXPIRED")]
    Expired,
    #[sea_orm(string_value = "NOT_STARTED")]
    NotStarted,
    #[sea_orm(string_value = "PAYMENT_PENDING")]
    PaymentPending,
}

/// Stigg `Currency` (`prices.currency`): the ISO 4217 codes Stigg accepts, upper case. This
/// is Stigg's list, not ISO's: it keeps codes ISO has withdrawn (`HRK`, `MRO`, `SLL`) and
/// lacks many current ones, so a general ISO 4217 list would accept prices Stigg's clients
/// cannot send or read, and refuse some they can.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(3))")]
pub enum Currency {
    #[sea_orm(string_value = "AED")]
    Aed,
    #[sea_orm(string_value = "ALL")]
    All,
    #[sea_orm(string_value = "AMD")]
    Amd,
    #[sea_orm(string_value = "ANG")]
    Ang,
    #[sea_orm(string_value = "AUD")]
    Aud,
    #[sea_orm(string_value = "AWG")]
    Awg,
    #[sea_orm(string_value = "AZN")]
    Azn,
    #[sea_orm(string_value = "BAM")]
    Bam,
    #[sea_orm(string_value = "BBD")]
    Bbd,
    #[sea_orm(string_value = "BDT")]
    Bdt,
    #[sea_orm(string_value = "BGN")]
    Bgn,
    #[sea_orm(string_value = "BIF")]
    Bif,
    #[sea_orm(string_value = "BMD")]
    Bmd,
    #[sea_orm(string_value = "BND")]
    Bnd,
    #[sea_orm(string_value = "BRL")]
    Brl,
    #[sea_orm(string_value = "BSD")]
    Bsd,
    #[sea_orm(string_value = "BWP")]
    Bwp,
    #[sea_orm(string_value = "BYN")]
    Byn,
    #[sea_orm(string_value = "BZD")]
    Bzd,
    #[sea_orm(string_value = "CAD")]
    Cad,
    #[sea_orm(string_value = "CDF")]
    Cdf,
    #[sea_orm(string_value = "CHF")]
    Chf,
    #[sea_orm(string_value = "CLP")]
    Clp,
    #[sea_orm(string_value = "CNY")]
    Cny,
    #[sea_orm(string_value = "CZK")]
    Czk,
    #[sea_orm(string_value = "DJF")]
    Djf,
    #[sea_orm(string_value = "DKK")]
    Dkk,
    #[sea_orm(string_value = "DOP")]
    Dop,
    #[sea_orm(string_value = "DZD")]
    Dzd,
    #[sea_orm(string_value = "EGP")]
    Egp,
    #[sea_orm(string_value = "ETB")]
    Etb,
    #[sea_orm(string_value = "EUR")]
    Eur,
    #[sea_orm(string_value = "FJD")]
    Fjd,
    #[sea_orm(string_value = "GBP")]
    Gbp,
    #[sea_orm(string_value = "GEL")]
    Gel,
    #[sea_orm(string_value = "GIP")]
    Gip,
    #[sea_orm(string_value = "GMD")]
    Gmd,
    #[sea_orm(string_value = "GNF")]
    Gnf,
    #[sea_orm(string_value = "GYD")]
    Gyd,
    #[sea_orm(string_value = "HKD")]
    Hkd,
    #[sea_orm(string_value = "HRK")]
    Hrk,
    #[sea_orm(string_value = "HTG")]
    Htg,
    #[sea_orm(string_value = "IDR")]
    Idr,
    #[sea_orm(string_value = "ILS")]
    Ils,
    #[sea_orm(string_value = "INR")]
    Inr,
    #[sea_orm(string_value = "ISK")]
    Isk,
    #[sea_orm(string_value = "JMD")]
    Jmd,
    #[sea_orm(string_value = "JPY")]
    Jpy,
    #[sea_orm(string_value = "KES")]
    Kes,
    #[sea_orm(string_value = "KGS")]
    Kgs,
    #[sea_orm(string_value = "KHR")]
    Khr,
    #[sea_orm(string_value = "KMF")]
    Kmf,
    #[sea_orm(string_value = "KRW")]
    Krw,
    #[sea_orm(string_value = "KYD")]
    Kyd,
    #[sea_orm(string_value = "KZT")]
    Kzt,
    #[sea_orm(string_value = "LBP")]
    Lbp,
    #[sea_orm(string_value = "LKR")]
    Lkr,
    #[sea_orm(string_value = "LRD")]
    Lrd,
    #[sea_orm(string_value = "LSL")]
    Lsl,
    #[sea_orm(string_value = "MAD")]
    Mad,
    #[sea_orm(string_value = "MDL")]
    Mdl,
    #[sea_orm(string_value = "MGA")]
    Mga,
    #[sea_orm(string_value = "MKD")]
    Mkd,
    #[sea_orm(string_value = "MMK")]
    Mmk,
    #[sea_orm(string_value = "MNT")]
    Mnt,
    #[sea_orm(string_value = "MOP")]
    Mop,
    #[sea_orm(string_value = "MRO")]
    Mro,
    #[sea_orm(string_value = "MVR")]
    Mvr,
    #[sea_orm(string_value = "MWK")]
    Mwk,
    #[sea_orm(string_value = "MXN")]
    Mxn,
    #[sea_orm(string_value = "MYR")]
    Myr,
    #[sea_orm(string_value = "MZN")]
    Mzn,
    #[sea_orm(string_value = "NAD")]
    Nad,
    #[sea_orm(string_value = "NGN")]
    Ngn,
    #[sea_orm(string_value = "NOK")]
    Nok,
    #[sea_orm(string_value = "NPR")]
    Npr,
    #[sea_orm(string_value = "NZD")]
    Nzd,
    #[sea_orm(string_value = "PGK")]
    Pgk,
    #[sea_orm(string_value = "PHP")]
    Php,
    #[sea_orm(string_value = "PKR")]
    Pkr,
    #[sea_orm(string_value = "PLN")]
    Pln,
    #[sea_orm(string_value = "PYG")]
    Pyg,
    #[sea_orm(string_value = "QAR")]
    Qar,
    #[sea_orm(string_value = "RON")]
    Ron,
    #[sea_orm(string_value = "RSD")]
    Rsd,
    #[sea_orm(string_value = "RUB")]
    Rub,
    #[sea_orm(string_value = "RWF")]
    Rwf,
    #[sea_orm(string_value = "SAR")]
    Sar,
    #[sea_orm(string_value = "SBD")]
    Sbd,
    #[sea_orm(string_value = "SCR")]
    Scr,
    #[sea_orm(string_value = "SEK")]
    Sek,
    #[sea_orm(string_value = "SGD")]
    Sgd,
    #[sea_orm(string_value = "SLE")]
    Sle,
    #[sea_orm(string_value = "SLL")]
    Sll,
    #[sea_orm(string_value = "SOS")]
    Sos,
    #[sea_orm(string_value = "SZL")]
    Szl,
    #[sea_orm(string_value = "THB")]
    Thb,
    #[sea_orm(string_value = "TJS")]
    Tjs,
    #[sea_orm(string_value = "TOP")]
    Top,
    #[sea_orm(string_value = "TRY")]
    Try,
    #[sea_orm(string_value = "TTD")]
    Ttd,
    #[sea_orm(string_value = "TZS")]
    Tzs,
    #[sea_orm(string_value = "UAH")]
    Uah,
    #[sea_orm(string_value = "UGX")]
    Ugx,
    #[sea_orm(string_value = "USD")]
    Usd,
    #[sea_orm(string_value = "UZS")]
    Uzs,
    #[sea_orm(string_value = "VND")]
    Vnd,
    #[sea_orm(string_value = "VUV")]
    Vuv,
    #[sea_orm(string_value = "WST")]
    Wst,
    #[sea_orm(string_value = "XAF")]
    Xaf,
    #[sea_orm(string_value = "XCD")]
    Xcd,
    #[sea_orm(string_value = "XOF")]
    Xof,
    #[sea_orm(string_value = "XPF")]
    Xpf,
    #[sea_orm(string_value = "YER")]
    Yer,
    #[sea_orm(string_value = "ZAR")]
    Zar,
    #[sea_orm(string_value = "ZMW")]
    Zmw,
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    #[test]
    fn names_round_trip() {
        for p in BillingPeriod::iter() {
            assert_eq!(p.to_string().parse::<BillingPeriod>(), Ok(p));
        }
        for s in SubscriptionStatus::iter() {
            assert_eq!(s.to_string().parse::<SubscriptionStatus>(), Ok(s));
        }
        assert_eq!(Currency::Usd.to_string(), "USD");
        assert_eq!("DKK".parse::<Currency>(), Ok(Currency::Dkk));
        assert_eq!(MeterType::None.to_string(), "None");
    }

    #[test]
    fn unknown_text_lists_the_values() {
        let err = "WEEKLY".parse::<BillingPeriod>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "BillingPeriod 'WEEKLY' is not one of MONTHLY, ANNUALLY"
        );
        assert!("usd".parse::<Currency>().is_err());
        let long = "XYZ".parse::<Currency>().unwrap_err().to_string();
        assert!(
            long.starts_with("Currency 'XYZ' is not one of AED, ALL,"),
            "{long}"
        );
        assert!(long.ends_with("(116 values)"), "{long}");
    }

    #[test]
    fn serde_uses_the_stigg_name() {
        let json = serde_json::to_string(&SubscriptionStatus::InTrial).unwrap();
        assert_eq!(json, "\"IN_TRIAL\"");
        let back: SubscriptionStatus = serde_json::from_str(&json).unwrap();
        assert_eq!(back, SubscriptionStatus::InTrial);
        let err = serde_json::from_str::<PricingType>("\"GRATIS\"").unwrap_err();
        assert!(err
            .to_string()
            .contains("PricingType 'GRATIS' is not one of FREE, PAID, CUSTOM"));
    }
}

by_stigg_name!(SyncStatus, BillingVendor, PaymentMethodType);

/// Stigg `SyncStatus` (`customer_billing.status`): where a customer's sync with the billing
/// vendor stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum SyncStatus {
    /// A change is queued and not delivered yet (or being retried after a failure).
    #[sea_orm(string_value = "PENDING")]
    Pending,
    /// The vendor has the customer as last sent.
    #[sea_orm(string_value = "SUCCESS")]
    Success,
    /// Delivery was given up (or its last attempt failed); the error says why.
    #[sea_orm(string_value = "ERROR")]
    Error,
    /// Nothing to sync.
    #[sea_orm(string_value = "NO_SYNC_REQUIRED")]
    NoSyncRequired,
}

/// The billing vendors plangate integrates (`billing_integrations.vendor`): the subset of
/// Stigg's `VendorIdentifier` (and `BillingVendorIdentifier`) plangate speaks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum BillingVendor {
    /// Stripe, over its REST API (`https://api.stripe.com` or an emulator such as localstripe).
    #[sea_orm(string_value = "STRIPE")]
    Stripe,
}

/// Stigg `PaymentMethodType` (`customer_billing.payment_method_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum PaymentMethodType {
    #[sea_orm(string_value = "CARD")]
    Card,
    /// Bank debits (Stripe `sepa_debit`, `us_bank_account`, `bacs_debit`, `au_becs_debit`, …).
    #[sea_orm(string_value = "BANK")]
    Bank,
    #[sea_orm(string_value = "CASH_APP")]
    CashApp,
}
