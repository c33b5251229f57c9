//! `coupons` (Stigg's coupons, unique by refId per environment: `ux_coupons_environment_ref_id`)
//! and the coupon a customer carries (`customers.coupon_id`, `customers.coupon_attached_at`).

use sea_orm_migration::prelude::*;

/// Unique index: a coupon's refId within its environment.
pub const COUPON_REF_ID_INDEX: &str = "ux_coupons_environment_ref_id";

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
    CouponId,
    CouponAttachedAt,
}

#[derive(DeriveIden)]
enum Coupons {
    Table,
    Id,
    EnvironmentId,
    RefId,
    Name,
    Description,
    CouponType,
    PercentOff,
    AmountsOff,
    DurationInMonths,
    AdditionalMetaData,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Coupons::Table)
                    .col(ColumnDef::new(Coupons::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Coupons::EnvironmentId).uuid().not_null())
                    .col(ColumnDef::new(Coupons::RefId).string_len(255).not_null())
                    .col(ColumnDef::new(Coupons::Name).string_len(255).not_null())
                    .col(ColumnDef::new(Coupons::Description).text().null())
                    .col(
                        ColumnDef::new(Coupons::CouponType)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Coupons::PercentOff).double().null())
                    .col(ColumnDef::new(Coupons::AmountsOff).json_binary().null())
                    .col(ColumnDef::new(Coupons::DurationInMonths).integer().null())
                    .col(
                        ColumnDef::new(Coupons::AdditionalMetaData)
                            .json_binary()
                            .null(),
                    )
                    .col(ColumnDef::new(Coupons::Status).string_len(16).not_null())
                    .col(
                        ColumnDef::new(Coupons::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Coupons::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_coupons_environment")
                            .from(Coupons::Table, Coupons::EnvironmentId)
                            .to(Environments::Table, Environments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(COUPON_REF_ID_INDEX)
                    .table(Coupons::Table)
                    .col(Coupons::EnvironmentId)
                    .col(Coupons::RefId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Customers::Table)
                    .add_column(ColumnDef::new(Customers::CouponId).uuid().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Customers::Table)
                    .add_column(
                        ColumnDef::new(Customers::CouponAttachedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Customers::CouponAttachedAt, Customers::CouponId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Customers::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(Coupons::Table).to_owned())
            .await
    }
}
