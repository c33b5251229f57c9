//! Recording usage reports: validate, place each in its usage period, store the
//! measurement and move the period's total with one atomic upsert, in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use uuid::Uuid;

use crate::customer::CustomerRefId;
use crate::entitlement::{self, period::UsagePeriod, Snapshots, Store, MAX_USAGE};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::values::ExternalId;
use entity::stigg_enums::UsageUpdateBehavior;
use entity::{customer, feature, usage_measurement, usage_total};

/// One usage report (Stigg's `ReportUsageInput` / `ReportUsageBaseInput`).
#[derive(Clone, Debug)]
pub struct UsageReport {
    /// The customer's refId.
    pub customer_id: String,
    /// The feature's refId.
    pub feature_id: String,
    pub resource_id: Option<String>,
    /// Units: a change (`DELTA`) or the new usage (`SET`).
    pub value: f64,
    pub update_behavior: UsageUpdateBehavior,
    pub idempotency_key: Option<String>,
    /// When the usage happened; now when absent.
    pub created_at: Option<DateTime<Utc>>,
    /// A JSON object of strings, numbers and booleans.
    pub dimensions: Option<Value>,
}

/// What a report did: the measurement and the usage of its period afterwards.
#[derive(Clone, Debug)]
pub struct Reported {
    /// The measurement's id (the first one's, for a repeated idempotency key).
    pub measurement_id: Uuid,
    pub customer_id: String,
    pub feature_id: String,
    pub resource_id: Option<String>,
    /// Usage in the measurement's period after it.
    pub current_usage: f64,
    /// The measurement's period; `None` when the usage never resets.
    pub period: Option<UsagePeriod>,
    /// When the usage happened.
    pub timestamp: DateTime<Utc>,
}

/// Longest idempotency key, in characters.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;
/// Most dimensions on one measurement.
pub const MAX_DIMENSIONS: usize = 50;
/// Longest dimension key or string value, in characters.
pub const MAX_DIMENSION_LEN: usize = 255;

/// Records `reports` in one transaction, in order; answers one [`Reported`] per report.
/// Errors (Stigg codes; nothing is recorded when any report fails): `BadUserInput` (value
/// not finite or beyond ±1e15, negative `SET`, malformed ids, idempotency key or
/// dimensions, more than [`super::MAX_BULK`] reports), `CustomerNotFound` (unknown or
/// archived), `FeatureNotFound`, `MeteringNotAvailableForFeatureType`,
/// `UsageMeasurementDiffOutOfRangeError` (the usage would drop below zero).
#[tracing::instrument(name = "usage.report", skip_all, fields(environment_id = %env.0, reports = reports.len()))]
pub async fn report<C>(
    db: &C,
    snapshots: &Snapshots,
    env: EnvironmentId,
    reports: Vec<UsageReport>,
    now: DateTime<Utc>,
) -> Result<Vec<Reported>>
where
    C: crate::database::Writable,
{
    if reports.len() > super::MAX_BULK {
        return Err(Error::bad_input(format!(
            "at most {} usage measurements per report, got {}",
            super::MAX_BULK,
            reports.len()
        )));
    }
    for r in &reports {
        check(r)?;
    }
    let txn = crate::database::begin_write(db).await?;
    crate::customer::get::lock_in_order(&txn, env, reports.iter().map(|r| r.customer_id.as_str()))
        .await?;
    let mut periods = Periods::new(snapshots);
    let mut out = Vec::with_capacity(reports.len());
    for r in reports {
        out.push(record(&txn, env, r, now, &mut periods).await?);
    }
    txn.commit().await?;
    Ok(out)
}

/// Input checks that need no database.
fn check(r: &UsageReport) -> Result<()> {
    CustomerRefId::parse(&r.customer_id)?;
    if let Some(resource) = &r.resource_id {
        ExternalId::parse("resourceId", resource)?;
    }
    if !r.value.is_finite() || r.value.abs() > MAX_USAGE {
        return Err(Error::bad_input(format!(
            "value must be a number from -{MAX_USAGE:e} to {MAX_USAGE:e}, got {}",
            r.value
        )));
    }
    if r.update_behavior == UsageUpdateBehavior::Set && r.value < 0.0 {
        return Err(Error::bad_input(format!(
            "a SET report gives the new usage, which cannot be negative (got {})",
            r.value
        )));
    }
    if let Some(key) = &r.idempotency_key {
        if key.is_empty()
            || key.chars().count() > MAX_IDEMPOTENCY_KEY_LEN
            || key.chars().any(|c| c == '\0')
        {
            return Err(Error::bad_input(format!(
                "idempotencyKey must be 1 to {MAX_IDEMPOTENCY_KEY_LEN} characters without NUL"
            )));
        }
    }
    if let Some(dimensions) = &r.dimensions {
        check_dimensions(dimensions)?;
    }
    Ok(())
}

