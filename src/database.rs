//! Database connection and the classification of database errors.
//!
//! `DATABASE_URL` selects the backend: `sqlite://FILE` (embedded; created if missing, WAL
//! mode, `synchronous=FULL` unless configured otherwise, 60 s busy timeout, foreign keys on, case-sensitive LIKE so that `like` means the
//! same on both backends) or `postgres://…`.

use std::str::FromStr as _;
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
        .acquire_timeout(POOL_ACQUIRE_TIMEOUT)
        .sqlx_logging(false);
    if !is_sqlite(url) && !is_postgres(url) {
        anyhow::bail!(
            "unsupported database URL {}: use sqlite://FILE or postgres://USER@HOST/DB",
            redact(url)
        );
    }
    if is_sqlite(url) {
        options.map_sqlx_sqlite_opts(move |sqlite| {
            sqlite
                .create_if_missing(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(match synchronous {
                    SqliteSynchronous::Full => sqlx::sqlite::SqliteSynchronous::Full,
                    SqliteSynchronous::Normal => sqlx::sqlite::SqliteSynchronous::Normal,
                })
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                .foreign_keys(true)
                .pragma("case_sensitive_like", "ON")
        });
    }
    let redacted = redact(url);
    let db = if is_sqlite(url) {
        // An embedded database has no far end that could have hung up: a pooled connection
        // needs no check before use (sqlx's default pings it, one more thread hand-off per
        // statement).
        options.test_before_acquire(false);
        Database::connect(options).await.map_err(|err| {
            let cause = match &err {
                DbErr::Conn(RuntimeErr::SqlxError(e)) => describe_sqlx(e),
                other => other.to_string(),
            };
            anyhow::anyhow!(
                "connecting to the database at {redacted}: {}",
                scrub(&cause, url)
            )
        })?
    } else {
        probe_postgres(url, &redacted).await?;
        connect_postgres_pool(url, options).await.map_err(|e| {
            anyhow::anyhow!(
                "connecting to the database at {redacted}: {}",
                scrub(&describe_sqlx(&e), url)
            )
        })?
    };
    if is_sqlite(url) {
        migration::Migrator::up(&db, None)
            .await
            .context("applying database migrations")?;
    } else {
        migrate_postgres(&db, url).await?;
    }
    Ok(db)
}

/// How long a pooled PostgreSQL connection may sit idle and still be used without a check
/// first: PgBouncer's `server_check_delay` default ("how long to keep released connections
/// available for immediate re-use, without running sanity-check queries on it",
/// <https://www.pgbouncer.org/config.html>). sqlx's default checks before every use: one
/// more round trip per statement, on the path of every entitlement check.
pub const POSTGRES_IDLE_CHECK_AFTER: Duration = Duration::from_secs(30);

/// The PostgreSQL pool of `options`: a connection idle for [`POSTGRES_IDLE_CHECK_AFTER`] or
/// more is pinged before use (a dead one is dropped and another taken), a busier one is used
/// as it is (a server restart then fails the statements in flight on it once, as it would
/// with any check). Statements are not logged by the driver.
async fn connect_postgres_pool(
    url: &str,
    options: ConnectOptions,
) -> Result<DatabaseConnection, sqlx::Error> {
    use sqlx::{ConnectOptions as _, Connection as _};
    let connect = sqlx::postgres::PgConnectOptions::from_str(url)?.disable_statement_logging();
    let pool = options
        .sqlx_pool_options::<sqlx::Postgres>()
        .test_before_acquire(false)
        .before_acquire(|connection, meta| {
            Box::pin(async move {
                if meta.idle_for >= POSTGRES_IDLE_CHECK_AFTER {
                    connection.ping().await?;
                }
                Ok(true)
            })
        })
        .connect_with(connect)
        .await?;
    Ok(sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(
        pool,
    ))
}

/// Key of the PostgreSQL advisory lock that serializes migrations across replicas.
const MIGRATION_LOCK_KEY: i64 = 0x706c_616e_6761_7465; // "plangate"

