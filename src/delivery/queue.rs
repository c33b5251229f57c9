//! The delivery queue (`delivery_jobs`): a change writes its jobs in its own transaction
//! (`billing::sync::enqueue_customer_sync`, `webhook::enqueue`); workers claim due jobs
//! ([`claim_due`]) and record each attempt's outcome ([`record`]).
//!
//! - **Order**: a customer's jobs for one target (integration or webhook endpoint) are
//!   delivered in the order they were written (`seq`): a job is claimable only when no
//!   earlier job of the same customer and target is still pending.
//! - **One deliverer**: claiming takes the rows with `FOR UPDATE SKIP LOCKED` on PostgreSQL
//!   (one writer at a time on SQLite) and moves `next_attempt_at` a lease ahead, so with
//!   several replicas each attempt is made by one of them. A worker that dies mid-attempt
//!   leaves the job due again when the lease ends; the retry sends the same idempotency keys.
//! - **Backoff**: after a failed attempt the next waits 2 s, 4 s, 8 s, … (at most 1 h),
//!   counted on the injected clock; after the last attempt (or an error retrying cannot fix)
//!   the job is given up.
//! - **Erasure**: a billing job's sealed payload is set to NULL in the transaction that
//!   records it delivered or given up (a webhook's payload, which holds no billing
//!   information, is kept for replays).

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::error::Result;
use entity::delivery_job::{self, DeliveryKind, DeliveryStatus, Model as Job};

/// How long a claimed attempt owns its job: after that (a worker that died) it is due again.
pub const LEASE: TimeDelta = TimeDelta::seconds(60);

/// Jobs claimed per pass.
pub const JOBS_PER_PASS: u64 = 20;

/// When failed attempts are tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in all (at least 1); then the job is given up.
    pub max_attempts: u32,
    /// Wait after the first failure; doubled after each further one.
    pub first_delay: TimeDelta,
    /// Longest wait between two attempts.
    pub max_delay: TimeDelta,
}

impl Default for Retry {
    /// 12 attempts, 2 s doubling to at most 1 h: about 68 minutes from the first failure.
    fn default() -> Self {
        Retry {
            max_attempts: 12,
            first_delay: TimeDelta::seconds(2),
            max_delay: TimeDelta::hours(1),
        }
    }
}

impl Retry {
    /// The wait after `attempts` failed attempts (1 → `first_delay`, 2 → twice that, …).
    pub fn delay_after(&self, attempts: u32) -> TimeDelta {
        let doublings = attempts.saturating_sub(1).min(30);
        let delay = self
            .first_delay
            .checked_mul(1 << doublings)
            .unwrap_or(self.max_delay);
        delay.min(self.max_delay)
    }
}

