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
    /// A subscription was created (docs.stigg.io `api-reference/subscriptions/subscription-created`).
    #[sea_orm(string_value = "subscription.created")]
    SubscriptionCreated,
    /// A subscription changed: addons, quantities, billing period, metadata, plan version (a
    /// migration applied or scheduled), a scheduled end set or called off, a scheduled start
    /// reached
    /// (docs.stigg.io `api-reference/subscriptions/subscription-updated`).
    #[sea_orm(string_value = "subscription.updated")]
    SubscriptionUpdated,
    /// A subscription ended: cancelled now, or its scheduled end reached
    /// (docs.stigg.io `api-reference/subscriptions/subscription-canceled`).
    #[sea_orm(string_value = "subscription.canceled")]
    SubscriptionCanceled,
    /// A subscription started in a trial (docs.stigg.io `api-reference/trials/trial-started`).
    #[sea_orm(string_value = "subscription.trial_started")]
    SubscriptionTrialStarted,
    /// A trial ended and the subscription went on paid (docs.stigg.io
    /// `api-reference/trials/trial-converted`).
    #[sea_orm(string_value = "subscription.trial_converted")]
    SubscriptionTrialConverted,
    /// A trial ended and the subscription expired (the plan's trial end behaviour
    /// CANCEL_SUBSCRIPTION; docs.stigg.io `api-reference/trials/trial-expired`).
    #[sea_orm(string_value = "subscription.trial_expired")]
    SubscriptionTrialExpired,
    /// A customer's effective entitlements changed (docs.stigg.io
    /// `api-reference/entitlements/entitlements-updated`).
    #[sea_orm(string_value = "entitlements.updated")]
    EntitlementsUpdated,
}

impl WebhookEventType {
    /// The event's name, e.g. `customer.created`.
    pub fn name(self) -> String {
        ActiveEnum::to_value(&self)
    }

    /// Every event's name, in declaration order.
    pub fn names() -> Vec<String> {
        <Self as sea_orm::Iterable>::iter()
            .map(Self::name)
            .collect()
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
