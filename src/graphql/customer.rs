//! The customer operations and the `Customer` and `ProvisionedCustomer` types (customer
//! lists are `Connection<Customer>`, see [`super::connection`]). Resolvers decode the input, call one domain function and map its output; rules live
//! in [`crate::customer`].

use async_graphql::{Context, Object, Result};
use uuid::Uuid;

use super::connection::Connection;
use super::scalars::{DateTime, Json};
use super::stigg::enums::{PaymentMethodType, SubscriptionDecisionStrategy};
use super::stigg::inputs::{
    ArchiveCustomerInput, CursorPaging, CustomerBillingInfo, CustomerFilter, CustomerSort,
    GetCustomerByRefIdInput, ProvisionCustomerInput, UnarchiveCustomerInput, UpdateCustomerInput,
};
use super::stigg::objects::{
    Coupon, CustomerStatistics, CustomerSubscription, EligibleForTrial, Entitlement,
    EntitlementUnion, ExperimentInfo, PromotionalEntitlement, SubscriptionPricingTypeStatistics,
    SyncState, TrialedPlan,
};
use super::subscription::{self, is_live};
use super::RequestContext;
use crate::billing::{self, BillingInformation};
use crate::customer::{self, provision, update};
use crate::subscription::trial;
use async_graphql::dataloader::DataLoader;
use entity::stigg_enums::PricingType;

/// Stigg `Customer`. Backed by the `customers` row; fields plangate cannot back yet return
/// null or empty lists (README's compatibility table lists them).
#[derive(Clone, Debug)]
pub struct Customer(pub customer::Customer);