/// Dimensions: a JSON object of at most [`MAX_DIMENSIONS`] keys (1 to 255 characters) whose
/// values are strings (at most 255 characters, no NUL), booleans or numbers that read back
/// identically on both databases (the metadata number rule).
pub(super) fn check_dimensions(dimensions: &Value) -> Result<()> {
    let bad = |why: String| Err(Error::bad_input(format!("dimensions: {why}")));
    let Value::Object(map) = dimensions else {
        return bad("must be a JSON object".into());
    };
    if map.len() > MAX_DIMENSIONS {
        return bad(format!("at most {MAX_DIMENSIONS} keys, got {}", map.len()));
    }
    let text_ok = |s: &str| s.chars().count() <= MAX_DIMENSION_LEN && !s.contains('\0');
    for (key, value) in map {
        if key.is_empty() || !text_ok(key) {
            return bad(format!(
                "keys must be 1 to {MAX_DIMENSION_LEN} characters without NUL"
            ));
        }
        let ok = match value {
            Value::String(s) => text_ok(s),
            Value::Bool(_) => true,
            Value::Number(n) => crate::customer::metadata::storable(n),
            _ => false,
        };
        if !ok {
            return bad(format!(
                "'{key}' must be a string of at most {MAX_DIMENSION_LEN} characters, a boolean or a number within ±2^53 (at most 15 significant digits)"
            ));
        }
    }
    Ok(())
}

