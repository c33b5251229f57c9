//! Configuration: each setting is a flag or an environment variable; the flag wins.

use std::net::SocketAddr;

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
        }
    }
}
