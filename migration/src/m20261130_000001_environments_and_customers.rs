//! Environments, their API keys (stored as SHA-256 hashes) and customers.
//!
//! The unique index `ux_customers_environment_ref_id` guards a customer's id inside its
//! environment for ever: archived rows stay in the table (PII nulled), so an archived id can
//! never be provisioned again (Stigg: "New customers cannot reuse the customer ID of archived
//! customers").

use sea_orm_migration::prelude::*;

/// Name of the unique index that guards a customer's id within an environment. The domain
/// layer maps a unique violation on exactly this index to `DuplicatedEntityNotAllowed`.
pub const CUSTOMER_REF_ID_INDEX: &str = "ux_customers_environment_ref_id";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Environments {
    Table,
    Id,
    Slug,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    EnvironmentId,
    KeyHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    EnvironmentId,
    RefId,
    Name,
    Email,
    AdditionalMetaData,
    BillingId,
    CrmId,
    SalesforceId,
    AwsMarketplaceCustomerId,
    ExcludeFromExperiment,
    CreatedAt,
    UpdatedAt,
    ArchivedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Environments::Table)
                    .col(
                        ColumnDef::new(Environments::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Environments::Slug)
                            .string_len(255)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Environments::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_environments_slug")
                    .table(Environments::Table)
                    .col(Environments::Slug)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiKeys::Table)
                    .col(ColumnDef::new(ApiKeys::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(ApiKeys::EnvironmentId).uuid().not_null())
                    .col(ColumnDef::new(ApiKeys::KeyHash).string_len(64).not_null())
                    .col(
                        ColumnDef::new(ApiKeys::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_keys_environment")
                            .from(ApiKeys::Table, ApiKeys::EnvironmentId)
                            .to(Environments::Table, Environments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_api_keys_key_hash")
                    .table(ApiKeys::Table)
                    .col(ApiKeys::KeyHash)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Customers::Table)
                    .col(
                        ColumnDef::new(Customers::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Customers::EnvironmentId).uuid().not_null())
                    .col(ColumnDef::new(Customers::RefId).string_len(255).not_null())
                    .col(ColumnDef::new(Customers::Name).text().null())
                    .col(ColumnDef::new(Customers::Email).text().null())
                    .col(
                        ColumnDef::new(Customers::AdditionalMetaData)
                            .json_binary()
                            .null(),
                    )
                    .col(ColumnDef::new(Customers::BillingId).text().null())
                    .col(ColumnDef::new(Customers::CrmId).text().null())
                    .col(ColumnDef::new(Customers::SalesforceId).text().null())
                    .col(
                        ColumnDef::new(Customers::AwsMarketplaceCustomerId)
                            .text()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Customers::ExcludeFromExperiment)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(
                        ColumnDef::new(Customers::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Customers::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Customers::ArchivedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_customers_environment")
                            .from(Customers::Table, Customers::EnvironmentId)
                            .to(Environments::Table, Environments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(CUSTOMER_REF_ID_INDEX)
                    .table(Customers::Table)
                    .col(Customers::EnvironmentId)
                    .col(Customers::RefId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_customers_environment_created_at")
                    .table(Customers::Table)
                    .col(Customers::EnvironmentId)
                    .col(Customers::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Customers::Table.into_iden(),
            ApiKeys::Table.into_iden(),
            Environments::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
