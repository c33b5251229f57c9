//! Subscriptions and what they reference, mapped from the domain's views
//! ([`crate::subscription::read`]) to Stigg's output types (plans, addons and prices through
//! the catalog's one mapping, `super::catalog`); and `subscriptionParams` decoded
//! into the domain's request. Fields plangate cannot back yet are null or empty (README's
//! compatibility table lists them).

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;

use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::catalog::{addon_object, money, plan_object, price_object};
use super::customer::Customer;
use super::scalars::DateTime;
use super::stigg::enums::{
    PaymentCollection, ProvisionSubscriptionStatus, SubscriptionCouponStatus, TrialEndBehavior,
};
use super::stigg::inputs::{ProvisionCustomerSubscriptionInput, ProvisionSubscriptionInput};
use super::stigg::objects::{
    CustomerResource, CustomerSubscription, CustomerSubscriptionTotalPrice, Entitlement,
    EntitlementUnion, SubscriptionAddon, SubscriptionCoupon, SubscriptionPrice, TrialConfiguration,
};
use crate::error::Error;
use crate::subscription::pricing;
use crate::subscription::read::{self, SubscriptionView};
use crate::subscription::trial::TrialOverride;
use crate::subscription::{self as domain, SubscriptionRequest};

/// Decodes a subscription request (`subscriptionParams` of `provisionCustomer`, or
/// `provisionSubscription`'s input, which share these fields) into the domain's request.
/// Inputs that would change the outcome but are not supported yet are named in
/// `unsupported` (refused with `UnsupportedParameter`); inputs that only matter to a billing
/// integration (`billingId`, `salesforceId`, `billingInformation`, `paymentCollectionMethod`,
/// `awaitPaymentConfirmation`, `billingCycleAnchor`) are accepted and not acted on.
macro_rules! subscription_request {
    ($input:expr, $($extra:literal => $given:expr),* $(,)?) => {{
        let input = $input;
        let given = [
            ("appliedCoupon", input.applied_coupon.is_some()),
            ("budget", input.budget.is_some()),
            ("charges", input.charges.is_some()),
            ("entitlements", input.entitlements.is_some()),
            ("minimumSpend", input.minimum_spend.is_some()),
            ("priceOverrides", input.price_overrides.is_some()),
            ("priceUnitAmount", input.price_unit_amount.is_some()),
            ("subscriptionEntitlements", input.subscription_entitlements.is_some()),
            ("unitQuantity", input.unit_quantity.is_some()),
            $(($extra, $given),)*
        ];
        SubscriptionRequest {
            unsupported: given.iter().filter(|(_, g)| *g).map(|(f, _)| *f).collect(),
            plan_id: input.plan_id,
            subscription_id: input.subscription_id,
            ref_id: input.ref_id,
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
            additional_meta_data: input.additional_meta_data.map(|j| j.0),
            start_date: input.start_date.map(|t| t.0),
            promotion_code: input.promotion_code,
            skip_trial: false,
            trial_override: input.trial_override_configuration.map(|t| TrialOverride {
                is_trial: t.is_trial,
                end: t.trial_end_date.map(|d| d.0),
                end_behavior: t.trial_end_behavior.map(Into::into),
            }),
        }
    }};
}

/// `provisionCustomer`'s `subscriptionParams` as the domain's request.
pub fn request(input: ProvisionCustomerSubscriptionInput) -> SubscriptionRequest {
    subscription_request!(input,)
}

/// `provisionSubscription`'s input as the domain's request (and the customer id), with
/// `skipTrial`. `payingCustomerId`, `checkoutOptions`, `scheduleStrategy` and
/// `cancellationDate` are not supported yet.
pub fn provision_request(input: ProvisionSubscriptionInput) -> (String, SubscriptionRequest) {
    let customer_id = input.customer_id.clone();
    let skip_trial = input.skip_trial.unwrap_or(false);
    let paying = input.paying_customer_id.is_some();
    let checkout = input.checkout_options.is_some();
    let schedule = input.schedule_strategy.is_some();
    let cancellation = input.cancellation_date.is_some();
    let request = subscription_request!(input,
        "payingCustomerId" => paying,
        "checkoutOptions" => checkout,
        "scheduleStrategy" => schedule,
        "cancellationDate" => cancellation,
    );
    (
        customer_id,
        SubscriptionRequest {
            skip_trial,
            ..request
        },
    )
}