/// A new job `id` of `kind` for `target_id` (and customer `customer_id`) carrying `payload`,
/// written by a change at `now`: PENDING, due at once, no attempt yet.
pub fn new_job(
    id: Uuid,
    environment_id: Uuid,
    kind: DeliveryKind,
    target_id: Uuid,
    customer_id: Uuid,
    payload: String,
    now: DateTime<Utc>,
) -> delivery_job::ActiveModel {
    delivery_job::ActiveModel {
        id: Set(id),
        environment_id: Set(environment_id),
        kind: Set(kind),
        target_id: Set(target_id),
        customer_id: Set(Some(customer_id)),
        event_id: Set(None),
        event_type: Set(None),
        payload: Set(Some(payload)),
        status: Set(DeliveryStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    }
}

/// No earlier job of the same customer and target is pending (SQL over `delivery_jobs`).
const FIRST_IN_LINE: &str = "NOT EXISTS (SELECT 1 FROM delivery_jobs AS earlier \
     WHERE earlier.status = 'PENDING' AND earlier.customer_id = delivery_jobs.customer_id \
     AND earlier.target_id = delivery_jobs.target_id AND earlier.seq < delivery_jobs.seq)";

/// Claims up to [`JOBS_PER_PASS`] due jobs (or only job `only`, when given and due) first in
/// their customer's line, skipping rows another transaction holds (PostgreSQL): each gets
/// one more attempt and a lease of [`LEASE`]. Returns them as claimed (`attempts` counts the
/// attempt about to be made).
pub async fn claim_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    only: Option<Uuid>,
) -> Result<Vec<Job>> {
    // Most passes find nothing due: look first without a write transaction (on SQLite it
    // takes the database's write lock, which every pass would otherwise hold for a moment).
    let mut probe = delivery_job::Entity::find()
        .filter(delivery_job::Column::Status.eq(DeliveryStatus::Pending))
        .filter(delivery_job::Column::NextAttemptAt.lte(now));
    if let Some(id) = only {
        probe = probe.filter(delivery_job::Column::Id.eq(id));
    }
    if probe.one(db).await?.is_none() {
        return Ok(Vec::new());
    }
    let txn = crate::database::begin_write(db).await?;
    let mut find = delivery_job::Entity::find()
        .filter(delivery_job::Column::Status.eq(DeliveryStatus::Pending))
        .filter(delivery_job::Column::NextAttemptAt.lte(now))
        .filter(Expr::cust(FIRST_IN_LINE));
    if let Some(id) = only {
        find = find.filter(delivery_job::Column::Id.eq(id));
    }
    let due = find
        .order_by_asc(delivery_job::Column::Seq)
        .limit(JOBS_PER_PASS)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(&txn)
        .await?;
    let mut claimed = Vec::with_capacity(due.len());
    for mut job in due {
        job.attempts += 1;
        job.next_attempt_at = now + LEASE;
        job.updated_at = now;
        delivery_job::Entity::update_many()
            .col_expr(delivery_job::Column::Attempts, Expr::value(job.attempts))
            .col_expr(
                delivery_job::Column::NextAttemptAt,
                Expr::value(job.next_attempt_at),
            )
            .col_expr(delivery_job::Column::UpdatedAt, Expr::value(now))
            .filter(delivery_job::Column::Seq.eq(job.seq))
            .exec(&txn)
            .await?;
        claimed.push(job);
    }
    txn.commit().await?;
    Ok(claimed)
}

/// The first pending `kind` job of customer `customer_id` (its line's head), if any.
pub async fn first_pending_of<C: ConnectionTrait>(
    db: &C,
    kind: DeliveryKind,
    customer_id: Uuid,
) -> Result<Option<Job>> {
    Ok(delivery_job::Entity::find()
        .filter(delivery_job::Column::Kind.eq(kind))
        .filter(delivery_job::Column::CustomerId.eq(customer_id))
        .filter(delivery_job::Column::Status.eq(DeliveryStatus::Pending))
        .order_by_asc(delivery_job::Column::Seq)
        .one(db)
        .await?)
}

/// How an attempt ended.
#[derive(Clone, Debug)]
pub enum Attempt {
    Delivered,
    /// Failed; `retryable` says whether another attempt may help.
    Failed {
        error: String,
        retryable: bool,
    },
}

/// What recording an attempt decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recorded {
    Delivered,
    /// Another attempt at the given time.
    RetryAt(DateTime<Utc>),
    GivenUp,
    /// The claim had lapsed (its lease ended and another attempt took the job): nothing
    /// was written.
    Lapsed,
}

