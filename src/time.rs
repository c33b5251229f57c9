//! Time rules: every stored time is UTC with millisecond precision, so that what a client
//! reads back is exactly what was stored (Stigg writes `2022-09-20T09:59:22.324Z`).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Timelike, Utc};

/// `t` truncated to whole milliseconds, for any year. A leap second (`…:59:60`, which
/// PostgreSQL would store as the next second) becomes the start of the next second.
pub fn to_millis(t: DateTime<Utc>) -> DateTime<Utc> {
    let nanos = t.nanosecond();
    if nanos >= 1_000_000_000 {
        return t
            .with_nanosecond(0)
            .map_or(t, |s| s + TimeDelta::seconds(1));
    }
    t.with_nanosecond(nanos - nanos % 1_000_000).unwrap_or(t)
}

/// `t` with a leap second (`…:59:60`) folded into the start of the next second and every
/// other instant unchanged (full precision: filter bounds compare exactly).
pub fn without_leap_second(t: DateTime<Utc>) -> DateTime<Utc> {
    if t.nanosecond() >= 1_000_000_000 {
        return t
            .with_nanosecond(0)
            .map_or(t, |s| s + TimeDelta::seconds(1));
    }
    t
}

/// Where "now" comes from: the system clock, or (tests, simulations) a manual clock that
/// only moves when told to. Every rule that depends on the time (usage periods, trial ends,
/// future starts, timestamps written) reads it through the [`Clock`] the app was built with.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    /// The system's UTC clock.
    #[default]
    System,
    /// A clock that stands still until [`Clock::set`] or [`Clock::advance`] moves it
    /// (milliseconds since the Unix epoch, shared by every clone).
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// A manual clock standing at `t` (truncated to milliseconds).
    pub fn manual(t: DateTime<Utc>) -> Clock {
        Clock::Manual(Arc::new(AtomicI64::new(to_millis(t).timestamp_millis())))
    }

    /// The current time, truncated to milliseconds.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => to_millis(Utc::now()),
            Clock::Manual(millis) => {
                DateTime::from_timestamp_millis(millis.load(Ordering::SeqCst)).unwrap_or_default()
            }
        }
    }

    /// Moves a manual clock to `t`; the system clock cannot be moved (no effect).
    pub fn set(&self, t: DateTime<Utc>) {
        if let Clock::Manual(millis) = self {
            millis.store(to_millis(t).timestamp_millis(), Ordering::SeqCst);
        }
    }

    /// Moves a manual clock forward by `d` (backward when negative).
    pub fn advance(&self, d: TimeDelta) {
        self.set(self.now() + d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn truncates_to_milliseconds_in_any_year() {
        assert_eq!(
            to_millis(at("2022-09-20T09:59:22.324567Z")),
            at("2022-09-20T09:59:22.324Z")
        );
        assert_eq!(
            to_millis(at("9999-12-31T23:59:59.123456Z")),
            at("9999-12-31T23:59:59.123Z")
        );
    }

    #[test]
    fn a_leap_second_is_the_next_second() {
        assert_eq!(
            to_millis(at("2016-12-31T23:59:60.5Z")),
            at("2017-01-01T00:00:00Z")
        );
    }
}
