//! Plans and addons of subscriptions, answered once per document and catalog revision.
//!
//! A customer's subscriptions are mostly catalog: the v2 client's `get_customer_by_id` selects,
//! for each subscription's plan, its product, prices, entitlements and every compatible
//! addon with theirs — 84 % of the values of an answer with one subscription, the same for
//! every customer on that plan. [`CatalogObject`] (the type the
//! generator gives `CustomerSubscription.plan`, `SubscriptionQuery.plan` and
//! `SubscriptionAddon.addon`, see `codegen/overlay.toml`) answers such a field as a `Plan` or
//! `Addon` would, and keeps the answer beside the kept view it came from
//! (`catalog::kept::KeptPackages::keep_answer`); the next request with the same document asks
//! for it and copies it instead of resolving it again.
//!
//! An answer is kept only when all of these hold, so that a kept answer is exactly what
//! resolving would give:
//! - the request came over HTTP with a kept document (`graphql::documents`): the answer is
//!   keyed by the SHA-256 of the document's text and the field's position in it;
//! - the document uses variables only as arguments of its root fields
//!   ([`answers_may_be_kept`]): nothing but the document decides what is selected below them;
//! - the view is the one kept for the newest catalog revision read
//!   (`catalog::kept`): answers are dropped with the views at the next catalog change;
//! - resolving it raised no error.
//!
//! What a plan's or addon's fields read besides the view (`status`, `product`,
//! `productSettings` and the like, through `CatalogLoader`) is catalog data too, written only
//! by catalog changes, which raise the revision.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, PoisonError};

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::registry::Registry;
use async_graphql::{ContextSelectionSet, OutputType, Positioned, ServerResult, Value};

use super::objects::{addon_object, plan_object};
use crate::catalog::kept::{AnswerKey, KeptPackages};
use crate::catalog::read::PackageView;
use crate::graphql::documents::DocumentHash;
use crate::graphql::stigg::objects::{Addon, Plan};
use crate::graphql::variables::{constant, constant_directives};

/// A Stigg type made from a package's read model: `Plan` or `Addon`.
pub trait PackageObject: OutputType + Sized {
    /// The object for `view`.
    fn of_view(view: &PackageView) -> Self;
}

impl PackageObject for Plan {
    fn of_view(view: &PackageView) -> Plan {
        plan_object(view)
    }
}

impl PackageObject for Addon {
    fn of_view(view: &PackageView) -> Addon {
        addon_object(view)
    }
}

/// A plan or addon (`T`: `Plan` or `Addon`) of a subscription, from its read model; on the
/// wire exactly a `T`.
pub struct CatalogObject<T> {
    view: Arc<PackageView>,
    object: PhantomData<fn() -> T>,
}

impl<T> CatalogObject<T> {
    /// The object for `view` (kept or not).
    pub fn new(view: Arc<PackageView>) -> Self {
        CatalogObject {
            view,
            object: PhantomData,
        }
    }
}

impl<T> Clone for CatalogObject<T> {
    fn clone(&self) -> Self {
        CatalogObject::new(Arc::clone(&self.view))
    }
}

impl<T> fmt::Debug for CatalogObject<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CatalogObject")
            .field(&self.view.package.ref_id)
            .finish()
    }
}

/// What an HTTP request with a kept document whose selections use no variable
/// ([`answers_may_be_kept`]) gives its catalog objects: where answers are kept, and the
/// document's SHA-256.
#[derive(Clone)]
pub struct KeptAnswers {
    pub packages: KeptPackages,
    pub document: DocumentHash,
}

impl<T: PackageObject> OutputType for CatalogObject<T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        let Some(kept) = ctx.data_opt::<KeptAnswers>() else {
            return T::of_view(&self.view).resolve(ctx, field).await;
        };
        let key = AnswerKey::new(&self.view, kept.document, field.pos.line, field.pos.column);
        if let Some(answer) = kept.packages.answer(&key) {
            return Ok(Value::clone(&answer));
        }
        let errors_before = errors(ctx);
        let answer = T::of_view(&self.view).resolve(ctx, field).await?;
        // Another field's error raised meanwhile only makes this answer go unkept.
        if errors(ctx) == errors_before {
            kept.packages.keep_answer(&self.view, key, &answer);
        }
        Ok(answer)
    }
}

