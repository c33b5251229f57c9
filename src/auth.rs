//! `X-API-KEY` → environment. Every POST `/graphql` must carry a server key; the key's hash is
//! looked up in `api_keys`.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::environment::{hash_key, EnvironmentId};
use crate::error::{Error, Result};
use entity::api_key;

/// The HTTP header that carries the key (Stigg's SDKs send `X-API-KEY`).
pub const API_KEY_HEADER: &str = "x-api-key";

/// The environment of `key`. Errors: `Unauthenticated` when the key is missing, empty or
/// unknown; `UnexpectedError` when the database fails.
pub async fn authenticate(db: &DatabaseConnection, key: Option<&str>) -> Result<EnvironmentId> {
    let key = key.map(str::trim).filter(|k| !k.is_empty());
    let Some(key) = key else {
        return Err(Error::Unauthenticated);
    };
    let environment: Option<Uuid> = api_key::Entity::find()
        .select_only()
        .column(api_key::Column::EnvironmentId)
        .filter(api_key::Column::KeyHash.eq(hash_key(key)))
        .into_tuple()
        .one(db)
        .await?;
    environment.map(EnvironmentId).ok_or(Error::Unauthenticated)
}
