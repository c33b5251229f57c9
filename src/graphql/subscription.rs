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

use super::catalog::answers::CatalogObject;
use super::catalog::{money, price_object};
use super::customer::Customer;
use super::scalars::DateTime;
use super::stigg::enums::{
    PaymentCollection, ProvisionSubscriptionStatus, ScheduleStrategy, SortDirection,
    SubscriptionCouponStatus, SubscriptionQuerySortFields, TrialEndBehavior,
};
use super::stigg::inputs::{
    GetActiveSubscriptionsInput, GetSubscriptionInput, ProvisionCustomerSubscriptionInput,
    ProvisionSubscriptionInput, StringFieldComparison, SubscriptionCancellationInput,
    SubscriptionQueryFilter, SubscriptionQuerySort, TransferSubscriptionInput,
    TransferSubscriptionToResourceInput, UpdateSubscriptionInput,
};
use super::stigg::objects::{
    CustomerResource, CustomerSubscription, CustomerSubscriptionTotalPrice, Entitlement,
    EntitlementUnion, SubscriptionAddon, SubscriptionCoupon, SubscriptionPrice, SubscriptionQuery,
    TrialConfiguration,
};
use crate::catalog::kept::KeptPackages;
use crate::error::Error;
use crate::subscription::cancel::CancelRequest;
use crate::subscription::pricing;
use crate::subscription::read::{self, SubscriptionView};
use crate::subscription::trial::TrialOverride;
use crate::subscription::SubscriptionRequest;

/// True when an `appliedCoupon` asks for more than a catalog coupon (`{couponId}` alone):
/// a billing coupon, an ad-hoc discount, a promotion code or a configuration. Those are
/// refused with `UnsupportedParameter` wherever a subscription request is decoded.
pub(crate) fn beyond_catalog_coupon(
    coupon: Option<&super::stigg::inputs::SubscriptionCouponInput>,
) -> bool {
    coupon.is_some_and(|c| {
        c.coupon_id.is_none()
            || c.billing_coupon_id.is_some()
            || c.discount.is_some()
            || c.promotion_code.is_some()
            || c.configuration.is_some()
    })
}

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
            // Only a catalog coupon (`couponId`) is supported.
            (
                "appliedCoupon",
                $crate::graphql::subscription::beyond_catalog_coupon(input.applied_coupon.as_ref()),
            ),
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
            applied_coupon: input.applied_coupon.and_then(|c| c.coupon_id),
            skip_trial: false,
            paying_customer_id: None,
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
/// `skipTrial` and `payingCustomerId`. `checkoutOptions`, `scheduleStrategy` and
/// `cancellationDate` are not supported yet.
pub fn provision_request(input: ProvisionSubscriptionInput) -> (String, SubscriptionRequest) {
    let customer_id = input.customer_id.clone();
    let skip_trial = input.skip_trial.unwrap_or(false);
    let paying_customer_id = input.paying_customer_id.clone();
    let checkout = input.checkout_options.is_some();
    let schedule = input.schedule_strategy.is_some();
    let cancellation = input.cancellation_date.is_some();
    let request = subscription_request!(input,
        "checkoutOptions" => checkout,
        "scheduleStrategy" => schedule,
        "cancellationDate" => cancellation,
    );
    (
        customer_id,
        SubscriptionRequest {
            skip_trial,
            paying_customer_id,
            ..request
        },
    )
}

