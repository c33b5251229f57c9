//! Reading the catalog: paged lists (`features`, `products`, `plans`, `addons`) and
//! [`PackageView`], the one read model of a plan or addon — its product, prices,
//! entitlements, features and compatible addons — loaded by [`load_packages`] in a fixed
//! number of queries whatever the number of packages, for catalog queries and subscription
//! reads alike.

use std::collections::{BTreeSet, HashMap};

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use uuid::Uuid;

use rust_decimal::Decimal;

use super::{
    Entitlement, Feature, Package, PackageKind, PackageStatus, Price, Product,
    SubscriptionStartSetup,
};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::paging::{Page, Paging};
use entity::{feature, package, package_entitlement, plan_compatible_addon, price, product};

/// A field lists can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortField {
    CreatedAt,
    UpdatedAt,
    RefId,
    DisplayName,
    Id,
}

/// What a list returns: filters (all given ones must hold), order and page.
#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    /// Internal ids (any of).
    pub ids: Option<Vec<Uuid>>,
    /// refIds (any of).
    pub ref_ids: Option<Vec<String>>,
    /// Package statuses (any of); plans and addons only.
    pub statuses: Option<Vec<PackageStatus>>,
    /// Sort keys in order, `true` = descending; ties are broken by id.
    pub sort: Vec<(SortField, bool)>,
    /// Which page (the default: Stigg's first 10).
    pub paging: Paging,
}

/// The columns a list filters and sorts by.
pub(crate) struct Columns<C> {
    pub id: C,
    pub ref_id: C,
    pub created_at: C,
    pub updated_at: C,
    pub display_name: C,
}

/// One page of `select` filtered by `query`'s ids and refIds, sorted and paged (two
/// queries, the count and the page, when the total count is wanted; else the page and one
/// row more, [`Paging::load`]).
pub(crate) async fn list<E, C>(
    db: &C,
    mut select: Select<E>,
    query: &ListQuery,
    cols: Columns<E::Column>,
) -> Result<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Send + Sync,
    C: ConnectionTrait,
{
    if let Some(ids) = &query.ids {
        select = select.filter(cols.id.is_in(ids.iter().copied()));
    }
    if let Some(refs) = &query.ref_ids {
        select = select.filter(cols.ref_id.is_in(refs.iter().cloned()));
    }
    let counted = select.clone();
    for (field, desc) in &query.sort {
        let col = match field {
            SortField::CreatedAt => cols.created_at,
            SortField::UpdatedAt => cols.updated_at,
            SortField::RefId => cols.ref_id,
            SortField::DisplayName => cols.display_name,
            SortField::Id => cols.id,
        };
        select = select.order_by(col, if *desc { Order::Desc } else { Order::Asc });
    }
    let sorted = select.order_by(cols.id, Order::Asc);
    query
        .paging
        .load(
            move || async move { Ok::<_, Error>(counted.count(db).await?) },
            |offset, limit| {
                let page = sorted.clone().offset(offset).limit(limit);
                async move { Ok::<_, Error>(page.all(db).await?) }
            },
        )
        .await
}

/// Live (not archived) features of `env`, filtered, sorted and paged.
pub async fn features<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    query: &ListQuery,
) -> Result<Page<Feature>> {
    let select = feature::Entity::find()
        .filter(feature::Column::EnvironmentId.eq(env.0))
        .filter(feature::Column::ArchivedAt.is_null());
    list(
        db,
        select,
        query,
        Columns {
            id: feature::Column::Id,
            ref_id: feature::Column::RefId,
            created_at: feature::Column::CreatedAt,
            updated_at: feature::Column::UpdatedAt,
            display_name: feature::Column::DisplayName,
        },
    )
    .await
}

/// Live products of `env`, filtered, sorted and paged.
pub async fn products<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    query: &ListQuery,
) -> Result<Page<Product>> {
    let select = product::Entity::find()
        .filter(product::Column::EnvironmentId.eq(env.0))
        .filter(product::Column::ArchivedAt.is_null());
    list(
        db,
        select,
        query,
        Columns {
            id: product::Column::Id,
            ref_id: product::Column::RefId,
            created_at: product::Column::CreatedAt,
            updated_at: product::Column::UpdatedAt,
            display_name: product::Column::DisplayName,
        },
    )
    .await
}

/// Plans or addons of `env` (every status unless filtered; the version each refId names:
/// older versions stay with their subscriptions, unlisted), filtered, sorted and paged.
pub async fn packages<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    kind: PackageKind,
    query: &ListQuery,
) -> Result<Page<Package>> {
    let mut select = package::Entity::find()
        .filter(package::Column::EnvironmentId.eq(env.0))
        .filter(package::Column::PackageType.eq(kind))
        .filter(super::version::latest());
    if let Some(statuses) = &query.statuses {
        select = select.filter(package::Column::Status.is_in(statuses.iter().copied()));
    }
    list(
        db,
        select,
        query,
        Columns {
            id: package::Column::Id,
            ref_id: package::Column::RefId,
            created_at: package::Column::CreatedAt,
            updated_at: package::Column::UpdatedAt,
            display_name: package::Column::DisplayName,
        },
    )
    .await
}

