//! The product catalog (features, products with their customer journey, plans and addons
//! — "packages" — with prices, entitlements and compatible addons) and customers'
//! subscriptions.
//!
//! Enumerated values are stored as Stigg's enum names (`PUBLISHED`, `PER_UNIT`, `MONTHLY`,
//! …). Money amounts are decimal strings (e.g. `"12.50"`) so that no floating point touches
//! money; currencies are ISO 4217 codes.
//!
//! `ux_subscriptions_active_slot` (partial, over live subscriptions) lets a customer hold at
//! most one ACTIVE/IN_TRIAL subscription per (product, resource key): the resource key is the
//! `resourceId` for products with `multipleSubscriptions`, and `''` otherwise.

use sea_orm_migration::prelude::*;

/// Unique index: a feature's refId within its environment.
pub const FEATURE_REF_ID_INDEX: &str = "ux_features_environment_ref_id";
/// Unique index: a product's refId within its environment.
pub const PRODUCT_REF_ID_INDEX: &str = "ux_products_environment_ref_id";
/// Unique index: a plan's or addon's refId within its environment and package type.
pub const PACKAGE_REF_ID_INDEX: &str = "ux_packages_environment_type_ref_id";
/// Unique index: one entitlement per (package, feature).
pub const PACKAGE_ENTITLEMENT_INDEX: &str = "ux_package_entitlements_package_feature";
/// Unique index: a subscription's refId within its environment.
pub const SUBSCRIPTION_REF_ID_INDEX: &str = "ux_subscriptions_environment_ref_id";
/// Partial unique index: one live subscription per (customer, product, resource key).
pub const SUBSCRIPTION_SLOT_INDEX: &str = "ux_subscriptions_active_slot";

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
    EnvironmentId,
    RefId,
    DisplayName,
    Description,
    FeatureType,
    MeterType,
    FeatureUnits,
    FeatureUnitsPlural,
    FeatureStatus,
    AdditionalMetaData,
    CreatedAt,
    UpdatedAt,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    EnvironmentId,
    RefId,
    DisplayName,
    Description,
    MultipleSubscriptions,
    SubscriptionStartSetup,
    SubscriptionStartPlanRefId,
    DowngradePlanRefId,
    SubscriptionEndSetup,
    SubscriptionCancellationTime,
    AdditionalMetaData,
    CreatedAt,
    UpdatedAt,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum Packages {
    Table,
    Id,
    EnvironmentId,
    ProductId,
    PackageType,
    RefId,
    DisplayName,
    Description,
    Status,
    PricingType,
    BillingId,
    AdditionalMetaData,
    MaxQuantity,
    DefaultTrialDuration,
    DefaultTrialUnits,
    DefaultTrialEndBehavior,
    VersionNumber,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PlanCompatibleAddons {
    Table,
    PlanId,
    AddonId,
}

#[derive(DeriveIden)]
enum Prices {
    Table,
    Id,
    PackageId,
    BillingModel,
    BillingPeriod,
    BillingCountryCode,
    Amount,
    Currency,
    FeatureId,
    MinUnitQuantity,
    MaxUnitQuantity,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PackageEntitlements {
    Table,
    Id,
    PackageId,
    FeatureId,
    UsageLimit,
    HasUnlimitedUsage,
    HasSoftLimit,
    ResetPeriod,
    DisplayNameOverride,
    Description,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Subscriptions {
    Table,
    Id,
    EnvironmentId,
    RefId,
    CustomerId,
    ProductId,
    PlanId,
    ResourceId,
    ResourceKey,
    Status,
    PricingType,
    BillingPeriod,
    BillingCountryCode,
    AdditionalMetaData,
    StartDate,
    CurrentBillingPeriodStart,
    CurrentBillingPeriodEnd,
    TrialEndDate,
    CancellationDate,
    EffectiveEndDate,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SubscriptionAddons {
    Table,
    SubscriptionId,
    AddonId,
    Quantity,
}

#[derive(DeriveIden)]
enum SubscriptionPrices {
    Table,
    Id,
    SubscriptionId,
    PriceId,
    Quantity,
}

fn uuid_pk<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

fn time<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn time_null<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn unique(name: &str, table: impl IntoIden + 'static, cols: Vec<DynIden>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table).unique();
    for col in cols {
        index.col(col);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Features::Table)
                    .col(uuid_pk(Features::Id))
                    .col(ColumnDef::new(Features::EnvironmentId).uuid().not_null())
                    .col(ColumnDef::new(Features::RefId).string_len(255).not_null())
                    .col(ColumnDef::new(Features::DisplayName).text().not_null())
                    .col(ColumnDef::new(Features::Description).text().null())
                    .col(
                        ColumnDef::new(Features::FeatureType)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Features::MeterType).string_len(16).null())
                    .col(ColumnDef::new(Features::FeatureUnits).text().null())
                    .col(ColumnDef::new(Features::FeatureUnitsPlural).text().null())
                    .col(
                        ColumnDef::new(Features::FeatureStatus)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Features::AdditionalMetaData)
                            .json_binary()
                            .null(),
                    )
                    .col(time(Features::CreatedAt))
                    .col(time(Features::UpdatedAt))
                    .col(time_null(Features::ArchivedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_features_environment")
                            .from(Features::Table, Features::EnvironmentId)
                            .to(Environments::Table, Environments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                FEATURE_REF_ID_INDEX,
                Features::Table,
                vec![
                    Features::EnvironmentId.into_iden(),
                    Features::RefId.into_iden(),
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Products::Table)
                    .col(uuid_pk(Products::Id))
                    .col(ColumnDef::new(Products::EnvironmentId).uuid().not_null())
                    .col(ColumnDef::new(Products::RefId).string_len(255).not_null())
                    .col(ColumnDef::new(Products::DisplayName).text().null())
                    .col(ColumnDef::new(Products::Description).text().null())
                    .col(
                        ColumnDef::new(Products::MultipleSubscriptions)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(
                        ColumnDef::new(Products::SubscriptionStartSetup)
                            .string_len(32)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Products::SubscriptionStartPlanRefId)
                            .string_len(255)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Products::DowngradePlanRefId)
                            .string_len(255)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Products::SubscriptionEndSetup)
                            .string_len(32)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Products::SubscriptionCancellationTime)
                            .string_len(32)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Products::AdditionalMetaData)
                            .json_binary()
                            .null(),
                    )
                    .col(time(Products::CreatedAt))
                    .col(time(Products::UpdatedAt))
                    .col(time_null(Products::ArchivedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_products_environment")
                            .from(Products::Table, Products::EnvironmentId)
                            .to(Environments::Table, Environments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                PRODUCT_REF_ID_INDEX,
                Products::Table,
                vec![
                    Products::EnvironmentId.into_iden(),
                    Products::RefId.into_iden(),
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Packages::Table)
                    .col(uuid_pk(Packages::Id))
                    .col(ColumnDef::new(Packages::EnvironmentId).uuid().not_null())
                    .col(ColumnDef::new(Packages::ProductId).uuid().not_null())
                    .col(
                        ColumnDef::new(Packages::PackageType)
                            .string_len(8)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Packages::RefId).string_len(255).not_null())
                    .col(ColumnDef::new(Packages::DisplayName).text().not_null())
                    .col(ColumnDef::new(Packages::Description).text().null())
                    .col(ColumnDef::new(Packages::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Packages::PricingType).string_len(16).null())
                    .col(ColumnDef::new(Packages::BillingId).text().null())
                    .col(
                        ColumnDef::new(Packages::AdditionalMetaData)
                            .json_binary()
                            .null(),
                    )
                    .col(ColumnDef::new(Packages::MaxQuantity).double().null())
                    .col(
                        ColumnDef::new(Packages::DefaultTrialDuration)
                            .integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Packages::DefaultTrialUnits)
                            .string_len(8)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Packages::DefaultTrialEndBehavior)
                            .string_len(32)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Packages::VersionNumber)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .col(time(Packages::CreatedAt))
                    .col(time(Packages::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_packages_product")
                            .from(Packages::Table, Packages::ProductId)
                            .to(Products::Table, Products::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                PACKAGE_REF_ID_INDEX,
                Packages::Table,
                vec![
                    Packages::EnvironmentId.into_iden(),
                    Packages::PackageType.into_iden(),
                    Packages::RefId.into_iden(),
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlanCompatibleAddons::Table)
                    .col(
                        ColumnDef::new(PlanCompatibleAddons::PlanId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PlanCompatibleAddons::AddonId)
                            .uuid()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(PlanCompatibleAddons::PlanId)
                            .col(PlanCompatibleAddons::AddonId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_compatible_addons_plan")
                            .from(PlanCompatibleAddons::Table, PlanCompatibleAddons::PlanId)
                            .to(Packages::Table, Packages::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_compatible_addons_addon")
                            .from(PlanCompatibleAddons::Table, PlanCompatibleAddons::AddonId)
                            .to(Packages::Table, Packages::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Prices::Table)
                    .col(uuid_pk(Prices::Id))
                    .col(ColumnDef::new(Prices::PackageId).uuid().not_null())
                    .col(
                        ColumnDef::new(Prices::BillingModel)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Prices::BillingPeriod)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Prices::BillingCountryCode)
                            .string_len(2)
                            .null(),
                    )
                    .col(ColumnDef::new(Prices::Amount).string_len(64).not_null())
                    .col(ColumnDef::new(Prices::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(Prices::FeatureId).uuid().null())
                    .col(ColumnDef::new(Prices::MinUnitQuantity).double().null())
                    .col(ColumnDef::new(Prices::MaxUnitQuantity).double().null())
                    .col(time(Prices::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_prices_package")
                            .from(Prices::Table, Prices::PackageId)
                            .to(Packages::Table, Packages::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_prices_feature")
                            .from(Prices::Table, Prices::FeatureId)
                            .to(Features::Table, Features::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_prices_package")
                    .table(Prices::Table)
                    .col(Prices::PackageId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PackageEntitlements::Table)
                    .col(uuid_pk(PackageEntitlements::Id))
                    .col(
                        ColumnDef::new(PackageEntitlements::PackageId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PackageEntitlements::FeatureId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PackageEntitlements::UsageLimit)
                            .double()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(PackageEntitlements::HasUnlimitedUsage)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(
                        ColumnDef::new(PackageEntitlements::HasSoftLimit)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(
                        ColumnDef::new(PackageEntitlements::ResetPeriod)
                            .string_len(8)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(PackageEntitlements::DisplayNameOverride)
                            .text()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(PackageEntitlements::Description)
                            .text()
                            .null(),
                    )
                    .col(time(PackageEntitlements::CreatedAt))
                    .col(time(PackageEntitlements::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_package_entitlements_package")
                            .from(PackageEntitlements::Table, PackageEntitlements::PackageId)
                            .to(Packages::Table, Packages::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_package_entitlements_feature")
                            .from(PackageEntitlements::Table, PackageEntitlements::FeatureId)
                            .to(Features::Table, Features::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                PACKAGE_ENTITLEMENT_INDEX,
                PackageEntitlements::Table,
                vec![
                    PackageEntitlements::PackageId.into_iden(),
                    PackageEntitlements::FeatureId.into_iden(),
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Subscriptions::Table)
                    .col(uuid_pk(Subscriptions::Id))
                    .col(
                        ColumnDef::new(Subscriptions::EnvironmentId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Subscriptions::RefId)
                            .string_len(255)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Subscriptions::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(Subscriptions::ProductId).uuid().not_null())
                    .col(ColumnDef::new(Subscriptions::PlanId).uuid().not_null())
                    .col(
                        ColumnDef::new(Subscriptions::ResourceId)
                            .string_len(255)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Subscriptions::ResourceKey)
                            .string_len(255)
                            .not_null()
                            .default(""),
                    )
                    .col(
                        ColumnDef::new(Subscriptions::Status)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Subscriptions::PricingType)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Subscriptions::BillingPeriod)
                            .string_len(16)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Subscriptions::BillingCountryCode)
                            .string_len(2)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Subscriptions::AdditionalMetaData)
                            .json_binary()
                            .null(),
                    )
                    .col(time(Subscriptions::StartDate))
                    .col(time_null(Subscriptions::CurrentBillingPeriodStart))
                    .col(time_null(Subscriptions::CurrentBillingPeriodEnd))
                    .col(time_null(Subscriptions::TrialEndDate))
                    .col(time_null(Subscriptions::CancellationDate))
                    .col(time_null(Subscriptions::EffectiveEndDate))
                    .col(time(Subscriptions::CreatedAt))
                    .col(time(Subscriptions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_subscriptions_customer")
                            .from(Subscriptions::Table, Subscriptions::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_subscriptions_product")
                            .from(Subscriptions::Table, Subscriptions::ProductId)
                            .to(Products::Table, Products::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_subscriptions_plan")
                            .from(Subscriptions::Table, Subscriptions::PlanId)
                            .to(Packages::Table, Packages::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                SUBSCRIPTION_REF_ID_INDEX,
                Subscriptions::Table,
                vec![
                    Subscriptions::EnvironmentId.into_iden(),
                    Subscriptions::RefId.into_iden(),
                ],
            ))
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_subscriptions_customer")
                    .table(Subscriptions::Table)
                    .col(Subscriptions::CustomerId)
                    .to_owned(),
            )
            .await?;
        // Partial unique index: same SQL on SQLite and PostgreSQL.
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE UNIQUE INDEX {SUBSCRIPTION_SLOT_INDEX} ON subscriptions \
                 (customer_id, product_id, resource_key) WHERE status IN ('ACTIVE', 'IN_TRIAL')"
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SubscriptionAddons::Table)
                    .col(
                        ColumnDef::new(SubscriptionAddons::SubscriptionId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SubscriptionAddons::AddonId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SubscriptionAddons::Quantity)
                            .integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(SubscriptionAddons::SubscriptionId)
                            .col(SubscriptionAddons::AddonId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_subscription_addons_subscription")
                            .from(
                                SubscriptionAddons::Table,
                                SubscriptionAddons::SubscriptionId,
                            )
                            .to(Subscriptions::Table, Subscriptions::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_subscription_addons_addon")
                            .from(SubscriptionAddons::Table, SubscriptionAddons::AddonId)
                            .to(Packages::Table, Packages::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SubscriptionPrices::Table)
                    .col(uuid_pk(SubscriptionPrices::Id))
                    .col(
                        ColumnDef::new(SubscriptionPrices::SubscriptionId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SubscriptionPrices::PriceId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SubscriptionPrices::Quantity)
                            .double()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_subscription_prices_subscription")
                            .from(
                                SubscriptionPrices::Table,
                                SubscriptionPrices::SubscriptionId,
                            )
                            .to(Subscriptions::Table, Subscriptions::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_subscription_prices_price")
                            .from(SubscriptionPrices::Table, SubscriptionPrices::PriceId)
                            .to(Prices::Table, Prices::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_subscription_prices_subscription")
                    .table(SubscriptionPrices::Table)
                    .col(SubscriptionPrices::SubscriptionId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SubscriptionPrices::Table.into_iden(),
            SubscriptionAddons::Table.into_iden(),
            Subscriptions::Table.into_iden(),
            PackageEntitlements::Table.into_iden(),
            Prices::Table.into_iden(),
            PlanCompatibleAddons::Table.into_iden(),
            Packages::Table.into_iden(),
            Products::Table.into_iden(),
            Features::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
