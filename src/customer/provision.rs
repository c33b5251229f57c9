//! `provisionCustomer`: create a customer and, when asked, its initial subscription.

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, EntityTrait, Set};
use serde_json::Value;
use uuid::Uuid;

use super::{
    check_environment, check_name, get, Customer, CustomerRefId, Email, Metadata,
    REF_ID_INDEX_COLUMNS,
};
use crate::billing::BillingInformation;
use crate::entitlement::{self, CustomerEntitlement};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::subscription::read::{self, SubscriptionView};
use crate::subscription::{create, SubscriptionDecision, SubscriptionRequest};
use crate::values::ExternalId;
use entity::customer;

/// What a client asks to provision (Stigg's `ProvisionCustomerInput`, decoded).
#[derive(Clone, Debug, Default)]
pub struct NewCustomer {
    pub customer_id: Option<String>,
    pub ref_id: Option<String>,
    pub environment_id: Option<Uuid>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub additional_meta_data: Option<Value>,
    pub billing_id: Option<String>,
    pub crm_id: Option<String>,
    pub salesforce_id: Option<String>,
    pub aws_marketplace_customer_id: Option<String>,
    pub exclude_from_experiment: Option<bool>,
    /// Creation time override; truncated to milliseconds.
    pub created_at: Option<DateTime<Utc>>,
    /// Last-change time (imports: Stigg's `ImportCustomerInput.updatedAt`); not in the
    /// future; truncated to milliseconds. Now when absent.
    pub updated_at: Option<DateTime<Utc>>,
    /// Default payment method id (imports: Stigg's `paymentMethodId`), kept as given.
    pub payment_method_id: Option<String>,
    pub coupon_ref_id: Option<String>,
    pub billing_information: Option<BillingInformation>,
    /// `subscriptionParams`: omitted and `null` both mean "no subscription".
    pub subscription: Option<SubscriptionRequest>,
}

/// The result of a provision.
#[derive(Clone, Debug)]
pub struct Provisioned {
    pub customer: Customer,
    pub decision: SubscriptionDecision,
    /// The subscription created (none when skipped).
    pub subscription: Option<SubscriptionView>,
    /// The customer's effective entitlements (from that subscription).
    pub entitlements: Vec<CustomerEntitlement>,
}

/// Provisions a customer in `env`, in one transaction; on any error nothing is written.
///
/// Errors (Stigg codes): `AccessDeniedError` (foreign `environmentId`),
/// `EntityIdDifferentFromRefIdError`, `BadUserInput` (id, name, email, external ids,
/// billing information), `InvalidMetadataError`, `CouponNotFound` (a `couponRefId` that is not an ACTIVE
/// coupon), `DuplicatedEntityNotAllowed` (the id is taken, archived customers
/// included; enforced by the unique index, so concurrent provisions of one id yield one
/// customer), and for `subscriptionParams` the errors of [`create::create_initial`].
///
/// With `billingInformation` and a billing integration in `env`, the customer's sync job is
/// written in the same transaction, sealed with `key` (see [`crate::billing::sync`]); so is
/// the `customer.created` webhook event (see [`crate::webhook`]).
#[tracing::instrument(name = "customer.provision", skip_all, fields(environment_id = %env.0, customer_ref_id = tracing::field::Empty))]
pub async fn provision(
    db: &DatabaseConnection,
    env: EnvironmentId,
    input: NewCustomer,
    key: Option<&crate::billing::secret::SecretKey>,
    now: DateTime<Utc>,
) -> Result<Provisioned> {
    let mut row = new_row(env, &input, now)?;
    let ref_id = CustomerRefId::parse(&row.ref_id)?;
    tracing::Span::current().record("customer_ref_id", ref_id.as_str());
    if let Some(info) = &input.billing_information {
        info.validate()?;
    }
    if let Some(coupon) = &input.coupon_ref_id {
        crate::catalog::CatalogRefId::parse("couponRefId", coupon)?;
    }

    let txn = crate::database::begin_write(db).await?;
    if let Some(coupon) = &input.coupon_ref_id {
        let coupon = crate::coupon::active_by_ref(&txn, env, coupon).await?;
        row.coupon_id = Some(coupon.id);
        row.coupon_attached_at = Some(now);
    }
    let inserted = customer::Entity::insert(active(&row))
        .exec_without_returning(&txn)
        .await;
    match inserted {
        Ok(_) => {
            if let Some(info) = &input.billing_information {
                crate::billing::sync::enqueue_customer_sync(&txn, key, env, row.id, info, now)
                    .await?;
            }
            crate::webhook::customer_event(
                &txn,
                env,
                crate::webhook::WebhookEventType::CustomerCreated,
                &row,
                now,
            )
            .await?;
            let provisioned = match input.subscription {
                None => Provisioned {
                    customer: row,
                    decision: SubscriptionDecision::SkippedSubscriptionCreation,
                    subscription: None,
                    entitlements: Vec::new(),
                },
                Some(request) => {
                    let watch = crate::webhook::entitlements::watch(
                        &txn,
                        env,
                        &row,
                        request.resource_id.as_deref(),
                        now,
                    )
                    .await?;
                    let created = create::create_initial(&txn, env, &row, request, now).await?;
                    crate::webhook::subscription::created(&txn, env, &row, &created, now).await?;
                    if let Some(watch) = watch {
                        let trigger = crate::webhook::entitlements::Trigger::SubscriptionUpdated;
                        watch.written(&txn, &row, trigger, now).await?;
                    }
                    let subscription = read::by_ids(&txn, &[created.subscription_id], now)
                        .await?
                        .pop();
                    let live: Vec<_> = subscription
                        .iter()
                        .filter(|s| s.is_live())
                        .cloned()
                        .collect();
                    let resource_id = live.first().and_then(|s| s.row.resource_id.clone());
                    let entitlements = entitlement::with_usage(
                        &txn,
                        &row,
                        resource_id.as_deref(),
                        entitlement::effective(&live),
                        now,
                    )
                    .await?;
                    Provisioned {
                        customer: row,
                        decision: created.decision,
                        subscription,
                        entitlements,
                    }
                }
            };
            txn.commit().await?;
            Ok(provisioned)
        }
        Err(err)
            if crate::database::is_unique_violation(
                &err,
                migration::CUSTOMER_REF_ID_INDEX,
                REF_ID_INDEX_COLUMNS,
            ) =>
        {
            txn.rollback().await?;
            let archived = get::find_any(db, env, &ref_id)
                .await?
                .is_some_and(|holder| holder.archived_at.is_some());
            Err(Error::DuplicatedCustomer {
                ref_id: ref_id.to_string(),
                archived,
            })
        }
        Err(err) => Err(err.into()),
    }
}

