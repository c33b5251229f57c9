//! `CustomerRefId`: the user-chosen customer id (Stigg's `customerId`, a.k.a. `refId`).

use std::fmt;

use crate::error::{Error, Result};

/// Longest accepted customer id, in characters.
pub const MAX_LEN: usize = 255;

/// A valid customer id: 1–255 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CustomerRefId(String);

impl CustomerRefId {
    /// Parses a customer id. Errors: `BadUserInput` when empty, longer than 255 characters or
    /// containing control characters.
    pub fn parse(raw: &str) -> Result<Self> {
        if raw.is_empty() {
            return Err(Error::bad_input("customerId must not be empty"));
        }
        if raw.chars().count() > MAX_LEN {
            return Err(Error::bad_input(format!(
                "customerId must be at most {MAX_LEN} characters"
            )));
        }
        if raw.chars().any(char::is_control) {
            return Err(Error::bad_input(
                "customerId must not contain control characters",
            ));
        }
        Ok(CustomerRefId(raw.to_owned()))
    }

    /// The id for a provision: `customerId` and `refId` name the same id (either may be
    /// given); neither → a generated `customer-` + 32 random hex characters.
    /// Errors: `EntityIdDifferentFromRefIdError` when both are given and differ;
    /// `BadUserInput` as [`CustomerRefId::parse`].
    pub fn resolve(customer_id: Option<&str>, ref_id: Option<&str>) -> Result<Self> {
        match (customer_id, ref_id) {
            (Some(c), Some(r)) if c != r => Err(Error::EntityIdDifferentFromRefId {
                id: c.to_owned(),
                ref_id: r.to_owned(),
            }),
            (Some(id), _) | (None, Some(id)) => Self::parse(id),
            (None, None) => Ok(Self::generate()),
        }
    }

    /// A fresh id: `customer-` followed by 32 random lowercase hex characters (128 random
    /// bits; see `values::generated_id`).
    pub fn generate() -> Self {
        CustomerRefId(crate::values::generated_id("customer", MAX_LEN))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CustomerRefId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_name_gives_the_id() {
        assert_eq!(
            CustomerRefId::resolve(Some("a"), None).map(|i| i.0).ok(),
            Some("a".into())
        );
        assert_eq!(
            CustomerRefId::resolve(None, Some("b")).map(|i| i.0).ok(),
            Some("b".into())
        );
        assert_eq!(
            CustomerRefId::resolve(Some("c"), Some("c"))
                .map(|i| i.0)
                .ok(),
            Some("c".into())
        );
    }

    #[test]
    fn different_ids_are_refused() {
        let err = CustomerRefId::resolve(Some("a"), Some("b")).unwrap_err();
        assert_eq!(err.code(), "EntityIdDifferentFromRefIdError");
    }

    #[test]
    fn generated_ids_are_prefixed_and_distinct() {
        let a = CustomerRefId::generate();
        let b = CustomerRefId::generate();
        assert!(a.as_str().starts_with("customer-"));
        assert_eq!(a.as_str().len(), "customer-".len() + 32);
        assert_ne!(a, b);
    }

    #[test]
    fn bad_ids_are_refused() {
        for bad in ["", "a\u{0}b", "tab\there", &"x".repeat(256)] {
            assert_eq!(
                CustomerRefId::parse(bad).unwrap_err().code(),
                "BadUserInput"
            );
        }
        assert!(CustomerRefId::parse(&"é".repeat(255)).is_ok());
    }
}
