//! Usage history (`usageHistory`, `usageHistoryV2`): how a customer's usage of a metered
//! feature moved between two instants, as series of points, one series per combination of
//! the dimension values asked for (`groupBy`).
//!
//! Points (Stigg documents the shape, not the bucketing — see
//! <https://docs.stigg.io/api-and-sdks/api-reference/queries/usage-history>): one point per
//! accepted measurement, at its `createdAt`, whose value is the usage of its period right
//! after it was applied (stored with it: what a check read right after it was reported,
//! also for a backdated measurement). In a `groupBy` series the value is that group's usage, replayed from the
//! group's measurements in the order they were accepted; and one point of value 0 with
//! `isResetPoint` at every period end inside the range, where a `PERIODIC_RESET` marker is
//! also given. Usage that never resets has no reset points. A measurement's running total is
//! replayed from the start of its period, so a range that starts mid-period shows the right
//! totals.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::Value;

use crate::customer::CustomerRefId;
use crate::entitlement;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::values::ExternalId;
use entity::stigg_enums::UsageUpdateBehavior;
use entity::usage_measurement;

/// Most points (measurements plus reset points) one history answers; a wider range is
/// refused with `BadUserInput` (ask for a shorter one).
pub const MAX_POINTS: usize = 10_000;
/// Most `groupBy` keys.
pub const MAX_GROUP_BY: usize = 10;

/// What to show.
#[derive(Clone, Debug)]
pub struct HistoryQuery {
    pub customer_id: String,
    pub feature_id: String,
    pub resource_id: Option<String>,
    pub start: DateTime<Utc>,
    /// Now when absent.
    pub end: Option<DateTime<Utc>>,
    /// Dimension keys to group by (no grouping when empty).
    pub group_by: Vec<String>,
}

/// A series' tags: `groupBy` key → dimension value.
type Tags = Vec<(String, String)>;
/// A group's replay: the running total per period start, and its points so far.
type Replay = (BTreeMap<DateTime<Utc>, f64>, Vec<Point>);

/// One point of a series.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub at: DateTime<Utc>,
    pub value: f64,
    pub is_reset: bool,
}

/// One series: its tags (`groupBy` key → dimension value, as text; absent values are `""`)
/// and its points in time order.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub tags: Vec<(String, String)>,
    pub points: Vec<Point>,
}

/// A usage history.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Period ends inside the range (`PERIODIC_RESET` markers).
    pub resets: Vec<DateTime<Utc>>,
    /// Without `groupBy`: one series with no tags. With it: one per combination seen.
    pub series: Vec<Series>,
}

