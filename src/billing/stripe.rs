//! The Stripe adapter: customers created and updated over Stripe's REST API
//! (<https://docs.stripe.com/api/customers>) with form-encoded bodies, an `Idempotency-Key`
//! on every POST (<https://docs.stripe.com/api/idempotent_requests>), and a configurable base
//! URL (`https://api.stripe.com`, or an emulator such as localstripe in tests and CI).
//!
//! Plain `reqwest` (rustls) rather than a Stripe crate: plangate needs five endpoints, and the
//! maintained crate (`async-stripe`) generates the whole API — minutes of compile time on
//! every clean build for code plangate would not call.

use std::time::Duration;

use serde_json::Value;
use url::Url;

use super::{Address, BillingInformation};
use entity::stigg_enums::PaymentMethodType;

/// Stripe's API.
pub const DEFAULT_BASE_URL: &str = "https://api.stripe.com";

/// How long one request to Stripe may take (connect, send, answer).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// A failed call. `retryable`: network failures, timeouts, HTTP 409 (a request with the same
/// idempotency key in flight), 429 and 5xx — worth another attempt later; any other answer
/// (a refused card, an invalid tax id, …) will not change by retrying.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StripeError {
    pub message: String,
    pub retryable: bool,
}

impl std::fmt::Display for StripeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The customer fields plangate holds (not billing information).
#[derive(Clone, Debug, Default)]
pub struct CustomerFields {
    /// The customer's id at plangate (`customerId`), put in the Stripe customer's metadata.
    pub ref_id: String,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// The default payment method's display details.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentMethodDetails {
    pub kind: Option<PaymentMethodType>,
    pub brand: Option<String>,
    pub last4: Option<String>,
    pub expiration_month: Option<i32>,
    pub expiration_year: Option<i32>,
}

/// What Stripe holds after a sync.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Synced {
    /// Stripe's customer id (`cus_…`): plangate's `billingId`.
    pub customer_id: String,
    /// The customer's page in Stripe's dashboard.
    pub dashboard_url: String,
    /// The default payment method, when the customer has one.
    pub payment_method: Option<PaymentMethodDetails>,
}

/// A Stripe account: base URL and secret key.
#[derive(Clone)]
pub struct Stripe {
    http: reqwest::Client,
    base: Url,
    secret: String,
}

/// Metadata key of the Stripe customer that holds plangate's customer id.
pub const CUSTOMER_ID_METADATA: &str = "plangateCustomerId";

impl Stripe {
    /// The account at `base` with `secret` (`sk_…`), called through `http`.
    pub fn new(http: reqwest::Client, base: Url, secret: String) -> Stripe {
        Stripe { http, base, secret }
    }

    /// Creates the Stripe customer (when `existing` is `None`) or updates `existing` with
    /// `customer` and the whole billing information `info` (address, shipping, preferred
    /// locale, metadata with plangate's customer id, tax ids — replaced as a set — and the
    /// default payment method, attached first). `idempotency` prefixes the key of each POST
    /// (the job id), so a retried job never creates a second customer.
    /// Errors: [`StripeError`].
    pub async fn sync_customer(
        &self,
        existing: Option<&str>,
        customer: &CustomerFields,
        info: &BillingInformation,
        idempotency: &str,
    ) -> Result<Synced, StripeError> {
        let mut form = customer_form(customer, info);
        let created = existing.is_none();
        if created {
            for (i, tax) in info.tax_ids.iter().enumerate() {
                form.push((format!("tax_id_data[{i}][type]"), tax.kind.clone()));
                form.push((format!("tax_id_data[{i}][value]"), tax.value.clone()));
            }
        }
        let path = match existing {
            None => "/v1/customers".to_owned(),
            Some(id) => format!("/v1/customers/{}", segment(id)),
        };
        let answer = self
            .post(&path, &form, &format!("{idempotency}.customer"))
            .await?;
        let customer_id = text(&answer, "id")
            .ok_or_else(|| malformed("a customer without an id"))?
            .to_owned();
        let live = answer["livemode"].as_bool().unwrap_or(false);
        if !created {
            self.replace_tax_ids(&customer_id, info, idempotency)
                .await?;
        }
        let payment_method = match &info.payment_method_id {
            Some(pm) => Some(
                self.set_default_payment_method(&customer_id, pm, idempotency)
                    .await?,
            ),
            None => self.default_payment_method(&answer).await?,
        };
        Ok(Synced {
            dashboard_url: format!(
                "https://dashboard.stripe.com/{}customers/{customer_id}",
                if live { "" } else { "test/" }
            ),
            customer_id,
            payment_method,
        })
    }

