//! Database connection and the classification of database errors.
//!
//! `DATABASE_URL` selects the backend: `sqlite://FILE` (embedded; created if missing, WAL
//! mode, `synchronous=FULL` unless configured otherwise, 60 s busy timeout, foreign keys on, case-sensitive LIKE so that `like` means the
//! same on both backends) or `postgres://…`.

use std::path::PathBuf;
use std::str::FromStr as _;
use std::sync::{Arc, Weak};
use std::time::Duration;

use anyhow::Context;
use migration::MigratorTrait as _;
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    RuntimeErr, TransactionTrait,
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
    let redacted = redact(url);
    let db = if is_sqlite(url) {
        connect_sqlite(url, options, synchronous)
            .await
            .map_err(|e| {
                anyhow::anyhow!(
                    "connecting to the database at {redacted}: {}",
                    scrub(&describe_sqlx(&e), url)
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
        match sqlite_writer(&db) {
            Some(writer) => migrate_sqlite(&writer).await?,
            // In memory: a database of one connection's own, nothing to protect.
            None => migration::Migrator::up(&db, None)
                .await
                .context("applying database migrations")?,
        }
    } else {
        migrate_postgres(&db, url).await?;
    }
    Ok(db)
}

/// The SQLite pools of `url`: the read pool of `options` (at most `max_connections`) and,
/// for a file, the process's one-connection writer of that file ([`sqlite_writer`]), shared
/// with any pool of the same file already open in this process. Both connect with the same
/// settings (WAL, `synchronous`, [`SQLITE_BUSY_TIMEOUT`], foreign keys, case-sensitive LIKE).
///
/// The read pool owns the writer: a handle on it sits in the read pool's connect hook (run
/// when a read connection opens, doing nothing), so the writer lives exactly as long as some
/// handle on the read pool does; the registry only points at it. An in-memory database has
/// no writer (each of its connections is a database of its own anyway).
async fn connect_sqlite(
    url: &str,
    options: ConnectOptions,
    synchronous: SqliteSynchronous,
) -> Result<DatabaseConnection, sqlx::Error> {
    use sqlx::ConnectOptions as _;
    let connect = sqlx::sqlite::SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(match synchronous {
            SqliteSynchronous::Full => sqlx::sqlite::SqliteSynchronous::Full,
            SqliteSynchronous::Normal => sqlx::sqlite::SqliteSynchronous::Normal,
        })
        .busy_timeout(SQLITE_BUSY_TIMEOUT)
        .foreign_keys(true)
        .pragma("case_sensitive_like", "ON")
        .disable_statement_logging();
    let writer = match sqlite_file(url) {
        Some(_) => Some(open_sqlite_writer(&connect).await?),
        None => None,
    };
    // An embedded database has no far end that could have hung up: a pooled connection
    // needs no check before use (sqlx's default pings it, one more thread hand-off per
    // statement).
    let mut pool = options
        .sqlx_pool_options::<sqlx::Sqlite>()
        .test_before_acquire(false);
    if let Some(writer) = writer {
        pool = pool.after_connect(move |_, _| {
            let _owned = &writer;
            Box::pin(async { Ok(()) })
        });
    }
    let pool = pool.connect_with(connect).await?;
    Ok(sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// The one-connection writers of the SQLite files this process has open, by file name as
/// given in the URL. Weak: each writer is owned by its read pool (see [`connect_sqlite`]).
static SQLITE_WRITERS: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashMap<PathBuf, Weak<DatabaseConnection>>>,
> = std::sync::LazyLock::new(Default::default);

/// The writer of the file of `connect`: the live one when this process has one, else a new
/// pool of exactly one connection (min 1, so it stays open), registered.
async fn open_sqlite_writer(
    connect: &sqlx::sqlite::SqliteConnectOptions,
) -> Result<Arc<DatabaseConnection>, sqlx::Error> {
    let file = connect.get_filename().to_path_buf();
    let live = |writers: &std::collections::HashMap<PathBuf, Weak<DatabaseConnection>>| {
        writers.get(&file).and_then(Weak::upgrade)
    };
    if let Some(writer) = SQLITE_WRITERS.lock().ok().and_then(|w| live(&w)) {
        return Ok(writer);
    }
    let pool = sqlx::pool::PoolOptions::<sqlx::Sqlite>::new()
        .max_connections(1)
        .min_connections(1)
        .acquire_timeout(POOL_ACQUIRE_TIMEOUT)
        .idle_timeout(None)
        .max_lifetime(None)
        .test_before_acquire(false)
        .connect_with(connect.clone())
        .await?;
    let opened = Arc::new(sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool));
    let Ok(mut writers) = SQLITE_WRITERS.lock() else {
        // A poisoned registry (a panic while it was held): this pool writes through its own
        // writer, other pools of the file wait for the lock as separate processes do.
        return Ok(opened);
    };
    // Another pool of the same file may have registered a writer meanwhile: use that one.
    if let Some(writer) = live(&writers) {
        return Ok(writer);
    }
    writers.retain(|_, w| w.strong_count() > 0);
    writers.insert(file, Arc::downgrade(&opened));
    Ok(opened)
}

/// The process's writer of `db`'s SQLite file: the one connection every write transaction on
/// that file takes ([`begin_write`]). `None` on PostgreSQL, for an in-memory database, and
/// for a pool whose file has no live writer (one not opened by [`connect`]).
fn sqlite_writer(db: &DatabaseConnection) -> Option<Arc<DatabaseConnection>> {
    let DatabaseConnection::SqlxSqlitePoolConnection(_) = db else {
        return None;
    };
    let options = db.get_sqlite_connection_pool().connect_options();
    let writers = SQLITE_WRITERS.lock().ok()?;
    writers.get(options.get_filename()).and_then(Weak::upgrade)
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

/// SeaORM's table of applied migrations, as its migrator creates it when missing.
const SQLITE_MIGRATIONS_TABLE: &str = r#"CREATE TABLE IF NOT EXISTS "seaql_migrations" ( "version" varchar NOT NULL PRIMARY KEY, "applied_at" bigint NOT NULL )"#;

/// Applies pending migrations on an SQLite file through its writer, all in one write
/// transaction: SQLite's schema changes are transactional, so a process killed part-way
/// leaves the file as it was before (found by the fresh-user trial, 2026-12-02: a `kill -9`
/// during the first start's migrations left a file no later start could open, "table
/// environments already exists"), and a second process starting on the same new file waits
/// for the write lock (up to [`SQLITE_BUSY_TIMEOUT`]), then finds nothing left to apply
/// (it used to fail the same way). The transaction takes the write lock with its first
/// statement ([`begin_write`]), which writes to SeaORM's migrations table: that table is
/// created first when missing, on its own.
async fn migrate_sqlite(writer: &DatabaseConnection) -> anyhow::Result<()> {
    writer
        .execute_unprepared(SQLITE_MIGRATIONS_TABLE)
        .await
        .context("creating the migrations table")?;
    let txn = begin_write(writer)
        .await
        .context("taking the write lock for migrations")?;
    migration::Migrator::up(&txn, None)
        .await
        .context("applying database migrations")?;
    txn.commit().await.context("committing the migrations")?;
    Ok(())
}

/// On PostgreSQL, takes the transaction advisory lock `key` inside `txn` (held until it
/// ends, so writers that take it run one at a time); on SQLite nothing (the write
/// transaction holds the database's write lock already).
pub async fn advisory_xact_lock<C: ConnectionTrait>(txn: &C, key: i64) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute(sea_orm::Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [key.into()],
        ))
        .await?;
    }
    Ok(())
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

/// How long an SQLite writer waits for the database's write lock: longer than the default
/// request deadline (30 s), so a queued write ends at its request's deadline (HTTP 503
/// `OperationTimeout`, safe to retry: nothing was written) rather than as "database is
/// locked" (found by the fresh-user trial: 12 concurrent 1,000-event batches, 10 s). Within
/// one process writers queue for the file's writer connection instead ([`begin_write`]);
/// this wait is for another process's writer (a second `plangate` command on the same file).
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a request waits for a pooled database connection (on SQLite also: a write
/// transaction for the file's writer connection): longer than the default request deadline,
/// so a request that cannot get one ends at its deadline (HTTP 503 `OperationTimeout`) rather
/// than as "pool timed out" (`UnexpectedError`; found by the fresh-user re-test under heavy
/// load).
pub const POOL_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(60);

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
/// On SQLite every write transaction of the process on one file runs on that file's one
/// writer connection: writers queue for it first come, first served (sqlx's pool hands out
/// its connection in request order), while reads use the read pool and are not blocked (WAL).
/// Queueing in the process replaces waiting on SQLite's lock, whose busy handler sleeps and
/// retries (up to 100 ms a sleep: at 8 concurrent provisions, p99 466 ms, `bench/run.sh`
/// 2026-12-01). The transaction still takes the write lock with its first statement, so a
/// writer of another process on the same file is waited for (up to [`SQLITE_BUSY_TIMEOUT`])
/// instead of failing with "database is locked". A write transaction must not begin another
/// on the pool (it would wait for its own connection until [`POOL_ACQUIRE_TIMEOUT`]): nested
/// writes take the open transaction, where this opens a savepoint.
///
/// On PostgreSQL it is a plain `BEGIN` on the pool (row locks and unique indexes decide
/// there; any number of writers).
pub async fn begin_write<C>(db: &C) -> Result<DatabaseTransaction, DbErr>
where
    C: Writable + ?Sized,
{
    db.begin_write().await
}

/// A database handle a write transaction opens on: the pool ([`DatabaseConnection`]) or an
/// open transaction (a savepoint in it). See [`begin_write`].
pub trait Writable: ConnectionTrait + TransactionTrait + Sync {
    /// As [`begin_write`].
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = Result<DatabaseTransaction, DbErr>> + Send;
}

impl Writable for DatabaseConnection {
    async fn begin_write(&self) -> Result<DatabaseTransaction, DbErr> {
        let txn = match sqlite_writer(self) {
            Some(writer) => writer.begin().await?,
            None => self.begin().await?,
        };
        take_sqlite_write_lock(txn).await
    }
}

impl Writable for DatabaseTransaction {
    async fn begin_write(&self) -> Result<DatabaseTransaction, DbErr> {
        take_sqlite_write_lock(self.begin().await?).await
    }
}

async fn take_sqlite_write_lock(txn: DatabaseTransaction) -> Result<DatabaseTransaction, DbErr> {
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
