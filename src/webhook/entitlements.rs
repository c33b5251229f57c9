//! `entitlements.updated`: a customer's effective entitlements changed (docs.stigg.io
//! `api-reference/entitlements/entitlements-updated`). A mutation (or the subscription
//! worker's transition) takes a [`Watch`] of the scope it may change before changing it, and
//! [`Watch::written`] in the same transaction after it: when what the scope grants differs
//! (a feature added or removed, a limit, unlimited or soft flag or reset period changed), the
//! event is written for every endpoint that receives it. Nothing is read when none does.
//! Mutations only: the entitlement check never writes events.
//!
//! The scope is the one `getEntitlements` answers for: the customer-level subscriptions
//! (`resource` null), or one resource's subscriptions with the customer-level ones; plus the
//! customer's active promotional entitlements. A change at the customer level (customer-level
//! subscriptions, promotional entitlements) therefore alters every resource scope too: one
//! event is written per scope that changed (see [`watch`]).
//!
//! Body: `type`, `messageId`, `timestamp`, `trigger`, `customer` (`entityId`, `id`, `name`,
//! `email`, `billingId`, `crmId`, `metadata`), `resource` (`{"id": resourceId}`, or null for
//! the customer-level scope), `entitlements` (each: `feature` {`entityId`, `id`, `name`,
//! `description`, `featureType`, `meterType`, `unit`, `units`, `status`,
//! `enumConfiguration`: null}, `usageLimit`, `hasUnlimitedUsage`, `hasSoftLimit`,
//! `currentUsage`, `usagePeriodAnchor`, `usagePeriodStart`, `usagePeriodEnd`, `resetPeriod`,
//! `resetPeriodConfiguration`: null, `enumValues`: null, `creditBalance`: null),
//! `environmentId`, `entitlementsUpdatedAt`. `trigger` is `subscription_updated` (the value
//! Stigg's page shows) for changes of subscriptions; changes of promotional entitlements carry
//! no `trigger` (Stigg's value for them is not documented). Not sent: `traceId`, `eventId`,
//! `actor`.

use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::ConnectionTrait;
use serde_json::{json, Map, Value};

use super::{endpoint, WebhookEventType};
use crate::customer::Customer;
use crate::entitlement::{self, CustomerEntitlement, EffectiveEntitlement};
use crate::environment::EnvironmentId;
use crate::error::Result;
use entitlement::effective::with_promotions;
use entity::stigg_enums::{EntitlementResetPeriod, MeterType};

/// What caused the change (Stigg's `trigger`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// A subscription was created, changed, cancelled or moved on by time:
    /// `subscription_updated`.
    SubscriptionUpdated,
    /// A promotional entitlement was granted or revoked: no `trigger` is sent.
    Promotional,
}

impl Trigger {
    fn name(self) -> Option<&'static str> {
        match self {
            Trigger::SubscriptionUpdated => Some("subscription_updated"),
            Trigger::Promotional => None,
        }
    }
}

/// What one feature's entitlement grants, for telling a change (usage and dates aside).
type Granted = (
    uuid::Uuid,
    Option<u64>,
    bool,
    bool,
    Option<EntitlementResetPeriod>,
);

/// The scopes a change may alter, with what each granted before it.
pub struct Watch {
    env: EnvironmentId,
    endpoints: Vec<endpoint::Endpoint>,
    /// Each scope (`None`: the customer level) with what it granted before the change.
    scopes: Vec<(Option<String>, Vec<Granted>)>,
}

/// Takes a [`Watch`] of `customer`'s entitlements at `now` of the scopes a change of
/// `resource_id`'s subscriptions (or of promotional entitlements, with `None`) may alter (in
/// the change's transaction, before the change), or `None` when no endpoint of `env` receives
/// `entitlements.updated` (then nothing else is read).
///
/// A change of one resource's subscriptions alters that resource's scope only. A change at the
/// customer level (its subscriptions, or its promotional entitlements) alters the customer
/// level and every resource scope too, since each resource's entitlements include the
/// customer-level ones (README "Webhooks"): the resources are those of the customer's
/// subscriptions of any status, as for the realtime `entitlementsUpdated` messages.
pub async fn watch<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    resource_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<Watch>> {
    watch_at(txn, env, customer, resource_id, now).await
}

/// [`watch`] of the entitlements as they were at `at`: for changes made by time (the
/// subscription worker's transitions), whose effect every read at `now` already shows.
pub async fn watch_at<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    resource_id: Option<&str>,
    at: DateTime<Utc>,
) -> Result<Option<Watch>> {
    let endpoints = endpoint::receiving(txn, env, WebhookEventType::EntitlementsUpdated).await?;
    if endpoints.is_empty() {
        return Ok(None);
    }
    let state = State::read(txn, customer, at).await?;
    let scopes: Vec<Option<String>> = match resource_id {
        Some(id) => vec![Some(id.to_owned())],
        None => std::iter::once(None)
            .chain(state.resources().into_iter().map(Some))
            .collect(),
    };
    let scopes = scopes
        .into_iter()
        .map(|scope| {
            let before = state.granted(scope.as_deref(), at);
            (scope, before.iter().map(key).collect())
        })
        .collect();
    Ok(Some(Watch {
        env,
        endpoints,
        scopes,
    }))
}

