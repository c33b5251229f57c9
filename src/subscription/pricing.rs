//! A subscription's price: the undiscounted sum of its billed prices (`subTotal`), the
//! discount of the customer's coupon while it lasts, and what remains (`total`).
//!
//! Stigg's rules: a coupon given to a customer discounts every active paid subscription of
//! that customer (docs.stigg.io, "Applying a coupon to a customer": "each customer can have at
//! most one applied coupon"; "the discount will be reflected in the next invoice of every
//! active paid subscription"); a coupon is a percentage or a fixed amount, for ever or for a
//! number of months (docs.stigg.io, "Creating coupons"). A FIXED coupon lists its amount per
//! currency: in a currency it does not list, it does not discount.
//!
//! Rounding: Stigg does not document one. The discount is rounded to the currency's minor
//! unit (ISO 4217: 2 decimals; 0 for BIF, CLP, DJF, GNF, ISK, JPY, KMF, KRW, PYG, RWF, UGX,
//! VND, VUV, XAF, XOF, XPF) half to even (banker's rounding, so halves do not bias sums), and
//! the total never goes below zero. `subTotal` is the exact sum of the catalog's prices
//! (which may carry up to 6 decimals), unrounded.

use chrono::{DateTime, Months, Utc};
use rust_decimal::{Decimal, RoundingStrategy};

use super::read::SubscriptionView;
use crate::coupon::{self, Coupon, CustomerCoupon};
use crate::error::Result;
use entity::stigg_enums::{CouponType, Currency};

/// A subscription's totals, in the currency of its prices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Totals {
    pub currency: Currency,
    /// Σ amount × quantity over the billed prices, exactly (Stigg's `totalPrice.subTotal`).
    pub sub_total: Decimal,
    /// The coupon's discount, rounded to the currency's minor unit, at most `sub_total`.
    pub discount: Decimal,
    /// `sub_total − discount` (Stigg's `totalPrice.total`).
    pub total: Decimal,
}

/// The coupon that discounts a subscription (Stigg's `SubscriptionCoupon`).
#[derive(Clone, Debug, PartialEq)]
pub struct AppliedCoupon {
    pub coupon: Coupon,
    /// When the discount started: when the customer got the coupon.
    pub start: DateTime<Utc>,
    /// When it stops (`start` + `durationInMonths`); `None`: for ever.
    pub expiration: Option<DateTime<Utc>>,
    /// False once `expiration` has passed (Stigg's `EXPIRED`).
    pub active: bool,
}

/// A subscription's price at a moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Pricing {
    /// `None` when nothing is billed (free and custom plans).
    pub totals: Option<Totals>,
    /// The customer's coupon as it applies to this subscription: `None` without a coupon,
    /// for a subscription without prices (free, custom: nothing to discount), and for a
    /// FIXED coupon with no amount in the subscription's currency.
    pub coupon: Option<AppliedCoupon>,
}

/// The price of `subscription` at `now`, discounted by `coupon` (the customer's, given at its
/// `attached_at`) while it lasts: its `durationInMonths` counts from when the customer got it,
/// and from then on `total` equals `subTotal` again. Errors: `UnexpectedError` when a stored
/// coupon's amounts cannot be read.
pub fn price(
    subscription: &SubscriptionView,
    coupon: Option<&CustomerCoupon>,
    now: DateTime<Utc>,
) -> Result<Pricing> {
    match subscription.total() {
        Some((sub_total, currency)) => invoice(sub_total, currency, coupon, now),
        None => Ok(Pricing {
            totals: None,
            coupon: None,
        }),
    }
}

/// An amount of `sub_total` in `currency` billed at `at` (a subscription's price, or an
/// invoice of it), discounted by `coupon` when it applies and still lasts at `at` (the rules
/// of [`price`]). A negative `sub_total` (a credit) is not discounted. Errors:
/// `UnexpectedError` when a stored coupon's amounts cannot be read.
pub fn invoice(
    sub_total: Decimal,
    currency: Currency,
    coupon: Option<&CustomerCoupon>,
    at: DateTime<Utc>,
) -> Result<Pricing> {
    let mut discount = Decimal::ZERO;
    let applied = match coupon {
        None => None,
        Some(c) => {
            let off = discount_of(&c.coupon, Some((sub_total, currency)))?;
            let applies = off.is_some();
            let active = coupon::lasts(&c.coupon, c.attached_at, at);
            if applies && active {
                discount = off.unwrap_or_default();
            }
            applies.then(|| AppliedCoupon {
                coupon: c.coupon.clone(),
                start: c.attached_at,
                expiration: c.coupon.duration_in_months.and_then(|months| {
                    u32::try_from(months)
                        .ok()
                        .and_then(|m| c.attached_at.checked_add_months(Months::new(m)))
                }),
                active,
            })
        }
    };
    Ok(Pricing {
        totals: Some(Totals {
            currency,
            sub_total,
            discount,
            total: sub_total - discount,
        }),
        coupon: applied,
    })
}

/// The discount `coupon` gives on `sub_total` (amount, currency): a percentage of it, or the
/// FIXED amount in that currency; rounded to the currency's minor unit, half to even, and at
/// most `sub_total`. `None` for a FIXED coupon without an amount in that currency, or without
/// a sub-total.
fn discount_of(coupon: &Coupon, sub_total: Option<(Decimal, Currency)>) -> Result<Option<Decimal>> {
    let Some((sub_total, currency)) = sub_total else {
        return Ok(None);
    };
    let raw = match (coupon.coupon_type, discount_value(coupon, currency)?) {
        (_, None) => return Ok(None),
        (CouponType::Percentage, Some(percent)) => sub_total * percent / Decimal::ONE_HUNDRED,
        (CouponType::Fixed, Some(amount)) => amount,
    };
    let rounded = round_to_minor_unit(raw, currency);
    Ok(Some(
        rounded.clamp(Decimal::ZERO, sub_total.max(Decimal::ZERO)),
    ))
}

/// What `coupon` takes off an amount in `currency`: its percentage (PERCENTAGE, exactly as
/// written: `33.33`), or its amount in that currency (FIXED; `None` when it lists none).
/// Errors: `UnexpectedError` when a stored coupon's amounts cannot be read.
pub fn discount_value(coupon: &Coupon, currency: Currency) -> Result<Option<Decimal>> {
    Ok(match coupon.coupon_type {
        CouponType::Percentage => Some(coupon.percent_off.and_then(exact).unwrap_or_default()),
        CouponType::Fixed => coupon::amounts_off(coupon)?
            .into_iter()
            .find(|a| a.currency == currency)
            .map(|a| a.amount),
    })
}

/// A stored percentage as the decimal it was written as (`33.33`, not the nearest binary
/// fraction): its shortest round-trip text.
fn exact(value: f64) -> Option<Decimal> {
    value.to_string().parse().ok()
}

/// `amount` rounded to `currency`'s minor unit, half to even (the rounding of discounts and
/// prorated amounts).
pub fn round_to_minor_unit(amount: Decimal, currency: Currency) -> Decimal {
    amount.round_dp_with_strategy(
        minor_unit_digits(currency),
        RoundingStrategy::MidpointNearestEven,
    )
}

/// Decimal digits of `currency`'s minor unit (ISO 4217).
pub fn minor_unit_digits(currency: Currency) -> u32 {
    use Currency::*;
    match currency {
        Bif | Clp | Djf | Gnf | Isk | Jpy | Kmf | Krw | Pyg | Rwf | Ugx | Vnd | Vuv | Xaf | Xof
        | Xpf => 0,
        _ => 2,
    }
}
