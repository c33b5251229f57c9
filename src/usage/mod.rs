//! Usage: reported measurements (`reportUsage`, `reportUsageBulk`) and the running totals
//! per usage period that entitlement checks read ([`crate::entitlement`]).
//!
//! Rules (Stigg's: <https://docs.stigg.io/api-and-sdks/api-reference/mutations/report-usage>,
//! <https://docs.stigg.io/documentation/getting-usage-data-into-stigg/reporting-calculated-usage>):
//! - `DELTA` (the default) adds the value, which may be negative; `SET` replaces the period's
//!   usage with the value, which may not be negative. A report that would leave the usage
//!   below zero is refused (`UsageMeasurementDiffOutOfRangeError`).
//! - A measurement counts in the usage period that holds its `createdAt` (default: now), by
//!   the customer's entitlement to the feature at the time of the report.
//! - `idempotencyKey`: a report repeating a key already accepted for the same customer,
//!   feature and resource changes nothing and answers with the first measurement (its id)
//!   and the current usage; the unique index `ux_usage_measurements_idempotency` keeps this
//!   true across replicas.
//! - Only metered features (NUMBER with an `Incremental` or `Fluctuating` meter) take
//!   usage (`MeteringNotAvailableForFeatureType` otherwise); the customer must exist and not
//!   be archived (`CustomerNotFound`).
//! - A bulk report is one transaction of at most [`MAX_BULK`] measurements, answered in
//!   order.
pub mod event;
pub mod history;
pub mod report;

pub use report::{report, Reported, UsageReport};

/// Most measurements in one `reportUsageBulk` (Stigg's limit).
pub const MAX_BULK: usize = 100;
