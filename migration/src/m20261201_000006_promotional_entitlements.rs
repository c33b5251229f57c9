//! `promotional_entitlements`: features granted to a customer outside any subscription.
//! `ux_promotional_entitlements_live` (partial, over unrevoked grants) keeps at most one
//! live grant per (customer, feature), across replicas.

use sea_orm_migration::prelude::*;

/// Partial unique index: one unrevoked grant per (customer, feature).
pub const PROMOTIONAL_ENTITLEMENT_LIVE_INDEX: &str = "ux_promotional_entitlements_live";

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
enum PromotionalEntitlements {
    Table,
    Id,
    EnvironmentId,
    CustomerId,
    FeatureId,
    Period,
    UsageLimit,
    HasUnlimitedUsage,
    HasSoftLimit,
    ResetPeriod,
    IsVisible,
    StartDate,
    EndDate,
    CreatedAt,
    UpdatedAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PromotionalEntitlements as P;
        let time = |c: P| {
            let mut def = ColumnDef::new(c);
            def.timestamp_with_time_zone();
            def
        };
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(ColumnDef::new(P::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(P::EnvironmentId).uuid().not_null())
                    .col(ColumnDef::new(P::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(P::FeatureId).uuid().not_null())
                    .col(ColumnDef::new(P::Period).string_len(16).not_null())
                    .col(ColumnDef::new(P::UsageLimit).double().null())
                    .col(ColumnDef::new(P::HasUnlimitedUsage).boolean().not_null())
                    .col(ColumnDef::new(P::HasSoftLimit).boolean().not_null())
                    .col(ColumnDef::new(P::ResetPeriod).string_len(8).null())
                    .col(ColumnDef::new(P::IsVisible).boolean().not_null())
                    .col(time(P::StartDate).not_null())
                    .col(time(P::EndDate).null())
                    .col(time(P::CreatedAt).not_null())
                    .col(time(P::UpdatedAt).not_null())
                    .col(time(P::RevokedAt).null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_promotional_entitlements_environment")
                            .from(P::Table, P::EnvironmentId)
                            .to(Environments::Table, Environments::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_promotional_entitlements_customer")
                            .from(P::Table, P::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_promotional_entitlements_feature")
                            .from(P::Table, P::FeatureId)
                            .to(Features::Table, Features::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // Partial unique index: same SQL on SQLite and PostgreSQL.
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE UNIQUE INDEX {PROMOTIONAL_ENTITLEMENT_LIVE_INDEX} ON promotional_entitlements \
                 (customer_id, feature_id) WHERE revoked_at IS NULL"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(PromotionalEntitlements::Table)
                    .to_owned(),
            )
            .await
    }
}
