//! `promotional_entitlement_groups`: the groups (Stigg's `featureGroupId`s) a promotional
//! grant was given with by `grantPromotionalEntitlementsGroup`, one row per (grant, group).
//! A grant may belong to several groups; `unlinkPromotionalEntitlementsGroup` deletes a
//! group's rows and keeps the grants.

use sea_orm::entity::prelude::*;

/// One (grant, group) link.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "promotional_entitlement_groups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub promotional_entitlement_id: Uuid,
    /// The grant's customer (so a customer's grants of a group are one indexed read).
    pub customer_id: Uuid,
    /// The group id as the client gave it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub feature_group_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
