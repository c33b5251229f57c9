//! Raw usage events: `features.meter` (how a feature's usage is computed from events),
//! `usage_events` (accepted events, deduplicated by Stigg's key: customer, resource, event
//! name, idempotency key and timestamp — `ux_usage_events_dedup`) and `usage_unique_values`
//! (the distinct values a `UNIQUE` meter has counted per usage period).

use sea_orm_migration::prelude::*;

/// Unique index: one event per (customer, resource key, event name, idempotency key,
/// timestamp).
pub const USAGE_EVENT_DEDUP_INDEX: &str = "ux_usage_events_dedup";

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
    Meter,
}

#[derive(DeriveIden)]
enum UsageEvents {
    Table,
    Id,
    EnvironmentId,
    CustomerId,
    ResourceId,
    ResourceKey,
    EventName,
    IdempotencyKey,
    Dimensions,
    Timestamp,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UsageUniqueValues {
    Table,
    CustomerId,
    FeatureId,
    ResourceKey,
    PeriodStart,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Features::Table)
                    .add_column(ColumnDef::new(Features::Meter).json_binary().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UsageEvents::Table)
                    .col(
                        ColumnDef::new(UsageEvents::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(UsageEvents::EnvironmentId).uuid().not_null())
                    .col(ColumnDef::new(UsageEvents::CustomerId).uuid().not_null())
                    .col(
                        ColumnDef::new(UsageEvents::ResourceId)
                            .string_len(255)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(UsageEvents::ResourceKey)
                            .string_len(255)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageEvents::EventName)
                            .string_len(255)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageEvents::IdempotencyKey)
                            .string_len(255)
                            .not_null(),
                    )
                    .col(ColumnDef::new(UsageEvents::Dimensions).json_binary().null())
                    .col(
                        ColumnDef::new(UsageEvents::Timestamp)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageEvents::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_usage_events_environment")
                            .from(UsageEvents::Table, UsageEvents::EnvironmentId)
                            .to(Environments::Table, Environments::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_usage_events_customer")
                            .from(UsageEvents::Table, UsageEvents::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(USAGE_EVENT_DEDUP_INDEX)
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
        manager
            .create_table(
                Table::create()
                    .table(UsageUniqueValues::Table)
                    .col(
                        ColumnDef::new(UsageUniqueValues::CustomerId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageUniqueValues::FeatureId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageUniqueValues::ResourceKey)
                            .string_len(255)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageUniqueValues::PeriodStart)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UsageUniqueValues::Value)
                            .string_len(1024)
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(UsageUniqueValues::CustomerId)
                            .col(UsageUniqueValues::FeatureId)
                            .col(UsageUniqueValues::ResourceKey)
                            .col(UsageUniqueValues::PeriodStart)
                            .col(UsageUniqueValues::Value),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_usage_unique_values_customer")
                            .from(UsageUniqueValues::Table, UsageUniqueValues::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_usage_unique_values_feature")
                            .from(UsageUniqueValues::Table, UsageUniqueValues::FeatureId)
                            .to(Features::Table, Features::Id),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            UsageUniqueValues::Table.into_iden(),
            UsageEvents::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Features::Table)
                    .drop_column(Features::Meter)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
