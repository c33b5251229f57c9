//! Promotional entitlement groups and imported payment methods:
//! - `promotional_entitlement_groups`: which groups (Stigg's `featureGroupId`s) a promotional
//!   grant belongs to, one row per (grant, group). A grant may belong to several groups
//!   (Stigg's `PromotionalEntitlement.featureGroupIds`); `ix_promotional_entitlement_groups_customer`
//!   finds a customer's grants of one group.
//! - `customers.payment_method_id`: the default payment method id an import gives (Stigg's
//!   `ImportCustomerInput.paymentMethodId`), kept as given.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    PaymentMethodId,
}

#[derive(DeriveIden)]
enum PromotionalEntitlements {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PromotionalEntitlementGroups {
    Table,
    PromotionalEntitlementId,
    CustomerId,
    FeatureGroupId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PromotionalEntitlementGroups as G;
        manager
            .create_table(
                Table::create()
                    .table(G::Table)
                    .col(
                        ColumnDef::new(G::PromotionalEntitlementId)
                            .uuid()
                            .not_null(),
                    )
                    .col(ColumnDef::new(G::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(G::FeatureGroupId).string_len(255).not_null())
                    .primary_key(
                        Index::create()
                            .col(G::PromotionalEntitlementId)
                            .col(G::FeatureGroupId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_promotional_entitlement_groups_grant")
                            .from(G::Table, G::PromotionalEntitlementId)
                            .to(PromotionalEntitlements::Table, PromotionalEntitlements::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_promotional_entitlement_groups_customer")
                            .from(G::Table, G::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_promotional_entitlement_groups_customer")
                    .table(G::Table)
                    .col(G::CustomerId)
                    .col(G::FeatureGroupId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Customers::Table)
                    .add_column(
                        ColumnDef::new(Customers::PaymentMethodId)
                            .string_len(255)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Customers::Table)
                    .drop_column(Customers::PaymentMethodId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(PromotionalEntitlementGroups::Table)
                    .to_owned(),
            )
            .await
    }
}
