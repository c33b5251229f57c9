//! A customer's sync with the billing integration: the job a change writes
//! ([`enqueue_customer_sync`]), one attempt at it ([`attempt`], run by the delivery worker),
//! and `updateOneCustomer`'s `shouldWaitSync: true` ([`sync_now`]).

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::secret::SecretKey;
use super::stripe::{CustomerFields, Synced};
use super::BillingInformation;
use crate::delivery::queue::{self, Attempt, Recorded};
use crate::delivery::Delivery;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::delivery_job::{self, DeliveryKind, Model as Job};
use entity::stigg_enums::SyncStatus;
use entity::{billing_integration, customer, customer_billing};

/// What a sealed billing payload is for (the sealing's associated data, with the job id).
const PAYLOAD_PURPOSE: &str = "billing-customer-sync";

/// Writes, in `txn` (the transaction of the customer change), a job that syncs `info` for
/// customer `customer_id` to the environment's billing integration, and marks the
/// customer's sync PENDING. Returns the job id; `None` when the environment has no billing
/// integration (the information is then dropped, as nothing could receive it).
/// Errors: `UnexpectedError` when an integration exists but `PLANGATE_SECRET_KEY` is not
/// configured (start-up refuses that, see `integration::check_all`).
pub async fn enqueue_customer_sync<C: ConnectionTrait>(
    txn: &C,
    key: Option<&SecretKey>,
    env: EnvironmentId,
    customer_id: Uuid,
    info: &BillingInformation,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>> {
    let Some(integration) = super::integration::find_for_sync(txn, env).await? else {
        return Ok(None);
    };
    let key = key.ok_or_else(|| {
        Error::Unexpected(anyhow::anyhow!(
            "a billing integration exists but PLANGATE_SECRET_KEY is not configured"
        ))
    })?;
    let id = Uuid::new_v4();
    let plain = serde_json::to_vec(info).map_err(|e| Error::Unexpected(e.into()))?;
    delivery_job::Entity::insert(queue::new_job(
        id,
        env.0,
        DeliveryKind::BillingCustomerSync,
        integration.id,
        customer_id,
        key.seal(PAYLOAD_PURPOSE, id, &plain),
        now,
    ))
    .exec_without_returning(txn)
    .await?;
    customer_billing::Entity::insert(state_row(
        customer_id,
        integration.id,
        SyncStatus::Pending,
        now,
    ))
    .on_conflict(
        OnConflict::column(customer_billing::Column::CustomerId)
            .update_columns([
                customer_billing::Column::IntegrationId,
                customer_billing::Column::Status,
                customer_billing::Column::Error,
                customer_billing::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(Some(id))
}

/// Makes the claimed attempt at billing job `job` and records its outcome with what Stripe
/// answered (or the error) for the customer. Returns the outcome and the vendor's error.
pub async fn attempt(
    db: &DatabaseConnection,
    billing: &Delivery,
    job: &Job,
) -> Result<(Recorded, Option<String>)> {
    let outcome = deliver(db, billing, job).await;
    let now = billing.clock.now();
    let txn = crate::database::begin_write(db).await?;
    let (attempt, synced) = match outcome {
        Ok(synced) => (Attempt::Delivered, Some(synced)),
        Err(failure) => (failure, None),
    };
    let recorded = queue::record(&txn, job, &attempt, billing.retry, now).await?;
    let error = match &attempt {
        Attempt::Failed { error, .. } => Some(error.clone()),
        Attempt::Delivered => None,
    };
    if recorded != Recorded::Lapsed {
        if let Some(customer_id) = job.customer_id {
            store_state(
                &txn,
                customer_id,
                job.target_id,
                synced.as_ref(),
                error.as_deref(),
                now,
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok((recorded, error))
}

/// One attempt at `job`: opens its payload and the integration's key, sends the customer
/// to the vendor. Errors: the attempt's failure, as it is to be recorded.
async fn deliver(
    db: &DatabaseConnection,
    billing: &Delivery,
    job: &Job,
) -> std::result::Result<Synced, Attempt> {
    let permanent = |error: String| Attempt::Failed {
        error,
        retryable: false,
    };
    let transient = |error: String| Attempt::Failed {
        error,
        retryable: true,
    };
    let key = billing
        .key
        .as_ref()
        .ok_or_else(|| transient("PLANGATE_SECRET_KEY is not configured".into()))?;
    let sealed = job
        .payload
        .as_deref()
        .ok_or_else(|| permanent("the job has no payload".into()))?;
    let info: BillingInformation = key
        .open(PAYLOAD_PURPOSE, job.id, sealed)
        .ok()
        .and_then(|plain| serde_json::from_slice(&plain).ok())
        .ok_or_else(|| {
            permanent("the job's payload does not open with PLANGATE_SECRET_KEY".into())
        })?;
    let integration = billing_integration::Entity::find_by_id(job.target_id)
        .one(db)
        .await
        .map_err(|e| transient(format!("database: {e}")))?
        .ok_or_else(|| permanent("the billing integration no longer exists".into()))?;
    if integration.removed_at.is_some() {
        // Claimed before the removal committed, which gave the job up: nothing is sent.
        return Err(permanent(super::integration::REMOVED_ERROR.into()));
    }
    let stripe = super::integration::stripe(&integration, key, billing.http.clone())
        .map_err(|e| permanent(e.to_string()))?;
    let customer_id = job
        .customer_id
        .ok_or_else(|| permanent("the job names no customer".into()))?;
    let row = customer::Entity::find_by_id(customer_id)
        .one(db)
        .await
        .map_err(|e| transient(format!("database: {e}")))?
        .ok_or_else(|| permanent("the customer no longer exists".into()))?;
    let fields = CustomerFields {
        ref_id: row.ref_id.clone(),
        name: row.name.clone(),
        email: row.email.clone(),
    };
    stripe
        .sync_customer(
            row.billing_id.as_deref(),
            &fields,
            &info,
            &job.id.to_string(),
        )
        .await
        .map_err(|e| Attempt::Failed {
            error: without_billing_information(&e.message, &info),
            retryable: e.retryable,
        })
}

/// `message` (a vendor's error, which is stored and shown in `syncStates`) with every text of
/// `info` of 4 characters or more (an address line, a tax id, a payment method id, …)
/// replaced by `[redacted]`: an error that echoes what was sent keeps none of it.
fn without_billing_information(message: &str, info: &BillingInformation) -> String {
    fn texts(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) if s.chars().count() >= 4 => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| texts(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| texts(v, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    texts(&serde_json::to_value(info).unwrap_or_default(), &mut found);
    // Longest first, so a text inside another is not half-replaced.
    found.sort_by_key(|t| std::cmp::Reverse(t.len()));
    found.iter().fold(message.to_owned(), |m, t| {
        m.replace(t.as_str(), "[redacted]")
    })
}

/// Writes what the vendor answered (or the error) for the customer: `customers.billing_id`
/// and the `customer_billing` row. An archived customer keeps no payment-method details.
async fn store_state<C: sea_orm::ConnectionTrait>(
    txn: &C,
    customer_id: Uuid,
    integration_id: Uuid,
    synced: Option<&Synced>,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(row) = customer::Entity::find_by_id(customer_id).one(txn).await? else {
        return Ok(());
    };
    let Some(synced) = synced else {
        customer_billing::Entity::update_many()
            .col_expr(
                customer_billing::Column::Status,
                Expr::value(SyncStatus::Error),
            )
            .col_expr(
                customer_billing::Column::Error,
                Expr::value(error.map(str::to_owned)),
            )
            .col_expr(customer_billing::Column::UpdatedAt, Expr::value(now))
            .filter(customer_billing::Column::CustomerId.eq(customer_id))
            .exec(txn)
            .await?;
        return Ok(());
    };
    if row.billing_id.as_deref() != Some(synced.customer_id.as_str()) {
        customer::Entity::update_many()
            .col_expr(
                customer::Column::BillingId,
                Expr::value(Some(synced.customer_id.clone())),
            )
            .col_expr(
                customer::Column::BillingIdFolded,
                Expr::value(Some(entity::case_fold::fold(&synced.customer_id))),
            )
            .filter(customer::Column::Id.eq(customer_id))
            .exec(txn)
            .await?;
    }
    let pm = synced
        .payment_method
        .as_ref()
        .filter(|_| row.archived_at.is_none());
    let mut state = state_row(customer_id, integration_id, SyncStatus::Success, now);
    state.billing_link_url = Set(Some(synced.dashboard_url.clone()));
    state.has_payment_method = Set(pm.is_some());
    state.payment_method_type = Set(pm.and_then(|p| p.kind));
    state.card_brand = Set(pm.and_then(|p| p.brand.clone()));
    state.last4 = Set(pm.and_then(|p| p.last4.clone()));
    state.expiration_month = Set(pm.and_then(|p| p.expiration_month));
    state.expiration_year = Set(pm.and_then(|p| p.expiration_year));
    state.synced_at = Set(Some(now));
    customer_billing::Entity::insert(state)
        .on_conflict(
            OnConflict::column(customer_billing::Column::CustomerId)
                .update_columns([
                    customer_billing::Column::IntegrationId,
                    customer_billing::Column::Status,
                    customer_billing::Column::Error,
                    customer_billing::Column::BillingLinkUrl,
                    customer_billing::Column::HasPaymentMethod,
                    customer_billing::Column::PaymentMethodType,
                    customer_billing::Column::CardBrand,
                    customer_billing::Column::Last4,
                    customer_billing::Column::ExpirationMonth,
                    customer_billing::Column::ExpirationYear,
                    customer_billing::Column::SyncedAt,
                    customer_billing::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// A customer's billing state row with `status` at `now`, without error, link or payment
/// method.
fn state_row(
    customer_id: Uuid,
    integration_id: Uuid,
    status: SyncStatus,
    now: DateTime<Utc>,
) -> customer_billing::ActiveModel {
    customer_billing::ActiveModel {
        customer_id: Set(customer_id),
        integration_id: Set(integration_id),
        status: Set(status),
        error: Set(None),
        billing_link_url: Set(None),
        has_payment_method: Set(false),
        payment_method_type: Set(None),
        card_brand: Set(None),
        last4: Set(None),
        expiration_month: Set(None),
        expiration_year: Set(None),
        synced_at: Set(None),
        updated_at: Set(now),
    }
}

/// How long `shouldWaitSync: true` waits for the customer's sync.
pub const WAIT_SYNC_LIMIT: Duration = Duration::from_secs(15);

/// Delivers customer `customer_id`'s pending jobs now, in order, and waits (at most
/// [`WAIT_SYNC_LIMIT`]) for them: `updateOneCustomer` with `shouldWaitSync: true`. A job
/// another worker is attempting is waited for. Errors: `StripeError` with the vendor's
/// message when an attempt fails (the job stays queued for its retries) or when the wait
/// runs out.
pub async fn sync_now(
    db: &DatabaseConnection,
    billing: &Delivery,
    customer_id: Uuid,
) -> Result<()> {
    let deadline = tokio::time::Instant::now() + WAIT_SYNC_LIMIT;
    loop {
        let Some(head) =
            queue::first_pending_of(db, DeliveryKind::BillingCustomerSync, customer_id).await?
        else {
            let failed = customer_billing::Entity::find_by_id(customer_id)
                .one(db)
                .await?
                .filter(|state| state.status == SyncStatus::Error);
            return match failed {
                Some(state) => Err(Error::BillingSync(
                    state.error.unwrap_or_else(|| "billing sync failed".into()),
                )),
                None => Ok(()),
            };
        };
        let now = billing.clock.now();
        if head.next_attempt_at <= now {
            if let Some(job) = queue::claim_due(db, now, Some(head.id)).await?.pop() {
                if let (_, Some(error)) = attempt(db, billing, &job).await? {
                    return Err(Error::BillingSync(error));
                }
                continue;
            }
        } else if let Some(error) = head.last_error.filter(|_| head.attempts > 0) {
            // Waiting for its retry after a failure.
            return Err(Error::BillingSync(error));
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(Error::BillingSync(format!(
                "the billing sync did not finish within {} s; it goes on in the background",
                WAIT_SYNC_LIMIT.as_secs()
            )));
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_errors_keep_no_billing_information() {
        let info = BillingInformation {
            payment_method_id: Some("pm_123456".into()),
            tax_ids: vec![super::super::TaxId {
                kind: "eu_vat".into(),
                value: "DE123456789".into(),
            }],
            ..Default::default()
        };
        assert_eq!(
            without_billing_information(
                "Stripe answered HTTP 400: Invalid eu_vat DE123456789 for pm_123456",
                &info
            ),
            "Stripe answered HTTP 400: Invalid [redacted] [redacted] for [redacted]"
        );
    }
}
