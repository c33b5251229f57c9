//! Subscription events: `subscription.created`, `subscription.updated`,
//! `subscription.canceled`, `subscription.trial_started`, `subscription.trial_converted` and
//! `subscription.trial_expired`, written in the transaction of the change (a mutation, or the
//! subscription worker's transition) for every endpoint that receives them.
//!
//! The body is Stigg's "minimal subscription object embedded in events" (docs.stigg.io
//! `api-reference/subscriptions/subscription-updated`, `subscription-expired-non-recurring`,
//! `api-reference/trials/trial-started`, `trial-converted`, `trial-expired`): `entityId` (the
//! subscription's UUID), `id`, `billingId` (null: plangate keeps no billing-provider
//! subscription), `status`, `startDate`, `endDate`, `cancellationDate`, `trialEndDate`,
//! `currentBillingPeriodStart`, `currentBillingPeriodEnd`, `billingPeriod`,
//! `billingCurrency`, `isTrialSubscription`, `paymentCollection` (`NOT_REQUIRED`: no billing
//! integration collects subscription payments), `resource` (`{"id": resourceId}` or null),
//! `customer` (`entityId`, `id`, `name`, `email`, `billingId`, `crmId`, `metadata`), `plan`
//! (`id`, `name`, `description`, `pricingType`), `addons` (`id`, `name`, `description`,
//! `quantity`) and `metadata`; `subscription.trial_converted` adds `reason` (`TRIAL_ENDED`).
//! Not sent: `traceId`, `isUpgrade`, `isDowngrade`, `experimentInfo`,
//! `customer.salesforceId`, `plan.status`, `resource.entityId`. Dates are UTC,
//! RFC 3339 with milliseconds. No price, amount or payment information is included.

use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::{endpoint, WebhookEventType};
use crate::customer::Customer;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::subscription::create::Created;
use crate::subscription::read::{self, SubscriptionView};
use crate::subscription::SubscriptionStatus;

/// Why a trial converted (Stigg's `reason` of `subscription.trial_converted`,
/// docs.stigg.io `api-reference/trials/trial-converted`: `TRIAL_ENDED`,
/// `PAID_SUBSCRIPTION_PROVISIONED`). plangate converts trials when they end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrialConversion {
    /// The trial reached its end and the plan's trial end behaviour is CONVERT_TO_PAID.
    TrialEnded,
}

impl TrialConversion {
    /// The Stigg name.
    fn name(self) -> &'static str {
        match self {
            TrialConversion::TrialEnded => "TRIAL_ENDED",
        }
    }
}

/// Writes, in `txn` (the transaction of the change, holding `customer`'s lock), `event` about
/// subscription `subscription_id` as it is at `now`, for every endpoint of `env` that receives
/// it. Nothing is read when no endpoint does. Returns the event id, if written.
pub async fn subscription_event<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    event: WebhookEventType,
    customer: &Customer,
    subscription_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>> {
    write_event(txn, env, event, customer, subscription_id, None, now).await
}

/// A subscription created by a mutation (`provisionCustomer`, `provisionSubscription`):
/// `subscription.created`, `subscription.trial_started` when it is in a trial at `now` (a
/// trial that starts later is announced when it starts), then `subscription.created` of the
/// product's downgrade plan when one was scheduled from the trial's end. In `txn`, the
/// transaction that created them.
pub async fn created<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    created: &Created,
    now: DateTime<Utc>,
) -> Result<()> {
    let id = created.subscription_id;
    let created_event = WebhookEventType::SubscriptionCreated;
    subscription_event(txn, env, created_event, customer, id, now).await?;
    let started = WebhookEventType::SubscriptionTrialStarted;
    if !endpoint::receiving(txn, env, started).await?.is_empty() {
        let in_trial = entity::subscription::Entity::find_by_id(id)
            .one(txn)
            .await?
            .is_some_and(|row| row.status == SubscriptionStatus::InTrial);
        if in_trial {
            subscription_event(txn, env, started, customer, id, now).await?;
        }
    }
    if let Some(downgrade) = created.scheduled_downgrade {
        subscription_event(txn, env, created_event, customer, downgrade, now).await?;
    }
    Ok(())
}

/// [`subscription_event`] for `subscription.trial_converted`, with its `reason`.
pub async fn trial_converted<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &Customer,
    subscription_id: Uuid,
    reason: TrialConversion,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>> {
    let event = WebhookEventType::SubscriptionTrialConverted;
    write_event(
        txn,
        env,
        event,
        customer,
        subscription_id,
        Some(reason),
        now,
    )
    .await
}

async fn write_event<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    event: WebhookEventType,
    customer: &Customer,
    subscription_id: Uuid,
    reason: Option<TrialConversion>,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>> {
    let endpoints = endpoint::receiving(txn, env, event).await?;
    if endpoints.is_empty() {
        return Ok(None);
    }
    let view = read::by_ids(txn, &[subscription_id], now)
        .await?
        .pop()
        .ok_or_else(|| {
            Error::Unexpected(anyhow::anyhow!(
                "subscription {subscription_id} not readable for its webhook event"
            ))
        })?;
    let mut body = body(customer, &view);
    if let Some(reason) = reason {
        body.insert("reason".into(), json!(reason.name()));
    }
    super::write(txn, env, event, &endpoints, customer.id, body, now).await
}

/// UTC, RFC 3339 with milliseconds.
fn date(t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, |t| {
        json!(t.to_rfc3339_opts(SecondsFormat::Millis, true))
    })
}

/// The event body of `view` (see the module's list of keys).
pub(crate) fn body(customer: &Customer, view: &SubscriptionView) -> Map<String, Value> {
    let row = &view.row;
    let plan = &view.plan.package;
    let (period_start, period_end) = view.state.billing_period.unzip();
    let currency = view
        .prices
        .first()
        .map(|p| p.price.price.currency.to_string());
    let addons: Vec<Value> = view
        .addons
        .iter()
        .map(|(addon, quantity)| {
            json!({
                "id": addon.package.ref_id,
                "name": addon.package.display_name,
                "description": addon.package.description,
                "quantity": quantity,
            })
        })
        .collect();
    let Value::Object(body) = json!({
        "entityId": row.id.to_string(),
        "id": row.ref_id,
        "billingId": Value::Null,
        "status": view.state.status.to_string(),
        "startDate": date(Some(row.start_date)),
        "endDate": date(row.end_date),
        "cancellationDate": date(row.cancellation_date),
        "trialEndDate": date(row.trial_end_date),
        "currentBillingPeriodStart": date(period_start),
        "currentBillingPeriodEnd": date(period_end),
        "billingPeriod": row.billing_period.map(|p| p.to_string()),
        "billingCurrency": currency,
        "isTrialSubscription": view.state.status == SubscriptionStatus::InTrial,
        "paymentCollection": "NOT_REQUIRED",
        "resource": row.resource_id.as_ref().map(|id| json!({ "id": id })),
        "customer": Value::Object(super::customer_fields(customer)),
        "plan": {
            "id": plan.ref_id,
            "name": plan.display_name,
            "description": plan.description,
            "pricingType": plan.pricing_type.map(|t| t.to_string()),
        },
        "addons": addons,
        "metadata": row.additional_meta_data,
    }) else {
        return Map::new();
    };
    body
}
