//! `X-API-KEY` → environment. Every POST `/graphql` must carry a server key; the key's hash is
//! looked up in `api_keys`, and a key found there is remembered by the process for
//! [`KNOWN_KEY_TTL`] (unknown keys are looked up every time).

use std::time::Duration;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::environment::{hash_key, EnvironmentId};
use crate::error::{Error, Result};
use entity::api_key;

/// The HTTP header that carries the key (Stigg's SDKs send `X-API-KEY`).
pub const API_KEY_HEADER: &str = "x-api-key";

/// How long a process trusts a key it found without looking again: a key removed from the
/// database stops working on every replica within this time.
pub const KNOWN_KEY_TTL: Duration = Duration::from_secs(30);

/// Most keys one process remembers (least recently used go first).
const MAX_KNOWN_KEYS: u64 = 10_000;

/// The keys a process has found, by SHA-256 hash (the key itself is never kept), with their
/// environments.
#[derive(Clone)]
pub struct KnownKeys {
    cache: moka::sync::Cache<String, EnvironmentId>,
}

impl Default for KnownKeys {
    fn default() -> Self {
        KnownKeys {
            cache: moka::sync::Cache::builder()
                .max_capacity(MAX_KNOWN_KEYS)
                .time_to_live(KNOWN_KEY_TTL)
                .build(),
        }
    }
}

impl KnownKeys {
    /// The environment of `key`. Errors: `Unauthenticated` when the key is missing, empty or
    /// unknown; `UnexpectedError` when the database fails.
    pub async fn authenticate(
        &self,
        db: &DatabaseConnection,
        key: Option<&str>,
    ) -> Result<EnvironmentId> {
        let key = key.map(str::trim).filter(|k| !k.is_empty());
        let Some(key) = key else {
            return Err(Error::Unauthenticated);
        };
        let hash = hash_key(key);
        if let Some(environment) = self.cache.get(&hash) {
            return Ok(environment);
        }
        let environment: Option<Uuid> = api_key::Entity::find()
            .select_only()
            .column(api_key::Column::EnvironmentId)
            .filter(api_key::Column::KeyHash.eq(hash.as_str()))
            .into_tuple()
            .one(db)
            .await?;
        let environment = environment
            .map(EnvironmentId)
            .ok_or(Error::Unauthenticated)?;
        self.cache.insert(hash, environment);
        Ok(environment)
    }
}
