//! `prices`: a package's price for one billing period (and optionally one country).

use sea_orm::entity::prelude::*;

use crate::stigg_enums::{BillingModel, BillingPeriod, Currency};

/// One price row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "prices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub package_id: Uuid,
    /// Stigg `BillingModel`: `FLAT_FEE` or `PER_UNIT`.
    pub billing_model: BillingModel,
    /// Stigg `BillingPeriod`: `MONTHLY` or `ANNUALLY`.
    pub billing_period: BillingPeriod,
    /// ISO 3166-1 alpha-2 code of a localized price; NULL for the default price.
    pub billing_country_code: Option<String>,
    /// Decimal amount per period (per unit for `PER_UNIT`), e.g. `"12.50"`.
    pub amount: String,
    /// Stigg `Currency` (an ISO 4217 code), e.g. `USD`.
    pub currency: Currency,
    /// `PER_UNIT`: the billable feature.
    pub feature_id: Option<Uuid>,
    #[sea_orm(column_type = "Double", nullable)]
    pub min_unit_quantity: Option<f64>,
    #[sea_orm(column_type = "Double", nullable)]
    pub max_unit_quantity: Option<f64>,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