/// The number of errors the request has raised so far (field errors async-graphql turned
/// into nulls).
fn errors(ctx: &ContextSelectionSet<'_>) -> usize {
    ctx.query_env
        .errors
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .len()
}

/// True when no selection of `document` depends on the request's variables: a variable
/// appears only as an argument of an operation's root field (`getCustomerByRefId(input:
/// $input)`, as in every official document), never deeper, in a fragment or in a directive.
/// Only then may its catalog answers be kept: async-graphql removes the selections a variable
/// `@skip`s (or does not `@include`) before executing, so the executed document no longer
/// shows that they depended on one.
pub fn answers_may_be_kept(document: &ExecutableDocument) -> bool {
    /// True when nothing in `set` (arguments, directives, below it; at most 64 levels) holds
    /// a variable.
    fn constant_set(set: &SelectionSet, depth: usize) -> bool {
        depth <= 64
            && set.items.iter().all(|item| match &item.node {
                Selection::Field(f) => {
                    constant_directives(&f.node.directives)
                        && f.node.arguments.iter().all(|(_, v)| constant(&v.node))
                        && constant_set(&f.node.selection_set.node, depth + 1)
                }
                Selection::InlineFragment(fragment) => {
                    constant_directives(&fragment.node.directives)
                        && constant_set(&fragment.node.selection_set.node, depth + 1)
                }
                Selection::FragmentSpread(spread) => constant_directives(&spread.node.directives),
            })
    }
    document.fragments.values().all(|f| {
        constant_directives(&f.node.directives) && constant_set(&f.node.selection_set.node, 0)
    }) && document.operations.iter().all(|(_, operation)| {
        constant_directives(&operation.node.directives)
            && operation
                .node
                .selection_set
                .node
                .items
                .iter()
                .all(|item| match &item.node {
                    // A root field's arguments may hold variables; nothing below it may.
                    Selection::Field(f) => {
                        constant_directives(&f.node.directives)
                            && constant_set(&f.node.selection_set.node, 1)
                    }
                    Selection::InlineFragment(fragment) => {
                        constant_directives(&fragment.node.directives)
                            && constant_set(&fragment.node.selection_set.node, 1)
                    }
                    Selection::FragmentSpread(spread) => {
                        constant_directives(&spread.node.directives)
                    }
                })
    })
}

#[cfg(test)]
mod tests {
    use super::answers_may_be_kept;

    fn may(query: &str) -> bool {
        answers_may_be_kept(&async_graphql::parser::parse_query(query).expect("parses"))
    }

    #[test]
    fn only_root_field_arguments_may_hold_variables() {
        assert!(may(
            "query ($i: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $i) { ...C } } fragment C on Customer { subscriptions { plan { refId } } }"
        ));
        assert!(may(
            "query ($id: String!) { getCustomerByRefId(input: {customerId: $id}) { subscriptions { plan { refId displayName @skip(if: true) } } } }"
        ));
        for query in [
            "query ($b: Boolean!) { getCustomerByRefId(input: {customerId: \"c\"}) { subscriptions { plan { refId @include(if: $b) } } } }",
            "query ($b: Boolean!) { getCustomerByRefId(input: {customerId: \"c\"}) { ...C } } fragment C on Customer { subscriptions @skip(if: $b) { plan { refId } } }",
            "query ($b: Boolean!) { getCustomerByRefId(input: {customerId: \"c\"}) @include(if: $b) { subscriptions { plan { refId } } } }",
            "query ($r: String) { getCustomerByRefId(input: {customerId: \"c\"}) { subscriptions { plan { refId } } entitlements(resourceId: $r) { isGranted } } }",
            "query ($i: GetCustomerByRefIdInput!) { ... on Query { getCustomerByRefId(input: $i) { id } } }",
        ] {
            assert!(!may(query), "{query}");
        }
    }
}
