//! `subscriptions`: a customer's subscription to a plan (Stigg's `CustomerSubscription`).

use sea_orm::entity::prelude::*;

use crate::stigg_enums::{
    BillingPeriod, PricingType, SubscriptionCancelReason, SubscriptionStatus,
};

/// One subscription row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "subscriptions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub environment_id: Uuid,
    /// Stigg's `subscriptionId`/`refId`, e.g. `subscription-plan-basic-ed5dac`.
    pub ref_id: String,
    pub customer_id: Uuid,
    pub product_id: Uuid,
    pub plan_id: Uuid,
    pub resource_id: Option<String>,
    /// `resource_id` for products with multiple subscriptions, `''` otherwise (the slot key).
    pub resource_key: String,
    /// Stigg `SubscriptionStatus`.
    pub status: SubscriptionStatus,
    /// Stigg `PricingType`.
    pub pricing_type: PricingType,
    /// Stigg `BillingPeriod`, for paid subscriptions.
    pub billing_period: Option<BillingPeriod>,
    pub billing_country_code: Option<String>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub additional_meta_data: Option<Json>,
    pub start_date: ChronoDateTimeUtc,
    pub current_billing_period_start: Option<ChronoDateTimeUtc>,
    pub current_billing_period_end: Option<ChronoDateTimeUtc>,
    pub trial_end_date: Option<ChronoDateTimeUtc>,
    pub cancellation_date: Option<ChronoDateTimeUtc>,
    pub effective_end_date: Option<ChronoDateTimeUtc>,
    /// When a cancelled subscription ends (it keeps its status until then; CANCELED after).
    pub end_date: Option<ChronoDateTimeUtc>,
    /// The durable schedule: the next instant at which the stored status is due to change
    /// (a future start, a trial's end, a scheduled end); NULL when nothing is scheduled.
    pub next_transition_at: Option<ChronoDateTimeUtc>,
    /// Stigg `SubscriptionCancelReason`: why it ends or ended; NULL while nothing ends it.
    pub cancel_reason: Option<SubscriptionCancelReason>,
    /// The coupon given with `appliedCoupon` (it beats the customer's), and since when.
    pub coupon_id: Option<Uuid>,
    pub coupon_applied_at: Option<ChronoDateTimeUtc>,
    /// The customer who pays for the subscription when another customer (`customer_id`) uses
    /// it (Stigg's `payingCustomer`); NULL when its own customer pays.
    pub paying_customer_id: Option<Uuid>,
    /// When a migration to its plan's latest version, requested for the end of the billing
    /// period, takes place (a scheduled update); NULL when none is scheduled.
    pub migrate_at: Option<ChronoDateTimeUtc>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
