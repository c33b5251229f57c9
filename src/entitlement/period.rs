//! Usage periods: the window a metered entitlement's usage counts in, from its reset period
//! and an anchor.
//!
//! A period is `[anchor + n·unit, anchor + (n+1)·unit)` for the whole `n` (negative before
//! the anchor) whose window holds the instant asked about. Units are calendar units in UTC:
//! an hour, a day, a week (7 days), a month or a year; month and year steps are taken from
//! the anchor each time and clamped to the month's last day, so an anchor on the 31st gives
//! periods starting on the 31st, the 30th or the 28th/29th, and never drifts. This is the
//! arithmetic the official SDKs use to roll a cached period forward
//! (`@stigg/node-server-sdk` `services/cache/calculateUsagePeriod.js`: `anchor + n·unit`,
//! dayjs calendar add), so their rolled periods equal ours.
//!
//! The anchor is the subscription's start, or, per the reset period's configuration
//! (Stigg's `MonthlyAccordingTo`, `WeeklyAccordingTo`): the first of a month at 00:00 UTC
//! (`StartOfTheMonth`) or a weekday at 00:00 UTC (`EveryMonday` …). Source:
//! <https://docs.stigg.io/documentation/managing-customers-and-subscriptions/entitlements/usage-reset>.

use chrono::{DateTime, Datelike, Months, TimeDelta, TimeZone, Utc, Weekday};

use entity::stigg_enums::EntitlementResetPeriod;

/// One usage period: `start` inclusive, `end` exclusive (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UsagePeriod {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Where a reset period's steps are counted from (Stigg's `*AccordingTo` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ResetAnchor {
    /// From the subscription's start (Stigg's default).
    #[default]
    SubscriptionStart,
    /// MONTH: from the first of a month, 00:00 UTC.
    StartOfTheMonth,
    /// WEEK: from this weekday, 00:00 UTC.
    Every(Weekday),
}

