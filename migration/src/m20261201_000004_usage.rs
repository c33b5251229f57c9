//! Usage: `usage_measurements` (every accepted report, as sent) and `usage_totals` (the
//! running usage per customer, feature, resource and usage period, which entitlement checks
//! read by primary key).
//!
//! `ux_usage_measurements_idempotency` makes a retried report with the same idempotency key
//! count once, across replicas: NULL keys never conflict (NULLs are distinct in a unique
//! index on both SQLite and PostgreSQL).

use sea_orm_migration::prelude::*;

/// Unique index: one measurement per (customer, feature, resource key, idempotency key).
pub const USAGE_IDEMPOTENCY_INDEX: &str = "ux_usage_measurements_idempotency";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Environments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Features {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum UsageMeasurements {
    Table,
    Id,
    EnvironmentId,
    CustomerId,
    FeatureId,
    ResourceId,
    ResourceKey,
    Value,
    UpdateBehavior,
    IdempotencyKey,
    Dimensions,
    MeasuredAt,
    PeriodStart,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UsageTotals {
    Table,
    CustomerId,
    FeatureId,
    ResourceKey,
    PeriodStart,
    EnvironmentId,
    Value,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UsageMeasurements::Table)
                    .col(
                        ColumnDef::new(UsageMeasurements::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(UsageMeasurements::EnvironmentId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageMeasurements::CustomerId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageMeasurements::FeatureId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageMeasurements::ResourceId)
                            .string_len(255)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(UsageMeasurements::ResourceKey)
                            .string_len(255)
                            .not_null(),
                    )
                    .col(ColumnDef::new(UsageMeasurements::Value).double().not_null())
                    .col(
                        ColumnDef::new(UsageMeasurements::UpdateBehavior)
                            .string_len(8)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageMeasurements::IdempotencyKey)
                            .string_len(255)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(UsageMeasurements::Dimensions)
                            .json_binary()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(UsageMeasurements::MeasuredAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageMeasurements::PeriodStart)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageMeasurements::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_usage_measurements_environment")
                            .from(UsageMeasurements::Table, UsageMeasurements::EnvironmentId)
                            .to(Environments::Table, Environments::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_usage_measurements_customer")
                            .from(UsageMeasurements::Table, UsageMeasurements::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_usage_measurements_feature")
                            .from(UsageMeasurements::Table, UsageMeasurements::FeatureId)
                            .to(Features::Table, Features::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(USAGE_IDEMPOTENCY_INDEX)
                    .table(UsageMeasurements::Table)
                    .col(UsageMeasurements::CustomerId)
                    .col(UsageMeasurements::FeatureId)
                    .col(UsageMeasurements::ResourceKey)
                    .col(UsageMeasurements::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_usage_measurements_history")
                    .table(UsageMeasurements::Table)
                    .col(UsageMeasurements::CustomerId)
                    .col(UsageMeasurements::FeatureId)
                    .col(UsageMeasurements::MeasuredAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UsageTotals::Table)
                    .col(ColumnDef::new(UsageTotals::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(UsageTotals::FeatureId).uuid().not_null())
                    .col(
                        ColumnDef::new(UsageTotals::ResourceKey)
                            .string_len(255)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageTotals::PeriodStart)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(UsageTotals::EnvironmentId).uuid().not_null())
                    .col(ColumnDef::new(UsageTotals::Value).double().not_null())
                    .col(
                        ColumnDef::new(UsageTotals::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(UsageTotals::CustomerId)
                            .col(UsageTotals::FeatureId)
                            .col(UsageTotals::ResourceKey)
                            .col(UsageTotals::PeriodStart),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_usage_totals_customer")
                            .from(UsageTotals::Table, UsageTotals::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_usage_totals_feature")
                            .from(UsageTotals::Table, UsageTotals::FeatureId)
                            .to(Features::Table, Features::Id),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            UsageTotals::Table.into_iden(),
            UsageMeasurements::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
