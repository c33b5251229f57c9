//! Webhooks: an environment's events POSTed to its endpoints ([`endpoint`]), written as
//! delivery jobs in the transaction of the change, delivered by the delivery worker signed
//! per Standard Webhooks ([`send`]): at least once, with a stable event id (`webhook-id`, the
//! body's `messageId`), retries with backoff, a delivery log and replays (`plangate webhook
//! log`, `replay`). Events, by Stigg's names (docs.stigg.io, "Webhooks" and its event
//! reference):
//!
//! - customer created, updated, archived: `customer.created`, `customer.updated`,
//!   `customer.deleted` ([`customer_event`]; the body is Stigg's customer event, docs.stigg.io
//!   `api-reference/customers/customer-deleted`: `type`, `messageId`, `timestamp`,
//!   `entityId`, `id`, `name`, `email`, `billingId`, `crmId`, `metadata`,
//!   `excludeFromExperiment`, `billingCurrency`);
//! - subscription lifecycle: `subscription.created`, `subscription.updated`,
//!   `subscription.canceled`, `subscription.trial_started`, `subscription.trial_converted`,
//!   `subscription.trial_expired` ([`subscription`]);
//! - effective entitlements changed: `entitlements.updated` ([`entitlements`]).
//!
//! Payloads carry no billing information. Archiving a customer nulls its `name` and `email`
//! in the payloads kept for its earlier events (at the top of customer events, in the nested
//! `customer` of the others).

pub mod endpoint;
pub mod entitlements;
pub mod send;
pub mod subscription;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::{json, Map, Value};
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
    let mut body = customer_fields(customer);
    body.insert(
        "excludeFromExperiment".into(),
        json!(customer.exclude_from_experiment),
    );
    body.insert("billingCurrency".into(), Value::Null);
    write(txn, env, event, &endpoints, customer.id, body, now).await
}

/// The customer's fields every event shows (Stigg's "minimal customer object embedded in
/// events", docs.stigg.io `api-reference/subscriptions/subscription-updated`): `entityId`,
/// `id`, `name`, `email`, `billingId`, `crmId`, `metadata`.
pub(crate) fn customer_fields(customer: &Customer) -> Map<String, Value> {
    let Value::Object(fields) = json!({
        "entityId": customer.id.to_string(),
        "id": customer.ref_id,
        "name": customer.name,
        "email": customer.email,
        "billingId": customer.billing_id,
        "crmId": customer.crm_id,
        "metadata": customer.additional_meta_data.clone().unwrap_or_else(|| json!({})),
    }) else {
        return Map::new();
    };
    fields
}

/// Writes, in `txn`, one job per endpoint of `endpoints` (those of `env` that receive
/// `event`) carrying `body` with the envelope added in front (`type`, `messageId` = the
/// event id, `timestamp` = `now`, RFC 3339 ms). Returns the event id, or `None` when no
/// endpoint receives it (nothing written).
pub(crate) async fn write<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    event: WebhookEventType,
    endpoints: &[endpoint::Endpoint],
    customer_id: Uuid,
    body: Map<String, Value>,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>> {
    if endpoints.is_empty() {
        return Ok(None);
    }
    let event_id = Uuid::new_v4();
    let mut full = Map::new();
    full.insert("type".into(), json!(event.name()));
    full.insert("messageId".into(), json!(event_id.to_string()));
    full.insert(
        "timestamp".into(),
        json!(now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
    );
    full.extend(body);
    let body = Value::Object(full).to_string();
    for endpoint in endpoints {
        let mut job = crate::delivery::queue::new_job(
            Uuid::new_v4(),
            env.0,
            DeliveryKind::Webhook,
            endpoint.id,
            customer_id,
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
        // Customer events carry the customer's fields at the top; the other events in a
        // nested `customer` object.
        let fields = match body.get_mut("customer").and_then(Value::as_object_mut) {
            Some(nested) => nested,
            None => &mut body,
        };
        fields.insert("name".into(), Value::Null);
        fields.insert("email".into(), Value::Null);
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