/// Records, in `txn`, the outcome of the attempt claimed as `job`: delivered → DELIVERED;
/// failed → PENDING again after the backoff, or FAILED after the last attempt or an error
/// that retrying cannot fix. Delivered and given-up billing jobs lose their payload here.
pub async fn record<C: ConnectionTrait>(
    txn: &C,
    job: &Job,
    attempt: &Attempt,
    retry: Retry,
    now: DateTime<Utc>,
) -> Result<Recorded> {
    let erase = job.kind == DeliveryKind::BillingCustomerSync;
    let payload_after = |kept: &Option<String>| if erase { None } else { kept.clone() };
    let update = delivery_job::Entity::update_many()
        .filter(delivery_job::Column::Seq.eq(job.seq))
        .filter(delivery_job::Column::Status.eq(DeliveryStatus::Pending))
        .filter(delivery_job::Column::Attempts.eq(job.attempts))
        .col_expr(delivery_job::Column::UpdatedAt, Expr::value(now));
    let (update, recorded) = match attempt {
        Attempt::Delivered => (
            update
                .col_expr(
                    delivery_job::Column::Status,
                    Expr::value(DeliveryStatus::Delivered),
                )
                .col_expr(
                    delivery_job::Column::Payload,
                    Expr::value(payload_after(&job.payload)),
                )
                .col_expr(
                    delivery_job::Column::LastError,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(delivery_job::Column::FinishedAt, Expr::value(Some(now))),
            Recorded::Delivered,
        ),
        Attempt::Failed { error, retryable }
            if *retryable && (job.attempts as u32) < retry.max_attempts =>
        {
            let at = now + retry.delay_after(job.attempts as u32);
            (
                update
                    .col_expr(delivery_job::Column::NextAttemptAt, Expr::value(at))
                    .col_expr(
                        delivery_job::Column::LastError,
                        Expr::value(Some(error.clone())),
                    ),
                Recorded::RetryAt(at),
            )
        }
        Attempt::Failed { error, .. } => (
            update
                .col_expr(
                    delivery_job::Column::Status,
                    Expr::value(DeliveryStatus::Failed),
                )
                .col_expr(
                    delivery_job::Column::Payload,
                    Expr::value(payload_after(&job.payload)),
                )
                .col_expr(
                    delivery_job::Column::LastError,
                    Expr::value(Some(error.clone())),
                )
                .col_expr(delivery_job::Column::FinishedAt, Expr::value(Some(now))),
            Recorded::GivenUp,
        ),
    };
    let written = update.exec(txn).await?;
    Ok(if written.rows_affected == 0 {
        Recorded::Lapsed
    } else {
        recorded
    })
}

/// Sends the jobs of event `event_id` (webhooks) again: each becomes PENDING with its
/// attempts counted from 0 and is due now; its payload and id (the `webhook-id`) are those
/// of the first delivery. Jobs for removed endpoints stay as they are. Returns how many jobs
/// were queued again.
pub async fn replay<C: ConnectionTrait>(db: &C, event_id: Uuid, now: DateTime<Utc>) -> Result<u64> {
    let queued = delivery_job::Entity::update_many()
        .col_expr(
            delivery_job::Column::Status,
            Expr::value(DeliveryStatus::Pending),
        )
        .col_expr(delivery_job::Column::Attempts, Expr::value(0))
        .col_expr(delivery_job::Column::NextAttemptAt, Expr::value(now))
        .col_expr(
            delivery_job::Column::FinishedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(delivery_job::Column::UpdatedAt, Expr::value(now))
        .filter(delivery_job::Column::EventId.eq(event_id))
        .filter(delivery_job::Column::Kind.eq(DeliveryKind::Webhook))
        .filter(delivery_job::Column::Payload.is_not_null())
        // Not to removed endpoints (found by the fresh-user trial).
        .filter(
            delivery_job::Column::TargetId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(entity::webhook_endpoint::Column::Id)
                    .from(entity::webhook_endpoint::Entity)
                    .and_where(entity::webhook_endpoint::Column::DisabledAt.is_null())
                    .to_owned(),
            ),
        )
        .exec(db)
        .await?;
    Ok(queued.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let retry = Retry::default();
        assert_eq!(retry.delay_after(1), TimeDelta::seconds(2));
        assert_eq!(retry.delay_after(2), TimeDelta::seconds(4));
        assert_eq!(retry.delay_after(5), TimeDelta::seconds(32));
        assert_eq!(retry.delay_after(12), TimeDelta::hours(1));
        assert_eq!(retry.delay_after(500), TimeDelta::hours(1));
    }
}
