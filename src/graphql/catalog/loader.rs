//! `CatalogLoader`: the catalog rows the fields of Stigg's types need, by key, loaded in
//! batches (every key of one kind asked for while a response is resolved costs one query),
//! and the extension that registers it on every request.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::async_trait::async_trait;
use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::{Context, Request, Result, ServerResult};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::missing;
use super::objects::plan_object;
use crate::catalog::feature as feature_domain;
use crate::catalog::kept::KeptPackages;
use crate::catalog::{self, read};
use crate::environment::EnvironmentId;
use crate::error::Error;
use crate::graphql::stigg::objects::Plan;
use crate::graphql::RequestContext;

/// A catalog row a resolver needs, by key (all within the request's environment).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CatalogKey {
    /// A plan or addon by internal id.
    Package(Uuid),
    /// A product by internal id.
    Product(Uuid),
    /// A product by refId.
    ProductRef(String),
    /// A feature by refId.
    FeatureRef(String),
    /// A plan by (product id, refId): a product's journey plan, as Stigg's `Plan`.
    JourneyPlan(Uuid, String),
    /// Every live product of the environment, by refId.
    LiveProducts,
}

/// What [`CatalogLoader`] returns for a [`CatalogKey`].
#[derive(Clone, Debug)]
pub enum CatalogRow {
    Package(Arc<catalog::Package>),
    Product(Arc<catalog::Product>),
    Feature(Arc<catalog::Feature>),
    Plan(Arc<Plan>),
    Products(Arc<Vec<catalog::Product>>),
}

/// Loads catalog rows of one environment in batches: every key of one kind asked for while
/// a response is being resolved costs one query.
pub struct CatalogLoader {
    pub db: DatabaseConnection,
    pub environment: EnvironmentId,
    /// The process's kept plans and addons (journey plans are read through them).
    pub packages: KeptPackages,
}

impl Loader<CatalogKey> for CatalogLoader {
    type Value = CatalogRow;
    type Error = Arc<Error>;

    async fn load(
        &self,
        keys: &[CatalogKey],
    ) -> Result<HashMap<CatalogKey, CatalogRow>, Self::Error> {
        self.load_rows(keys).await.map_err(Arc::new)
    }
}

impl CatalogLoader {
    async fn load_rows(
        &self,
        keys: &[CatalogKey],
    ) -> Result<HashMap<CatalogKey, CatalogRow>, Error> {
        let (db, env) = (&self.db, self.environment);
        let mut out = HashMap::new();
        let mut package_ids = Vec::new();
        let mut product_ids = Vec::new();
        let mut product_refs = Vec::new();
        let mut feature_refs = Vec::new();
        let mut journey = Vec::new();
        let mut live_products = false;
        for key in keys {
            match key {
                CatalogKey::Package(id) => package_ids.push(*id),
                CatalogKey::Product(id) => product_ids.push(*id),
                CatalogKey::ProductRef(r) => product_refs.push(r.clone()),
                CatalogKey::FeatureRef(r) => feature_refs.push(r.clone()),
                CatalogKey::JourneyPlan(p, r) => journey.push((*p, r.clone())),
                CatalogKey::LiveProducts => live_products = true,
            }
        }
        if live_products {
            out.insert(
                CatalogKey::LiveProducts,
                CatalogRow::Products(Arc::new(read::live_products(db, env).await?)),
            );
        }
        for p in read::packages_by_ids(db, env, &package_ids).await? {
            out.insert(CatalogKey::Package(p.id), CatalogRow::Package(Arc::new(p)));
        }
        for p in read::products_by_ids(db, env, &product_ids).await? {
            out.insert(CatalogKey::Product(p.id), CatalogRow::Product(Arc::new(p)));
        }
        for p in read::products_by_ref_ids(db, env, &product_refs).await? {
            out.insert(
                CatalogKey::ProductRef(p.ref_id.clone()),
                CatalogRow::Product(Arc::new(p)),
            );
        }
        for f in feature_domain::find_by_ref_ids(db, env, &feature_refs).await? {
            out.insert(
                CatalogKey::FeatureRef(f.ref_id.clone()),
                CatalogRow::Feature(Arc::new(f)),
            );
        }
        if journey.is_empty() {
            return Ok(out);
        }
        // Read before the plans (see `catalog::kept`).
        let revision = KeptPackages::revision(db).await?;
        let plans = read::plans_by_product_and_ref(db, env, &journey).await?;
        if !plans.is_empty() {
            let ids: Vec<Uuid> = plans.iter().map(|p| p.id).collect();
            let views = self.packages.load(db, revision, &ids).await?;
            for p in &plans {
                if let Some(plan) = views.get(&p.id).map(|view| plan_object(view)) {
                    out.insert(
                        CatalogKey::JourneyPlan(p.product_id, p.ref_id.clone()),
                        CatalogRow::Plan(Arc::new(plan)),
                    );
                }
            }
        }
        Ok(out)
    }
}

