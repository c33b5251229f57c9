//! The delivery worker: every server process runs one ([`run`]); each pass claims due jobs
//! (see [`super::queue`]) and makes one attempt at each, by kind: a billing sync
//! ([`crate::billing::sync::attempt`]) or a webhook ([`crate::webhook::send::attempt`]).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use sea_orm::DatabaseConnection;

use super::queue::{self, Recorded};
use super::Delivery;
use crate::error::Result;
use entity::delivery_job::{DeliveryKind, Model as Job};

/// Most attempts one process has in flight at once.
pub const MAX_IN_FLIGHT: usize = 64;

/// Delivers due jobs every `interval` until the process ends: each pass claims due jobs and
/// starts an attempt at each without waiting for earlier attempts to end (a claimed job is
/// leased, so no pass claims it twice; each is the first in its line, so none waits for
/// another). One endpoint that hangs until its timeout holds back only its own line, not
/// every other delivery (found by the fresh-user trial). At most [`MAX_IN_FLIGHT`] attempts
/// run at once. Failures are logged (never with a payload or a secret).
pub async fn run(db: DatabaseConnection, delivery: Delivery, interval: Duration) {
    let slots = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    loop {
        if slots.available_permits() > 0 {
            match queue::claim_due(&db, delivery.clock.now(), None).await {
                Ok(jobs) => {
                    if !jobs.is_empty() {
                        tracing::debug!(jobs = jobs.len(), "delivery jobs claimed");
                    }
                    for job in jobs {
                        // Claimed jobs are leased: one without a free slot waits for one.
                        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
                            return;
                        };
                        let (db, delivery) = (db.clone(), delivery.clone());
                        tokio::spawn(async move {
                            if let Err(err) = attempt(&db, &delivery, &job).await {
                                tracing::warn!(job_id = %job.id, error = %err, "recording a delivery attempt failed");
                            }
                            drop(slot);
                        });
                    }
                }
                Err(err) => tracing::warn!(error = %err, "delivery worker pass failed"),
            }
        }
        tokio::time::sleep(interval).await;
    }
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
