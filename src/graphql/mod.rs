//! The API layer: schema assembly, limits, and one module per concept. Resolvers decode
//! input, call one domain function and map its output; they hold no business rule.

pub mod billing;
pub mod catalog;
pub mod change;
pub mod connection;
pub mod coupon;
pub mod customer;
pub mod customer_list;
pub mod documents;
pub mod entitlement;
pub mod error;
pub mod estimate;
pub mod import;
pub mod integration;
pub mod limits;
pub mod order;
pub mod persisted;
pub mod promotional;
pub mod scalars;
pub mod sdk_configuration;
pub mod stigg;
pub mod subscription;
pub mod subscription_lifecycle;
pub mod usage;
pub mod variables;
pub mod wire_enums;

use async_graphql::{MergedObject, Schema};
use sea_orm::DatabaseConnection;

use chrono::{DateTime, Utc};

use crate::environment::EnvironmentId;
use crate::time::Clock;

/// Deepest selection accepted (the official clients' deepest document nests 9 levels).
pub const MAX_DEPTH: usize = 24;
/// Largest query complexity accepted (one per selected field).
pub const MAX_COMPLEXITY: usize = 10_000;
/// Most directives on one field, fragment or operation.
pub const MAX_DIRECTIVES: usize = 10;

/// Every query.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct Query(
    customer::CustomerQuery,
    catalog::CatalogQuery,
    entitlement::EntitlementQuery,
    usage::UsageQuery,
    coupon::CouponQuery,
    subscription::SubscriptionReads,
    sdk_configuration::SdkConfigurationQuery,
    integration::IntegrationQuery,
);

/// Every mutation.
#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct Mutation(
    customer::CustomerMutation,
    catalog::CatalogMutation,
    subscription::SubscriptionMutation,
    subscription_lifecycle::SubscriptionLifecycleMutation,
    entitlement::EntitlementCheckMutation,
    usage::UsageMutation,
    promotional::PromotionalMutation,
    coupon::CouponMutation,
    import::ImportMutation,
    estimate::EstimateMutation,
    integration::IntegrationMutation,
);

/// The executable schema (its subscriptions: [`crate::realtime::subscription`]).
pub type ApiSchema = Schema<Query, Mutation, crate::realtime::subscription::Updates>;

/// What every resolver of one request may use: the database, the API key's environment and
/// the app's clock.
#[derive(Clone)]
pub struct RequestContext {
    pub db: DatabaseConnection,
    pub environment: EnvironmentId,
    pub clock: Clock,
    /// The process's entitlement snapshots (see `entitlement::snapshot`).
    pub snapshots: crate::entitlement::Snapshots,
}

impl RequestContext {
    /// The current time of the app's clock (UTC, milliseconds).
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

/// Builds the schema with its limits (async-graphql's own, applied during validation; the
/// document's cost, fragments, aliases and mutation root fields are screened before, by
/// `limits::screen`). HTTP requests run on it: it has no extensions, so async-graphql resolves
/// each field without building a `ResolveInfo` and walking an extension chain for it (a
/// quarter of the instructions of a large answer such as the v2 client's `get_customer_by_id`
/// went there); the HTTP layer adds each request's DataLoaders itself.
pub fn schema() -> ApiSchema {
    schema_with(async_graphql::ValidationMode::Strict)
}

/// [`schema`] with validation `mode` (`Fast`: see `variables`).
pub fn schema_with(mode: async_graphql::ValidationMode) -> ApiSchema {
    builder().validation_mode(mode).finish()
}

/// The schema WebSocket connections run on: [`schema`] with the screening of what a socket
/// sends (`realtime::socket::SocketScreening`) and a catalog DataLoader per operation.
pub fn socket_schema() -> ApiSchema {
    builder()
        .extension(catalog::CatalogLoaderExtension)
        .extension(crate::realtime::socket::SocketScreening)
        .finish()
}

fn builder() -> async_graphql::SchemaBuilder<Query, Mutation, crate::realtime::subscription::Updates>
{
    Schema::build(
        Query::default(),
        Mutation::default(),
        crate::realtime::subscription::Updates,
    )
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .limit_directives(MAX_DIRECTIVES)
}

/// A DataLoader for one request or operation (`loader`), its loads spawned on tokio. A load
/// starts as soon as the task that asked for it yields — by then every sibling field of the
/// same selection has asked for its keys, so they are loaded together — instead of after
/// async-graphql's default delay of 1 ms per round, measured on a timer thread: the v2
/// client's `get_customer_by_id` waited through four such rounds (subscriptions, then the
/// catalog rows of their plans, then the products' journeys), 5 ms of its 6 ms at one
/// connection (`bench/run.sh`, 2026-12-01).
pub fn request_loader<T: Send + Sync + 'static>(
    loader: T,
) -> async_graphql::dataloader::DataLoader<T> {
    async_graphql::dataloader::DataLoader::new(loader, tokio::spawn)
        .delay(std::time::Duration::ZERO)
}

/// The SDL of the schema (what `plangate schema` prints and `schema.graphql` holds).
pub fn sdl() -> String {
    schema().sdl()
}
