//! Promotional entitlements: features granted to a customer directly, for a period, outside
//! any subscription (Stigg's `grantPromotionalEntitlements` / `revokePromotionalEntitlement`,
//! <https://docs.stigg.io/documentation/managing-customers-and-subscriptions/customers/managing-customers-promotional-entitlements>).
//!
//! - A grant lasts from when it is given for its `period` (ONE_WEEK, ONE_MONTH, SIX_MONTH,
//!   ONE_YEAR: calendar steps in UTC, month ends clamped; LIFETIME: no end; CUSTOM: until
//!   `customEndDate`, which must be in the future). Its status is read from the clock —
//!   `Active` until its end, `Expired` from then on — so an expired grant stops counting
//!   without any job.
//! - Granting a feature the customer already has a grant of replaces that grant (the new
//!   one starts now). At most one unrevoked grant per (customer, feature):
//!   `ux_promotional_entitlements_live`.
//! - Grants count in every entitlement answer of the customer, whatever the resource, and
//!   combine "generously" with what subscriptions give (Stigg: the more generous value
//!   wins): unlimited anywhere wins, else the larger limit; a soft limit anywhere is soft.
//! - Archiving the customer revokes its grants.

use std::collections::HashMap;

use chrono::{DateTime, Months, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::customer::CustomerRefId;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::stigg_enums::{EntitlementResetPeriod, PromotionalEntitlementPeriod};
use entity::{feature, promotional_entitlement, promotional_entitlement_group};

/// One grant asked for (Stigg's `GrantPromotionalEntitlementInput`, the parts plangate acts on).
#[derive(Clone, Debug)]
pub struct NewGrant {
    /// The feature's refId.
    pub feature_id: String,
    pub period: PromotionalEntitlementPeriod,
    /// Required for CUSTOM, refused otherwise.
    pub custom_end_date: Option<DateTime<Utc>>,
    pub usage_limit: Option<f64>,
    pub has_unlimited_usage: Option<bool>,
    pub has_soft_limit: Option<bool>,
    pub reset_period: Option<EntitlementResetPeriod>,
    /// Default true.
    pub is_visible: Option<bool>,
}

/// A grant with its feature.
#[derive(Clone, Debug, PartialEq)]
pub struct Grant {
    pub row: promotional_entitlement::Model,
    pub feature: feature::Model,
}

impl Grant {
    /// True while the grant counts at `now`: from its start until its end (exclusive).
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.row.revoked_at.is_none()
            && self.row.start_date <= now
            && self.row.end_date.is_none_or(|end| now < end)
    }
}

/// Most grants in one request.
pub const MAX_GRANTS: usize = 100;

/// The end of a grant of `period` given at `start`. Errors: `BadUserInput` (CUSTOM without
/// a future `customEndDate`, or a `customEndDate` with another period).
pub fn end_of(
    period: PromotionalEntitlementPeriod,
    start: DateTime<Utc>,
    custom_end: Option<DateTime<Utc>>,
) -> Result<Option<DateTime<Utc>>> {
    let months = |n: u32| {
        start
            .checked_add_months(Months::new(n))
            .ok_or_else(|| Error::bad_input("the grant would end beyond the year 262143"))
            .map(Some)
    };
    match (period, custom_end) {
        (PromotionalEntitlementPeriod::Custom, Some(end)) if end > start => {
            Ok(Some(crate::time::to_millis(end)))
        }
        (PromotionalEntitlementPeriod::Custom, _) => Err(Error::bad_input(
            "a CUSTOM grant needs a customEndDate in the future",
        )),
        (_, Some(_)) => Err(Error::bad_input(
            "customEndDate is only for a CUSTOM period",
        )),
        (PromotionalEntitlementPeriod::OneWeek, None) => Ok(Some(start + TimeDelta::weeks(1))),
        (PromotionalEntitlementPeriod::OneMonth, None) => months(1),
        (PromotionalEntitlementPeriod::SixMonth, None) => months(6),
        (PromotionalEntitlementPeriod::OneYear, None) => months(12),
        (PromotionalEntitlementPeriod::Lifetime, None) => Ok(None),
    }
}

