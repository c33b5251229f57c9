//! Estimates and previews: what a subscription, or a change of one, costs — priced from the
//! catalog alone, written nowhere. Stigg's `estimateSubscription` and `previewSubscription`
//! (a new subscription), `estimateSubscriptionUpdate` (a change of addons or per-unit
//! quantities) and `previewNextInvoice` (an existing subscription's next invoice).
//!
//! At Stigg the billing provider (Stripe, Zuora) computes these invoices; plangate has no
//! billing integration, so it computes them from the catalog's prices with the rules the
//! subscription operations use (one rule each: `create::prepare` and `update::reprice` for
//! what a request subscribes to, `pricing` for coupons, `state` for billing periods), and:
//!
//! - **Proration** (docs.stigg.io, "Subscription upgrades": "when a customer upgrades their
//!   subscription in the middle of their billing cycle, they're immediately charged the
//!   prorated amount of the upgraded subscription until the end of the current billing
//!   cycle"; "Immediate downgrades": the customer receives "credits for the unused portion …
//!   until the end of the current billing period"): a change of a paid ACTIVE subscription
//!   credits each billed line it removes or changes for the time left in the current billing
//!   period and debits each line it adds or changes for the same time, proportionally to the
//!   milliseconds left (`(periodEnd − now) / (periodEnd − periodStart)`); credit and debit are
//!   each rounded to the currency's minor unit, half to even. A new subscription that replaces
//!   a paid ACTIVE one in its product's slot now (docs.stigg.io, "Preview Subscription": "when
//!   a customer already has an active subscription, Stigg automatically detects it and
//!   calculates proration") credits the replaced one's unused time; the new one starts a full
//!   billing period of its own (plangate's plan change: the old subscription ends when the
//!   new one starts). Nothing is prorated during a trial or before a start.
//! - **What is due now** (the immediate invoice): a new subscription's first billing period
//!   when it starts now without a trial; nothing when it starts in a trial (charged at the
//!   trial's end), in the future (charged at its start) or back-dated (stiggio/skills
//!   `stigg-subscriptions/references/provisioning.md`: "the first billing charge happens in the
//!   next billing period, not immediately"); for a change, the prorated net amount. Minus the
//!   credit of a replaced subscription. A negative amount is a credit to the customer.
//! - **The recurring invoice**: one full billing period of the new configuration, at the next
//!   charge (the trial's end, the start, or the current billing period's end).
//! - **Coupons**: each invoice is discounted by the subscription's coupon (`appliedCoupon`,
//!   else the customer's) as it applies on that invoice's date (`pricing::invoice`), on the
//!   invoice's net amount (charged less credited) when positive: a credit for unused time
//!   counts at its discounted value (the time was paid at the discounted price). An invoice
//!   whose net amount is a credit is not discounted.
//! - **Tax, credits**: plangate adds no tax and keeps no credit balance.
//!
//! Amounts are exact decimals in currency units (not cents), in the currency of the prices
//! (ISO 4217). Estimates read the database and write nothing, not even due transitions: a
//! subscription is seen as it is now (`state::at`).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::create::{self, Journey, Prepared, Priced};
use super::pricing;
use super::read::{self, BilledPrice, PriceView, SubscriptionView};
use super::state::{self, Dates};
use super::update::{self, Repriced, UpdateRequest};
use super::{months_in, BillingPeriod, SubscriptionRequest, SubscriptionStatus, LIVE_STATUSES};
use crate::catalog::read::stored_amount;
use crate::coupon::CustomerCoupon;
use crate::customer;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::stigg_enums::{BillingModel, CouponType, Currency, PricingType, TrialEndBehavior};
use entity::{feature, price};

/// The currency of an estimate in which nothing is billed (a free plan replacing nothing):
/// the catalog's default currency.
pub const DEFAULT_CURRENCY: Currency = Currency::Usd;

