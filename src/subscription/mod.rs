//! Subscriptions: a customer's access to a plan (with addons and per-unit quantities), priced
//! from the catalog. Created by `provisionCustomer` ([`create`]), read with everything the
//! official clients select in a bounded number of queries ([`read`]), turned into effective
//! entitlements (`crate::entitlement`) and cancelled when the customer is archived ([`cancel`]).
//!
//! Statuses, billing periods and pricing types are the typed Stigg value sets of
//! [`entity::stigg_enums`], stored as Stigg's names.

pub mod cancel;
pub mod create;
pub mod delegate;
pub mod estimate;
pub mod get;
pub mod import;
pub mod list;
pub mod migrate;
pub mod pricing;
pub mod provision;
pub mod read;
pub mod schedule;
pub mod scheduled;
pub mod state;
pub mod transfer;
pub mod trial;
pub mod update;

use serde_json::Value;

pub use entity::stigg_enums::{BillingPeriod, SubscriptionStatus};

/// Subscription statuses a customer "has" (Stigg's default `subscriptions` filter): the ones
/// that grant entitlements and hold the product's subscription slot.
pub const LIVE_STATUSES: [SubscriptionStatus; 2] =
    [SubscriptionStatus::Active, SubscriptionStatus::InTrial];

/// Statuses that hold, or are scheduled to hold, a product's slot: the live ones and
/// NOT_STARTED. Subscriptions in them can still change (be cancelled, updated, moved).
pub const SLOT_STATUSES: [SubscriptionStatus; 3] = [
    SubscriptionStatus::Active,
    SubscriptionStatus::InTrial,
    SubscriptionStatus::NotStarted,
];

/// True for a status in [`LIVE_STATUSES`].
pub fn is_live(status: SubscriptionStatus) -> bool {
    LIVE_STATUSES.contains(&status)
}

/// Months in one billing period: 1 for MONTHLY, 12 for ANNUALLY.
pub fn months_in(period: BillingPeriod) -> u32 {
    match period {
        BillingPeriod::Monthly => 1,
        BillingPeriod::Annually => 12,
    }
}

/// The initial subscription a client requests on provision (Stigg's
/// `ProvisionCustomerSubscriptionInput`, the parts plangate acts on).
#[derive(Clone, Debug, Default)]
pub struct SubscriptionRequest {
    /// The requested plan's refId.
    pub plan_id: String,
    /// Stigg's `subscriptionId` for the new subscription; generated when absent.
    pub subscription_id: Option<String>,
    /// Stigg's `refId`: the same id as `subscriptionId` (either may be given).
    pub ref_id: Option<String>,
    /// Several subscriptions of one product are told apart by their resource id.
    pub resource_id: Option<String>,
    /// Per-unit quantities: (feature refId, units).
    pub billable_features: Vec<(String, f64)>,
    /// Addons: (addon refId, quantity; `None` means 1).
    pub addons: Vec<(String, Option<i32>)>,
    pub billing_period: Option<BillingPeriod>,
    /// ISO 3166-1 alpha-2; selects localized prices where the catalog has them.
    pub billing_country_code: Option<String>,
    pub additional_meta_data: Option<Value>,
    /// Start of the subscription; now when absent.
    pub start_date: Option<chrono::DateTime<chrono::Utc>>,
    /// A promotion code: no promotion codes exist yet.
    pub promotion_code: Option<String>,
    /// `skipTrial` (`provisionSubscription` only; absent: false).
    /// `appliedCoupon.couponId`: a coupon of the catalog for this subscription alone.
    pub applied_coupon: Option<String>,
    pub skip_trial: bool,
    /// `trialOverrideConfiguration`.
    pub trial_override: Option<trial::TrialOverride>,
    /// Stigg's `payingCustomerId`: another live customer who pays for the subscription while
    /// `customerId` uses it (its `payingCustomer`; see [`delegate`]). The customer itself, or
    /// none, means the customer pays.
    pub paying_customer_id: Option<String>,
    /// Names of given input fields that plangate cannot honour (refused with
    /// `UnsupportedParameter`).
    pub unsupported: Vec<&'static str>,
}

/// Which way the initial subscription was decided (Stigg's `SubscriptionDecisionStrategy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubscriptionDecision {
    /// The requested plan was subscribed to.
    RequestedPlan,
    /// The product's customer journey put the customer on its free start plan.
    PredefinedFreePlan,
    /// The product's customer journey started a trial of its start plan.
    PredefinedTrialPlan,
    /// No `subscriptionParams`: no subscription was created.
    SkippedSubscriptionCreation,
}
