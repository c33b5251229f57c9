//! Webhooks: an environment's events (customer created, updated, archived — Stigg's
//! `customer.created`, `customer.updated`, `customer.deleted`) POSTed to its endpoints
//! ([`endpoint`]), written as delivery jobs in the transaction of the change
//! ([`customer_event`]), delivered by the delivery worker signed per Standard Webhooks
//! ([`send`]): at least once, with a stable event id (`webhook-id`, the body's `messageId`),
//! retries with backoff, a delivery log and replays (`plangate webhook log`, `replay`).
//!
//! Payloads carry no billing information. Their shape is Stigg's customer event
//! (docs.stigg.io `api-reference/customers/customer-deleted`): `type`, `messageId`,
//! `timestamp`, `entityId`, `id`, `name`, `email`, `billingId`, `crmId`, `metadata`,
//! `excludeFromExperiment`, `billingCurrency`. Archiving a customer nulls `name` and `email`
//! in the payloads kept for its earlier events.

pub mod endpoint;
pub mod send;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::customer::Customer;
use crate::environment::EnvironmentId;
use crate::error::Result;
use entity::delivery_job::{self, DeliveryKind};
pub use entity::webhook_endpoint::WebhookEventType;

/// Writes, in `txn` (the transaction of the customer change), `event` about `customer` for
/// every endpoint of `env` that receives it: one job per endpoint, sharing one event id.
/// Returns the event id, or `None` when no endpoint receives it.
pub async fn customer_event<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    event: WebhookEventType,
    customer: &Customer,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>> {
    let endpoints = endpoint::receiving(txn, env, event).await?;
    if endpoints.is_empty() {
        return Ok(None);
    }
    let event_id = Uuid::new_v4();
    let body = json!({
        "type": event.name(),
        "messageId": event_id.to_string(),
        "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "entityId": customer.id.to_string(),
        "id": customer.ref_id,
        "name": customer.name,
        "email": customer.email,
        "billingId": customer.billing_id,
        "crmId": customer.crm_id,
        "metadata": customer.additional_meta_data.clone().unwrap_or_else(|| json!({})),
        "excludeFromExperiment": customer.exclude_from_experiment,
        "billingCurrency": Value::Null,
    })
    .to_string();
    for endpoint in endpoints {
        let mut job = crate::delivery::queue::new_job(
            Uuid::new_v4(),
            env.0,
            DeliveryKind::Webhook,
            endpoint.id,
            customer.id,
            body.clone(),
            now,
        );
        job.event_id = Set(Some(event_id));
        job.event_type = Set(Some(event));
        delivery_job::Entity::insert(job)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(Some(event_id))
}

/// Nulls `name` and `email` in the kept payloads of customer `customer_id`'s webhook events
/// (archive: the customer's PII goes everywhere plangate holds it).
pub async fn forget_customer_pii<C: ConnectionTrait>(txn: &C, customer_id: Uuid) -> Result<()> {
    let jobs = delivery_job::Entity::find()
        .filter(delivery_job::Column::CustomerId.eq(customer_id))
        .filter(delivery_job::Column::Kind.eq(DeliveryKind::Webhook))
        .filter(delivery_job::Column::Payload.is_not_null())
        .all(txn)
        .await?;
    for job in jobs {
        let Some(Ok(mut body)) = job
            .payload
            .as_deref()
            .map(serde_json::from_str::<serde_json::Map<String, Value>>)
        else {
            continue;
        };
        body.insert("name".into(), Value::Null);
        body.insert("email".into(), Value::Null);
        delivery_job::Entity::update_many()
            .col_expr(
                delivery_job::Column::Payload,
                Expr::value(Some(Value::Object(body).to_string())),
            )
            .filter(delivery_job::Column::Seq.eq(job.seq))
            .exec(txn)
            .await?;
    }
    Ok(())
}
