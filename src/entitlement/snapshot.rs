//! What an entitlement check reads of a customer besides its usage — its subscriptions that
//! can grant (with their plans and addons), the resource ids it has, its promotional grants —
//! kept in memory between checks, so a check reads the database twice: the customer with
//! two revision counters, then the usage totals.
//!
//! Correctness across replicas: the database keeps the counters (migration
//! `m20261203_000011_entitlement_revisions`, by triggers): `catalog_revisions` goes up with
//! every catalog write, `customer_revisions` with every write to a customer's subscriptions,
//! their addons and billed prices, and its promotional entitlements. A snapshot is used only
//! when both counters, read with the customer in the check's first query, equal the ones it
//! was loaded under; the counters are read before the data, so a change committed while a
//! snapshot loads only costs one more load. Nothing here depends on time: statuses, billing
//! periods and whether a grant is active are recomputed from the dates at each check's
//! "now" ([`SubscriptionView::at`], [`promotional::Grant::is_active`]).
//!
//! A snapshot loaded inside a write transaction is not stored (the transaction may roll
//! back after its own writes raised a counter): see [`Store`].

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

use super::promotional;
use crate::customer::CustomerRefId;
use crate::environment::EnvironmentId;
use crate::error::Result;
use crate::subscription::read::{self, SubscriptionView};
use crate::subscription::SLOT_STATUSES;
use entity::{customer, subscription};

/// Most customers whose snapshots one process keeps (least recently used go first). A
/// snapshot of a customer with one subscription is a few KiB.
pub const MAX_SNAPSHOTS: u64 = 10_000;

/// The two counters a snapshot is valid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Revisions {
    pub catalog: i64,
    pub customer: i64,
}

/// A customer as an entitlement check reads it: the row and its revisions.
pub struct RevisedCustomer {
    pub customer: customer::Model,
    pub revisions: Revisions,
}

/// What a check reads of one customer, valid for [`Revisions`].
pub struct Snapshot {
    revisions: Revisions,
    /// Subscriptions whose stored status holds or will hold a slot (ACTIVE, IN_TRIAL,
    /// NOT_STARTED), as read; their state at a check's "now" comes from
    /// [`SubscriptionView::at`]. Coupons are not loaded (entitlements do not depend on them).
    subscriptions: Vec<SubscriptionView>,
    /// The resource id of every subscription of the customer, any status.
    resources: HashSet<String>,
    /// Promotional grants not revoked, active or not (see [`promotional::Grant::is_active`]).
    pub grants: Vec<promotional::Grant>,
}

impl Snapshot {
    /// True when some subscription of the customer, in any status, has `resource_id`.
    pub fn knows_resource(&self, resource_id: &str) -> bool {
        self.resources.contains(resource_id)
    }

    /// The subscriptions live at `now` that apply to `resource_id` (those of the resource
    /// and the customer-level ones; the customer-level ones only without a resource).
    pub fn applying(&self, resource_id: Option<&str>, now: DateTime<Utc>) -> Vec<SubscriptionView> {
        self.subscriptions
            .iter()
            .filter(|s| s.row.resource_id.is_none() || s.row.resource_id.as_deref() == resource_id)
            .map(|s| s.at(now))
            .filter(SubscriptionView::is_live)
            .collect()
    }
}

/// Whether a check may keep what it loads.
#[derive(Clone, Copy)]
pub enum Store<'a> {
    /// Read and keep snapshots (reads outside any transaction).
    ReadAndKeep(&'a Snapshots),
    /// Use a kept snapshot when its revisions match, keep nothing (inside a transaction).
    ReadOnly(&'a Snapshots),
}

/// The snapshots one process keeps, by customer id (internal UUID), at most
/// [`MAX_SNAPSHOTS`].
#[derive(Clone)]
pub struct Snapshots {
    cache: moka::sync::Cache<Uuid, Arc<Snapshot>>,
}

impl Default for Snapshots {
    fn default() -> Self {
        Snapshots {
            cache: moka::sync::Cache::new(MAX_SNAPSHOTS),
        }
    }
}

/// The columns that carry the revisions next to the customer's own.
const CATALOG_REVISION: &str = "plangate_catalog_revision";
const CUSTOMER_REVISION: &str = "plangate_customer_revision";

/// Customer `ref_id` of `env` (archived included) with its revisions, in one query.
/// Errors: `UnexpectedError` (database).
pub async fn find_customer<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    ref_id: &CustomerRefId,
) -> Result<Option<RevisedCustomer>> {
    use sea_orm::sea_query::Expr;
    let select = customer::Entity::find()
        .filter(customer::Column::EnvironmentId.eq(env.0))
        .filter(customer::Column::RefId.eq(ref_id.as_str()))
        .column_as(
            Expr::cust("(SELECT revision FROM catalog_revisions WHERE id = 1)"),
            CATALOG_REVISION,
        )
        .column_as(
            Expr::cust(
                "(SELECT revision FROM customer_revisions WHERE customer_revisions.customer_id = customers.id)",
            ),
            CUSTOMER_REVISION,
        )
        .limit(1)
        .build(db.get_database_backend());
    let Some(row) = db.query_one(select).await? else {
        return Ok(None);
    };
    let customer = customer::Model::from_query_result(&row, "")?;
    let catalog: Option<i64> = row.try_get("", CATALOG_REVISION)?;
    let own: Option<i64> = row.try_get("", CUSTOMER_REVISION)?;
    Ok(Some(RevisedCustomer {
        customer,
        revisions: Revisions {
            catalog: catalog.unwrap_or_default(),
            customer: own.unwrap_or_default(),
        },
    }))
}

/// The snapshot of `customer` valid for its revisions: the kept one, or one loaded now (kept
/// when `store` allows). Errors: `UnexpectedError` (database, unreadable stored values).
pub async fn of_customer<C: ConnectionTrait>(
    db: &C,
    store: Store<'_>,
    customer: &RevisedCustomer,
    now: DateTime<Utc>,
) -> Result<Arc<Snapshot>> {
    let (Store::ReadAndKeep(snapshots) | Store::ReadOnly(snapshots)) = store;
    let id = customer.customer.id;
    if let Some(kept) = snapshots.cache.get(&id) {
        if kept.revisions == customer.revisions {
            return Ok(kept);
        }
    }
    let snapshot = Arc::new(load(db, id, customer.revisions, now).await?);
    if let Store::ReadAndKeep(snapshots) = store {
        snapshots.cache.insert(id, Arc::clone(&snapshot));
    }
    Ok(snapshot)
}

async fn load<C: ConnectionTrait>(
    db: &C,
    customer_id: Uuid,
    revisions: Revisions,
    now: DateTime<Utc>,
) -> Result<Snapshot> {
    let rows = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(customer_id))
        .filter(subscription::Column::Status.is_in(SLOT_STATUSES))
        .order_by_desc(subscription::Column::CreatedAt)
        .order_by_desc(subscription::Column::Id)
        .all(db)
        .await?;
    let subscriptions = read::assemble(db, rows, now)
        .await?
        .into_iter()
        .map(|view| SubscriptionView {
            coupon: None,
            ..view
        })
        .collect();
    let resources: Vec<Option<String>> = subscription::Entity::find()
        .select_only()
        .column(subscription::Column::ResourceId)
        .distinct()
        .filter(subscription::Column::CustomerId.eq(customer_id))
        .filter(subscription::Column::ResourceId.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let grants = promotional::of_customers(db, &[customer_id]).await?;
    Ok(Snapshot {
        revisions,
        subscriptions,
        resources: resources.into_iter().flatten().collect(),
        grants,
    })
}
