//! Raw usage events (`reportEvent`): each accepted event is stored once (Stigg's
//! deduplication key: customer, resource, event name, idempotency key and timestamp —
//! stiggio/skills `skills/stigg-entitlements/SKILL.md`; an event sent without a timestamp is
//! placed at now but deduplicated without one, so its retry counts once) and added to the usage of every
//! metered feature whose meter it matches ([`crate::catalog::meter`]), in the usage period
//! that holds its timestamp, in the same transaction. What an event changed is also written
//! as a usage measurement, so the usage history shows it.
//!
//! Stigg ingests events asynchronously; plangate applies them before answering, so a check
//! right after `reportEvent` already sees them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use uuid::Uuid;

use super::report::{
    change_total, check_dimensions, check_total, measured_at, normalized, Periods, TotalChange,
    TotalKey,
};
use crate::catalog::feature::meter_of;
use crate::catalog::meter::{AggregationFunction, Contribution, EventView, Meter};
use crate::customer::{Customer, CustomerRefId};
use crate::entitlement;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::values::ExternalId;
use entity::stigg_enums::UsageUpdateBehavior;
use entity::{feature, usage_event, usage_measurement, usage_unique_value};

/// Most events in one `reportEvent` (Stigg's limit).
pub const MAX_EVENTS: usize = 1000;
/// Longest event name or idempotency key, in characters.
pub const MAX_NAME_LEN: usize = 255;

/// One raw event (Stigg's `UsageEventReportInput`).
#[derive(Clone, Debug)]
pub struct UsageEvent {
    /// The customer's refId.
    pub customer_id: String,
    pub resource_id: Option<String>,
    pub event_name: String,
    pub idempotency_key: String,
    /// When it happened; now when absent.
    pub timestamp: Option<DateTime<Utc>>,
    /// A JSON object of strings, numbers and booleans.
    pub dimensions: Option<Value>,
}

/// What a batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ingested {
    /// Events stored (the rest repeated an event already stored).
    pub accepted: usize,
    /// Changes made to features' usage.
    pub usage_changes: usize,
}