/// A customer of the environment, named by the user-chosen `customerId` (also `refId`).
/// Fields plangate cannot back yet are null or empty (README's compatibility table lists
/// them).
#[Object(name = "Customer")]
impl Customer {
    /// Internal id (UUID).
    async fn id(&self) -> Uuid {
        self.0.id
    }
    /// The user-chosen customer id (same as `refId`).
    #[graphql(name = "customerId")]
    async fn customer_id(&self) -> &str {
        &self.0.ref_id
    }
    /// The user-chosen customer id (same as `customerId`).
    #[graphql(name = "refId")]
    async fn ref_id(&self) -> &str {
        &self.0.ref_id
    }
    /// The customer's name (null after archiving).
    async fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }
    /// Billing email address.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// When the customer was created (or the `createdAt` given on provision).
    #[graphql(name = "createdAt")]
    async fn created_at(&self) -> Option<DateTime> {
        Some(self.0.created_at.into())
    }
    /// When the customer was last changed.
    #[graphql(name = "updatedAt")]
    async fn updated_at(&self) -> DateTime {
        self.0.updated_at.into()
    }
    /// When the customer was archived (null for live customers, which are all that the API
    /// returns).
    #[graphql(name = "deletedAt")]
    async fn deleted_at(&self) -> Option<DateTime> {
        self.0.archived_at.map(DateTime)
    }
    /// The environment (of the API key) the customer belongs to.
    #[graphql(name = "environmentId")]
    async fn environment_id(&self) -> Uuid {
        self.0.environment_id
    }
    /// The user's metadata object.
    #[graphql(name = "additionalMetaData")]
    async fn additional_meta_data(&self) -> Option<Json> {
        self.0.additional_meta_data.clone().map(async_graphql::Json)
    }
    /// The customer's id in the billing system, as given.
    #[graphql(name = "billingId")]
    async fn billing_id(&self) -> Option<&str> {
        self.0.billing_id.as_deref()
    }
    /// The customer's id in the CRM, as given.
    #[graphql(name = "crmId")]
    async fn crm_id(&self) -> Option<&str> {
        self.0.crm_id.as_deref()
    }
    /// The customer's Salesforce id, as given.
    #[graphql(name = "salesforceId")]
    async fn salesforce_id(&self) -> Option<&str> {
        self.0.salesforce_id.as_deref()
    }
    /// The customer's AWS Marketplace id, as given.
    #[graphql(name = "awsMarketplaceCustomerId")]
    async fn aws_marketplace_customer_id(&self) -> Option<&str> {
        self.0.aws_marketplace_customer_id.as_deref()
    }
    /// As given on provision (false by default); no experiments exist yet.
    #[graphql(name = "excludeFromExperiment")]
    async fn exclude_from_experiment(&self) -> Option<bool> {
        Some(self.0.exclude_from_experiment)
    }
    /// True when the billing integration reported a default payment method for the customer
    /// (a `billingInformation.paymentMethodId` it attached, or one the Stripe customer had),
    /// or an import gave a `paymentMethodId`.
    #[graphql(name = "hasPaymentMethod")]
    async fn has_payment_method(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self.0.payment_method_id.is_some()
            || self
                .billing(ctx)
                .await?
                .is_some_and(|b| b.has_payment_method))
    }
    /// True when the customer has an ACTIVE or IN_TRIAL subscription.
    #[graphql(name = "hasActiveSubscription")]
    async fn has_active_subscription(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self.all_subscriptions(ctx).await?.iter().any(is_live))
    }
    /// True when a live subscription has a resource id.
    #[graphql(name = "hasActiveResource")]
    async fn has_active_resource(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self
            .all_subscriptions(ctx)
            .await?
            .iter()
            .any(|s| is_live(s) && s.row.resource_id.is_some()))
    }
    /// Number of ACTIVE or IN_TRIAL subscriptions.
    #[graphql(name = "totalActiveSubscription")]
    async fn total_active_subscription(&self, ctx: &Context<'_>) -> Result<f64> {
        let live = self
            .all_subscriptions(ctx)
            .await?
            .iter()
            .filter(|s| is_live(s))
            .count();
        Ok(live as f64)
    }
    /// Number of the customer's promotional entitlements active now.
    #[graphql(name = "totalActivePromotionalEntitlements")]
    async fn total_active_promotional_entitlements(&self, ctx: &Context<'_>) -> Result<f64> {
        let now = ctx.data::<RequestContext>()?.now();
        let grants = self.grants(ctx).await?;
        Ok(grants.iter().filter(|g| g.is_active(now)).count() as f64)
    }
    /// The customer's ACTIVE and IN_TRIAL subscriptions, newest first (Stigg's default
    /// filter and sorting; the `filter`/`sorting` arguments are not offered yet).
    async fn subscriptions(&self, ctx: &Context<'_>) -> Result<Option<Vec<CustomerSubscription>>> {
        let now = ctx.data::<RequestContext>()?.now();
        let all = self.all_subscriptions(ctx).await?;
        Ok(Some(
            all.iter()
                .filter(|s| is_live(s))
                .map(|s| subscription::customer_subscription(s, self, now))
                .collect::<Result<_, _>>()?,
        ))
    }
    /// The customer's promotional entitlements that are not revoked (active and expired),
    /// by feature refId.
    #[graphql(name = "promotionalEntitlements")]
    async fn promotional_entitlements(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<PromotionalEntitlement>> {
        let now = ctx.data::<RequestContext>()?.now();
        let grants = self.grants(ctx).await?;
        Ok(grants
            .iter()
            .map(|g| super::promotional::promotional_entitlement(g, now))
            .collect())
    }
    /// Counts of the customer's live (ACTIVE, IN_TRIAL) subscriptions by pricing type (FREE,
    /// PAID, CUSTOM; every type, zero counts included).
    async fn statistics(&self, ctx: &Context<'_>) -> Result<Option<CustomerStatistics>> {
        let all = self.all_subscriptions(ctx).await?;
        let by_type = [PricingType::Free, PricingType::Paid, PricingType::Custom]
            .into_iter()
            .map(|pricing_type| SubscriptionPricingTypeStatistics {
                pricing_type: pricing_type.into(),
                total_count: all
                    .iter()
                    .filter(|s| is_live(s) && s.row.pricing_type == pricing_type)
                    .count() as f64,
            })
            .collect();
        Ok(Some(CustomerStatistics {
            active_subscriptions_by_pricing_type: by_type,
        }))
    }
    /// Plans the customer has had a trial of (any subscription status, cancelled included),
    /// each once, in the order of its first trial.
    #[graphql(name = "trialedPlans")]
    async fn trialed_plans(&self, ctx: &Context<'_>) -> Result<Option<Vec<TrialedPlan>>> {
        let all = self.all_subscriptions(ctx).await?;
        Ok(Some(
            trial::trialed_plans(&all)
                .into_iter()
                .map(|t| TrialedPlan {
                    plan_id: Some(t.plan_id.to_string()),
                    plan_ref_id: Some(t.plan_ref_id),
                    product_id: Some(t.product_id.to_string()),
                    product_ref_id: Some(t.product_ref_id),
                })
                .collect(),
        ))
    }
    /// For every live product of the environment (by refId), whether the customer may start
    /// a trial of its plans: not after a trial of any plan of that product (Stigg: one free
    /// trial per product).
    #[graphql(name = "eligibleForTrial")]
    async fn eligible_for_trial(&self, ctx: &Context<'_>) -> Result<Option<Vec<EligibleForTrial>>> {
        let all = self.all_subscriptions(ctx).await?;
        let products = super::catalog::loader::live_products(ctx).await?;
        Ok(Some(
            trial::eligibility(&products, &all)
                .into_iter()
                .map(|e| EligibleForTrial {
                    eligible: e.eligible,
                    product_id: Some(e.product_id.to_string()),
                    product_ref_id: Some(e.product_ref_id),
                })
                .collect(),
        ))
    }
    /// The customer's sync with the environment's billing integration (one entry, vendor
    /// STRIPE, once billing information was sent with one configured): PENDING while queued,
    /// SUCCESS once Stripe has it (`syncedEntityId` = the Stripe customer id), ERROR with
    /// the last failure while retrying or after giving up. Empty otherwise.
    #[graphql(name = "syncStates")]
    async fn sync_states(&self, ctx: &Context<'_>) -> Result<Option<Vec<SyncState>>> {
        let Some(state) = self.billing(ctx).await? else {
            return Ok(Some(Vec::new()));
        };
        Ok(Some(vec![SyncState {
            status: state.status.into(),
            vendor_identifier: entity::stigg_enums::BillingVendor::Stripe.into(),
            error: state.error.clone(),
            synced_entity_id: self.0.billing_id.clone(),
        }]))
    }
    /// The coupon the customer carries (`couponRefId`), archived since or not; null when
    /// none.
    async fn coupon(&self, ctx: &Context<'_>) -> Result<Option<Coupon>> {
        let Some(id) = self.0.coupon_id else {
            return Ok(None);
        };
        let loader = ctx.data::<DataLoader<super::coupon::CouponLoader>>()?;
        let coupon = loader
            .load_one(id)
            .await
            .map_err(|e| async_graphql::Error::new_with_source(super::error::unshare(&e)))?;
        Ok(coupon
            .map(|c| super::coupon::coupon_object(&c))
            .transpose()?)
    }
    /// Always null: experiments do not exist yet.
    #[graphql(name = "experimentInfo")]
    async fn experiment_info(&self) -> Option<ExperimentInfo> {
        None
    }
    /// Always null (no billing integration).
    #[graphql(name = "billingCurrency")]
    async fn billing_currency(&self) -> Option<super::stigg::enums::Currency> {
        None
    }
    /// The customer's page in the billing vendor's dashboard, once synced (null otherwise).
    #[graphql(name = "billingLinkUrl")]
    async fn billing_link_url(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self
            .billing(ctx)
            .await?
            .and_then(|b| b.billing_link_url.clone()))
    }
    /// Always null (no CRM integration).
    #[graphql(name = "crmHubspotCompanyId")]
    async fn crm_hubspot_company_id(&self) -> Option<String> {
        None
    }
    /// Always null (no CRM integration).
    #[graphql(name = "crmHubspotCompanyUrl")]
    async fn crm_hubspot_company_url(&self) -> Option<String> {
        None
    }
    /// The default payment method id an import gave, as given (null otherwise). A payment
    /// method sent in `billingInformation` is not kept: its id is billing information.
    #[graphql(name = "defaultPaymentMethodId")]
    async fn default_payment_method_id(&self) -> Option<String> {
        self.0.payment_method_id.clone()
    }
    /// The default payment method's type (CARD, BANK, CASH_APP) as the billing integration
    /// reported it; null without one.
    #[graphql(name = "defaultPaymentMethodType")]
    async fn default_payment_method_type(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<PaymentMethodType>> {
        Ok(self
            .billing(ctx)
            .await?
            .and_then(|b| b.payment_method_type.map(Into::into)))
    }
    /// The default card's brand (e.g. `visa`); null without one.
    #[graphql(name = "defaultPaymentMethodCardBrand")]
    async fn default_payment_method_card_brand(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self.billing(ctx).await?.and_then(|b| b.card_brand.clone()))
    }
    /// The default payment method's last 4 digits; null without one.
    #[graphql(name = "defaultPaymentMethodLast4Digits")]
    async fn default_payment_method_last4_digits(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<String>> {
        Ok(self.billing(ctx).await?.and_then(|b| b.last4.clone()))
    }
    /// Always null (no billing integration).
    #[graphql(name = "defaultPaymentMethodWalletType")]
    async fn default_payment_method_wallet_type(&self) -> Option<String> {
        None
    }
    /// The default card's expiry month (1–12); null without one.
    #[graphql(name = "defaultPaymentExpirationMonth")]
    async fn default_payment_expiration_month(&self, ctx: &Context<'_>) -> Result<Option<i32>> {
        Ok(self.billing(ctx).await?.and_then(|b| b.expiration_month))
    }
    /// The default card's expiry year (e.g. 2030); null without one.
    #[graphql(name = "defaultPaymentExpirationYear")]
    async fn default_payment_expiration_year(&self, ctx: &Context<'_>) -> Result<Option<i32>> {
        Ok(self.billing(ctx).await?.and_then(|b| b.expiration_year))
    }
}

