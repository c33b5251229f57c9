//! `delegateSubscriptionToCustomer`: hand a subscription over to another customer, who uses
//! and manages it from then on, while the customer who paid for it goes on paying.
//!
//! Stigg's rules: "When the management of a subscription is delegated from customer A to
//! customer B: 1. Customer A continues to pay for the subscription 2. Customer B will have
//! access to the subscription's entitlements and can upgrade, downgrade or cancel the
//! subscription. [...] allows customers that were only paying for a subscription to regain
//! its ownership" (changelog.stigg.io, "Delegation of subscription management to other
//! customers"); "Delegates a subscription to a different customer (the paying customer of the
//! subscription will not change)" (node-sdk-docs.stigg.io, `Stigg.delegateSubscriptionToCustomer`).
//! The paying customer is Stigg's `CustomerSubscription.payingCustomer` (changelog.stigg.io,
//! "Subscription payment delegation"), also set by `payingCustomerId` on provision.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::read::{self, SubscriptionView};
use super::{schedule, SLOT_STATUSES};
use crate::customer::{self, Customer, CustomerRefId};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::values::ExternalId;
use entity::{product, subscription};

/// Delegates subscription `subscription_ref_id` of `env` to the live customer
/// `destination` at `now`, in one transaction under both customers' locks (taken in id order,
/// so concurrent delegations between the same customers cannot deadlock; each customer's due
/// transitions are written first).
///
/// - The subscription (with what is scheduled to follow it in its slot: its downgrade, a
///   scheduled plan change) becomes the destination's: its entitlements count for the
///   destination from now on and no longer for the customer it leaves; its id, plan, dates,
///   prices and status stay. Usage already reported stays with the customer it was reported
///   for. Its price shows the destination's coupon unless it has a coupon of its own.
/// - Its paying customer does not change: a subscription its own customer paid for is paid
///   by that customer from now on (`payingCustomer`); one that already had a paying customer
///   keeps it. Delegating it to its paying customer hands it back: that customer uses and
///   pays for it again (`payingCustomer` null).
/// - Without `destination` it goes back to its paying customer (plangate's reading of the
///   optional `destinationCustomerId`: the only customer it can go back to).
/// - Delegating it to the customer it already belongs to changes nothing.
///
/// Errors (Stigg codes): `BadUserInput` (malformed ids; no destination for a subscription
/// without a paying customer), `SubscriptionNotFound` (unknown id, or its customer archived),
/// `SubscriptionAlreadyCanceledOrExpired`, `CustomerNotFound` (destination unknown or
/// archived), `DuplicatedEntityNotAllowed` (the destination already has a live or scheduled
/// subscription of the product, on the same resource for a product with multiple
/// subscriptions; enforced by the live-slot unique index too).
#[tracing::instrument(name = "subscription.delegate", skip_all, fields(environment_id = %env.0, subscription_ref_id = subscription_ref_id))]
pub async fn delegate(
    db: &DatabaseConnection,
    env: EnvironmentId,
    subscription_ref_id: &str,
    destination: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SubscriptionView> {
    let ref_id = ExternalId::parse("subscriptionId", subscription_ref_id)?;
    let destination = destination
        .map(|d| CustomerRefId::parse(d).map_err(|e| in_field("destinationCustomerId", e)))
        .transpose()?;
    let not_found = || Error::SubscriptionNotFound {
        ref_id: ref_id.as_str().to_owned(),
    };
    let txn = crate::database::begin_write(db).await?;
    let found = subscription::Entity::find()
        .filter(subscription::Column::EnvironmentId.eq(env.0))
        .filter(subscription::Column::RefId.eq(ref_id.as_str()))
        .one(&txn)
        .await?
        .ok_or_else(not_found)?;
    let target: Customer = match &destination {
        Some(id) => customer::get::get(&txn, env, id.as_str()).await?,
        None => {
            let payer = found.paying_customer_id.ok_or_else(|| {
                Error::bad_input(format!(
                    "destinationCustomerId is required: subscription '{}' has no paying customer to go back to",
                    found.ref_id
                ))
            })?;
            customer::get::find_by_id(&txn, payer)
                .await
                .ok()
                .filter(|c| c.archived_at.is_none())
                .ok_or_else(|| Error::CustomerNotFound {
                    ref_id: format!("(paying customer of subscription '{}')", found.ref_id),
                })?
        }
    };

    // Both customers' locks, in refId order as every write that locks several customers
    // takes them (customer::get::lock_in_order; found by the fresh-user re-test, 2026-12-02:
    // taken in id order, delegations deadlocked with bulk usage reports on the same
    // customers); then each one's due transitions.
    let current_owner = customer::get::find_by_id(&txn, found.customer_id).await?;
    customer::get::lock_in_order(
        &txn,
        env,
        [current_owner.ref_id.as_str(), target.ref_id.as_str()],
    )
    .await?;
    let mut ids = [found.customer_id, target.id];
    ids.sort();
    let mut owner = None;
    let mut destination_customer = None;
    for id in ids {
        let locked = customer::get::lock_live_by_id(&txn, id).await?;
        if id == found.customer_id {
            owner = Some(locked.clone().ok_or_else(not_found)?);
        }
        if id == target.id {
            destination_customer = Some(locked.ok_or_else(|| Error::CustomerNotFound {
                ref_id: target.ref_id.clone(),
            })?);
        }
    }
    let (Some(owner), Some(target)) = (owner, destination_customer) else {
        return Err(Error::Unexpected(anyhow::anyhow!(
            "delegation: customers not locked"
        )));
    };
    schedule::settle_customer(&txn, env, &owner, now).await?;
    if target.id != owner.id {
        schedule::settle_customer(&txn, env, &target, now).await?;
    }
    let view = read::by_ids(&txn, &[found.id], now)
        .await?
        .pop()
        .ok_or_else(not_found)?;
    if !SLOT_STATUSES.contains(&view.state.status) {
        return Err(Error::SubscriptionAlreadyCanceledOrExpired(format!(
            "subscription '{}' is {} and cannot be delegated",
            view.row.ref_id,
            view.state.status.to_string().to_lowercase()
        )));
    }
    let row = view.row.clone();
    if target.id == owner.id {
        txn.commit().await?;
        return Ok(view);
    }

    let product = product::Entity::find_by_id(row.product_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("subscription without product")))?;
    let occupied = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(target.id))
        .filter(subscription::Column::ProductId.eq(row.product_id))
        .filter(subscription::Column::ResourceKey.eq(row.resource_key.as_str()))
        .filter(subscription::Column::Status.is_in(SLOT_STATUSES))
        .one(&txn)
        .await?;
    if let Some(other) = occupied {
        return Err(occupied_error(&target, &other, &product, &row));
    }

    // The payer stays: the one it had, else the customer it leaves; none when it goes back
    // to the customer who pays for it.
    let payer = row.paying_customer_id.unwrap_or(owner.id);
    let payer = (payer != target.id).then_some(payer);
    let followers = super::transfer::followers(&txn, &row).await?;
    for moving in std::iter::once(row.clone()).chain(followers) {
        let mut active: subscription::ActiveModel = moving.into();
        active.customer_id = Set(target.id);
        active.paying_customer_id = Set(payer);
        active.updated_at = Set(now);
        if let Err(err) = active.update(&txn).await {
            return Err(slot_conflict(err, &target, &product));
        }
    }
    let view = read::by_ids(&txn, &[row.id], now)
        .await?
        .pop()
        .ok_or_else(not_found)?;
    txn.commit().await?;
    Ok(view)
}

