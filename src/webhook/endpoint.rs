//! Webhook endpoints: an environment's URLs that receive its events, managed by
//! `plangate webhook add|list|remove` (Stigg's GraphQL schema has no webhook operations).
//! Each endpoint has its own signing secret (`whsec_` + base64 of 32 random bytes, Standard
//! Webhooks' format), shown once when it is added and stored sealed under
//! `PLANGATE_SECRET_KEY`.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use rand::RngCore as _;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use url::Url;
use uuid::Uuid;

use super::WebhookEventType;
use crate::billing::secret::{SealBroken, SecretKey};
use crate::environment::EnvironmentId;
use crate::error::Result;
use entity::webhook_endpoint;
/// A webhook endpoint (its stored row).
pub use entity::webhook_endpoint::Model as Endpoint;

/// What a sealed signing secret is for (the sealing's associated data, with the endpoint id).
const SECRET_PURPOSE: &str = "webhook-endpoint-secret";

/// Adds an endpoint at `url` for environment `env_slug` (created if missing) that receives
/// `events` (every event when empty). Returns it and its signing secret — the only time
/// the secret is shown. Errors: a URL that is not `http(s)://…`.
pub async fn add<C: ConnectionTrait>(
    db: &C,
    key: &SecretKey,
    env_slug: &str,
    url: &str,
    events: &[WebhookEventType],
    now: DateTime<Utc>,
) -> anyhow::Result<(Endpoint, String)> {
    crate::delivery::check_key(db, Some(key)).await?;
    let parsed = Url::parse(url).map_err(|e| anyhow::anyhow!("--url {url}: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        anyhow::bail!("--url must be an http:// or https:// URL, got {url}");
    }
    let env = crate::environment::ensure_environment(db, env_slug).await?;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    );
    let id = Uuid::new_v4();
    let names: Vec<String> = events.iter().map(|e| e.name()).collect();
    let row = webhook_endpoint::ActiveModel {
        id: Set(id),
        environment_id: Set(env.id),
        url: Set(parsed.to_string()),
        secret_sealed: Set(key.seal(SECRET_PURPOSE, id, secret.as_bytes())),
        event_types: Set(serde_json::json!(names)),
        created_at: Set(now),
        disabled_at: Set(None),
    };
    webhook_endpoint::Entity::insert(row)
        .exec_without_returning(db)
        .await?;
    let endpoint = webhook_endpoint::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("endpoint not readable after it was added"))?;
    Ok((endpoint, secret))
}

/// Stops sending events to endpoint `id`: nothing is sent to it again (jobs already queued for
/// it are given up at their next attempt; a replay skips it).
/// Errors: no such endpoint.
pub async fn remove<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let done = webhook_endpoint::Entity::update_many()
        .col_expr(webhook_endpoint::Column::DisabledAt, Expr::value(Some(now)))
        .filter(webhook_endpoint::Column::Id.eq(id))
        .filter(webhook_endpoint::Column::DisabledAt.is_null())
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        anyhow::bail!("no active webhook endpoint {id}");
    }
    Ok(())
}

/// Every endpoint with its environment's name, oldest first (for `webhook list`).
pub async fn list<C: ConnectionTrait>(db: &C) -> anyhow::Result<Vec<(String, Endpoint)>> {
    let rows = webhook_endpoint::Entity::find()
        .order_by_asc(webhook_endpoint::Column::CreatedAt)
        .all(db)
        .await?;
    crate::environment::with_slugs(db, rows, |e| e.environment_id).await
}

/// The event types `endpoint` receives (every one when its list is empty).
pub fn receives(endpoint: &Endpoint, event: WebhookEventType) -> bool {
    match endpoint.event_types.as_array() {
        Some(names) if !names.is_empty() => names.iter().any(|n| n.as_str() == Some(&event.name())),
        _ => true,
    }
}

/// The active endpoints of `env` that receive `event`.
pub async fn receiving<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    event: WebhookEventType,
) -> Result<Vec<Endpoint>> {
    Ok(webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::EnvironmentId.eq(env.0))
        .filter(webhook_endpoint::Column::DisabledAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .filter(|e| receives(e, event))
        .collect())
}

/// The signing secret of `endpoint`, opened with `key`. Errors: [`SealBroken`].
pub fn secret(endpoint: &Endpoint, key: &SecretKey) -> std::result::Result<String, SealBroken> {
    let plain = key.open(SECRET_PURPOSE, endpoint.id, &endpoint.secret_sealed)?;
    String::from_utf8(plain).map_err(|_| SealBroken)
}

/// Start-up check: when active endpoints exist, `key` must be configured and open every
/// secret.
pub async fn check_all<C: ConnectionTrait>(db: &C, key: Option<&SecretKey>) -> anyhow::Result<()> {
    // A removed endpoint is never sent to again (its queued jobs are given up).
    let all = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::DisabledAt.is_null())
        .all(db)
        .await?;
    if all.is_empty() {
        return Ok(());
    }
    let Some(key) = key else {
        anyhow::bail!(
            "webhook endpoints exist but PLANGATE_SECRET_KEY is not set: set it to the key they were added with"
        );
    };
    for endpoint in &all {
        secret(endpoint, key).map_err(|_| {
            anyhow::anyhow!(
                "PLANGATE_SECRET_KEY does not open the secret of webhook endpoint {} (was it added with another key?)",
                endpoint.id
            )
        })?;
    }
    Ok(())
}
