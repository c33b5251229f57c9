//! `subscriptions`: the environment's subscriptions, filtered, sorted and paged as Stigg's
//! nestjs-query lists are (offset cursors: `crate::paging`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::read::{self, SubscriptionView};
use super::{schedule, SubscriptionStatus};
use crate::customer::Customer;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::paging::{Page, PageRequest, Paging};
use entity::stigg_enums::{PackageKind, PricingType};
use entity::{customer, package, subscription};

/// Most values in one filter list (`in`), and most sort entries.
pub const MAX_FILTER_VALUES: usize = 1_000;

/// Which subscriptions (every given condition must hold; `None` puts no condition).
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    /// Customers by `customerId` (refId).
    pub customer_ref_ids: Option<Vec<String>>,
    /// Subscriptions by `subscriptionId`.
    pub subscription_ref_ids: Option<Vec<String>>,
    /// Status now is one of these.
    pub statuses: Option<Vec<SubscriptionStatus>>,
    /// Status now is none of these.
    pub excluded_statuses: Vec<SubscriptionStatus>,
    pub resource_ids: Option<Vec<String>>,
    pub pricing_types: Option<Vec<PricingType>>,
    /// Plans by refId.
    pub plan_ref_ids: Option<Vec<String>>,
}

/// A sort key of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortField {
    CreatedAt,
    StartDate,
    SubscriptionId,
    Status,
}

/// What to list.
#[derive(Clone, Debug, Default)]
pub struct ListRequest {
    pub filter: ListFilter,
    /// Most significant first, with `true` for descending; empty means Stigg's default,
    /// `createdAt` descending. A final tie-breaker on the internal id is always added.
    pub sorting: Vec<(SortField, bool)>,
    pub paging: PageRequest,
}

/// One page of the subscriptions of `env` that `request.filter` selects, each with its
/// customer, as they are at `now`. Due transitions are written first (`schedule::settle_due`,
/// the worker's own pass, publishing on `changes` as the worker does), so the stored statuses
/// the filter reads are the statuses now.
///
/// Errors (Stigg codes): `BadUserInput` (paging as `customers`; more than
/// [`MAX_FILTER_VALUES`] values in a list).
#[tracing::instrument(name = "subscription.list", skip_all, fields(environment_id = %env.0))]
pub async fn list(
    db: &DatabaseConnection,
    env: EnvironmentId,
    request: ListRequest,
    now: DateTime<Utc>,
    changes: Option<&crate::realtime::Changes>,
) -> Result<Page<(Customer, SubscriptionView)>> {
    let paging = Paging::parse(&request.paging)?;
    let filter = &request.filter;
    for values in [
        &filter.customer_ref_ids,
        &filter.subscription_ref_ids,
        &filter.resource_ids,
        &filter.plan_ref_ids,
    ]
    .into_iter()
    .flatten()
    {
        if values.len() > MAX_FILTER_VALUES {
            return Err(Error::bad_input(format!(
                "a filter list accepts at most {MAX_FILTER_VALUES} values"
            )));
        }
    }
    // A bounded number of passes: each settles up to 200 customers.
    for _ in 0..10 {
        if schedule::settle_due(db, now, schedule::WhenLocked::Wait, changes).await? == 0 {
            break;
        }
    }

    let mut query =
        subscription::Entity::find().filter(subscription::Column::EnvironmentId.eq(env.0));
    if let Some(refs) = &filter.customer_ref_ids {
        let ids: Vec<Uuid> = customer::Entity::find()
            .select_only()
            .column(customer::Column::Id)
            .filter(customer::Column::EnvironmentId.eq(env.0))
            .filter(customer::Column::RefId.is_in(refs.iter().cloned()))
            .into_tuple()
            .all(db)
            .await?;
        query = query.filter(subscription::Column::CustomerId.is_in(ids));
    }
    if let Some(refs) = &filter.plan_ref_ids {
        let ids: Vec<Uuid> = package::Entity::find()
            .select_only()
            .column(package::Column::Id)
            .filter(package::Column::EnvironmentId.eq(env.0))
            .filter(package::Column::PackageType.eq(PackageKind::Plan))
            .filter(package::Column::RefId.is_in(refs.iter().cloned()))
            .into_tuple()
            .all(db)
            .await?;
        query = query.filter(subscription::Column::PlanId.is_in(ids));
    }
    if let Some(refs) = &filter.subscription_ref_ids {
        query = query.filter(subscription::Column::RefId.is_in(refs.iter().cloned()));
    }
    if let Some(statuses) = &filter.statuses {
        query = query.filter(subscription::Column::Status.is_in(statuses.iter().copied()));
    }
    if !filter.excluded_statuses.is_empty() {
        query = query.filter(
            subscription::Column::Status.is_not_in(filter.excluded_statuses.iter().copied()),
        );
    }
    if let Some(resources) = &filter.resource_ids {
        query = query.filter(subscription::Column::ResourceId.is_in(resources.iter().cloned()));
    }
    if let Some(types) = &filter.pricing_types {
        query = query.filter(subscription::Column::PricingType.is_in(types.iter().copied()));
    }

    let counted = query.clone();
    let sorting = if request.sorting.is_empty() {
        vec![(SortField::CreatedAt, true)]
    } else {
        request.sorting.clone()
    };
    for (field, descending) in sorting {
        let column = match field {
            SortField::CreatedAt => subscription::Column::CreatedAt,
            SortField::StartDate => subscription::Column::StartDate,
            SortField::SubscriptionId => subscription::Column::RefId,
            SortField::Status => subscription::Column::Status,
        };
        query = query.order_by(column, if descending { Order::Desc } else { Order::Asc });
    }
    let sorted = query.order_by_asc(subscription::Column::Id);
    let page = paging
        .load(
            move || async move { Ok::<_, Error>(counted.count(db).await?) },
            |offset, limit| {
                let page = sorted.clone().offset(offset).limit(limit);
                async move { Ok::<_, Error>(page.all(db).await?) }
            },
        )
        .await?;
    if page.items.is_empty() {
        return Ok(page.with_items(Vec::new()));
    }
    let ids: Vec<Uuid> = page.items.iter().map(|r| r.id).collect();
    let customer_ids: Vec<Uuid> = page.items.iter().map(|r| r.customer_id).collect();
    let views = read::by_ids(db, &ids, now).await?;
    let customers: HashMap<Uuid, Customer> = customer::Entity::find()
        .filter(customer::Column::Id.is_in(customer_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let items = views
        .into_iter()
        .filter_map(|v| Some((customers.get(&v.row.customer_id)?.clone(), v)))
        .collect();
    Ok(page.with_items(items))
}
