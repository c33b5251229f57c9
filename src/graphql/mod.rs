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

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use async_graphql::{MergedObject, Schema};
use futures_util::future::BoxFuture;
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

/// The DataLoader loads of one HTTP request, started by the request's own task
/// ([`RequestLoads::run`]) after the poll that asked for their keys.
///
/// async-graphql's DataLoader waits 1 ms (on a timer thread) before each round of loads, so
/// that the keys asked for by sibling fields are loaded together; the v2 client's
/// `get_customer_by_id` has four such rounds (subscriptions, then the catalog rows of their
/// plans, then the products' journeys): 4 of its 5 ms at one connection (`bench/run.sh`,
/// 2026-12-01). Without the wait, a spawned load may start on the other worker thread while
/// the request is still asking for keys, and a page of 100 customers then read their
/// subscriptions in batches of two (250 statements instead of 6; found by the fresh-user
/// trial). Started by the request's task, a round starts right after the poll in which the
/// request asked for its keys — every sibling field has asked by then — and without a timer.
/// (Polling the loads on the request's task instead cost a fifth of the v2 answer's rate on
/// PostgreSQL: every reply from the database woke, and polled, the whole request.)
#[derive(Clone, Default)]
pub struct RequestLoads {
    queued: Arc<Mutex<Vec<BoxFuture<'static, ()>>>>,
}

impl RequestLoads {
    /// A DataLoader whose loads [`RequestLoads::run`] runs.
    pub fn loader<T: Send + Sync + 'static>(
        &self,
        loader: T,
    ) -> async_graphql::dataloader::DataLoader<T> {
        let queued = Arc::clone(&self.queued);
        async_graphql::dataloader::DataLoader::new(loader, move |load| {
            queued
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(load);
        })
        .delay(std::time::Duration::ZERO)
    }

    /// Runs `request`, spawning the loads its DataLoaders start after each of its polls — so
    /// a load starts only once the poll that asked for its keys is over, and then runs on a
    /// task of its own (whose database replies do not wake the whole request).
    pub async fn run<F: Future>(&self, request: F) -> F::Output {
        let mut request = std::pin::pin!(request);
        std::future::poll_fn(move |cx| {
            let polled = request.as_mut().poll(cx);
            for load in self
                .queued
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .drain(..)
            {
                tokio::spawn(load);
            }
            polled
        })
        .await
    }
}

/// The SDL of the schema (what `plangate schema` prints and `schema.graphql` holds).
pub fn sdl() -> String {
    schema().sdl()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    use async_graphql::dataloader::Loader;

    use super::RequestLoads;

    /// Records the keys of each batch it is asked to load.
    #[derive(Clone, Default)]
    struct Batches(Arc<Mutex<Vec<usize>>>);

    impl Loader<u32> for Batches {
        type Value = u32;
        type Error = Arc<String>;

        async fn load(&self, keys: &[u32]) -> Result<HashMap<u32, u32>, Self::Error> {
            self.0.lock().expect("batches").push(keys.len());
            tokio::task::yield_now().await;
            Ok(keys.iter().map(|k| (*k, k * 2)).collect())
        }
    }

    /// The keys asked for in one poll — sibling fields, or the items of a page — are loaded
    /// in one batch, on a runtime with other workers free to run a spawned load early (the
    /// fresh-user trial saw pages of 100 customers read in batches of two).
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn keys_asked_in_one_poll_are_loaded_in_one_batch() {
        for _ in 0..20 {
            let batches = Batches::default();
            let loads = RequestLoads::default();
            let loader = loads.loader(batches.clone());
            let (first, second) = loads
                .run(async {
                    let first =
                        futures_util::future::join_all((0..100).map(|k| loader.load_one(k))).await;
                    // A second round, after the first answered.
                    let second =
                        futures_util::future::join_all((100..150).map(|k| loader.load_one(k)))
                            .await;
                    (first, second)
                })
                .await;
            assert!(first
                .iter()
                .zip(0..)
                .all(|(v, k)| v.as_ref().ok() == Some(&Some(k * 2))));
            assert_eq!(second.len(), 50);
            assert_eq!(*batches.0.lock().expect("batches"), vec![100, 50]);
        }
    }
}