/// `updateOneSubscription`'s input as the domain's request. `billingInformation`,
/// `billingCycleAnchor`, `awaitPaymentConfirmation` and `salesforceId` only matter to a billing
/// integration: accepted, not acted on. `scheduleStrategy` IMMEDIATE is what plangate does;
/// the others, and inputs that would change the outcome but are not supported yet, are
/// refused with `UnsupportedParameter`. Errors: `EntityIdDifferentFromRefIdError`,
/// `BadUserInput` (neither id given).
pub fn update_request(
    input: UpdateSubscriptionInput,
) -> Result<crate::subscription::update::UpdateRequest, Error> {
    let given = [
        ("appliedCoupon", input.applied_coupon.is_some()),
        ("budget", input.budget.is_some()),
        ("cancellationDate", input.cancellation_date.is_some()),
        ("charges", input.charges.is_some()),
        ("entitlements", input.entitlements.is_some()),
        ("minimumSpend", input.minimum_spend.is_some()),
        ("priceOverrides", input.price_overrides.is_some()),
        (
            "scheduleStrategy",
            input
                .schedule_strategy
                .is_some_and(|s| s != ScheduleStrategy::Immediate),
        ),
        (
            "subscriptionEntitlements",
            input.subscription_entitlements.is_some(),
        ),
        ("unitQuantity", input.unit_quantity.is_some()),
    ];
    let subscription_ref_id = match (input.subscription_id, input.ref_id) {
        (Some(id), Some(ref_id)) if id != ref_id => {
            return Err(Error::EntityIdDifferentFromRefId { id, ref_id })
        }
        (Some(id), _) | (None, Some(id)) => id,
        (None, None) => return Err(Error::bad_input("subscriptionId (or refId) is required")),
    };
    Ok(crate::subscription::update::UpdateRequest {
        subscription_ref_id,
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
        billing_period: input.billing_period.map(Into::into),
        additional_meta_data: input.additional_meta_data.map(|j| j.0),
        trial_end_date: input.trial_end_date.map(|t| t.0),
        promotion_code: input.promotion_code,
        unsupported: given.iter().filter(|(_, g)| *g).map(|(f, _)| *f).collect(),
    })
}

/// Loads every subscription (any status) of a batch of customers at once, so that a page of
/// customers costs the same few queries as one customer.
pub struct SubscriptionLoader {
    pub db: DatabaseConnection,
    /// The request's instant: every subscription of one answer is shown as it is then.
    pub now: chrono::DateTime<chrono::Utc>,
    /// The process's kept plans and addons.
    pub packages: KeptPackages,
}

