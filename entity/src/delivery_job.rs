//! `delivery_jobs`: durable outgoing work (a customer's billing sync, a webhook),
//! written in the same transaction as the change it carries and delivered by a worker.

use sea_orm::entity::prelude::*;

/// What a job delivers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum DeliveryKind {
    /// Create or update the customer at the billing vendor (`target_id`: the integration).
    #[sea_orm(string_value = "BILLING_CUSTOMER_SYNC")]
    BillingCustomerSync,
    /// POST a signed event to a webhook endpoint (`target_id`: the endpoint).
    #[sea_orm(string_value = "WEBHOOK")]
    Webhook,
}

/// Where a job stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum DeliveryStatus {
    /// Waiting for `next_attempt_at` (or being delivered by a worker holding its lease).
    #[sea_orm(string_value = "PENDING")]
    Pending,
    /// Delivered; the payload is erased.
    #[sea_orm(string_value = "DELIVERED")]
    Delivered,
    /// Given up after the last attempt; the payload is erased, `last_error` says why.
    #[sea_orm(string_value = "FAILED")]
    Failed,
}

/// One job.
#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "delivery_jobs")]
pub struct Model {
    /// Insertion order: a customer's jobs are delivered in this order.
    #[sea_orm(primary_key)]
    pub seq: i64,
    /// The job's stable identity: the idempotency key sent to the vendor derives from it.
    pub id: Uuid,
    pub environment_id: Uuid,
    pub kind: DeliveryKind,
    /// Where the job goes: the billing integration or the webhook endpoint.
    pub target_id: Uuid,
    pub customer_id: Option<Uuid>,
    /// The event a webhook job carries: its stable id (`webhook-id`), shared by the jobs of
    /// one event (one per endpoint).
    pub event_id: Option<Uuid>,
    /// The webhook event's type, e.g. `customer.created`.
    pub event_type: Option<crate::webhook_endpoint::WebhookEventType>,
    /// Billing sync: the sealed billing information, NULL once delivered or given up.
    /// Webhook: the JSON body, kept for replays.
    pub payload: Option<String>,
    pub status: DeliveryStatus,
    /// Attempts started so far.
    pub attempts: i32,
    /// When the next attempt may start (also the end of a running attempt's lease).
    pub next_attempt_at: ChronoDateTimeUtc,
    /// The last failure, as the vendor or the network reported it.
    pub last_error: Option<String>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    /// When it was delivered or given up.
    pub finished_at: Option<ChronoDateTimeUtc>,
}

impl std::fmt::Debug for Model {
    /// Every field but the payload.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("delivery_job::Model")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("status", &self.status)
            .field("attempts", &self.attempts)
            .field("next_attempt_at", &self.next_attempt_at)
            .field("last_error", &self.last_error)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
