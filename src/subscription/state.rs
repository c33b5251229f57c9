//! A subscription's status and current billing period as functions of its dates and now.
//!
//! The stored status is what the subscription worker last wrote; what every answer shows is
//! [`at`], so reads are right even when the worker is behind (issue: "status and period are
//! functions of the dates and now, everywhere they are shown"). Rules (Stigg's subscription
//! lifecycle, docs.stigg.io "Cancel Subscription" and stiggio/skills
//! `stigg-subscriptions/SKILL.md`, `references/provisioning.md`, `references/trials.md`):
//!
//! - CANCELED, EXPIRED and PAYMENT_PENDING are final here: shown as stored.
//! - A subscription whose `endDate` has passed is CANCELED (a cancellation at the end of the
//!   billing period or on a specific date keeps it ACTIVE, with its entitlements, until then).
//! - Before its `startDate` it is NOT_STARTED.
//! - Before its `trialEndDate` it is IN_TRIAL; after it, the plan's trial end behaviour
//!   decides: CONVERT_TO_PAID → ACTIVE, CANCEL_SUBSCRIPTION → EXPIRED.
//! - Otherwise ACTIVE.
//!
//! The current billing period: while in trial, the trial (start → trial end); a paid
//! subscription's periods are whole billing periods (1 or 12 months) anchored at its start
//! (or its trial's end), each computed from the anchor so a period starting on the 31st
//! ends on the last day of a shorter month and the next one is back on the 31st (chrono's
//! month arithmetic); the period shown is the one that contains now (the first one before
//! the start). Free subscriptions have no billing period.

use chrono::{DateTime, Months, Utc};

use super::{months_in, SubscriptionStatus};
use entity::stigg_enums::{BillingPeriod, TrialEndBehavior};
use entity::subscription;

/// The last instant a client can read (RFC 3339 has four-digit years).
const LAST_INSTANT: DateTime<Utc> = match DateTime::from_timestamp_millis(253_402_300_799_999) {
    Some(t) => t,
    None => DateTime::<Utc>::MIN_UTC,
};

/// A subscription's state at one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    pub status: SubscriptionStatus,
    /// The current billing period `[start, end)` (UTC, ms); `None` for free subscriptions.
    pub billing_period: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

/// The dates that decide a subscription's state (a stored row's, or a row being written).
#[derive(Clone, Copy, Debug)]
pub struct Dates {
    pub stored_status: SubscriptionStatus,
    pub start: DateTime<Utc>,
    pub trial_end: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub billing_period: Option<BillingPeriod>,
    /// A migration to the plan's latest version scheduled for then (`super::migrate`).
    pub migrate_at: Option<DateTime<Utc>>,
}

impl Dates {
    /// The dates of a stored subscription.
    pub fn of(row: &subscription::Model) -> Dates {
        Dates {
            stored_status: row.status,
            start: row.start_date,
            trial_end: row.trial_end_date,
            end: row.end_date,
            billing_period: row.billing_period,
            migrate_at: row.migrate_at,
        }
    }
}

/// The state of a subscription with `dates` at `now`; `trial_end_behavior` is its plan's
/// (CONVERT_TO_PAID when the plan names none).
pub fn at(dates: Dates, trial_end_behavior: Option<TrialEndBehavior>, now: DateTime<Utc>) -> State {
    State {
        status: status_at(dates, trial_end_behavior, now),
        billing_period: billing_period_at(dates, now),
    }
}

/// The status alone; see the module's rules.
pub fn status_at(
    dates: Dates,
    trial_end_behavior: Option<TrialEndBehavior>,
    now: DateTime<Utc>,
) -> SubscriptionStatus {
    use SubscriptionStatus::*;
    match dates.stored_status {
        Canceled | Expired | PaymentPending => return dates.stored_status,
        Active | InTrial | NotStarted => {}
    }
    if dates.end.is_some_and(|end| end <= now) {
        return Canceled;
    }
    if dates.start > now {
        return NotStarted;
    }
    match dates.trial_end {
        Some(trial_end) if trial_end > now => InTrial,
        Some(_) => match trial_end_behavior.unwrap_or(TrialEndBehavior::ConvertToPaid) {
            TrialEndBehavior::ConvertToPaid => Active,
            TrialEndBehavior::CancelSubscription => Expired,
        },
        None => Active,
    }
}

/// The billing period that contains `now` (see the module's rules).
pub fn billing_period_at(
    dates: Dates,
    now: DateTime<Utc>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    if let Some(trial_end) = dates.trial_end {
        if now < trial_end {
            return Some((dates.start, trial_end));
        }
    }
    let months = months_in(dates.billing_period?);
    let anchor = dates.trial_end.unwrap_or(dates.start);
    // Past year 9999 (which no client can read) a period ends at the last instant of 9999.
    let nth = |n: u32| {
        Some(
            anchor
                .checked_add_months(Months::new(n.checked_mul(months)?))
                .map_or(LAST_INSTANT, |t| t.min(LAST_INSTANT)),
        )
    };
    if now < anchor {
        return Some((anchor, nth(1)?));
    }
    // A first guess from the calendar, then corrected by at most a step either way.
    let elapsed = months_between(anchor, now) / months;
    let mut n = elapsed.saturating_sub(1);
    loop {
        let (start, end) = (nth(n)?, nth(n + 1)?);
        if now < end || end == LAST_INSTANT {
            return Some((start, end));
        }
        n += 1;
    }
}

