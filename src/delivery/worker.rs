//! The delivery worker: every server process runs one ([`run`]); each pass claims due jobs
//! (see [`super::queue`]) and makes one attempt at each, by kind: a billing sync
//! ([`crate::billing::sync::attempt`]) or a webhook ([`crate::webhook::send::attempt`]).

use std::time::Duration;

use sea_orm::DatabaseConnection;

use super::queue::{self, Recorded};
use super::Delivery;
use crate::error::Result;
use entity::delivery_job::{DeliveryKind, Model as Job};

/// Delivers due jobs every `interval` until the process ends. Failures of a pass are
/// logged (never with a payload or a secret) and the pass is tried again.
pub async fn run(db: DatabaseConnection, delivery: Delivery, interval: Duration) {
    loop {
        match pass(&db, &delivery).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(jobs = n, "delivery jobs attempted"),
            Err(err) => tracing::warn!(error = %err, "delivery worker pass failed"),
        }
        tokio::time::sleep(interval).await;
    }
}

/// One pass: claims due jobs and makes one attempt at each. Returns how many were
/// attempted.
pub async fn pass(db: &DatabaseConnection, delivery: &Delivery) -> Result<usize> {
    let jobs = queue::claim_due(db, delivery.clock.now(), None).await?;
    let n = jobs.len();
    for job in jobs {
        attempt(db, delivery, &job).await?;
    }
    Ok(n)
}

/// Makes the claimed attempt at `job` and records it. Returns the outcome and the
/// failure's message, if any.
pub async fn attempt(
    db: &DatabaseConnection,
    delivery: &Delivery,
    job: &Job,
) -> Result<(Recorded, Option<String>)> {
    let (recorded, error) = match job.kind {
        DeliveryKind::BillingCustomerSync => {
            crate::billing::sync::attempt(db, delivery, job).await?
        }
        DeliveryKind::Webhook => crate::webhook::send::attempt(db, delivery, job).await?,
    };
    match (&recorded, &error) {
        (Recorded::GivenUp, Some(e)) => {
            tracing::warn!(job_id = %job.id, kind = ?job.kind, attempts = job.attempts, error = %e, "delivery given up")
        }
        (Recorded::RetryAt(at), Some(e)) => {
            tracing::info!(job_id = %job.id, kind = ?job.kind, attempts = job.attempts, retry_at = %at, error = %e, "delivery failed; will retry")
        }
        _ => {}
    }
    Ok((recorded, error))
}