/// A price with its exact amount and, for per-unit prices, its billed feature.
#[derive(Clone, Debug)]
pub struct PriceView {
    pub price: Price,
    /// Exact amount, in currency units (not cents).
    pub amount: Decimal,
    pub feature: Option<Feature>,
}

/// A package entitlement with its feature.
#[derive(Clone, Debug)]
pub struct EntitlementView {
    pub entitlement: Entitlement,
    pub feature: Feature,
}

/// The one read model of a plan or addon: the package with its product, prices,
/// entitlements (with their features) and, for plans, compatible addons. Catalog queries and
/// subscription reads both show packages through it, so a package looks the same (same
/// order of prices, entitlements and addons) wherever it appears.
///
/// Order (see [`load_packages`]): prices by billing model, then billed feature refId (flat
/// fees first), then billing period (by Stigg name), then country (the default price before
/// its overrides); entitlements by creation time, then feature refId; compatible addons by
/// refId.
#[derive(Clone, Debug)]
pub struct PackageView {
    pub package: Package,
    pub product: Product,
    pub prices: Vec<PriceView>,
    pub entitlements: Vec<EntitlementView>,
    /// Plans: their compatible addons (without their own compatible addons); empty for
    /// addons.
    pub compatible_addons: Vec<PackageView>,
}

/// The parsed amount of a stored price (a decimal string in currency units, not cents).
/// Errors: `UnexpectedError` when the stored text is not a decimal.
pub fn stored_amount(price: &Price) -> Result<Decimal> {
    price.amount.parse::<Decimal>().map_err(|e| {
        Error::Unexpected(anyhow::anyhow!(
            "price {} has a malformed amount '{}': {e}",
            price.id,
            price.amount
        ))
    })
}