impl Customer {
    /// The customer's billing state (sync, payment method), batched across customers by the
    /// request's [`super::billing::BillingLoader`]; `None` when it never had a sync.
    async fn billing(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<std::sync::Arc<entity::customer_billing::Model>>> {
        let loader = ctx.data::<DataLoader<super::billing::BillingLoader>>()?;
        loader
            .load_one(self.0.id)
            .await
            .map_err(|e| async_graphql::Error::new_with_source(super::error::unshare(&e)))
    }

    /// Every subscription of this customer (any status), batched across customers by the
    /// request's [`subscription::SubscriptionLoader`].
    async fn grants(
        &self,
        ctx: &Context<'_>,
    ) -> Result<std::sync::Arc<Vec<crate::entitlement::promotional::Grant>>> {
        let loader = ctx.data::<DataLoader<super::promotional::PromotionalLoader>>()?;
        Ok(loader
            .load_one(self.0.id)
            .await
            .map_err(|e| async_graphql::Error::new_with_source(super::error::unshare(&e)))?
            .unwrap_or_default())
    }

    async fn all_subscriptions(
        &self,
        ctx: &Context<'_>,
    ) -> Result<std::sync::Arc<Vec<crate::subscription::read::SubscriptionView>>> {
        let loader = ctx.data::<DataLoader<subscription::SubscriptionLoader>>()?;
        Ok(loader
            .load_one(self.0.id)
            .await
            .map_err(|e| async_graphql::Error::new_with_source(super::error::unshare(&e)))?
            .unwrap_or_default())
    }
}

/// Stigg `ProvisionedCustomer`: the customer, how its initial subscription was decided, the
/// subscription and the customer's entitlements.
pub struct ProvisionedCustomer(provision::Provisioned);

/// The answer of `provisionCustomer`: the customer, how its initial subscription was decided,
/// that subscription (null when skipped) and the customer's entitlements.
#[Object(name = "ProvisionedCustomer")]
impl ProvisionedCustomer {
    /// The customer created.
    async fn customer(&self) -> Customer {
        Customer(self.0.customer.clone())
    }
    /// How the initial subscription was decided: the requested plan, the journey's free plan
    /// or trial, or skipped (no `subscriptionParams`).
    #[graphql(name = "subscriptionDecisionStrategy")]
    async fn subscription_decision_strategy(&self) -> SubscriptionDecisionStrategy {
        self.0.decision.into()
    }
    /// The same value as `subscriptionDecisionStrategy` (Stigg keeps both names).
    #[graphql(name = "subscriptionStrategyDecision")]
    async fn subscription_strategy_decision(&self) -> SubscriptionDecisionStrategy {
        self.0.decision.into()
    }
    /// The subscription created; null when `SKIPPED_SUBSCRIPTION_CREATION`.
    async fn subscription(&self, ctx: &Context<'_>) -> Result<Option<CustomerSubscription>> {
        let now = ctx.data::<RequestContext>()?.now();
        let customer = Customer(self.0.customer.clone());
        Ok(self
            .0
            .subscription
            .as_ref()
            .map(|s| subscription::customer_subscription(s, &customer, now))
            .transpose()?)
    }
    /// The customer's effective entitlements from that subscription (empty without one).
    async fn entitlements(&self) -> Option<Vec<Entitlement>> {
        Some(
            self.0
                .entitlements
                .iter()
                .map(|e| super::entitlement::entitlement(e, &self.0.customer.ref_id, None))
                .collect(),
        )
    }
    /// The same entitlements, in the v2 shape.
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
}

/// Customer queries.
#[derive(Default)]
pub struct CustomerQuery;

#[Object]
impl CustomerQuery {
    /// Stigg `getCustomerByRefId`: one live customer. Errors: `CustomerNotFound` (unknown or
    /// archived), `BadUserInput`, `AccessDeniedError`.
    #[graphql(name = "getCustomerByRefId")]
    async fn get_customer_by_ref_id(
        &self,
        ctx: &Context<'_>,
        input: GetCustomerByRefIdInput,
    ) -> Result<Option<Customer>> {
        let rc = ctx.data::<RequestContext>()?;
        customer::check_environment(input.environment_id, rc.environment)?;
        let found = customer::get::get(&rc.db, rc.environment, &input.customer_id).await?;
        Ok(Some(Customer(found)))
    }

