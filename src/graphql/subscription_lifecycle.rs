//! Subscription changes beyond provision, update, cancel and transfer: `cancelSchedule`
//! (calling off scheduled updates), `delegateSubscriptionToCustomer`,
//! `migrateSubscriptionToLatest`, and the older provisioning mutations `applySubscription`
//! and `createSubscription`, which go through `provisionSubscriptionV2`'s decoding and domain
//! function (one rule in one place). Each resolver decodes its input, calls one domain
//! function and maps the result.

use super::customer::Customer;
use super::stigg::enums::{SubscriptionMigrationTime, SubscriptionScheduleStatus};
use super::stigg::inputs::{
    ApplySubscriptionInput, DelegateSubscriptionToCustomerInput, ProvisionSubscriptionInput,
    SubscriptionInput, SubscriptionMigrationInput, SubscriptionUpdateScheduleCancellationInput,
    TrialOverrideConfigurationInput,
};
use super::stigg::objects::{ApplySubscription, CustomerSubscription};
use super::subscription::{changed_subscription, customer_subscription, provision_request};
use crate::error::Error;
use crate::subscription::migrate::MigrationTime;
use crate::subscription::provision::ProvisionedSubscription;
use crate::subscription::scheduled::ScheduleStatus;

impl From<SubscriptionScheduleStatus> for ScheduleStatus {
    fn from(status: SubscriptionScheduleStatus) -> Self {
        match status {
            SubscriptionScheduleStatus::Scheduled => ScheduleStatus::Scheduled,
            SubscriptionScheduleStatus::PendingPayment => ScheduleStatus::PendingPayment,
            SubscriptionScheduleStatus::Done => ScheduleStatus::Done,
            SubscriptionScheduleStatus::Failed => ScheduleStatus::Failed,
            SubscriptionScheduleStatus::Canceled => ScheduleStatus::Canceled,
        }
    }
}

impl From<SubscriptionMigrationTime> for MigrationTime {
    fn from(time: SubscriptionMigrationTime) -> Self {
        match time {
            SubscriptionMigrationTime::Immediate => MigrationTime::Immediate,
            SubscriptionMigrationTime::EndOfBillingPeriod => MigrationTime::EndOfBillingPeriod,
        }
    }
}

/// `applySubscription`'s input as `provisionSubscriptionV2`'s. `paymentMethodId` only matters
/// to a billing integration (accepted, not acted on); `trialEndDate` is refused with
/// `UnsupportedParameter` (give `trialOverrideConfiguration`). Errors: `AccessDeniedError`
/// (another environment), `UnsupportedParameter`.
fn apply_input(
    input: ApplySubscriptionInput,
    env: crate::environment::EnvironmentId,
) -> Result<ProvisionSubscriptionInput, Error> {
    crate::customer::check_environment(input.environment_id, env)?;
    if input.trial_end_date.is_some() {
        return Err(Error::UnsupportedParameter(
            "trialEndDate is not supported yet; use trialOverrideConfiguration.trialEndDate".into(),
        ));
    }
    Ok(ProvisionSubscriptionInput {
        additional_meta_data: input.additional_meta_data,
        addons: input.addons,
        applied_coupon: input.applied_coupon,
        await_payment_confirmation: input.await_payment_confirmation,
        billable_features: input.billable_features,
        billing_country_code: input.billing_country_code,
        billing_cycle_anchor: input.billing_cycle_anchor,
        billing_id: input.billing_id,
        billing_information: input.billing_information,
        billing_period: input.billing_period,
        budget: input.budget,
        cancellation_date: input.cancellation_date,
        charges: input.charges,
        checkout_options: None,
        customer_id: input.customer_id,
        entitlements: input.entitlements,
        minimum_spend: input.minimum_spend,
        paying_customer_id: input.paying_customer_id,
        payment_collection_method: input.payment_collection_method,
        plan_id: input.plan_id,
        price_overrides: input.price_overrides,
        price_unit_amount: None,
        promotion_code: input.promotion_code,
        ref_id: None,
        resource_id: input.resource_id,
        salesforce_id: input.salesforce_id,
        schedule_strategy: input.schedule_strategy,
        skip_trial: input.skip_trial,
        start_date: input.start_date,
        subscription_entitlements: input.subscription_entitlements,
        subscription_id: None,
        trial_override_configuration: input.trial_override_configuration,
        unit_quantity: input.unit_quantity,
    })
}

