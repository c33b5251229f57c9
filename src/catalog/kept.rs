//! Plans and addons as read models ([`PackageView`]), kept in memory between requests for
//! one catalog revision, so that reading a customer's subscriptions does not load the same
//! packages, prices, entitlements and features again on every request (seven queries per
//! read before: the v2 client's `get_customer_by_id` loaded the catalog twice per request).
//!
//! Correctness across replicas: the database keeps the catalog's revision
//! (`catalog_revisions`, raised by triggers with every catalog write; migration
//! `m20261203_000011_entitlement_revisions`). A reader reads the revision *before* it reads
//! any package, so what it loads is at least as new as the revision it is kept under; kept
//! views are used only by a reader that read the same revision, and all of them are dropped
//! when a newer one is read. A reader that read an older revision than the kept one (it
//! started before a catalog change committed) reads the database and keeps nothing. Only
//! reads outside a transaction use this: a write transaction may read its own catalog writes
//! and then roll back.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use sea_orm::{ConnectionTrait, Statement};
use uuid::Uuid;

use super::read::{load_packages, PackageView};
use crate::error::{Error, Result};

/// Most packages kept (a catalog larger than this keeps the first ones read until the next
/// catalog change; the others are read from the database each time).
pub const MAX_KEPT_PACKAGES: usize = 4_096;

/// The package views of one process, for the newest catalog revision it has read. Cloning
/// shares them.
#[derive(Clone, Default)]
pub struct KeptPackages {
    kept: Arc<Mutex<Kept>>,
}

#[derive(Default)]
struct Kept {
    /// The catalog revision `views` are valid for.
    revision: i64,
    views: HashMap<Uuid, PackageView>,
}

impl KeptPackages {
    /// The catalog's current revision (`catalog_revisions.revision`). Read it before the
    /// packages, and pass it to [`KeptPackages::load`]. Errors: `UnexpectedError` (database).
    pub async fn revision<C: ConnectionTrait>(db: &C) -> Result<i64> {
        let row = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                "SELECT revision FROM catalog_revisions WHERE id = 1",
            ))
            .await?
            .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("catalog_revisions has no row")))?;
        Ok(row.try_get_by_index::<i64>(0)?)
    }

    /// [`load_packages`] of `ids` (rows of the catalog at `revision`, as read by
    /// [`KeptPackages::revision`] before), from what is kept for `revision` and the database
    /// for the rest; what was read is kept when `revision` is the newest one read. `ids`
    /// must come from environment-scoped rows (a subscription's plan and addons). Errors:
    /// `UnexpectedError` (database, unreadable stored values).
    pub async fn load<C: ConnectionTrait>(
        &self,
        db: &C,
        revision: i64,
        ids: &[Uuid],
    ) -> Result<HashMap<Uuid, PackageView>> {
        let mut found = HashMap::with_capacity(ids.len());
        let missing: Vec<Uuid> = {
            let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
            if revision > kept.revision {
                kept.views.clear();
                kept.revision = revision;
            }
            if revision < kept.revision {
                ids.to_vec()
            } else {
                ids.iter()
                    .copied()
                    .filter(|id| match kept.views.get(id) {
                        Some(view) => {
                            found.insert(*id, view.clone());
                            false
                        }
                        None => true,
                    })
                    .collect()
            }
        };
        if missing.is_empty() {
            return Ok(found);
        }
        let loaded = load_packages(db, None, &missing).await?;
        {
            let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
            if kept.revision == revision && kept.views.len() + loaded.len() <= MAX_KEPT_PACKAGES {
                for (id, view) in &loaded {
                    kept.views.insert(*id, view.clone());
                }
            }
        }
        found.extend(loaded);
        Ok(found)
    }
}
