//! `importSubscriptionsBulk`: bring subscriptions over from another system with their ids,
//! plans, addons, per-unit quantities, billing periods, start dates and `updatedAt`, in one
//! transaction per request (Stigg:
//! <https://docs.stigg.io/api-and-sdks/api-reference/mutations/import-subscriptions-bulk>).
//!
//! Each subscription is validated and created exactly as `provisionSubscription` creates one
//! ([`super::create::create`] with the customer journey skipped: an imported plan is an
//! explicit choice, so no trial starts), for a live customer of the environment. The import
//! is all or nothing: the first bad subscription fails the request with its own code and a
//! message naming its index (`subscriptions[2]: …`), and nothing is written. A subscription
//! id already taken is `DuplicatedEntityNotAllowed` (Stigg updates existing subscriptions;
//! plangate cannot change a subscription yet).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::create::{self, Journey};
use super::{SubscriptionRequest, SLOT_STATUSES};
use crate::customer::{check_environment, Customer, CustomerRefId};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::subscription;

/// Most subscriptions in one `importSubscriptionsBulk` (Stigg's own limit).
pub const MAX_IMPORTED_SUBSCRIPTIONS: usize = 1_000;

/// One subscription to import (Stigg's `ImportSubscriptionInput`, decoded).
#[derive(Clone, Debug)]
pub struct ImportedSubscription {
    /// The customer's id.
    pub customer_id: String,
    /// The subscription as `provisionSubscription` takes it (`startDate` kept as given).
    pub request: SubscriptionRequest,
    /// When it last changed in the other system; not in the future. Now when absent.
    pub updated_at: Option<DateTime<Utc>>,
}

/// Imports `subscriptions` into `env` in one transaction. `bulk_environment` is the
/// request's own `environmentId`.
///
/// Errors (Stigg codes; nothing is written): `AccessDeniedError`, `BadUserInput` (no
/// subscriptions or more than [`MAX_IMPORTED_SUBSCRIPTIONS`]), and for the subscription at
/// index *i*, with the message prefixed by `subscriptions[i]: `: `BadUserInput` (malformed
/// customer id, `updatedAt` in the future), `CustomerNotFound` (unknown or archived), and the
/// errors of [`create::create`] (`PlanNotFound`, `AddonNotFound`,
/// `IncompatibleSubscriptionAddon`, `InvalidQuantity`, `BillingPeriodMissingError`,
/// `UnsupportedParameter`, `DuplicatedEntityNotAllowed`, …).
#[tracing::instrument(name = "subscription.import", skip_all, fields(environment_id = %env.0, subscriptions = subscriptions.len()))]
pub async fn import(
    db: &DatabaseConnection,
    env: EnvironmentId,
    bulk_environment: Option<uuid::Uuid>,
    subscriptions: Vec<ImportedSubscription>,
    now: DateTime<Utc>,
) -> Result<()> {
    check_environment(bulk_environment, env)?;
    if subscriptions.is_empty() || subscriptions.len() > MAX_IMPORTED_SUBSCRIPTIONS {
        return Err(Error::bad_input(format!(
            "subscriptions takes 1 to {MAX_IMPORTED_SUBSCRIPTIONS} subscriptions"
        )));
    }
    let subscriptions_count = subscriptions.len();
    let mut customer_ids = Vec::with_capacity(subscriptions.len());
    for (i, s) in subscriptions.iter().enumerate() {
        let in_item = |e: Error| e.in_item("subscriptions", i);
        customer_ids.push(CustomerRefId::parse(&s.customer_id).map_err(in_item)?);
        if s.updated_at.is_some_and(|at| at > now) {
            return Err(in_item(Error::bad_input("updatedAt is in the future")));
        }
    }

    let txn = crate::database::begin_write(db).await?;
    let customers: HashMap<String, Customer> =
        crate::customer::get::find_many_locked(&txn, env, customer_ids.iter().map(|c| c.as_str()))
            .await?
            .into_iter()
            .filter(|c| c.archived_at.is_none())
            .map(|c| (c.ref_id.clone(), c))
            .collect();
    for (i, (s, ref_id)) in subscriptions.into_iter().zip(&customer_ids).enumerate() {
        let in_item = |e: Error| e.in_item("subscriptions", i);
        let customer = customers.get(ref_id.as_str()).ok_or_else(|| {
            in_item(Error::CustomerNotFound {
                ref_id: ref_id.to_string(),
            })
        })?;
        // An imported subscription is paid as it was: no trial starts (found by the fresh-user
        // trial: imports started trials and used up the customers' trial eligibility).
        let request = SubscriptionRequest {
            skip_trial: true,
            ..s.request
        };
        let created = create::create(&txn, env, customer, request, now, Journey::Skip)
            .await
            .map_err(in_item)?;
        refuse_overlap(&txn, created.subscription_id)
            .await
            .map_err(in_item)?;
        if let Some(at) = s.updated_at {
            subscription::Entity::update_many()
                .col_expr(
                    subscription::Column::UpdatedAt,
                    Expr::value(crate::time::to_millis(at)),
                )
                .filter(subscription::Column::Id.eq(created.subscription_id))
                .exec(&txn)
                .await?;
        }
    }
    txn.commit().await?;
    crate::database::analyze_after_bulk(db, "subscriptions", subscriptions_count).await;
    Ok(())
}

/// Refuses subscription `id` (just created by an import) when another subscription that
/// holds or will hold the same product slot (customer, product, resource; ACTIVE, IN_TRIAL or
/// NOT_STARTED) runs at the same time: their [start, end) spans overlap (no end: open).
/// A product slot holds one subscription at a time; provisioning keeps that by replacing or
/// scheduling (`provision::replace_in_slot`), an import, which writes history as it was, by
/// refusing (found by the fresh-user trial: a future-dated import next to a live subscription
/// gave two live subscriptions in one slot once it started, whose transitions could then never
/// be written). Errors: `DuplicatedEntityNotAllowed`.
async fn refuse_overlap<C: ConnectionTrait>(txn: &C, id: Uuid) -> Result<()> {
    let Some(new) = subscription::Entity::find_by_id(id).one(txn).await? else {
        return Ok(());
    };
    let others = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.eq(new.customer_id))
        .filter(subscription::Column::ProductId.eq(new.product_id))
        .filter(subscription::Column::ResourceKey.eq(new.resource_key.clone()))
        .filter(subscription::Column::Status.is_in(SLOT_STATUSES))
        .filter(subscription::Column::Id.ne(id))
        .all(txn)
        .await?;
    let overlaps = |other: &subscription::Model| {
        let starts_before_end = new.end_date.is_none_or(|end| other.start_date < end);
        let ends_after_start = other.end_date.is_none_or(|end| new.start_date < end);
        starts_before_end && ends_after_start
    };
    match others.iter().find(|other| overlaps(other)) {
        Some(other) => Err(Error::DuplicatedSubscription(format!(
            "subscription '{}' would run at the same time as subscription '{}' in the same product slot (customer, product, resource): give the earlier one an endDate no later than the later one's startDate",
            new.ref_id, other.ref_id
        ))),
        None => Ok(()),
    }
}
