//! Logging: human-readable lines on stderr, filtered by `RUST_LOG` (default `info`), with
//! colours only when stderr is a terminal.
//!
//! Lines are handed to a background thread that writes them (tracing-appender's non-blocking
//! writer), so a request never waits on stderr: every GraphQL request logs a line
//! (`http::call`), and a blocking write per request was on the path of every entitlement
//! check. When more than 128,000 lines wait (stderr blocked for long), further lines are
//! dropped rather than stalling requests; a `kill -9` loses the lines not yet written.
//! The thread writes what has queued up in one system call: its writer is buffered, and
//! tracing-appender flushes it each time the queue is empty (so a line waits for no later
//! one), instead of one `write` per line (strace, 2026-12-02: one per request under load).

use std::io::IsTerminal as _;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber (once; a later call installs nothing and returns `None`).
/// Keep the guard for the life of the process: dropping it writes out the lines still
/// waiting.
#[must_use = "dropping the guard stops the log writer"]
pub fn init() -> Option<WorkerGuard> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let (writer, guard) = tracing_appender::non_blocking(std::io::BufWriter::with_capacity(
        64 * 1024,
        std::io::stderr(),
    ));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(writer)
        .try_init()
        .ok()
        .map(|()| guard)
}