/// One invoice of an estimate, in decimal currency units.
#[derive(Clone, Debug, PartialEq)]
pub struct Invoice {
    /// ISO 4217.
    pub currency: Currency,
    /// Before the discount; negative when the customer is credited.
    pub sub_total: Decimal,
    /// The coupon's discount, rounded to the currency's minor unit; zero without one.
    pub discount: Decimal,
    /// `sub_total − discount` (no tax is added).
    pub total: Decimal,
    /// The coupon discounting this invoice (`None` when none applies on its date).
    pub coupon: Option<Discount>,
}

/// The coupon discounting an invoice (Stigg's `SubscriptionPreviewDiscount`).
#[derive(Clone, Debug, PartialEq)]
pub struct Discount {
    pub name: String,
    pub coupon_type: CouponType,
    /// PERCENTAGE: the percentage off (`20` is 20 %); FIXED: the amount off in the invoice's
    /// currency.
    pub value: Decimal,
    /// How long the discount lasts from when it was given; `None`: for ever.
    pub duration_in_months: Option<i32>,
}

/// The proration of a change (Stigg's `SubscriptionPreviewProrations`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proration {
    /// The instant the change is prorated from: now.
    pub date: DateTime<Utc>,
    /// For the unused time of what the change removes (≥ 0).
    pub credit: Decimal,
    /// For the time left of what the change adds (≥ 0).
    pub debit: Decimal,
    /// `debit − credit`.
    pub net: Decimal,
}

impl Proration {
    /// True when anything is credited or debited.
    pub fn has_prorations(&self) -> bool {
        !self.credit.is_zero() || !self.debit.is_zero()
    }
}

/// An estimate of a new subscription or of a change (Stigg's `SubscriptionPreview` and
/// `SubscriptionPreviewV2`).
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    /// What is due now (see the module's rules).
    pub immediate: Invoice,
    /// `None` when nothing is prorated.
    pub proration: Option<Proration>,
    /// One full billing period at the next charge; `None` when nothing is billed (free).
    pub recurring: Option<Invoice>,
    /// The billing period the estimate covers: the current one (the trial while in trial, the
    /// first one before the start); its end is `None` for free subscriptions.
    pub billing_period: (DateTime<Utc>, Option<DateTime<Utc>>),
    /// Whether the new plan is a downgrade of the one it replaces (Stigg's rule, see
    /// [`is_downgrade`]); `None` when it cannot be told.
    pub is_plan_downgrade: Option<bool>,
}

/// What a line of an invoice bills (Stigg's `InvoiceLineItemType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// The plan's flat fee (`BaseCharge`).
    Base,
    /// Units of a feature bought in advance at the plan's per-unit price
    /// (`InAdvanceCommitmentCharge`).
    InAdvanceCommitment,
    /// An addon's price × its quantity (`AddonCharge`).
    Addon,
}

/// A line of [`NextInvoice`].
#[derive(Clone, Debug)]
pub struct InvoiceLine {
    pub kind: LineKind,
    /// The package's display name, with the feature's (plural units, else display name) for
    /// per-unit prices: `Basic · templates`.
    pub description: String,
    /// `2 × 17.5 DKK / month`.
    pub cost_description: String,
    /// The catalog price billed (localized).
    pub price: PriceView,
    /// Units, addon quantity, or 1.
    pub quantity: f64,
    /// `price × quantity`, exactly.
    pub amount: Decimal,
    pub period: (DateTime<Utc>, DateTime<Utc>),
}

/// An existing subscription's next invoice (Stigg's `SubscriptionInvoicePreview`).
#[derive(Clone, Debug)]
pub struct NextInvoice {
    pub invoice: Invoice,
    /// The recurring charges of the billing period it opens (plangate records no
    /// one-off charges or prorations).
    pub lines: Vec<InvoiceLine>,
    /// The billing period it bills.
    pub period: (DateTime<Utc>, DateTime<Utc>),
    /// When this preview was computed.
    pub computed_at: DateTime<Utc>,
}

