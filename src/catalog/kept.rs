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

use async_graphql::Value;

use sea_orm::{ConnectionTrait, Statement};
use uuid::Uuid;

use super::read::{load_packages, PackageView};
use crate::error::{Error, Result};

/// Most packages kept (a catalog larger than this keeps the first ones read until the next
/// catalog change; the others are read from the database each time).
pub const MAX_KEPT_PACKAGES: usize = 4_096;

/// Most memory the kept answers may take, in bytes as [`weight`] estimates them (32 MiB: a
/// plan with a dozen compatible addons as the v2 client's `get_customer_by_id` selects it is
/// about 1,500 values, some 150 KB, so about 200 such answers). Once full, new answers are not kept until the next
/// catalog change. (Counting values instead let a thousand documents selecting a plan with
/// 16 KB of metadata fifty times each keep 1.2 GiB: found by the fresh-user trial.)
pub const MAX_KEPT_ANSWER_BYTES: usize = 32 * 1024 * 1024;

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
    views: HashMap<Uuid, Arc<PackageView>>,
    /// Answers of kept views (each holds its view, so that no other view can take its address
    /// while the answer is kept).
    answers: HashMap<AnswerKey, (Arc<PackageView>, Arc<Value>)>,
    /// The [`weight`] of `answers`, in bytes.
    answer_bytes: usize,
}

impl Kept {
    fn clear(&mut self, revision: i64) {
        self.revision = revision;
        self.views.clear();
        self.answers.clear();
        self.answer_bytes = 0;
    }
}

/// What an answer of a kept view is kept under: the view (by address) and the selection it
/// answers — the field at `line`:`column` of the document whose text has SHA-256 `document`.
/// The selection must not depend on the request's variables.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct AnswerKey {
    view: usize,
    /// SHA-256 of the document's text (`graphql::documents::hash`).
    pub document: [u8; 32],
    /// Position of the field in the document (1-based).
    pub line: usize,
    pub column: usize,
}

impl AnswerKey {
    /// The key of the answer of `view` to the field at `line`:`column` of `document`.
    pub fn new(view: &Arc<PackageView>, document: [u8; 32], line: usize, column: usize) -> Self {
        AnswerKey {
            view: Arc::as_ptr(view) as usize,
            document,
            line,
            column,
        }
    }
}

/// What `value` takes in memory, estimated in bytes: each value's own size plus its text
/// (strings, enum names, object keys) and a map or list entry's share.
fn weight(value: &Value) -> usize {
    const NODE: usize = std::mem::size_of::<Value>() + 16;
    NODE + match value {
        Value::String(text) => text.len(),
        Value::Enum(name) => name.len(),
        Value::Binary(bytes) => bytes.len(),
        Value::List(items) => items.iter().map(weight).sum(),
        Value::Object(fields) => fields
            .iter()
            .map(|(key, field)| key.len() + weight(field))
            .sum(),
        _ => 0,
    }
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
    ) -> Result<HashMap<Uuid, Arc<PackageView>>> {
        let mut found = HashMap::with_capacity(ids.len());
        let missing: Vec<Uuid> = {
            let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
            if revision > kept.revision {
                kept.clear(revision);
            }
            if revision < kept.revision {
                ids.to_vec()
            } else {
                ids.iter()
                    .copied()
                    .filter(|id| match kept.views.get(id) {
                        Some(view) => {
                            found.insert(*id, Arc::clone(view));
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
        let loaded: HashMap<Uuid, Arc<PackageView>> = load_packages(db, None, &missing)
            .await?
            .into_iter()
            .map(|(id, view)| (id, Arc::new(view)))
            .collect();
        {
            let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
            if kept.revision == revision && kept.views.len() + loaded.len() <= MAX_KEPT_PACKAGES {
                for (id, view) in &loaded {
                    kept.views.insert(*id, Arc::clone(view));
                }
            }
        }
        found.extend(loaded);
        Ok(found)
    }

    /// The answer kept under `key`, if any.
    pub fn answer(&self, key: &AnswerKey) -> Option<Arc<Value>> {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.answers.get(key).map(|(_, answer)| Arc::clone(answer))
    }

    /// Keeps `answer`, what `view` answered to the selection of `key`, when `view` is the one
    /// kept for its package (so it is of the newest revision read, and the answer is dropped
    /// with it) and there is room ([`MAX_KEPT_ANSWER_BYTES`]). The answer must depend on
    /// nothing but the view, the catalog and the selection.
    pub fn keep_answer(&self, view: &Arc<PackageView>, key: AnswerKey, answer: &Value) {
        let bytes = weight(answer);
        let answer = Arc::new(answer.clone());
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let current = kept
            .views
            .get(&view.package.id)
            .is_some_and(|k| Arc::ptr_eq(k, view));
        if current
            && key.view == Arc::as_ptr(view) as usize
            && kept.answer_bytes + bytes <= MAX_KEPT_ANSWER_BYTES
            && !kept.answers.contains_key(&key)
        {
            kept.answer_bytes += bytes;
            kept.answers.insert(key, (Arc::clone(view), answer));
        }
    }
}
