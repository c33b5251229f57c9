//! Billing integrations: an environment's account at a billing vendor (Stripe), added by
//! `plangate integration add stripe --environment NAME --secret-key sk_… [--base-url URL]`.
//! One per environment and vendor (unique index); adding again replaces the key and URL.
//! The vendor's secret key is stored sealed (see [`super::secret`]), never returned, never
//! logged.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use url::Url;
use uuid::Uuid;

use super::secret::SecretKey;
use super::stripe::{Stripe, DEFAULT_BASE_URL};
use crate::environment::EnvironmentId;
use entity::billing_integration::{self, Model as Integration};
use entity::stigg_enums::BillingVendor;

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
    })
    .on_conflict(
        OnConflict::columns([
            billing_integration::Column::EnvironmentId,
            billing_integration::Column::Vendor,
        ])
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

/// The billing integration of `env`, if it has one.
pub async fn find<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
) -> Result<Option<Integration>, sea_orm::DbErr> {
    billing_integration::Entity::find()
        .filter(billing_integration::Column::EnvironmentId.eq(env.0))
        .filter(billing_integration::Column::Vendor.eq(BillingVendor::Stripe))
        .one(db)
        .await
}

/// Every integration with its environment's name, oldest first (for `integration list`).
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

/// Start-up check: when integrations exist, `key` must be configured and open every one.
/// Errors: a message naming what is missing or wrong.
pub async fn check_all<C: ConnectionTrait>(db: &C, key: Option<&SecretKey>) -> anyhow::Result<()> {
    let all = billing_integration::Entity::find().all(db).await?;
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
