//! `api_keys`: server keys of an environment. Only the SHA-256 hash (lowercase hex, 64
//! characters) of a key is stored; the key itself is shown once, when created.

use sea_orm::entity::prelude::*;

/// One API key row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The environment this key grants access to.
    pub environment_id: Uuid,
    /// SHA-256 of the key, lowercase hex.
    pub key_hash: String,
    /// Creation time (UTC).
    pub created_at: ChronoDateTimeUtc,
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