impl Watch {
    /// After the change, in its transaction: writes one `entitlements.updated` with `trigger`
    /// for each watched scope whose entitlements at `now` differ from before (customer level
    /// first, then the resources by id). Returns the ids of the events written.
    pub async fn written<C: ConnectionTrait>(
        self,
        txn: &C,
        customer: &Customer,
        trigger: Trigger,
        now: DateTime<Utc>,
    ) -> Result<Vec<uuid::Uuid>> {
        let state = State::read(txn, customer, now).await?;
        let mut written = Vec::new();
        for (resource_id, before) in &self.scopes {
            let resource_id = resource_id.as_deref();
            let after = state.granted(resource_id, now);
            if after.iter().map(key).collect::<Vec<_>>() == *before {
                continue;
            }
            let entitlements =
                entitlement::with_usage(txn, customer, resource_id, after, now).await?;
            let mut body = Map::new();
            if let Some(name) = trigger.name() {
                body.insert("trigger".into(), json!(name));
            }
            body.insert(
                "customer".into(),
                Value::Object(super::customer_fields(customer)),
            );
            body.insert(
                "resource".into(),
                resource_id.map_or(Value::Null, |id| json!({ "id": id })),
            );
            body.insert(
                "entitlements".into(),
                Value::Array(entitlements.iter().map(entitlement_body).collect()),
            );
            body.insert("environmentId".into(), json!(self.env.0.to_string()));
            body.insert("entitlementsUpdatedAt".into(), date(Some(now)));
            let event = WebhookEventType::EntitlementsUpdated;
            written.extend(
                super::write(
                    txn,
                    self.env,
                    event,
                    &self.endpoints,
                    customer.id,
                    body,
                    now,
                )
                .await?,
            );
        }
        Ok(written)
    }
}

/// What a customer's entitlements are made of at one time: its subscriptions (any status)
/// and its unrevoked promotional entitlements, read once for all its scopes.
struct State {
    subscriptions: Vec<crate::subscription::read::SubscriptionView>,
    grants: Vec<entitlement::promotional::Grant>,
}

impl State {
    async fn read<C: ConnectionTrait>(
        txn: &C,
        customer: &Customer,
        now: DateTime<Utc>,
    ) -> Result<State> {
        let subscriptions =
            crate::subscription::read::for_customers(txn, &[customer.id], None, now)
                .await?
                .remove(&customer.id)
                .unwrap_or_default();
        let grants = entitlement::promotional::of_customers(txn, &[customer.id]).await?;
        Ok(State {
            subscriptions,
            grants,
        })
    }

    /// The resource ids of the subscriptions, sorted, each once.
    fn resources(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .subscriptions
            .iter()
            .filter_map(|s| s.row.resource_id.clone())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// What the live subscriptions in `resource_id`'s scope and the promotional entitlements
    /// active at `now` grant, by feature id.
    fn granted(&self, resource_id: Option<&str>, now: DateTime<Utc>) -> Vec<EffectiveEntitlement> {
        let live = self.subscriptions.iter().filter(|s| {
            s.is_live()
                && (s.row.resource_id.is_none() || s.row.resource_id.as_deref() == resource_id)
        });
        let mut granted = with_promotions(entitlement::effective(live), &self.grants, now);
        granted.sort_by_key(|e| e.feature.id);
        granted
    }
}

fn key(e: &EffectiveEntitlement) -> Granted {
    (
        e.feature.id,
        e.usage_limit.map(f64::to_bits),
        e.has_unlimited_usage,
        e.has_soft_limit,
        e.reset_period,
    )
}

/// UTC, RFC 3339 with milliseconds.
fn date(t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, |t| {
        json!(t.to_rfc3339_opts(SecondsFormat::Millis, true))
    })
}

/// One entitlement of the body (see the module's keys).
fn entitlement_body(e: &CustomerEntitlement) -> Value {
    let effective = &e.effective;
    let feature = &effective.feature;
    let usage = e.usage.as_ref();
    let period = usage.and_then(|u| u.period);
    let meter_type = match feature.meter_type {
        Some(MeterType::Incremental) => Some("INCREMENTAL"),
        Some(MeterType::Fluctuating) => Some("FLUCTUATING"),
        Some(MeterType::None) | None => None,
    };
    json!({
        "feature": {
            "entityId": feature.id.to_string(),
            "id": feature.ref_id,
            "name": feature.display_name,
            "description": feature.description,
            "featureType": feature.feature_type.to_string(),
            "meterType": meter_type,
            "unit": feature.feature_units,
            "units": feature.feature_units_plural,
            "status": feature.feature_status.to_string(),
            "enumConfiguration": Value::Null,
        },
        "usageLimit": effective.usage_limit,
        "hasUnlimitedUsage": effective.has_unlimited_usage,
        "hasSoftLimit": effective.has_soft_limit,
        "currentUsage": usage.map(|u| u.current),
        "usagePeriodAnchor": date(period.map(|_| effective.anchor)),
        "usagePeriodStart": date(period.map(|p| p.start)),
        "usagePeriodEnd": date(period.map(|p| p.end)),
        "resetPeriod": period.and(effective.reset_period).map(|r| r.to_string()),
        "resetPeriodConfiguration": Value::Null,
        "enumValues": Value::Null,
        "creditBalance": Value::Null,
    })
}
