//! `promotional_entitlements`: features granted to a customer directly, outside any
//! subscription (Stigg's promotional entitlements). A grant lasts from `start_date` to
//! `end_date` (NULL: for ever); its status (Active, Expired) is read from the clock. A
//! revoked grant keeps its row with `revoked_at` set; at most one unrevoked grant per
//! (customer, feature) (`ux_promotional_entitlements_live`).

use sea_orm::entity::prelude::*;

use crate::stigg_enums::{EntitlementResetPeriod, PromotionalEntitlementPeriod};

/// One grant.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "promotional_entitlements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub environment_id: Uuid,
    pub customer_id: Uuid,
    pub feature_id: Uuid,
    pub period: PromotionalEntitlementPeriod,
    /// NUMBER features: the limit (NULL when unlimited, and for BOOLEAN features).
    #[sea_orm(column_type = "Double", nullable)]
    pub usage_limit: Option<f64>,
    pub has_unlimited_usage: bool,
    pub has_soft_limit: bool,
    pub reset_period: Option<EntitlementResetPeriod>,
    pub is_visible: bool,
    pub start_date: ChronoDateTimeUtc,
    /// NULL for LIFETIME grants.
    pub end_date: Option<ChronoDateTimeUtc>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    /// Set by `revokePromotionalEntitlement`, by a new grant of the same feature, or by the
    /// customer's archive.
    pub revoked_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
