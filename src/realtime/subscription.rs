//! The GraphQL `Subscription` root: the four subscriptions Stigg's Node server SDK opens when
//! realtime updates are on (its default; `@stigg/node-server-sdk` 3.95.0
//! `services/inMemoryEntitlementsService.js` `init`, documents in `@stigg/api-client-js`
//! 3.108.0 `OnEntitlementsUpdated`, `OnUsageUpdated`, `OnPackagePublished`,
//! `OnCreditBalanceUpdated`). The SDK gives up all four and clears its cache when one fails,
//! so all four are served, each for the API key's environment only.
//!
//! What the SDK does with them: `entitlementsUpdated` replaces its cached entitlements of the
//! customer (and resource); `usageUpdated` sets one feature's `currentUsage` and period in its
//! cache; `packagePublished` with `ALL_CUSTOMERS` clears its cache; `creditBalanceUpdated`
//! concerns credits, which plangate does not have (that subscription never sends anything).

use std::future::Future;
use std::sync::Arc;

use async_graphql::futures_util::stream::{self, Stream, StreamExt};
use async_graphql::{Context, Result, Subscription};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::OwnedSemaphorePermit;

use super::socket::SubscriptionSlots;
use super::{Change, Changes, PackageKind};
use crate::entitlement::{self as domain, Store};
use crate::graphql::entitlement::entitlement;
use crate::graphql::stigg::enums::PublishMigrationType;
use crate::graphql::stigg::objects::{
    CreditBalanceUpdated, EntitlementsUpdated, PackagePublished, UsageMeasurementUpdated,
    UsageUpdated,
};
use crate::graphql::RequestContext;

/// The subscription root (GraphQL name `Subscription`).
#[derive(Default)]
pub struct Updates;

#[Subscription(name = "Subscription")]
impl Updates {
    /// Stigg `entitlementsUpdated`: a customer's entitlements after a change of what it is
    /// entitled to through the API (a promotional grant or revocation, a subscription
    /// provisioned, updated, cancelled, transferred or migrated) — one message
    /// for the customer level (`resourceId` null) and one per resource the customer has
    /// subscriptions on, each the list `cachedEntitlements` answers then (empty when the
    /// customer has no access). Errors: `Unauthenticated` (the connection was not
    /// initialised with a key); `RateLimitExceeded` (the connection has 20 subscriptions open).
    #[graphql(name = "entitlementsUpdated")]
    async fn entitlements_updated(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = EntitlementsUpdated>> {
        follow(ctx, entitlements_of)
    }

    /// Stigg `usageUpdated`: after a usage report (`reportUsage`, `reportUsageBulk`,
    /// `reportEvent`), the reported feature's usage in its current period for the customer
    /// (and resource) — `usagePeriodStart`, `usagePeriodEnd` and `nextResetDate` as epoch
    /// milliseconds (Stigg's `Float`), null when the usage never resets — with the whole
    /// entitlement. Only features the customer is entitled to are sent (the SDK updates a
    /// cached entitlement only). Errors: `Unauthenticated`;
    /// `RateLimitExceeded` (the connection has 20 subscriptions open).
    #[graphql(name = "usageUpdated")]
    async fn usage_updated(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = UsageUpdated>> {
        follow(ctx, usage_of)
    }

    /// Stigg `packagePublished`: a plan or addon published through the API. `migrationType`
    /// is always `NEW_CUSTOMERS`: a published plan version applies to new subscriptions, and
    /// existing ones keep theirs until migrated (README, "Plan versions"). `accountId` is
    /// `""`: plangate has environments, not accounts. `packageType` is `PLAN` or `ADDON`
    /// (Stigg's `Plan.type`/`Addon.type` values). Errors: `Unauthenticated`;
    /// `RateLimitExceeded` (the connection has 20 subscriptions open).
    #[graphql(name = "packagePublished")]
    async fn package_published(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = PackagePublished>> {
        follow(ctx, |_, change| async move { published(&change) })
    }

    /// Stigg `creditBalanceUpdated`: credit balances do not exist in plangate, so this
    /// subscription is accepted and never sends anything. Errors: `Unauthenticated`;
    /// `RateLimitExceeded` (the connection has 20 subscriptions open).
    #[graphql(name = "creditBalanceUpdated")]
    async fn credit_balance_updated(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = CreditBalanceUpdated>> {
        let (_, _, slot) = connection(ctx)?;
        Ok(
            stream::pending::<CreditBalanceUpdated>().map(move |update| {
                let _held = &slot;
                update
            }),
        )
    }
}

/// The connection's request context, its bus, and one of its subscription slots, which the
/// subscription's stream holds until it ends. Errors: `Unauthenticated` when the connection
/// carries none (never initialised with a key); `RateLimitExceeded` when the connection has
/// `MAX_SUBSCRIPTIONS_PER_CONNECTION` subscriptions open.
fn connection(ctx: &Context<'_>) -> Result<(RequestContext, Changes, OwnedSemaphorePermit)> {
    let unauthenticated = || crate::error::Error::Unauthenticated;
    let rc = ctx
        .data_opt::<RequestContext>()
        .ok_or_else(unauthenticated)?;
    let changes = ctx.data_opt::<Changes>().ok_or_else(unauthenticated)?;
    let slots = ctx
        .data_opt::<SubscriptionSlots>()
        .ok_or_else(unauthenticated)?;
    Ok((rc.clone(), changes.clone(), slots.take()?))
}

/// The stream of what `payloads` makes of each change of the connection's environment, in
/// the order the changes arrive.
fn follow<T, F, Fut>(ctx: &Context<'_>, payloads: F) -> Result<impl Stream<Item = T>>
where
    T: Send + 'static,
    F: Fn(RequestContext, Arc<Change>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Vec<T>> + Send,
{
    let (rc, changes, slot) = connection(ctx)?;
    let environment = rc.environment.0;
    let payloads = Arc::new(payloads);
    Ok(arrivals(changes.subscribe())
        .filter(move |change| {
            let _held = &slot;
            std::future::ready(change.environment() == environment)
        })
        .then(move |change| {
            let payloads = Arc::clone(&payloads);
            let rc = rc.clone();
            async move { payloads(rc, change).await }
        })
        .flat_map(stream::iter))
}

/// The changes a receiver gets, skipping (and logging) those it fell too far behind to get.
fn arrivals(receiver: broadcast::Receiver<Arc<Change>>) -> impl Stream<Item = Arc<Change>> {
    stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(change) => return Some((change, receiver)),
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "a realtime subscriber fell behind: changes skipped");
                }
                Err(RecvError::Closed) => return None,
            }
        }
    })
}

