//! Billing: billing information (Stigg's `CustomerBillingInfo`) and the billing integration
//! it is synced to.
//!
//! Billing information is validated, then never stored in the customer tables (Stigg:
//! "Billing information is not persisted on Stigg's servers"). When the environment has a
//! billing integration ([`integration`], Stripe), the change that carries it writes a job in
//! the delivery queue ([`crate::delivery`]) in the same transaction, sealed ([`secret`]); the
//! delivery worker sends it to Stripe ([`sync`], [`stripe`]) with retries and an idempotency
//! key per job,
//! stores what comes back (`billingId`, the default payment method's display details, the
//! sync state) and erases the payload. Without an integration it is dropped after
//! validation.

pub mod integration;
pub mod secret;
pub mod stripe;
pub mod sync;

use std::str::FromStr;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::values::CountryCode;
use entity::customer_billing;
use entity::stigg_enums::Currency;

/// Nulls the cached payment-method details of customer `customer_id` (archive: local PII and
/// payment details go; the vendor's customer stays, so its invoices can still finalize).
pub async fn forget_payment_method<C: ConnectionTrait>(
    txn: &C,
    customer_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    customer_billing::Entity::update_many()
        .col_expr(
            customer_billing::Column::HasPaymentMethod,
            Expr::value(false),
        )
        .col_expr(
            customer_billing::Column::PaymentMethodType,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            customer_billing::Column::CardBrand,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            customer_billing::Column::Last4,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            customer_billing::Column::ExpirationMonth,
            Expr::value(Option::<i32>::None),
        )
        .col_expr(
            customer_billing::Column::ExpirationYear,
            Expr::value(Option::<i32>::None),
        )
        .col_expr(customer_billing::Column::UpdatedAt, Expr::value(now))
        .filter(customer_billing::Column::CustomerId.eq(customer_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// The billing state of each of `customer_ids` that has one.
pub async fn states<C: ConnectionTrait>(
    db: &C,
    customer_ids: &[Uuid],
) -> Result<Vec<customer_billing::Model>> {
    Ok(customer_billing::Entity::find()
        .filter(customer_billing::Column::CustomerId.is_in(customer_ids.iter().copied()))
        .all(db)
        .await?)
}

/// A postal address (Stigg's `Address`). `country` is an ISO 3166-1 alpha-2 code (checked
/// as a `CountryCode` by [`BillingInformation::validate`]).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Address {
    pub address_line1: Option<String>,
    pub address_line2: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub phone_number: Option<String>,
    pub postal_code: Option<String>,
    pub state: Option<String>,
}

/// A tax id (Stigg's `TaxExempt`), e.g. type `eu_vat`, value `DK12345678`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TaxId {
    pub kind: String,
    pub value: String,
}

/// Billing information as a client sends it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BillingInformation {
    pub billing_address: Option<Address>,
    pub shipping_address: Option<Address>,
    /// Stigg `Currency` (an ISO 4217 code).
    pub currency: Option<Currency>,
    pub customer_name: Option<String>,
    pub integration_id: Option<String>,
    pub invoice_custom_fields: Option<Value>,
    pub language: Option<String>,
    pub metadata: Option<Value>,
    pub payment_method_id: Option<String>,
    pub tax_ids: Vec<TaxId>,
    /// IANA time-zone name, e.g. `America/New_York`.
    pub timezone: Option<String>,
}

impl BillingInformation {
    /// Checks every field. Errors (`BadUserInput`): a country that is not an ISO 3166-1
    /// alpha-2 code (upper case, e.g. `US`), an unknown IANA `timezone`, an empty `language`
    /// or `paymentMethodId`, a tax id with an empty type or value, `metadata` or
    /// `invoiceCustomFields` that are not JSON objects.
    pub fn validate(&self) -> Result<()> {
        for (which, address) in [
            ("billingAddress", &self.billing_address),
            ("shippingAddress", &self.shipping_address),
        ] {
            if let Some(country) = address.as_ref().and_then(|a| a.country.as_deref()) {
                CountryCode::parse(country)
                    .map_err(|e| Error::bad_input(format!("billingInformation.{which}.{e}")))?;
            }
        }
        if let Some(tz) = &self.timezone {
            if chrono_tz::Tz::from_str(tz).is_err() {
                return Err(Error::bad_input(format!(
                    "billingInformation.timezone '{tz}' is not an IANA time zone such as America/New_York"
                )));
            }
        }
        for (field, value) in [
            ("language", &self.language),
            ("paymentMethodId", &self.payment_method_id),
            ("integrationId", &self.integration_id),
        ] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                return Err(Error::bad_input(format!(
                    "billingInformation.{field} must not be empty"
                )));
            }
        }
        if self
            .tax_ids
            .iter()
            .any(|t| t.kind.trim().is_empty() || t.value.trim().is_empty())
        {
            return Err(Error::bad_input(
                "billingInformation.taxIds entries need a non-empty type and value",
            ));
        }
        for (field, value) in [
            ("metadata", &self.metadata),
            ("invoiceCustomFields", &self.invoice_custom_fields),
        ] {
            if value.as_ref().is_some_and(|v| !v.is_object()) {
                return Err(Error::bad_input(format!(
                    "billingInformation.{field} must be a JSON object"
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_billing_information_is_valid() {
        let info = BillingInformation {
            language: Some("en".into()),
            timezone: Some("America/New_York".into()),
            billing_address: Some(Address {
                country: Some("US".into()),
                city: Some("New York".into()),
                state: Some("NY".into()),
                address_line1: Some("123 Main Street".into()),
                postal_code: Some("10164".into()),
                ..Address::default()
            }),
            ..BillingInformation::default()
        };
        assert!(info.validate().is_ok());
    }

    #[test]
    fn bad_timezone_and_tax_id_fail() {
        let tz = BillingInformation {
            timezone: Some("Mars/Olympus".into()),
            ..Default::default()
        };
        assert_eq!(tz.validate().unwrap_err().code(), "BadUserInput");
        let tax = BillingInformation {
            tax_ids: vec![TaxId {
                kind: "eu_vat".into(),
                value: " ".into(),
            }],
            ..Default::default()
        };
        assert_eq!(tax.validate().unwrap_err().code(), "BadUserInput");
    }
}
