//! `prices`: a package's price for one billing period (and optionally one country).

use sea_orm::entity::prelude::*;

/// One price row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "prices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub package_id: Uuid,
    /// Stigg `BillingModel`: `FLAT_FEE` or `PER_UNIT`.
    pub billing_model: String,
    /// Stigg `BillingPeriod`: `MONTHLY` or `ANNUALLY`.
    pub billing_period: String,
    /// ISO 3166-1 alpha-2 code of a localized price; NULL for the default price.
    pub billing_country_code: Option<String>,
    /// Decimal amount per period (per unit for `PER_UNIT`), e.g. `"12.50"`.
    pub amount: String,
    /// ISO 4217 code from Stigg's `Currency` enum, e.g. `USD`.
    pub currency: String,
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
