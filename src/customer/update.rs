//! `updateOneCustomer`: change only the fields that were sent.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use serde_json::Value;
use uuid::Uuid;

use super::{check_environment, check_name, get, Customer, CustomerRefId, Email, Metadata};
use crate::billing::BillingInformation;
pub use crate::change::Change;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::values::ExternalId;
use entity::customer;

/// What a client asks to change (Stigg's `UpdateCustomerInput`, decoded).
#[derive(Clone, Debug, Default)]
pub struct CustomerChanges {
    pub customer_id: Option<String>,
    pub ref_id: Option<String>,
    pub environment_id: Option<Uuid>,
    pub name: Change<String>,
    pub email: Change<String>,
    /// Replaces the stored object as a whole.
    pub additional_meta_data: Change<Value>,
    pub billing_id: Change<String>,
    pub crm_id: Change<String>,
    pub salesforce_id: Change<String>,
    pub aws_marketplace_customer_id: Change<String>,
    pub coupon_ref_id: Option<String>,
    /// Validated, then queued for the environment's billing integration in the same
    /// transaction (sealed; never stored with the customer; see [`crate::billing`]), or
    /// dropped when there is none.
    pub billing_information: Option<BillingInformation>,
}

/// Applies `changes` to the live customer they name, in one transaction, and returns it.
/// `updatedAt` moves forward (by at least 1 ms); `createdAt` never changes.
///
/// Errors (Stigg codes): `BadUserInput` (no id, malformed id, name, email, external ids or
/// billing information), `EntityIdDifferentFromRefIdError`, `AccessDeniedError`,
/// `InvalidMetadataError`, `CouponNotFound` (a `couponRefId` that is not an ACTIVE coupon),
/// `CustomerNotFound` (unknown or archived).
#[tracing::instrument(name = "customer.update", skip_all, fields(environment_id = %env.0, customer_ref_id = tracing::field::Empty))]
pub async fn update(
    db: &DatabaseConnection,
    env: EnvironmentId,
    changes: CustomerChanges,
    key: Option<&crate::billing::secret::SecretKey>,
    now: DateTime<Utc>,
) -> Result<Customer> {
    check_environment(changes.environment_id, env)?;
    let ref_id = match (changes.customer_id.as_deref(), changes.ref_id.as_deref()) {
        (None, None) => return Err(Error::bad_input("customerId is required")),
        (c, r) => CustomerRefId::resolve(c, r)?,
    };
    tracing::Span::current().record("customer_ref_id", ref_id.as_str());
    if let Change::Set(name) = &changes.name {
        check_name(name)?;
    }
    let email = changes
        .email
        .try_map(|raw| Email::parse(&raw).map(Email::into_string))?;
    let metadata = changes
        .additional_meta_data
        .try_map(|raw| Metadata::parse(raw).map(Metadata::into_value))?;
    for (field, value) in [
        ("billingId", &changes.billing_id),
        ("crmId", &changes.crm_id),
        ("salesforceId", &changes.salesforce_id),
        (
            "awsMarketplaceCustomerId",
            &changes.aws_marketplace_customer_id,
        ),
    ] {
        if let Change::Set(value) = value {
            ExternalId::parse(field, value)?;
        }
    }
    if let Some(info) = &changes.billing_information {
        info.validate()?;
    }
    if let Some(coupon) = &changes.coupon_ref_id {
        crate::catalog::CatalogRefId::parse("couponRefId", coupon)?;
    }

    let txn = crate::database::begin_write(db).await?;
    let current = get::lock_live(&txn, env, &ref_id).await?;
    let updated_at = now.max(current.updated_at + chrono::TimeDelta::milliseconds(1));
    let mut row: customer::ActiveModel = current.into();
    changes.name.write(&mut row.name);
    email.write(&mut row.email);
    metadata.write(&mut row.additional_meta_data);
    changes.billing_id.write(&mut row.billing_id);
    changes.crm_id.write(&mut row.crm_id);
    changes.salesforce_id.write(&mut row.salesforce_id);
    changes
        .aws_marketplace_customer_id
        .write(&mut row.aws_marketplace_customer_id);
    if let Some(coupon) = &changes.coupon_ref_id {
        let coupon = crate::coupon::active_by_ref(&txn, env, coupon).await?;
        row.coupon_id = Set(Some(coupon.id));
        row.coupon_attached_at = Set(Some(now));
    }
    row.fold_changed_text();
    row.updated_at = Set(updated_at);
    let saved = row.update(&txn).await?;
    if let Some(info) = &changes.billing_information {
        crate::billing::sync::enqueue_customer_sync(&txn, key, env, saved.id, info, now).await?;
    }
    crate::webhook::customer_event(
        &txn,
        env,
        crate::webhook::WebhookEventType::CustomerUpdated,
        &saved,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}
