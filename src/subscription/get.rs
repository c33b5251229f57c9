//! `getSubscription` and `getActiveSubscriptions`: one subscription by its id, and a
//! customer's active subscriptions, each shown as it is now (`state::at`).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::read::{self, SubscriptionView};
use super::{schedule, LIVE_STATUSES, SLOT_STATUSES};
use crate::customer::{self, Customer, CustomerRefId};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::values::ExternalId;
use entity::{customer as customer_table, subscription};

/// The subscription `ref_id` of `env` (any status; its customer may be archived) with its
/// paying customer. Errors (Stigg codes): `BadUserInput` (malformed id),
/// `SubscriptionNotFound`.
pub async fn by_ref_id<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
    now: DateTime<Utc>,
) -> Result<(Customer, SubscriptionView)> {
    let ref_id = ExternalId::parse("subscriptionId", ref_id)?;
    let not_found = || Error::SubscriptionNotFound {
        ref_id: ref_id.as_str().to_owned(),
    };
    let row = subscription::Entity::find()
        .filter(subscription::Column::EnvironmentId.eq(env.0))
        .filter(subscription::Column::RefId.eq(ref_id.as_str()))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let customer = customer_table::Entity::find_by_id(row.customer_id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let view = read::assemble(db, vec![row], now)
        .await?
        .pop()
        .ok_or_else(not_found)?;
    Ok((customer, view))
}

/// The live customer `customer_id`'s subscriptions that are ACTIVE or IN_TRIAL now, newest
/// first; only those on the given resources when `resource_ids` is not empty (Stigg's
/// `resourceId` / `resourceIds`). Errors (Stigg codes): `BadUserInput` (malformed id),
/// `CustomerNotFound` (unknown or archived).
pub async fn active<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    customer_id: &str,
    resource_ids: &[String],
    now: DateTime<Utc>,
) -> Result<(Customer, Vec<SubscriptionView>)> {
    let ref_id = CustomerRefId::parse(customer_id)?;
    let customer = customer::get::get(db, env, ref_id.as_str()).await?;
    let mut views = read::for_customers(db, &[customer.id], Some(&LIVE_STATUSES), now)
        .await?
        .remove(&customer.id)
        .unwrap_or_default();
    if !resource_ids.is_empty() {
        views.retain(|v| {
            v.row
                .resource_id
                .as_ref()
                .is_some_and(|r| resource_ids.contains(r))
        });
    }
    Ok((customer, views))
}

/// The subscription `ref_id` of `env`, for a change in the caller's write transaction `txn`:
/// its customer locked (concurrent changes of one customer serialize) and that customer's
/// due transitions written first, then the subscription as it is at `now`. `change` names
/// the change for the error (e.g. "cancelled"). Errors (Stigg codes): `SubscriptionNotFound`
/// (unknown, or its customer archived), `SubscriptionAlreadyCanceledOrExpired` (no longer
/// live or scheduled).
pub async fn lock_for_change<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    ref_id: &ExternalId,
    change: &str,
    now: DateTime<Utc>,
) -> Result<(Customer, SubscriptionView)> {
    let not_found = || Error::SubscriptionNotFound {
        ref_id: ref_id.as_str().to_owned(),
    };
    let found = subscription::Entity::find()
        .filter(subscription::Column::EnvironmentId.eq(env.0))
        .filter(subscription::Column::RefId.eq(ref_id.as_str()))
        .one(txn)
        .await?
        .ok_or_else(not_found)?;
    // The subscription may change hands (a delegation or transfer committing) between the
    // read above and the lock: read it again under the lock and follow it to its new
    // customer (found by the fresh-user trial: a cancellation racing a delegation gave the
    // downgrade plan to the customer the subscription had just left).
    let mut owner = found.customer_id;
    for _ in 0..MAX_OWNER_CHANGES {
        let customer = customer::get::lock_live_by_id(txn, owner)
            .await?
            .ok_or_else(not_found)?;
        schedule::settle_customer(txn, env, &customer, now).await?;
        let view = read::by_ids(txn, &[found.id], now)
            .await?
            .pop()
            .ok_or_else(not_found)?;
        if view.row.customer_id == customer.id {
            check_changeable(&view, change)?;
            return Ok((customer, view));
        }
        owner = view.row.customer_id;
    }
    Err(Error::Unexpected(anyhow::anyhow!(
        "subscription {} changed customers {MAX_OWNER_CHANGES} times while it was being {change}",
        found.id
    )))
}

/// How many times [`lock_for_change`] follows a subscription that changed customers before it
/// gives up.
const MAX_OWNER_CHANGES: usize = 5;

/// Refuses a change (named by `change`, e.g. "updated") of a subscription that is no longer
/// live or scheduled at the instant it was read. Errors: `SubscriptionAlreadyCanceledOrExpired`.
pub fn check_changeable(view: &SubscriptionView, change: &str) -> Result<()> {
    if !SLOT_STATUSES.contains(&view.state.status) {
        return Err(Error::SubscriptionAlreadyCanceledOrExpired(format!(
            "subscription '{}' is {} and cannot be {change}",
            view.row.ref_id,
            view.state.status.to_string().to_lowercase()
        )));
    }
    Ok(())
}
