//! `customer_billing`: what the billing vendor answered for a customer — the sync state
//! (Stigg's `syncStates`) and the default payment method's display details (type, brand,
//! last 4 digits, expiry; never the payment method's id). The vendor's customer id is
//! `customers.billing_id`. Payment-method details are nulled when the customer is archived.

use sea_orm::entity::prelude::*;

use crate::stigg_enums::{PaymentMethodType, SyncStatus};

/// One customer's billing state.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_billing")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub customer_id: Uuid,
    pub integration_id: Uuid,
    pub status: SyncStatus,
    /// The last delivery failure (status ERROR, or PENDING while retrying).
    pub error: Option<String>,
    /// The customer's page in the vendor's dashboard.
    pub billing_link_url: Option<String>,
    pub has_payment_method: bool,
    pub payment_method_type: Option<PaymentMethodType>,
    pub card_brand: Option<String>,
    pub last4: Option<String>,
    pub expiration_month: Option<i32>,
    pub expiration_year: Option<i32>,
    /// When the vendor last confirmed the customer.
    pub synced_at: Option<ChronoDateTimeUtc>,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
