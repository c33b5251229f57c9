//! What an entitlement check reads of a customer besides its usage — its subscriptions that
//! can grant (with their plans and addons), the resource ids it has, its promotional grants —
//! kept in memory between checks, so a check reads the database once: the customer with
//! two revision counters and, joined to it, the usage totals the kept snapshot says the check
//! needs ([`find_customer_with_usage`]). When the counters moved, the snapshot is loaded
//! again and the totals read after it.
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
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::embedded_read::EmbeddedReader;
use super::promotional;
use crate::catalog::kept::KeptPackages;
use crate::customer::CustomerRefId;
use crate::environment::EnvironmentId;
use crate::error::Result;
use crate::subscription::read::{self, SubscriptionView};
use crate::subscription::SLOT_STATUSES;
use entity::{subscription, usage_total};

/// Most customers whose snapshots one process keeps (least recently used go first). A
/// snapshot holds the customer's plans and addons with their prices and entitlements (a few
/// KiB to some tens of KiB), so this bounds the memory they take to some tens of MiB.
pub const MAX_SNAPSHOTS: u64 = 2_000;

/// The two counters a snapshot is valid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Revisions {
    pub catalog: i64,
    pub customer: i64,
}

/// What an entitlement check needs of the customer row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedCustomer {
    /// Internal id (Stigg's `Customer.id`).
    pub id: Uuid,
    pub environment_id: Uuid,
    /// The customer's refId (`customerId`).
    pub ref_id: String,
    /// Set when archived (UTC, milliseconds).
    pub archived_at: Option<DateTime<Utc>>,
}

/// A customer as an entitlement check reads it: the columns it needs and its revisions.
#[derive(Debug, PartialEq, Eq)]
pub struct RevisedCustomer {
    pub customer: CheckedCustomer,
    pub revisions: Revisions,
}

/// What a check reads of one customer, valid for [`Revisions`].
pub struct Snapshot {
    revisions: Revisions,
    /// The customer's internal id (a kept snapshot is found by its environment and refId).
    customer_id: Uuid,
    /// Subscriptions whose stored status holds or will hold a slot (ACTIVE, IN_TRIAL,
    /// NOT_STARTED), as read; their state at a check's "now" comes from
    /// [`SubscriptionView::at`]. Without coupons and the plans' compatible addons
    /// (entitlements depend on neither).
    subscriptions: Vec<SubscriptionView>,
    /// The resource id of every subscription of the customer, any status.
    resources: HashSet<String>,
    /// Promotional grants not revoked, active or not (see [`promotional::Grant::is_active`]).
    pub grants: Vec<promotional::Grant>,
}

impl Snapshot {
    /// True when `customer` (read with its revisions) is the one this snapshot was loaded
    /// for, unchanged since.
    pub fn is_valid_for(&self, customer: &RevisedCustomer) -> bool {
        self.customer_id == customer.customer.id && self.revisions == customer.revisions
    }

    /// True when some subscription of the customer, in any status, has `resource_id`.
    pub fn knows_resource(&self, resource_id: &str) -> bool {
        self.resources.contains(resource_id)
    }

