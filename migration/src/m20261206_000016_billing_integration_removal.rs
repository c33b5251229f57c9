//! Removing a billing integration (`plangate integration remove`, Stigg's
//! `deleteOneIntegration`).
//!
//! - `billing_integrations.removed_at`: when the integration was removed (NULL while it is
//!   in use). A removed row stays, because customers' sync states (`customer_billing`) keep
//!   pointing at the integration their last sync went to; its sealed key is erased.
//! - `ux_billing_integrations_live_environment_vendor` replaces
//!   `ux_billing_integrations_environment_vendor`: one integration per environment and vendor
//!   among those not removed, so an environment can add a vendor again after removing it
//!   (the new integration gets a new id; the removed one is never used again).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::m20261205_000014_billing_integrations::BILLING_INTEGRATION_INDEX;

/// Partial unique index: one integration per environment and vendor among those not removed.
pub const LIVE_BILLING_INTEGRATION_INDEX: &str = "ux_billing_integrations_live_environment_vendor";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum BillingIntegrations {
    Table,
    EnvironmentId,
    Vendor,
    RemovedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(BillingIntegrations::Table)
                    .add_column(
                        ColumnDef::new(BillingIntegrations::RemovedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        // The same statement on SQLite and PostgreSQL (both have partial indexes).
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE UNIQUE INDEX {LIVE_BILLING_INTEGRATION_INDEX} ON billing_integrations \
                 (environment_id, vendor) WHERE removed_at IS NULL"
            ))
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(BILLING_INTEGRATION_INDEX)
                    .table(BillingIntegrations::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The old index allows one row per environment and vendor, removed or not.
        let db = manager.get_connection();
        let removed = db
            .query_one(sea_orm_migration::sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM billing_integrations WHERE removed_at IS NOT NULL",
            ))
            .await?
            .map(|row| row.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        if removed > 0 {
            return Err(DbErr::Migration(format!(
                "{removed} removed billing integrations exist; customers' sync states still name them, so this migration does not delete them"
            )));
        }
        manager
            .create_index(
                Index::create()
                    .name(BILLING_INTEGRATION_INDEX)
                    .table(BillingIntegrations::Table)
                    .col(BillingIntegrations::EnvironmentId)
                    .col(BillingIntegrations::Vendor)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(LIVE_BILLING_INTEGRATION_INDEX)
                    .table(BillingIntegrations::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(BillingIntegrations::Table)
                    .drop_column(BillingIntegrations::RemovedAt)
                    .to_owned(),
            )
            .await
    }
}