/// `createSubscription`'s `SubscriptionInput` as `provisionSubscriptionV2`'s input. Its trial
/// fields are the older form of `trialOverrideConfiguration`: `isOverridingTrialConfig: true`
/// with `isTrial` (and optionally `trialEndBehavior`) overrides the plan's default trial as
/// `trialOverrideConfiguration { isTrial, trialEndBehavior }` does. `crmId` only matters to a
/// CRM integration (accepted, not acted on). Errors: `AccessDeniedError`,
/// `UnsupportedParameter` (`endDate`, `isCustomPriceSubscription: true`, `isTrial` or
/// `trialEndBehavior` without `isOverridingTrialConfig: true`), `BadUserInput`
/// (`isOverridingTrialConfig: true` without `isTrial`).
fn create_input(
    input: SubscriptionInput,
    env: crate::environment::EnvironmentId,
) -> Result<ProvisionSubscriptionInput, Error> {
    crate::customer::check_environment(input.environment_id, env)?;
    if input.end_date.is_some() {
        return Err(Error::UnsupportedParameter(
            "endDate is not supported yet; cancel the subscription on a SPECIFIC_DATE instead"
                .into(),
        ));
    }
    if input.is_custom_price_subscription == Some(true) {
        return Err(Error::UnsupportedParameter(
            "isCustomPriceSubscription is not supported yet".into(),
        ));
    }
    let trial_override = match (input.is_overriding_trial_config, input.is_trial) {
        (Some(true), Some(is_trial)) => Some(TrialOverrideConfigurationInput {
            is_trial,
            trial_end_behavior: input.trial_end_behavior,
            trial_end_date: None,
        }),
        (Some(true), None) => {
            return Err(Error::bad_input(
                "isOverridingTrialConfig: true needs isTrial (whether the subscription starts in a trial)",
            ))
        }
        (_, is_trial) if is_trial.is_some() || input.trial_end_behavior.is_some() => {
            return Err(Error::UnsupportedParameter(
                "isTrial and trialEndBehavior are only supported with isOverridingTrialConfig: true"
                    .into(),
            ))
        }
        _ => None,
    };
    Ok(ProvisionSubscriptionInput {
        additional_meta_data: input.additional_meta_data,
        addons: input.addons,
        applied_coupon: input.applied_coupon,
        await_payment_confirmation: input.await_payment_confirmation,
        billable_features: input.billable_features,
        billing_country_code: input.billing_country_code,
        billing_cycle_anchor: input.billing_cycle_anchor,
        billing_id: input.billing_id,
        billing_information: input.billing_information,
        billing_period: input.billing_period,
        budget: input.budget,
        cancellation_date: input.cancellation_date,
        charges: input.charges,
        checkout_options: None,
        customer_id: input.customer_id,
        entitlements: input.entitlements,
        minimum_spend: input.minimum_spend,
        paying_customer_id: input.paying_customer_id,
        payment_collection_method: input.payment_collection_method,
        plan_id: input.plan_id,
        price_overrides: input.price_overrides,
        price_unit_amount: input.price_unit_amount,
        promotion_code: input.promotion_code,
        ref_id: input.ref_id,
        resource_id: input.resource_id,
        salesforce_id: input.salesforce_id,
        schedule_strategy: input.schedule_strategy,
        skip_trial: None,
        start_date: input.start_date,
        subscription_entitlements: input.subscription_entitlements,
        subscription_id: input.subscription_id,
        trial_override_configuration: trial_override,
        unit_quantity: input.unit_quantity,
    })
}

/// Provisions through `provisionSubscriptionV2`'s decoding and domain function.
async fn provision(
    rc: &super::RequestContext,
    input: ProvisionSubscriptionInput,
) -> Result<ProvisionedSubscription, Error> {
    let (customer_id, request) = provision_request(input);
    crate::subscription::provision::provision_subscription(
        &rc.db,
        rc.environment,
        &customer_id,
        request,
        rc.now(),
    )
    .await
}

/// The subscription mutations of this module.
#[derive(Default)]
pub struct SubscriptionLifecycleMutation;

#[async_graphql::Object]
impl SubscriptionLifecycleMutation {
    /// Stigg `cancelSchedule` (the v2 client's `cancel_subscription_updates`): calls off the
    /// subscription's scheduled updates — a plan change or downgrade scheduled with a future
    /// `startDate`, and what is scheduled after it — so that it runs on as before; a scheduled
    /// cancellation is not an update and stays. Answers the subscription's id. Errors:
    /// `SubscriptionNotFound`, `SubscriptionAlreadyCanceledOrExpired`, `BadUserInput`
    /// (`status` other than Scheduled or PendingPayment), `AccessDeniedError`.
    #[graphql(name = "cancelSchedule")]
    async fn cancel_schedule(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: SubscriptionUpdateScheduleCancellationInput,
    ) -> async_graphql::Result<String> {
        let rc = ctx.data::<super::RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        Ok(crate::subscription::scheduled::cancel_scheduled_updates(
            &rc.db,
            rc.environment,
            &input.subscription_id,
            input.status.map(Into::into),
            rc.now(),
        )
        .await?)
    }

