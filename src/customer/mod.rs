//! The customer domain: provision, update, get, archive and list customers of one
//! environment. Each function validates its input into parsed types first
//! ([`CustomerRefId`], [`Email`], [`Metadata`]), then runs one transaction.
//!
//! Rules come from Stigg's customer-management page (`shared/seed/customer-management.md`) and
//! Stigg's observable behaviour; each function's doc names its errors with their Stigg codes.

pub mod archive;
pub mod email;
pub mod get;
pub mod import;
pub mod list;
pub mod metadata;
pub mod provision;
pub mod ref_id;
pub mod update;

pub use email::Email;
pub use entity::customer::Model as Customer;
pub use metadata::Metadata;
pub use ref_id::CustomerRefId;

use uuid::Uuid;

use crate::environment::EnvironmentId;
use crate::error::{Error, Result};

/// Columns of the unique index over `(environment_id, ref_id)` as SQLite names them in a
/// constraint failure (SQLite does not report the index name).
pub(crate) const REF_ID_INDEX_COLUMNS: &str = "customers.environment_id, customers.ref_id";

/// Longest accepted customer name, in characters.
pub const MAX_NAME_LEN: usize = 1024;
/// Checks an `environmentId` given in an input against the API key's environment.
/// Errors: `AccessDeniedError` when it names another environment.
pub fn check_environment(requested: Option<Uuid>, env: EnvironmentId) -> Result<()> {
    match requested {
        Some(id) if id != env.0 => Err(Error::AccessDenied(format!(
            "environmentId {id} is not the environment of this API key"
        ))),
        _ => Ok(()),
    }
}

/// Checks a customer name: at most 1024 characters, no control characters.
/// Errors: `BadUserInput`.
pub fn check_name(name: &str) -> Result<()> {
    if name.chars().count() > MAX_NAME_LEN || name.chars().any(char::is_control) {
        return Err(Error::bad_input(format!(
            "name must be at most {MAX_NAME_LEN} characters without control characters"
        )));
    }
    Ok(())
}
