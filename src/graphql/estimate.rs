//! Estimates and previews: Stigg's `estimateSubscription`, `previewSubscription`,
//! `estimateSubscriptionUpdate` and `previewNextInvoice` (the official v2 client's
//! `estimate_subscription`, `preview_subscription`, `estimate_subscription_update`,
//! `preview_next_invoice`). Inputs are decoded into the domain's requests, priced by
//! [`crate::subscription::estimate`] (which holds the rules and writes nothing), and its
//! invoices mapped to Stigg's preview types.
//!
//! Amounts are `Money` in decimal currency units (not cents) with an ISO 4217 currency.
//! What a billing provider would add and plangate does not compute is constant and documented
//! in README's compatibility table: `tax` is 0 (`SubscriptionPricePreviewDTO.tax: Money!` too),
//! so `totalExcludingTax` equals `total`; `taxDetails` and `credits` are null;
//! `minimumSpendAdjustment` is 0; `hasScheduledUpdates` is false.

use async_graphql::Object;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::catalog::{money, price_object};
use super::scalars::DateTime;
use super::stigg::enums::{
    DiscountDurationType, DiscountType, InvoiceLineItemType, ScheduleStrategy,
};
use super::stigg::inputs::{
    EstimateSubscriptionInput, EstimateSubscriptionUpdateInput, PreviewNextInvoiceInput,
    PreviewSubscriptionInput,
};
use super::stigg::objects::{
    DateRange, ImmediateSubscriptionPreviewInvoice, Money, SubscriptionInvoicePreview,
    SubscriptionInvoicePreviewLineItem, SubscriptionInvoicePreviewLineItemPeriod,
    SubscriptionPreview, SubscriptionPreviewDiscount, SubscriptionPreviewInvoice,
    SubscriptionPreviewProrations, SubscriptionPreviewV2, SubscriptionPricePreviewDTO,
};
use crate::error::Error;
use crate::subscription::estimate::{
    self, Discount, Invoice, LineKind, NextInvoice, Preview, Proration,
};
use crate::subscription::trial::TrialOverride;
use crate::subscription::update::UpdateRequest;
use crate::subscription::SubscriptionRequest;
use entity::stigg_enums::{BillingModel, CouponType, Currency};

impl From<CouponType> for DiscountType {
    fn from(value: CouponType) -> Self {
        match value {
            CouponType::Percentage => DiscountType::Percentage,
            CouponType::Fixed => DiscountType::Fixed,
        }
    }
}

impl From<LineKind> for InvoiceLineItemType {
    fn from(value: LineKind) -> Self {
        match value {
            LineKind::Base => InvoiceLineItemType::BaseCharge,
            LineKind::InAdvanceCommitment => InvoiceLineItemType::InAdvanceCommitmentCharge,
            LineKind::Addon => InvoiceLineItemType::AddonCharge,
        }
    }
}

/// Decodes `EstimateSubscriptionInput` / `PreviewSubscriptionInput` (which share these
/// fields) into the domain's request, as `provisionSubscriptionV2`'s input is decoded:
/// `appliedCoupon` other than `{couponId}`, `charges`, `payingCustomerId` and `unitQuantity`
/// (plus the extra fields given) are refused with `UnsupportedParameter`;
/// `billingInformation` only matters to a billing integration's tax: accepted, not acted on.
macro_rules! estimate_request {
    ($input:expr, $($extra:literal => $given:expr),* $(,)?) => {{
        let input = $input;
        let given = [
            (
                "appliedCoupon",
                $crate::graphql::subscription::beyond_catalog_coupon(input.applied_coupon.as_ref()),
            ),
            ("charges", input.charges.is_some()),
            ("payingCustomerId", input.paying_customer_id.is_some()),
            ("unitQuantity", input.unit_quantity.is_some()),
            $(($extra, $given),)*
        ];
        SubscriptionRequest {
            unsupported: given.iter().filter(|(_, g)| *g).map(|(f, _)| *f).collect(),
            plan_id: input.plan_id,
            resource_id: input.resource_id,
            billable_features: input
                .billable_features
                .unwrap_or_default()
                .into_iter()
                .map(|b| (b.feature_id, b.quantity))
                .collect(),
            addons: input
                .addons
                .unwrap_or_default()
                .into_iter()
                .map(|a| (a.addon_id, a.quantity))
                .collect(),
            billing_period: input.billing_period.map(Into::into),
            billing_country_code: input.billing_country_code,
            start_date: input.start_date.map(|t| t.0),
            promotion_code: input.promotion_code,
            applied_coupon: input.applied_coupon.and_then(|c| c.coupon_id),
            trial_override: input.trial_override_configuration.map(|t| TrialOverride {
                is_trial: t.is_trial,
                end: t.trial_end_date.map(|d| d.0),
                end_behavior: t.trial_end_behavior.map(Into::into),
            }),
            ..SubscriptionRequest::default()
        }
    }};
}