/// The customer's entitlements (`cachedEntitlements`) at the customer level, or `[]`.
async fn entitled(
    rc: &RequestContext,
    customer_id: &str,
    resource_id: Option<&str>,
) -> Option<domain::Entitled> {
    match domain::for_customer(
        &rc.db,
        Store::ReadAndKeep(&rc.snapshots),
        rc.environment,
        customer_id,
        resource_id,
        rc.now(),
    )
    .await
    {
        Ok(Ok(entitled)) => Some(entitled),
        Ok(Err(_denial)) => None,
        Err(err) => {
            tracing::warn!(error = %err, customer_id, "reading entitlements for a realtime update");
            None
        }
    }
}

/// `entitlementsUpdated` messages of a change: the customer level and each of its resources.
async fn entitlements_of(rc: RequestContext, change: Arc<Change>) -> Vec<EntitlementsUpdated> {
    let Change::Entitlements { customer_id, .. } = &*change else {
        return Vec::new();
    };
    let customer = entitled(&rc, customer_id, None).await;
    let mut scopes: Vec<Option<String>> = vec![None];
    if let Some(customer) = &customer {
        scopes.extend(
            resources(&rc, customer.customer.id)
                .await
                .into_iter()
                .map(Some),
        );
    }
    let mut out = Vec::with_capacity(scopes.len());
    for resource_id in scopes {
        let entitled = match &resource_id {
            None => customer.clone(),
            Some(resource) => entitled(&rc, customer_id, Some(resource)).await,
        };
        out.push(EntitlementsUpdated {
            customer_id: customer_id.clone(),
            entitlements: entitled
                .map(|e| {
                    e.entitlements
                        .iter()
                        .map(|one| entitlement(one, customer_id, resource_id.as_deref()))
                        .collect()
                })
                .unwrap_or_default(),
            resource_id,
        });
    }
    out
}

/// The resource ids of a customer's subscriptions (any status). Errors are logged: no
/// resource-level messages then.
async fn resources(rc: &RequestContext, customer: uuid::Uuid) -> Vec<String> {
    use entity::subscription;
    let found: Result<Vec<Option<String>>, sea_orm::DbErr> = subscription::Entity::find()
        .select_only()
        .column(subscription::Column::ResourceId)
        .distinct()
        .filter(subscription::Column::CustomerId.eq(customer))
        .filter(subscription::Column::ResourceId.is_not_null())
        .into_tuple()
        .all(&rc.db)
        .await;
    match found {
        Ok(ids) => ids.into_iter().flatten().collect(),
        Err(err) => {
            tracing::warn!(error = %err, "reading a customer's resources for a realtime update");
            Vec::new()
        }
    }
}

/// `usageUpdated` messages of a change: each entitled metered feature it concerns.
async fn usage_of(rc: RequestContext, change: Arc<Change>) -> Vec<UsageUpdated> {
    let Change::Usage {
        customer_id,
        resource_id,
        feature_id,
        ..
    } = &*change
    else {
        return Vec::new();
    };
    let Some(entitled) = entitled(&rc, customer_id, resource_id.as_deref()).await else {
        return Vec::new();
    };
    entitled
        .entitlements
        .iter()
        .filter(|e| {
            feature_id
                .as_deref()
                .is_none_or(|f| f == e.effective.feature.ref_id)
        })
        .filter_map(|e| {
            let usage = e.usage.as_ref()?;
            let millis = |t: chrono::DateTime<chrono::Utc>| t.timestamp_millis() as f64;
            Some(UsageUpdated {
                usage: UsageMeasurementUpdated {
                    current_usage: usage.current,
                    customer_id: customer_id.clone(),
                    feature_id: e.effective.feature.ref_id.clone(),
                    next_reset_date: usage.period.map(|p| millis(p.end)),
                    resource_id: resource_id.clone(),
                    usage_period_end: usage.period.map(|p| millis(p.end)),
                    usage_period_start: usage.period.map(|p| millis(p.start)),
                },
                entitlement: entitlement(e, customer_id, resource_id.as_deref()),
            })
        })
        .collect()
}

/// The `packagePublished` message of a change.
fn published(change: &Change) -> Vec<PackagePublished> {
    let Change::PackagePublished {
        environment,
        package,
        ref_id,
        version,
    } = change
    else {
        return Vec::new();
    };
    vec![PackagePublished {
        account_id: String::new(),
        environment_id: environment.to_string(),
        migration_type: PublishMigrationType::NewCustomers,
        package_ref_id: ref_id.clone(),
        package_type: match package {
            PackageKind::Plan => "PLAN",
            PackageKind::Addon => "ADDON",
        }
        .to_owned(),
        package_version: *version,
    }]
}
