//! `subscription_prices`: the prices a subscription is billed at, with quantities (1 for flat
//! fees, the billable feature's units for per-unit prices, the addon's quantity for addons).

use sea_orm::entity::prelude::*;

/// One subscription price row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "subscription_prices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub subscription_id: Uuid,
    pub price_id: Uuid,
    #[sea_orm(column_type = "Double")]
    pub quantity: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