/// `estimateSubscription`'s input as the domain's request (and the customer id). Also refused:
/// `priceUnitAmount`.
fn estimate_request(input: EstimateSubscriptionInput) -> (String, SubscriptionRequest) {
    let customer_id = input.customer_id.clone();
    let skip_trial = input.skip_trial.unwrap_or(false);
    let price_unit_amount = input.price_unit_amount.is_some();
    let request = estimate_request!(input, "priceUnitAmount" => price_unit_amount);
    (
        customer_id,
        SubscriptionRequest {
            skip_trial,
            ..request
        },
    )
}

/// `previewSubscription`'s input as the domain's request (and the customer id).
/// `scheduleStrategy` IMMEDIATE is what plangate does, the others are refused;
/// `billingCycleAnchor` is accepted and not acted on (as on `provisionSubscriptionV2`).
fn preview_request(input: PreviewSubscriptionInput) -> (String, SubscriptionRequest) {
    let customer_id = input.customer_id.clone();
    let schedule = input
        .schedule_strategy
        .is_some_and(|s| s != ScheduleStrategy::Immediate);
    let request = estimate_request!(input, "scheduleStrategy" => schedule);
    (customer_id, request)
}

/// `estimateSubscriptionUpdate`'s input as the domain's update request: `addons` (the whole
/// new list) and `billableFeatures` (changed quantities); `appliedCoupon` (which
/// `updateOneSubscription` cannot apply either), `charges` and `unitQuantity` are refused.
fn update_request(input: EstimateSubscriptionUpdateInput) -> UpdateRequest {
    let given = [
        ("appliedCoupon", input.applied_coupon.is_some()),
        ("charges", input.charges.is_some()),
        ("unitQuantity", input.unit_quantity.is_some()),
    ];
    UpdateRequest {
        subscription_ref_id: input.subscription_id,
        addons: input.addons.map(|addons| {
            addons
                .into_iter()
                .map(|a| (a.addon_id, a.quantity))
                .collect()
        }),
        billable_features: input.billable_features.map(|features| {
            features
                .into_iter()
                .map(|b| (b.feature_id, b.quantity))
                .collect()
        }),
        promotion_code: input.promotion_code,
        unsupported: given.iter().filter(|(_, g)| *g).map(|(f, _)| *f).collect(),
        ..UpdateRequest::default()
    }
}

/// Estimate and preview mutations (Stigg declares them as mutations; they write nothing).
#[derive(Default)]
pub struct EstimateMutation;

#[Object]
impl EstimateMutation {
    /// Stigg `estimateSubscription`: what subscribing a customer to a plan would cost (see
    /// `subscription::estimate::new_subscription`): the amount due now (`subTotal`,
    /// `discountAmount`, `total`: the first billing period when it starts now without a trial,
    /// less the credit for the unused time of a paid subscription it replaces), the recurring
    /// price (`subscription`), the `proration` of a replaced subscription, the
    /// `billingPeriodRange` and `isPlanDowngrade`. Errors: `CustomerNotFound`,
    /// `PlanNotFound`, `AddonNotFound`, `IncompatibleSubscriptionAddon`, `InvalidQuantity`,
    /// `AddonQuantityExceedsLimitError`, `BillingPeriodMissingError`, `CouponNotFound`,
    /// `PromotionCodeNotFound`, `UnsupportedParameter`, `AccessDeniedError`, `BadUserInput`.
    #[graphql(name = "estimateSubscription")]
    async fn estimate_subscription(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: EstimateSubscriptionInput,
    ) -> async_graphql::Result<SubscriptionPreview> {
        let rc = ctx.data::<super::RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let (customer_id, request) = estimate_request(input);
        let preview =
            estimate::new_subscription(&rc.db, rc.environment, &customer_id, request, rc.now())
                .await?;
        Ok(subscription_preview(&preview)?)
    }

