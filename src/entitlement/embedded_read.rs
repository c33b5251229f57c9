//! The entitlement check's one statement ([`snapshot::find_customer_with_usage`]) on embedded
//! SQLite, run on the request's own thread through read-only connections of its own.
//!
//! Why: sqlx runs every SQLite connection on a thread of its own and hands each statement
//! there and its rows back over channels: two thread wake-ups per statement, about a fifth
//! of a check's time (`perf`, 2026-11-30). The statement is a few indexed lookups (tens of
//! microseconds), short enough to run where the request runs. A read-only connection in WAL
//! mode never waits for writers; it is opened with no busy timeout, so a read that would
//! wait (a WAL recovery) returns at once and the caller reads through the pool instead.
//!
//! The statement's text is the pool's ([`snapshot::check_statement`]); values are bound as
//! sqlx binds SeaORM's values on SQLite (UUIDs as 16-byte blobs, instants as RFC 3339 text,
//! `+00:00`, as many fraction digits as needed), and read back the same way. Anything this
//! path cannot read as expected (an error, a value in another format) makes it step aside
//! (`None`): the caller then reads through the pool, which answers as always.

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OpenFlags};
use uuid::Uuid;

use super::snapshot::{self, CheckedCustomer, RevisedCustomer, Revisions, UsageKey};
use crate::customer::CustomerRefId;
use crate::environment::EnvironmentId;
use entity::usage_total;

/// Most idle connections kept (more are opened when more checks run at once, and closed
/// when they finish).
const MAX_IDLE: usize = 8;

/// Read-only connections to one SQLite file, for entitlement checks.
pub struct EmbeddedReader {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

/// What [`snapshot::find_customer_with_usage`] returns.
pub type Found = Option<(RevisedCustomer, Vec<usage_total::Model>)>;

impl EmbeddedReader {
    /// A reader of the SQLite database file at `path` (opened on first use).
    pub fn new(path: PathBuf) -> EmbeddedReader {
        EmbeddedReader {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// As [`snapshot::find_customer_with_usage`]; `None` when the read could not be made
    /// here (see the module's documentation).
    pub fn find_customer_with_usage(
        &self,
        env: EnvironmentId,
        ref_id: &CustomerRefId,
        resource_key: &str,
        usage: &[UsageKey],
    ) -> Option<Found> {
        let connection = match self.idle.lock().ok()?.pop() {
            Some(connection) => connection,
            None => self.open()?,
        };
        let found = read(&connection, env, ref_id, resource_key, usage);
        match &found {
            Ok(_) => {
                if let Ok(mut idle) = self.idle.lock() {
                    if idle.len() < MAX_IDLE {
                        idle.push(connection);
                    }
                }
            }
            Err(err) => tracing::debug!(error = %err, "embedded entitlement read stepped aside"),
        }
        found.ok()
    }

    fn open(&self) -> Option<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = Connection::open_with_flags(&self.path, flags)
            .map_err(|err| tracing::debug!(error = %err, "opening an embedded reader"))
            .ok()?;
        connection.busy_timeout(std::time::Duration::ZERO).ok()?;
        Some(connection)
    }
}

/// Why a read stepped aside.
#[derive(Debug, thiserror::Error)]
enum Aside {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("unexpected stored value in column {0}")]
    Value(usize),
    #[error("no parameter ${0} in the statement")]
    Parameter(usize),
}

fn read(
    connection: &Connection,
    env: EnvironmentId,
    ref_id: &CustomerRefId,
    resource_key: &str,
    usage: &[UsageKey],
) -> Result<Found, Aside> {
    let mut values: Vec<Value> = Vec::with_capacity(3 + 2 * usage.len());
    values.push(Value::Blob(env.0.as_bytes().to_vec()));
    values.push(Value::Text(ref_id.as_str().to_owned()));
    if !usage.is_empty() {
        values.push(Value::Text(resource_key.to_owned()));
        for (feature_id, period_start) in usage {
            values.push(Value::Blob(feature_id.as_bytes().to_vec()));
            values.push(Value::Text(instant_text(*period_start)));
        }
    }
    let mut statement = connection.prepare_cached(&snapshot::check_statement(usage.len()))?;
    // Bound by name: SQLite numbers `$n` parameters in the order they first appear in the
    // text, which is not n (sqlx binds them by name too).
    for (n, value) in values.into_iter().enumerate() {
        let index = statement
            .parameter_index(&format!("${}", n + 1))?
            .ok_or(Aside::Parameter(n + 1))?;
        statement.raw_bind_parameter(index, value)?;
    }
    let mut rows = statement.raw_query();
    let mut found: Option<RevisedCustomer> = None;
    let mut totals = Vec::new();
    while let Some(row) = rows.next()? {
        let customer = match &found {
            Some(revised) => &revised.customer,
            None => {
                let customer = CheckedCustomer {
                    id: uuid(row.get_ref(0)?, 0)?,
                    environment_id: uuid(row.get_ref(1)?, 1)?,
                    ref_id: row.get(2)?,
                    archived_at: optional_instant(row.get_ref(3)?, 3)?,
                };
                let revisions = Revisions {
                    catalog: row.get::<_, Option<i64>>(4)?.unwrap_or_default(),
                    customer: row.get::<_, Option<i64>>(5)?.unwrap_or_default(),
                };
                &found
                    .insert(RevisedCustomer {
                        customer,
                        revisions,
                    })
                    .customer
            }
        };
        if usage.is_empty() || row.get_ref(6)? == ValueRef::Null {
            continue;
        }
        totals.push(usage_total::Model {
            customer_id: customer.id,
            feature_id: uuid(row.get_ref(6)?, 6)?,
            resource_key: resource_key.to_owned(),
            period_start: instant(row.get_ref(7)?, 7)?,
            environment_id: customer.environment_id,
            value: row.get(8)?,
            updated_at: instant(row.get_ref(9)?, 9)?,
        });
    }
    Ok(found.map(|revised| (revised, totals)))
}

/// An instant as sqlx writes it on SQLite.
fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

fn uuid(value: ValueRef<'_>, column: usize) -> Result<Uuid, Aside> {
    match value {
        ValueRef::Blob(bytes) => Uuid::from_slice(bytes).map_err(|_| Aside::Value(column)),
        _ => Err(Aside::Value(column)),
    }
}

fn instant(value: ValueRef<'_>, column: usize) -> Result<DateTime<Utc>, Aside> {
    match value {
        ValueRef::Text(text) => std::str::from_utf8(text)
            .ok()
            .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
            .map(|at| at.with_timezone(&Utc))
            .ok_or(Aside::Value(column)),
        _ => Err(Aside::Value(column)),
    }
}

fn optional_instant(value: ValueRef<'_>, column: usize) -> Result<Option<DateTime<Utc>>, Aside> {
    match value {
        ValueRef::Null => Ok(None),
        other => instant(other, column).map(Some),
    }
}