/// Applies pending migrations on PostgreSQL while holding a session advisory lock on a
/// connection of its own, so replicas that start together on one database migrate one at a
/// time (the others wait, then find nothing to do) instead of failing on the catalog's unique
/// indexes. The lock is released when that connection closes, whatever happens.
async fn migrate_postgres(db: &DatabaseConnection, url: &str) -> anyhow::Result<()> {
    use sqlx::Connection as _;
    let mut lock = sqlx::PgConnection::connect(url).await.map_err(|e| {
        anyhow::anyhow!(
            "connecting to the database at {} for migrations: {}",
            redact(url),
            scrub(&describe_sqlx(&e), url)
        )
    })?;
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(MIGRATION_LOCK_KEY)
        .execute(&mut lock)
        .await
        .context("taking the migration lock")?;
    let migrated = migration::Migrator::up(db, None)
        .await
        .context("applying database migrations");
    let _ = lock.close().await;
    migrated
}

/// A statement that writes nothing but makes SQLite take the database's write lock.
///
/// SeaORM 1.1 opens every SQLite transaction with a plain (deferred) `BEGIN` and offers no way
/// to send `BEGIN IMMEDIATE`. A deferred transaction that reads first and writes later must
/// upgrade its lock, and SQLite refuses that upgrade without waiting when another connection
/// wrote in between ("database is locked", codes 5 and 517). When the transaction's first
/// statement is a write, SQLite takes the write lock at once and waits for it up to the busy
/// timeout, exactly as `BEGIN IMMEDIATE` does. `WHERE 0` matches no row: nothing changes.
/// How long an SQLite writer waits for the database's write lock: longer than the default
/// request deadline (30 s), so a queued write ends at its request's deadline (HTTP 503
/// `OperationTimeout`, safe to retry: nothing was written) rather than as "database is
/// locked" (found by the fresh-user trial: 12 concurrent 1,000-event batches, 10 s).
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a request waits for a pooled database connection: longer than the default
/// request deadline, so a request that cannot get one ends at its deadline (HTTP 503
/// `OperationTimeout`) rather than as "pool timed out" (`UnexpectedError`; found by the
/// fresh-user re-test under heavy load).
pub const POOL_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(60);

const SQLITE_TAKE_WRITE_LOCK: &str = "UPDATE seaql_migrations SET version = version WHERE 0";

/// Opens a transaction for a change: every mutation's transaction starts here.
///
/// On SQLite the transaction holds the write lock from its first statement on, so concurrent
/// read-then-write transactions queue (up to the 60 s busy timeout) instead of failing with
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

/// Rows a bulk write must reach before [`analyze_after_bulk`] refreshes the table's
/// statistics.
pub const BULK_ANALYZE_ROWS: usize = 1_000;

/// After a bulk write of `rows` rows into `table` (committed): on PostgreSQL, when `rows`
/// reaches [`BULK_ANALYZE_ROWS`], `ANALYZE table`, as PostgreSQL's "Populating a Database"
/// asks after bulk loads (<https://www.postgresql.org/docs/15/populate.html#POPULATE-ANALYZE>).
/// Without it, a server whose autovacuum is off or behind keeps planning against the
/// statistics of a nearly empty table, and cached plans scan the whole table: found by
/// `bench/run.sh`, where the tenth bulk of 10,000 customers took 30 s instead of 0.5 s.
/// Statistics only: a failure is logged, never the caller's error. SQLite needs nothing
/// (its planner uses the indexes without statistics).
pub async fn analyze_after_bulk(db: &DatabaseConnection, table: &str, rows: usize) {
    if rows < BULK_ANALYZE_ROWS || db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    if let Err(err) = db.execute_unprepared(&format!("ANALYZE {table}")).await {
        tracing::warn!(table, error = %err, "ANALYZE after a bulk write failed");
    }
}

/// True when `url` names an SQLite database.
pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// The file of an SQLite `url`, as sqlx reads the URL; `None` for another database or an
/// in-memory one (which no other connection can open).
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    if !is_sqlite(url) {
        return None;
    }
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(url).ok()?;
    let file = options.get_filename();
    let in_memory = file.to_string_lossy().starts_with("file:")
        || url.contains("mode=memory")
        || url.contains(":memory:");
    (!in_memory).then(|| file.to_path_buf())
}