/// Stigg `estimateSubscription` / `previewSubscription`: what subscribing the live customer
/// `customer_id` of `env` to `request` would cost, as `provisionSubscriptionV2` would create
/// it (the same validation and decisions: plan, addons, quantities, billing period, country
/// prices, trial, start; the customer journey does not apply), replacing what its product
/// slot holds. Writes nothing.
///
/// Errors (Stigg codes): `CustomerNotFound` (unknown or archived), the errors of
/// `provisionSubscriptionV2` (`PlanNotFound`, `AddonNotFound`,
/// `IncompatibleSubscriptionAddon`, `InvalidQuantity`, `AddonQuantityExceedsLimitError`,
/// `BillingPeriodMissingError`, `CouponNotFound`, `PromotionCodeNotFound`,
/// `UnsupportedParameter`, `BadUserInput`), and `BadUserInput` for a plan with CUSTOM pricing
/// (its price is agreed outside the catalog) or a currency other than the replaced
/// subscription's.
#[tracing::instrument(name = "subscription.estimate", skip_all, fields(environment_id = %env.0, plan_ref_id = %request.plan_id))]
pub async fn new_subscription<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    customer_id: &str,
    request: SubscriptionRequest,
    now: DateTime<Utc>,
) -> Result<Preview> {
    let customer = customer::get::get(db, env, customer_id).await?;
    let prepared = create::prepare(db, env, &customer, &request, now, Journey::Skip).await?;
    refuse_custom(&prepared.plan.package)?;
    let Prepared {
        plan,
        product,
        lines,
        start,
        trial_end,
        billing_period,
        applied_coupon,
        resource_key,
        ..
    } = prepared;
    let billed = billed_prices(db, &lines, plan.package.id).await?;
    let coupon = match applied_coupon {
        Some(coupon) => Some(CustomerCoupon {
            coupon,
            attached_at: now,
        }),
        None => crate::coupon::of_customers(db, &[customer.id])
            .await?
            .remove(&customer.id),
    };

    // The live subscription in the product's slot, which the new one replaces.
    let replaced = read::for_customers(db, &[customer.id], Some(&LIVE_STATUSES), now)
        .await?
        .remove(&customer.id)
        .unwrap_or_default()
        .into_iter()
        .find(|s| s.row.product_id == product.id && s.row.resource_key == resource_key);

    let new_total = read::sub_total(&billed);
    let replaced_total = replaced.as_ref().and_then(|r| r.total());
    let currency = one_currency_of(new_total, replaced_total)?;

    // The replaced subscription's unused time is credited when the new one replaces it now.
    let credit = match (&replaced, replaced_total) {
        (Some(r), Some((amount, _))) if start <= now => {
            unused_time(r, now).map(|f| pricing::round_to_minor_unit(amount * f, currency))
        }
        _ => None,
    };
    let proration = credit.map(|credit| Proration {
        date: now,
        credit,
        debit: Decimal::ZERO,
        net: -credit,
    });

    let dates = Dates {
        stored_status: SubscriptionStatus::NotStarted,
        start,
        trial_end,
        end: None,
        billing_period,
        migrate_at: None,
    };
    // A first billing period is charged now only when it starts now, without a trial.
    let charged_now = match new_total {
        Some((amount, _)) if trial_end.is_none() && start == now => amount,
        _ => Decimal::ZERO,
    };
    let immediate = invoice(
        charged_now - credit.unwrap_or_default(),
        currency,
        coupon.as_ref(),
        now,
    )?;
    let recurring = recurring(new_total, dates, coupon.as_ref(), now)?;
    let is_plan_downgrade = match &replaced {
        None => Some(false),
        Some(r) => is_downgrade(
            &priced_of(&r.plan),
            r.row.billing_country_code.as_deref(),
            &plan,
            request.billing_country_code.as_deref(),
        ),
    };
    Ok(Preview {
        immediate,
        proration,
        recurring,
        billing_period: period_range(dates, now),
        is_plan_downgrade,
    })
}

