//! `subscriptions.paying_customer_id`: the customer who pays for a subscription that another
//! customer (`customer_id`) uses and manages — Stigg's `CustomerSubscription.payingCustomer`,
//! set when a subscription is delegated to another customer (`delegateSubscriptionToCustomer`:
//! "the paying customer of the subscription will not change", node-sdk-docs.stigg.io).
//! NULL when the subscription's own customer pays. Customers are never deleted, so the id
//! always names a row of `customers`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Subscriptions {
    Table,
    PayingCustomerId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Subscriptions::Table)
                    .add_column(
                        ColumnDef::new(Subscriptions::PayingCustomerId)
                            .uuid()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Subscriptions::Table)
                    .drop_column(Subscriptions::PayingCustomerId)
                    .to_owned(),
            )
            .await
    }
}
