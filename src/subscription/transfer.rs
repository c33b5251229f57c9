//! `transferSubscriptionToResource` (and the deprecated `transferSubscription`): move a
//! subscription of a product with multiple subscriptions to another resource of the same
//! customer (docs.stigg.io "Transfer Subscription to Resource": "Transfers an existing
//! subscription to a different resource"; the REST reference: "within the same customer").

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::read::{self, SubscriptionView};
use super::{SubscriptionStatus, SLOT_STATUSES};
use crate::customer::CustomerRefId;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::values::ExternalId;
use entity::{product, subscription};

/// Moves subscription `subscription_ref_id` of `env` to resource `destination` of the same
/// customer, at `now`, in one transaction under the customer's lock. Its plan, dates,
/// prices and status stay; entitlement checks for `destination` count it from now on; the
/// subscription scheduled to follow it when it ends (a downgrade, a plan change) moves with
/// it. Usage
/// already reported stays with the resource it was reported for (usage is kept per
/// resource). Moving to the resource it is on changes nothing.
///
/// Errors (Stigg codes): `BadUserInput` (malformed ids, no destination, a product with one
/// subscription per customer), `SubscriptionNotFound` (unknown id, or its customer
/// archived), `SubscriptionAlreadyCanceledOrExpired`, `DuplicatedEntityNotAllowed` (the
/// destination already has a live or scheduled subscription of the product).
#[tracing::instrument(name = "subscription.transfer", skip_all, fields(environment_id = %env.0, subscription_ref_id = subscription_ref_id))]
pub async fn to_resource(
    db: &DatabaseConnection,
    env: EnvironmentId,
    subscription_ref_id: &str,
    destination: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SubscriptionView> {
    let ref_id = ExternalId::parse("subscriptionId", subscription_ref_id)?;
    let destination =
        destination.ok_or_else(|| Error::bad_input("destinationResourceId is required"))?;
    let destination = ExternalId::parse("destinationResourceId", destination)?;
    let not_found = || Error::SubscriptionNotFound {
        ref_id: ref_id.as_str().to_owned(),
    };
    let txn = crate::database::begin_write(db).await?;
    let (_, view) = super::get::lock_for_change(&txn, env, &ref_id, "moved", now).await?;
    let row = view.row.clone();
    let product = product::Entity::find_by_id(row.product_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("subscription without product")))?;
    if !product.multiple_subscriptions {
        return Err(Error::bad_input(format!(
            "product '{}' has one subscription per customer: its subscriptions are not on resources",
            product.ref_id
        )));
    }
    if row.resource_id.as_deref() == Some(destination.as_str()) {
        txn.commit().await?;
        return Ok(view);
    }
    // What follows it in its slot moves with it. Found by the fresh-user trial: the followers
    // stayed on the old resource, which then got the downgrade while the new one lost its
    // subscription at the end.
    let followers = followers(&txn, &row).await?;
    let occupied = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(row.customer_id))
        .filter(subscription::Column::ProductId.eq(row.product_id))
        .filter(subscription::Column::ResourceKey.eq(destination.as_str()))
        .filter(subscription::Column::Status.is_in(SLOT_STATUSES))
        .one(&txn)
        .await?;
    if let Some(other) = occupied {
        return Err(Error::DuplicatedSubscription(format!(
            "resource '{}' already has subscription '{}' of product '{}'",
            destination.as_str(),
            other.ref_id,
            product.ref_id
        )));
    }
    for moving in std::iter::once(row.clone()).chain(followers) {
        let mut active: subscription::ActiveModel = moving.into();
        active.resource_id = Set(Some(destination.as_str().to_owned()));
        active.resource_key = Set(destination.as_str().to_owned());
        active.updated_at = Set(now);
        active.update(&txn).await?;
    }
    let view = read::by_ids(&txn, &[row.id], now)
        .await?
        .pop()
        .ok_or_else(not_found)?;
    txn.commit().await?;
    Ok(view)
}

/// The subscriptions scheduled to follow `row` in its slot (NOT_STARTED, each starting at the
/// `endDate` of the one before, from `row`'s): its downgrade, or the plan change that replaces
/// it, and what is scheduled after that in turn. They move with it (to another resource, or
/// to another customer).
pub(super) async fn followers<C: ConnectionTrait>(
    txn: &C,
    row: &subscription::Model,
) -> Result<Vec<subscription::Model>> {
    let mut chain: Vec<subscription::Model> = Vec::new();
    let mut end = row.end_date;
    while let Some(at) = end {
        let next = subscription::Entity::find()
            .filter(subscription::Column::CustomerId.eq(row.customer_id))
            .filter(subscription::Column::ProductId.eq(row.product_id))
            .filter(subscription::Column::ResourceKey.eq(row.resource_key.as_str()))
            .filter(subscription::Column::Status.eq(SubscriptionStatus::NotStarted))
            .filter(subscription::Column::StartDate.eq(at))
            .filter(subscription::Column::Id.ne(row.id))
            .filter(subscription::Column::Id.is_not_in(chain.iter().map(|r| r.id)))
            .one(txn)
            .await?;
        end = next.as_ref().and_then(|n| n.end_date);
        chain.extend(next);
    }
    Ok(chain)
}

/// The deprecated `transferSubscription`: moves the live customer `customer_id`'s newest
/// live or scheduled subscription on `source` to `destination` ([`to_resource`]). Errors:
/// those of [`to_resource`], `CustomerNotFound`, and `SubscriptionNotFound` when the source
/// resource has none.
pub async fn between_resources(
    db: &DatabaseConnection,
    env: EnvironmentId,
    customer_id: &str,
    source: &str,
    destination: &str,
    now: DateTime<Utc>,
) -> Result<SubscriptionView> {
    let customer_ref = CustomerRefId::parse(customer_id)?;
    let source = ExternalId::parse("sourceResourceId", source)?;
    let customer = crate::customer::get::get(db, env, customer_ref.as_str()).await?;
    let found = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(customer.id))
        .filter(subscription::Column::ResourceId.eq(source.as_str()))
        .filter(subscription::Column::Status.is_in(SLOT_STATUSES))
        .order_by_desc(subscription::Column::CreatedAt)
        .one(db)
        .await?
        .ok_or_else(|| Error::SubscriptionNotFound {
            ref_id: format!("(customer '{customer_id}', resource '{}')", source.as_str()),
        })?;
    to_resource(db, env, &found.ref_id, Some(destination), now).await
}