/// `DuplicatedEntityNotAllowed` for a destination whose slot `other` occupies.
fn occupied_error(
    target: &Customer,
    other: &subscription::Model,
    product: &product::Model,
    row: &subscription::Model,
) -> Error {
    let scope = match (&row.resource_id, product.multiple_subscriptions) {
        (Some(resource), true) => format!(" for resource '{resource}'"),
        _ => String::new(),
    };
    Error::DuplicatedSubscription(format!(
        "customer '{}' already has subscription '{}' of product '{}'{scope}",
        target.ref_id, other.ref_id, product.ref_id
    ))
}

/// A failed move: the live-slot unique index (a concurrent provision for the destination) →
/// `DuplicatedEntityNotAllowed`; anything else → `UnexpectedError`.
fn slot_conflict(err: sea_orm::DbErr, target: &Customer, product: &product::Model) -> Error {
    if crate::database::is_unique_violation(
        &err,
        migration::SUBSCRIPTION_SLOT_INDEX,
        "subscriptions.customer_id, subscriptions.product_id, subscriptions.resource_key",
    ) {
        return Error::DuplicatedSubscription(format!(
            "customer '{}' already has a live subscription of product '{}'",
            target.ref_id, product.ref_id
        ));
    }
    err.into()
}

/// A customer id error about `field`.
fn in_field(field: &str, err: Error) -> Error {
    match err {
        Error::BadUserInput(message) => Error::bad_input(format!("{field}: {message}")),
        other => other,
    }
}
