//! Reading subscriptions with everything the official clients select — plan and addons (the
//! catalog's one read model, `catalog::read::PackageView`), billed prices, the customer's
//! coupon (for totals, [`super::pricing`]) — for any number of customers in a bounded number
//! of queries (13 at most: 3 for the subscriptions, their addons and billed prices, 7 for the
//! packages, 2 for the customers' coupons, 1 for paying customers (only when a subscription
//! names one), whatever the number of customers, subscriptions,
//! addons, prices or features): no N+1. Billed prices come in the packages'
//! order: the plan's prices first, then each addon's (addons by refId).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::state::{self, Dates, State};
use super::SubscriptionStatus;
use crate::catalog::kept::KeptPackages;
use crate::catalog::read::load_packages;
pub use crate::catalog::read::{EntitlementView, PackageView, PriceView};
use crate::coupon::CustomerCoupon;
use crate::error::Result;
use chrono::{DateTime, Utc};
use entity::stigg_enums::{Currency, PackageKind};
use entity::{subscription, subscription_addon, subscription_price};

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
    /// Its status and billing period at the instant it was read (`state::at`): what every
    /// answer shows, whatever the stored status says.
    pub state: State,
    /// Shared with the process's kept views when read through `Packages::Kept`.
    pub plan: Arc<PackageView>,
    /// Addons with their quantities.
    pub addons: Vec<(Arc<PackageView>, i32)>,
    pub prices: Vec<BilledPrice>,
    /// The coupon the subscription's customer carries, if any.
    pub coupon: Option<CustomerCoupon>,
    /// The customer who pays for it when another customer uses it (Stigg's
    /// `payingCustomer`; see `super::delegate`).
    pub paying_customer: Option<crate::customer::Customer>,
}

/// The state of subscription `row` on `plan` at `now`.
fn state_at(row: &subscription::Model, plan: &PackageView, now: DateTime<Utc>) -> State {
    state::at(Dates::of(row), plan.package.default_trial_end_behavior, now)
}

impl SubscriptionView {
    /// The same subscription as it is at `now` (status and billing period moved on; a view
    /// kept from an earlier read shows what a new read would).
    pub fn at(&self, now: DateTime<Utc>) -> SubscriptionView {
        SubscriptionView {
            state: state_at(&self.row, &self.plan, now),
            ..self.clone()
        }
    }

    /// True when the subscription grants its entitlements and holds its product's slot now
    /// (ACTIVE or IN_TRIAL at the instant it was read).
    pub fn is_live(&self) -> bool {
        super::is_live(self.state.status)
    }

    /// True when the subscription is live at `now` (as [`Self::at`]`(now).is_live()`, without
    /// the copy).
    pub fn is_live_at(&self, now: DateTime<Utc>) -> bool {
        super::is_live(state_at(&self.row, &self.plan, now).status)
    }

    /// Σ amount × quantity over the billed prices, exactly; with the currency of the prices.
    /// `None` when nothing is billed.
    pub fn total(&self) -> Option<(Decimal, Currency)> {
        sub_total(&self.prices)
    }
}

impl BilledPrice {
    /// What this line bills per period: amount × quantity, exactly.
    pub fn amount(&self) -> Decimal {
        self.price.amount * Decimal::try_from(self.quantity).unwrap_or_default()
    }
}

/// Σ amount × quantity over `prices`, exactly, with the currency of the prices (one per
/// subscription: `subscription::create::one_currency`); `None` when nothing is billed.
pub fn sub_total(prices: &[BilledPrice]) -> Option<(Decimal, Currency)> {
    let first = prices.first()?;
    let total = prices.iter().map(BilledPrice::amount).sum();
    Some((total, first.price.price.currency))
}

/// The subscriptions of `customer_ids` whose status at `now` is in `statuses` (any status
/// when `None`), newest first, grouped by customer id.
pub async fn for_customers<C: ConnectionTrait>(
    db: &C,
    customer_ids: &[Uuid],
    statuses: Option<&[SubscriptionStatus]>,
    now: DateTime<Utc>,
) -> Result<HashMap<Uuid, Vec<SubscriptionView>>> {
    for_customers_with(db, customer_ids, statuses, now, Packages::Read).await
}

/// Where [`assemble`] gets the subscriptions' plans and addons.
#[derive(Clone, Copy)]
pub enum Packages<'a> {
    /// From the database (any connection, transactions included).
    Read,
    /// From what `KeptPackages` keeps for a catalog revision read before the subscriptions
    /// (outside a transaction only: see `catalog::kept`).
    Kept(&'a KeptPackages, i64),
}

/// [`for_customers`], its packages from `packages`.
pub async fn for_customers_with<C: ConnectionTrait>(
    db: &C,
    customer_ids: &[Uuid],
    statuses: Option<&[SubscriptionStatus]>,
    now: DateTime<Utc>,
    packages: Packages<'_>,
) -> Result<HashMap<Uuid, Vec<SubscriptionView>>> {
    if customer_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut select = subscription::Entity::find()
        .filter(subscription::Column::CustomerId.is_in(customer_ids.iter().copied()));
    if let Some(statuses) = statuses {
        // The stored status may be behind: also read the ones that can still move
        // (the slot statuses).
        let stored: HashSet<SubscriptionStatus> = statuses
            .iter()
            .copied()
            .chain(super::SLOT_STATUSES)
            .collect();
        select = select.filter(subscription::Column::Status.is_in(stored));
    }
    let rows = select
        .order_by_desc(subscription::Column::CreatedAt)
        .order_by_desc(subscription::Column::Id)
        .all(db)
        .await?;
    let mut views = assemble_with(db, rows, now, packages).await?;
    if let Some(statuses) = statuses {
        views.retain(|v| statuses.contains(&v.state.status));
    }
    let mut grouped: HashMap<Uuid, Vec<SubscriptionView>> = HashMap::new();
    for view in views {
        grouped.entry(view.row.customer_id).or_default().push(view);
    }
    Ok(grouped)
}

