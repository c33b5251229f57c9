//! Start-up: connect (and migrate), make sure an API key exists, build the router, serve
//! with the connection limits (header-read and keep-alive timeouts, most open connections).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

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
    crate::delivery::check_key(&db, config.secret_key.as_ref()).await?;
    let changes = crate::realtime::Changes::start(&db, &config.database_url)
        .await
        .context("listening for realtime changes")?;
    if !config.subscription_worker_interval.is_zero() {
        tokio::spawn(crate::subscription::schedule::run_worker(
            db.clone(),
            config.clock.clone(),
            config.subscription_worker_interval,
            changes.clone(),
        ));
    }
    if !config.delivery_worker_interval.is_zero() {
        tokio::spawn(crate::delivery::worker::run(
            db.clone(),
            crate::delivery::Delivery::from_config(config),
            config.delivery_worker_interval,
        ));
    }
    http::router(db, config, changes)
}

async fn ensure_api_key(db: &DatabaseConnection, config: &Config) -> anyhow::Result<()> {
    match &config.api_key {
        Some(key) => environment::ensure_key(db, environment::DEVELOPMENT, key)
            .await
            .context("storing PLANGATE_API_KEY"),
        None => {
            environment::create_first_key(db, environment::DEVELOPMENT, |key| {
                eprintln!(
                    "plangate: created environment '{}' with server API key {key} (shown once: keep it; send it as the X-API-KEY header)",
                    environment::DEVELOPMENT
                );
            })
            .await?;
            Ok(())
        }
    }
}

/// Serves `config` until Ctrl-C or SIGTERM.
pub async fn serve(config: &Config) -> anyhow::Result<()> {
    let router = app(config).await?;
    let listener = listen(config.listen).with_context(|| format!("binding {}", config.listen))?;
    tracing::info!(
        address = %listener.local_addr()?,
        database = %database::redact(&config.database_url),
        "plangate listening; POST /graphql"
    );
    serve_on(listener, router, config, shutdown_signal()).await
}

/// Connections the kernel completes and holds for plangate while `max_connections` are open
/// (capped by the kernel's `net.core.somaxconn`). The runtime's default (128 as measured here)
/// made a burst of 2,600 SDK calls wait out the kernel's connect retries (1 s, 3 s, 7 s…)
/// past the SDKs' 10 s timeout (fresh-user trial, 2026-11-30).
pub const LISTEN_BACKLOG: u32 = 4096;

/// A listener on `address` with [`LISTEN_BACKLOG`]. Errors: the address cannot be bound.
pub fn listen(address: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if address.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(LISTEN_BACKLOG)
}

/// How long open connections may finish their requests after the shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves `router` on `listener` (HTTP/1.1) until `shutdown` completes, then lets open
/// requests finish for up to 10 s. At most `config.max_connections` connections are open at
/// once (more wait in the listen backlog); a connection that does not send a request's
/// headers within `config.header_read_timeout` (counted from when it starts waiting, so also
/// while idle between keep-alive requests) is closed. A connection upgraded to WebSocket
/// (GraphQL subscriptions) leaves both the count and the grace period once upgraded: it lives
/// on its own task until either side closes it or the process ends. Errors: none once serving
/// (failed connections are logged).
pub async fn serve_on(
    listener: TcpListener,
    router: Router,
    config: &Config,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let permits = Arc::new(Semaphore::new(config.max_connections));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout)
        .keep_alive(true);
    // Graceful shutdown by hand: hyper-util's `GracefulShutdown` does not take connections
    // that can be upgraded (GET /graphql switches to WebSocket for subscriptions). Each
    // connection task holds a clone of `finished`; when all are dropped, all are done.
    let (stop, stopping) = tokio::sync::watch::channel(());
    let (finished, mut all_finished) = tokio::sync::mpsc::channel::<()>(1);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.context("connection limit")?,
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(error = %err, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = http
            .serve_connection(TokioIo::new(ClosingStream(stream)), service)
            .with_upgrades();
        let mut stopping = stopping.clone();
        let finished = finished.clone();
        tokio::spawn(async move {
            tokio::pin!(connection);
            let result = tokio::select! {
                result = connection.as_mut() => result,
                // A send or the sender's drop: either way, shutting down.
                _ = stopping.changed() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(err) = result {
                tracing::debug!(%peer, error = %err, "connection closed with an error");
            }
            drop(permit);
            drop(finished);
        });
    }
    drop(listener);
    // No connection left to tell: nothing to do.
    let _ = stop.send(());
    drop(finished);
    if tokio::time::timeout(SHUTDOWN_GRACE, all_finished.recv())
        .await
        .is_err()
    {
        tracing::warn!("open connections did not finish within the shutdown grace period");
    }
    Ok(())
}

/// A connection's TCP stream that sends FIN (shuts its write side down) before it is closed.
///
/// A connection served with upgrades (`with_upgrades`, for WebSocket) is not shut down by
/// hyper when it ends: its stream is just dropped. A stream dropped with request bytes still
/// unread (a body refused early, e.g. HTTP 413) is then reset at once, and a client still
/// sending may lose the response it has not read yet. Shutting the write side down first, as
/// hyper does for connections without upgrades, lets the client read the answer.
struct ClosingStream(tokio::net::TcpStream);

impl Drop for ClosingStream {
    fn drop(&mut self) {
        // Already shut down or reset: nothing to do.
        let _ = socket2::SockRef::from(&self.0).shutdown(std::net::Shutdown::Write);
    }
}

impl tokio::io::AsyncRead for ClosingStream {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for ClosingStream {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.0).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.is_write_vectored()
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_shutdown(cx)
    }
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