    /// The subscriptions live at `now` that apply to `resource_id` (those of the resource
    /// and the customer-level ones; the customer-level ones only without a resource). Their
    /// `state` is as read: what entitlements take of them (plan, addons, prices, dates) does
    /// not move with time, only whether they are live, which is decided at `now` here.
    pub fn applying(
        &self,
        resource_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Vec<&SubscriptionView> {
        self.subscriptions
            .iter()
            .filter(|s| s.row.resource_id.is_none() || s.row.resource_id.as_deref() == resource_id)
            .filter(|s| s.is_live_at(now))
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

/// The snapshots one process keeps, by environment id and customer refId, at most
/// [`MAX_SNAPSHOTS`].
#[derive(Clone)]
pub struct Snapshots {
    cache: moka::sync::Cache<(Uuid, String), Arc<Snapshot>>,
    /// The plans and addons snapshots are built from, kept per catalog revision (shared with
    /// the subscription reads of GraphQL answers).
    packages: KeptPackages,
    /// On embedded SQLite: the check's statement run on the request's thread.
    embedded: Option<Arc<EmbeddedReader>>,
}

impl Snapshots {
    /// The process's kept plans and addons (see `catalog::kept`).
    pub fn packages(&self) -> &KeptPackages {
        &self.packages
    }

    /// The snapshot kept for customer `ref_id` of `env`, whether still valid or not: a
    /// check uses it only after [`Snapshot::is_valid_for`] the customer it reads.
    pub fn kept(&self, env: EnvironmentId, ref_id: &CustomerRefId) -> Option<Arc<Snapshot>> {
        self.cache.get(&(env.0, ref_id.as_str().to_owned()))
    }
}

impl Default for Snapshots {
    fn default() -> Self {
        Snapshots {
            cache: moka::sync::Cache::new(MAX_SNAPSHOTS),
            packages: KeptPackages::default(),
            embedded: None,
        }
    }
}

impl Snapshots {
    /// Snapshots for the database at `database_url`: on an SQLite file, checks made outside
    /// a transaction read through an [`EmbeddedReader`] of it.
    pub fn for_database(database_url: &str) -> Snapshots {
        Snapshots {
            embedded: crate::database::sqlite_file(database_url)
                .map(|path| Arc::new(EmbeddedReader::new(path))),
            ..Snapshots::default()
        }
    }

    /// [`find_customer_with_usage`] for a check outside any transaction: through the
    /// embedded reader when there is one and it can, else through `db`.
    pub async fn find_customer_with_usage<C: ConnectionTrait>(
        &self,
        db: &C,
        env: EnvironmentId,
        ref_id: &CustomerRefId,
        resource_key: &str,
        usage: &[UsageKey],
    ) -> Result<Option<(RevisedCustomer, Vec<usage_total::Model>)>> {
        if let Some(found) = self
            .embedded
            .as_ref()
            .and_then(|reader| reader.find_customer_with_usage(env, ref_id, resource_key, usage))
        {
            return Ok(found);
        }
        find_customer_with_usage(db, env, ref_id, resource_key, usage).await
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
    Ok(find_customer_with_usage(db, env, ref_id, "", &[])
        .await?
        .map(|(customer, _)| customer))
}

/// One usage total an entitlement check needs: a feature's id and the stored start of its
/// current usage period (`entitlement::period_key`).
pub type UsageKey = (Uuid, DateTime<Utc>);

/// The columns that carry a joined usage total.
const USAGE_FEATURE: &str = "plangate_usage_feature_id";
const USAGE_PERIOD: &str = "plangate_usage_period_start";
const USAGE_VALUE: &str = "plangate_usage_value";
const USAGE_UPDATED_AT: &str = "plangate_usage_updated_at";

/// Customer `ref_id` of `env` (archived included) with its revisions and the usage totals
/// of `usage` at resource `resource_key` (`''`: the customer level) — one statement, the
/// totals joined to the customer row (one row per total found). Totals not stored are
/// absent. Errors: `UnexpectedError` (database).
///
/// The statement's text is written here rather than built by the query builder: it runs on
/// every entitlement check, and building it took about a quarter of a check's instructions
/// (callgrind, 2026-11-30). Its values are bound as SeaORM binds them everywhere else.
pub async fn find_customer_with_usage<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    ref_id: &CustomerRefId,
    resource_key: &str,
    usage: &[UsageKey],
) -> Result<Option<(RevisedCustomer, Vec<usage_total::Model>)>> {
    let mut values: Vec<sea_orm::Value> = Vec::with_capacity(3 + 2 * usage.len());
    values.push(env.0.into());
    values.push(ref_id.as_str().into());
    let sql = check_statement(usage.len());
    if !usage.is_empty() {
        values.push(resource_key.into());
        for (feature_id, period_start) in usage {
            values.push((*feature_id).into());
            values.push((*period_start).into());
        }
    }
    let statement = sea_orm::Statement::from_sql_and_values(db.get_database_backend(), sql, values);
    let rows = db.query_all(statement).await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let customer = CheckedCustomer {
        id: first.try_get("", "id")?,
        environment_id: first.try_get("", "environment_id")?,
        ref_id: first.try_get("", "ref_id")?,
        archived_at: first.try_get("", "archived_at")?,
    };
    let catalog: Option<i64> = first.try_get("", CATALOG_REVISION)?;
    let own: Option<i64> = first.try_get("", CUSTOMER_REVISION)?;
    let mut totals = Vec::new();
    if !usage.is_empty() {
        for row in &rows {
            let feature_id: Option<Uuid> = row.try_get("", USAGE_FEATURE)?;
            let Some(feature_id) = feature_id else {
                continue;
            };
            totals.push(usage_total::Model {
                customer_id: customer.id,
                feature_id,
                resource_key: resource_key.to_owned(),
                period_start: row.try_get("", USAGE_PERIOD)?,
                environment_id: customer.environment_id,
                value: row.try_get("", USAGE_VALUE)?,
                updated_at: row.try_get("", USAGE_UPDATED_AT)?,
            });
        }
    }
    Ok(Some((
        RevisedCustomer {
            customer,
            revisions: Revisions {
                catalog: catalog.unwrap_or_default(),
                customer: own.unwrap_or_default(),
            },
        },
        totals,
    )))
}

/// The text of [`find_customer_with_usage`]'s statement for `keys` usage totals. Parameters
/// (`$n`, which PostgreSQL and SQLite both number): `$1` environment id, `$2` refId, then with
/// totals `$3` resource key and per total its feature id and period start.
pub(super) fn check_statement(keys: usize) -> String {
    const CUSTOMER: &str = "SELECT c.id, c.environment_id, c.ref_id, c.archived_at, \
        (SELECT revision FROM catalog_revisions WHERE id = 1) AS plangate_catalog_revision, \
        (SELECT revision FROM customer_revisions r WHERE r.customer_id = c.id) AS plangate_customer_revision";
    let mut sql = String::with_capacity(CUSTOMER.len() + 320 + 64 * keys);
    sql.push_str(CUSTOMER);
    if keys == 0 {
        sql.push_str(" FROM customers c");
    } else {
        sql.push_str(
            ", t.feature_id AS plangate_usage_feature_id, t.period_start AS plangate_usage_period_start, \
             t.value AS plangate_usage_value, t.updated_at AS plangate_usage_updated_at \
             FROM customers c LEFT JOIN usage_totals t ON t.customer_id = c.id AND t.resource_key = $3 AND (",
        );
        for key in 0..keys {
            let feature = 4 + 2 * key;
            if key > 0 {
                sql.push_str(" OR ");
            }
            sql.push_str(&format!(
                "(t.feature_id = ${feature} AND t.period_start = ${})",
                feature + 1
            ));
        }
        sql.push(')');
    }
    sql.push_str(" WHERE c.environment_id = $1 AND c.ref_id = $2");
    sql
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
    let key = (
        customer.customer.environment_id,
        customer.customer.ref_id.clone(),
    );
    if let Some(kept) = snapshots.cache.get(&key) {
        if kept.is_valid_for(customer) {
            return Ok(kept);
        }
    }
    let id = customer.customer.id;
    // Kept packages only for a snapshot that may be kept: a write transaction may read its
    // own catalog writes and roll back.
    let packages = match store {
        Store::ReadAndKeep(snapshots) => {
            read::Packages::Kept(&snapshots.packages, customer.revisions.catalog)
        }
        Store::ReadOnly(_) => read::Packages::Read,
    };
    let snapshot = Arc::new(load(db, id, customer.revisions, now, packages).await?);
    if let Store::ReadAndKeep(snapshots) = store {
        snapshots.cache.insert(key, Arc::clone(&snapshot));
    }
    Ok(snapshot)
}

async fn load<C: ConnectionTrait>(
    db: &C,
    customer_id: Uuid,
    revisions: Revisions,
    now: DateTime<Utc>,
    packages: read::Packages<'_>,
) -> Result<Snapshot> {
    let rows = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(customer_id))
        .filter(subscription::Column::Status.is_in(SLOT_STATUSES))
        .order_by_desc(subscription::Column::CreatedAt)
        .order_by_desc(subscription::Column::Id)
        .all(db)
        .await?;
    let subscriptions = read::assemble_with(db, rows, now, packages)
        .await?
        .into_iter()
        .map(|mut view| {
            // Entitlements need neither: keep snapshots small.
            view.coupon = None;
            // A plan shared with the kept views costs nothing more.
            if let Some(plan) = std::sync::Arc::get_mut(&mut view.plan) {
                plan.compatible_addons = Vec::new();
            }
            view
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
        customer_id,
        subscriptions,
        resources: resources.into_iter().flatten().collect(),
        grants,
    })
}
