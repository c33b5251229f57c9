//! `billing_integrations`: an environment's billing vendor account (one per vendor and
//! environment among those not removed). The vendor secret key is stored sealed under
//! `PLANGATE_SECRET_KEY`. A removed integration keeps its row (customers' sync states name
//! it) with `removed_at` set and its sealed key erased; it is never used again.

use sea_orm::entity::prelude::*;

use crate::stigg_enums::BillingVendor;

/// One integration.
#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "billing_integrations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub environment_id: Uuid,
    pub vendor: BillingVendor,
    /// The vendor's secret API key, sealed (`v1.` + base64 of nonce and ciphertext); never
    /// shown, never logged. Empty once the integration is removed.
    pub secret_sealed: String,
    /// The vendor API's base URL, e.g. `https://api.stripe.com`.
    pub base_url: String,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    /// When the integration was removed; `None` while it is in use.
    pub removed_at: Option<ChronoDateTimeUtc>,
}

impl std::fmt::Debug for Model {
    /// Every field but the sealed secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("billing_integration::Model")
            .field("id", &self.id)
            .field("environment_id", &self.environment_id)
            .field("vendor", &self.vendor)
            .field("base_url", &self.base_url)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("removed_at", &self.removed_at)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
