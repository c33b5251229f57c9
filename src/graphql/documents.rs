//! Parsed GraphQL documents, kept by their text: an app sends the same few documents over and
//! over (an SDK has one per operation), so each is parsed once per process, not once for the
//! screening, once for execution and once for the selection-order pass.

use std::sync::Arc;

use async_graphql::parser::types::ExecutableDocument;

/// Most document text the cache holds, in bytes (the weight of an entry is its text's length).
const MAX_CACHED_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// Documents longer than this are parsed every time (they are not what SDKs send).
const MAX_CACHED_DOCUMENT_BYTES: usize = 64 * 1024;

/// The parsed documents of one process, by text (least recently used go first).
#[derive(Clone)]
pub struct ParsedDocuments {
    cache: moka::sync::Cache<String, Arc<ExecutableDocument>>,
}

impl Default for ParsedDocuments {
    fn default() -> Self {
        ParsedDocuments {
            cache: moka::sync::Cache::builder()
                .weigher(|text: &String, _| u32::try_from(text.len()).unwrap_or(u32::MAX))
                .max_capacity(MAX_CACHED_TEXT_BYTES)
                .build(),
        }
    }
}

impl ParsedDocuments {
    /// The parsed document of `text`, if kept.
    pub fn get(&self, text: &str) -> Option<Arc<ExecutableDocument>> {
        self.cache.get(text)
    }

    /// Keeps `document`, the parse of `text` (unless the text is too long to keep).
    pub fn keep(&self, text: &str, document: &ExecutableDocument) -> Arc<ExecutableDocument> {
        let document = Arc::new(document.clone());
        if text.len() <= MAX_CACHED_DOCUMENT_BYTES {
            self.cache.insert(text.to_owned(), Arc::clone(&document));
        }
        document
    }
}