/// Checks a grant's limits against its feature: BOOLEAN features take none; NUMBER features
/// need `usageLimit` (finite, ≥ 0) or `hasUnlimitedUsage`, not both; a reset period only on
/// metered ones. Errors: `UnsupportedFeatureType`, `BadUserInput`.
fn check_limits(g: &NewGrant, feature: &feature::Model) -> Result<()> {
    crate::catalog::entitlement::check_limit_fields(
        "grant",
        feature,
        g.usage_limit,
        g.has_unlimited_usage.unwrap_or(false),
        g.has_soft_limit.unwrap_or(false),
        g.reset_period.is_some(),
    )?;
    if g.reset_period.is_some() && !super::is_metered(feature) {
        return Err(Error::bad_input(format!(
            "feature '{}' is not metered: its grant takes no resetPeriod",
            feature.ref_id
        )));
    }
    if g.usage_limit.is_some_and(|limit| limit > super::MAX_USAGE) {
        return Err(Error::bad_input(format!(
            "usageLimit must be at most {:e}",
            super::MAX_USAGE
        )));
    }
    Ok(())
}

/// Grants `grants` to customer `ref_id` at `now`, in one transaction, replacing the
/// customer's unrevoked grants of the same features (a replaced grant's groups do not carry
/// over: the new grant stands on its own). Answers the new grants in request order. Errors
/// (nothing is granted when any fails): `BadUserInput` (malformed ids, no grants or more than
/// [`MAX_GRANTS`], a feature twice, limits and periods as above), `CustomerNotFound` (unknown
/// or archived), `FeatureNotFound`, `UnsupportedFeatureType`.
#[tracing::instrument(name = "entitlement.promotional.grant", skip_all, fields(environment_id = %env.0, customer_ref_id = ref_id))]
pub async fn grant<C>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
    grants: Vec<NewGrant>,
    now: DateTime<Utc>,
) -> Result<Vec<Grant>>
where
    C: crate::database::Writable,
{
    let ref_id = CustomerRefId::parse(ref_id)?;
    check_request(&grants, now)?;
    let txn = crate::database::begin_write(db).await?;
    let customer = crate::customer::get::lock_live(&txn, env, &ref_id).await?;
    let watch = crate::webhook::entitlements::watch(&txn, env, &customer, None, now).await?;
    let written = write_grants(&txn, env, customer.id, grants, now).await?;
    if let Some(watch) = watch {
        let trigger = crate::webhook::entitlements::Trigger::Promotional;
        watch.written(&txn, &customer, trigger, now).await?;
    }
    txn.commit().await?;
    Ok(written.into_iter().map(|(grant, _)| grant).collect())
}

/// The checks of a grant request that need no database: 1 to [`MAX_GRANTS`] grants, each
/// feature once, well-formed feature ids, valid periods. Errors: `BadUserInput`.
fn check_request(grants: &[NewGrant], now: DateTime<Utc>) -> Result<()> {
    if grants.is_empty() || grants.len() > MAX_GRANTS {
        return Err(Error::bad_input(format!(
            "promotionalEntitlements takes 1 to {MAX_GRANTS} grants"
        )));
    }
    for (i, g) in grants.iter().enumerate() {
        crate::catalog::CatalogRefId::parse("featureId", &g.feature_id)?;
        if grants[..i]
            .iter()
            .any(|other| other.feature_id == g.feature_id)
        {
            return Err(Error::bad_input(format!(
                "feature '{}' is granted twice in one request",
                g.feature_id
            )));
        }
        end_of(g.period, now, g.custom_end_date)?;
    }
    Ok(())
}

/// Writes `grants` for customer `customer_id` inside the caller's transaction, each replacing
/// (revoking) the customer's unrevoked grant of its feature. Answers each new grant with the
/// id of the grant it replaced.
async fn write_grants<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer_id: Uuid,
    grants: Vec<NewGrant>,
    now: DateTime<Utc>,
) -> Result<Vec<(Grant, Option<Uuid>)>> {
    let mut out = Vec::with_capacity(grants.len());
    for g in grants {
        let feature = crate::catalog::feature::get(txn, env, &g.feature_id).await?;
        check_limits(&g, &feature)?;
        let replaced = promotional_entitlement::Entity::find()
            .filter(promotional_entitlement::Column::CustomerId.eq(customer_id))
            .filter(promotional_entitlement::Column::FeatureId.eq(feature.id))
            .filter(promotional_entitlement::Column::RevokedAt.is_null())
            .one(txn)
            .await?
            .map(|row| row.id);
        if let Some(replaced) = replaced {
            promotional_entitlement::Entity::update_many()
                .col_expr(promotional_entitlement::Column::RevokedAt, Expr::value(now))
                .col_expr(promotional_entitlement::Column::UpdatedAt, Expr::value(now))
                .filter(promotional_entitlement::Column::Id.eq(replaced))
                .exec(txn)
                .await?;
        }
        let unlimited = g.has_unlimited_usage.unwrap_or(false);
        let row = promotional_entitlement::Model {
            id: Uuid::new_v4(),
            environment_id: env.0,
            customer_id,
            feature_id: feature.id,
            period: g.period,
            // -0 is stored as 0, the same on both databases.
            usage_limit: if unlimited {
                None
            } else {
                g.usage_limit.map(|l| if l == 0.0 { 0.0 } else { l })
            },
            has_unlimited_usage: unlimited,
            has_soft_limit: g.has_soft_limit.unwrap_or(false),
            reset_period: g.reset_period,
            is_visible: g.is_visible.unwrap_or(true),
            start_date: now,
            end_date: end_of(g.period, now, g.custom_end_date)?,
            created_at: now,
            updated_at: now,
            revoked_at: None,
        };
        promotional_entitlement::Entity::insert(promotional_entitlement::ActiveModel::from(
            row.clone(),
        ))
        .exec_without_returning(txn)
        .await?;
        out.push((Grant { row, feature }, replaced));
    }
    Ok(out)
}

