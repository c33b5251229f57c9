//! `coupons`: discounts a customer can carry (Stigg's `Coupon`), unique by refId per
//! environment. Archived coupons keep their row and refId.

use sea_orm::entity::prelude::*;

use crate::stigg_enums::{CouponStatus, CouponType};

/// One coupon.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "coupons")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub environment_id: Uuid,
    pub ref_id: String,
    pub name: String,
    pub description: Option<String>,
    pub coupon_type: CouponType,
    /// PERCENTAGE coupons: the percentage off, above 0 and at most 100.
    #[sea_orm(column_type = "Double", nullable)]
    pub percent_off: Option<f64>,
    /// FIXED coupons: `[{"amount": "12.5", "currency": "USD"}, …]`, amounts as decimal
    /// strings in currency units (not cents), one per currency.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub amounts_off: Option<Json>,
    /// Months the discount lasts from when a customer gets the coupon; NULL: for ever.
    pub duration_in_months: Option<i32>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub additional_meta_data: Option<Json>,
    pub status: CouponStatus,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
