//! `package_entitlements`: what a plan or addon grants of one feature.

use sea_orm::entity::prelude::*;

use crate::stigg_enums::EntitlementResetPeriod;

/// One entitlement row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "package_entitlements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub package_id: Uuid,
    pub feature_id: Uuid,
    /// NUMBER features: the limit (NULL for BOOLEAN features or unlimited usage).
    #[sea_orm(column_type = "Double", nullable)]
    pub usage_limit: Option<f64>,
    pub has_unlimited_usage: bool,
    pub has_soft_limit: bool,
    /// Stigg `EntitlementResetPeriod`: `HOUR`, `DAY`, `WEEK`, `MONTH` or `YEAR`.
    pub reset_period: Option<EntitlementResetPeriod>,
    pub display_name_override: Option<String>,
    pub description: Option<String>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