    /// Stigg `customers`: live customers, filtered, sorted and paged (offset cursors, as
    /// Stigg's). Defaults: first 10, newest first. Errors: `BadUserInput` (paging outside
    /// 0..=100 or with both `first` and `last`, a malformed cursor, an oversized filter or
    /// sorting, a malformed pattern), `UnsupportedParameter` (filter fields, comparisons or
    /// sort fields plangate cannot act on yet).
    async fn customers(
        &self,
        ctx: &Context<'_>,
        filter: Option<CustomerFilter>,
        paging: Option<CursorPaging>,
        sorting: Option<Vec<CustomerSort>>,
    ) -> Result<Connection<Customer>> {
        Box::pin(super::customer_list::customers(
            ctx, filter, paging, sorting,
        ))
        .await
    }
}

/// Customer mutations.
#[derive(Default)]
pub struct CustomerMutation;

#[Object]
impl CustomerMutation {
    /// Stigg `provisionCustomer`: create a customer and, when `subscriptionParams` is given,
    /// its initial subscription as the product's customer journey decides. Errors:
    /// `DuplicatedEntityNotAllowed` (the id is taken, archived customers included),
    /// `EntityIdDifferentFromRefIdError`, `BadUserInput` (id, name, email, external ids,
    /// billing information), `InvalidMetadataError`, `CouponNotFound`, `AccessDeniedError`
    /// (another environment's `environmentId`), and for `subscriptionParams`:
    /// `PlanNotFound` (not a published plan, or a journey start plan that is not),
    /// `AddonNotFound`, `IncompatibleSubscriptionAddon`, `InvalidQuantity`,
    /// `AddonQuantityExceedsLimitError`, `BillingPeriodMissingError`, `PromotionCodeNotFound`,
    /// `UnsupportedParameter`.
    #[graphql(name = "provisionCustomer")]
    async fn provision_customer(
        &self,
        ctx: &Context<'_>,
        input: ProvisionCustomerInput,
    ) -> Result<ProvisionedCustomer> {
        let rc = ctx.data::<RequestContext>()?;
        let new = provision::NewCustomer {
            customer_id: input.customer_id,
            ref_id: input.ref_id,
            environment_id: input.environment_id,
            name: input.name,
            email: input.email,
            additional_meta_data: input.additional_meta_data.map(|j| j.0),
            billing_id: input.billing_id,
            crm_id: input.crm_id,
            salesforce_id: input.salesforce_id,
            aws_marketplace_customer_id: input.aws_marketplace_customer_id,
            exclude_from_experiment: input.exclude_from_experiment,
            created_at: input.created_at.map(|t| t.0),
            updated_at: None,
            payment_method_id: None,
            coupon_ref_id: input.coupon_ref_id,
            billing_information: input.billing_information.map(billing_information),
            subscription: input.subscription_params.map(subscription::request),
        };
        let billing = ctx.data::<crate::delivery::Delivery>()?;
        let provisioned =
            provision::provision(&rc.db, rc.environment, new, billing.key.as_ref(), rc.now())
                .await?;
        if provisioned.subscription.is_some() {
            super::subscription::subscriptions_changed(ctx, rc, &provisioned.customer.ref_id).await;
        }
        Ok(ProvisionedCustomer(provisioned))
    }

