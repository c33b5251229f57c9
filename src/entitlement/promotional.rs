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

use chrono::{DateTime, Months, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use uuid::Uuid;

use crate::customer::CustomerRefId;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::stigg_enums::{EntitlementResetPeriod, PromotionalEntitlementPeriod};
use entity::{feature, promotional_entitlement};

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
/// customer's unrevoked grants of the same features. Answers the new grants in request
/// order. Errors (nothing is granted when any fails): `BadUserInput` (malformed ids, no
/// grants or more than [`MAX_GRANTS`], a feature twice, limits and periods as above),
/// `CustomerNotFound` (unknown or archived), `FeatureNotFound`, `UnsupportedFeatureType`.
#[tracing::instrument(name = "entitlement.promotional.grant", skip_all, fields(environment_id = %env.0, customer_ref_id = ref_id))]
pub async fn grant<C>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
    grants: Vec<NewGrant>,
    now: DateTime<Utc>,
) -> Result<Vec<Grant>>
where
    C: ConnectionTrait + TransactionTrait,
{
    let ref_id = CustomerRefId::parse(ref_id)?;
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
    let txn = crate::database::begin_write(db).await?;
    let customer = crate::customer::get::lock_live(&txn, env, &ref_id).await?;
    let mut out = Vec::with_capacity(grants.len());
    for g in grants {
        let feature = crate::catalog::feature::get(&txn, env, &g.feature_id).await?;
        check_limits(&g, &feature)?;
        promotional_entitlement::Entity::update_many()
            .col_expr(promotional_entitlement::Column::RevokedAt, Expr::value(now))
            .col_expr(promotional_entitlement::Column::UpdatedAt, Expr::value(now))
            .filter(promotional_entitlement::Column::CustomerId.eq(customer.id))
            .filter(promotional_entitlement::Column::FeatureId.eq(feature.id))
            .filter(promotional_entitlement::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        let unlimited = g.has_unlimited_usage.unwrap_or(false);
        let row = promotional_entitlement::Model {
            id: Uuid::new_v4(),
            environment_id: env.0,
            customer_id: customer.id,
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
        .exec_without_returning(&txn)
        .await?;
        out.push(Grant { row, feature });
    }
    txn.commit().await?;
    Ok(out)
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
    C: ConnectionTrait + TransactionTrait,
{
    let ref_id = CustomerRefId::parse(ref_id)?;
    let txn = crate::database::begin_write(db).await?;
    let customer = crate::customer::get::lock_live(&txn, env, &ref_id).await?;
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
    let features: std::collections::HashMap<Uuid, feature::Model> = if rows.is_empty() {
        std::collections::HashMap::new()
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
