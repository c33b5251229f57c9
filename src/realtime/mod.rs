//! Realtime updates to SDKs: GraphQL subscriptions over WebSocket at `/graphql`
//! ([`socket`]) for the events Stigg's Node server SDK subscribes to ([`subscription`]:
//! `entitlementsUpdated`, `usageUpdated`, `packagePublished`, `creditBalanceUpdated`;
//! `@stigg/node-server-sdk` 3.95.0 `services/inMemoryEntitlementsService.js`), fed by the
//! [`Changes`] bus.
//!
//! A write that changes what an SDK has cached publishes a [`Change`] after its transaction
//! has committed (the resolver publishes once the domain function, which commits, has
//! returned). A change names what changed (customer, resource, feature), not the new value:
//! each subscription reads the current entitlements when it receives it, so what it sends is
//! what a check would answer then.
//!
//! Transport between replicas:
//! - PostgreSQL: `NOTIFY plangate_realtime, '<change as JSON>'` (outside any transaction, so
//!   sent at once), and every process `LISTEN`s on a connection of its own, besides its pool
//!   (sqlx `PgListener`, which reconnects by itself), and hands what arrives to its local
//!   subscribers — the publishing process included, through the same path. No broker.
//! - SQLite (one process owns the file): in process only, a `tokio::sync::broadcast`.
//!
//! Delivery is at most once: a subscriber that falls more than [`BUFFER`] changes behind
//! skips the ones it missed (logged), and changes published while a PostgreSQL listener
//! reconnects are lost. The SDKs re-read entitlements on a cache miss and whenever their
//! socket reconnects (`onConnected` clears their cache), so a lost change costs a re-read,
//! not a wrong answer for long.

pub mod socket;
pub mod subscription;

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::environment::EnvironmentId;

/// The PostgreSQL notification channel of changes.
pub const CHANNEL: &str = "plangate_realtime";

/// How many changes one subscriber may fall behind before it skips some.
pub const BUFFER: usize = 4096;

/// What kind of package was published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PackageKind {
    /// A plan (`packageType` `PLAN`).
    Plan,
    /// An addon (`packageType` `ADDON`).
    Addon,
}

/// One change an SDK may want to hear about. Serialized as JSON for `NOTIFY` (well under
/// PostgreSQL's 8000-byte payload limit: ids are at most 255 characters).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Change {
    /// Usage of a customer (and resource) was reported: of `feature_id`, or of any metered
    /// feature when `None` (raw events, whose meters decide the features).
    Usage {
        /// The environment's id.
        environment: Uuid,
        /// The customer's refId.
        customer_id: String,
        /// The resource the usage was reported for (`None`: the customer level).
        resource_id: Option<String>,
        /// The feature's refId (`None`: any metered feature).
        feature_id: Option<String>,
    },
    /// What a customer is entitled to changed (promotional grants, subscriptions), for the
    /// customer level and every resource.
    Entitlements {
        /// The environment's id.
        environment: Uuid,
        /// The customer's refId.
        customer_id: String,
    },
    /// A plan or addon was published (a new version of it, for a plan already published).
    PackagePublished {
        /// The environment's id.
        environment: Uuid,
        /// Plan or addon.
        package: PackageKind,
        /// The package's refId.
        ref_id: String,
        /// The version published (1, then + 1 for each new version of a plan).
        version: i32,
    },
}

impl Change {
    /// What a customer is entitled to changed.
    pub fn entitlements(environment: EnvironmentId, customer_id: &str) -> Change {
        Change::Entitlements {
            environment: environment.0,
            customer_id: customer_id.to_owned(),
        }
    }

    /// Usage of a customer (and resource) was reported, of `feature_id` or (`None`) of any
    /// metered feature.
    pub fn usage(
        environment: EnvironmentId,
        customer_id: &str,
        resource_id: Option<&str>,
        feature_id: Option<&str>,
    ) -> Change {
        Change::Usage {
            environment: environment.0,
            customer_id: customer_id.to_owned(),
            resource_id: resource_id.map(str::to_owned),
            feature_id: feature_id.map(str::to_owned),
        }
    }

    /// The environment the change belongs to (subscribers see their API key's only).
    pub fn environment(&self) -> Uuid {
        match self {
            Change::Usage { environment, .. }
            | Change::Entitlements { environment, .. }
            | Change::PackagePublished { environment, .. } => *environment,
        }
    }
}

/// The process's change bus: publish from resolvers, subscribe from subscription streams.
/// Cheap to clone.
#[derive(Clone, Debug)]
pub struct Changes {
    local: broadcast::Sender<Arc<Change>>,
    /// The database to `NOTIFY` through (PostgreSQL); `None`: in process (SQLite).
    notify: Option<DatabaseConnection>,
}

impl Changes {
    /// A bus that delivers in this process only (SQLite, and tests of one process).
    pub fn in_process() -> Changes {
        let (local, _) = broadcast::channel(BUFFER);
        Changes {
            local,
            notify: None,
        }
    }

    /// The bus for `db` (opened from `database_url`): on PostgreSQL, listens on [`CHANNEL`]
    /// on a connection of its own (before it returns, so no change published after start-up
    /// is missed) and delivers through `NOTIFY` on `db`; on SQLite, in process. Errors: the
    /// listening connection cannot be opened (PostgreSQL).
    pub async fn start(db: &DatabaseConnection, database_url: &str) -> anyhow::Result<Changes> {
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(Changes::in_process());
        }
        let mut listener = sqlx::postgres::PgListener::connect(database_url).await?;
        listener.listen(CHANNEL).await?;
        let changes = Changes {
            notify: Some(db.clone()),
            ..Changes::in_process()
        };
        let local = changes.local.clone();
        tokio::spawn(async move {
            loop {
                match listener.recv().await {
                    Ok(notification) => {
                        match serde_json::from_str::<Change>(notification.payload()) {
                            // No subscriber: nothing to do.
                            Ok(change) => drop(local.send(Arc::new(change))),
                            Err(err) => {
                                tracing::warn!(error = %err, "unreadable realtime notification")
                            }
                        }
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "realtime listener: retrying in 1 s");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(changes)
    }

    /// A receiver of every change published from now on (all environments).
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Change>> {
        self.local.subscribe()
    }

    /// Publishes `change` to every process's subscribers. Call it only after the write it
    /// describes has committed. Never fails the caller: a change that cannot be sent is
    /// logged (the SDKs' caches then catch up on their next re-read).
    pub async fn publish(&self, change: Change) {
        let Some(db) = &self.notify else {
            // No subscriber: nothing to do.
            drop(self.local.send(Arc::new(change)));
            return;
        };
        let payload = match serde_json::to_string(&change) {
            Ok(payload) => payload,
            Err(err) => {
                tracing::error!(error = %err, "serializing a realtime change");
                return;
            }
        };
        let notify = Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), payload.into()],
        );
        if let Err(err) = db.execute(notify).await {
            tracing::warn!(error = %err, "publishing a realtime change");
        }
    }
}

/// Publishes `change` on the bus in the request's data, if any (requests built without one,
/// such as internal executions, publish nothing).
pub async fn publish(ctx: &async_graphql::Context<'_>, change: Change) {
    if let Some(changes) = ctx.data_opt::<Changes>() {
        changes.publish(change).await;
    }
}
