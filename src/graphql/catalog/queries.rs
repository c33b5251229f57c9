//! The catalog queries `features`, `products`, `plans` and `addons`: filters, sorting and
//! paging decoded into the domain's `ListQuery`.

use async_graphql::{Context, InputType, Object, Result, Value};
use uuid::Uuid;

use super::objects::{addon_object, feature_object, plan_object, product_object};
use super::{missing, unsupported};
use crate::catalog::read::{self, ListQuery, SortField};
use crate::catalog::PackageKind;
use crate::error::Error;
use crate::graphql::connection::{page_request, Connection};
use crate::graphql::stigg::enums::SortDirection;
use crate::graphql::stigg::inputs::{
    AddonFilter, AddonSort, CursorPaging, FeatureFilter, FeatureSort, PlanFilter, PlanSort,
    ProductFilter, ProductSort, StringFieldComparison, UUIDFilterComparison,
};
use crate::graphql::stigg::objects::{Addon, Feature, Plan, Product};
use crate::graphql::wire_enums::wire_name;
use crate::graphql::RequestContext;
use crate::paging::Paging;

/// Refuses every set field of `input` (a filter or comparison) that is not in `supported`.
pub(crate) fn only<T: InputType>(what: &str, input: &T, supported: &[&str]) -> Result<(), Error> {
    if let Value::Object(fields) = input.to_value() {
        for (name, value) in fields {
            if value != Value::Null && !supported.contains(&name.as_str()) {
                return Err(Error::UnsupportedParameter(format!(
                    "{what}.{name} is not supported by plangate yet (supported: {})",
                    supported.join(", ")
                )));
            }
        }
    }
    Ok(())
}

/// `eq` and `in` of one comparison as the list of accepted values.
pub(crate) fn eq_in<T: Clone + PartialEq>(eq: Option<T>, in_: Option<Vec<T>>) -> Option<Vec<T>> {
    match (eq, in_) {
        (None, None) => None,
        (Some(e), None) => Some(vec![e]),
        (None, Some(list)) => Some(list),
        (Some(e), Some(list)) => Some(if list.contains(&e) {
            vec![e]
        } else {
            Vec::new()
        }),
    }
}

/// Decodes the `id` and `refId` comparisons every catalog-like filter has (`eq`, `in`) into
/// `query`; `what` names the filter in messages. Errors: `UnsupportedParameter` for other
/// comparison operators.
pub(crate) fn ids_and_ref_ids(
    what: &str,
    id: Option<UUIDFilterComparison>,
    ref_id: Option<StringFieldComparison>,
    query: &mut ListQuery,
) -> Result<(), Error> {
    if let Some(c) = id {
        only(&format!("{what}.id"), &c, &["eq", "in"])?;
        query.ids = eq_in(c.eq, c.in_);
    }
    if let Some(c) = ref_id {
        only(&format!("{what}.refId"), &c, &["eq", "in"])?;
        query.ref_ids = eq_in(c.eq, c.in_);
    }
    Ok(())
}

/// The decoded paging and sorting of a list query.
pub(crate) fn list_query<S: InputType>(
    ctx: &Context<'_>,
    paging: Option<CursorPaging>,
    sorting: Option<Vec<S>>,
    default_sort: &[(SortField, bool)],
    sort_field: impl Fn(&S) -> (String, bool),
) -> Result<ListQuery, Error> {
    let paging = page_request(ctx, paging);
    unsupported(
        paging.last.is_some() || paging.before.is_some(),
        "paging.last/paging.before",
    )?;
    let paging = Paging::parse(&paging)?;
    let sort = match sorting {
        None => default_sort.to_vec(),
        Some(list) => {
            let mut sort = Vec::new();
            for s in &list {
                let (field, desc) = sort_field(s);
                let field = match field.as_str() {
                    "createdAt" => SortField::CreatedAt,
                    "updatedAt" => SortField::UpdatedAt,
                    "refId" => SortField::RefId,
                    "displayName" => SortField::DisplayName,
                    "id" => SortField::Id,
                    other => {
                        return Err(Error::UnsupportedParameter(format!(
                        "sorting by {other} is not supported by plangate yet (supported: createdAt, updatedAt, refId, displayName, id)"
                    )))
                    }
                };
                sort.push((field, desc));
            }
            sort
        }
    };
    Ok(ListQuery {
        sort,
        paging,
        ..ListQuery::default()
    })
}

pub(crate) fn direction_desc(direction: SortDirection) -> bool {
    direction == SortDirection::Desc
}

/// Decodes a `PlanFilter`/`AddonFilter`-shaped filter: `id`, `refId` and `status` with `eq`
/// and `in`.
macro_rules! package_filter {
    ($what:literal, $filter:expr, $query:expr) => {
        if let Some(filter) = $filter {
            only($what, &filter, &["id", "refId", "status"])?;
            ids_and_ref_ids($what, filter.id, filter.ref_id, &mut $query)?;
            if let Some(c) = filter.status {
                only(concat!($what, ".status"), &c, &["eq", "in"])?;
                $query.statuses =
                    eq_in(c.eq, c.in_).map(|list| list.into_iter().map(Into::into).collect());
            }
        }
    };
}

