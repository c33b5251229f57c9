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
use entity::{customer, subscription, usage_total};

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

/// A customer as an entitlement check reads it: the row and its revisions.
pub struct RevisedCustomer {
    pub customer: customer::Model,
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

/// The snapshots one process keeps, by environment id and customer refId, at most
/// [`MAX_SNAPSHOTS`].
#[derive(Clone)]
pub struct Snapshots {
    cache: moka::sync::Cache<(Uuid, String), Arc<Snapshot>>,
}

impl Snapshots {
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
pub async fn find_customer_with_usage<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    ref_id: &CustomerRefId,
    resource_key: &str,
    usage: &[UsageKey],
) -> Result<Option<(RevisedCustomer, Vec<usage_total::Model>)>> {
    use sea_orm::sea_query::{Alias, Condition, Expr, JoinType};
    let mut select = customer::Entity::find()
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
        .into_query();
    if !usage.is_empty() {
        let totals = Alias::new("t");
        let col = |c: usage_total::Column| Expr::col((totals.clone(), c));
        let wanted = usage
            .iter()
            .fold(Condition::any(), |any, (feature_id, period_start)| {
                any.add(
                    col(usage_total::Column::FeatureId)
                        .eq(*feature_id)
                        .and(col(usage_total::Column::PeriodStart).eq(*period_start)),
                )
            });
        select
            .join_as(
                JoinType::LeftJoin,
                usage_total::Entity,
                totals.clone(),
                Condition::all()
                    .add(
                        col(usage_total::Column::CustomerId)
                            .equals((customer::Entity, customer::Column::Id)),
                    )
                    .add(col(usage_total::Column::ResourceKey).eq(resource_key))
                    .add(wanted),
            )
            .expr_as(
                col(usage_total::Column::FeatureId),
                Alias::new(USAGE_FEATURE),
            )
            .expr_as(
                col(usage_total::Column::PeriodStart),
                Alias::new(USAGE_PERIOD),
            )
            .expr_as(col(usage_total::Column::Value), Alias::new(USAGE_VALUE))
            .expr_as(
                col(usage_total::Column::UpdatedAt),
                Alias::new(USAGE_UPDATED_AT),
            );
    }
    let rows = db
        .query_all(db.get_database_backend().build(&select))
        .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let customer = customer::Model::from_query_result(first, "")?;
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
    let snapshot = Arc::new(load(db, id, customer.revisions, now).await?);
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
        .map(|mut view| {
            // Entitlements need neither: keep snapshots small.
            view.coupon = None;
            view.plan.compatible_addons = Vec::new();
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