/// Stores `events` and applies them to the matching meters, in one transaction.
/// Errors (nothing is stored when any event fails): `BadUserInput` (more than
/// [`MAX_EVENTS`], malformed ids, names, keys or dimensions), `CustomerNotFound` (unknown
/// or archived).
#[tracing::instrument(name = "usage.report_events", skip_all, fields(environment_id = %env.0, events = events.len()))]
pub async fn report_events<C>(
    db: &C,
    snapshots: &crate::entitlement::Snapshots,
    env: EnvironmentId,
    events: Vec<UsageEvent>,
    now: DateTime<Utc>,
) -> Result<Ingested>
where
    C: crate::database::Writable,
{
    if events.len() > MAX_EVENTS {
        return Err(Error::bad_input(format!(
            "at most {MAX_EVENTS} events per report, got {}",
            events.len()
        )));
    }
    for e in &events {
        check(e)?;
    }
    let txn = crate::database::begin_write(db).await?;
    crate::customer::get::lock_in_order(&txn, env, events.iter().map(|e| e.customer_id.as_str()))
        .await?;
    let meters = meters(&txn, env).await?;
    let mut periods = Periods::new(snapshots);
    let mut customers: HashMap<String, Customer> = HashMap::new();
    let mut ingested = Ingested::default();
    for event in events {
        let customer = match customers.get(&event.customer_id) {
            Some(c) => c.clone(),
            None => {
                let ref_id = CustomerRefId::parse(&event.customer_id)?;
                let found = crate::customer::get::find_any(&txn, env, &ref_id)
                    .await?
                    .filter(|c| c.archived_at.is_none())
                    .ok_or_else(|| Error::CustomerNotFound {
                        ref_id: event.customer_id.clone(),
                    })?;
                customers.insert(event.customer_id.clone(), found.clone());
                found
            }
        };
        let timestamp = measured_at(event.timestamp, now, "timestamp")?;
        let dedup_at = event
            .timestamp
            .map_or_else(entitlement::lifetime_period_start, |_| timestamp);
        let resource_key = event.resource_id.clone().unwrap_or_default();
        let stored = usage_event::Entity::insert(usage_event::ActiveModel {
            id: Set(Uuid::new_v4()),
            environment_id: Set(env.0),
            customer_id: Set(customer.id),
            resource_id: Set(event.resource_id.clone()),
            resource_key: Set(resource_key.clone()),
            event_name: Set(event.event_name.clone()),
            idempotency_key: Set(event.idempotency_key.clone()),
            dimensions: Set(event.dimensions.as_ref().map(normalized)),
            timestamp: Set(timestamp),
            dedup_at: Set(dedup_at),
            created_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([
                usage_event::Column::CustomerId,
                usage_event::Column::ResourceKey,
                usage_event::Column::EventName,
                usage_event::Column::IdempotencyKey,
                usage_event::Column::DedupAt,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if stored == 0 {
            continue;
        }
        ingested.accepted += 1;
        let view = EventView {
            event_name: &event.event_name,
            customer_id: &customer.ref_id,
            resource_id: event.resource_id.as_deref(),
            dimensions: event.dimensions.as_ref(),
        };
        for (feature, meter) in &meters {
            if !meter.matches(view) {
                continue;
            }
            let Some(contribution) = meter.contribution(view) else {
                continue;
            };
            let applied = apply(
                &txn,
                &mut periods,
                env,
                &customer,
                feature,
                meter,
                &event,
                &resource_key,
                contribution,
                timestamp,
                now,
            )
            .await?;
            ingested.usage_changes += usize::from(applied);
        }
    }
    txn.commit().await?;
    Ok(ingested)
}

fn check(e: &UsageEvent) -> Result<()> {
    CustomerRefId::parse(&e.customer_id)?;
    if let Some(resource) = &e.resource_id {
        ExternalId::parse("resourceId", resource)?;
    }
    for (field, value) in [
        ("eventName", &e.event_name),
        ("idempotencyKey", &e.idempotency_key),
    ] {
        if value.is_empty()
            || value.chars().count() > MAX_NAME_LEN
            || value.chars().any(char::is_control)
        {
            return Err(Error::bad_input(format!(
                "{field} must be 1 to {MAX_NAME_LEN} characters without control characters"
            )));
        }
    }
    if let Some(dimensions) = &e.dimensions {
        check_dimensions(dimensions)?;
    }
    Ok(())
}

/// The live metered features of `env` that have a meter.
async fn meters<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
) -> Result<Vec<(feature::Model, Meter)>> {
    let rows = feature::Entity::find()
        .filter(feature::Column::EnvironmentId.eq(env.0))
        .filter(feature::Column::ArchivedAt.is_null())
        .filter(feature::Column::Meter.is_not_null())
        .all(txn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(meter) = meter_of(&row)? {
            if entitlement::is_metered(&row) {
                out.push((row, meter));
            }
        }
    }
    Ok(out)
}

/// Adds one event's contribution to a feature's usage; false when it changed nothing (a
/// `UNIQUE` value already counted in the period).
#[allow(clippy::too_many_arguments)]
async fn apply<C: ConnectionTrait>(
    txn: &C,
    periods: &mut Periods,
    env: EnvironmentId,
    customer: &Customer,
    feature: &feature::Model,
    meter: &Meter,
    event: &UsageEvent,
    resource_key: &str,
    contribution: Contribution,
    timestamp: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let period = periods
        .period(
            txn,
            env,
            customer,
            feature,
            event.resource_id.as_deref(),
            timestamp,
            now,
        )
        .await?;
    let key = TotalKey {
        environment_id: env.0,
        customer_id: customer.id,
        feature_id: feature.id,
        resource_key: resource_key.to_owned(),
        period_start: entitlement::period_key(period),
    };
    let (value, change) = match (meter.aggregation.function, contribution) {
        (AggregationFunction::Max, Contribution::Number(v)) => (v, TotalChange::Max),
        (AggregationFunction::Min, Contribution::Number(v)) => (v, TotalChange::Min),
        (_, Contribution::Number(v)) => (v, TotalChange::Add),
        (_, Contribution::Distinct(text)) => {
            let new = usage_unique_value::Entity::insert(usage_unique_value::ActiveModel {
                customer_id: Set(customer.id),
                feature_id: Set(feature.id),
                resource_key: Set(resource_key.to_owned()),
                period_start: Set(key.period_start),
                value: Set(text.chars().take(1024).collect()),
            })
            .on_conflict(
                OnConflict::columns([
                    usage_unique_value::Column::CustomerId,
                    usage_unique_value::Column::FeatureId,
                    usage_unique_value::Column::ResourceKey,
                    usage_unique_value::Column::PeriodStart,
                    usage_unique_value::Column::Value,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
            if new == 0 {
                return Ok(false);
            }
            (1.0, TotalChange::Add)
        }
    };
    let total = change_total(txn, &key, value, change, now).await?;
    check_total(feature, total).map_err(|err| {
        Error::UsageOutOfRange(format!(
            "event '{}' (idempotencyKey '{}') of customer '{}': {err}; the batch is not stored",
            event.event_name, event.idempotency_key, customer.ref_id
        ))
    })?;
    // The history's record of the change: a delta, or the new level for MAX/MIN.
    let (recorded, behavior) = match change {
        TotalChange::Add => (value, UsageUpdateBehavior::Delta),
        TotalChange::Replace | TotalChange::Max | TotalChange::Min => {
            (total, UsageUpdateBehavior::Set)
        }
    };
    usage_measurement::Entity::insert(usage_measurement::ActiveModel {
        id: Set(Uuid::now_v7()),
        environment_id: Set(env.0),
        customer_id: Set(customer.id),
        feature_id: Set(feature.id),
        resource_id: Set(event.resource_id.clone()),
        resource_key: Set(resource_key.to_owned()),
        value: Set(recorded),
        total_after: Set(total),
        update_behavior: Set(behavior),
        idempotency_key: Set(None),
        dimensions: Set(event.dimensions.as_ref().map(normalized)),
        measured_at: Set(timestamp),
        period_start: Set(key.period_start),
        created_at: Set(now),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(true)
}