/// Grants a promotional entitlements group (Stigg's `grantPromotionalEntitlementsGroup`):
/// `grants` are given like [`grant`]'s and belong to group `feature_group_id`. A grant that
/// replaces one the customer had keeps the groups of the replaced grant too (Stigg: a grant
/// may belong to several groups, and "revoking a group revokes its entitlements unless they
/// are part of a different group", Node SDK 3.89.0 changelog,
/// <https://docs.stigg.io/docs/node-sdk-changelog>). Granting a group again adds to it: its
/// grants not in the request stay as they are. Answers the new grants in request order.
/// Errors: those of [`grant`]; `BadUserInput` for a malformed `featureGroupId` (1 to 255
/// characters, no whitespace).
#[tracing::instrument(name = "entitlement.promotional.grant_group", skip_all, fields(environment_id = %env.0, customer_ref_id = ref_id, feature_group_id))]
pub async fn grant_group<C>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
    feature_group_id: &str,
    grants: Vec<NewGrant>,
    now: DateTime<Utc>,
) -> Result<Vec<Grant>>
where
    C: crate::database::Writable,
{
    let ref_id = CustomerRefId::parse(ref_id)?;
    let group = crate::catalog::CatalogRefId::parse("featureGroupId", feature_group_id)?;
    check_request(&grants, now)?;
    let txn = crate::database::begin_write(db).await?;
    let customer = crate::customer::get::lock_live(&txn, env, &ref_id).await?;
    let watch = crate::webhook::entitlements::watch(&txn, env, &customer, None, now).await?;
    let written = write_grants(&txn, env, customer.id, grants, now).await?;
    let replaced: Vec<Uuid> = written.iter().filter_map(|(_, r)| *r).collect();
    let mut groups_of_replaced: HashMap<Uuid, Vec<String>> = HashMap::new();
    if !replaced.is_empty() {
        for link in promotional_entitlement_group::Entity::find()
            .filter(promotional_entitlement_group::Column::PromotionalEntitlementId.is_in(replaced))
            .all(&txn)
            .await?
        {
            groups_of_replaced
                .entry(link.promotional_entitlement_id)
                .or_default()
                .push(link.feature_group_id);
        }
    }
    let mut links = Vec::new();
    for (grant, replaced) in &written {
        let mut groups = replaced
            .and_then(|id| groups_of_replaced.remove(&id))
            .unwrap_or_default();
        groups.retain(|g| g != group.as_str());
        groups.push(group.as_str().to_owned());
        links.extend(groups.into_iter().map(|feature_group_id| {
            promotional_entitlement_group::ActiveModel::from(promotional_entitlement_group::Model {
                promotional_entitlement_id: grant.row.id,
                customer_id: customer.id,
                feature_group_id,
            })
        }));
    }
    promotional_entitlement_group::Entity::insert_many(links)
        .exec_without_returning(&txn)
        .await?;
    if let Some(watch) = watch {
        let trigger = crate::webhook::entitlements::Trigger::Promotional;
        watch.written(&txn, &customer, trigger, now).await?;
    }
    txn.commit().await?;
    Ok(written.into_iter().map(|(grant, _)| grant).collect())
}

/// What [`revoke_group`] and [`unlink_group`] do to a group's grants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GroupEnd {
    /// Revoke the grants that belong to no other group; unlink the others.
    Revoke,
    /// Keep every grant; only drop its membership of the group.
    Unlink,
}

