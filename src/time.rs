//! Time rules: every stored time is UTC with millisecond precision, so that what a client
//! reads back is exactly what was stored (Stigg writes `2022-09-20T09:59:22.324Z`).

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

/// The current time, truncated to milliseconds.
pub fn now() -> DateTime<Utc> {
    to_millis(Utc::now())
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
