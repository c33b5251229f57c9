//! Reading subscriptions with everything the official clients select — plan (product,
//! prices, entitlements, compatible addons), addons, billed prices, totals — for any number
//! of customers in a bounded number of queries (10 at most, whatever the number of customers,
//! subscriptions, addons, prices or features): no N+1.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{amount, SubscriptionStatus};
use crate::error::Result;
use entity::stigg_enums::Currency;
use entity::{
    feature, package, package_entitlement, plan_compatible_addon, price, product, subscription,
    subscription_addon, subscription_price,
};

/// A price with its billed feature (per-unit prices).
#[derive(Clone, Debug)]
pub struct PriceView {
    pub price: price::Model,
    /// Exact amount, in currency units (not cents).
    pub amount: Decimal,
    pub feature: Option<feature::Model>,
}

/// A package entitlement with its feature.
#[derive(Clone, Debug)]
pub struct EntitlementView {
    pub entitlement: package_entitlement::Model,
    pub feature: feature::Model,
}

/// A plan or addon with its product, prices and entitlements.
#[derive(Clone, Debug)]
pub struct PackageView {
    pub package: package::Model,
    pub product: product::Model,
    pub prices: Vec<PriceView>,
    pub entitlements: Vec<EntitlementView>,
    /// Plans: their compatible addons (empty for addons).
    pub compatible_addons: Vec<PackageView>,
}

/// One billed price of a subscription with its quantity (units for per-unit prices, the
/// addon quantity for addon prices, 1 for flat fees).
#[derive(Clone, Debug)]
pub struct BilledPrice {
    pub price: PriceView,
    pub quantity: f64,
    /// True when the price belongs to the plan (false: to an addon).
    pub of_plan: bool,
}

/// A subscription with everything needed to answer for it.
#[derive(Clone, Debug)]
pub struct SubscriptionView {
    pub row: subscription::Model,
    pub plan: PackageView,
    /// Addons with their quantities.
    pub addons: Vec<(PackageView, i32)>,
    pub prices: Vec<BilledPrice>,
}

impl SubscriptionView {
    /// Σ amount × quantity over the billed prices, exactly; with the currency of the prices.
    /// `None` when nothing is billed.
    pub fn total(&self) -> Option<(Decimal, Currency)> {
        let first = self.prices.first()?;
        let total = self
            .prices
            .iter()
            .map(|b| b.price.amount * Decimal::try_from(b.quantity).unwrap_or_default())
            .sum();
        Some((total, first.price.price.currency))
    }
}

/// The subscriptions of `customer_ids` whose status is in `statuses` (any status when
/// `None`), newest first, grouped by customer id.
pub async fn for_customers<C: ConnectionTrait>(
    db: &C,
    customer_ids: &[Uuid],
    statuses: Option<&[SubscriptionStatus]>,
) -> Result<HashMap<Uuid, Vec<SubscriptionView>>> {
    if customer_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut select = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.is_in(customer_ids.iter().copied()));
    if let Some(statuses) = statuses {
        select = select.filter(subscription::Column::Status.is_in(statuses.iter().copied()));
    }
    let rows = select
        .order_by_desc(subscription::Column::CreatedAt)
        .order_by_desc(subscription::Column::Id)
        .all(db)
        .await?;
    let views = assemble(db, rows).await?;
    let mut grouped: HashMap<Uuid, Vec<SubscriptionView>> = HashMap::new();
    for view in views {
        grouped.entry(view.row.customer_id).or_default().push(view);
    }
    Ok(grouped)
}

/// The subscriptions with the given ids, in that order.
pub async fn by_ids<C: ConnectionTrait>(db: &C, ids: &[Uuid]) -> Result<Vec<SubscriptionView>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = subscription::Entity::find()
        .filter(subscription::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let mut views = assemble(db, rows).await?;
    views.sort_by_key(|v| ids.iter().position(|id| *id == v.row.id));
    Ok(views)
}

