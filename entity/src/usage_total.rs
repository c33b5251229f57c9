//! `usage_totals`: the running usage of one feature by one customer (and resource) in one
//! usage period — what an entitlement check reads, one row by primary key. Reports change
//! it with one atomic `INSERT … ON CONFLICT DO UPDATE` in their transaction, so concurrent
//! reports never lose an increment.

use sea_orm::entity::prelude::*;

/// One (customer, feature, resource, period) total.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "usage_totals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub customer_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub feature_id: Uuid,
    /// The resource id, or `''` for the customer level.
    #[sea_orm(primary_key, auto_increment = false)]
    pub resource_key: String,
    /// Start of the usage period; `LIFETIME_PERIOD_START` for usage that never resets.
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_start: ChronoDateTimeUtc,
    pub environment_id: Uuid,
    #[sea_orm(column_type = "Double")]
    pub value: f64,
    /// The last report that changed it.
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