/// Loads every subscription (any status) of a batch of customers at once, so that a page of
/// customers costs the same few queries as one customer.
pub struct SubscriptionLoader {
    pub db: DatabaseConnection,
}

impl Loader<Uuid> for SubscriptionLoader {
    type Value = Arc<Vec<SubscriptionView>>;
    type Error = Arc<Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let mut grouped = read::for_customers(&self.db, keys, None)
            .await
            .map_err(Arc::new)?;
        Ok(keys
            .iter()
            .map(|k| (*k, Arc::new(grouped.remove(k).unwrap_or_default())))
            .collect())
    }
}

/// Stigg `CustomerSubscription` for `view`, owned by `customer`, priced at `now`
/// ([`crate::subscription::pricing`]: `totalPrice` and `coupon`). Errors: `UnexpectedError`
/// (a stored coupon that cannot be read).
pub fn customer_subscription(
    view: &SubscriptionView,
    customer: &Customer,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<CustomerSubscription, Error> {
    let row = &view.row;
    let pricing = pricing::price(view, view.coupon.as_ref(), now)?;
    let trial = row.trial_end_date.is_some();
    Ok(CustomerSubscription {
        id: row.id,
        subscription_id: row.ref_id.clone(),
        ref_id: row.ref_id.clone(),
        status: row.status.into(),
        pricing_type: row.pricing_type.into(),
        additional_meta_data: row.additional_meta_data.clone().map(async_graphql::Json),
        start_date: DateTime(row.start_date),
        end_date: None,
        trial_end_date: row.trial_end_date.map(DateTime),
        cancellation_date: row.cancellation_date.map(DateTime),
        effective_end_date: row.effective_end_date.map(DateTime),
        current_billing_period_end: row.current_billing_period_end.map(DateTime),
        customer: customer.clone(),
        paying_customer: None,
        resource: row
            .resource_id
            .clone()
            .map(|resource_id| CustomerResource { resource_id }),
        plan: plan_object(&view.plan),
        addons: Some(
            view.addons
                .iter()
                .map(|(addon_view, quantity)| SubscriptionAddon {
                    id: Uuid::new_v5(&row.id, addon_view.package.id.as_bytes()),
                    quantity: f64::from(*quantity),
                    addon: addon_object(addon_view),
                })
                .collect(),
        ),
        prices: Some(
            view.prices
                .iter()
                .filter(|b| b.of_plan)
                .map(|b| SubscriptionPrice {
                    usage_limit: b.price.feature.is_some().then_some(b.quantity),
                    price: Some(price_object(&b.price)),
                })
                .collect(),
        ),
        total_price: pricing.totals.and_then(|t| {
            Some(CustomerSubscriptionTotalPrice {
                sub_total: money(t.sub_total, t.currency)?,
                total: money(t.total, t.currency)?,
            })
        }),
        coupon: pricing
            .coupon
            .map(|applied| subscription_coupon(&applied))
            .transpose()?,
        trial_configuration: trial.then(|| TrialConfiguration {
            trial_end_behavior: view
                .plan
                .package
                .default_trial_end_behavior
                .map_or(TrialEndBehavior::ConvertToPaid, Into::into),
        }),
        payment_collection: PaymentCollection::NotRequired,
        payment_collection_method: None,
        billing_id: None,
        billing_link_url: None,
        billing_sync_error: None,
        latest_invoice: None,
        experiment_info: None,
        scheduled_updates: Some(Vec::new()),
        future_updates: Vec::new(),
    })
}

/// Stigg `SubscriptionCoupon` of the coupon discounting a subscription: `ACTIVE` while it
/// lasts, `EXPIRED` after; `startDate` is when the customer got it; `discountValue` as on
/// `Coupon`.
fn subscription_coupon(applied: &pricing::AppliedCoupon) -> Result<SubscriptionCoupon, Error> {
    let c = super::coupon::coupon_object(&applied.coupon)?;
    Ok(SubscriptionCoupon {
        id: c.id,
        ref_id: c.ref_id,
        name: c.name,
        type_: c.type_,
        status: if applied.active {
            SubscriptionCouponStatus::Active
        } else {
            SubscriptionCouponStatus::Expired
        },
        percent_off: c.percent_off,
        amounts_off: c.amounts_off,
        discount_value: c.discount_value,
        duration_in_months: applied.coupon.duration_in_months.map(f64::from),
        environment_id: applied.coupon.environment_id,
        start_date: Some(DateTime(applied.start)),
        expiration_date: applied.expiration.map(DateTime),
    })
}

/// True for statuses a customer "has" (Stigg's default `subscriptions` filter).
pub fn is_live(view: &SubscriptionView) -> bool {
    domain::is_live(view.row.status)
}

/// Subscription mutations.
#[derive(Default)]
pub struct SubscriptionMutation;

#[async_graphql::Object]
impl SubscriptionMutation {
    /// Stigg `provisionSubscriptionV2` (what the official v2 client's `provision_subscription`
    /// calls): subscribe an existing customer to a plan (the customer journey does not apply).
    /// Errors: `CustomerNotFound` (unknown or archived), `PlanNotFound` (not a published
    /// plan), `AddonNotFound`, `IncompatibleSubscriptionAddon`, `InvalidQuantity`,
    /// `AddonQuantityExceedsLimitError`, `BillingPeriodMissingError`,
    /// `DuplicatedEntityNotAllowed` (a second live subscription where the product allows one
    /// per customer or resource, or a taken subscription id), `PromotionCodeNotFound`,
    /// `InvalidMetadataError`, `BadUserInput`, `UnsupportedParameter`.
    #[graphql(name = "provisionSubscriptionV2")]
    async fn provision_subscription(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: ProvisionSubscriptionInput,
    ) -> async_graphql::Result<ProvisionSubscriptionResult> {
        let rc = ctx.data::<super::RequestContext>()?;
        let (customer_id, request) = provision_request(input);
        let provisioned = crate::subscription::provision::provision_subscription(
            &rc.db,
            rc.environment,
            &customer_id,
            request,
            rc.now(),
        )
        .await?;
        Ok(ProvisionSubscriptionResult(provisioned))
    }
}

/// Stigg `ProvisionSubscriptionResult`.
pub struct ProvisionSubscriptionResult(crate::subscription::provision::ProvisionedSubscription);

/// The answer of `provisionSubscriptionV2`: the subscription created, with its status (the
/// subscription is created at once; no checkout is needed).
#[async_graphql::Object(name = "ProvisionSubscriptionResult")]
impl ProvisionSubscriptionResult {
    /// The subscription's id (its `subscriptionId`).
    async fn id(&self) -> &str {
        &self.0.subscription.row.ref_id
    }
    /// Always `SUCCESS`: no checkout is involved without a billing integration.
    async fn status(&self) -> ProvisionSubscriptionStatus {
        ProvisionSubscriptionStatus::Success
    }
    async fn subscription(
        &self,
        ctx: &async_graphql::Context<'_>,
    ) -> async_graphql::Result<Option<CustomerSubscription>> {
        let now = ctx.data::<super::RequestContext>()?.now();
        let customer = Customer(self.0.customer.clone());
        Ok(Some(customer_subscription(
            &self.0.subscription,
            &customer,
            now,
        )?))
    }
    /// The customer's effective entitlements over all its live subscriptions.
    async fn entitlements(&self) -> Option<Vec<Entitlement>> {
        Some(
            self.0
                .entitlements
                .iter()
                .map(|e| {
                    super::entitlement::entitlement(
                        e,
                        &self.0.customer.ref_id,
                        self.0.subscription.row.resource_id.as_deref(),
                    )
                })
                .collect(),
        )
    }
    #[graphql(name = "entitlementsV2")]
    async fn entitlements_v2(&self) -> Option<Vec<EntitlementUnion>> {
        Some(
            self.0
                .entitlements
                .iter()
                .map(super::entitlement::entitlement_v2)
                .collect(),
        )
    }
    /// Always null (no billing integration, no checkout).
    #[graphql(name = "checkoutUrl")]
    async fn checkout_url(&self) -> Option<String> {
        None
    }
    /// Always null (no billing integration, no checkout).
    #[graphql(name = "checkoutBillingId")]
    async fn checkout_billing_id(&self) -> Option<String> {
        None
    }
    /// Always false: subscriptions start when provisioned.
    #[graphql(name = "isScheduled")]
    async fn is_scheduled(&self) -> Option<bool> {
        Some(false)
    }
}