/// Records one report inside `txn`.
async fn record<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    r: UsageReport,
    now: DateTime<Utc>,
    periods: &mut Periods,
) -> Result<Reported> {
    let ref_id = CustomerRefId::parse(&r.customer_id)?;
    let customer = crate::customer::get::find_any(txn, env, &ref_id)
        .await?
        .filter(|c| c.archived_at.is_none())
        .ok_or_else(|| Error::CustomerNotFound {
            ref_id: r.customer_id.clone(),
        })?;
    let feature = crate::catalog::feature::get(txn, env, &r.feature_id).await?;
    if !entitlement::is_metered(&feature) {
        return Err(Error::MeteringNotAvailable(format!(
            "feature '{}' is not metered (usage is reported for NUMBER features with an Incremental or Fluctuating meter)",
            feature.ref_id
        )));
    }
    if feature.meter.is_some() {
        return Err(Error::UsageFromMeter(format!(
            "feature '{}' has a meter: its usage comes from reportEvent events",
            feature.ref_id
        )));
    }
    let measured_at = measured_at(r.created_at, now, "createdAt")?;
    // -0 is stored as 0 (the metadata number rule), on both databases.
    let value = if r.value == 0.0 { 0.0 } else { r.value };
    let period = periods
        .period(
            txn,
            env,
            &customer,
            &feature,
            r.resource_id.as_deref(),
            measured_at,
            now,
        )
        .await?;
    let resource_key = r.resource_id.clone().unwrap_or_default();
    let period_start = entitlement::period_key(period);

    let id = Uuid::now_v7();
    let inserted = usage_measurement::Entity::insert(usage_measurement::ActiveModel {
        id: Set(id),
        environment_id: Set(env.0),
        customer_id: Set(customer.id),
        feature_id: Set(feature.id),
        resource_id: Set(r.resource_id.clone()),
        resource_key: Set(resource_key.clone()),
        value: Set(value),
        // Set once the total has moved, below.
        total_after: Set(0.0),
        update_behavior: Set(r.update_behavior),
        idempotency_key: Set(r.idempotency_key.clone()),
        dimensions: Set(r.dimensions.as_ref().map(normalized)),
        measured_at: Set(measured_at),
        period_start: Set(period_start),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            usage_measurement::Column::CustomerId,
            usage_measurement::Column::FeatureId,
            usage_measurement::Column::ResourceKey,
            usage_measurement::Column::IdempotencyKey,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;

    let answer = |measurement_id, current_usage, period, timestamp| Reported {
        measurement_id,
        customer_id: customer.ref_id.clone(),
        feature_id: feature.ref_id.clone(),
        resource_id: r.resource_id.clone(),
        current_usage,
        period,
        timestamp,
    };
    if inserted == 0 {
        // A repeated idempotency key: the first measurement stands, nothing changes.
        let first = usage_measurement::Entity::find()
            .filter(usage_measurement::Column::CustomerId.eq(customer.id))
            .filter(usage_measurement::Column::FeatureId.eq(feature.id))
            .filter(usage_measurement::Column::ResourceKey.eq(resource_key.as_str()))
            .filter(usage_measurement::Column::IdempotencyKey.eq(r.idempotency_key.clone()))
            .one(txn)
            .await?
            .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("idempotent measurement vanished")))?;
        // The first measurement's answer: its total then, in its period.
        let first_period = periods
            .period(
                txn,
                env,
                &customer,
                &feature,
                r.resource_id.as_deref(),
                first.measured_at,
                now,
            )
            .await?
            .filter(|p| p.start == first.period_start);
        return Ok(answer(
            first.id,
            first.total_after,
            first_period,
            first.measured_at,
        ));
    }

    let change = match r.update_behavior {
        UsageUpdateBehavior::Delta => TotalChange::Add,
        UsageUpdateBehavior::Set => TotalChange::Replace,
    };
    let key = TotalKey {
        environment_id: env.0,
        customer_id: customer.id,
        feature_id: feature.id,
        resource_key: resource_key.clone(),
        period_start,
    };
    let total = change_total(txn, &key, value, change, now).await?;
    check_total(&feature, total)?;
    usage_measurement::Entity::update_many()
        .col_expr(
            usage_measurement::Column::TotalAfter,
            sea_orm::sea_query::Expr::value(total),
        )
        .filter(usage_measurement::Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(answer(id, total, period, measured_at))
}

/// Dimensions as stored: `-0` becomes `0` (the metadata number rule), so both databases
/// keep the same value.
pub(super) fn normalized(dimensions: &Value) -> Value {
    match dimensions {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::Number(n) if n.as_f64() == Some(0.0) => Value::from(0),
                        other => other.clone(),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A total a change may leave: from 0 to [`MAX_USAGE`]. Errors:
/// `UsageMeasurementDiffOutOfRangeError` (the transaction then writes nothing).
pub(super) fn check_total(feature: &feature::Model, total: f64) -> Result<()> {
    if total < 0.0 {
        return Err(Error::UsageOutOfRange(format!(
            "usage of '{}' would be {total}, below zero",
            feature.ref_id
        )));
    }
    if total > MAX_USAGE {
        return Err(Error::UsageOutOfRange(format!(
            "usage of '{}' would reach {total:e}, above the largest usage, {MAX_USAGE:e}",
            feature.ref_id
        )));
    }
    Ok(())
}

/// The earliest date a measurement or event may carry.
pub fn earliest_usage_date() -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH
}

/// How far past now a measurement or event may be dated (clocks differ a little).
pub const LATEST_USAGE_DATE_AHEAD: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// When a measurement or event happened: its date as sent (milliseconds) or `now`. Errors:
/// `BadUserInput` for a date before 1970 or more than a day after now.
pub(super) fn measured_at(
    sent: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    field: &str,
) -> Result<DateTime<Utc>> {
    let Some(sent) = sent else {
        return Ok(now);
    };
    let sent = crate::time::to_millis(sent);
    if sent < earliest_usage_date() || sent > now + LATEST_USAGE_DATE_AHEAD {
        return Err(Error::bad_input(format!(
            "{field} must be from 1970-01-01 to a day after now, got {}",
            sent.to_rfc3339()
        )));
    }
    Ok(sent)
}

/// The usage periods of a transaction's reports, by customer, resource and feature: the
/// customer's entitlements are read once per (customer, resource) however many reports
/// name them (they do not change inside the transaction).
pub(super) struct Periods {
    granted: HashMap<(Uuid, Option<String>), Vec<entitlement::EffectiveEntitlement>>,
    snapshots: Snapshots,
}

impl Periods {
    /// No periods read yet; customers' snapshots are used (never kept: the reads happen in
    /// the report's transaction).
    pub(super) fn new(snapshots: &Snapshots) -> Periods {
        Periods {
            granted: HashMap::new(),
            snapshots: snapshots.clone(),
        }
    }

    /// The usage period a measurement taken at `at` counts in: by the customer's entitlement
    /// to the feature (for the resource) at `now`; `None` (lifetime) when it has none that
    /// resets.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn period<C: ConnectionTrait>(
        &mut self,
        txn: &C,
        env: EnvironmentId,
        customer: &customer::Model,
        feature: &feature::Model,
        resource_id: Option<&str>,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<UsagePeriod>> {
        let key = (customer.id, resource_id.map(str::to_owned));
        if !self.granted.contains_key(&key) {
            let entitled = entitlement::for_customer(
                txn,
                Store::ReadOnly(&self.snapshots),
                env,
                &customer.ref_id,
                resource_id,
                now,
            )
            .await?;
            let granted = entitled
                .map(|e| e.entitlements.into_iter().map(|c| c.effective).collect())
                .unwrap_or_default();
            self.granted.insert(key.clone(), granted);
        }
        Ok(self
            .granted
            .get(&key)
            .and_then(|list| list.iter().find(|e| e.feature.id == feature.id))
            .and_then(|e| entitlement::usage_period(e, at)))
    }
}

/// Where a usage total lives: `usage_totals`' primary key and its environment.
#[derive(Clone, Debug)]
pub(super) struct TotalKey {
    pub environment_id: Uuid,
    pub customer_id: Uuid,
    pub feature_id: Uuid,
    pub resource_key: String,
    pub period_start: DateTime<Utc>,
}

/// How a value changes a total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TotalChange {
    /// total + value (`DELTA`, `COUNT`, `SUM`, a new `UNIQUE` value).
    Add,
    /// value (`SET`).
    Replace,
    /// the larger of total and value (`MAX`).
    Max,
    /// the smaller of total and value (`MIN`).
    Min,
}

/// Changes one total with one atomic `INSERT … ON CONFLICT DO UPDATE` (a missing total
/// starts at `value`), so concurrent changes never lose one. Answers the total after it.
pub(super) async fn change_total<C: ConnectionTrait>(
    txn: &C,
    key: &TotalKey,
    value: f64,
    change: TotalChange,
    now: DateTime<Utc>,
) -> Result<f64> {
    let value_col = usage_total::Column::Value;
    let stored = || Expr::col((usage_total::Entity, value_col));
    let given = || Expr::col((Alias::new("excluded"), value_col));
    // Portable CASE instead of GREATEST (PostgreSQL) / MAX(a, b) (SQLite).
    let pick = |keep_stored: sea_orm::sea_query::SimpleExpr| {
        Expr::case(keep_stored, stored()).finally(given())
    };
    let new_value: sea_orm::sea_query::SimpleExpr = match change {
        TotalChange::Add => stored().add(given()),
        TotalChange::Replace => given().into(),
        TotalChange::Max => pick(stored().gte(given())).into(),
        TotalChange::Min => pick(stored().lte(given())).into(),
    };
    usage_total::Entity::insert(usage_total::ActiveModel {
        customer_id: Set(key.customer_id),
        feature_id: Set(key.feature_id),
        resource_key: Set(key.resource_key.clone()),
        period_start: Set(key.period_start),
        environment_id: Set(key.environment_id),
        value: Set(value),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            usage_total::Column::CustomerId,
            usage_total::Column::FeatureId,
            usage_total::Column::ResourceKey,
            usage_total::Column::PeriodStart,
        ])
        .value(value_col, new_value)
        .value(
            usage_total::Column::UpdatedAt,
            Expr::col((Alias::new("excluded"), usage_total::Column::UpdatedAt)),
        )
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    total_of(
        txn,
        key.customer_id,
        key.feature_id,
        &key.resource_key,
        key.period_start,
    )
    .await
}

/// The stored total of one period (0 when none).
pub(super) async fn total_of<C: ConnectionTrait>(
    txn: &C,
    customer_id: Uuid,
    feature_id: Uuid,
    resource_key: &str,
    period_start: DateTime<Utc>,
) -> Result<f64> {
    Ok(usage_total::Entity::find_by_id((
        customer_id,
        feature_id,
        resource_key.to_owned(),
        period_start,
    ))
    .one(txn)
    .await?
    .map_or(0.0, |t| t.value))
}