/// Stigg `estimateSubscriptionUpdate`: what changing subscription
/// `request.subscription_ref_id` of `env` now would cost — its `addons` (the whole new list)
/// and `billable_features` (changed quantities), priced as `updateOneSubscription` would
/// price them (`update::reprice`) — prorated for the rest of its current billing period when
/// it is a paid ACTIVE subscription. Writes nothing.
///
/// Errors (Stigg codes): `UnsupportedParameter`, `PromotionCodeNotFound`,
/// `SubscriptionNotFound` (unknown id, or its customer archived),
/// `SubscriptionAlreadyCanceledOrExpired`, `AddonNotFound`,
/// `IncompatibleSubscriptionAddon`, `InvalidQuantity`, `AddonQuantityExceedsLimitError`,
/// `BadUserInput` (malformed id, a billable feature listed twice or not billed per unit, a
/// CUSTOM-priced plan).
#[tracing::instrument(name = "subscription.estimate_update", skip_all, fields(environment_id = %env.0, subscription_ref_id = %request.subscription_ref_id))]
pub async fn subscription_update<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    request: UpdateRequest,
    now: DateTime<Utc>,
) -> Result<Preview> {
    request.check_supported()?;
    let view = changeable(db, env, &request.subscription_ref_id, "updated", now).await?;
    refuse_custom(&view.plan.package)?;
    let Repriced {
        lines,
        billing_period,
        ..
    } = update::reprice(
        db,
        env,
        &view,
        request.addons,
        request.billable_features,
        request.billing_period,
    )
    .await?;
    let billed = billed_prices(db, &lines, view.row.plan_id).await?;
    let new_total = read::sub_total(&billed);
    let currency = one_currency_of(new_total, view.total())?;

    let proration = match (view.state.status, unused_time(&view, now)) {
        (SubscriptionStatus::Active, Some(fraction)) => {
            let (removed, added) = changed_lines(&view.prices, &billed);
            let credit = pricing::round_to_minor_unit(removed * fraction, currency);
            let debit = pricing::round_to_minor_unit(added * fraction, currency);
            Some(Proration {
                date: now,
                credit,
                debit,
                net: debit - credit,
            })
        }
        _ => None,
    };
    let dates = Dates {
        billing_period,
        ..Dates::of(&view.row)
    };
    let immediate = invoice(
        proration.map(|p| p.net).unwrap_or_default(),
        currency,
        view.coupon.as_ref(),
        now,
    )?;
    let recurring = recurring(new_total, dates, view.coupon.as_ref(), now)?;
    Ok(Preview {
        immediate,
        proration,
        recurring,
        billing_period: period_range(dates, now),
        // The plan does not change (Stigg's rule compares plans).
        is_plan_downgrade: Some(false),
    })
}

