//! Environments and their server API keys. Keys are shown once and stored only as SHA-256
//! hashes; a key grants access to exactly one environment's customers.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use entity::{api_key, environment};

/// The environment created on first start and used by `PLANGATE_API_KEY`.
pub const DEVELOPMENT: &str = "development";

/// The id of the environment a request acts in (from its API key).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EnvironmentId(pub Uuid);

/// SHA-256 of a key, as lowercase hex (64 characters): what `api_keys.key_hash` stores.
pub fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// A new random server key: `server-` followed by 64 hex characters (256 random bits).
pub fn generate_key() -> String {
    let bytes: [u8; 32] = rand::random();
    format!("server-{}", hex::encode(bytes))
}

/// The environment named `slug`, created if missing.
pub async fn ensure_environment<C: ConnectionTrait>(
    db: &C,
    slug: &str,
) -> anyhow::Result<environment::Model> {
    if let Some(found) = environment::Entity::find()
        .filter(environment::Column::Slug.eq(slug))
        .one(db)
        .await?
    {
        return Ok(found);
    }
    // ON CONFLICT DO NOTHING: replicas starting together on one database may create the same
    // environment at once; the loser keeps its transaction usable and reads the winner's row.
    environment::Entity::insert(environment::ActiveModel {
        id: Set(Uuid::new_v4()),
        slug: Set(slug.to_owned()),
        // Operator actions (CLI, start-up) are stamped by the system clock.
        created_at: Set(crate::time::Clock::System.now()),
    })
    .on_conflict(
        OnConflict::column(environment::Column::Slug)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    environment::Entity::find()
        .filter(environment::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("environment '{slug}' not readable after creation"))
}

/// Stores `key` (its hash) for the environment `slug`, creating the environment if needed.
/// Does nothing when the key already exists. Fails when the key belongs to another
/// environment.
pub async fn ensure_key<C: crate::database::Writable>(
    db: &C,
    slug: &str,
    key: &str,
) -> anyhow::Result<()> {
    if key.trim().is_empty() {
        anyhow::bail!("an API key must not be empty");
    }
    let txn = crate::database::begin_write(db).await?;
    store_key(&txn, slug, key).await?;
    txn.commit().await?;
    Ok(())
}

/// [`ensure_key`] inside the caller's write transaction `txn`.
async fn store_key<C: ConnectionTrait>(txn: &C, slug: &str, key: &str) -> anyhow::Result<()> {
    let env = ensure_environment(txn, slug).await?;
    let hash = hash_key(key);
    match api_key::Entity::find()
        .filter(api_key::Column::KeyHash.eq(&hash))
        .one(txn)
        .await?
    {
        Some(existing) if existing.environment_id == env.id => {}
        Some(_) => anyhow::bail!("this API key already belongs to another environment"),
        None => {
            // Another replica may be storing the same key right now: keep theirs.
            api_key::Entity::insert(api_key::ActiveModel {
                id: Set(Uuid::new_v4()),
                environment_id: Set(env.id),
                key_hash: Set(hash),
                // Operator actions (CLI, start-up) are stamped by the system clock.
                created_at: Set(crate::time::Clock::System.now()),
            })
            .on_conflict(
                OnConflict::column(api_key::Column::KeyHash)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
        }
    }
    Ok(())
}

/// Key of the PostgreSQL transaction advisory lock held while the first key is created.
const FIRST_KEY_LOCK: i64 = 0x706c_616e_6b65_7931; // "plankey1"

/// On a database without any API key (new, or where `catalog apply` created the environment
/// first: found by the fresh-user re-test, such a start printed no key and served with none):
/// creates the environment `slug` if missing, gives it a new key, hands the key to `show`
/// before the commit and answers it, the only time it is visible; `None` when some key
/// exists. The
/// check and the creation are one write transaction, which on PostgreSQL first takes a
/// transaction advisory lock, so replicas starting together on a new database create one key
/// between them and only its creator prints it (found by the fresh-user trial, 2026-12-02:
/// four replicas each created and printed a key of their own).
pub async fn create_first_key(
    db: &sea_orm::DatabaseConnection,
    slug: &str,
    show: impl FnOnce(&str),
) -> anyhow::Result<Option<String>> {
    let txn = crate::database::begin_write(db).await?;
    crate::database::advisory_xact_lock(&txn, FIRST_KEY_LOCK).await?;
    if api_key::Entity::find().count(&txn).await? > 0 {
        txn.rollback().await?;
        return Ok(None);
    }
    let key = generate_key();
    store_key(&txn, slug, &key).await?;
    // Shown before the commit: a process killed between the two leaves either no key (the
    // next start makes one) or a key that was shown, never a stored key nobody saw (found by
    // the fresh-user re-test: a kill -9 right after the commit locked the database out).
    show(&key);
    if let Err(err) = txn.commit().await {
        eprintln!("plangate: that key was not stored ({err}); it does not work");
        return Err(err.into());
    }
    Ok(Some(key))
}

/// Creates a new key for the environment `slug` (created if missing) and returns it; this is
/// the only time the key is visible.
pub async fn create_key<C: crate::database::Writable>(
    db: &C,
    slug: &str,
) -> anyhow::Result<String> {
    let key = generate_key();
    ensure_key(db, slug, &key).await?;
    Ok(key)
}

/// The environment named `slug`, if it exists.
pub async fn find<C: ConnectionTrait>(db: &C, slug: &str) -> anyhow::Result<Option<EnvironmentId>> {
    Ok(environment::Entity::find()
        .filter(environment::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(|e| EnvironmentId(e.id)))
}

/// `rows` each paired with the name (slug) of its environment, `environment_id` telling which
/// (`''` for an environment that no longer exists): what the CLI's listings print.
pub async fn with_slugs<C: ConnectionTrait, T>(
    db: &C,
    rows: Vec<T>,
    environment_id: impl Fn(&T) -> Uuid,
) -> anyhow::Result<Vec<(String, T)>> {
    let envs = environment::Entity::find().all(db).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let id = environment_id(&row);
            let slug = envs
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.slug.clone())
                .unwrap_or_default();
            (slug, row)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_and_hashes_are_hex() {
        let (a, b) = (generate_key(), generate_key());
        assert_ne!(a, b);
        assert!(a.starts_with("server-") && a.len() == 7 + 64);
        let h = hash_key(&a);
        assert_eq!(h.len(), 64);
        assert!(h.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(h, hash_key(&b));
    }
}
