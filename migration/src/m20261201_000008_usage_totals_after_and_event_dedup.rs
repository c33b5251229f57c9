//! Two columns that migrations 4 and 5 did not have:
//! - `usage_measurements.total_after`: the period's usage right after the measurement was
//!   applied (what usage history shows). Existing rows are filled by replaying each period's
//!   measurements in the order they were accepted.
//! - `usage_events.dedup_at`: the last part of the events' deduplication key — the timestamp
//!   as sent, or `0001-01-01T00:00:00Z` for an event sent without one (so that its retry counts
//!   once). Existing rows keep their timestamp there (they were deduplicated by it), and
//!   `ux_usage_events_dedup` is replaced by `ux_usage_events_dedup_at`, over `dedup_at`.

use std::collections::HashMap;

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::{DateTimeUtc, Uuid};
use sea_orm_migration::sea_orm::{ConnectionTrait, FromQueryResult};

use crate::m20261201_000005_usage_events::USAGE_EVENT_DEDUP_INDEX as OLD_DEDUP_INDEX;

/// Unique index: one event per (customer, resource key, event name, idempotency key,
/// `dedup_at`). Replaces migration 5's `ux_usage_events_dedup`.
pub const USAGE_EVENT_DEDUP_AT_INDEX: &str = "ux_usage_events_dedup_at";

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Rows replayed per query while filling `total_after`.
const PAGE: u64 = 1_000;

#[derive(DeriveIden)]
enum UsageMeasurements {
    Table,
    Id,
    CustomerId,
    FeatureId,
    ResourceKey,
    PeriodStart,
    Value,
    UpdateBehavior,
    MeasuredAt,
    CreatedAt,
    TotalAfter,
}

#[derive(DeriveIden)]
enum UsageEvents {
    Table,
    CustomerId,
    ResourceKey,
    EventName,
    IdempotencyKey,
    Timestamp,
    DedupAt,
}

#[derive(FromQueryResult)]
struct MeasurementRow {
    id: Uuid,
    customer_id: Uuid,
    feature_id: Uuid,
    resource_key: String,
    period_start: DateTimeUtc,
    value: f64,
    update_behavior: String,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(UsageMeasurements::Table)
                    .add_column(
                        ColumnDef::new(UsageMeasurements::TotalAfter)
                            .double()
                            .not_null()
                            .default(0.0),
                    )
                    .to_owned(),
            )
            .await?;
        fill_totals_after(manager).await?;

        manager
            .alter_table(
                Table::alter()
                    .table(UsageEvents::Table)
                    .add_column(
                        ColumnDef::new(UsageEvents::DedupAt)
                            .timestamp_with_time_zone()
                            .not_null()
                            .default("1970-01-01 00:00:00+00:00"),
                    )
                    .to_owned(),
            )
            .await?;
        let fill = Query::update()
            .table(UsageEvents::Table)
            .value(UsageEvents::DedupAt, Expr::col(UsageEvents::Timestamp))
            .to_owned();
        manager
            .get_connection()
            .execute(manager.get_database_backend().build(&fill))
            .await?;
        // Plain SQL, the same on both databases (an index name is schema-wide on both).
        manager
            .get_connection()
            .execute_unprepared(&format!("DROP INDEX IF EXISTS {OLD_DEDUP_INDEX}"))
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(USAGE_EVENT_DEDUP_AT_INDEX)
                    .table(UsageEvents::Table)
                    .col(UsageEvents::CustomerId)
                    .col(UsageEvents::ResourceKey)
                    .col(UsageEvents::EventName)
                    .col(UsageEvents::IdempotencyKey)
                    .col(UsageEvents::DedupAt)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "DROP INDEX IF EXISTS {USAGE_EVENT_DEDUP_AT_INDEX}"
            ))
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(OLD_DEDUP_INDEX)
                    .table(UsageEvents::Table)
                    .col(UsageEvents::CustomerId)
                    .col(UsageEvents::ResourceKey)
                    .col(UsageEvents::EventName)
                    .col(UsageEvents::IdempotencyKey)
                    .col(UsageEvents::Timestamp)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (table, column) in [
            (
                UsageEvents::Table.into_iden(),
                UsageEvents::DedupAt.into_iden(),
            ),
            (
                UsageMeasurements::Table.into_iden(),
                UsageMeasurements::TotalAfter.into_iden(),
            ),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// Replays every period's measurements in acceptance order (measured, then received, then
/// id), page by page, and stores each one's running total.
async fn fill_totals_after(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let mut totals: HashMap<(Uuid, Uuid, String, DateTimeUtc), f64> = HashMap::new();
    let mut offset = 0;
    loop {
        let select = Query::select()
            .from(UsageMeasurements::Table)
            .columns([
                UsageMeasurements::Id,
                UsageMeasurements::CustomerId,
                UsageMeasurements::FeatureId,
                UsageMeasurements::ResourceKey,
                UsageMeasurements::PeriodStart,
                UsageMeasurements::Value,
                UsageMeasurements::UpdateBehavior,
            ])
            .order_by(UsageMeasurements::MeasuredAt, Order::Asc)
            .order_by(UsageMeasurements::CreatedAt, Order::Asc)
            .order_by(UsageMeasurements::Id, Order::Asc)
            .limit(PAGE)
            .offset(offset)
            .to_owned();
        let rows = MeasurementRow::find_by_statement(backend.build(&select))
            .all(db)
            .await?;
        if rows.is_empty() {
            return Ok(());
        }
        offset += PAGE;
        for row in rows {
            let total = totals
                .entry((
                    row.customer_id,
                    row.feature_id,
                    row.resource_key,
                    row.period_start,
                ))
                .or_insert(0.0);
            *total = if row.update_behavior == "SET" {
                row.value
            } else {
                *total + row.value
            };
            let update = Query::update()
                .table(UsageMeasurements::Table)
                .value(UsageMeasurements::TotalAfter, *total)
                .and_where(Expr::col(UsageMeasurements::Id).eq(row.id))
                .to_owned();
            db.execute(backend.build(&update)).await?;
        }
    }
}
