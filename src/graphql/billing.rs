//! The billing side of `Customer`: its sync state and default payment method's display
//! details (from `customer_billing`, see [`crate::billing`]), loaded once per batch of
//! customers, and the conversions of the stored billing value sets to the wire enums.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::stigg::enums::{PaymentMethodType, SyncStatus, VendorIdentifier, VendorType};
use crate::error::Error;
use entity::customer_billing::Model as BillingState;
use entity::stigg_enums as stored;

/// Loads customers' billing states in one query per batch.
pub struct BillingLoader {
    pub db: DatabaseConnection,
}

impl Loader<Uuid> for BillingLoader {
    type Value = Arc<BillingState>;
    type Error = Arc<Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let states = crate::billing::states(&self.db, keys)
            .await
            .map_err(Arc::new)?;
        Ok(states
            .into_iter()
            .map(|s| (s.customer_id, Arc::new(s)))
            .collect())
    }
}

impl From<stored::SyncStatus> for SyncStatus {
    fn from(value: stored::SyncStatus) -> Self {
        match value {
            stored::SyncStatus::Pending => SyncStatus::Pending,
            stored::SyncStatus::Success => SyncStatus::Success,
            stored::SyncStatus::Error => SyncStatus::Error,
            stored::SyncStatus::NoSyncRequired => SyncStatus::NoSyncRequired,
        }
    }
}

impl From<stored::PaymentMethodType> for PaymentMethodType {
    fn from(value: stored::PaymentMethodType) -> Self {
        match value {
            stored::PaymentMethodType::Card => PaymentMethodType::Card,
            stored::PaymentMethodType::Bank => PaymentMethodType::Bank,
            stored::PaymentMethodType::CashApp => PaymentMethodType::CashApp,
        }
    }
}

impl From<stored::BillingVendor> for VendorIdentifier {
    fn from(value: stored::BillingVendor) -> Self {
        match value {
            stored::BillingVendor::Stripe => VendorIdentifier::Stripe,
        }
    }
}

/// The kind of integration a vendor's is (Stigg `VendorType`): every vendor plangate
/// integrates is a billing one.
impl From<stored::BillingVendor> for VendorType {
    fn from(value: stored::BillingVendor) -> Self {
        match value {
            stored::BillingVendor::Stripe => VendorType::Billing,
        }
    }
}
