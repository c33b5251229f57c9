//! Reading the catalog: paged lists (`features`, `products`, `plans`, `addons`) and
//! [`CatalogView`], everything needed to show a set of plans and addons — their products,
//! prices, entitlements, features and compatible addons — loaded in a fixed number of
//! queries whatever the number of packages.

use std::collections::{BTreeSet, HashMap};

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use uuid::Uuid;

use super::{
    Entitlement, Feature, Package, PackageKind, PackageStatus, Price, Product,
    SubscriptionStartSetup,
};
use crate::environment::EnvironmentId;
use crate::error::Result;
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

struct Columns<C> {
    id: C,
    ref_id: C,
    created_at: C,
    updated_at: C,
    display_name: C,
}

async fn list<E, C>(
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
    let window = query.paging.window(select.clone().count(db).await?);
    if window.limit() == 0 {
        return Ok(window.page(Vec::new()));
    }
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
    let items = select
        .order_by(cols.id, Order::Asc)
        .offset(window.offset())
        .limit(window.limit())
        .all(db)
        .await?;
    Ok(window.page(items))
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

/// Plans or addons of `env` (every status unless filtered), filtered, sorted and paged.
pub async fn packages<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    kind: PackageKind,
    query: &ListQuery,
) -> Result<Page<Package>> {
    let mut select = package::Entity::find()
        .filter(package::Column::EnvironmentId.eq(env.0))
        .filter(package::Column::PackageType.eq(kind));
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

/// Plans and addons with everything shown about them, keyed by id.
#[derive(Clone, Debug, Default)]
pub struct CatalogView {
    /// The requested packages and their compatible addons.
    pub packages: HashMap<Uuid, Package>,
    pub products: HashMap<Uuid, Product>,
    /// Features used by the prices and entitlements of `packages`.
    pub features: HashMap<Uuid, Feature>,
    /// Prices by package id.
    pub prices: HashMap<Uuid, Vec<Price>>,
    /// Entitlements by package id.
    pub entitlements: HashMap<Uuid, Vec<Entitlement>>,
    /// Compatible addon ids by plan id.
    pub compatible_addons: HashMap<Uuid, Vec<Uuid>>,
}

impl CatalogView {
    /// Loads packages `package_ids` and products `product_ids` of `env` with their products,
    /// compatible addons, prices, entitlements and features: 8 queries at most, whatever the
    /// counts.
    pub async fn load<C: ConnectionTrait>(
        db: &C,
        env: EnvironmentId,
        package_ids: &[Uuid],
        product_ids: &[Uuid],
    ) -> Result<Self> {
        let mut view = CatalogView::default();
        if !package_ids.is_empty() {
            for p in package::Entity::find()
                .filter(package::Column::EnvironmentId.eq(env.0))
                .filter(package::Column::Id.is_in(package_ids.iter().copied()))
                .all(db)
                .await?
            {
                view.packages.insert(p.id, p);
            }
        }
        let product_ids: BTreeSet<Uuid> = product_ids
            .iter()
            .copied()
            .chain(view.packages.values().map(|p| p.product_id))
            .collect();
        if !product_ids.is_empty() {
            for p in product::Entity::find()
                .filter(product::Column::EnvironmentId.eq(env.0))
                .filter(product::Column::Id.is_in(product_ids))
                .all(db)
                .await?
            {
                view.products.insert(p.id, p);
            }
        }
        // Compatible addons of every plan loaded so far.
        let plan_ids: Vec<Uuid> = view
            .packages
            .values()
            .filter(|p| p.package_type == PackageKind::Plan)
            .map(|p| p.id)
            .collect();
        if !plan_ids.is_empty() {
            let pairs = plan_compatible_addon::Entity::find()
                .filter(plan_compatible_addon::Column::PlanId.is_in(plan_ids))
                .all(db)
                .await?;
            let missing: BTreeSet<Uuid> = pairs
                .iter()
                .map(|c| c.addon_id)
                .filter(|id| !view.packages.contains_key(id))
                .collect();
            if !missing.is_empty() {
                for p in package::Entity::find()
                    .filter(package::Column::Id.is_in(missing))
                    .all(db)
                    .await?
                {
                    view.packages.insert(p.id, p);
                }
                // Addons share their plan's product; load any that is not loaded yet.
                let products: BTreeSet<Uuid> = view
                    .packages
                    .values()
                    .map(|p| p.product_id)
                    .filter(|id| !view.products.contains_key(id))
                    .collect();
                if !products.is_empty() {
                    for p in product::Entity::find()
                        .filter(product::Column::Id.is_in(products))
                        .all(db)
                        .await?
                    {
                        view.products.insert(p.id, p);
                    }
                }
            }
            for c in pairs {
                view.compatible_addons
                    .entry(c.plan_id)
                    .or_default()
                    .push(c.addon_id);
            }
        }
        let all_ids: Vec<Uuid> = view.packages.keys().copied().collect();
        if !all_ids.is_empty() {
            for p in price::Entity::find()
                .filter(price::Column::PackageId.is_in(all_ids.clone()))
                .all(db)
                .await?
            {
                view.prices.entry(p.package_id).or_default().push(p);
            }
            for e in package_entitlement::Entity::find()
                .filter(package_entitlement::Column::PackageId.is_in(all_ids))
                .all(db)
                .await?
            {
                view.entitlements.entry(e.package_id).or_default().push(e);
            }
        }
        let feature_ids: BTreeSet<Uuid> = view
            .prices
            .values()
            .flatten()
            .filter_map(|p| p.feature_id)
            .chain(view.entitlements.values().flatten().map(|e| e.feature_id))
            .collect();
        if !feature_ids.is_empty() {
            for f in feature::Entity::find()
                .filter(feature::Column::Id.is_in(feature_ids))
                .all(db)
                .await?
            {
                view.features.insert(f.id, f);
            }
        }
        view.sort();
        Ok(view)
    }

    /// Orders prices (model, feature, period, default before countries; models and periods by
    /// their Stigg names), entitlements (by creation, then feature refId) and compatible
    /// addons (by refId) deterministically.
    fn sort(&mut self) {
        for prices in self.prices.values_mut() {
            prices.sort_by_cached_key(|p| {
                (
                    p.billing_model.to_string(),
                    p.feature_id,
                    p.billing_period.to_string(),
                    p.billing_country_code.clone(),
                )
            });
        }
        let features: HashMap<Uuid, String> = self
            .features
            .values()
            .map(|f| (f.id, f.ref_id.clone()))
            .collect();
        for entitlements in self.entitlements.values_mut() {
            entitlements.sort_by(|a, b| {
                (a.created_at, features.get(&a.feature_id))
                    .cmp(&(b.created_at, features.get(&b.feature_id)))
            });
        }
        let refs: HashMap<Uuid, String> = self
            .packages
            .values()
            .map(|p| (p.id, p.ref_id.clone()))
            .collect();
        for addons in self.compatible_addons.values_mut() {
            addons.sort_by(|a, b| refs.get(a).cmp(&refs.get(b)));
        }
    }

    /// The prices of package `id`.
    pub fn prices_of(&self, id: Uuid) -> &[Price] {
        self.prices.get(&id).map(Vec::as_slice).unwrap_or_default()
    }

    /// The entitlements of package `id`.
    pub fn entitlements_of(&self, id: Uuid) -> &[Entitlement] {
        self.entitlements
            .get(&id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The compatible addons of plan `id`.
    pub fn compatible_addons_of(&self, id: Uuid) -> Vec<&Package> {
        self.compatible_addons
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|a| self.packages.get(a))
            .collect()
    }
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
        .all(db)
        .await?
        .into_iter()
        .filter(|p| {
            keys.iter()
                .any(|(pid, r)| *pid == p.product_id && *r == p.ref_id)
        })
        .collect())
}
