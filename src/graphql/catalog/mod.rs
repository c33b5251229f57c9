//! The catalog operations and the catalog fields of Stigg's types, one file per job:
//!
//! - `answers`: `CatalogObject`, a subscription's plan or addon, whose answers are kept per
//!   document and catalog revision;
//! - `loader`: `CatalogLoader` (catalog rows by key, batched per response) and the extension
//!   that registers it on every request;
//! - `fields`: the catalog fields of Stigg's `Plan`, `Addon`, `Feature` and `Product` that the
//!   customer documents do not select (`status`, `createdAt`, `productSettings`, …), resolved
//!   through the loader so that they are real wherever those types appear (subscriptions
//!   included) at a bounded number of queries;
//! - `objects`: the one mapping of the domain's package read model
//!   (`catalog::read::PackageView`) and catalog rows to Stigg's `Plan`, `Addon`, `Price`,
//!   `Product`, `Feature` and `PackageEntitlement`, for catalog queries and subscriptions
//!   alike;
//! - `queries`: `features`, `products`, `plans`, `addons`;
//! - one mutation object per concept, merged into `CatalogMutation`: `feature`
//!   (`createFeature`, `archiveFeature`), `product` (`createOneProduct`, `updateOneProduct`),
//!   `package` (`createOnePlan`, `updateOnePlan`, `createOneAddon`, `updateOneAddon`,
//!   `setCompatibleAddonsOnPlan`, `publishPlan`, `publishAddon`, `archivePlan`,
//!   `archiveAddon`), `pricing` (`setPackagePricing`), `entitlement`
//!   (`createPackageEntitlements`).
//!
//! Resolvers decode Stigg's inputs (inputs plangate cannot act on are refused with
//! `UnsupportedParameter`), call one domain function of `crate::catalog` and map its output.

pub mod answers;
mod entitlement;
mod feature;
pub mod fields;
pub mod loader;
pub mod objects;
mod package;
mod pricing;
mod product;
pub mod queries;

use async_graphql::{MergedObject, Result};
use uuid::Uuid;

pub use loader::CatalogLoaderExtension;
pub use objects::{
    addon_object, feature_object, money, package_feature_entitlement_object, plan_object,
    price_object, product_object,
};
pub use queries::CatalogQuery;

use super::stigg::objects::{Addon, Plan};
use super::RequestContext;
use crate::catalog::read::{self, PackageView};
use crate::error::Error;

/// Every catalog mutation: one object per concept, merged (in the order the schema lists
/// them).
#[derive(MergedObject, Default)]
pub struct CatalogMutation(
    feature::FeatureMutation,
    product::ProductMutation,
    package::PackageMutation,
    pricing::PricingMutation,
    entitlement::EntitlementMutation,
    package::PackageLifecycleMutation,
);

/// Refuses a Stigg input plangate accepts on the wire but cannot act on yet, before any
/// domain call. Errors: `UnsupportedParameter` when `given`.
fn unsupported(given: bool, what: &str) -> Result<(), Error> {
    if given {
        return Err(Error::UnsupportedParameter(format!(
            "{what} is not supported by plangate yet"
        )));
    }
    Ok(())
}

/// Refuses the first of `names` (inputs given that plangate cannot act on yet).
/// Errors: `UnsupportedParameter` naming it.
fn refuse(names: Vec<&'static str>) -> Result<(), Error> {
    match names.first() {
        Some(what) => unsupported(true, what),
        None => Ok(()),
    }
}

/// The names of the given (non-null, non-empty) inputs among `inputs`.
fn given(inputs: &[(&'static str, bool)]) -> Vec<&'static str> {
    inputs
        .iter()
        .filter(|(_, set)| *set)
        .map(|(name, _)| *name)
        .collect()
}

/// True for a given, non-empty list.
fn non_empty<T>(list: Option<&Vec<T>>) -> bool {
    list.is_some_and(|l| !l.is_empty())
}

/// `UnexpectedError` for a row that was there a moment ago.
fn missing(what: &str) -> async_graphql::Error {
    Error::Unexpected(anyhow::anyhow!(
        "{what} vanished while the response was resolved"
    ))
    .into()
}

/// The read model of package `id` of the request's environment, as a mutation answers it.
async fn load_view(rc: &RequestContext, id: Uuid, what: &str) -> Result<PackageView> {
    read::load_packages(&rc.db, Some(rc.environment), &[id])
        .await?
        .remove(&id)
        .ok_or_else(|| missing(what))
}

async fn load_plan(rc: &RequestContext, id: Uuid) -> Result<Plan> {
    Ok(plan_object(&load_view(rc, id, "plan").await?))
}

async fn load_addon(rc: &RequestContext, id: Uuid) -> Result<Addon> {
    Ok(addon_object(&load_view(rc, id, "addon").await?))
}
