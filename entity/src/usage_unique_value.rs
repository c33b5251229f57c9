//! `usage_unique_values`: the distinct values a `UNIQUE` meter has counted, per customer,
//! feature, resource and usage period; a value counts once because its row can be inserted
//! once (primary key).

use sea_orm::entity::prelude::*;

/// One counted value.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "usage_unique_values")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub customer_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub feature_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub resource_key: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_start: ChronoDateTimeUtc,
    /// The value as text (strings as they are, numbers and booleans as JSON).
    #[sea_orm(primary_key, auto_increment = false)]
    pub value: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