/// Revokes promotional entitlements group `feature_group_id` of customer `ref_id` (Stigg's
/// `revokePromotionalEntitlementsGroup`): each unrevoked grant of the group is revoked now
/// (as [`revoke`] does) unless it also belongs to another group, in which case it stays and
/// only leaves this group (Node SDK 3.89.0 changelog,
/// <https://docs.stigg.io/docs/node-sdk-changelog>). Answers the group's grants as they are
/// after it, by feature refId. Errors: `BadUserInput` (malformed ids), `CustomerNotFound`
/// (unknown or archived), `PromotionalEntitlementNotFoundError` (the customer has no
/// unrevoked grant in that group).
#[tracing::instrument(name = "entitlement.promotional.revoke_group", skip_all, fields(environment_id = %env.0, customer_ref_id = ref_id, feature_group_id))]
pub async fn revoke_group<C>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
    feature_group_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Grant>>
where
    C: crate::database::Writable,
{
    end_group(db, env, ref_id, feature_group_id, GroupEnd::Revoke, now).await
}

/// Unlinks promotional entitlements group `feature_group_id` of customer `ref_id` (Stigg's
/// `unlinkPromotionalEntitlementsGroup`): its grants stay as they are (they keep counting)
/// but no longer belong to the group, so a later revoke of the group does not touch them
/// (Node SDK 3.89.0 changelog: "removing the references of the group from promotional
/// entitlements that are a part of it, while keep granting access to those entitlements").
/// Answers those grants by feature refId. Errors: as [`revoke_group`].
#[tracing::instrument(name = "entitlement.promotional.unlink_group", skip_all, fields(environment_id = %env.0, customer_ref_id = ref_id, feature_group_id))]
pub async fn unlink_group<C>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
    feature_group_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Grant>>
where
    C: crate::database::Writable,
{
    end_group(db, env, ref_id, feature_group_id, GroupEnd::Unlink, now).await
}

async fn end_group<C>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
    feature_group_id: &str,
    end: GroupEnd,
    now: DateTime<Utc>,
) -> Result<Vec<Grant>>
where
    C: crate::database::Writable,
{
    let ref_id = CustomerRefId::parse(ref_id)?;
    let group = crate::catalog::CatalogRefId::parse("featureGroupId", feature_group_id)?;
    let txn = crate::database::begin_write(db).await?;
    let customer = crate::customer::get::lock_live(&txn, env, &ref_id).await?;
    let watch = crate::webhook::entitlements::watch(&txn, env, &customer, None, now).await?;
    let linked: Vec<Uuid> = promotional_entitlement_group::Entity::find()
        .filter(promotional_entitlement_group::Column::CustomerId.eq(customer.id))
        .filter(promotional_entitlement_group::Column::FeatureGroupId.eq(group.as_str()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|link| link.promotional_entitlement_id)
        .collect();
    let rows = if linked.is_empty() {
        Vec::new()
    } else {
        promotional_entitlement::Entity::find()
            .filter(promotional_entitlement::Column::Id.is_in(linked.iter().copied()))
            .filter(promotional_entitlement::Column::RevokedAt.is_null())
            .all(&txn)
            .await?
    };
    if rows.is_empty() {
        return Err(Error::PromotionalEntitlementNotFound(format!(
            "customer '{ref_id}' has no promotional entitlements of group '{group}'"
        )));
    }
    promotional_entitlement_group::Entity::delete_many()
        .filter(promotional_entitlement_group::Column::CustomerId.eq(customer.id))
        .filter(promotional_entitlement_group::Column::FeatureGroupId.eq(group.as_str()))
        .exec(&txn)
        .await?;
    let in_other_groups: std::collections::HashSet<Uuid> = match end {
        GroupEnd::Unlink => std::collections::HashSet::new(),
        GroupEnd::Revoke => promotional_entitlement_group::Entity::find()
            .filter(
                promotional_entitlement_group::Column::PromotionalEntitlementId
                    .is_in(rows.iter().map(|r| r.id)),
            )
            .all(&txn)
            .await?
            .into_iter()
            .map(|link| link.promotional_entitlement_id)
            .collect(),
    };
    let mut after = Vec::with_capacity(rows.len());
    for current in rows {
        let revoke_it = end == GroupEnd::Revoke && !in_other_groups.contains(&current.id);
        let end_date = current.end_date.map_or(now, |end| end.min(now));
        let mut row: promotional_entitlement::ActiveModel = current.into();
        if revoke_it {
            row.revoked_at = Set(Some(now));
            row.end_date = Set(Some(end_date));
        }
        row.updated_at = Set(now);
        after.push(sea_orm::ActiveModelTrait::update(row, &txn).await?);
    }
    let grants = with_features(&txn, after).await?;
    if let Some(watch) = watch {
        let trigger = crate::webhook::entitlements::Trigger::Promotional;
        watch.written(&txn, &customer, trigger, now).await?;
    }
    txn.commit().await?;
    Ok(grants)
}

/// Revokes customer `ref_id`'s grant of feature `feature_ref_id` at `now` (it ends now: its
/// `endDate` becomes now unless it ended earlier); answers it.
/// Errors: `BadUserInput` (malformed ids), `CustomerNotFound` (unknown or archived),
/// `FeatureNotFound`, `PromotionalEntitlementNotFoundError` (no unrevoked grant of it).
#[tracing::instrument(name = "entitlement.promotional.revoke", skip_all, fields(environment_id = %env.0, customer_ref_id = ref_id))]
pub async fn revoke<C>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
    feature_ref_id: &str,
    now: DateTime<Utc>,
) -> Result<Grant>
where
    C: crate::database::Writable,
{
    let ref_id = CustomerRefId::parse(ref_id)?;
    let txn = crate::database::begin_write(db).await?;
    let customer = crate::customer::get::lock_live(&txn, env, &ref_id).await?;
    let watch = crate::webhook::entitlements::watch(&txn, env, &customer, None, now).await?;
    let feature = crate::catalog::feature::get(&txn, env, feature_ref_id).await?;
    let Some(current) = promotional_entitlement::Entity::find()
        .filter(promotional_entitlement::Column::CustomerId.eq(customer.id))
        .filter(promotional_entitlement::Column::FeatureId.eq(feature.id))
        .filter(promotional_entitlement::Column::RevokedAt.is_null())
        .one(&txn)
        .await?
    else {
        return Err(Error::PromotionalEntitlementNotFound(format!(
            "customer '{ref_id}' has no promotional entitlement to '{}'",
            feature.ref_id
        )));
    };
    let end = current.end_date.map_or(now, |end| end.min(now));
    let mut row: promotional_entitlement::ActiveModel = current.into();
    row.revoked_at = Set(Some(now));
    row.end_date = Set(Some(end));
    row.updated_at = Set(now);
    let row = sea_orm::ActiveModelTrait::update(row, &txn).await?;
    if let Some(watch) = watch {
        let trigger = crate::webhook::entitlements::Trigger::Promotional;
        watch.written(&txn, &customer, trigger, now).await?;
    }
    txn.commit().await?;
    Ok(Grant { row, feature })
}

