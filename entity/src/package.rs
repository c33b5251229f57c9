//! `packages`: plans and addons (Stigg's `Plan` and `Addon`), unique by refId per environment
//! and package type.

use sea_orm::entity::prelude::*;

use crate::stigg_enums::{
    PackageKind, PackageStatus, PricingType, TrialEndBehavior, TrialPeriodUnits,
};

/// One plan or addon row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "packages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub environment_id: Uuid,
    pub product_id: Uuid,
    /// `PLAN` or `ADDON`.
    pub package_type: PackageKind,
    pub ref_id: String,
    pub display_name: String,
    pub description: Option<String>,
    /// Stigg `PackageStatus`: `DRAFT`, `PUBLISHED` or `ARCHIVED`.
    pub status: PackageStatus,
    /// Stigg `PricingType`: `FREE`, `PAID` or `CUSTOM`; NULL until priced.
    pub pricing_type: Option<PricingType>,
    pub billing_id: Option<String>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub additional_meta_data: Option<Json>,
    /// Addons: most units one subscription may hold.
    #[sea_orm(column_type = "Double", nullable)]
    pub max_quantity: Option<f64>,
    /// Plans: default trial length, in `default_trial_units`.
    pub default_trial_duration: Option<i32>,
    /// Stigg `TrialPeriodUnits`: `DAY` or `MONTH`.
    pub default_trial_units: Option<TrialPeriodUnits>,
    /// Stigg `TrialEndBehavior`.
    pub default_trial_end_behavior: Option<TrialEndBehavior>,
    pub version_number: i32,
    /// The version its refId names: what new subscriptions get and catalog reads show (one
    /// per refId; a draft of the next version is not the latest until published).
    pub is_latest: bool,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
