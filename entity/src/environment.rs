//! `environments`: an isolated space of customers (Stigg's environment: development,
//! production, …). API keys belong to one environment.

use sea_orm::entity::prelude::*;

/// One environment row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "environments")]
pub struct Model {
    /// Internal id (Stigg's `environmentId`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique human name, e.g. `development`.
    pub slug: String,
    /// Creation time (UTC).
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::api_key::Entity")]
    ApiKey,
    #[sea_orm(has_many = "super::customer::Entity")]
    Customer,
}

impl Related<super::api_key::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ApiKey.def()
    }
}

impl Related<super::customer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Customer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
