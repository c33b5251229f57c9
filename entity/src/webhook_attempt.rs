//! `webhook_attempts`: the delivery log, one row per attempt at a webhook job.

use sea_orm::entity::prelude::*;

/// One attempt.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub seq: i64,
    /// The delivery job (`delivery_jobs.id`).
    pub job_id: Uuid,
    /// The event (`webhook-id`).
    pub event_id: Uuid,
    pub endpoint_id: Uuid,
    /// 1 for the first attempt (counted again from 1 after a replay).
    pub attempt: i32,
    pub attempted_at: ChronoDateTimeUtc,
    /// The endpoint's HTTP status (none when it could not be reached).
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