/// Loads plans and addons `ids` as [`PackageView`]s, keyed by id, in 7 queries at most
/// whatever the number of packages (packages, compatible-addon pairs, compatible addons not
/// among `ids`, products, prices, entitlements, features). With `env`, only packages of that
/// environment are loaded; without, `ids` must come from environment-scoped rows (a
/// subscription's plan and addons). Unknown ids are absent from the answer.
pub async fn load_packages<C: ConnectionTrait>(
    db: &C,
    env: Option<EnvironmentId>,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, PackageView>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut select = package::Entity::find().filter(package::Column::Id.is_in(ids.iter().copied()));
    if let Some(env) = env {
        select = select.filter(package::Column::EnvironmentId.eq(env.0));
    }
    let mut packages: HashMap<Uuid, Package> = select
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let plan_ids: Vec<Uuid> = packages
        .values()
        .filter(|p| p.package_type == PackageKind::Plan)
        .map(|p| p.id)
        .collect();
    let pairs = if plan_ids.is_empty() {
        Vec::new()
    } else {
        plan_compatible_addon::Entity::find()
            .filter(plan_compatible_addon::Column::PlanId.is_in(plan_ids))
            .all(db)
            .await?
    };
    let missing: BTreeSet<Uuid> = pairs
        .iter()
        .map(|c| c.addon_id)
        .filter(|id| !packages.contains_key(id))
        .collect();
    if !missing.is_empty() {
        for p in package::Entity::find()
            .filter(package::Column::Id.is_in(missing))
            .all(db)
            .await?
        {
            packages.insert(p.id, p);
        }
    }
    if packages.is_empty() {
        return Ok(HashMap::new());
    }
    let product_ids: BTreeSet<Uuid> = packages.values().map(|p| p.product_id).collect();
    let products: HashMap<Uuid, Product> = product::Entity::find()
        .filter(product::Column::Id.is_in(product_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let all_ids: Vec<Uuid> = packages.keys().copied().collect();
    let prices = price::Entity::find()
        .filter(price::Column::PackageId.is_in(all_ids.clone()))
        .all(db)
        .await?;
    let entitlements = package_entitlement::Entity::find()
        .filter(package_entitlement::Column::PackageId.is_in(all_ids))
        .all(db)
        .await?;
    let feature_ids: BTreeSet<Uuid> = prices
        .iter()
        .filter_map(|p| p.feature_id)
        .chain(entitlements.iter().map(|e| e.feature_id))
        .collect();
    let features: HashMap<Uuid, Feature> = if feature_ids.is_empty() {
        HashMap::new()
    } else {
        feature::Entity::find()
            .filter(feature::Column::Id.is_in(feature_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.id, f))
            .collect()
    };

    let mut prices_by_package: HashMap<Uuid, Vec<PriceView>> = HashMap::new();
    for p in prices {
        let view = PriceView {
            amount: stored_amount(&p)?,
            feature: p.feature_id.and_then(|id| features.get(&id).cloned()),
            price: p,
        };
        prices_by_package
            .entry(view.price.package_id)
            .or_default()
            .push(view);
    }
    let mut entitlements_by_package: HashMap<Uuid, Vec<EntitlementView>> = HashMap::new();
    for e in entitlements {
        if let Some(feature) = features.get(&e.feature_id) {
            entitlements_by_package
                .entry(e.package_id)
                .or_default()
                .push(EntitlementView {
                    feature: feature.clone(),
                    entitlement: e,
                });
        }
    }
    // Packages without compatible addons first, then the plans with theirs.
    let mut bare: HashMap<Uuid, PackageView> = HashMap::new();
    for (id, package) in packages {
        let Some(product) = products.get(&package.product_id).cloned() else {
            continue;
        };
        let mut prices = prices_by_package.remove(&id).unwrap_or_default();
        sort_prices(&mut prices);
        let mut entitlements = entitlements_by_package.remove(&id).unwrap_or_default();
        entitlements.sort_by(|a, b| {
            (a.entitlement.created_at, &a.feature.ref_id)
                .cmp(&(b.entitlement.created_at, &b.feature.ref_id))
        });
        bare.insert(
            id,
            PackageView {
                package,
                product,
                prices,
                entitlements,
                compatible_addons: Vec::new(),
            },
        );
    }
    let mut views = HashMap::with_capacity(ids.len());
    for id in ids {
        let Some(mut view) = bare.get(id).cloned() else {
            continue;
        };
        if view.package.package_type == PackageKind::Plan {
            let mut compatible: Vec<PackageView> = pairs
                .iter()
                .filter(|c| c.plan_id == *id)
                .filter_map(|c| bare.get(&c.addon_id).cloned())
                .collect();
            compatible.sort_by(|a, b| a.package.ref_id.cmp(&b.package.ref_id));
            view.compatible_addons = compatible;
        }
        views.insert(*id, view);
    }
    Ok(views)
}

/// Orders one package's prices: billing model, billed feature refId (none first), billing
/// period (models and periods by their Stigg names), country (the default price first).
fn sort_prices(prices: &mut [PriceView]) {
    prices.sort_by_cached_key(|p| {
        (
            p.price.billing_model.to_string(),
            p.feature.as_ref().map(|f| f.ref_id.clone()),
            p.price.billing_period.to_string(),
            p.price.billing_country_code.clone(),
        )
    });
}

/// The refIds of the plans `product`'s journey names (start plan, downgrade plan).
pub fn journey_plan_refs(product: &Product) -> Vec<String> {
    let mut refs = Vec::new();
    if product.subscription_start_setup != SubscriptionStartSetup::PlanSelection {
        refs.extend(product.subscription_start_plan_ref_id.clone());
    }
    refs.extend(product.downgrade_plan_ref_id.clone());
    refs
}

/// Plans and addons of `env` by internal id (any status).
pub async fn packages_by_ids<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    ids: &[Uuid],
) -> Result<Vec<Package>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(package::Entity::find()
        .filter(package::Column::EnvironmentId.eq(env.0))
        .filter(package::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// Every live (not archived) product of `env`, by refId.
pub async fn live_products<C: ConnectionTrait>(db: &C, env: EnvironmentId) -> Result<Vec<Product>> {
    Ok(product::Entity::find()
        .filter(product::Column::EnvironmentId.eq(env.0))
        .filter(product::Column::ArchivedAt.is_null())
        .order_by_asc(product::Column::RefId)
        .all(db)
        .await?)
}

/// Products of `env` by internal id (archived included).
pub async fn products_by_ids<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    ids: &[Uuid],
) -> Result<Vec<Product>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(product::Entity::find()
        .filter(product::Column::EnvironmentId.eq(env.0))
        .filter(product::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// Products of `env` by refId (archived included).
pub async fn products_by_ref_ids<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    ref_ids: &[String],
) -> Result<Vec<Product>> {
    if ref_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(product::Entity::find()
        .filter(product::Column::EnvironmentId.eq(env.0))
        .filter(product::Column::RefId.is_in(ref_ids.iter().cloned()))
        .all(db)
        .await?)
}

/// Plans of `env` named by (product id, plan refId) — the journey plans of products.
pub async fn plans_by_product_and_ref<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    keys: &[(Uuid, String)],
) -> Result<Vec<Package>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let products: BTreeSet<Uuid> = keys.iter().map(|(p, _)| *p).collect();
    let refs: BTreeSet<String> = keys.iter().map(|(_, r)| r.clone()).collect();
    Ok(package::Entity::find()
        .filter(package::Column::EnvironmentId.eq(env.0))
        .filter(package::Column::PackageType.eq(PackageKind::Plan))
        .filter(package::Column::ProductId.is_in(products))
        .filter(package::Column::RefId.is_in(refs))
        .filter(super::version::latest())
        .all(db)
        .await?
        .into_iter()
        .filter(|p| {
            keys.iter()
                .any(|(pid, r)| *pid == p.product_id && *r == p.ref_id)
        })
        .collect())
}
