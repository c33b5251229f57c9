//! Imports over GraphQL: `importOneCustomer`, `importCustomersBulk`,
//! `importSubscriptionsBulk`. Resolvers decode Stigg's inputs and call one domain function;
//! rules live in [`crate::customer::import`] and [`crate::subscription::import`].

use async_graphql::{Context, Object, Result};

use super::customer::Customer;
use super::stigg::inputs::{
    ImportCustomerBulkInput, ImportCustomerInput, ImportSubscriptionInput,
    ImportSubscriptionsBulkInput,
};
use super::RequestContext;
use crate::customer::import;
use crate::customer::provision::NewCustomer;
use crate::error::Error;
use crate::subscription::import::{self as subscription_import, ImportedSubscription};
use crate::subscription::SubscriptionRequest;

/// An imported customer as the domain's new customer: id, name, email, metadata, `billingId`,
/// `salesforceId`, `paymentMethodId`, `updatedAt`, `environmentId`.
fn new_customer(input: ImportCustomerInput) -> NewCustomer {
    NewCustomer {
        customer_id: input.customer_id,
        ref_id: input.ref_id,
        environment_id: input.environment_id,
        name: input.name,
        email: input.email,
        additional_meta_data: input.additional_meta_data.map(|j| j.0),
        billing_id: input.billing_id,
        salesforce_id: input.salesforce_id,
        payment_method_id: input.payment_method_id,
        updated_at: input.updated_at.map(|t| t.0),
        ..NewCustomer::default()
    }
}

/// An imported subscription as the domain's. `billingId` and `salesforceId` only matter to
/// integrations (accepted, not acted on); `charges`, `endDate`, `entitlements`,
/// `subscriptionEntitlements` and `unitQuantity` are not supported yet. Errors:
/// `UnsupportedParameter` (naming the field and the item).
fn imported_subscription(
    index: usize,
    input: ImportSubscriptionInput,
) -> Result<ImportedSubscription, Error> {
    let given = [
        ("charges", input.charges.is_some()),
        ("endDate", input.end_date.is_some()),
        ("entitlements", input.entitlements.is_some()),
        (
            "subscriptionEntitlements",
            input.subscription_entitlements.is_some(),
        ),
        ("unitQuantity", input.unit_quantity.is_some()),
    ];
    if let Some((field, _)) = given.iter().find(|(_, g)| *g) {
        return Err(
            Error::UnsupportedParameter(format!("{field} is not supported yet"))
                .in_item("subscriptions", index),
        );
    }
    Ok(ImportedSubscription {
        customer_id: input.customer_id,
        updated_at: input.updated_at.map(|t| t.0),
        request: SubscriptionRequest {
            plan_id: input.plan_id,
            subscription_id: input.subscription_id,
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
            additional_meta_data: input.additional_meta_data.map(|j| j.0),
            start_date: input.start_date.map(|t| t.0),
            ..SubscriptionRequest::default()
        },
    })
}

/// Import mutations.
#[derive(Default)]
pub struct ImportMutation;

#[Object]
impl ImportMutation {
    /// Stigg `importOneCustomer`: creates the customer with its given id, `updatedAt` and
    /// payment method id, or updates the live customer holding the id (unless that one was
    /// updated after the given `updatedAt`); answers it. Errors: as `provisionCustomer`'s
    /// customer fields, `BadUserInput` (`updatedAt` in the future),
    /// `DuplicatedEntityNotAllowed` (an archived customer holds the id).
    #[graphql(name = "importOneCustomer")]
    async fn import_one_customer(
        &self,
        ctx: &Context<'_>,
        input: ImportCustomerInput,
    ) -> Result<Customer> {
        let rc = ctx.data::<RequestContext>()?;
        let customer =
            import::import_one(&rc.db, rc.environment, new_customer(input), rc.now()).await?;
        Ok(Customer(customer))
    }

    /// Stigg `importCustomersBulk`: imports up to 10,000 customers as `importOneCustomer`
    /// does each, all or nothing; answers null once they are stored. `integrationId` is
    /// accepted and not acted on (no billing integration). Errors: the first bad customer's
    /// code, its message prefixed by `customers[i]: `; `BadUserInput` (no customers, too
    /// many, an id twice).
    #[graphql(name = "importCustomersBulk")]
    async fn import_customers_bulk(
        &self,
        ctx: &Context<'_>,
        input: ImportCustomerBulkInput,
    ) -> Result<Option<String>> {
        let rc = ctx.data::<RequestContext>()?;
        let customers = input.customers.into_iter().map(new_customer).collect();
        import::import(
            &rc.db,
            rc.environment,
            input.environment_id,
            customers,
            rc.now(),
        )
        .await?;
        Ok(None)
    }

    /// Stigg `importSubscriptionsBulk`: creates up to 1,000 subscriptions of live customers
    /// with their given ids, plans, addons, quantities, billing periods, start dates and
    /// `updatedAt`, as `provisionSubscription` creates one, all or nothing; answers null once
    /// they are stored. `integrationId` is accepted and not acted on. Errors: the first bad
    /// subscription's code, its message prefixed by `subscriptions[i]: `.
    #[graphql(name = "importSubscriptionsBulk")]
    async fn import_subscriptions_bulk(
        &self,
        ctx: &Context<'_>,
        input: ImportSubscriptionsBulkInput,
    ) -> Result<Option<String>> {
        let rc = ctx.data::<RequestContext>()?;
        let subscriptions = input
            .subscriptions
            .into_iter()
            .enumerate()
            .map(|(i, s)| imported_subscription(i, s))
            .collect::<Result<Vec<_>, Error>>()?;
        subscription_import::import(
            &rc.db,
            rc.environment,
            input.environment_id,
            subscriptions,
            rc.now(),
        )
        .await?;
        Ok(None)
    }
}