    /// Stigg `estimateSubscriptionUpdate`: what changing a subscription's addons or per-unit
    /// quantities now would cost (see `subscription::estimate::subscription_update`): the
    /// prorated amount due now for the rest of the current billing period (`proration`:
    /// credit for what is removed, debit for what is added), and the new recurring price
    /// (`subscription`). Errors: `SubscriptionNotFound`,
    /// `SubscriptionAlreadyCanceledOrExpired`, `AddonNotFound`,
    /// `IncompatibleSubscriptionAddon`, `InvalidQuantity`, `AddonQuantityExceedsLimitError`,
    /// `PromotionCodeNotFound`, `UnsupportedParameter`, `AccessDeniedError`, `BadUserInput`.
    #[graphql(name = "estimateSubscriptionUpdate")]
    async fn estimate_subscription_update(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: EstimateSubscriptionUpdateInput,
    ) -> async_graphql::Result<SubscriptionPreview> {
        let rc = ctx.data::<super::RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let preview =
            estimate::subscription_update(&rc.db, rc.environment, update_request(input), rc.now())
                .await?;
        Ok(subscription_preview(&preview)?)
    }

    /// Stigg `previewSubscription`: `estimateSubscription`'s answer as an immediate invoice
    /// (with its `proration`) and a recurring invoice. Errors: those of
    /// `estimateSubscription`.
    #[graphql(name = "previewSubscription")]
    async fn preview_subscription(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: PreviewSubscriptionInput,
    ) -> async_graphql::Result<SubscriptionPreviewV2> {
        let rc = ctx.data::<super::RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let (customer_id, request) = preview_request(input);
        let preview =
            estimate::new_subscription(&rc.db, rc.environment, &customer_id, request, rc.now())
                .await?;
        Ok(subscription_preview_v2(&preview)?)
    }

    /// Stigg `previewNextInvoice`: a subscription's next invoice (see
    /// `subscription::estimate::next_invoice`): one line per billed price (`BaseCharge`,
    /// `InAdvanceCommitmentCharge`, `AddonCharge`) for the billing period it opens, the
    /// coupon's discount on that date, `amountDue` = `total`. Errors: `SubscriptionNotFound`,
    /// `SubscriptionAlreadyCanceledOrExpired`, `SubscriptionDoesNotHaveBillingPeriod`,
    /// `AccessDeniedError`, `BadUserInput`.
    #[graphql(name = "previewNextInvoice")]
    async fn preview_next_invoice(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: PreviewNextInvoiceInput,
    ) -> async_graphql::Result<SubscriptionInvoicePreview> {
        let rc = ctx.data::<super::RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let next = estimate::next_invoice(&rc.db, rc.environment, &input.subscription_id, rc.now())
            .await?;
        Ok(invoice_preview(&next)?)
    }
}

/// `Money` for an exact amount. Errors: `UnexpectedError` for an amount a Float cannot hold.
fn money_of(amount: Decimal, currency: Currency) -> Result<Money, Error> {
    money(amount, currency).ok_or_else(|| {
        Error::Unexpected(anyhow::anyhow!("amount {amount} {currency} is not a Float"))
    })
}

/// Stigg `SubscriptionPreviewDiscount` of an invoice's coupon.
fn discount(d: &Discount) -> SubscriptionPreviewDiscount {
    SubscriptionPreviewDiscount {
        name: Some(d.name.clone()),
        type_: d.coupon_type.into(),
        value: d.value.to_f64().unwrap_or_default(),
        duration_type: match d.duration_in_months {
            Some(_) => DiscountDurationType::Repeating,
            None => DiscountDurationType::Forever,
        },
        duration_in_months: d.duration_in_months.map(f64::from),
    }
}

/// The discount of an invoice as `Money`: null when no coupon discounts it.
fn discount_amount(invoice: &Invoice) -> Result<Option<Money>, Error> {
    invoice
        .coupon
        .as_ref()
        .map(|_| money_of(invoice.discount, invoice.currency))
        .transpose()
}

fn prorations(p: &Proration, currency: Currency) -> Result<SubscriptionPreviewProrations, Error> {
    Ok(SubscriptionPreviewProrations {
        proration_date: DateTime(p.date),
        credit: money_of(p.credit, currency)?,
        debit: money_of(p.debit, currency)?,
        net_amount: money_of(p.net, currency)?,
        has_prorations: Some(p.has_prorations()),
    })
}

fn date_range(preview: &Preview) -> DateRange {
    let (start, end) = preview.billing_period;
    DateRange {
        start: Some(DateTime(start)),
        end: end.map(DateTime),
    }
}