/// The usage history of `query` at `now`. Errors: `BadUserInput` (malformed ids, start
/// after end, more than [`MAX_GROUP_BY`] keys, more than [`MAX_POINTS`] points),
/// `CustomerNotFound` (unknown or archived), `FeatureNotFound`,
/// `MeteringNotAvailableForFeatureType`.
#[tracing::instrument(name = "usage.history", skip_all, fields(environment_id = %env.0, customer_ref_id = %query.customer_id))]
pub async fn history<C: ConnectionTrait>(
    db: &C,
    store: entitlement::Store<'_>,
    env: EnvironmentId,
    query: HistoryQuery,
    now: DateTime<Utc>,
) -> Result<History> {
    let ref_id = CustomerRefId::parse(&query.customer_id)?;
    if let Some(resource) = &query.resource_id {
        ExternalId::parse("resourceId", resource)?;
    }
    let end = query.end.unwrap_or(now);
    if query.start > end {
        return Err(Error::bad_input("startDate must not be after endDate"));
    }
    let repeated = query
        .group_by
        .iter()
        .enumerate()
        .any(|(i, k)| query.group_by[..i].contains(k));
    if query.group_by.len() > MAX_GROUP_BY
        || repeated
        || query
            .group_by
            .iter()
            .any(|k| k.is_empty() || k.chars().count() > super::report::MAX_DIMENSION_LEN)
    {
        return Err(Error::bad_input(format!(
            "groupBy takes at most {MAX_GROUP_BY} distinct keys of 1 to {} characters",
            super::report::MAX_DIMENSION_LEN
        )));
    }
    let customer = crate::customer::get::find_any(db, env, &ref_id)
        .await?
        .filter(|c| c.archived_at.is_none())
        .ok_or_else(|| Error::CustomerNotFound {
            ref_id: query.customer_id.clone(),
        })?;
    let feature = crate::catalog::feature::get(db, env, &query.feature_id).await?;
    if !entitlement::is_metered(&feature) {
        return Err(Error::MeteringNotAvailable(format!(
            "feature '{}' is not metered: it has no usage history",
            feature.ref_id
        )));
    }
    // The periods of the customer's entitlement to the feature now (none: never resets).
    let entitled = entitlement::for_customer(
        db,
        store,
        env,
        &customer.ref_id,
        query.resource_id.as_deref(),
        now,
    )
    .await?;
    let effective = entitled.ok().and_then(|e| {
        e.entitlements
            .into_iter()
            .find(|c| c.effective.feature.id == feature.id)
            .map(|c| c.effective)
    });
    let resets = match &effective {
        Some(e) => reset_instants(e, query.start, end)?,
        None => Vec::new(),
    };
    // Replay from the start of the period holding `start`.
    let replay_from = effective
        .as_ref()
        .and_then(|e| entitlement::usage_period(e, query.start))
        .map_or(query.start, |p| p.start);
    let measurements = usage_measurement::Entity::find()
        .filter(usage_measurement::Column::CustomerId.eq(customer.id))
        .filter(usage_measurement::Column::FeatureId.eq(feature.id))
        .filter(
            usage_measurement::Column::ResourceKey
                .eq(query.resource_id.clone().unwrap_or_default()),
        )
        .filter(usage_measurement::Column::MeasuredAt.gte(replay_from.min(query.start)))
        .filter(usage_measurement::Column::MeasuredAt.lte(end))
        .order_by_asc(usage_measurement::Column::MeasuredAt)
        .order_by_asc(usage_measurement::Column::CreatedAt)
        .order_by_asc(usage_measurement::Column::Id)
        .limit(u64::try_from(MAX_POINTS + 1).unwrap_or(u64::MAX))
        .all(db)
        .await?;
    if measurements.len() + resets.len() > MAX_POINTS {
        return Err(Error::bad_input(format!(
            "the range holds more than {MAX_POINTS} usage points: ask for a shorter one"
        )));
    }

    // Replay each group's measurements per period.
    let mut groups: BTreeMap<Tags, Replay> = BTreeMap::new();
    if query.group_by.is_empty() {
        groups.insert(Vec::new(), (BTreeMap::new(), Vec::new()));
    }
    for m in &measurements {
        let tags: Vec<(String, String)> = query
            .group_by
            .iter()
            .map(|key| (key.clone(), dimension_text(m.dimensions.as_ref(), key)))
            .collect();
        let grouped = !tags.is_empty();
        let (totals, points) = groups.entry(tags).or_default();
        let total = totals.entry(m.period_start).or_insert(0.0);
        *total = match m.update_behavior {
            UsageUpdateBehavior::Delta => *total + m.value,
            UsageUpdateBehavior::Set => m.value,
        };
        if m.measured_at >= query.start {
            points.push(Point {
                at: m.measured_at,
                // Ungrouped: the usage a check read right after it. A group's own usage is
                // replayed (no total is kept per dimension value).
                value: if grouped { *total } else { m.total_after },
                is_reset: false,
            });
        }
    }
    let series = groups
        .into_iter()
        .map(|(tags, (_, mut points))| {
            points.extend(resets.iter().map(|at| Point {
                at: *at,
                value: 0.0,
                is_reset: true,
            }));
            // Stable: at one instant the reset comes before the measurements after it.
            points.sort_by_key(|p| (p.at, !p.is_reset));
            Series { tags, points }
        })
        .collect();
    Ok(History {
        start: query.start,
        end,
        resets,
        series,
    })
}

/// Period ends of `e` in `(start, end]`, from the first period on (before the
/// entitlement's anchor no period existed, so nothing reset). Errors: `BadUserInput` past
/// [`MAX_POINTS`].
fn reset_instants(
    e: &entitlement::EffectiveEntitlement,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>> {
    let mut out = Vec::new();
    let Some(mut current) = entitlement::usage_period(e, start.max(e.anchor)) else {
        return Ok(out);
    };
    while current.end <= end {
        if out.len() >= MAX_POINTS {
            return Err(Error::bad_input(format!(
                "the range holds more than {MAX_POINTS} usage resets: ask for a shorter one"
            )));
        }
        out.push(current.end);
        match entitlement::usage_period(e, current.end) {
            Some(next) if next.start > current.start => current = next,
            _ => break,
        }
    }
    Ok(out)
}

/// A dimension's value as tag text (`catalog::meter::as_text`: numbers by value); `""` when
/// the measurement has no such dimension.
fn dimension_text(dimensions: Option<&Value>, key: &str) -> String {
    dimensions
        .and_then(|d| d.get(key))
        .map(crate::catalog::meter::as_text)
        .unwrap_or_default()
}
