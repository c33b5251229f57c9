//! `provisionSubscription`: subscribe an existing customer to a plan.

use chrono::{DateTime, Utc};
use sea_orm::{sea_query::Expr, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::create::{self, Journey};
use super::read::{self, SubscriptionView};
use super::{is_live, SubscriptionRequest};
use crate::customer::{self, CustomerRefId};
use crate::entitlement::{self, CustomerEntitlement};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::customer as customer_table;

/// What `provisionSubscription` returns.
#[derive(Clone, Debug)]
pub struct ProvisionedSubscription {
    pub customer: customer::Customer,
    pub subscription: SubscriptionView,
    /// The customer's effective entitlements over all its live subscriptions.
    pub entitlements: Vec<CustomerEntitlement>,
}

/// Subscribes the live customer `customer_id` of `env` to the requested plan, in one
/// transaction. The customer journey does not apply (this is an explicit plan choice).
///
/// Errors (Stigg codes): `CustomerNotFound` (unknown or archived), `BadUserInput`, and the
/// errors of [`create::create`] (`PlanNotFound`, `AddonNotFound`,
/// `IncompatibleSubscriptionAddon`, `InvalidQuantity`, `BillingPeriodMissingError`,
/// `DuplicatedEntityNotAllowed` for a second live subscription where the product allows one
/// per customer or resource, …).
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
    // A write first: it takes the customer's row lock (PostgreSQL) or the write lock
    // (SQLite), so that concurrent provisions for one customer serialize.
    let locked = customer_table::Entity::update_many()
        .col_expr(
            customer_table::Column::UpdatedAt,
            Expr::col(customer_table::Column::UpdatedAt).into(),
        )
        .filter(customer_table::Column::EnvironmentId.eq(env.0))
        .filter(customer_table::Column::RefId.eq(ref_id.as_str()))
        .filter(customer_table::Column::ArchivedAt.is_null())
        .exec(&txn)
        .await?;
    if locked.rows_affected == 0 {
        return Err(Error::CustomerNotFound {
            ref_id: ref_id.to_string(),
        });
    }
    let customer = customer::get::get(&txn, env, ref_id.as_str()).await?;
    let created = create::create(&txn, env, &customer, request, now, Journey::Skip).await?;
    // Every status: the new subscription may not have started yet (NOT_STARTED); the
    // entitlements count the live ones only.
    let mut all = read::for_customers(&txn, &[customer.id], None)
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
        is_live(s.row.status) && (s.row.resource_id.is_none() || s.row.resource_id == resource_id)
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