/// Stigg `SubscriptionPreview` (`estimateSubscription`, `estimateSubscriptionUpdate`): the
/// top-level amounts are the immediate invoice's, `subscription` the recurring one's.
fn subscription_preview(preview: &Preview) -> Result<SubscriptionPreview, Error> {
    let now = &preview.immediate;
    let zero = |c| money_of(Decimal::ZERO, c);
    Ok(SubscriptionPreview {
        sub_total: money_of(now.sub_total, now.currency)?,
        total_excluding_tax: money_of(now.total, now.currency)?,
        total: money_of(now.total, now.currency)?,
        discount_amount: discount_amount(now)?,
        discount: now.coupon.as_ref().map(discount),
        tax: Some(zero(now.currency)?),
        tax_details: None,
        billing_period_range: date_range(preview),
        subscription: preview
            .recurring
            .as_ref()
            .map(|r| {
                Ok::<_, Error>(SubscriptionPricePreviewDTO {
                    sub_total: money_of(r.sub_total, r.currency)?,
                    total_excluding_tax: money_of(r.total, r.currency)?,
                    total: money_of(r.total, r.currency)?,
                    tax: zero(r.currency)?,
                    discount_amount: discount_amount(r)?,
                    tax_details: None,
                    discount: r.coupon.as_ref().map(discount),
                })
            })
            .transpose()?,
        proration: preview
            .proration
            .as_ref()
            .map(|p| prorations(p, now.currency))
            .transpose()?,
        is_plan_downgrade: preview.is_plan_downgrade,
        has_scheduled_updates: Some(false),
        credits: None,
    })
}

/// Stigg `SubscriptionPreviewV2` (`previewSubscription`).
fn subscription_preview_v2(preview: &Preview) -> Result<SubscriptionPreviewV2, Error> {
    let now = &preview.immediate;
    Ok(SubscriptionPreviewV2 {
        immediate_invoice: ImmediateSubscriptionPreviewInvoice {
            total: money_of(now.total, now.currency)?,
            sub_total: money_of(now.sub_total, now.currency)?,
            total_excluding_tax: money_of(now.total, now.currency)?,
            tax: Some(money_of(Decimal::ZERO, now.currency)?),
            discount: discount_amount(now)?,
            tax_details: None,
            discount_details: now.coupon.as_ref().map(discount),
            credits: None,
            proration: preview
                .proration
                .as_ref()
                .map(|p| prorations(p, now.currency))
                .transpose()?,
        },
        recurring_invoice: preview
            .recurring
            .as_ref()
            .map(|r| {
                Ok::<_, Error>(SubscriptionPreviewInvoice {
                    total: money_of(r.total, r.currency)?,
                    sub_total: money_of(r.sub_total, r.currency)?,
                    total_excluding_tax: money_of(r.total, r.currency)?,
                    tax: Some(money_of(Decimal::ZERO, r.currency)?),
                    discount: discount_amount(r)?,
                    tax_details: None,
                    discount_details: r.coupon.as_ref().map(discount),
                })
            })
            .transpose()?,
        billing_period_range: date_range(preview),
        is_plan_downgrade: preview.is_plan_downgrade,
        has_scheduled_updates: Some(false),
    })
}

/// Stigg `SubscriptionInvoicePreview` (`previewNextInvoice`).
fn invoice_preview(next: &NextInvoice) -> Result<SubscriptionInvoicePreview, Error> {
    let invoice = &next.invoice;
    let currency = invoice.currency;
    let lines = next
        .lines
        .iter()
        .map(|line| {
            Ok(SubscriptionInvoicePreviewLineItem {
                type_: line.kind.into(),
                description: line.description.clone(),
                cost_description: line.cost_description.clone(),
                amount: money_of(line.amount, currency)?,
                unit_price: Some(money_of(line.price.amount, currency)?),
                // Quantities are whole numbers (checked when subscribed).
                quantity: Decimal::try_from(line.quantity)
                    .ok()
                    .and_then(|q| q.to_i32()),
                proration: false,
                price: Some(price_object(&line.price)),
                usage_limit: (line.price.price.billing_model == BillingModel::PerUnit)
                    .then_some(line.quantity),
                period: SubscriptionInvoicePreviewLineItemPeriod {
                    start: DateTime(line.period.0),
                    end: DateTime(line.period.1),
                },
                has_soft_limit: None,
                lines: None,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(SubscriptionInvoicePreview {
        amount_due: money_of(invoice.total, currency)?,
        minimum_spend_adjustment: money_of(Decimal::ZERO, currency)?,
        total: money_of(invoice.total, currency)?,
        total_excluding_tax: money_of(invoice.total, currency)?,
        sub_total: money_of(invoice.sub_total, currency)?,
        sub_total_excluding_tax: money_of(invoice.sub_total, currency)?,
        tax: Some(money_of(Decimal::ZERO, currency)?),
        tax_details: None,
        discount: discount_amount(invoice)?,
        discount_details: invoice.coupon.as_ref().map(discount),
        credits: None,
        last_updated_at: DateTime(next.computed_at),
        lines,
    })
}
