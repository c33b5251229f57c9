//! Plan versions: a published plan changed by `plangate catalog apply` is published again as
//! a new version (a new `packages` row with the same refId and the next `version_number`),
//! and the subscriptions on the older version keep it until they are migrated
//! (`migrateSubscriptionToLatest`; Stigg: "When a plan or add-on is republished, existing
//! subscribers stay on their current version", stiggio/skills
//! `stigg-subscriptions/references/plan-version-migration.md`).
//!
//! - `packages.is_latest`: the version a refId names (what new subscriptions get and catalog
//!   reads show): exactly one row per (environment, type, refId), enforced by the partial
//!   unique index `ux_packages_latest_ref_id`, which replaces
//!   `ux_packages_environment_type_ref_id` (so a second plan with a taken refId is refused as
//!   before). A draft of the next version is not the latest until it is published. Existing
//!   rows are their refId's only version: latest.
//! - `ux_packages_environment_type_ref_id_version`: one row per version.
//! - `subscriptions.migrate_at`: when a migration to the latest version requested for the end
//!   of the billing period takes place (a scheduled update; NULL when none). The subscription
//!   worker performs it (`next_transition_at` includes it).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::m20261130_000002_catalog_and_subscriptions::PACKAGE_REF_ID_INDEX;

/// One row per (environment, package type, refId, version).
pub const PACKAGE_VERSION_INDEX: &str = "ux_packages_environment_type_ref_id_version";
/// Partial unique index: one latest version per (environment, package type, refId).
pub const PACKAGE_LATEST_REF_ID_INDEX: &str = "ux_packages_latest_ref_id";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Packages {
    Table,
    EnvironmentId,
    PackageType,
    RefId,
    VersionNumber,
    IsLatest,
}

#[derive(DeriveIden)]
enum Subscriptions {
    Table,
    MigrateAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Packages::Table)
                    .add_column(
                        ColumnDef::new(Packages::IsLatest)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Subscriptions::Table)
                    .add_column(
                        ColumnDef::new(Subscriptions::MigrateAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(PACKAGE_VERSION_INDEX)
                    .table(Packages::Table)
                    .col(Packages::EnvironmentId)
                    .col(Packages::PackageType)
                    .col(Packages::RefId)
                    .col(Packages::VersionNumber)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE UNIQUE INDEX {PACKAGE_LATEST_REF_ID_INDEX} ON packages \
                 (environment_id, package_type, ref_id) WHERE is_latest"
            ))
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(PACKAGE_REF_ID_INDEX)
                    .table(Packages::Table)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The index below allows one row per refId: older versions must be gone first (they
        // may still carry subscriptions, so this migration does not delete them).
        let db = manager.get_connection();
        let older = db
            .query_one(sea_orm_migration::sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM packages WHERE NOT is_latest",
            ))
            .await?
            .map(|row| row.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        if older > 0 {
            return Err(DbErr::Migration(format!(
                "{older} older plan versions exist; they cannot share their refIds under the old unique index"
            )));
        }
        manager
            .drop_index(
                Index::drop()
                    .name(PACKAGE_LATEST_REF_ID_INDEX)
                    .table(Packages::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(PACKAGE_VERSION_INDEX)
                    .table(Packages::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(PACKAGE_REF_ID_INDEX)
                    .table(Packages::Table)
                    .col(Packages::EnvironmentId)
                    .col(Packages::PackageType)
                    .col(Packages::RefId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (table, column) in [
            (Packages::Table.into_iden(), Packages::IsLatest.into_iden()),
            (
                Subscriptions::Table.into_iden(),
                Subscriptions::MigrateAt.into_iden(),
            ),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