/// Stigg `previewNextInvoice`: the next invoice of subscription `subscription_ref_id` of
/// `env` — the billing period that follows now (at the trial's end for a trial, at the start
/// for a subscription not started yet, else at the end of the current billing period), its
/// billed prices and quantities as they stand, discounted by the coupon as it applies on that
/// date. Writes nothing.
///
/// Errors (Stigg codes): `BadUserInput` (malformed id), `SubscriptionNotFound` (unknown, or
/// its customer archived), `SubscriptionAlreadyCanceledOrExpired` (cancelled or expired, or
/// ending before its next invoice — cancelled at the end of its billing period, or a trial
/// that ends by cancelling), `SubscriptionDoesNotHaveBillingPeriod` (nothing is billed: free
/// and custom plans).
#[tracing::instrument(name = "subscription.preview_next_invoice", skip_all, fields(environment_id = %env.0, subscription_ref_id = subscription_ref_id))]
pub async fn next_invoice<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    subscription_ref_id: &str,
    now: DateTime<Utc>,
) -> Result<NextInvoice> {
    let view = changeable(db, env, subscription_ref_id, "invoiced", now).await?;
    let row = &view.row;
    let (Some((sub_total, currency)), Some(period)) = (view.total(), row.billing_period) else {
        return Err(Error::SubscriptionDoesNotHaveBillingPeriod(format!(
            "subscription '{}' bills nothing (its plan is {}): it has no invoices",
            row.ref_id,
            row.pricing_type.to_string().to_lowercase()
        )));
    };
    let dates = Dates::of(row);
    let (start, end) = next_charge(dates, now)
        .and_then(|at| Some((at, state::billing_period_at(dates, at)?.1)))
        .ok_or_else(|| {
            Error::Unexpected(anyhow::anyhow!(
                "subscription {} has prices but no billing period",
                row.id
            ))
        })?;
    let date = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    if let Some(ends) = row.end_date.filter(|e| *e <= start) {
        return Err(Error::SubscriptionAlreadyCanceledOrExpired(format!(
            "subscription '{}' is cancelled: it ends on {}{}, so no next invoice comes",
            row.ref_id,
            date(ends),
            if ends == start {
                ", the end of its billing period".to_owned()
            } else {
                format!(", before its next billing period starts on {}", date(start))
            }
        )));
    }
    if row.trial_end_date == Some(start)
        && view.plan.package.default_trial_end_behavior
            == Some(TrialEndBehavior::CancelSubscription)
    {
        return Err(Error::SubscriptionAlreadyCanceledOrExpired(format!(
            "subscription '{}' is a trial that ends by cancelling on {}: it has no next invoice",
            row.ref_id,
            date(start)
        )));
    }
    let unit = match period {
        BillingPeriod::Monthly => "month",
        BillingPeriod::Annually => "year",
    };
    let lines = view
        .prices
        .iter()
        .map(|b| {
            let (kind, package) = if b.of_plan {
                let kind = match b.price.price.billing_model {
                    BillingModel::PerUnit => LineKind::InAdvanceCommitment,
                    _ => LineKind::Base,
                };
                (kind, view.plan.package.display_name.as_str())
            } else {
                let addon = view
                    .addons
                    .iter()
                    .find(|(a, _)| a.package.id == b.price.price.package_id)
                    .map_or("", |(a, _)| a.package.display_name.as_str());
                (LineKind::Addon, addon)
            };
            let description = match &b.price.feature {
                Some(f) => format!(
                    "{package} · {}",
                    f.feature_units_plural.as_deref().unwrap_or(&f.display_name)
                ),
                None => package.to_owned(),
            };
            InvoiceLine {
                kind,
                description,
                cost_description: format!(
                    "{} × {} {} / {unit}",
                    b.quantity,
                    b.price.amount.normalize(),
                    b.price.price.currency
                ),
                price: b.price.clone(),
                quantity: b.quantity,
                amount: b.amount(),
                period: (start, end),
            }
        })
        .collect();
    Ok(NextInvoice {
        invoice: invoice(sub_total, currency, view.coupon.as_ref(), start)?,
        lines,
        period: (start, end),
        computed_at: now,
    })
}

/// Stigg's rule for whether moving from plan `current` (billed in `current_country`) to plan
/// `target` (billed in `target_country`) is a downgrade (docs.stigg.io, "Subscription
/// upgrades", "How plan upgrades are determined"; plangate has no plan inheritance): the same
/// plan, FREE → FREE and FREE → PAID are not; PAID → FREE is; PAID → PAID is when the target's
/// starting price is lower. `None` when a plan has CUSTOM pricing (Stigg orders those by the
/// pricing table, which plangate does not have) or the starting prices are in different
/// currencies. A plan's starting price: its flat fees plus its per-unit prices at their
/// minimum quantity (at least 1), localized, for a month (an annual-only plan's year / 12).
fn is_downgrade(
    current: &Priced,
    current_country: Option<&str>,
    target: &Priced,
    target_country: Option<&str>,
) -> Option<bool> {
    use PricingType::*;
    if current.package.id == target.package.id {
        return Some(false);
    }
    let kind = |p: &Priced| p.package.pricing_type.unwrap_or(Free);
    match (kind(current), kind(target)) {
        (Custom, _) | (_, Custom) => None,
        (Free, _) => Some(false),
        (Paid, Free) => Some(true),
        (Paid, Paid) => {
            let (from, from_currency) = starting_price(current, current_country)?;
            let (to, to_currency) = starting_price(target, target_country)?;
            (from_currency == to_currency).then_some(to < from)
        }
    }
}

