//! SeaORM entities of plangate, one module per table, and the Stigg value sets their columns
//! hold ([`stigg_enums`]). The migrations in `migration/` are the schema source; these mirror
//! them.

pub mod api_key;
pub mod billing_integration;
pub mod case_fold;
pub mod coupon;
pub mod customer;
pub mod customer_billing;
pub mod delivery_job;
pub mod environment;
pub mod feature;
pub mod package;
pub mod package_entitlement;
pub mod plan_compatible_addon;
pub mod price;
pub mod product;
pub mod promotional_entitlement;
pub mod promotional_entitlement_group;
pub mod stigg_enums;
pub mod subscription;
pub mod subscription_addon;
pub mod subscription_price;
pub mod usage_event;
pub mod usage_measurement;
pub mod usage_total;
pub mod usage_unique_value;
pub mod webhook_attempt;
pub mod webhook_endpoint;
