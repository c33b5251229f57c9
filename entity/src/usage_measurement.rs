//! `usage_measurements`: every usage report accepted (`reportUsage`, `reportUsageBulk`), as
//! sent: the value, how it applies, when it was measured and the period it counted in. The
//! running totals the entitlement checks read are in `usage_totals`.

use sea_orm::entity::prelude::*;

use crate::stigg_enums::UsageUpdateBehavior;

/// One accepted measurement.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "usage_measurements")]
pub struct Model {
    /// Stigg's `UsageMeasurementWithCurrentUsage.id`: a time-ordered UUID (v7), increasing
    /// within a process, so measurements accepted in the same millisecond keep their order.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub environment_id: Uuid,
    pub customer_id: Uuid,
    pub feature_id: Uuid,
    /// The resource id as sent (NULL: the customer-level usage).
    pub resource_id: Option<String>,
    /// `resource_id`, or `''` for the customer level: part of the idempotency key.
    pub resource_key: String,
    /// The reported value (a delta or the new total).
    #[sea_orm(column_type = "Double")]
    pub value: f64,
    /// The period's usage right after this measurement was applied (what a check read then).
    #[sea_orm(column_type = "Double")]
    pub total_after: f64,
    pub update_behavior: UsageUpdateBehavior,
    /// The client's idempotency key: unique per (customer, feature, resource key).
    pub idempotency_key: Option<String>,
    /// Stigg's `dimensions`: a JSON object of strings, numbers and booleans.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub dimensions: Option<Json>,
    /// When the usage happened (the report's `createdAt`, or when it was received).
    pub measured_at: ChronoDateTimeUtc,
    /// Start of the usage period it counted in (`usage_totals.period_start`).
    pub period_start: ChronoDateTimeUtc,
    /// When plangate received it.
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
