//! `features`: what a customer can be entitled to (Stigg's `Feature`), unique by refId per
//! environment.

use sea_orm::entity::prelude::*;

use crate::stigg_enums::{FeatureStatus, FeatureType, MeterType};

/// One feature row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "features")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub environment_id: Uuid,
    pub ref_id: String,
    pub display_name: String,
    pub description: Option<String>,
    /// Stigg `FeatureType`: `BOOLEAN` or `NUMBER` (ENUM features are refused).
    pub feature_type: FeatureType,
    /// Stigg `MeterType`: `None`, `Fluctuating` or `Incremental`.
    pub meter_type: Option<MeterType>,
    pub feature_units: Option<String>,
    pub feature_units_plural: Option<String>,
    /// Stigg `FeatureStatus`: `NEW`, `ACTIVE` or `SUSPENDED`.
    pub feature_status: FeatureStatus,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub additional_meta_data: Option<Json>,
    /// Stigg `Meter` of a feature whose usage comes from raw events (`reportEvent`): the
    /// aggregation and the filters, as JSON (`{"aggregation":{"function":"SUM","field":"bytes"},
    /// "filters":[{"conditions":[{"field":"eventName","operation":"EQUALS","value":"upload"}]}]}`).
    /// NULL for features whose usage is reported as calculated values.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub meter: Option<Json>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    pub archived_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
