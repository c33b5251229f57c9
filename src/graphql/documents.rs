//! Parsed GraphQL documents, kept by the SHA-256 of their text: an app sends the same few
//! documents over and over (an SDK has one per operation), so each is parsed once per process,
//! not once for the screening, once for execution and once for the selection-order pass.
//!
//! The same cache is the store of Apollo's automatic persisted queries
//! ([`crate::graphql::persisted`]): a client that sends only a document's hash gets the
//! document kept under it, so one bounded cache serves both.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use async_graphql::parser::types::ExecutableDocument;
use sha2::{Digest, Sha256};

/// Most memory the cache's entries may take, in bytes as [`weight`] estimates them.
const MAX_CACHED_BYTES: u64 = 32 * 1024 * 1024;

/// What a kept document takes in memory, estimated in bytes: its text and its parse, which is
/// about 16 times the text plus 2.5 KB (weighing the text alone, 16 MiB of text, let 170,000
/// small distinct documents keep 475 MB; found by the fresh-user trial).
fn weight(text: &str) -> u32 {
    u32::try_from(2_560 + 17 * text.len()).unwrap_or(u32::MAX)
}

/// Documents longer than this are parsed every time (they are not what SDKs send), and are
/// not kept for persisted queries either.
pub const MAX_CACHED_DOCUMENT_BYTES: usize = 64 * 1024;

/// The SHA-256 of a document's text (UTF-8 bytes), the key of the cache and Apollo's
/// `persistedQuery.sha256Hash` (there in lower-case hex).
pub type DocumentHash = [u8; 32];

/// The SHA-256 of `text`.
pub fn hash(text: &str) -> DocumentHash {
    Sha256::digest(text.as_bytes()).into()
}

/// A kept document: its text and its parse.
#[derive(Clone)]
pub struct Kept {
    /// The document's text, exactly as the client sent it.
    pub text: Arc<str>,
    /// The SHA-256 of `text`.
    pub hash: DocumentHash,
    /// Its parse.
    pub document: Arc<ExecutableDocument>,
    /// Set once a request with it passed async-graphql's full validation with no error (see
    /// `graphql::variables`).
    validated: Arc<AtomicBool>,
    /// Every variable is used directly as an argument's value (`graphql::variables::used_directly`).
    variables_used_directly: bool,
    /// Variables are used only as root fields' arguments
    /// (`graphql::catalog::answers::answers_may_be_kept`).
    pub catalog_answers: bool,
    /// The document's cost does not depend on the variables
    /// (`graphql::limits::cost_reads_variables` is false): a request with it is screened by
    /// its variables alone (`graphql::limits::screen_variables`).
    pub screened_once_for_all: bool,
}

impl Kept {
    /// True once a request with this document passed full validation, when its variables are
    /// all used directly: then only its variables need checking (`graphql::variables`).
    pub fn is_validated(&self) -> bool {
        self.variables_used_directly && self.validated.load(Ordering::Relaxed)
    }

    /// Records that a request with this document passed full validation.
    pub fn mark_validated(&self) {
        self.validated.store(true, Ordering::Relaxed);
    }
}

/// The parsed documents of one process, by the SHA-256 of their text (least recently used go
/// first once they weigh [`MAX_CACHED_BYTES`]).
#[derive(Clone)]
pub struct ParsedDocuments {
    cache: moka::sync::Cache<DocumentHash, Kept>,
}

impl Default for ParsedDocuments {
    fn default() -> Self {
        ParsedDocuments {
            cache: moka::sync::Cache::builder()
                .weigher(|_: &DocumentHash, kept: &Kept| weight(&kept.text))
                .max_capacity(MAX_CACHED_BYTES)
                .build(),
        }
    }
}

impl ParsedDocuments {
    /// The kept document of `text`, if any.
    pub fn get(&self, text: &str) -> Option<Kept> {
        self.cache
            .get(&hash(text))
            .filter(|kept| &*kept.text == text)
    }

    /// The document kept under `hash`, if any.
    pub fn get_by_hash(&self, hash: &DocumentHash) -> Option<Kept> {
        self.cache.get(hash)
    }

    /// Keeps `document`, the parse of `text` (unless the text is longer than
    /// [`MAX_CACHED_DOCUMENT_BYTES`]), not yet validated.
    pub fn keep(&self, text: &str, document: &ExecutableDocument) -> Kept {
        let key = hash(text);
        let kept = Kept {
            text: Arc::from(text),
            hash: key,
            document: Arc::new(document.clone()),
            validated: Arc::default(),
            variables_used_directly: super::variables::used_directly(document),
            catalog_answers: super::catalog::answers::answers_may_be_kept(document),
            screened_once_for_all: !super::limits::cost_reads_variables(document),
        };
        if text.len() <= MAX_CACHED_DOCUMENT_BYTES {
            self.cache.insert(key, kept.clone());
        }
        kept
    }
}
