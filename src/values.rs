//! Value types the domain shares across concepts (customers, catalog, subscriptions,
//! billing), each parsed once at the domain boundary so that what follows cannot hold an
//! invalid one (zero2prod's "parse, don't validate"). A value that belongs to one concept
//! lives with it instead (`customer::CustomerRefId`, `customer::Email`, …).

use std::fmt;

use crate::error::{Error, Result};

/// Longest accepted [`ExternalId`], in characters.
pub const MAX_EXTERNAL_ID_LEN: usize = 255;

/// An id chosen outside plangate and stored as given: a customer's `billingId`, `crmId`,
/// `salesforceId` and `awsMarketplaceCustomerId`, a package's `billingId`, a subscription's
/// `resourceId` and `subscriptionId`. 1 to 255 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExternalId(String);

impl ExternalId {
    /// Parses an external id (`field` names it in the message). Errors: `BadUserInput` when
    /// it is empty, longer than [`MAX_EXTERNAL_ID_LEN`] characters or holds a control
    /// character.
    pub fn parse(field: &str, value: &str) -> Result<ExternalId> {
        if value.is_empty()
            || value.chars().count() > MAX_EXTERNAL_ID_LEN
            || value.chars().any(char::is_control)
        {
            return Err(Error::bad_input(format!(
                "{field} must be 1 to {MAX_EXTERNAL_ID_LEN} characters without control characters"
            )));
        }
        Ok(ExternalId(value.to_owned()))
    }

    /// The id as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as given, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for ExternalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Random bits in every id plangate generates: at 128 bits a collision does not happen in
/// practice (about 2^64 ids for a 50 % chance of one), so generated ids need no retry.
pub const GENERATED_ID_RANDOM_BITS: u32 = 128;

/// A fresh id for a customer, subscription, plan, addon, feature or product: `prefix-`
/// followed by 32 lowercase hex characters (128 random bits). The prefix is shortened (at a
/// character boundary) when needed so that the id has at most `max_len` characters, the same
/// limit a client-supplied id of that kind has; the prefix (e.g. a plan's refId) holds no
/// whitespace or control characters, so neither does the id.
pub fn generated_id(prefix: &str, max_len: usize) -> String {
    let random = format!("{:032x}", rand::random::<u128>());
    let room = max_len.saturating_sub(random.len() + 1);
    let prefix: String = prefix.chars().take(room).collect();
    format!("{prefix}-{random}")
}

/// An ISO 3166-1 alpha-2 country code: two upper-case letters naming an assigned country
/// (`US`, `DK`, …; checked against the `celes` country table). Billing addresses and the
/// `billingCountryCode` of prices and subscriptions use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

/// Why a text is not a [`CountryCode`]. Its message starts with `country`, for the caller
/// to prefix with the field that held it (e.g. `billingCountryCode: country 'XX' is not …`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidCountryCode(String);

impl fmt::Display for InvalidCountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "country '{}' is not an ISO 3166-1 alpha-2 country code such as US or DK",
            self.0
        )
    }
}

impl std::error::Error for InvalidCountryCode {}

impl CountryCode {
    /// Parses an upper-case alpha-2 code. Errors: [`InvalidCountryCode`] for anything else
    /// (lower case, alpha-3, unassigned codes such as `XX`).
    pub fn parse(code: &str) -> std::result::Result<CountryCode, InvalidCountryCode> {
        let invalid = || InvalidCountryCode(code.to_owned());
        let bytes: [u8; 2] = code.as_bytes().try_into().map_err(|_| invalid())?;
        if !bytes.iter().all(u8::is_ascii_uppercase) || celes::Country::from_alpha2(code).is_err() {
            return Err(invalid());
        }
        Ok(CountryCode(bytes))
    }

    /// The code, e.g. `"DK"`.
    pub fn as_str(&self) -> &str {
        // Two ASCII upper-case letters, checked by `parse`.
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes() {
        assert_eq!(
            CountryCode::parse("US").map(|c| c.to_string()),
            Ok("US".into())
        );
        assert!(CountryCode::parse("DK").is_ok());
        for bad in ["us", "USA", "XX", "", "U", "ÅÅ"] {
            assert!(CountryCode::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            CountryCode::parse("XX").map_err(|e| e.to_string()),
            Err("country 'XX' is not an ISO 3166-1 alpha-2 country code such as US or DK".into())
        );
    }

    #[test]
    fn external_ids() {
        assert_eq!(
            ExternalId::parse("billingId", "cus_123")
                .map(ExternalId::into_string)
                .ok(),
            Some("cus_123".to_owned())
        );
        assert!(ExternalId::parse("billingId", &"x".repeat(MAX_EXTERNAL_ID_LEN)).is_ok());
        for bad in [
            String::new(),
            "x".repeat(MAX_EXTERNAL_ID_LEN + 1),
            "a\nb".into(),
        ] {
            let err = ExternalId::parse("crmId", &bad).expect_err(&bad);
            assert_eq!(err.code(), "BadUserInput");
        }
    }
}