/// The subscriptions with the given ids, in that order, as they are at `now`.
pub async fn by_ids<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<Vec<SubscriptionView>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = subscription::Entity::find()
        .filter(subscription::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let mut views = assemble(db, rows, now).await?;
    views.sort_by_key(|v| ids.iter().position(|id| *id == v.row.id));
    Ok(views)
}

/// Subscription rows with their plans, addons, billed prices and state at `now`.
pub async fn assemble<C: ConnectionTrait>(
    db: &C,
    rows: Vec<subscription::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<SubscriptionView>> {
    assemble_with(db, rows, now, Packages::Read).await
}

/// [`assemble`], its packages from `packages`.
pub async fn assemble_with<C: ConnectionTrait>(
    db: &C,
    rows: Vec<subscription::Model>,
    now: DateTime<Utc>,
    packages: Packages<'_>,
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

    let package_ids: Vec<Uuid> = rows
        .iter()
        .map(|r| r.plan_id)
        .chain(addon_rows.iter().map(|a| a.addon_id))
        .collect::<HashSet<Uuid>>()
        .into_iter()
        .collect();
    let packages: HashMap<Uuid, Arc<PackageView>> = match packages {
        Packages::Read => load_packages(db, None, &package_ids)
            .await?
            .into_iter()
            .map(|(id, view)| (id, Arc::new(view)))
            .collect(),
        Packages::Kept(kept, revision) => kept.load(db, revision, &package_ids).await?,
    };
    let customer_ids: Vec<Uuid> = rows
        .iter()
        .map(|r| r.customer_id)
        .collect::<HashSet<Uuid>>()
        .into_iter()
        .collect();
    let coupons = crate::coupon::of_customers(db, &customer_ids).await?;
    let payers = paying_customers(db, &rows).await?;
    // Coupons given to subscriptions themselves (`appliedCoupon`): they beat the customer's.
    let subscription_coupon_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.coupon_id).collect();
    let subscription_coupons: HashMap<Uuid, crate::coupon::Coupon> =
        crate::coupon::by_ids(db, &subscription_coupon_ids)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
    // Billed prices in the packages' order: the plan's, then each addon's (by refId).
    let price_rank: HashMap<Uuid, (bool, &str, usize)> = packages
        .values()
        .flat_map(|v| {
            v.prices.iter().enumerate().map(move |(i, p)| {
                (
                    p.price.id,
                    (
                        v.package.package_type != PackageKind::Plan,
                        v.package.ref_id.as_str(),
                        i,
                    ),
                )
            })
        })
        .collect();
    let price_views: HashMap<Uuid, &PriceView> = packages
        .values()
        .flat_map(|v| v.prices.iter().map(|p| (p.price.id, p)))
        .collect();

    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(plan) = packages.get(&row.plan_id).cloned() else {
            continue;
        };
        let mut addons: Vec<(Arc<PackageView>, i32)> = addon_rows
            .iter()
            .filter(|a| a.subscription_id == row.id)
            .filter_map(|a| {
                packages
                    .get(&a.addon_id)
                    .map(|v| (without_addons(v), a.quantity))
            })
            .collect();
        addons.sort_by(|a, b| a.0.package.ref_id.cmp(&b.0.package.ref_id));
        let mut prices: Vec<BilledPrice> = billed_rows
            .iter()
            .filter(|b| b.subscription_id == row.id)
            .filter_map(|b| {
                price_views.get(&b.price_id).map(|p| BilledPrice {
                    of_plan: p.price.package_id == row.plan_id,
                    price: PriceView::clone(p),
                    quantity: b.quantity,
                })
            })
            .collect();
        prices.sort_by_key(|b| price_rank.get(&b.price.price.id));
        let state = state_at(&row, &plan, now);
        views.push(SubscriptionView {
            coupon: row
                .coupon_id
                .and_then(|id| subscription_coupons.get(&id))
                .map(|coupon| CustomerCoupon {
                    coupon: coupon.clone(),
                    attached_at: row.coupon_applied_at.unwrap_or(row.start_date),
                })
                .or_else(|| coupons.get(&row.customer_id).cloned()),
            paying_customer: row
                .paying_customer_id
                .and_then(|id| payers.get(&id))
                .cloned(),
            row,
            state,
            plan,
            addons,
            prices,
        });
    }
    Ok(views)
}

/// The paying customers of `rows` (those that name one), by id: one query, none when no row
/// names one.
async fn paying_customers<C: ConnectionTrait>(
    db: &C,
    rows: &[subscription::Model],
) -> Result<HashMap<Uuid, crate::customer::Customer>> {
    let ids: HashSet<Uuid> = rows.iter().filter_map(|r| r.paying_customer_id).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(entity::customer::Entity::find()
        .filter(entity::customer::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect())
}

/// An addon as a subscription shows it (addons have no compatible addons).
fn without_addons(view: &Arc<PackageView>) -> Arc<PackageView> {
    if view.compatible_addons.is_empty() {
        return Arc::clone(view);
    }
    Arc::new(PackageView {
        compatible_addons: Vec::new(),
        ..PackageView::clone(view)
    })
}
