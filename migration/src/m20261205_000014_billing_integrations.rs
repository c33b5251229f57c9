//! Billing integrations and the durable delivery queue (issue 13).
//!
//! - `billing_integrations`: one per environment and vendor (`ux_billing_integrations_environment_vendor`);
//!   the vendor's secret key is stored sealed (XChaCha20-Poly1305 under `PLANGATE_SECRET_KEY`),
//!   never in clear.
//! - `delivery_jobs`: work a change commits in its own transaction and a worker delivers
//!   (billing syncs now, webhooks later). `seq` orders a customer's jobs; `id` is the job's
//!   stable identity (the idempotency key sent to the vendor). `payload` is sealed and set to
//!   NULL the moment the job is delivered or given up.
//! - `customer_billing`: what the billing vendor answered for a customer (sync state, cached
//!   payment-method details — nulled on archive). The vendor's customer id is
//!   `customers.billing_id`.

use sea_orm_migration::prelude::*;

/// Unique index: one integration per environment and vendor.
pub const BILLING_INTEGRATION_INDEX: &str = "ux_billing_integrations_environment_vendor";

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
enum BillingIntegrations {
    Table,
    Id,
    EnvironmentId,
    Vendor,
    SecretSealed,
    BaseUrl,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DeliveryJobs {
    Table,
    Seq,
    Id,
    EnvironmentId,
    Kind,
    TargetId,
    CustomerId,
    EventType,
    Payload,
    Status,
    Attempts,
    NextAttemptAt,
    LastError,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum CustomerBilling {
    Table,
    CustomerId,
    IntegrationId,
    Status,
    Error,
    BillingLinkUrl,
    HasPaymentMethod,
    PaymentMethodType,
    CardBrand,
    Last4,
    ExpirationMonth,
    ExpirationYear,
    SyncedAt,
    UpdatedAt,
}

fn timestamp(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BillingIntegrations::Table)
                    .col(
                        ColumnDef::new(BillingIntegrations::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(BillingIntegrations::EnvironmentId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(BillingIntegrations::Vendor)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(BillingIntegrations::SecretSealed)
                            .text()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(BillingIntegrations::BaseUrl)
                            .text()
                            .not_null(),
                    )
                    .col(timestamp(BillingIntegrations::CreatedAt))
                    .col(timestamp(BillingIntegrations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                BillingIntegrations::Table,
                                BillingIntegrations::EnvironmentId,
                            )
                            .to(Environments::Table, Environments::Id),
                    )
                    .to_owned(),
            )
            .await?;
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
            .create_table(
                Table::create()
                    .table(DeliveryJobs::Table)
                    .col(
                        ColumnDef::new(DeliveryJobs::Seq)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(DeliveryJobs::Id)
                            .uuid()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(DeliveryJobs::EnvironmentId)
                            .uuid()
                            .not_null(),
                    )
                    .col(ColumnDef::new(DeliveryJobs::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(DeliveryJobs::TargetId).uuid().not_null())
                    .col(ColumnDef::new(DeliveryJobs::CustomerId).uuid().null())
                    .col(
                        ColumnDef::new(DeliveryJobs::EventType)
                            .string_len(64)
                            .null(),
                    )
                    .col(ColumnDef::new(DeliveryJobs::Payload).text().null())
                    .col(
                        ColumnDef::new(DeliveryJobs::Status)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(ColumnDef::new(DeliveryJobs::Attempts).integer().not_null())
                    .col(timestamp(DeliveryJobs::NextAttemptAt))
                    .col(ColumnDef::new(DeliveryJobs::LastError).text().null())
                    .col(timestamp(DeliveryJobs::CreatedAt))
                    .col(timestamp(DeliveryJobs::UpdatedAt))
                    .col(
                        ColumnDef::new(DeliveryJobs::FinishedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeliveryJobs::Table, DeliveryJobs::EnvironmentId)
                            .to(Environments::Table, Environments::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeliveryJobs::Table, DeliveryJobs::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_delivery_jobs_due")
                    .table(DeliveryJobs::Table)
                    .col(DeliveryJobs::Status)
                    .col(DeliveryJobs::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_delivery_jobs_customer")
                    .table(DeliveryJobs::Table)
                    .col(DeliveryJobs::CustomerId)
                    .col(DeliveryJobs::Seq)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CustomerBilling::Table)
                    .col(
                        ColumnDef::new(CustomerBilling::CustomerId)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(CustomerBilling::IntegrationId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CustomerBilling::Status)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(ColumnDef::new(CustomerBilling::Error).text().null())
                    .col(
                        ColumnDef::new(CustomerBilling::BillingLinkUrl)
                            .text()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(CustomerBilling::HasPaymentMethod)
                            .boolean()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CustomerBilling::PaymentMethodType)
                            .string_len(16)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(CustomerBilling::CardBrand)
                            .string_len(64)
                            .null(),
                    )
                    .col(ColumnDef::new(CustomerBilling::Last4).string_len(8).null())
                    .col(
                        ColumnDef::new(CustomerBilling::ExpirationMonth)
                            .integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(CustomerBilling::ExpirationYear)
                            .integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(CustomerBilling::SyncedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(timestamp(CustomerBilling::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerBilling::Table, CustomerBilling::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerBilling::Table, CustomerBilling::IntegrationId)
                            .to(BillingIntegrations::Table, BillingIntegrations::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CustomerBilling::Table.into_iden(),
            DeliveryJobs::Table.into_iden(),
            BillingIntegrations::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