/// The anchor instant for `anchor` given the subscription's start.
pub fn anchor_instant(anchor: ResetAnchor, subscription_start: DateTime<Utc>) -> DateTime<Utc> {
    let midnight = |t: DateTime<Utc>| {
        Utc.with_ymd_and_hms(t.year(), t.month(), t.day(), 0, 0, 0)
            .single()
            .unwrap_or(t)
    };
    match anchor {
        ResetAnchor::SubscriptionStart => subscription_start,
        ResetAnchor::StartOfTheMonth => Utc
            .with_ymd_and_hms(
                subscription_start.year(),
                subscription_start.month(),
                1,
                0,
                0,
                0,
            )
            .single()
            .unwrap_or(subscription_start),
        ResetAnchor::Every(day) => {
            let start = midnight(subscription_start);
            let back =
                (7 + start.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
            start - TimeDelta::days(i64::from(back))
        }
    }
}

/// `anchor` moved by `n` units of `period` (negative `n` moves back); `None` outside
/// chrono's range.
fn step(anchor: DateTime<Utc>, period: EntitlementResetPeriod, n: i64) -> Option<DateTime<Utc>> {
    let months = |m: i64| -> Option<DateTime<Utc>> {
        let magnitude = Months::new(u32::try_from(m.unsigned_abs()).ok()?);
        if m >= 0 {
            anchor.checked_add_months(magnitude)
        } else {
            anchor.checked_sub_months(magnitude)
        }
    };
    match period {
        EntitlementResetPeriod::Hour => anchor.checked_add_signed(TimeDelta::try_hours(n)?),
        EntitlementResetPeriod::Day => anchor.checked_add_signed(TimeDelta::try_days(n)?),
        EntitlementResetPeriod::Week => anchor.checked_add_signed(TimeDelta::try_weeks(n)?),
        EntitlementResetPeriod::Month => months(n),
        EntitlementResetPeriod::Year => months(n.checked_mul(12)?),
    }
}

/// The period of `period` anchored at `anchor` that holds `at`; `None` only when the
/// dates leave chrono's range (years beyond ±262,000).
pub fn containing(
    period: EntitlementResetPeriod,
    anchor: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Option<UsagePeriod> {
    // A first guess of n from the average unit length, then corrected by calendar steps.
    let guess = match period {
        EntitlementResetPeriod::Hour => (at - anchor).num_hours(),
        EntitlementResetPeriod::Day => (at - anchor).num_days(),
        EntitlementResetPeriod::Week => (at - anchor).num_weeks(),
        EntitlementResetPeriod::Month => {
            i64::from(at.year() - anchor.year()) * 12 + i64::from(at.month())
                - i64::from(anchor.month())
        }
        EntitlementResetPeriod::Year => i64::from(at.year() - anchor.year()),
    };
    let mut n = guess;
    // At most a couple of corrections: the guess is off by at most one unit either way.
    for _ in 0..4 {
        let start = step(anchor, period, n)?;
        if start > at {
            n -= 1;
            continue;
        }
        let end = step(anchor, period, n + 1)?;
        if end <= at {
            n += 1;
            continue;
        }
        return Some(UsagePeriod { start, end });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn period(p: EntitlementResetPeriod, anchor: &str, now: &str) -> (String, String) {
        let found = containing(p, at(anchor), at(now)).expect("in range");
        (found.start.to_rfc3339(), found.end.to_rfc3339())
    }

    #[test]
    fn months_clamp_to_the_month_end_without_drifting() {
        use EntitlementResetPeriod::Month;
        let p = |now| period(Month, "2026-01-31T10:00:00Z", now);
        assert_eq!(
            p("2026-02-15T00:00:00Z"),
            (
                "2026-01-31T10:00:00+00:00".into(),
                "2026-02-28T10:00:00+00:00".into()
            )
        );
        assert_eq!(
            p("2026-03-01T00:00:00Z"),
            (
                "2026-02-28T10:00:00+00:00".into(),
                "2026-03-31T10:00:00+00:00".into()
            )
        );
        assert_eq!(
            p("2026-04-30T10:00:00Z"),
            (
                "2026-04-30T10:00:00+00:00".into(),
                "2026-05-31T10:00:00+00:00".into()
            )
        );
        // Leap year: February 29th.
        assert_eq!(
            p("2028-02-29T11:00:00Z"),
            (
                "2028-02-29T10:00:00+00:00".into(),
                "2028-03-31T10:00:00+00:00".into()
            )
        );
    }

    #[test]
    fn the_end_is_exclusive_and_the_start_inclusive() {
        use EntitlementResetPeriod::Day;
        assert_eq!(
            period(Day, "2026-11-01T12:00:00Z", "2026-11-30T12:00:00Z").0,
            "2026-11-30T12:00:00+00:00"
        );
        assert_eq!(
            period(Day, "2026-11-01T12:00:00Z", "2026-11-30T11:59:59.999Z").0,
            "2026-11-29T12:00:00+00:00"
        );
    }

    #[test]
    fn years_from_a_leap_day_and_instants_before_the_anchor() {
        use EntitlementResetPeriod::{Hour, Week, Year};
        assert_eq!(
            period(Year, "2024-02-29T00:00:00Z", "2026-11-30T00:00:00Z"),
            (
                "2026-02-28T00:00:00+00:00".into(),
                "2027-02-28T00:00:00+00:00".into()
            )
        );
        assert_eq!(
            period(Week, "2026-11-30T00:00:00Z", "2026-11-20T00:00:00Z"),
            (
                "2026-11-16T00:00:00+00:00".into(),
                "2026-11-23T00:00:00+00:00".into()
            )
        );
        assert_eq!(
            period(Hour, "2026-11-30T00:30:00Z", "2026-11-30T05:29:59Z"),
            (
                "2026-11-30T04:30:00+00:00".into(),
                "2026-11-30T05:30:00+00:00".into()
            )
        );
    }

    #[test]
    fn anchors_by_configuration() {
        let start = at("2026-11-18T15:20:00Z"); // a Wednesday
        assert_eq!(anchor_instant(ResetAnchor::SubscriptionStart, start), start);
        assert_eq!(
            anchor_instant(ResetAnchor::StartOfTheMonth, start),
            at("2026-11-01T00:00:00Z")
        );
        assert_eq!(
            anchor_instant(ResetAnchor::Every(Weekday::Mon), start),
            at("2026-11-16T00:00:00Z")
        );
        assert_eq!(
            anchor_instant(ResetAnchor::Every(Weekday::Wed), start),
            at("2026-11-18T00:00:00Z")
        );
    }

    #[test]
    fn extreme_dates_give_none_or_a_period_never_a_panic() {
        use EntitlementResetPeriod::{Hour, Month};
        let far = DateTime::<Utc>::MAX_UTC;
        let _ = containing(Month, at("2026-01-01T00:00:00Z"), far);
        let _ = containing(Hour, DateTime::<Utc>::MIN_UTC, far);
    }
}