    /// Attaches `pm` to the customer, makes it the invoices' default, and reads its details.
    async fn set_default_payment_method(
        &self,
        customer_id: &str,
        pm: &str,
        idempotency: &str,
    ) -> Result<PaymentMethodDetails, StripeError> {
        let attached = self
            .post(
                &format!("/v1/payment_methods/{}/attach", segment(pm)),
                &[("customer".to_owned(), customer_id.to_owned())],
                &format!("{idempotency}.attach"),
            )
            .await?;
        self.post(
            &format!("/v1/customers/{}", segment(customer_id)),
            &[(
                "invoice_settings[default_payment_method]".to_owned(),
                pm.to_owned(),
            )],
            &format!("{idempotency}.default"),
        )
        .await?;
        Ok(details(&attached))
    }

    /// The details of the customer's current default payment method, if it has one.
    async fn default_payment_method(
        &self,
        customer: &Value,
    ) -> Result<Option<PaymentMethodDetails>, StripeError> {
        let Some(pm) = customer["invoice_settings"]["default_payment_method"].as_str() else {
            return Ok(None);
        };
        let found = self
            .get(&format!("/v1/payment_methods/{}", segment(pm)))
            .await?;
        Ok(Some(details(&found)))
    }

    /// Makes the customer's tax ids exactly those of `info` (an update sends the whole
    /// billing object): deletes the others, adds the missing ones.
    async fn replace_tax_ids(
        &self,
        customer_id: &str,
        info: &BillingInformation,
        idempotency: &str,
    ) -> Result<(), StripeError> {
        let path = format!("/v1/customers/{}/tax_ids", segment(customer_id));
        let listed = self.get(&path).await?;
        let current: Vec<(String, String, String)> = listed["data"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|t| {
                        Some((
                            text(t, "id")?.to_owned(),
                            text(t, "type")?.to_owned(),
                            text(t, "value")?.to_owned(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (id, kind, value) in &current {
            if !info
                .tax_ids
                .iter()
                .any(|t| &t.kind == kind && &t.value == value)
            {
                self.delete(&format!("{path}/{}", segment(id))).await?;
            }
        }
        for (i, tax) in info.tax_ids.iter().enumerate() {
            if !current
                .iter()
                .any(|(_, kind, value)| kind == &tax.kind && value == &tax.value)
            {
                self.post(
                    &path,
                    &[
                        ("type".to_owned(), tax.kind.clone()),
                        ("value".to_owned(), tax.value.clone()),
                    ],
                    &format!("{idempotency}.tax{i}"),
                )
                .await?;
            }
        }
        Ok(())
    }

    fn url(&self, path: &str) -> Result<Url, StripeError> {
        self.base
            .join(path)
            .map_err(|e| malformed(&format!("bad Stripe URL for {path}: {e}")))
    }

    async fn post(
        &self,
        path: &str,
        form: &[(String, String)],
        idempotency_key: &str,
    ) -> Result<Value, StripeError> {
        let request = self
            .http
            .post(self.url(path)?)
            .bearer_auth(&self.secret)
            .header("Idempotency-Key", idempotency_key)
            .form(form);
        answer(request).await
    }

    async fn get(&self, path: &str) -> Result<Value, StripeError> {
        answer(self.http.get(self.url(path)?).bearer_auth(&self.secret)).await
    }

    async fn delete(&self, path: &str) -> Result<Value, StripeError> {
        answer(self.http.delete(self.url(path)?).bearer_auth(&self.secret)).await
    }
}

/// Sends `request` and reads Stripe's JSON answer; an error answer becomes its message
/// (`error.message`, with `error.code` when given). The secret key is never part of it.
async fn answer(request: reqwest::RequestBuilder) -> Result<Value, StripeError> {
    let response = request
        .timeout(REQUEST_TIMEOUT)
        .send()
        .await
        .map_err(|e| StripeError {
            message: format!(
                "Stripe unreachable: {}",
                if e.is_timeout() {
                    "timed out".to_owned()
                } else if e.is_connect() {
                    "connection failed".to_owned()
                } else {
                    "request failed".to_owned()
                }
            ),
            retryable: true,
        })?;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    if status.is_success() {
        return Ok(body);
    }
    let error = &body["error"];
    let mut message = format!(
        "Stripe answered HTTP {}: {}",
        status.as_u16(),
        error["message"].as_str().unwrap_or("no message")
    );
    if let Some(code) = error["code"].as_str() {
        message.push_str(&format!(" ({code})"));
    }
    Err(StripeError {
        message,
        retryable: status.as_u16() == 409 || status.as_u16() == 429 || status.is_server_error(),
    })
}

/// The form fields of a customer create or update.
fn customer_form(customer: &CustomerFields, info: &BillingInformation) -> Vec<(String, String)> {
    let mut form = Vec::new();
    let mut put = |key: &str, value: Option<&str>| {
        if let Some(value) = value {
            form.push((key.to_owned(), value.to_owned()));
        }
    };
    put(
        "name",
        info.customer_name.as_deref().or(customer.name.as_deref()),
    );
    put("email", customer.email.as_deref());
    if let Some(address) = &info.billing_address {
        put("phone", address.phone_number.as_deref());
    }
    put("preferred_locales[0]", info.language.as_deref());
    put(
        &format!("metadata[{CUSTOMER_ID_METADATA}]"),
        Some(&customer.ref_id),
    );
    put("metadata[timezone]", info.timezone.as_deref());
    if let Some(address) = &info.billing_address {
        address_fields(&mut form, "address", address);
    }
    if let Some(shipping) = &info.shipping_address {
        let name = info
            .customer_name
            .clone()
            .or_else(|| customer.name.clone())
            .unwrap_or_else(|| customer.ref_id.clone());
        form.push(("shipping[name]".to_owned(), name));
        if let Some(phone) = &shipping.phone_number {
            form.push(("shipping[phone]".to_owned(), phone.clone()));
        }
        address_fields(&mut form, "shipping[address]", shipping);
    }
    if let Some(Value::Object(metadata)) = &info.metadata {
        for (key, value) in metadata {
            let value = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            form.push((format!("metadata[{key}]"), value));
        }
    }
    if let Some(Value::Object(fields)) = &info.invoice_custom_fields {
        for (i, (name, value)) in fields.iter().enumerate() {
            let value = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            form.push((
                format!("invoice_settings[custom_fields][{i}][name]"),
                name.clone(),
            ));
            form.push((
                format!("invoice_settings[custom_fields][{i}][value]"),
                value,
            ));
        }
    }
    form
}

fn address_fields(form: &mut Vec<(String, String)>, prefix: &str, address: &Address) {
    for (key, value) in [
        ("line1", &address.address_line1),
        ("line2", &address.address_line2),
        ("city", &address.city),
        ("state", &address.state),
        ("postal_code", &address.postal_code),
        ("country", &address.country),
    ] {
        if let Some(value) = value {
            form.push((format!("{prefix}[{key}]"), value.clone()));
        }
    }
}

/// A payment method's display details (`card.brand`, `last4`, `exp_month`, `exp_year`; the
/// last 4 digits of a bank debit).
fn details(pm: &Value) -> PaymentMethodDetails {
    let kind = text(pm, "type");
    let inner = kind.map(|k| &pm[k]).unwrap_or(&Value::Null);
    let month = |key: &str| inner[key].as_i64().and_then(|n| i32::try_from(n).ok());
    PaymentMethodDetails {
        kind: kind.and_then(|k| match k {
            "card" => Some(PaymentMethodType::Card),
            "cashapp" => Some(PaymentMethodType::CashApp),
            "sepa_debit" | "us_bank_account" | "bacs_debit" | "au_becs_debit" | "acss_debit" => {
                Some(PaymentMethodType::Bank)
            }
            _ => None,
        }),
        brand: text(inner, "brand").map(str::to_owned),
        last4: text(inner, "last4").map(str::to_owned),
        expiration_month: month("exp_month"),
        expiration_year: month("exp_year"),
    }
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value[key].as_str()
}

fn malformed(what: &str) -> StripeError {
    StripeError {
        message: format!("unexpected answer from Stripe: {what}"),
        retryable: true,
    }
}

/// `id` as one URL path segment (Stripe ids are `[A-Za-z0-9_]`; anything else is escaped).
fn segment(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}
