//! plangate's database migrations. The same migrations run on SQLite and PostgreSQL; they are
//! applied at start-up and by `plangate migrate`.

pub use sea_orm_migration::prelude::*;

pub mod m20261130_000001_environments_and_customers;
pub mod m20261130_000002_catalog_and_subscriptions;
pub mod m20261201_000003_customer_folded_text;
pub mod m20261201_000004_usage;
pub mod m20261201_000005_usage_events;
pub mod m20261201_000006_promotional_entitlements;
pub mod m20261201_000007_coupons;
pub mod m20261201_000008_usage_totals_after_and_event_dedup;
pub mod m20261202_000009_subscription_schedule;
pub mod m20261202_000010_promotional_groups_and_payment_methods;
pub mod m20261203_000011_entitlement_revisions;
pub mod m20261204_000012_subscription_paying_customer;
pub mod m20261204_000013_package_versions;
pub mod m20261205_000014_billing_integrations;
pub mod m20261205_000015_webhooks;
pub mod m20261206_000016_billing_integration_removal;
pub mod m20261207_000017_customer_page_index;
pub mod m20261208_000018_revisions_outlast_restores;

pub use m20261130_000001_environments_and_customers::CUSTOMER_REF_ID_INDEX;
pub use m20261130_000002_catalog_and_subscriptions::{
    FEATURE_REF_ID_INDEX, PACKAGE_ENTITLEMENT_INDEX, PACKAGE_REF_ID_INDEX, PRODUCT_REF_ID_INDEX,
    SUBSCRIPTION_REF_ID_INDEX, SUBSCRIPTION_SLOT_INDEX,
};
pub use m20261201_000004_usage::USAGE_IDEMPOTENCY_INDEX;
pub use m20261201_000006_promotional_entitlements::PROMOTIONAL_ENTITLEMENT_LIVE_INDEX;
pub use m20261201_000007_coupons::COUPON_REF_ID_INDEX;
pub use m20261201_000008_usage_totals_after_and_event_dedup::USAGE_EVENT_DEDUP_AT_INDEX;
pub use m20261202_000009_subscription_schedule::SUBSCRIPTION_SCHEDULE_INDEX;
pub use m20261204_000013_package_versions::{PACKAGE_LATEST_REF_ID_INDEX, PACKAGE_VERSION_INDEX};
pub use m20261205_000014_billing_integrations::BILLING_INTEGRATION_INDEX;
pub use m20261206_000016_billing_integration_removal::LIVE_BILLING_INTEGRATION_INDEX;
pub use m20261207_000017_customer_page_index::CUSTOMER_PAGE_INDEX;

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261130_000001_environments_and_customers::Migration),
            Box::new(m20261130_000002_catalog_and_subscriptions::Migration),
            Box::new(m20261201_000003_customer_folded_text::Migration),
            Box::new(m20261201_000004_usage::Migration),
            Box::new(m20261201_000005_usage_events::Migration),
            Box::new(m20261201_000006_promotional_entitlements::Migration),
            Box::new(m20261201_000007_coupons::Migration),
            Box::new(m20261201_000008_usage_totals_after_and_event_dedup::Migration),
            Box::new(m20261202_000009_subscription_schedule::Migration),
            Box::new(m20261202_000010_promotional_groups_and_payment_methods::Migration),
            Box::new(m20261203_000011_entitlement_revisions::Migration),
            Box::new(m20261204_000012_subscription_paying_customer::Migration),
            Box::new(m20261204_000013_package_versions::Migration),
            Box::new(m20261205_000014_billing_integrations::Migration),
            Box::new(m20261205_000015_webhooks::Migration),
            Box::new(m20261206_000016_billing_integration_removal::Migration),
            Box::new(m20261207_000017_customer_page_index::Migration),
            Box::new(m20261208_000018_revisions_outlast_restores::Migration),
        ]
    }
}
