//! Time rules: every stored time is UTC with millisecond precision, so that what a client
//! reads back is exactly what was stored (Stigg writes `2022-09-20T09:59:22.324Z`).

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

/// `t` truncated to whole milliseconds.
pub fn to_millis(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::milliseconds(1)).unwrap_or(t)
}

/// The current time, truncated to milliseconds.
pub fn now() -> DateTime<Utc> {
    to_millis(Utc::now())
}