impl Loader<Uuid> for SubscriptionLoader {
    type Value = Arc<Vec<SubscriptionView>>;
    type Error = Arc<Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let revision = KeptPackages::revision(&self.db).await.map_err(Arc::new)?;
        let packages = read::Packages::Kept(&self.packages, revision);
        let mut grouped = read::for_customers_with(&self.db, keys, None, self.now, packages)
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
        status: view.state.status.into(),
        pricing_type: row.pricing_type.into(),
        additional_meta_data: row.additional_meta_data.clone().map(async_graphql::Json),
        start_date: DateTime(row.start_date),
        // An expired trial ends at its end, before the worker writes it.
        end_date: row
            .end_date
            .or_else(|| {
                (view.state.status == crate::subscription::SubscriptionStatus::Expired)
                    .then_some(row.trial_end_date)
                    .flatten()
            })
            .map(DateTime),
        trial_end_date: row.trial_end_date.map(DateTime),
        cancellation_date: row.cancellation_date.map(DateTime),
        effective_end_date: row.effective_end_date.map(DateTime),
        current_billing_period_start: view.state.billing_period.map(|(start, _)| DateTime(start)),
        current_billing_period_end: view.state.billing_period.map(|(_, end)| DateTime(end)),
        billing_period: row.billing_period.map(Into::into),
        customer: customer.clone(),
        paying_customer: view.paying_customer.clone().map(Customer),
        resource: row
            .resource_id
            .clone()
            .map(|resource_id| CustomerResource { resource_id }),
        plan: CatalogObject::new(Arc::clone(&view.plan)),
        addons: Some(
            view.addons
                .iter()
                .map(|(addon_view, quantity)| SubscriptionAddon {
                    id: Uuid::new_v5(&row.id, addon_view.package.id.as_bytes()),
                    quantity: f64::from(*quantity),
                    addon: CatalogObject::new(Arc::clone(addon_view)),
                })
                .collect(),
        ),
        prices: Some(
            view.prices
                .iter()
                .filter(|b| b.of_plan)
                .map(|b| SubscriptionPrice {
                    billing_model: Some(b.price.price.billing_model.into()),
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
    view.is_live()
}

/// Subscription queries (the root fields; `SubscriptionQuery` is Stigg's list node type).
#[derive(Default)]
pub struct SubscriptionReads;

#[async_graphql::Object]
impl SubscriptionReads {
    /// Stigg `getSubscription`: one subscription by its id (`subscriptionId`), any status,
    /// as it is now. Errors: `SubscriptionNotFound`, `BadUserInput`, `AccessDeniedError`.
    #[graphql(name = "getSubscription")]
    async fn get_subscription(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: GetSubscriptionInput,
    ) -> async_graphql::Result<CustomerSubscription> {
        let rc = ctx.data::<super::RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let (customer, view) = crate::subscription::get::by_ref_id(
            &rc.db,
            rc.environment,
            &input.subscription_id,
            rc.now(),
        )
        .await?;
        Ok(customer_subscription(&view, &Customer(customer), rc.now())?)
    }

    /// Stigg `getActiveSubscriptions`: the customer's ACTIVE and IN_TRIAL subscriptions now,
    /// newest first (only those on `resourceId` / `resourceIds` when given). Errors:
    /// `CustomerNotFound` (unknown or archived), `BadUserInput`, `AccessDeniedError`.
    /// Stigg `subscriptions`: see [`subscriptions`].
    async fn subscriptions(
        &self,
        ctx: &async_graphql::Context<'_>,
        filter: Option<SubscriptionQueryFilter>,
        paging: Option<super::stigg::inputs::CursorPaging>,
        sorting: Option<Vec<SubscriptionQuerySort>>,
    ) -> async_graphql::Result<super::connection::Connection<SubscriptionQuery>> {
        Box::pin(subscriptions(ctx, filter, paging, sorting)).await
    }

    #[graphql(name = "getActiveSubscriptions")]
    async fn get_active_subscriptions(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: GetActiveSubscriptionsInput,
    ) -> async_graphql::Result<Vec<CustomerSubscription>> {
        let rc = ctx.data::<super::RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let resources: Vec<String> = input
            .resource_id
            .into_iter()
            .chain(input.resource_ids.unwrap_or_default())
            .collect();
        let (customer, views) = crate::subscription::get::active(
            &rc.db,
            rc.environment,
            &input.customer_id,
            &resources,
            rc.now(),
        )
        .await?;
        let customer = Customer(customer);
        let now = rc.now();
        Ok(views
            .iter()
            .map(|v| customer_subscription(v, &customer, now))
            .collect::<Result<_, _>>()?)
    }
}

/// Stigg `subscriptions` (the v2 client's `get_subscriptions`): the environment's
/// subscriptions, as they are now. Filters `customerId`, `subscriptionId`, `resourceId`,
/// `plan.refId` (`eq`, `in`), `status` (`eq`, `in`, `neq`, `notIn`), `pricingType` (`eq`,
/// `in`), `environmentId` (`eq`, the key's); sorting `createdAt` (default, newest first),
/// `startDate`, `subscriptionId`, `status`; `first`/`last`/`after`/`before` offset cursors as
/// `customers`. Anything else → `UnsupportedParameter` naming where it was given.
pub async fn subscriptions(
    ctx: &async_graphql::Context<'_>,
    filter: Option<SubscriptionQueryFilter>,
    paging: Option<super::stigg::inputs::CursorPaging>,
    sorting: Option<Vec<SubscriptionQuerySort>>,
) -> async_graphql::Result<super::connection::Connection<SubscriptionQuery>> {
    use crate::subscription::list::{ListFilter, ListRequest, SortField};
    let rc = ctx.data::<super::RequestContext>()?;
    let unsupported =
        |what: &str| Error::UnsupportedParameter(format!("subscriptions: {what} is not supported"));
    let texts = |path: &str, c: &StringFieldComparison| -> Result<Vec<String>, Error> {
        if c.eq.is_some() && c.in_.is_some() {
            return Err(unsupported(&format!("{path}: eq together with in")));
        }
        let only_eq_in = c.gt.is_none()
            && c.gte.is_none()
            && c.i_like.is_none()
            && c.is_.is_none()
            && c.is_not.is_none()
            && c.like.is_none()
            && c.lt.is_none()
            && c.lte.is_none()
            && c.neq.is_none()
            && c.not_i_like.is_none()
            && c.not_in.is_none()
            && c.not_like.is_none();
        if !only_eq_in {
            return Err(unsupported(&format!(
                "{path}: a comparison other than eq and in"
            )));
        }
        Ok(c.eq
            .iter()
            .cloned()
            .chain(c.in_.iter().flatten().cloned())
            .collect())
    };
    let mut list = ListFilter::default();
    if let Some(f) = filter {
        let given = [
            ("filter.and", f.and_.is_some()),
            ("filter.or", f.or_.is_some()),
            ("filter.billingId", f.billing_id.is_some()),
            ("filter.cancellationDate", f.cancellation_date.is_some()),
            ("filter.createdAt", f.created_at.is_some()),
            ("filter.customer", f.customer.is_some()),
            ("filter.endDate", f.end_date.is_some()),
            ("filter.paymentCollection", f.payment_collection.is_some()),
            ("filter.productId", f.product_id.is_some()),
            ("filter.resource", f.resource.is_some()),
            ("filter.salesforceId", f.salesforce_id.is_some()),
            ("filter.startDate", f.start_date.is_some()),
        ];
        if let Some((what, _)) = given.iter().find(|(_, g)| *g) {
            return Err(unsupported(what).into());
        }
        if let Some(e) = &f.environment_id {
            if e.eq.is_none_or(|id| id != rc.environment.0)
                || e.in_.is_some()
                || e.neq.is_some()
                || e.not_in.is_some()
            {
                return Err(unsupported(
                    "filter.environmentId other than eq with the key's environment",
                )
                .into());
            }
        }
        if let Some(c) = &f.customer_id {
            list.customer_ref_ids = Some(texts("filter.customerId", c)?);
        }
        if let Some(c) = &f.subscription_id {
            list.subscription_ref_ids = Some(texts("filter.subscriptionId", c)?);
        }
        if let Some(c) = &f.resource_id {
            list.resource_ids = Some(texts("filter.resourceId", c)?);
        }
        if let Some(plan) = &f.plan {
            match (&plan.ref_id, plan_filter_only_ref_id(plan)) {
                (Some(c), true) => list.plan_ref_ids = Some(texts("filter.plan.refId", c)?),
                _ => return Err(unsupported("filter.plan other than refId").into()),
            }
        }
        if let Some(c) = &f.status {
            // One comparison per field: nestjs-query ORs several, which mixes badly with
            // the exclusions (found by the fresh-user trial).
            let given = [
                c.eq.is_some(),
                c.in_.is_some(),
                c.neq.is_some(),
                c.not_in.is_some(),
            ];
            if given.iter().filter(|g| **g).count() > 1 {
                return Err(unsupported("filter.status with more than one comparison").into());
            }
            if c.eq.is_some() || c.in_.is_some() {
                list.statuses = Some(
                    c.eq.iter()
                        .chain(c.in_.iter().flatten())
                        .map(|s| (*s).into())
                        .collect(),
                );
            }
            list.excluded_statuses = c
                .neq
                .iter()
                .chain(c.not_in.iter().flatten())
                .map(|s| (*s).into())
                .collect();
            if c.gt.is_some()
                || c.gte.is_some()
                || c.lt.is_some()
                || c.lte.is_some()
                || c.like.is_some()
                || c.not_like.is_some()
                || c.i_like.is_some()
                || c.not_i_like.is_some()
                || c.is_.is_some()
                || c.is_not.is_some()
            {
                return Err(unsupported("filter.status other than eq, in, neq, notIn").into());
            }
        }
        if let Some(c) = &f.pricing_type {
            if c.neq.is_some() || c.not_in.is_some() || (c.eq.is_some() && c.in_.is_some()) {
                return Err(unsupported("filter.pricingType other than eq, in").into());
            }
            list.pricing_types = Some(
                c.eq.iter()
                    .chain(c.in_.iter().flatten())
                    .map(|p| (*p).into())
                    .collect(),
            );
        }
    }
    let mut sorts = Vec::new();
    for (i, s) in sorting.unwrap_or_default().into_iter().enumerate() {
        let field = match s.field {
            SubscriptionQuerySortFields::CreatedAt => SortField::CreatedAt,
            SubscriptionQuerySortFields::StartDate => SortField::StartDate,
            SubscriptionQuerySortFields::SubscriptionId => SortField::SubscriptionId,
            SubscriptionQuerySortFields::Status => SortField::Status,
            other => {
                return Err(unsupported(&format!("sorting[{i}].field {other:?}")).into());
            }
        };
        if s.nulls.is_some() {
            return Err(unsupported(&format!("sorting[{i}].nulls")).into());
        }
        sorts.push((field, s.direction == SortDirection::Desc));
    }
    let request = ListRequest {
        filter: list,
        sorting: sorts,
        paging: super::connection::page_request(ctx, paging),
    };
    let now = rc.now();
    let changes = ctx.data_opt::<crate::realtime::Changes>();
    let page =
        crate::subscription::list::list(&rc.db, rc.environment, request, now, changes).await?;
    Ok(super::connection::Connection::try_from_page(
        page,
        |(customer, view)| subscription_query(&view, &Customer(customer), now),
    )?)
}

fn plan_filter_only_ref_id(plan: &super::stigg::inputs::SubscriptionQueryFilterPlanFilter) -> bool {
    plan.and_.is_none()
        && plan.or_.is_none()
        && plan.billing_id.is_none()
        && plan.created_at.is_none()
        && plan.description.is_none()
        && plan.display_name.is_none()
        && plan.environment_id.is_none()
        && plan.id.is_none()
        && plan.is_latest.is_none()
        && plan.pricing_type.is_none()
        && plan.product_id.is_none()
        && plan.status.is_none()
        && plan.updated_at.is_none()
        && plan.version_number.is_none()
}

/// Stigg `SubscriptionQuery` (a `subscriptions` node) for `view`: the same values as its
/// `CustomerSubscription`.
fn subscription_query(
    view: &SubscriptionView,
    customer: &Customer,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<SubscriptionQuery, Error> {
    let s = customer_subscription(view, customer, now)?;
    Ok(SubscriptionQuery {
        addons: s.addons,
        current_billing_period_end: s.current_billing_period_end,
        customer: s.customer,
        paying_customer: s.paying_customer,
        plan: s.plan,
        pricing_type: s.pricing_type,
        resource: s.resource,
        start_date: s.start_date,
        status: s.status,
        subscription_id: s.subscription_id,
        trial_configuration: s.trial_configuration,
        trial_end_date: s.trial_end_date,
    })
}

/// A subscription a mutation just changed, as `CustomerSubscription`, with its customer.
pub(super) async fn changed_subscription(
    ctx: &async_graphql::Context<'_>,
    rc: &super::RequestContext,
    view: &SubscriptionView,
) -> Result<CustomerSubscription, Error> {
    let customer = crate::customer::get::find_by_id(&rc.db, view.row.customer_id).await?;
    subscriptions_changed(ctx, rc, &customer.ref_id).await;
    customer_subscription(view, &Customer(customer), rc.now())
}

/// Tells realtime subscribers that a customer's subscriptions changed (after the change has
/// committed): its entitlements are sent again (`entitlementsUpdated`).
pub(super) async fn subscriptions_changed(
    ctx: &async_graphql::Context<'_>,
    rc: &super::RequestContext,
    customer_ref_id: &str,
) {
    let change = crate::realtime::Change::entitlements(rc.environment, customer_ref_id);
    crate::realtime::publish(ctx, change).await;
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
        subscriptions_changed(ctx, rc, &provisioned.customer.ref_id).await;
        Ok(ProvisionSubscriptionResult(provisioned))
    }

    /// Stigg `updateOneSubscription` (the v2 client's `update_subscription`): the whole new
    /// list of `addons`, changed `billableFeatures` quantities, `billingPeriod`,
    /// `additionalMetaData` (replaced) and a running trial's `trialEndDate`, applied now; the
    /// plan stays (a plan change is `provisionSubscriptionV2`). Errors: `SubscriptionNotFound`,
    /// `SubscriptionAlreadyCanceledOrExpired`, `AddonNotFound`,
    /// `IncompatibleSubscriptionAddon`, `InvalidQuantity`, `AddonQuantityExceedsLimitError`,
    /// `BillingPeriodMissingError`, `PromotionCodeNotFound`, `InvalidMetadataError`,
    /// `EntityIdDifferentFromRefIdError`, `BadUserInput`, `UnsupportedParameter`,
    /// `AccessDeniedError`.
    #[graphql(name = "updateOneSubscription")]
    async fn update_subscription(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: UpdateSubscriptionInput,
    ) -> async_graphql::Result<CustomerSubscription> {
        let rc = ctx.data::<super::RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let request = update_request(input)?;
        let view = crate::subscription::update::update_subscription(
            &rc.db,
            rc.environment,
            request,
            rc.now(),
        )
        .await?;
        Ok(changed_subscription(ctx, rc, &view).await?)
    }

    /// Stigg `transferSubscriptionToResource`: moves a subscription of a product with multiple
    /// subscriptions to another resource of its customer (plan, dates and prices stay; usage
    /// stays with the resource it was reported for). Errors: `SubscriptionNotFound`,
    /// `SubscriptionAlreadyCanceledOrExpired`, `DuplicatedEntityNotAllowed` (the destination
    /// has a subscription of the product), `BadUserInput`, `AccessDeniedError`.
    #[graphql(name = "transferSubscriptionToResource")]
    async fn transfer_subscription_to_resource(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: TransferSubscriptionToResourceInput,
    ) -> async_graphql::Result<CustomerSubscription> {
        let rc = ctx.data::<super::RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let view = crate::subscription::transfer::to_resource(
            &rc.db,
            rc.environment,
            &input.subscription_id,
            input.destination_resource_id.as_deref(),
            rc.now(),
        )
        .await?;
        Ok(changed_subscription(ctx, rc, &view).await?)
    }

    /// Stigg `transferSubscription` (deprecated by Stigg for
    /// `transferSubscriptionToResource`): moves the customer's subscription on
    /// `sourceResourceId` to `destinationResourceId`. Errors: those of
    /// `transferSubscriptionToResource`, `CustomerNotFound`, `SubscriptionNotFound` (nothing on
    /// the source resource).
    #[graphql(name = "transferSubscription")]
    async fn transfer_subscription(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: TransferSubscriptionInput,
    ) -> async_graphql::Result<CustomerSubscription> {
        let rc = ctx.data::<super::RequestContext>()?;
        let view = crate::subscription::transfer::between_resources(
            &rc.db,
            rc.environment,
            &input.customer_id,
            &input.source_resource_id,
            &input.destination_resource_id,
            rc.now(),
        )
        .await?;
        Ok(changed_subscription(ctx, rc, &view).await?)
    }

    /// Stigg `cancelSubscription`: IMMEDIATE ends the subscription now; END_OF_BILLING_PERIOD
    /// and SPECIFIC_DATE keep it ACTIVE until its `endDate`; the product's default when no
    /// time is given. Unless `subscriptionCancellationAction` is REVOKE_ENTITLEMENTS (which
    /// ends it now), the product's downgrade plan follows when its journey says
    /// DOWNGRADE_TO_FREE. Errors: `SubscriptionNotFound`,
    /// `SubscriptionAlreadyCanceledOrExpired`, `TrialMustBeCancelledImmediately`,
    /// `SubscriptionDoesNotHaveBillingPeriod`, `InvalidCancellationDate`, `BadUserInput`,
    /// `AccessDeniedError`.
    #[graphql(name = "cancelSubscription")]
    async fn cancel_subscription(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: SubscriptionCancellationInput,
    ) -> async_graphql::Result<CustomerSubscription> {
        let rc = ctx.data::<super::RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let request = CancelRequest {
            subscription_ref_id: input.subscription_ref_id,
            time: input.subscription_cancellation_time.map(Into::into),
            end_date: input.end_date.map(|t| t.0),
            action: input
                .subscription_cancellation_action
                .map(Into::into)
                .unwrap_or_default(),
        };
        let view = crate::subscription::cancel::cancel_subscription(
            &rc.db,
            rc.environment,
            request,
            rc.now(),
        )
        .await?;
        Ok(changed_subscription(ctx, rc, &view).await?)
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