/// Revokes every unrevoked grant of `customer_id` (the customer's archive), inside the
/// caller's transaction.
pub async fn revoke_all<C: ConnectionTrait>(
    txn: &C,
    customer_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    promotional_entitlement::Entity::update_many()
        .col_expr(promotional_entitlement::Column::RevokedAt, Expr::value(now))
        .col_expr(promotional_entitlement::Column::UpdatedAt, Expr::value(now))
        .filter(promotional_entitlement::Column::CustomerId.eq(customer_id))
        .filter(promotional_entitlement::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// The unrevoked grants of `customer_ids` (active and expired), by feature refId, with their
/// features.
pub async fn of_customers<C: ConnectionTrait>(db: &C, customer_ids: &[Uuid]) -> Result<Vec<Grant>> {
    if customer_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = promotional_entitlement::Entity::find()
        .filter(promotional_entitlement::Column::CustomerId.is_in(customer_ids.iter().copied()))
        .filter(promotional_entitlement::Column::RevokedAt.is_null())
        .order_by_asc(promotional_entitlement::Column::CreatedAt)
        .all(db)
        .await?;
    with_features(db, rows).await
}

/// `rows` with their features, by feature refId.
async fn with_features<C: ConnectionTrait>(
    db: &C,
    rows: Vec<promotional_entitlement::Model>,
) -> Result<Vec<Grant>> {
    let features: HashMap<Uuid, feature::Model> = if rows.is_empty() {
        HashMap::new()
    } else {
        feature::Entity::find()
            .filter(feature::Column::Id.is_in(rows.iter().map(|r| r.feature_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.id, f))
            .collect()
    };
    let mut out: Vec<Grant> = rows
        .into_iter()
        .filter_map(|row| {
            features
                .get(&row.feature_id)
                .cloned()
                .map(|feature| Grant { row, feature })
        })
        .collect();
    out.sort_by(|a, b| a.feature.ref_id.cmp(&b.feature.ref_id));
    Ok(out)
}