/// Catalog queries.
#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    /// Stigg `features`: live features of the key's environment. Filters: `id`, `refId`
    /// (`eq`, `in`); sorting: createdAt (default, newest first, then refId), updatedAt,
    /// refId, displayName, id; paging: `first` (≤ 100, default 10) and `after`.
    /// Errors: `UnsupportedParameter` (other filters, sorts, `last`/`before`), `BadUserInput`.
    async fn features(
        &self,
        ctx: &Context<'_>,
        filter: Option<FeatureFilter>,
        paging: Option<CursorPaging>,
        sorting: Option<Vec<FeatureSort>>,
    ) -> Result<Connection<Feature>> {
        let rc = ctx.data::<RequestContext>()?;
        let mut query = list_query(
            ctx,
            paging,
            sorting,
            &[(SortField::CreatedAt, true), (SortField::RefId, false)],
            |s: &FeatureSort| (wire_name(s.field).to_owned(), direction_desc(s.direction)),
        )?;
        if let Some(filter) = filter {
            only("filter", &filter, &["id", "refId"])?;
            ids_and_ref_ids("filter", filter.id, filter.ref_id, &mut query)?;
        }
        let page = read::features(&rc.db, rc.environment, &query).await?;
        Ok(Connection::from_page(page, |f| feature_object(&f)))
    }

    /// Stigg `products`: live products of the key's environment. Filters: `id`, `refId`
    /// (`eq`, `in`); sorting and paging as `features` (default newest first).
    async fn products(
        &self,
        ctx: &Context<'_>,
        filter: Option<ProductFilter>,
        paging: Option<CursorPaging>,
        sorting: Option<Vec<ProductSort>>,
    ) -> Result<Connection<Product>> {
        let rc = ctx.data::<RequestContext>()?;
        let mut query = list_query(
            ctx,
            paging,
            sorting,
            &[(SortField::CreatedAt, true)],
            |s: &ProductSort| (wire_name(s.field).to_owned(), direction_desc(s.direction)),
        )?;
        if let Some(filter) = filter {
            only("filter", &filter, &["id", "refId"])?;
            ids_and_ref_ids("filter", filter.id, filter.ref_id, &mut query)?;
        }
        let page = read::products(&rc.db, rc.environment, &query).await?;
        Ok(Connection::from_page(page, |p| product_object(&p)))
    }

    /// Stigg `plans`: plans of the key's environment, every status. Filters: `id`, `refId`,
    /// `status` (`eq`, `in`); sorting and paging as `features` (default newest first).
    async fn plans(
        &self,
        ctx: &Context<'_>,
        filter: Option<PlanFilter>,
        paging: Option<CursorPaging>,
        sorting: Option<Vec<PlanSort>>,
    ) -> Result<Connection<Plan>> {
        let rc = ctx.data::<RequestContext>()?;
        let mut query = list_query(
            ctx,
            paging,
            sorting,
            &[(SortField::CreatedAt, true)],
            |s: &PlanSort| (wire_name(s.field).to_owned(), direction_desc(s.direction)),
        )?;
        package_filter!("filter", filter, query);
        let page = read::packages(&rc.db, rc.environment, PackageKind::Plan, &query).await?;
        let ids: Vec<Uuid> = page.items.iter().map(|p| p.id).collect();
        let views = read::load_packages(&rc.db, Some(rc.environment), &ids).await?;
        Connection::try_from_page(page, |p| {
            views
                .get(&p.id)
                .map(plan_object)
                .ok_or_else(|| missing("plan"))
        })
    }

    /// Stigg `addons`: addons of the key's environment, every status. Filters, sorting and
    /// paging as `plans`.
    async fn addons(
        &self,
        ctx: &Context<'_>,
        filter: Option<AddonFilter>,
        paging: Option<CursorPaging>,
        sorting: Option<Vec<AddonSort>>,
    ) -> Result<Connection<Addon>> {
        let rc = ctx.data::<RequestContext>()?;
        let mut query = list_query(
            ctx,
            paging,
            sorting,
            &[(SortField::CreatedAt, true)],
            |s: &AddonSort| (wire_name(s.field).to_owned(), direction_desc(s.direction)),
        )?;
        package_filter!("filter", filter, query);
        let page = read::packages(&rc.db, rc.environment, PackageKind::Addon, &query).await?;
        let ids: Vec<Uuid> = page.items.iter().map(|p| p.id).collect();
        let views = read::load_packages(&rc.db, Some(rc.environment), &ids).await?;
        Connection::try_from_page(page, |p| {
            views
                .get(&p.id)
                .map(addon_object)
                .ok_or_else(|| missing("addon"))
        })
    }
}
