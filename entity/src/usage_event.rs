//! `usage_events`: raw usage events accepted by `reportEvent`, kept once per
//! (customer, resource, event name, idempotency key, timestamp): Stigg's deduplication key.
//! What each event added to a metered feature is a row of `usage_measurements`.

use sea_orm::entity::prelude::*;

/// One accepted event.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "usage_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub environment_id: Uuid,
    pub customer_id: Uuid,
    pub resource_id: Option<String>,
    /// `resource_id`, or `''` for the customer level.
    pub resource_key: String,
    pub event_name: String,
    pub idempotency_key: String,
    /// A JSON object of strings, numbers and booleans.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub dimensions: Option<Json>,
    /// When the event happened (its `timestamp`, or when it was received).
    pub timestamp: ChronoDateTimeUtc,
    /// The timestamp as sent, or `0001-01-01T00:00:00Z` when the event had none: the last part
    /// of the deduplication key, so a retry without a timestamp counts once.
    pub dedup_at: ChronoDateTimeUtc,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