async fn assemble<C: ConnectionTrait>(
    db: &C,
    rows: Vec<subscription::Model>,
) -> Result<Vec<SubscriptionView>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let subscription_ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let addon_rows = subscription_addon::Entity::find()
        .filter(subscription_addon::Column::SubscriptionId.is_in(subscription_ids.clone()))
        .all(db)
        .await?;
    let billed_rows = subscription_price::Entity::find()
        .filter(subscription_price::Column::SubscriptionId.is_in(subscription_ids))
        .all(db)
        .await?;

    let plan_ids: HashSet<Uuid> = rows.iter().map(|r| r.plan_id).collect();
    let pairs = plan_compatible_addon::Entity::find()
        .filter(plan_compatible_addon::Column::PlanId.is_in(plan_ids.iter().copied()))
        .all(db)
        .await?;
    let package_ids: HashSet<Uuid> = plan_ids
        .iter()
        .copied()
        .chain(addon_rows.iter().map(|a| a.addon_id))
        .chain(pairs.iter().map(|p| p.addon_id))
        .collect();
    let packages = package::Entity::find()
        .filter(package::Column::Id.is_in(package_ids.iter().copied()))
        .all(db)
        .await?;
    let product_ids: HashSet<Uuid> = packages.iter().map(|p| p.product_id).collect();
    let products: HashMap<Uuid, product::Model> = product::Entity::find()
        .filter(product::Column::Id.is_in(product_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let prices = price::Entity::find()
        .filter(price::Column::PackageId.is_in(package_ids.iter().copied()))
        .order_by_asc(price::Column::CreatedAt)
        .order_by_asc(price::Column::Id)
        .all(db)
        .await?;
    let entitlements = package_entitlement::Entity::find()
        .filter(package_entitlement::Column::PackageId.is_in(package_ids.iter().copied()))
        .order_by_asc(package_entitlement::Column::CreatedAt)
        .order_by_asc(package_entitlement::Column::Id)
        .all(db)
        .await?;
    let feature_ids: HashSet<Uuid> = prices
        .iter()
        .filter_map(|p| p.feature_id)
        .chain(entitlements.iter().map(|e| e.feature_id))
        .collect();
    let features: HashMap<Uuid, feature::Model> = if feature_ids.is_empty() {
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

    // Assemble packages (without compatible addons first, then plans with theirs).
    let mut price_views: HashMap<Uuid, PriceView> = HashMap::new();
    let mut prices_by_package: HashMap<Uuid, Vec<PriceView>> = HashMap::new();
    for p in prices {
        let view = PriceView {
            amount: amount(&p)?,
            feature: p.feature_id.and_then(|id| features.get(&id).cloned()),
            price: p,
        };
        price_views.insert(view.price.id, view.clone());
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
    let mut bare: HashMap<Uuid, PackageView> = HashMap::new();
    for package in packages {
        let Some(product) = products.get(&package.product_id).cloned() else {
            continue;
        };
        bare.insert(
            package.id,
            PackageView {
                prices: prices_by_package.remove(&package.id).unwrap_or_default(),
                entitlements: entitlements_by_package
                    .remove(&package.id)
                    .unwrap_or_default(),
                compatible_addons: Vec::new(),
                product,
                package,
            },
        );
    }
    let mut plans: HashMap<Uuid, PackageView> = HashMap::new();
    for plan_id in plan_ids {
        if let Some(mut plan) = bare.get(&plan_id).cloned() {
            let mut compatible: Vec<PackageView> = pairs
                .iter()
                .filter(|p| p.plan_id == plan_id)
                .filter_map(|p| bare.get(&p.addon_id).cloned())
                .collect();
            compatible.sort_by(|a, b| a.package.ref_id.cmp(&b.package.ref_id));
            plan.compatible_addons = compatible;
            plans.insert(plan_id, plan);
        }
    }

    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(plan) = plans.get(&row.plan_id).cloned() else {
            continue;
        };
        let mut addons: Vec<(PackageView, i32)> = addon_rows
            .iter()
            .filter(|a| a.subscription_id == row.id)
            .filter_map(|a| bare.get(&a.addon_id).cloned().map(|v| (v, a.quantity)))
            .collect();
        addons.sort_by(|a, b| a.0.package.ref_id.cmp(&b.0.package.ref_id));
        let prices = billed_rows
            .iter()
            .filter(|b| b.subscription_id == row.id)
            .filter_map(|b| {
                price_views.get(&b.price_id).map(|p| BilledPrice {
                    of_plan: p.price.package_id == row.plan_id,
                    price: p.clone(),
                    quantity: b.quantity,
                })
            })
            .collect();
        views.push(SubscriptionView {
            row,
            plan,
            addons,
            prices,
        });
    }
    Ok(views)
}
