//! Billing integrations: an environment's account at a billing vendor (Stripe), added by
//! `plangate integration add stripe --environment NAME --secret-key sk_… [--base-url URL]`,
//! listed by `plangate integration list` and Stigg's `integrations` query ([`list_live`]),
//! removed by `plangate integration remove` and Stigg's `deleteOneIntegration`
//! ([`remove`]). One per environment and vendor among those not removed (a partial unique
//! index); adding again replaces the key and URL. The vendor's secret key is stored sealed
//! (see [`super::secret`]), never returned, never logged.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, LockType, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use url::Url;
use uuid::Uuid;

use super::secret::SecretKey;
use super::stripe::{Stripe, DEFAULT_BASE_URL};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::paging::{Page, PageRequest, Paging};
use entity::billing_integration::{self, Model as Integration};
use entity::delivery_job::{self, DeliveryKind, DeliveryStatus};
use entity::stigg_enums::{BillingVendor, SyncStatus};

/// What a sealed vendor key is for (the sealing's associated data, with the integration id).
const SECRET_PURPOSE: &str = "billing-integration-secret";

/// Adds (or replaces) the `vendor` integration of environment `env_slug` (created if
/// missing) with `secret` and `base_url` (Stripe's API when `None`). Returns the
/// integration. Errors: a secret that is not a Stripe secret or restricted key (`sk_…`,
/// `rk_…`), a base URL that is not `http(s)://…`.
pub async fn add<C: ConnectionTrait>(
    db: &C,
    key: &SecretKey,
    env_slug: &str,
    vendor: BillingVendor,
    secret: &str,
    base_url: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<Integration> {
    crate::delivery::check_key(db, Some(key)).await?;
    let secret = secret.trim();
    if !(secret.starts_with("sk_") || secret.starts_with("rk_")) || secret.len() < 8 {
        anyhow::bail!("a Stripe secret key starts with sk_ (or rk_ for a restricted key)");
    }
    let base = parse_base_url(base_url.unwrap_or(DEFAULT_BASE_URL))?;
    let env = crate::environment::ensure_environment(db, env_slug).await?;
    let existing = find(db, EnvironmentId(env.id)).await?;
    let id = existing.as_ref().map_or_else(Uuid::new_v4, |i| i.id);
    billing_integration::Entity::insert(billing_integration::ActiveModel {
        id: Set(id),
        environment_id: Set(env.id),
        vendor: Set(vendor),
        secret_sealed: Set(key.seal(SECRET_PURPOSE, id, secret.as_bytes())),
        base_url: Set(base.to_string()),
        created_at: Set(now),
        updated_at: Set(now),
        removed_at: Set(None),
    })
    .on_conflict(
        OnConflict::columns([
            billing_integration::Column::EnvironmentId,
            billing_integration::Column::Vendor,
        ])
        // The unique index covers integrations not removed only
        // (`ux_billing_integrations_live_environment_vendor`).
        .target_and_where(Expr::col(billing_integration::Column::RemovedAt).is_null())
        .update_columns([
            billing_integration::Column::SecretSealed,
            billing_integration::Column::BaseUrl,
            billing_integration::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    find(db, EnvironmentId(env.id))
        .await?
        .ok_or_else(|| anyhow::anyhow!("integration not readable after it was added"))
}

/// `http(s)://host[:port][/path]`, as the base of the vendor's API paths.
fn parse_base_url(text: &str) -> anyhow::Result<Url> {
    let url = Url::parse(text).map_err(|e| anyhow::anyhow!("--base-url {text}: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        anyhow::bail!("--base-url must be an http:// or https:// URL, got {text}");
    }
    Ok(url)
}

/// The billing integration of `env` (not removed), if it has one.
pub async fn find<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
) -> Result<Option<Integration>, sea_orm::DbErr> {
    billing_integration::Entity::find()
        .filter(billing_integration::Column::EnvironmentId.eq(env.0))
        .filter(billing_integration::Column::Vendor.eq(BillingVendor::Stripe))
        .filter(billing_integration::Column::RemovedAt.is_null())
        .one(db)
        .await
}

/// [`find`], holding a shared lock on the integration's row until the end of `txn`
/// (PostgreSQL; SQLite's write transactions are serialized anyway): what a change that
/// queues a billing sync reads, so that [`remove`], which locks the row for update first,
/// either sees the queued job and gives it up, or commits before and the change finds no
/// integration.
pub async fn find_for_sync<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
) -> Result<Option<Integration>, sea_orm::DbErr> {
    billing_integration::Entity::find()
        .filter(billing_integration::Column::EnvironmentId.eq(env.0))
        .filter(billing_integration::Column::Vendor.eq(BillingVendor::Stripe))
        .filter(billing_integration::Column::RemovedAt.is_null())
        .lock(LockType::Share)
        .one(txn)
        .await
}

/// The error a billing sync is given up with when its integration is removed before it was
/// delivered (stored on the job and shown in the customer's `syncStates`).
pub const REMOVED_ERROR: &str =
    "the billing integration was removed before this sync was delivered; the sync was given up";

/// Which integration [`remove`] removes: every condition given must hold (at least `id` or
/// `environment`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Which {
    /// The integration's id.
    pub id: Option<Uuid>,
    /// Its environment (Stigg's `deleteOneIntegration`: the API key's).
    pub environment: Option<EnvironmentId>,
    /// Its vendor.
    pub vendor: Option<BillingVendor>,
}

/// What [`remove`] did.
#[derive(Clone, Debug)]
pub struct Removed {
    /// The integration as it was before it was removed.
    pub integration: Integration,
    /// Queued billing syncs given up (their payloads erased).
    pub syncs_given_up: u64,
}

/// Removes the integration `which` names, in one transaction: it is never used again. Its
/// queued billing syncs are given up at once (FAILED, [`REMOVED_ERROR`], payload erased, as
/// a delivered or given-up job's is), and their customers' sync state becomes ERROR with
/// that error (shown in `syncStates`); its sealed key is erased. Customers keep their
/// `billingId` and the state of syncs already delivered. An attempt already sending when the
/// removal commits may still reach Stripe; its outcome is not recorded (the job is no longer
/// pending). Stigg's `deleteOneIntegration` (docs.stigg.io, "Integration with multiple billing
/// providers": integrations per environment) and `plangate integration remove`.
///
/// Errors: `IntegrationNotFound` when no integration not yet removed matches (or neither
/// `id` nor `environment` is given); `UnexpectedError` when the database fails.
pub async fn remove<C: crate::database::Writable>(
    db: &C,
    which: Which,
    now: DateTime<Utc>,
) -> Result<Removed> {
    let not_found = || {
        Error::IntegrationNotFound(match which.id {
            Some(id) => format!("Integration not found: '{id}'"),
            None => "Integration not found".to_owned(),
        })
    };
    if which.id.is_none() && which.environment.is_none() {
        return Err(not_found());
    }
    let txn = crate::database::begin_write(db).await?;
    let mut find = billing_integration::Entity::find()
        .filter(billing_integration::Column::RemovedAt.is_null());
    if let Some(id) = which.id {
        find = find.filter(billing_integration::Column::Id.eq(id));
    }
    if let Some(env) = which.environment {
        find = find.filter(billing_integration::Column::EnvironmentId.eq(env.0));
    }
    if let Some(vendor) = which.vendor {
        find = find.filter(billing_integration::Column::Vendor.eq(vendor));
    }
    // Locked first: a change queueing a sync holds a shared lock on it (`find_for_sync`).
    let found = find.lock(LockType::Update).all(&txn).await?;
    let [integration] = <[Integration; 1]>::try_from(found).map_err(|_| not_found())?;
    let pending_syncs = || {
        Query::select()
            .column(delivery_job::Column::CustomerId)
            .from(delivery_job::Entity)
            .and_where(delivery_job::Column::TargetId.eq(integration.id))
            .and_where(delivery_job::Column::Kind.eq(DeliveryKind::BillingCustomerSync))
            .and_where(delivery_job::Column::Status.eq(DeliveryStatus::Pending))
            .to_owned()
    };
    entity::customer_billing::Entity::update_many()
        .col_expr(
            entity::customer_billing::Column::Status,
            Expr::value(SyncStatus::Error),
        )
        .col_expr(
            entity::customer_billing::Column::Error,
            Expr::value(Some(REMOVED_ERROR.to_owned())),
        )
        .col_expr(
            entity::customer_billing::Column::UpdatedAt,
            Expr::value(now),
        )
        .filter(entity::customer_billing::Column::IntegrationId.eq(integration.id))
        .filter(entity::customer_billing::Column::CustomerId.in_subquery(pending_syncs()))
        .exec(&txn)
        .await?;
    let given_up = delivery_job::Entity::update_many()
        .col_expr(
            delivery_job::Column::Status,
            Expr::value(DeliveryStatus::Failed),
        )
        .col_expr(
            delivery_job::Column::Payload,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            delivery_job::Column::LastError,
            Expr::value(Some(REMOVED_ERROR.to_owned())),
        )
        .col_expr(delivery_job::Column::FinishedAt, Expr::value(Some(now)))
        .col_expr(delivery_job::Column::UpdatedAt, Expr::value(now))
        .filter(delivery_job::Column::TargetId.eq(integration.id))
        .filter(delivery_job::Column::Kind.eq(DeliveryKind::BillingCustomerSync))
        .filter(delivery_job::Column::Status.eq(DeliveryStatus::Pending))
        .exec(&txn)
        .await?;
    billing_integration::Entity::update_many()
        .col_expr(
            billing_integration::Column::RemovedAt,
            Expr::value(Some(now)),
        )
        .col_expr(billing_integration::Column::UpdatedAt, Expr::value(now))
        // A removed integration keeps no key.
        .col_expr(
            billing_integration::Column::SecretSealed,
            Expr::value(String::new()),
        )
        .filter(billing_integration::Column::Id.eq(integration.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Removed {
        integration,
        syncs_given_up: given_up.rows_affected,
    })
}

/// A field the integrations list sorts by (Stigg's `IntegrationSortFields`; every
/// integration is a billing one, so `vendorType` puts no order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortField {
    CreatedAt,
    EnvironmentId,
    Id,
    Vendor,
}

/// What [`list_live`] returns: every condition given must hold.
#[derive(Clone, Debug, Default)]
pub struct ListRequest {
    /// Integrations by id (any of).
    pub ids: Option<Vec<Uuid>>,
    /// Integrations by vendor (any of; empty matches none).
    pub vendors: Option<Vec<BillingVendor>>,
    /// Sort keys, most significant first, `true` = descending; empty means Stigg's default,
    /// `createdAt` descending. Ties are broken by id.
    pub sorting: Vec<(SortField, bool)>,
    pub paging: PageRequest,
}

/// One page of the integrations of `env` not removed (Stigg's `integrations`, scoped to the
/// API key's environment), in at most two queries (the count and the page).
/// Errors: `BadUserInput` (paging, as `customers`), `UnexpectedError`.
pub async fn list_live<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    request: &ListRequest,
) -> Result<Page<Integration>> {
    let paging = Paging::parse(&request.paging)?;
    let mut select = billing_integration::Entity::find()
        .filter(billing_integration::Column::EnvironmentId.eq(env.0))
        .filter(billing_integration::Column::RemovedAt.is_null());
    if let Some(ids) = &request.ids {
        select = select.filter(billing_integration::Column::Id.is_in(ids.iter().copied()));
    }
    if let Some(vendors) = &request.vendors {
        select = select.filter(billing_integration::Column::Vendor.is_in(vendors.iter().copied()));
    }
    let window = paging.window(select.clone().count(db).await?);
    if window.limit() == 0 {
        return Ok(window.page(Vec::new()));
    }
    let default = [(SortField::CreatedAt, true)];
    let sorting = if request.sorting.is_empty() {
        &default[..]
    } else {
        &request.sorting[..]
    };
    for (field, descending) in sorting {
        let column = match field {
            SortField::CreatedAt => billing_integration::Column::CreatedAt,
            SortField::EnvironmentId => billing_integration::Column::EnvironmentId,
            SortField::Id => billing_integration::Column::Id,
            SortField::Vendor => billing_integration::Column::Vendor,
        };
        select = select.order_by(column, if *descending { Order::Desc } else { Order::Asc });
    }
    let items = select
        .order_by_asc(billing_integration::Column::Id)
        .offset(window.offset())
        .limit(window.limit())
        .all(db)
        .await?;
    Ok(window.page(items))
}

/// Every integration (removed ones too) with its environment's name, oldest first (for
/// `integration list`).
pub async fn list<C: ConnectionTrait>(db: &C) -> anyhow::Result<Vec<(String, Integration)>> {
    let rows = billing_integration::Entity::find()
        .order_by_asc(billing_integration::Column::CreatedAt)
        .all(db)
        .await?;
    crate::environment::with_slugs(db, rows, |i| i.environment_id).await
}

/// The Stripe account of `integration`, its key opened with `key`.
/// Errors: the sealed key does not open (another `PLANGATE_SECRET_KEY`).
pub fn stripe(
    integration: &Integration,
    key: &SecretKey,
    http: reqwest::Client,
) -> Result<Stripe, super::secret::SealBroken> {
    let secret = key.open(SECRET_PURPOSE, integration.id, &integration.secret_sealed)?;
    let base = Url::parse(&integration.base_url).map_err(|_| super::secret::SealBroken)?;
    Ok(Stripe::new(
        http,
        base,
        String::from_utf8_lossy(&secret).into_owned(),
    ))
}

/// Start-up check: when integrations (not removed) exist, `key` must be configured and open
/// every one. Errors: a message naming what is missing or wrong.
pub async fn check_all<C: ConnectionTrait>(db: &C, key: Option<&SecretKey>) -> anyhow::Result<()> {
    // A removed integration has no key (and is never used again).
    let all = billing_integration::Entity::find()
        .filter(billing_integration::Column::RemovedAt.is_null())
        .all(db)
        .await?;
    if all.is_empty() {
        return Ok(());
    }
    let Some(key) = key else {
        anyhow::bail!(
            "billing integrations exist but PLANGATE_SECRET_KEY is not set: set it to the key they were added with"
        );
    };
    for integration in &all {
        key.open(SECRET_PURPOSE, integration.id, &integration.secret_sealed)
            .map_err(|_| {
                anyhow::anyhow!(
                    "PLANGATE_SECRET_KEY does not open the secret of billing integration {} (was it added with another key?)",
                    integration.id
                )
            })?;
    }
    Ok(())
}
