//! `Change<T>`: what an update does to one field. Every update input (customers, features,
//! products, plans, addons) uses it, so "absent" and "null" mean the same everywhere: an
//! omitted field is kept, an explicit `null` clears a clearable field and is refused
//! (`BadUserInput` naming the field) on one that cannot be cleared, a value replaces the
//! stored one. The API layer converts GraphQL's absent/null/value (`MaybeUndefined`) into it
//! in one place; the catalog file only ever keeps or sets.

use sea_orm::ActiveValue;

use crate::error::{Error, Result};

/// What to do with one field of an update: GraphQL distinguishes an omitted field (`Keep`)
/// from an explicit `null` (`Clear`).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Change<T> {
    /// Omitted: leave as stored.
    #[default]
    Keep,
    /// Explicit `null`: store NULL (where the field can be cleared).
    Clear,
    /// A value: store it.
    Set(T),
}

impl<T> Change<T> {
    /// `Set` when `value` is given, else `Keep` (for inputs that cannot say `null`).
    pub fn from_option(value: Option<T>) -> Self {
        value.map_or(Change::Keep, Change::Set)
    }

    /// The new value, when one is set.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Change::Set(value) => Some(value),
            Change::Keep | Change::Clear => None,
        }
    }

    /// True when the field is left as stored.
    pub fn is_keep(&self) -> bool {
        matches!(self, Change::Keep)
    }

    /// The change with its value mapped by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Change<U> {
        match self {
            Change::Keep => Change::Keep,
            Change::Clear => Change::Clear,
            Change::Set(value) => Change::Set(f(value)),
        }
    }

    /// The change with its value parsed by `f`; `f`'s error is returned as is.
    pub fn try_map<U>(self, f: impl FnOnce(T) -> Result<U>) -> Result<Change<U>> {
        Ok(match self {
            Change::Keep => Change::Keep,
            Change::Clear => Change::Clear,
            Change::Set(value) => Change::Set(f(value)?),
        })
    }

    /// For a field that cannot be cleared: `Some(value)` to set, `None` to keep.
    /// Errors: `BadUserInput` naming `field` for an explicit `null`.
    pub fn not_null(self, field: &str) -> Result<Option<T>> {
        match self {
            Change::Keep => Ok(None),
            Change::Set(value) => Ok(Some(value)),
            Change::Clear => Err(Error::bad_input(format!("{field} cannot be null"))),
        }
    }

    /// The value after the change, given the stored one.
    pub fn resolve(self, stored: Option<T>) -> Option<T> {
        match self {
            Change::Keep => stored,
            Change::Clear => None,
            Change::Set(value) => Some(value),
        }
    }

    /// Writes the change into a nullable column of an active model (`Keep` leaves it
    /// unchanged).
    pub fn write(self, column: &mut ActiveValue<Option<T>>)
    where
        Option<T>: Into<sea_orm::Value>,
    {
        match self {
            Change::Keep => {}
            Change::Clear => *column = ActiveValue::Set(None),
            Change::Set(value) => *column = ActiveValue::Set(Some(value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_clear_and_set() {
        assert_eq!(Change::<i32>::Keep.resolve(Some(1)), Some(1));
        assert_eq!(Change::<i32>::Clear.resolve(Some(1)), None);
        assert_eq!(Change::Set(2).resolve(Some(1)), Some(2));
        assert_eq!(Change::Set(2).map(|v| v * 2), Change::Set(4));
        assert_eq!(Change::<i32>::from_option(None), Change::Keep);
        assert_eq!(Change::Set(3).not_null("x").ok(), Some(Some(3)));
        assert_eq!(Change::<i32>::Keep.not_null("x").ok(), Some(None));
        let err = Change::<i32>::Clear.not_null("displayName").unwrap_err();
        assert!(err.to_string().contains("displayName"), "{err}");
    }
}
