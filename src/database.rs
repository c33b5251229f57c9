//! Database connection and the classification of database errors.
//!
//! `DATABASE_URL` selects the backend: `sqlite://FILE` (embedded; created if missing, WAL
//! mode, `synchronous=FULL` unless configured otherwise, 10 s busy timeout, foreign keys on, case-sensitive LIKE so that `like` means the
//! same on both backends) or `postgres://…`.

use std::time::Duration;

use anyhow::Context;
use migration::MigratorTrait as _;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, RuntimeErr, TransactionTrait,
};

/// When SQLite makes a committed transaction durable (its `synchronous` setting, WAL mode).
/// Ignored on PostgreSQL, whose own `synchronous_commit` decides.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SqliteSynchronous {
    /// Every commit is synced to disk before it is acknowledged: an acknowledged write
    /// survives a power loss or OS crash. The default, for a system of record.
    #[default]
    Full,
    /// The write-ahead log is synced only at checkpoints: faster commits, still safe against
    /// an application crash, but the last acknowledged writes can be lost on power loss or an
    /// OS crash (the database stays consistent).
    Normal,
}

/// Connects with a pool of at most `max_connections` (SQLite with `synchronous` durability)
/// and applies pending migrations.
pub async fn connect(
    url: &str,
    max_connections: u32,
    synchronous: SqliteSynchronous,
) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false);
    if is_sqlite(url) {
        options.map_sqlx_sqlite_opts(move |sqlite| {
            sqlite
                .create_if_missing(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(match synchronous {
                    SqliteSynchronous::Full => sqlx::sqlite::SqliteSynchronous::Full,
                    SqliteSynchronous::Normal => sqlx::sqlite::SqliteSynchronous::Normal,
                })
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .pragma("case_sensitive_like", "ON")
        });
    }
    let db = Database::connect(options)
        .await
        .with_context(|| format!("connecting to the database at {}", redact(url)))?;
    migration::Migrator::up(&db, None)
        .await
        .context("applying database migrations")?;
    Ok(db)
}

/// A statement that writes nothing but makes SQLite take the database's write lock.
///
/// SeaORM 1.1 opens every SQLite transaction with a plain (deferred) `BEGIN` and offers no way
/// to send `BEGIN IMMEDIATE`. A deferred transaction that reads first and writes later must
/// upgrade its lock, and SQLite refuses that upgrade without waiting when another connection
/// wrote in between ("database is locked", codes 5 and 517). When the transaction's first
/// statement is a write, SQLite takes the write lock at once and waits for it up to the busy
/// timeout, exactly as `BEGIN IMMEDIATE` does. `WHERE 0` matches no row: nothing changes.
const SQLITE_TAKE_WRITE_LOCK: &str = "UPDATE seaql_migrations SET version = version WHERE 0";

/// Opens a transaction for a change: every mutation's transaction starts here.
///
/// On SQLite the transaction holds the write lock from its first statement on, so concurrent
/// read-then-write transactions queue (up to the 10 s busy timeout) instead of failing with
/// "database is locked"; readers are not blocked (WAL). On PostgreSQL it is a plain `BEGIN`
/// (row locks and unique indexes decide there). Inside another transaction it opens a
/// savepoint, as `begin` does.
pub async fn begin_write<C>(db: &C) -> Result<DatabaseTransaction, DbErr>
where
    C: TransactionTrait + ?Sized,
{
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Sqlite {
        txn.execute_unprepared(SQLITE_TAKE_WRITE_LOCK).await?;
    }
    Ok(txn)
}

/// True when `url` names an SQLite database.
pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((credentials, host)) => {
                let user = credentials.split(':').next().unwrap_or_default();
                format!("{scheme}://{user}:***@{host}")
            }
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// True when `err` is a unique violation of the index `index` (PostgreSQL: SQLSTATE 23505 with
/// that constraint name) or, on SQLite (which does not report index names), a
/// `SQLITE_CONSTRAINT_UNIQUE`/`_PRIMARYKEY` failure on exactly `sqlite_columns`
/// (e.g. `"customers.environment_id, customers.ref_id"`). Any other failure is not a
/// duplicate and must surface as `UnexpectedError`.
pub fn is_unique_violation(err: &DbErr, index: &str, sqlite_columns: &str) -> bool {
    let sqlx_err = match err {
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        _ => return false,
    };
    let sqlx::Error::Database(db_err) = sqlx_err else {
        return false;
    };
    if !db_err.is_unique_violation() {
        return false;
    }
    match db_err.constraint() {
        Some(constraint) => constraint == index,
        None => db_err
            .message()
            .strip_prefix("UNIQUE constraint failed: ")
            .is_some_and(|columns| columns == sqlite_columns),
    }
}