    /// Stigg `delegateSubscriptionToCustomer`: the subscription becomes
    /// `destinationCustomerId`'s (its entitlements count for that customer from now on); the
    /// customer who paid for it goes on paying (`payingCustomer`). Without a destination it
    /// goes back to its paying customer. Errors: `SubscriptionNotFound`,
    /// `SubscriptionAlreadyCanceledOrExpired`, `CustomerNotFound`,
    /// `DuplicatedEntityNotAllowed` (the destination has a subscription of the product),
    /// `BadUserInput`, `AccessDeniedError`.
    #[graphql(name = "delegateSubscriptionToCustomer")]
    async fn delegate_subscription_to_customer(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: DelegateSubscriptionToCustomerInput,
    ) -> async_graphql::Result<CustomerSubscription> {
        let rc = ctx.data::<super::RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let view = Box::pin(crate::subscription::delegate::delegate(
            &rc.db,
            rc.environment,
            &input.subscription_id,
            input.destination_customer_id.as_deref(),
            rc.now(),
        ))
        .await?;
        Ok(changed_subscription(ctx, rc, &view).await?)
    }

    /// Stigg `migrateSubscriptionToLatest`: moves the subscription, in place, to the latest
    /// version of its plan (published again by `plangate catalog apply`), IMMEDIATE (the
    /// default) or at the END_OF_BILLING_PERIOD (`subscriptionMigrationTime`). Errors:
    /// `SubscriptionNotFound`, `SubscriptionAlreadyCanceledOrExpired`,
    /// `SubscriptionAlreadyOnLatestPlanError`, `ScheduledMigrationAlreadyExistsError`,
    /// `SubscriptionDoesNotHaveBillingPeriod`, `PlanNotFound`, the pricing errors of
    /// `provisionSubscriptionV2` (the latest version cannot price the subscription),
    /// `BadUserInput`, `AccessDeniedError`.
    #[graphql(name = "migrateSubscriptionToLatest")]
    async fn migrate_subscription_to_latest(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: SubscriptionMigrationInput,
    ) -> async_graphql::Result<CustomerSubscription> {
        let rc = ctx.data::<super::RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let view = crate::subscription::migrate::to_latest(
            &rc.db,
            rc.environment,
            &input.subscription_id,
            input.subscription_migration_time.map(Into::into),
            rc.now(),
        )
        .await?;
        Ok(changed_subscription(ctx, rc, &view).await?)
    }

    /// Stigg `applySubscription` ("Update\Provision a subscription for a customer according to
    /// the given subscription input", node-sdk-docs.stigg.io): provisions exactly as
    /// `provisionSubscriptionV2` does — a subscription the customer has on the plan's product
    /// (and resource) is replaced, which is how a plan changes — and answers the subscription
    /// with the customer's entitlements. Errors: those of `provisionSubscriptionV2`,
    /// `AccessDeniedError`, `UnsupportedParameter` (`trialEndDate`).
    #[graphql(name = "applySubscription")]
    async fn apply_subscription(
        &self,
        ctx: &async_graphql::Context<'_>,
        input: ApplySubscriptionInput,
    ) -> async_graphql::Result<ApplySubscription> {
        let rc = ctx.data::<super::RequestContext>()?;
        let provisioned = provision(rc, apply_input(input, rc.environment)?).await?;
        super::subscription::subscriptions_changed(ctx, rc, &provisioned.customer.ref_id).await;
        let customer = Customer(provisioned.customer.clone());
        let resource = provisioned.subscription.row.resource_id.as_deref();
        Ok(ApplySubscription {
            subscription: Some(customer_subscription(
                &provisioned.subscription,
                &customer,
                rc.now(),
            )?),
            entitlements: Some(
                provisioned
                    .entitlements
                    .iter()
                    .map(|e| {
                        super::entitlement::entitlement(e, &provisioned.customer.ref_id, resource)
                    })
                    .collect(),
            ),
            entitlements_v2: Some(
                provisioned
                    .entitlements
                    .iter()
                    .map(super::entitlement::entitlement_v2)
                    .collect(),
            ),
        })
    }

    /// Stigg `createSubscription` (deprecated by Stigg for `provisionSubscription`,
    /// node-sdk-docs.stigg.io): provisions exactly as `provisionSubscriptionV2` does and
    /// answers the subscription. Errors: those of `provisionSubscriptionV2`,
    /// `AccessDeniedError`, `UnsupportedParameter` (`endDate`, `isCustomPriceSubscription`,
    /// trial fields without `isOverridingTrialConfig: true`).
    #[graphql(name = "createSubscription")]
    async fn create_subscription(
        &self,
        ctx: &async_graphql::Context<'_>,
        subscription: SubscriptionInput,
    ) -> async_graphql::Result<CustomerSubscription> {
        let rc = ctx.data::<super::RequestContext>()?;
        let provisioned = provision(rc, create_input(subscription, rc.environment)?).await?;
        super::subscription::subscriptions_changed(ctx, rc, &provisioned.customer.ref_id).await;
        Ok(customer_subscription(
            &provisioned.subscription,
            &Customer(provisioned.customer),
            rc.now(),
        )?)
    }
}
