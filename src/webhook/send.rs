//! One attempt at a webhook job: the event's JSON body POSTed to the endpoint, signed per
//! Standard Webhooks (<https://www.standardwebhooks.com>) with the official `standardwebhooks`
//! crate (the specification's reference implementation): headers `webhook-id` (the event id,
//! the same on every retry and replay), `webhook-timestamp` (Unix seconds of this attempt,
//! from the injected clock) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of
//! `id.timestamp.body` under the endpoint's secret). A 2xx answer within 15 s delivers it;
//! anything else is retried with backoff. Every attempt is logged in `webhook_attempts`.

use std::time::{Duration, Instant};

use sea_orm::{DatabaseConnection, EntityTrait, Set};

use crate::delivery::queue::{self, Attempt, Recorded};
use crate::delivery::Delivery;
use crate::error::Result;
use entity::delivery_job::Model as Job;
use entity::{webhook_attempt, webhook_endpoint};

/// How long an endpoint has to answer.
pub const ENDPOINT_TIMEOUT: Duration = Duration::from_secs(15);

/// Makes the claimed attempt at webhook job `job`, records it and logs it. Returns the
/// outcome and the failure's message.
pub async fn attempt(
    db: &DatabaseConnection,
    delivery: &Delivery,
    job: &Job,
) -> Result<(Recorded, Option<String>)> {
    let started = Instant::now();
    let sent = send(db, delivery, job).await;
    let elapsed = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    let now = delivery.clock.now();
    let (attempt, status_code) = match sent {
        Ok(status) if (200..300).contains(&status) => (Attempt::Delivered, Some(status)),
        Ok(status) => (
            Attempt::Failed {
                error: format!("the endpoint answered HTTP {status}"),
                retryable: true,
            },
            Some(status),
        ),
        Err(failure) => (failure, None),
    };
    let error = match &attempt {
        Attempt::Failed { error, .. } => Some(error.clone()),
        Attempt::Delivered => None,
    };
    let txn = crate::database::begin_write(db).await?;
    let recorded = queue::record(&txn, job, &attempt, delivery.retry, now).await?;
    webhook_attempt::Entity::insert(webhook_attempt::ActiveModel {
        job_id: Set(job.id),
        event_id: Set(job.event_id.unwrap_or(job.id)),
        endpoint_id: Set(job.target_id),
        attempt: Set(job.attempts),
        attempted_at: Set(now),
        status_code: Set(status_code.map(i32::from)),
        error: Set(error.clone()),
        duration_ms: Set(elapsed),
        ..Default::default()
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok((recorded, error))
}

/// POSTs the signed event. Returns the endpoint's HTTP status. Errors: the failure to
/// record (unreachable, timed out, no secret).
async fn send(
    db: &DatabaseConnection,
    delivery: &Delivery,
    job: &Job,
) -> std::result::Result<u16, Attempt> {
    let failed = |error: String, retryable: bool| Attempt::Failed { error, retryable };
    let endpoint = webhook_endpoint::Entity::find_by_id(job.target_id)
        .one(db)
        .await
        .map_err(|e| failed(format!("database: {e}"), true))?
        .ok_or_else(|| failed("the webhook endpoint no longer exists".into(), false))?;
    if endpoint.disabled_at.is_some() {
        return Err(failed("the webhook endpoint was removed".into(), false));
    }
    let key = delivery
        .key
        .as_ref()
        .ok_or_else(|| failed("PLANGATE_SECRET_KEY is not configured".into(), true))?;
    let secret =
        super::endpoint::secret(&endpoint, key).map_err(|e| failed(e.to_string(), false))?;
    let body = job
        .payload
        .clone()
        .ok_or_else(|| failed("the job has no payload".into(), false))?;
    let id = job.event_id.unwrap_or(job.id).to_string();
    let timestamp = delivery.clock.now().timestamp();
    let signature = standardwebhooks::Webhook::new(&secret)
        .and_then(|w| w.sign(&id, timestamp, body.as_bytes()))
        .map_err(|e| failed(format!("signing: {e}"), false))?;
    let response = delivery
        .http
        .post(&endpoint.url)
        .header("content-type", "application/json")
        .header(standardwebhooks::HEADER_WEBHOOK_ID, &id)
        .header(
            standardwebhooks::HEADER_WEBHOOK_TIMESTAMP,
            timestamp.to_string(),
        )
        .header(standardwebhooks::HEADER_WEBHOOK_SIGNATURE, signature)
        .body(body)
        .timeout(ENDPOINT_TIMEOUT)
        .send()
        .await
        .map_err(|e| {
            let what = if e.is_timeout() {
                "timed out"
            } else if e.is_connect() {
                "connection failed"
            } else {
                "request failed"
            };
            failed(format!("the endpoint could not be reached: {what}"), true)
        })?;
    Ok(response.status().as_u16())
}

/// One line of the delivery log.
pub type LogEntry = webhook_attempt::Model;

/// The delivery log, newest first: every attempt, or those of event `event_id`; at most
/// `limit` lines.
pub async fn log<C: sea_orm::ConnectionTrait>(
    db: &C,
    event_id: Option<uuid::Uuid>,
    limit: u64,
) -> Result<Vec<LogEntry>> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut find = webhook_attempt::Entity::find();
    if let Some(id) = event_id {
        find = find.filter(webhook_attempt::Column::EventId.eq(id));
    }
    Ok(find
        .order_by_desc(webhook_attempt::Column::Seq)
        .limit(limit)
        .all(db)
        .await?)
}