/// A plan's starting price per month (see [`is_downgrade`]); `None` without prices.
fn starting_price(plan: &Priced, country: Option<&str>) -> Option<(Decimal, Currency)> {
    let priced = |period| plan.prices.iter().any(|p| p.billing_period == period);
    let period = if priced(BillingPeriod::Monthly) {
        BillingPeriod::Monthly
    } else if priced(BillingPeriod::Annually) {
        BillingPeriod::Annually
    } else {
        return None;
    };
    let prices = create::localized(plan, period, country);
    let currency = prices.first()?.currency;
    let mut sum = Decimal::ZERO;
    for p in &prices {
        let units = match p.billing_model {
            BillingModel::PerUnit => p.min_unit_quantity.unwrap_or(1.0).max(1.0),
            _ => 1.0,
        };
        sum += stored_amount(p).ok()? * Decimal::try_from(units).ok()?;
    }
    Some((sum / Decimal::from(months_in(period)), currency))
}

/// The subscription `ref_id` of `env` as it is now, for an estimate of a change named by
/// `change` (reads only: due transitions are not written). Errors: `BadUserInput` (malformed
/// id), `SubscriptionNotFound` (unknown, or its customer archived — as for a change),
/// `SubscriptionAlreadyCanceledOrExpired`.
async fn changeable<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
    change: &str,
    now: DateTime<Utc>,
) -> Result<SubscriptionView> {
    let (customer, view) = super::get::by_ref_id(db, env, ref_id, now).await?;
    if customer.archived_at.is_some() {
        return Err(Error::SubscriptionNotFound {
            ref_id: view.row.ref_id,
        });
    }
    super::get::check_changeable(&view, change)?;
    Ok(view)
}

/// Refuses a plan with CUSTOM pricing: its price is agreed outside the catalog.
fn refuse_custom(plan: &crate::catalog::Package) -> Result<()> {
    if plan.pricing_type == Some(PricingType::Custom) {
        return Err(Error::bad_input(format!(
            "plan '{}' has CUSTOM pricing: its price is agreed outside the catalog, so there is nothing to estimate",
            plan.ref_id
        )));
    }
    Ok(())
}

/// The currency of an estimate: the new prices', else the old ones', else
/// [`DEFAULT_CURRENCY`]. Errors: `BadUserInput` when they differ.
fn one_currency_of(
    new: Option<(Decimal, Currency)>,
    old: Option<(Decimal, Currency)>,
) -> Result<Currency> {
    match (new, old) {
        (Some((_, a)), Some((_, b))) if a != b => Err(Error::bad_input(format!(
            "the estimate's prices are in {a} but the subscription they replace is billed in {b}; pick the billingCountryCode it is billed in"
        ))),
        (Some((_, c)), _) | (None, Some((_, c))) => Ok(c),
        (None, None) => Ok(DEFAULT_CURRENCY),
    }
}

/// The share of subscription `view`'s current billing period left at `now`:
/// `(end − now) / (end − start)`, in milliseconds. `None` when nothing is billed, while in
/// trial or before the start (nothing was paid), or outside a billing period.
fn unused_time(view: &SubscriptionView, now: DateTime<Utc>) -> Option<Decimal> {
    if view.state.status != SubscriptionStatus::Active || view.prices.is_empty() {
        return None;
    }
    let (start, end) = view.state.billing_period?;
    if !(start <= now && now < end) {
        return None;
    }
    let left = Decimal::from((end - now).num_milliseconds());
    let whole = Decimal::from((end - start).num_milliseconds());
    (!whole.is_zero()).then(|| left / whole)
}

/// Σ amount of the lines a change removes (or changes the quantity of) and Σ amount of the
/// lines it adds (or changes), by catalog price; unchanged lines count in neither.
fn changed_lines(old: &[BilledPrice], new: &[BilledPrice]) -> (Decimal, Decimal) {
    let key = |b: &BilledPrice| (b.price.price.id, b.quantity.to_bits());
    let old_keys: HashSet<_> = old.iter().map(key).collect();
    let new_keys: HashSet<_> = new.iter().map(key).collect();
    let removed = old
        .iter()
        .filter(|b| !new_keys.contains(&key(b)))
        .map(BilledPrice::amount)
        .sum();
    let added = new
        .iter()
        .filter(|b| !old_keys.contains(&key(b)))
        .map(BilledPrice::amount)
        .sum();
    (removed, added)
}

