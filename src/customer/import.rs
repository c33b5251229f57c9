//! Customer imports (Stigg's `importOneCustomer` and `importCustomersBulk`): bring customers
//! over from another system with their ids, `updatedAt` and payment method ids, in one
//! transaction per request.
//!
//! Rules, from Stigg's import guide
//! (<https://docs.stigg.io/documentation/importing-and-exporting-data/import/importing-customers>)
//! and bulk-import reference (<https://docs.stigg.io/api-reference/bulk-import/bulk-import-customers>):
//! - each customer is validated like `provisionCustomer`'s ([`super::provision::new_row`]);
//! - "existing customers are updated, new ones are created": a live customer with the id gets
//!   the fields the import gives (omitted ones stay) — unless it was updated after the
//!   import's `updatedAt` ("it will skip import this customer"), then it is left as it is;
//! - an id held by an archived customer cannot be reused (`DuplicatedEntityNotAllowed`, as on
//!   provision).
//!
//! `createdAt` of a new customer is the time of the import (Stigg's input has none);
//! `updatedAt` is the one given (not in the future), else now. A bulk import is all or nothing:
//! the first bad customer fails the request with its own code and a message naming its index
//! (`customers[3]: …`), and nothing is written. New customers are written with multi-row
//! inserts, existing ones looked up in chunks, so 10,000 customers take a few dozen
//! statements.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::provision::{self, NewCustomer};
use super::{check_environment, Customer};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::customer;

/// Most customers in one `importCustomersBulk` (Stigg's own limit is 1,000).
pub const MAX_IMPORTED_CUSTOMERS: usize = 10_000;

/// Rows per multi-row statement (24 columns: well below SQLite's and PostgreSQL's limits on
/// bound parameters).
const CHUNK: usize = 500;

/// Imports `customers` into `env` in one transaction and answers each as stored after the
/// import, in request order (a skipped customer as it was). `bulk_environment` is the
/// request's own `environmentId`.
///
/// Errors (Stigg codes; nothing is written): `AccessDeniedError` (a foreign
/// `environmentId`), `BadUserInput` (no customers or more than [`MAX_IMPORTED_CUSTOMERS`],
/// one id twice), and for the customer at index *i* the errors of
/// [`provision::new_row`] and `DuplicatedEntityNotAllowed` (an archived customer holds the
/// id), with the message prefixed by `customers[i]: `.
#[tracing::instrument(name = "customer.import", skip_all, fields(environment_id = %env.0, customers = customers.len()))]
pub async fn import(
    db: &DatabaseConnection,
    env: EnvironmentId,
    bulk_environment: Option<uuid::Uuid>,
    customers: Vec<NewCustomer>,
    now: DateTime<Utc>,
) -> Result<Vec<Customer>> {
    check_environment(bulk_environment, env)?;
    if customers.is_empty() || customers.len() > MAX_IMPORTED_CUSTOMERS {
        return Err(Error::bad_input(format!(
            "customers takes 1 to {MAX_IMPORTED_CUSTOMERS} customers"
        )));
    }
    let mut rows = Vec::with_capacity(customers.len());
    let mut index_of: HashMap<String, usize> = HashMap::with_capacity(customers.len());
    for (i, input) in customers.iter().enumerate() {
        let row = provision::new_row(env, input, now).map_err(|e| e.in_item("customers", i))?;
        if let Some(first) = index_of.insert(row.ref_id.clone(), i) {
            return Err(Error::bad_input(format!(
                "customer id '{}' is given twice, by customers[{first}] and customers[{i}]",
                row.ref_id
            )));
        }
        rows.push(row);
    }

    // On PostgreSQL another request may create one of the new ids between the look-up and
    // the insert: the transaction is then rolled back and the import runs again, and finds
    // it existing (found by the fresh-user trial: concurrent imports of one id failed with
    // DuplicatedEntityNotAllowed instead of updating it). SQLite holds the write lock.
    const ATTEMPTS: usize = 3;
    for attempt in 1..=ATTEMPTS {
        match write(db, env, &rows, &customers).await? {
            Written::Stored(stored) => {
                crate::database::analyze_after_bulk(db, "customers", stored.len()).await;
                return Ok(stored);
            }
            Written::Raced(chunk) if attempt == ATTEMPTS => {
                return Err(taken_meanwhile(db, env, &index_of, &chunk).await)
            }
            Written::Raced(_) => {}
        }
    }
    Err(Error::Unexpected(anyhow::anyhow!(
        "customer import: no attempt left"
    )))
}

/// What one attempt at writing an import did.
enum Written {
    Stored(Vec<Customer>),
    /// A chunk's insert met an id another request created meanwhile (rolled back).
    Raced(Vec<Customer>),
}

