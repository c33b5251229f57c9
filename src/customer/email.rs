//! `Email`: a customer's billing email address, validated by the `email_address` crate
//! (RFC 5322 address syntax), rather than by a home-made pattern.

use std::str::FromStr;

use crate::error::{Error, Result};

/// Longest accepted email address, in characters (RFC 5321's path limit).
pub const MAX_LEN: usize = 254;

/// A syntactically valid email address, as given (not lower-cased).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Parses an address. Errors: `BadUserInput` when it is not a valid address or is longer
    /// than 254 characters.
    pub fn parse(raw: &str) -> Result<Self> {
        if raw.chars().count() > MAX_LEN || email_address::EmailAddress::from_str(raw).is_err() {
            return Err(Error::bad_input(format!(
                "email '{raw}' is not a valid email address"
            )));
        }
        Ok(Email(raw.to_owned()))
    }

    /// The address as text.
    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        assert!(Email::parse("john@example.com").is_ok());
        assert!(Email::parse("first.last+tag@sub.example.co.uk").is_ok());
    }

    #[test]
    fn refuses_non_addresses() {
        for bad in ["", "john", "john@", "@example.com", "a b@example.com"] {
            assert_eq!(
                Email::parse(bad).unwrap_err().code(),
                "BadUserInput",
                "{bad}"
            );
        }
    }
}