/// The next instant at which a subscription with `dates` changes by itself (its start, its
/// trial's end, its end, a scheduled migration to its plan's latest version), or `None`: what
/// `next_transition_at` stores.
pub fn next_transition(dates: Dates) -> Option<DateTime<Utc>> {
    use SubscriptionStatus::*;
    let candidates = match dates.stored_status {
        Canceled | Expired | PaymentPending => return None,
        NotStarted => [Some(dates.start), dates.end],
        InTrial => [dates.trial_end, dates.end],
        Active => [None, dates.end],
    };
    candidates
        .into_iter()
        .chain([dates.migrate_at])
        .flatten()
        .min()
}

/// Whole calendar months from `from` to `to` (`to` ≥ `from`), ignoring the day of month.
fn months_between(from: DateTime<Utc>, to: DateTime<Utc>) -> u32 {
    use chrono::Datelike;
    let months = (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month())
        - i64::from(from.month());
    u32::try_from(months.max(0)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn paid(start: &str, period: BillingPeriod) -> Dates {
        Dates {
            stored_status: SubscriptionStatus::Active,
            start: t(start),
            trial_end: None,
            end: None,
            billing_period: Some(period),
            migrate_at: None,
        }
    }

    #[test]
    fn annual_from_a_leap_day_shows_the_period_containing_now() {
        let dates = paid("2024-02-29T00:00:00Z", BillingPeriod::Annually);
        assert_eq!(
            billing_period_at(dates, t("2026-11-30T00:00:00Z")),
            Some((t("2026-02-28T00:00:00Z"), t("2027-02-28T00:00:00Z")))
        );
        assert_eq!(
            billing_period_at(dates, t("2028-03-01T00:00:00Z")),
            Some((t("2028-02-29T00:00:00Z"), t("2029-02-28T00:00:00Z")))
        );
    }

    #[test]
    fn monthly_from_the_31st_returns_to_the_31st() {
        let dates = paid("2026-01-31T10:00:00Z", BillingPeriod::Monthly);
        assert_eq!(
            billing_period_at(dates, t("2026-03-01T00:00:00Z")),
            Some((t("2026-02-28T10:00:00Z"), t("2026-03-31T10:00:00Z")))
        );
        // The boundary instant belongs to the next period.
        assert_eq!(
            billing_period_at(dates, t("2026-03-31T10:00:00Z")),
            Some((t("2026-03-31T10:00:00Z"), t("2026-04-30T10:00:00Z")))
        );
    }

    #[test]
    fn a_past_trial_is_no_longer_in_trial() {
        let dates = Dates {
            stored_status: SubscriptionStatus::InTrial,
            start: t("2026-01-31T00:00:00Z"),
            trial_end: Some(t("2026-02-28T00:00:00Z")),
            end: None,
            billing_period: Some(BillingPeriod::Monthly),
            migrate_at: None,
        };
        let now = t("2026-11-30T00:00:00Z");
        assert_eq!(status_at(dates, None, now), SubscriptionStatus::Active);
        assert_eq!(
            status_at(dates, Some(TrialEndBehavior::CancelSubscription), now),
            SubscriptionStatus::Expired
        );
        assert_eq!(
            billing_period_at(dates, now),
            Some((t("2026-11-28T00:00:00Z"), t("2026-12-28T00:00:00Z")))
        );
    }

    #[test]
    fn an_end_date_cancels_when_reached_and_not_before() {
        let mut dates = paid("2026-01-01T00:00:00Z", BillingPeriod::Monthly);
        dates.end = Some(t("2026-12-01T00:00:00Z"));
        assert_eq!(
            status_at(dates, None, t("2026-11-30T23:59:59Z")),
            SubscriptionStatus::Active
        );
        assert_eq!(
            status_at(dates, None, t("2026-12-01T00:00:00Z")),
            SubscriptionStatus::Canceled
        );
        assert_eq!(next_transition(dates), Some(t("2026-12-01T00:00:00Z")));
    }

    #[test]
    fn periods_stop_at_the_last_readable_instant() {
        let dates = paid("9999-12-31T23:59:59Z", BillingPeriod::Monthly);
        let (_, end) = billing_period_at(dates, t("9999-12-31T23:59:59.5Z")).unwrap_or_default();
        assert_eq!(end, t("9999-12-31T23:59:59.999Z"));
    }
}
