//! `products`: a product with its customer journey (Stigg's `Product` and
//! `ProductSettings`).

use sea_orm::entity::prelude::*;

use crate::stigg_enums::{
    SubscriptionCancellationTime, SubscriptionEndSetup, SubscriptionStartSetup,
};

/// One product row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub environment_id: Uuid,
    pub ref_id: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    /// Several subscriptions per customer, one per resource id.
    pub multiple_subscriptions: bool,
    /// Stigg `SubscriptionStartSetup`: `PLAN_SELECTION`, `FREE_PLAN` or `TRIAL_PERIOD`.
    pub subscription_start_setup: SubscriptionStartSetup,
    /// refId of the journey's start plan (free plan or trial plan).
    pub subscription_start_plan_ref_id: Option<String>,
    /// refId of the plan customers downgrade to.
    pub downgrade_plan_ref_id: Option<String>,
    /// Stigg `SubscriptionEndSetup`.
    pub subscription_end_setup: SubscriptionEndSetup,
    /// Stigg `SubscriptionCancellationTime`.
    pub subscription_cancellation_time: SubscriptionCancellationTime,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub additional_meta_data: Option<Json>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    pub archived_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
