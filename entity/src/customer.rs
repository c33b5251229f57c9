//! `customers`: one row per customer ever provisioned in an environment. Archived customers
//! keep their row (`archived_at` set, PII columns `name` and `email` NULL) so that their id
//! stays reserved. Billing information is never stored here.

use sea_orm::entity::prelude::*;

/// One customer row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    /// Internal id (Stigg's `Customer.id`, a UUID).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub environment_id: Uuid,
    /// The user-chosen id (Stigg's `customerId` / `refId`), unique per environment for ever.
    pub ref_id: String,
    /// PII: NULL once archived.
    pub name: Option<String>,
    /// PII (billing email): NULL once archived.
    pub email: Option<String>,
    /// Stigg's `additionalMetaData`: a JSON object.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub additional_meta_data: Option<Json>,
    pub billing_id: Option<String>,
    pub crm_id: Option<String>,
    pub salesforce_id: Option<String>,
    pub aws_marketplace_customer_id: Option<String>,
    pub exclude_from_experiment: bool,
    /// UTC, millisecond precision.
    pub created_at: ChronoDateTimeUtc,
    /// UTC, millisecond precision.
    pub updated_at: ChronoDateTimeUtc,
    /// Stigg's `deletedAt`: set when archived.
    pub archived_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::environment::Entity",
        from = "Column::EnvironmentId",
        to = "super::environment::Column::Id"
    )]
    Environment,
}

impl Related<super::environment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Environment.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
