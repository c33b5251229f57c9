//! `webhook_endpoints`: where an environment's events are POSTed, signed per Standard
//! Webhooks with the endpoint's secret (stored sealed under `PLANGATE_SECRET_KEY`).

use sea_orm::entity::prelude::*;

/// The webhook events plangate sends, by Stigg's names (docs.stigg.io, "Webhooks" and its
/// event reference, e.g. `api-reference/customers/customer-deleted`): stored by name in
/// `delivery_jobs.event_type` and in endpoints' `event_types`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(64))")]
pub enum WebhookEventType {
    /// A customer was provisioned.
    #[sea_orm(string_value = "customer.created")]
    CustomerCreated,
    /// A customer's fields changed (`updateOneCustomer`).
    #[sea_orm(string_value = "customer.updated")]
    CustomerUpdated,
    /// A customer was archived (Stigg names the event `customer.deleted`).
    #[sea_orm(string_value = "customer.deleted")]
    CustomerDeleted,
}

impl WebhookEventType {
    /// The event's name, e.g. `customer.created`.
    pub fn name(self) -> String {
        ActiveEnum::to_value(&self)
    }

    /// The event named `name`, if plangate sends it.
    pub fn parse(name: &str) -> Option<Self> {
        <Self as sea_orm::Iterable>::iter().find(|e| e.name() == name)
    }
}

/// One endpoint.
#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub environment_id: Uuid,
    /// `http(s)://…`
    pub url: String,
    /// The signing secret (`whsec_…`), sealed; never shown after it is created.
    pub secret_sealed: String,
    /// The event types sent (a JSON array of names such as `customer.created`); empty: all.
    #[sea_orm(column_type = "JsonBinary")]
    pub event_types: Json,
    pub created_at: ChronoDateTimeUtc,
    /// Set when removed: no new events are sent to it.
    pub disabled_at: Option<ChronoDateTimeUtc>,
}

impl std::fmt::Debug for Model {
    /// Every field but the sealed secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("webhook_endpoint::Model")
            .field("id", &self.id)
            .field("url", &self.url)
            .field("event_types", &self.event_types)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
