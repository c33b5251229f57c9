//! The product catalog of one environment: features, products (with their customer journey),
//! plans and addons ("packages") with their prices, entitlements and compatible addons, and
//! the declarative catalog file ([`apply`]).
//!
//! Every operation validates its input into parsed types first ([`CatalogRefId`],
//! [`Amount`], the Stigg value sets of [`entity::stigg_enums`]), then runs in one transaction, so nothing
//! is written on error. Operations take any connection that can open a transaction: on a
//! [`sea_orm::DatabaseConnection`] that is a transaction, inside [`apply`]'s transaction it is
//! a savepoint, so a whole catalog file is applied atomically through the same functions.
//!
//! Stored conventions (the subscription code reads these tables): enumerated values are the
//! typed Stigg value sets of [`entity::stigg_enums`], stored as Stigg's names; amounts are decimal strings in currency
//! units (not cents); a price with a NULL `billing_country_code` is the default price, one
//! with a code is that country's override; a product's journey names plans by refId.
//!
//! Model: a plan or addon is created as a DRAFT, edited while it is a DRAFT, published (after
//! which it is immutable and can be subscribed to) and finally archived. A published plan
//! changed by a catalog file is published again as a new version ([`version`]); the
//! subscriptions on older versions keep them until migrated.

pub mod apply;
pub mod entitlement;
pub mod feature;
pub mod kept;
pub mod meter;
pub mod package;
pub mod pricing;
pub mod product;
pub mod read;
pub mod version;

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use sea_orm::{sea_query::Expr, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::error::{Error, Result};

pub use entity::feature::Model as Feature;
pub use entity::package::Model as Package;
pub use entity::package_entitlement::Model as Entitlement;
pub use entity::price::Model as Price;
pub use entity::product::Model as Product;
pub use entity::stigg_enums::{
    BillingModel, BillingPeriod, Currency, EntitlementResetPeriod, FeatureStatus, FeatureType,
    MeterType, PackageKind, PackageStatus, PricingType, SubscriptionCancellationTime,
    SubscriptionEndSetup, SubscriptionStartSetup, TrialEndBehavior, TrialPeriodUnits,
};

/// Longest refId, in characters.
pub const MAX_REF_ID_LEN: usize = 255;
/// Longest display name, in characters.
pub const MAX_DISPLAY_NAME_LEN: usize = 1024;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_LEN: usize = 4096;

/// A catalog refId (feature, product, plan or addon id chosen by the user): 1–255
/// characters, no whitespace or control characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CatalogRefId(String);

impl CatalogRefId {
    /// Parses a refId; `what` names the field in the message.
    /// Errors: `BadUserInput` when empty, longer than 255 characters or containing whitespace
    /// or control characters.
    pub fn parse(what: &str, raw: &str) -> Result<Self> {
        if raw.is_empty()
            || raw.chars().count() > MAX_REF_ID_LEN
            || raw.chars().any(|c| c.is_control() || c.is_whitespace())
        {
            return Err(Error::bad_input(format!(
                "{what} '{}' must be 1 to {MAX_REF_ID_LEN} characters without whitespace or control characters",
                raw.chars().take(60).collect::<String>()
            )));
        }
        Ok(CatalogRefId(raw.to_owned()))
    }

    /// A fresh refId: `prefix-` followed by 32 random lowercase hex characters (128 random
    /// bits; see `values::generated_id`).
    pub fn generate(prefix: &str) -> Self {
        CatalogRefId(crate::values::generated_id(prefix, MAX_REF_ID_LEN))
    }

    /// The refId as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CatalogRefId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks a display name: 1–1024 characters, not blank, no control characters.
/// Errors: `BadUserInput`.
pub fn check_display_name(name: &str) -> Result<()> {
    if name.trim().is_empty()
        || name.chars().count() > MAX_DISPLAY_NAME_LEN
        || name.chars().any(char::is_control)
    {
        return Err(Error::bad_input(format!(
            "displayName must be 1 to {MAX_DISPLAY_NAME_LEN} characters, not blank, without control characters"
        )));
    }
    Ok(())
}

/// Checks a description: at most 4096 characters. Errors: `BadUserInput`.
pub fn check_description(text: &str) -> Result<()> {
    if text.chars().count() > MAX_DESCRIPTION_LEN {
        return Err(Error::bad_input(format!(
            "description must be at most {MAX_DESCRIPTION_LEN} characters"
        )));
    }
    Ok(())
}

/// Parses a whole, non-negative number given as a float (quantities, durations, limits).
/// Errors: `BadUserInput` when fractional, negative, not finite, or outside `min..=max`.
pub fn whole_number(what: &str, value: f64, min: f64, max: f64) -> Result<f64> {
    if !value.is_finite() || value.fract() != 0.0 || value < min || value > max {
        return Err(Error::bad_input(format!(
            "{what} must be a whole number from {min} to {max}, got {value}"
        )));
    }
    Ok(value)
}

/// The currency of a price when none is given (Stigg's `MoneyInputDTO` default).
pub const DEFAULT_CURRENCY: Currency = Currency::Usd;

/// Largest accepted price amount, in currency units.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// Most decimal places of a price amount.
pub const MAX_AMOUNT_SCALE: u32 = 6;

/// A price amount in decimal currency units (not cents): `12.5` is twelve and a half units
/// of the price's currency. Exact (no floating point), 0 ≤ amount ≤ 1 000 000 000, at most 6
/// decimal places; stored normalized (`"12.5"`, `"10"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Amount(Decimal);

impl Amount {
    /// Validates a decimal amount. Errors: `BadUserInput` (negative, more than 6 decimal
    /// places), `AmountTooLarge` (above 1 000 000 000).
    pub fn new(value: Decimal) -> Result<Self> {
        let value = value.normalize();
        if value.is_sign_negative() && !value.is_zero() {
            return Err(Error::bad_input(format!(
                "price amount {value} must not be negative"
            )));
        }
        if value > MAX_AMOUNT {
            return Err(Error::AmountTooLarge(format!(
                "price amount {value} is above the largest accepted, {MAX_AMOUNT}"
            )));
        }
        if value.scale() > MAX_AMOUNT_SCALE {
            return Err(Error::bad_input(format!(
                "price amount {value} has more than {MAX_AMOUNT_SCALE} decimal places"
            )));
        }
        Ok(Amount(value.abs()))
    }

    /// An amount sent as a GraphQL `Float`: converted through its shortest decimal text
    /// (`12.5` → exactly 12.5), then validated as [`Amount::new`].
    pub fn from_f64(value: f64) -> Result<Self> {
        if !value.is_finite() {
            return Err(Error::bad_input("price amount must be a finite number"));
        }
        let text = format!("{value}");
        let decimal = Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map_err(|_| {
                Error::AmountTooLarge(format!("price amount {value} is too large or too precise"))
            })?;
        if decimal.is_zero() && value != 0.0 {
            return Err(Error::bad_input(format!(
                "price amount {value} has more than {MAX_AMOUNT_SCALE} decimal places"
            )));
        }
        Self::new(decimal)
    }

    /// Parses a decimal text such as `"12.50"`. Errors as [`Amount::new`]; `BadUserInput`
    /// when it is not a decimal number.
    pub fn parse(text: &str) -> Result<Self> {
        let decimal = Decimal::from_str(text.trim()).map_err(|_| {
            Error::bad_input(format!("price amount '{text}' is not a decimal number"))
        })?;
        Self::new(decimal)
    }

    /// The exact value.
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Amount {
    /// The stored form: normalized decimal text (`12.5`, `10`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A stored amount (`prices.amount`) as a number for the wire (`Money.amount: Float`).
/// Unparsable text (never written by plangate) reads as 0.
pub fn amount_to_f64(stored: &str) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    Decimal::from_str(stored)
        .ok()
        .and_then(|d| d.to_f64())
        .unwrap_or(0.0)
}

/// The next `updated_at` for a row last updated at `previous`: `now`, and at least 1 ms later
/// than `previous`, so that every change moves `updatedAt` forward.
pub(crate) fn next_updated_at(
    previous: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> chrono::DateTime<chrono::Utc> {
    now.max(previous + chrono::TimeDelta::milliseconds(1))
}

/// Takes the write lock of one package row before it is read (a no-op write: the row lock on
/// PostgreSQL, the database write lock on SQLite), so that concurrent edits of one package
/// serialize instead of deciding on stale state. Returns false when no such row exists.
pub(crate) async fn lock_package<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<bool> {
    use entity::package;
    let locked = package::Entity::update_many()
        .col_expr(
            package::Column::UpdatedAt,
            Expr::col(package::Column::UpdatedAt).into(),
        )
        .filter(package::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(locked.rows_affected > 0)
}

/// Parses an id that Stigg types as `String` but that names a UUID (`packageId`,
/// `environmentId` of `setPackagePricing`). Errors: `BadUserInput`.
pub fn parse_uuid(what: &str, raw: &str) -> Result<Uuid> {
    Uuid::parse_str(raw).map_err(|_| Error::bad_input(format!("{what} '{raw}' is not a UUID")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_and_bounded() {
        assert_eq!(
            Amount::from_f64(12.5).map(|a| a.to_string()).ok(),
            Some("12.5".into())
        );
        assert_eq!(
            Amount::from_f64(0.1).map(|a| a.to_string()).ok(),
            Some("0.1".into())
        );
        assert_eq!(
            Amount::parse("10.00").map(|a| a.to_string()).ok(),
            Some("10".into())
        );
        assert_eq!(Amount::from_f64(-1.0).unwrap_err().code(), "BadUserInput");
        assert_eq!(Amount::from_f64(2e9).unwrap_err().code(), "AmountTooLarge");
        assert_eq!(Amount::from_f64(1e-300).unwrap_err().code(), "BadUserInput");
        assert_eq!(
            Amount::parse("0.0000001").unwrap_err().code(),
            "BadUserInput"
        );
        assert_eq!(Amount::parse("abc").unwrap_err().code(), "BadUserInput");
        assert_eq!(amount_to_f64("12.5"), 12.5);
    }

    #[test]
    fn currencies_are_stiggs() {
        assert!("USD".parse::<Currency>().is_ok());
        assert!("DKK".parse::<Currency>().is_ok());
        assert!("usd".parse::<Currency>().is_err());
        assert!("XYZ".parse::<Currency>().is_err());
    }

    #[test]
    fn enums_round_trip_by_stigg_name() {
        use sea_orm::Iterable;
        for p in BillingPeriod::iter() {
            assert_eq!(p.to_string().parse::<BillingPeriod>().ok(), Some(p));
        }
        assert!("WEEKLY".parse::<BillingPeriod>().is_err());
    }

    #[test]
    fn ref_ids() {
        assert!(CatalogRefId::parse("refId", "plan-basic").is_ok());
        for bad in ["", "a b", "a\u{0}", &"x".repeat(256)] {
            assert!(CatalogRefId::parse("refId", bad).is_err());
        }
        assert!(CatalogRefId::generate("plan").as_str().starts_with("plan-"));
    }
}