    /// Stigg `updateOneCustomer`: change the fields that were sent; explicit null clears.
    /// Errors: `CustomerNotFound` (unknown or archived), `BadUserInput` (no id, malformed id,
    /// name, email, external ids or billing information), `EntityIdDifferentFromRefIdError`,
    /// `InvalidMetadataError`, `CouponNotFound`, `AccessDeniedError`; with
    /// `shouldWaitSync: true` and `billingInformation`, `StripeError` when the billing sync
    /// fails or does not finish within 15 s (the change itself is committed; the sync stays
    /// queued for its retries).
    #[graphql(name = "updateOneCustomer")]
    async fn update_one_customer(
        &self,
        ctx: &Context<'_>,
        input: UpdateCustomerInput,
    ) -> Result<Customer> {
        let rc = ctx.data::<RequestContext>()?;
        let billing = ctx.data::<crate::delivery::Delivery>()?;
        let wait_sync = input.should_wait_sync.take().unwrap_or(false);
        let changes = update::CustomerChanges {
            customer_id: input.customer_id.take(),
            ref_id: input.ref_id.take(),
            environment_id: input.environment_id.take(),
            name: input.name.into(),
            email: input.email.into(),
            additional_meta_data: input.additional_meta_data.map_value(|j| j.0).into(),
            billing_id: input.billing_id.into(),
            crm_id: input.crm_id.into(),
            salesforce_id: input.salesforce_id.into(),
            aws_marketplace_customer_id: input.aws_marketplace_customer_id.into(),
            coupon_ref_id: input.coupon_ref_id.take(),
            billing_information: input.billing_information.take().map(billing_information),
        };
        let syncs = changes.billing_information.is_some();
        let updated = update::update(
            &rc.db,
            rc.environment,
            changes,
            billing.key.as_ref(),
            rc.now(),
        )
        .await?;
        if wait_sync && syncs {
            crate::billing::sync::sync_now(&rc.db, billing, updated.id).await?;
            let refreshed = customer::get::get(&rc.db, rc.environment, &updated.ref_id).await?;
            return Ok(Customer(refreshed));
        }
        Ok(Customer(updated))
    }

