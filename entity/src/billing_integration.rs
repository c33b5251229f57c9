//! `billing_integrations`: an environment's billing vendor account (one per vendor and
//! environment). The vendor secret key is stored sealed under `PLANGATE_SECRET_KEY`.

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
    /// shown, never logged.
    pub secret_sealed: String,
    /// The vendor API's base URL, e.g. `https://api.stripe.com`.
    pub base_url: String,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

impl std::fmt::Debug for Model {
    /// Every field but the sealed secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("billing_integration::Model")
            .field("id", &self.id)
            .field("environment_id", &self.environment_id)
            .field("vendor", &self.vendor)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