/// When a subscription with `dates` is charged next after `now`: its trial's end or its start
/// when still ahead, else the end of its current billing period. `None` for free
/// subscriptions.
fn next_charge(dates: Dates, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    dates.billing_period?;
    let anchor = dates.trial_end.unwrap_or(dates.start);
    if anchor > now {
        return Some(anchor);
    }
    state::billing_period_at(dates, now).map(|(_, end)| end)
}

/// The billing period an estimate covers at `now` (see [`Preview::billing_period`]).
fn period_range(dates: Dates, now: DateTime<Utc>) -> (DateTime<Utc>, Option<DateTime<Utc>>) {
    match state::billing_period_at(dates, now) {
        Some((start, end)) => (start, Some(end)),
        None => (dates.start, None),
    }
}

/// The recurring invoice: one full billing period of `total`, at the next charge after `now`.
fn recurring(
    total: Option<(Decimal, Currency)>,
    dates: Dates,
    coupon: Option<&CustomerCoupon>,
    now: DateTime<Utc>,
) -> Result<Option<Invoice>> {
    let (Some((amount, currency)), Some(at)) = (total, next_charge(dates, now)) else {
        return Ok(None);
    };
    invoice(amount, currency, coupon, at).map(Some)
}

/// An invoice of `sub_total` on date `at`, discounted by `coupon` as it applies then (one
/// rule: `pricing::invoice`).
fn invoice(
    sub_total: Decimal,
    currency: Currency,
    coupon: Option<&CustomerCoupon>,
    at: DateTime<Utc>,
) -> Result<Invoice> {
    let priced = pricing::invoice(sub_total, currency, coupon, at)?;
    let totals = priced.totals.unwrap_or(pricing::Totals {
        currency,
        sub_total,
        discount: Decimal::ZERO,
        total: sub_total,
    });
    let coupon = match priced.coupon.filter(|c| c.active) {
        Some(applied) => {
            let c = applied.coupon;
            pricing::discount_value(&c, currency)?.map(|value| Discount {
                name: c.name,
                coupon_type: c.coupon_type,
                value,
                duration_in_months: c.duration_in_months,
            })
        }
        None => None,
    };
    Ok(Invoice {
        currency,
        sub_total: totals.sub_total,
        discount: totals.discount,
        total: totals.total,
        coupon,
    })
}

/// Billed (price, quantity) lines as a subscription shows them: with exact amounts and the
/// features of per-unit prices (one query). `plan_id` tells the plan's prices from addons'.
async fn billed_prices<C: ConnectionTrait>(
    db: &C,
    lines: &[(price::Model, f64)],
    plan_id: Uuid,
) -> Result<Vec<BilledPrice>> {
    let feature_ids: HashSet<Uuid> = lines.iter().filter_map(|(p, _)| p.feature_id).collect();
    let features: HashMap<Uuid, feature::Model> = if feature_ids.is_empty() {
        HashMap::new()
    } else {
        feature::Entity::find()
            .filter(feature::Column::Id.is_in(feature_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.id, f))
            .collect()
    };
    lines
        .iter()
        .map(|(p, quantity)| {
            Ok(BilledPrice {
                price: PriceView {
                    amount: stored_amount(p)?,
                    feature: p.feature_id.and_then(|id| features.get(&id).cloned()),
                    price: p.clone(),
                },
                quantity: *quantity,
                of_plan: p.package_id == plan_id,
            })
        })
        .collect()
}

/// A plan's read model as the catalog rows its prices are localized from.
fn priced_of(view: &read::PackageView) -> Priced {
    Priced {
        package: view.package.clone(),
        prices: view.prices.iter().map(|p| p.price.clone()).collect(),
    }
}