    /// Stigg `unarchiveCustomer`: an archived customer is live again under its id. Its PII
    /// (name, email) stays gone, its cancelled subscriptions stay cancelled and its revoked
    /// promotional entitlements stay revoked (Stigg:
    /// https://docs.stigg.io/documentation/managing-customers-and-subscriptions/customers/unarchiving-customers).
    /// Errors: `CustomerNotFound` (unknown, or not archived), `BadUserInput`,
    /// `AccessDeniedError`.
    #[graphql(name = "unarchiveCustomer")]
    async fn unarchive_customer(
        &self,
        ctx: &Context<'_>,
        input: UnarchiveCustomerInput,
    ) -> Result<Customer> {
        let rc = ctx.data::<RequestContext>()?;
        let live = customer::archive::unarchive(
            &rc.db,
            rc.environment,
            &input.customer_id,
            input.environment_id,
            rc.now(),
        )
        .await?;
        Ok(Customer(live))
    }

    /// Stigg `archiveCustomer`: archive a customer (PII nulled, id reserved for ever).
    /// Errors: `CustomerNotFound` (unknown or already archived), `BadUserInput`,
    /// `AccessDeniedError`.
    #[graphql(name = "archiveCustomer")]
    async fn archive_customer(
        &self,
        ctx: &Context<'_>,
        input: ArchiveCustomerInput,
    ) -> Result<Customer> {
        let rc = ctx.data::<RequestContext>()?;
        let archived = customer::archive::archive(
            &rc.db,
            rc.environment,
            &input.customer_id,
            input.environment_id,
            rc.now(),
        )
        .await?;
        Ok(Customer(archived))
    }
}

fn billing_information(info: CustomerBillingInfo) -> BillingInformation {
    let address = |a: super::stigg::inputs::Address| billing::Address {
        address_line1: a.address_line1,
        address_line2: a.address_line2,
        city: a.city,
        country: a.country,
        phone_number: a.phone_number,
        postal_code: a.postal_code,
        state: a.state,
    };
    BillingInformation {
        billing_address: info.billing_address.map(address),
        shipping_address: info.shipping_address.map(address),
        currency: info.currency.map(Into::into),
        customer_name: info.customer_name,
        integration_id: info.integration_id,
        invoice_custom_fields: info.invoice_custom_fields.map(|j| j.0),
        language: info.language,
        metadata: info.metadata.map(|j| j.0),
        payment_method_id: info.payment_method_id,
        tax_ids: info
            .tax_ids
            .unwrap_or_default()
            .into_iter()
            .map(|t| billing::TaxId {
                kind: t.type_,
                value: t.value,
            })
            .collect(),
        timezone: info.timezone,
    }
}
