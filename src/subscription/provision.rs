//! `provisionSubscription`: subscribe an existing customer to a plan.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

use super::create::{self, Journey};
use super::read::{self, SubscriptionView};
use super::state::{self, Dates};
use super::{schedule, SubscriptionRequest, SubscriptionStatus};
use crate::customer::{self, CustomerRefId};
use crate::entitlement::{self, CustomerEntitlement};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::webhook::{self, WebhookEventType};
use entity::stigg_enums::{PackageKind, PackageStatus, SubscriptionCancelReason};
use entity::{package, product, subscription};

/// What `provisionSubscription` returns.
#[derive(Clone, Debug)]
pub struct ProvisionedSubscription {
    pub customer: customer::Customer,
    pub subscription: SubscriptionView,
    /// The customer's effective entitlements over all its live subscriptions.
    pub entitlements: Vec<CustomerEntitlement>,
}

/// Subscribes the live customer `customer_id` of `env` to the requested plan, in one
/// transaction. The customer journey does not apply (this is an explicit plan choice). A
/// subscription the customer already has on the plan's product (and resource) is replaced:
/// it ends when the new one starts (`replace_in_slot`); this is how a plan changes.
///
/// Errors (Stigg codes): `CustomerNotFound` (unknown or archived), `BadUserInput`, and the
/// errors of [`create::create`] (`PlanNotFound`, `AddonNotFound`,
/// `IncompatibleSubscriptionAddon`, `InvalidQuantity`, `BillingPeriodMissingError`,
/// `DuplicatedEntityNotAllowed` for a taken subscription id, …).
#[tracing::instrument(name = "subscription.provision", skip_all, fields(environment_id = %env.0, customer_ref_id = customer_id, plan_ref_id = %request.plan_id))]
pub async fn provision_subscription(
    db: &DatabaseConnection,
    env: EnvironmentId,
    customer_id: &str,
    request: SubscriptionRequest,
    now: DateTime<Utc>,
) -> Result<ProvisionedSubscription> {
    let ref_id = CustomerRefId::parse(customer_id)?;
    let txn = crate::database::begin_write(db).await?;
    // The customer's lock first, so that concurrent provisions for one customer serialize.
    let customer = customer::get::lock_live(&txn, env, &ref_id).await?;
    schedule::settle_customer(&txn, env, &customer, now).await?;
    let watch =
        webhook::entitlements::watch(&txn, env, &customer, request.resource_id.as_deref(), now)
            .await?;
    replace_in_slot(&txn, env, &customer, &request, now).await?;
    let created = create::create(&txn, env, &customer, request, now, Journey::Skip).await?;
    webhook::subscription::created(&txn, env, &customer, &created, now).await?;
    if let Some(watch) = watch {
        let trigger = webhook::entitlements::Trigger::SubscriptionUpdated;
        watch.written(&txn, &customer, trigger, now).await?;
    }
    // Every status: the new subscription may not have started yet (NOT_STARTED); the
    // entitlements count the live ones only.
    let mut all = read::for_customers(&txn, &[customer.id], None, now)
        .await?
        .remove(&customer.id)
        .unwrap_or_default();
    let position = all
        .iter()
        .position(|s| s.row.id == created.subscription_id)
        .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("new subscription not readable")))?;
    let subscription = all.swap_remove(position);
    // The entitlements of the new subscription's scope: its resource's and the
    // customer-level ones (crate::entitlement's rule).
    let resource_id = subscription.row.resource_id.clone();
    let applies = |s: &read::SubscriptionView| {
        s.is_live() && (s.row.resource_id.is_none() || s.row.resource_id == resource_id)
    };
    let mut live: Vec<_> = all.into_iter().filter(|s| applies(s)).collect();
    if applies(&subscription) {
        live.push(subscription.clone());
    }
    let entitlements = entitlement::with_usage(
        &txn,
        &customer,
        resource_id.as_deref(),
        entitlement::granted(&txn, &customer, &live, now).await?,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(ProvisionedSubscription {
        customer,
        subscription,
        entitlements,
    })
}

/// Makes room for the requested subscription (Stigg: "provisioning a new paid subscription
/// cancels the existing one at the new subscription's start date"; stiggio/skills
/// `stigg-subscriptions/references/provisioning.md`, and "to change a subscription's plan,
/// call provisionSubscription again"): the live subscription in the requested plan's
/// product slot (per resource for products with multiple subscriptions) ends when the new
/// one starts — CANCELED now for an immediate start, or ACTIVE until a future start (an end
/// already set only moves earlier) — and one scheduled (NOT_STARTED) runs until then, or
/// never starts when it would start at or after the new one. Their `cancelReason` is
/// `UpgradeOrDowngrade`. Nothing happens when the plan is unknown (the creation that
/// follows answers `PlanNotFound`).
async fn replace_in_slot<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    customer: &customer::Customer,
    request: &SubscriptionRequest,
    now: DateTime<Utc>,
) -> Result<()> {
    let plan = package::Entity::find()
        .filter(package::Column::EnvironmentId.eq(env.0))
        .filter(package::Column::PackageType.eq(PackageKind::Plan))
        .filter(package::Column::RefId.eq(request.plan_id.as_str()))
        .filter(crate::catalog::version::latest())
        .filter(package::Column::Status.eq(PackageStatus::Published))
        .one(txn)
        .await?;
    let Some(plan) = plan else {
        return Ok(());
    };
    let Some(product) = product::Entity::find_by_id(plan.product_id)
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    let resource_key = if product.multiple_subscriptions {
        request.resource_id.clone().unwrap_or_default()
    } else {
        String::new()
    };
    let start = request
        .start_date
        .map(crate::time::to_millis)
        .unwrap_or(now)
        .max(now);
    let in_slot = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(customer.id))
        .filter(subscription::Column::ProductId.eq(product.id))
        .filter(subscription::Column::ResourceKey.eq(resource_key))
        .filter(subscription::Column::Status.is_in(super::SLOT_STATUSES))
        .all(txn)
        .await?;
    for row in in_slot {
        // An end already set only moves earlier.
        if row.end_date.is_some_and(|old| old <= start) {
            continue;
        }
        let (status, end) =
            if row.status == SubscriptionStatus::NotStarted && start <= row.start_date {
                // Scheduled to start when (or after) the new one does: it never starts.
                (SubscriptionStatus::Canceled, row.start_date)
            } else if start <= now {
                (SubscriptionStatus::Canceled, start)
            } else {
                (row.status, start)
            };
        let next = state::next_transition(Dates {
            stored_status: status,
            end: Some(end),
            ..Dates::of(&row)
        });
        let id = row.id;
        let mut active: subscription::ActiveModel = row.into();
        active.status = Set(status);
        active.cancellation_date = Set(Some(now));
        active.end_date = Set(Some(end));
        active.effective_end_date = Set(Some(end));
        active.cancel_reason = Set(Some(SubscriptionCancelReason::UpgradeOrDowngrade));
        active.next_transition_at = Set(next);
        active.updated_at = Set(now);
        active.update(txn).await?;
        // Ended now (or never to start): cancelled; ending later: its end is set.
        let event = if status == SubscriptionStatus::Canceled {
            WebhookEventType::SubscriptionCanceled
        } else {
            WebhookEventType::SubscriptionUpdated
        };
        webhook::subscription::subscription_event(txn, env, event, customer, id, now).await?;
    }
    Ok(())
}
