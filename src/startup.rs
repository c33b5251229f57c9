//! Start-up: connect (and migrate), make sure an API key exists, build the router, serve.

use anyhow::Context;
use axum::Router;
use sea_orm::DatabaseConnection;

use crate::config::Config;
use crate::{database, environment, http};

/// The application for `config`: connects to the database, applies migrations, ensures the
/// configured API key (or, on an empty database without one, creates environment
/// `development` with a new key and prints it once on stderr), and returns the router.
pub async fn app(config: &Config) -> anyhow::Result<Router> {
    let db = database::connect(
        &config.database_url,
        config.db_max_connections,
        config.sqlite_synchronous,
    )
    .await?;
    ensure_api_key(&db, config).await?;
    Ok(http::router(db, config))
}

async fn ensure_api_key(db: &DatabaseConnection, config: &Config) -> anyhow::Result<()> {
    match &config.api_key {
        Some(key) => environment::ensure_key(db, environment::DEVELOPMENT, key)
            .await
            .context("storing PLANGATE_API_KEY"),
        None if environment::none_exist(db).await? => {
            let key = environment::create_key(db, environment::DEVELOPMENT).await?;
            eprintln!(
                "plangate: created environment '{}' with server API key {key} (shown once: keep it; send it as the X-API-KEY header)",
                environment::DEVELOPMENT
            );
            Ok(())
        }
        None => Ok(()),
    }
}

/// Serves `config` until Ctrl-C or SIGTERM.
pub async fn serve(config: &Config) -> anyhow::Result<()> {
    let router = app(config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("binding {}", config.listen))?;
    tracing::info!(
        address = %listener.local_addr()?,
        database = %database::redact(&config.database_url),
        "plangate listening; POST /graphql"
    );
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