/// True when `url` names a PostgreSQL database.
fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// How long start-up waits for a first PostgreSQL connection before it names the failure.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens (and closes) one direct PostgreSQL connection so that an unreachable or refusing
/// server fails start-up within `PROBE_TIMEOUT` with a named cause (host:port and, e.g.,
/// "connection refused") instead of the pool's retries ending in "pool timed out".
async fn probe_postgres(url: &str, redacted: &str) -> anyhow::Result<()> {
    use sqlx::Connection as _;
    let options = sqlx::postgres::PgConnectOptions::from_str(url).map_err(|e| {
        anyhow::anyhow!(
            "invalid database URL {redacted}: {}",
            scrub(&describe_sqlx(&e), url)
        )
    })?;
    let target = format!("{}:{}", options.get_host(), options.get_port());
    match tokio::time::timeout(PROBE_TIMEOUT, sqlx::PgConnection::connect_with(&options)).await {
        Err(_) => anyhow::bail!(
            "cannot connect to the database at {target} ({redacted}): no answer within {} s",
            PROBE_TIMEOUT.as_secs()
        ),
        Ok(Err(e)) => anyhow::bail!(
            "cannot connect to the database at {target} ({redacted}): {}",
            scrub(&describe_sqlx(&e), url)
        ),
        Ok(Ok(connection)) => {
            let _ = connection.close().await;
            Ok(())
        }
    }
}

/// A driver error as a short cause: the kind of an I/O error ("connection refused"), the
/// server's message for a database error, else the driver's text (to be scrubbed).
fn describe_sqlx(err: &sqlx::Error) -> String {
    match err {
        sqlx::Error::Io(io) => io.kind().to_string(),
        sqlx::Error::Database(db) => db.message().to_owned(),
        sqlx::Error::PoolTimedOut => "timed out waiting for a connection".to_owned(),
        other => other.to_string(),
    }
}

/// `text` with every trace of `url`'s secrets replaced: the whole URL by its redacted form,
/// then its password (as written and percent-decoded) by `***`.
fn scrub(text: &str, url: &str) -> String {
    let mut out = text.replace(url, &redact(url));
    for secret in secrets(url) {
        if !secret.is_empty() {
            out = out.replace(&secret, "***");
        }
    }
    out
}

/// The secrets a database URL may carry: its password (everything between the user's `:`
/// and the last `@` of the authority, as written and percent-decoded) and a `password` query
/// parameter.
fn secrets(url: &str) -> Vec<String> {
    let mut found = Vec::new();
    let rest = url
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    // The user info ends at the last `@` (a password may itself hold `@` or `/`).
    let userinfo = rest.rsplit_once('@').map(|(userinfo, _)| userinfo);
    if let Some((_, password)) = userinfo.and_then(|u| u.split_once(':')) {
        found.push(password.to_owned());
        found.extend(
            url::form_urlencoded::parse(format!("p={password}").as_bytes())
                .map(|(_, v)| v.into_owned()),
        );
    }
    if let Ok(parsed) = url::Url::parse(url) {
        found.extend(
            parsed
                .query_pairs()
                .filter(|(k, _)| k == "password")
                .map(|(_, v)| v.into_owned()),
        );
    }
    found
}

/// The URL without its password (nor a `password` query parameter), for messages and logs:
/// `postgres://user:***@host:5432/db`. The user info ends at the last `@` (a password may
/// contain `@`); a URL that does not parse keeps only its scheme and what follows that `@`.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            if parsed.password().is_none() && !parsed.query_pairs().any(|(k, _)| k == "password") {
                return url.to_owned();
            }
            if parsed.password().is_some() {
                let _ = parsed.set_password(Some("***"));
            }
            if parsed.query_pairs().any(|(k, _)| k == "password") {
                let pairs: Vec<(String, String)> = parsed
                    .query_pairs()
                    .map(|(k, v)| {
                        let v = if k == "password" {
                            "***".to_owned()
                        } else {
                            v.into_owned()
                        };
                        (k.into_owned(), v)
                    })
                    .collect();
                parsed.query_pairs_mut().clear().extend_pairs(pairs);
            }
            parsed.to_string().replace("%2A%2A%2A", "***")
        }
        Err(_) => match url.split_once("://") {
            Some((scheme, rest)) => {
                let rest = rest.split('?').next().unwrap_or_default();
                match rest.rsplit_once('@') {
                    Some((credentials, host)) => {
                        let user = credentials.split(':').next().unwrap_or_default();
                        format!("{scheme}://{user}:***@{host}")
                    }
                    None => format!("{scheme}://{rest}"),
                }
            }
            None => "(unparseable database URL)".to_owned(),
        },
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