/// One transaction of [`import`]: existing live customers updated (or skipped when updated
/// after the import's `updatedAt`), new ones inserted in chunks.
async fn write(
    db: &DatabaseConnection,
    env: EnvironmentId,
    rows: &[Customer],
    customers: &[NewCustomer],
) -> Result<Written> {
    let txn = crate::database::begin_write(db).await?;
    let mut existing: HashMap<String, Customer> =
        super::get::find_many_locked(&txn, env, rows.iter().map(|r| r.ref_id.as_str()))
            .await?
            .into_iter()
            .map(|c| (c.ref_id.clone(), c))
            .collect();
    let mut stored = Vec::with_capacity(rows.len());
    let mut new_rows = Vec::new();
    for (i, (row, input)) in rows.iter().cloned().zip(customers).enumerate() {
        match existing.remove(&row.ref_id) {
            None => {
                new_rows.push(row.clone());
                stored.push(row);
            }
            Some(holder) if holder.archived_at.is_some() => {
                return Err(Error::DuplicatedCustomer {
                    ref_id: row.ref_id,
                    archived: true,
                }
                .in_item("customers", i));
            }
            Some(holder) if input.updated_at.is_some() && holder.updated_at > row.updated_at => {
                stored.push(holder);
            }
            Some(holder) => stored.push(update_existing(&txn, holder, input, row).await?),
        }
    }
    // New ids in one order too: a concurrent import inserting one of them waits for the
    // first, never the two for each other.
    new_rows.sort_unstable_by(|a, b| a.ref_id.cmp(&b.ref_id));
    for chunk in new_rows.chunks(CHUNK) {
        let inserted = customer::Entity::insert_many(chunk.iter().map(provision::active))
            .exec_without_returning(&txn)
            .await;
        if let Err(err) = inserted {
            if crate::database::is_unique_violation(
                &err,
                migration::CUSTOMER_REF_ID_INDEX,
                super::REF_ID_INDEX_COLUMNS,
            ) {
                // Another request took one of the ids since the look-up (PostgreSQL: SQLite
                // holds the write lock).
                txn.rollback().await?;
                return Ok(Written::Raced(chunk.to_vec()));
            }
            return Err(err.into());
        }
    }
    txn.commit().await?;
    Ok(Written::Stored(stored))
}

/// Gives the live customer `holder` the fields `input` sets (`row` is `input` validated);
/// omitted fields stay, `createdAt` stays, `updatedAt` becomes the import's.
async fn update_existing<C: sea_orm::ConnectionTrait>(
    txn: &C,
    holder: Customer,
    input: &NewCustomer,
    row: Customer,
) -> Result<Customer> {
    let mut change: customer::ActiveModel = holder.into();
    if input.name.is_some() {
        change.name = Set(row.name);
    }
    if input.email.is_some() {
        change.email = Set(row.email);
    }
    if input.additional_meta_data.is_some() {
        change.additional_meta_data = Set(row.additional_meta_data);
    }
    if input.billing_id.is_some() {
        change.billing_id = Set(row.billing_id);
    }
    if input.salesforce_id.is_some() {
        change.salesforce_id = Set(row.salesforce_id);
    }
    if input.payment_method_id.is_some() {
        change.payment_method_id = Set(row.payment_method_id);
    }
    change.fold_changed_text();
    change.updated_at = Set(row.updated_at);
    Ok(change.update(txn).await?)
}

/// The error for a chunk whose insert met a customer created meanwhile by another request.
async fn taken_meanwhile(
    db: &DatabaseConnection,
    env: EnvironmentId,
    index_of: &HashMap<String, usize>,
    chunk: &[Customer],
) -> Error {
    let found = customer::Entity::find()
        .filter(customer::Column::EnvironmentId.eq(env.0))
        .filter(customer::Column::RefId.is_in(chunk.iter().map(|r| r.ref_id.clone())))
        .one(db)
        .await;
    match found {
        Ok(Some(holder)) => {
            let i = index_of.get(&holder.ref_id).copied().unwrap_or_default();
            Error::DuplicatedCustomer {
                archived: holder.archived_at.is_some(),
                ref_id: holder.ref_id,
            }
            .in_item("customers", i)
        }
        Ok(None) => Error::Unexpected(anyhow::anyhow!(
            "customer import: unique violation without a holder"
        )),
        Err(err) => err.into(),
    }
}

/// Imports one customer (Stigg's `importOneCustomer`): [`import`] of one, its errors without
/// the index.
#[tracing::instrument(name = "customer.import_one", skip_all, fields(environment_id = %env.0))]
pub async fn import_one(
    db: &DatabaseConnection,
    env: EnvironmentId,
    customer: NewCustomer,
    now: DateTime<Utc>,
) -> Result<Customer> {
    let mut stored = import(db, env, None, vec![customer], now)
        .await
        .map_err(|e| match e {
            Error::InItem { error, .. } => *error,
            other => other,
        })?;
    stored
        .pop()
        .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("customer import answered nothing")))
}