/// The row a new customer of `env` gets from `input`'s customer fields (the rules every way
/// of creating a customer shares: `provisionCustomer` and the imports): the id (given as
/// `customerId` and/or `refId`, generated when neither is), name, email, metadata, external
/// ids (`billingId`, `crmId`, `salesforceId`, `awsMarketplaceCustomerId`,
/// `paymentMethodId`), `createdAt` (now when absent) and `updatedAt` (now when absent; not
/// after now). Billing information, coupon and subscription are not looked at.
///
/// Errors (Stigg codes): `AccessDeniedError` (foreign `environmentId`),
/// `EntityIdDifferentFromRefIdError`, `BadUserInput`, `InvalidMetadataError`.
pub fn new_row(env: EnvironmentId, input: &NewCustomer, now: DateTime<Utc>) -> Result<Customer> {
    check_environment(input.environment_id, env)?;
    let ref_id = CustomerRefId::resolve(input.customer_id.as_deref(), input.ref_id.as_deref())?;
    if let Some(name) = &input.name {
        check_name(name)?;
    }
    let email = input.email.as_deref().map(Email::parse).transpose()?;
    let metadata = input
        .additional_meta_data
        .clone()
        .map(Metadata::parse)
        .transpose()?;
    for (field, value) in [
        ("billingId", &input.billing_id),
        ("crmId", &input.crm_id),
        ("salesforceId", &input.salesforce_id),
        (
            "awsMarketplaceCustomerId",
            &input.aws_marketplace_customer_id,
        ),
        ("paymentMethodId", &input.payment_method_id),
    ] {
        if let Some(value) = value {
            ExternalId::parse(field, value)?;
        }
    }
    let updated_at = match input.updated_at.map(crate::time::to_millis) {
        Some(at) if at > now => {
            return Err(Error::bad_input(format!(
                "updatedAt {} is in the future",
                crate::time::to_millis(at).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            )))
        }
        Some(at) => at,
        None => now,
    };
    let created_at = input.created_at.map(crate::time::to_millis).unwrap_or(now);
    Ok(Customer {
        id: Uuid::new_v4(),
        environment_id: env.0,
        ref_id: ref_id.as_str().to_owned(),
        name: input.name.clone(),
        email: email.map(Email::into_string),
        additional_meta_data: metadata.map(Metadata::into_value),
        billing_id: input.billing_id.clone(),
        crm_id: input.crm_id.clone(),
        salesforce_id: input.salesforce_id.clone(),
        aws_marketplace_customer_id: input.aws_marketplace_customer_id.clone(),
        // Computed from the text columns just below.
        ref_id_folded: String::new(),
        name_folded: None,
        email_folded: None,
        billing_id_folded: None,
        crm_id_folded: None,
        salesforce_id_folded: None,
        aws_marketplace_customer_id_folded: None,
        exclude_from_experiment: input.exclude_from_experiment.unwrap_or(false),
        coupon_id: None,
        coupon_attached_at: None,
        payment_method_id: input.payment_method_id.clone(),
        created_at,
        updated_at,
        archived_at: None,
    }
    .with_folded_text())
}

/// The insert of a whole customer row.
pub(crate) fn active(row: &Customer) -> customer::ActiveModel {
    customer::ActiveModel {
        id: Set(row.id),
        environment_id: Set(row.environment_id),
        ref_id: Set(row.ref_id.clone()),
        name: Set(row.name.clone()),
        email: Set(row.email.clone()),
        additional_meta_data: Set(row.additional_meta_data.clone()),
        billing_id: Set(row.billing_id.clone()),
        crm_id: Set(row.crm_id.clone()),
        salesforce_id: Set(row.salesforce_id.clone()),
        aws_marketplace_customer_id: Set(row.aws_marketplace_customer_id.clone()),
        ref_id_folded: Set(row.ref_id_folded.clone()),
        name_folded: Set(row.name_folded.clone()),
        email_folded: Set(row.email_folded.clone()),
        billing_id_folded: Set(row.billing_id_folded.clone()),
        crm_id_folded: Set(row.crm_id_folded.clone()),
        salesforce_id_folded: Set(row.salesforce_id_folded.clone()),
        aws_marketplace_customer_id_folded: Set(row.aws_marketplace_customer_id_folded.clone()),
        exclude_from_experiment: Set(row.exclude_from_experiment),
        coupon_id: Set(row.coupon_id),
        coupon_attached_at: Set(row.coupon_attached_at),
        payment_method_id: Set(row.payment_method_id.clone()),
        created_at: Set(row.created_at),
        updated_at: Set(row.updated_at),
        archived_at: Set(row.archived_at),
    }
}