/// The [`CatalogLoader`] of `rc`'s environment.
pub fn catalog_loader(rc: &RequestContext) -> CatalogLoader {
    CatalogLoader {
        db: rc.db.clone(),
        environment: rc.environment,
        packages: rc.snapshots.packages().clone(),
    }
}

/// Registers a [`CatalogLoader`] for the operation's environment on every operation of a
/// WebSocket connection (`graphql::socket_schema`; HTTP requests get theirs from the HTTP
/// layer, on a schema without extensions), so that catalog fields are batched per response.
pub struct CatalogLoaderExtension;

impl ExtensionFactory for CatalogLoaderExtension {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(CatalogLoaderExtension)
    }
}

#[async_trait]
impl Extension for CatalogLoaderExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let rc = request
            .data
            .get(&TypeId::of::<RequestContext>())
            .and_then(|d| d.downcast_ref::<RequestContext>())
            .cloned();
        let request = match rc {
            Some(rc) => request.data(DataLoader::new(catalog_loader(&rc), tokio::spawn)),
            None => request,
        };
        next.run(ctx, request).await
    }
}

pub(super) async fn load(ctx: &Context<'_>, key: CatalogKey) -> Result<Option<CatalogRow>> {
    let found = match ctx.data_opt::<DataLoader<CatalogLoader>>() {
        Some(loader) => loader.load_one(key).await,
        None => {
            let rc = ctx.data::<RequestContext>()?;
            let loader = CatalogLoader {
                db: rc.db.clone(),
                environment: rc.environment,
                packages: rc.snapshots.packages().clone(),
            };
            loader
                .load(std::slice::from_ref(&key))
                .await
                .map(|mut m| m.remove(&key))
        }
    };
    found.map_err(|e| crate::graphql::error::unshare(&e).into())
}

pub(super) async fn package_row(ctx: &Context<'_>, id: Uuid) -> Result<Arc<catalog::Package>> {
    match load(ctx, CatalogKey::Package(id)).await? {
        Some(CatalogRow::Package(p)) => Ok(p),
        _ => Err(missing("package")),
    }
}

pub(super) async fn product_row(
    ctx: &Context<'_>,
    key: CatalogKey,
) -> Result<Arc<catalog::Product>> {
    match load(ctx, key).await? {
        Some(CatalogRow::Product(p)) => Ok(p),
        _ => Err(missing("product")),
    }
}

/// Every live product of the request's environment, by refId.
pub async fn live_products(ctx: &Context<'_>) -> Result<Arc<Vec<catalog::Product>>> {
    match load(ctx, CatalogKey::LiveProducts).await? {
        Some(CatalogRow::Products(p)) => Ok(p),
        _ => Err(missing("products")),
    }
}

pub(super) async fn feature_row(ctx: &Context<'_>, ref_id: &str) -> Result<Arc<catalog::Feature>> {
    match load(ctx, CatalogKey::FeatureRef(ref_id.to_owned())).await? {
        Some(CatalogRow::Feature(f)) => Ok(f),
        _ => Err(missing("feature")),
    }
}
