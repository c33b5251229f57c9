//! Configuration: each setting is a flag or an environment variable; the flag wins.

use std::net::SocketAddr;
use std::time::Duration;

use crate::database::SqliteSynchronous;

/// Server settings.
#[derive(clap::Args, Clone, Debug)]
pub struct Config {
    /// Address to listen on.
    #[arg(
        long,
        env = "PLANGATE_LISTEN",
        default_value = "127.0.0.1:4000",
        global = true
    )]
    pub listen: SocketAddr,

    /// Database: `sqlite://FILE` (embedded, created if missing) or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://plangate.db",
        global = true
    )]
    pub database_url: String,

    /// A server API key that is ensured to exist for the environment `development` (for
    /// scripts and tests). Without it, the first start on an empty database creates one and
    /// prints it once.
    #[arg(long, env = "PLANGATE_API_KEY", hide_env_values = true, global = true)]
    pub api_key: Option<String>,

    /// Most database connections in the pool (at least 1).
    #[arg(
        long,
        env = "PLANGATE_DB_MAX_CONNECTIONS",
        default_value_t = 10,
        value_parser = clap::value_parser!(u32).range(1..),
        global = true
    )]
    pub db_max_connections: u32,

    /// SQLite durability: `full` (an acknowledged write survives power loss) or `normal`
    /// (faster commits; the last writes can be lost on power loss). Ignored on PostgreSQL.
    #[arg(
        long,
        env = "PLANGATE_SQLITE_SYNCHRONOUS",
        value_enum,
        default_value_t = SqliteSynchronous::Full,
        global = true
    )]
    pub sqlite_synchronous: SqliteSynchronous,

    /// Largest accepted request body, in bytes (at least 1024).
    #[arg(
        long,
        env = "PLANGATE_MAX_BODY_BYTES",
        default_value_t = 1024 * 1024,
        value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u64).range(1024..), |n| n as usize),
        global = true
    )]
    pub max_body_bytes: usize,

    // --- Transport limits (README "Limits"): slow sockets, deadlines, response size, CORS.
    /// Seconds a client has to send a request's headers, counted from when the connection
    /// starts waiting for the request; it is also how long an idle keep-alive connection is
    /// kept (at least 1). The connection is closed when it runs out.
    #[arg(
        long,
        env = "PLANGATE_HEADER_READ_TIMEOUT_SECS",
        default_value = "10",
        value_parser = seconds,
        global = true
    )]
    pub header_read_timeout: Duration,

    /// Seconds a client has to send a request's whole body once its headers are in (at
    /// least 1); then HTTP 408 with `OperationTimeout`.
    #[arg(
        long,
        env = "PLANGATE_BODY_READ_TIMEOUT_SECS",
        default_value = "30",
        value_parser = seconds,
        global = true
    )]
    pub body_read_timeout: Duration,

    /// Seconds a GraphQL request may execute (at least 1); then HTTP 503 with
    /// `OperationTimeout` and the request's work is dropped (an open transaction rolls back).
    #[arg(
        long,
        env = "PLANGATE_REQUEST_TIMEOUT_SECS",
        default_value = "30",
        value_parser = seconds,
        global = true
    )]
    pub request_timeout: Duration,

    /// Most open client connections (at least 1); further connections wait in the listen
    /// backlog until one closes.
    #[arg(
        long,
        env = "PLANGATE_MAX_CONNECTIONS",
        default_value_t = 512,
        value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u32).range(1..), |n| n as usize),
        global = true
    )]
    pub max_connections: usize,

    /// Largest serialized GraphQL response, in bytes (at least 1024); a larger answer is
    /// replaced by an error `BadUserInput`.
    #[arg(
        long,
        env = "PLANGATE_MAX_RESPONSE_BYTES",
        default_value_t = 4 * 1024 * 1024,
        value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u64).range(1024..), |n| n as usize),
        global = true
    )]
    pub max_response_bytes: usize,

    /// Browser origins allowed to call the API (CORS), comma-separated, e.g.
    /// `https://app.example.com,https://admin.example.com`. Empty (the default): CORS is off
    /// and browsers refuse cross-origin calls.
    #[arg(
        long,
        env = "PLANGATE_CORS_ORIGINS",
        value_delimiter = ',',
        global = true
    )]
    pub cors_origins: Vec<String>,
    // --- end of transport limits.
    /// How often the subscription worker looks for due transitions (future starts, trial
    /// ends, scheduled cancellations), in milliseconds; 0 turns the worker off (reads still
    /// show every subscription as its dates say; the stored status then waits for the next
    /// change of that customer).
    #[arg(
        long,
        env = "PLANGATE_SUBSCRIPTION_WORKER_INTERVAL_MS",
        default_value = "1000",
        value_parser = millis,
        global = true
    )]
    pub subscription_worker_interval: Duration,
    /// The key that seals secrets at rest (billing integrations' vendor keys, billing
    /// information waiting for delivery): at least 32 characters of random text, e.g.
    /// `openssl rand -hex 32`. Needed once a billing integration exists.
    #[arg(
        id = "plangate_secret_key",
        long = "plangate-secret-key",
        env = "PLANGATE_SECRET_KEY",
        hide_env_values = true,
        value_parser = crate::billing::secret::SecretKey::parse,
        global = true
    )]
    pub secret_key: Option<crate::billing::secret::SecretKey>,
    /// How often the delivery worker looks for due jobs (billing syncs), in milliseconds;
    /// 0 turns it off (jobs wait in the queue; `shouldWaitSync` still delivers its own).
    #[arg(
        long,
        env = "PLANGATE_DELIVERY_WORKER_INTERVAL_MS",
        default_value = "500",
        value_parser = millis,
        global = true
    )]
    pub delivery_worker_interval: Duration,
    /// Attempts at a delivery before it is given up (at least 1); the waits between them
    /// double from 2 s to at most 1 h.
    #[arg(
        long,
        env = "PLANGATE_DELIVERY_MAX_ATTEMPTS",
        default_value_t = 12,
        value_parser = clap::value_parser!(u32).range(1..),
        global = true
    )]
    pub delivery_max_attempts: u32,
    /// Where "now" comes from: the system clock when served; tests pass a manual clock.
    #[arg(skip)]
    pub clock: crate::time::Clock,
}

/// A whole number of milliseconds (0 allowed).
fn millis(text: &str) -> Result<Duration, String> {
    text.trim()
        .parse::<u64>()
        .map(Duration::from_millis)
        .map_err(|_| format!("expected a whole number of milliseconds, got '{text}'"))
}

/// A whole number of seconds, at least 1.
fn seconds(text: &str) -> Result<Duration, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if n >= 1 => Ok(Duration::from_secs(n)),
        _ => Err(format!(
            "expected a whole number of seconds (at least 1), got '{text}'"
        )),
    }
}

impl Config {
    /// Settings for the given database, everything else at its default (tests, tools).
    pub fn for_database(database_url: impl Into<String>) -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: database_url.into(),
            api_key: None,
            db_max_connections: 10,
            sqlite_synchronous: SqliteSynchronous::Full,
            max_body_bytes: 1024 * 1024,
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(30),
            max_connections: 512,
            max_response_bytes: 4 * 1024 * 1024,
            cors_origins: Vec::new(),
            subscription_worker_interval: Duration::from_secs(1),
            secret_key: None,
            delivery_worker_interval: Duration::from_millis(500),
            delivery_max_attempts: 12,
            clock: crate::time::Clock::System,
        }
    }
}
