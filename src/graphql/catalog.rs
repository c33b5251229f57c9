//! The catalog operations (Stigg's `createFeature`, `archiveFeature`, `features`,
//! `createOneProduct`, `updateOneProduct`, `products`, `createOnePlan`, `updateOnePlan`,
//! `createOneAddon`, `updateOneAddon`, `setPackagePricing`, `createPackageEntitlements`,
//! `setCompatibleAddonsOnPlan`, `publishPlan`, `publishAddon`, `archivePlan`, `archiveAddon`,
//! `plans`, `addons`), their connection types, and the catalog fields of Stigg's `Plan`,
//! `Addon`, `Feature` and `Product` that the customer documents do not select (`status`,
//! `createdAt`, `productSettings`, …), resolved through [`CatalogLoader`] so that they are
//! real wherever those types appear (subscriptions included) at a bounded number of queries.
//!
//! Resolvers decode Stigg's inputs (inputs plangate cannot act on are refused with
//! `UnsupportedParameter`), call one domain function of [`crate::catalog`] and map its
//! output. Plans and addons (catalog queries and subscriptions alike) are mapped from the
//! domain's one read model, `catalog::read::PackageView`, by `plan_object` and
//! `addon_object` here: the one mapping of `Plan`, `Addon`, `Price`, `Product`, `Feature`
//! and `PackageEntitlement`.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::async_trait::async_trait;
use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::{
    ComplexObject, Context, InputType, Object, Request, Result, ServerResult, Value,
};
use rust_decimal::prelude::ToPrimitive;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::connection::{page_request, Connection};
use super::scalars::DateTime;
use super::stigg::enums::{
    BillingCadence, EntitlementBehavior, FeatureStatus, PackageStatus, ProductStatus,
    SubscriptionCancellationTime, SubscriptionEndSetup, SubscriptionStartSetup,
};
use super::stigg::inputs::{
    AddonArchiveInput, AddonCreateInput, AddonFilter, AddonSort, AddonUpdateInput,
    ArchiveFeatureInput, ArchivePlanInput, CreateOneProductInput, CreatePackageEntitlementsInput,
    CursorPaging, FeatureFilter, FeatureInput, FeatureSort, PackagePricingInput,
    PackagePublishInput, PlanCreateInput, PlanFilter, PlanSort, PlanUpdateInput, ProductFilter,
    ProductSort, SetCompatibleAddonsOnPlanInput, UpdateOneProductInput,
};
use super::stigg::objects::{
    Addon, DefaultTrialConfig, Feature, Money, PackageEntitlement, PackageEntitlementUnion,
    PackageFeatureEntitlement, PackagePrice, Plan, Price, Product, PublishPackageResult,
};
use super::wire_enums::wire_name;
use super::RequestContext;
use crate::catalog::entitlement::{self, NewEntitlement};
use crate::catalog::feature::{self as feature_domain, NewFeature};
use crate::catalog::package::{self, NewPackage, PackageChanges, PackageRef, TrialConfig};
use crate::catalog::pricing::{self, PricePeriod, PricingInput, PricingModel};
use crate::catalog::product::{self as product_domain, NewProduct, ProductChanges};
use crate::catalog::read::{self, EntitlementView, ListQuery, PackageView, PriceView, SortField};
use crate::catalog::{self, Amount, Currency, PackageKind};
use crate::change::Change;
use crate::environment::EnvironmentId;
use crate::error::Error;
use crate::paging::Paging;

// ---------------------------------------------------------------------------------------
// Loading catalog rows for the catalog fields of Stigg's types.

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
}

/// What [`CatalogLoader`] returns for a [`CatalogKey`].
#[derive(Clone, Debug)]
pub enum CatalogRow {
    Package(Arc<catalog::Package>),
    Product(Arc<catalog::Product>),
    Feature(Arc<catalog::Feature>),
    Plan(Arc<Plan>),
}

/// Loads catalog rows of one environment in batches: every key of one kind asked for while
/// a response is being resolved costs one query.
pub struct CatalogLoader {
    pub db: DatabaseConnection,
    pub environment: EnvironmentId,
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
        for key in keys {
            match key {
                CatalogKey::Package(id) => package_ids.push(*id),
                CatalogKey::Product(id) => product_ids.push(*id),
                CatalogKey::ProductRef(r) => product_refs.push(r.clone()),
                CatalogKey::FeatureRef(r) => feature_refs.push(r.clone()),
                CatalogKey::JourneyPlan(p, r) => journey.push((*p, r.clone())),
            }
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
        let plans = read::plans_by_product_and_ref(db, env, &journey).await?;
        if !plans.is_empty() {
            let ids: Vec<Uuid> = plans.iter().map(|p| p.id).collect();
            let views = read::load_packages(db, Some(env), &ids).await?;
            for p in &plans {
                if let Some(plan) = views.get(&p.id).map(plan_object) {
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

/// Registers a [`CatalogLoader`] for the request's environment on every request that carries
/// a [`RequestContext`] (the HTTP layer adds it), so that catalog fields are batched per
/// response.
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
            Some(rc) => request.data(DataLoader::new(
                CatalogLoader {
                    db: rc.db,
                    environment: rc.environment,
                },
                tokio::spawn,
            )),
            None => request,
        };
        next.run(ctx, request).await
    }
}

async fn load(ctx: &Context<'_>, key: CatalogKey) -> Result<Option<CatalogRow>> {
    let found = match ctx.data_opt::<DataLoader<CatalogLoader>>() {
        Some(loader) => loader.load_one(key).await,
        None => {
            let rc = ctx.data::<RequestContext>()?;
            let loader = CatalogLoader {
                db: rc.db.clone(),
                environment: rc.environment,
            };
            loader
                .load(std::slice::from_ref(&key))
                .await
                .map(|mut m| m.remove(&key))
        }
    };
    found.map_err(|e| super::error::unshare(&e).into())
}

fn missing(what: &str) -> async_graphql::Error {
    Error::Unexpected(anyhow::anyhow!(
        "{what} vanished while the response was resolved"
    ))
    .into()
}

async fn package_row(ctx: &Context<'_>, id: Uuid) -> Result<Arc<catalog::Package>> {
    match load(ctx, CatalogKey::Package(id)).await? {
        Some(CatalogRow::Package(p)) => Ok(p),
        _ => Err(missing("package")),
    }
}

async fn product_row(ctx: &Context<'_>, key: CatalogKey) -> Result<Arc<catalog::Product>> {
    match load(ctx, key).await? {
        Some(CatalogRow::Product(p)) => Ok(p),
        _ => Err(missing("product")),
    }
}

async fn feature_row(ctx: &Context<'_>, ref_id: &str) -> Result<Arc<catalog::Feature>> {
    match load(ctx, CatalogKey::FeatureRef(ref_id.to_owned())).await? {
        Some(CatalogRow::Feature(f)) => Ok(f),
        _ => Err(missing("feature")),
    }
}

// ---------------------------------------------------------------------------------------
// Catalog fields of Stigg's output types.

#[ComplexObject]
impl Plan {
    /// DRAFT, PUBLISHED or ARCHIVED; only published plans can be subscribed to.
    async fn status(&self, ctx: &Context<'_>) -> Result<PackageStatus> {
        Ok(package_row(ctx, self.id).await?.status.into())
    }
    #[graphql(name = "createdAt")]
    async fn created_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime>> {
        Ok(Some(package_row(ctx, self.id).await?.created_at.into()))
    }
    #[graphql(name = "updatedAt")]
    async fn updated_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime>> {
        Ok(Some(package_row(ctx, self.id).await?.updated_at.into()))
    }
    #[graphql(name = "environmentId")]
    async fn environment_id(&self, ctx: &Context<'_>) -> Result<Uuid> {
        Ok(package_row(ctx, self.id).await?.environment_id)
    }
    /// The product's internal id.
    #[graphql(name = "productId")]
    async fn product_id(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(Some(
            package_row(ctx, self.id).await?.product_id.to_string(),
        ))
    }
    /// `PLAN`.
    #[graphql(name = "type")]
    async fn type_(&self, ctx: &Context<'_>) -> Result<String> {
        Ok(package_row(ctx, self.id).await?.package_type.to_string())
    }
    /// Always false: plangate has no plan inheritance.
    #[graphql(name = "isParent")]
    async fn is_parent(&self) -> bool {
        false
    }
    /// Always true: plangate keeps one version of each plan.
    #[graphql(name = "isLatest")]
    async fn is_latest(&self) -> Option<bool> {
        Some(true)
    }
}

#[ComplexObject]
impl Addon {
    /// DRAFT, PUBLISHED or ARCHIVED; only published addons can be subscribed to.
    async fn status(&self, ctx: &Context<'_>) -> Result<PackageStatus> {
        Ok(package_row(ctx, self.id).await?.status.into())
    }
    #[graphql(name = "createdAt")]
    async fn created_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime>> {
        Ok(Some(package_row(ctx, self.id).await?.created_at.into()))
    }
    #[graphql(name = "updatedAt")]
    async fn updated_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime>> {
        Ok(Some(package_row(ctx, self.id).await?.updated_at.into()))
    }
    #[graphql(name = "environmentId")]
    async fn environment_id(&self, ctx: &Context<'_>) -> Result<Uuid> {
        Ok(package_row(ctx, self.id).await?.environment_id)
    }
    /// The product's internal id.
    #[graphql(name = "productId")]
    async fn product_id(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(Some(
            package_row(ctx, self.id).await?.product_id.to_string(),
        ))
    }
    /// `ADDON`.
    #[graphql(name = "type")]
    async fn type_(&self, ctx: &Context<'_>) -> Result<String> {
        Ok(package_row(ctx, self.id).await?.package_type.to_string())
    }
    /// Always true: plangate keeps one version of each addon.
    #[graphql(name = "isLatest")]
    async fn is_latest(&self) -> Option<bool> {
        Some(true)
    }
    async fn product(&self, ctx: &Context<'_>) -> Result<Option<Product>> {
        let package = package_row(ctx, self.id).await?;
        let product = product_row(ctx, CatalogKey::Product(package.product_id)).await?;
        Ok(Some(product_object(&product)))
    }
}

#[ComplexObject]
impl Feature {
    /// Internal id.
    async fn id(&self, ctx: &Context<'_>) -> Result<Uuid> {
        Ok(feature_row(ctx, &self.ref_id).await?.id)
    }
    #[graphql(name = "featureStatus")]
    async fn feature_status(&self, ctx: &Context<'_>) -> Result<FeatureStatus> {
        Ok(feature_row(ctx, &self.ref_id).await?.feature_status.into())
    }
    #[graphql(name = "environmentId")]
    async fn environment_id(&self, ctx: &Context<'_>) -> Result<Uuid> {
        Ok(feature_row(ctx, &self.ref_id).await?.environment_id)
    }
    #[graphql(name = "createdAt")]
    async fn created_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime>> {
        Ok(Some(
            feature_row(ctx, &self.ref_id).await?.created_at.into(),
        ))
    }
    #[graphql(name = "updatedAt")]
    async fn updated_at(&self, ctx: &Context<'_>) -> Result<DateTime> {
        Ok(feature_row(ctx, &self.ref_id).await?.updated_at.into())
    }
}

#[ComplexObject]
impl Product {
    /// Internal id.
    async fn id(&self, ctx: &Context<'_>) -> Result<Uuid> {
        Ok(self.row(ctx).await?.id)
    }
    #[graphql(name = "environmentId")]
    async fn environment_id(&self, ctx: &Context<'_>) -> Result<Uuid> {
        Ok(self.row(ctx).await?.environment_id)
    }
    /// Several subscriptions per customer, one per `resourceId`.
    #[graphql(name = "multipleSubscriptions")]
    async fn multiple_subscriptions(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self.row(ctx).await?.multiple_subscriptions)
    }
    /// PUBLISHED (ARCHIVED products are never returned).
    async fn status(&self, ctx: &Context<'_>) -> Result<ProductStatus> {
        Ok(match self.row(ctx).await?.archived_at {
            Some(_) => ProductStatus::Archived,
            None => ProductStatus::Published,
        })
    }
    /// Always false.
    #[graphql(name = "isDefaultProduct")]
    async fn is_default_product(&self) -> bool {
        false
    }
    #[graphql(name = "createdAt")]
    async fn created_at(&self, ctx: &Context<'_>) -> Result<DateTime> {
        Ok(self.row(ctx).await?.created_at.into())
    }
    #[graphql(name = "updatedAt")]
    async fn updated_at(&self, ctx: &Context<'_>) -> Result<DateTime> {
        Ok(self.row(ctx).await?.updated_at.into())
    }
    /// The customer journey.
    #[graphql(name = "productSettings")]
    async fn product_settings(&self, ctx: &Context<'_>) -> Result<ProductSettingsObject> {
        Ok(ProductSettingsObject(self.row(ctx).await?))
    }
}

impl Product {
    async fn row(&self, ctx: &Context<'_>) -> Result<Arc<catalog::Product>> {
        product_row(ctx, CatalogKey::ProductRef(self.ref_id.clone())).await
    }
}

/// Stigg `ProductSettings`: a product's customer journey. (Stigg's `ProductSettings` object
/// in `stigg::objects` is not used: these fields are read from the product.)
pub struct ProductSettingsObject(Arc<catalog::Product>);

/// A product's customer journey: how a customer's first subscription starts
/// (`subscriptionStartSetup`) and what happens when a subscription ends
/// (`subscriptionEndSetup`).
#[Object(name = "ProductSettings")]
impl ProductSettingsObject {
    /// PLAN_SELECTION (the requested plan), FREE_PLAN (start on `subscriptionStartPlan`) or
    /// TRIAL_PERIOD (start a trial of `subscriptionStartPlan`).
    #[graphql(name = "subscriptionStartSetup")]
    async fn subscription_start_setup(&self) -> SubscriptionStartSetup {
        self.0.subscription_start_setup.into()
    }
    /// refId of the journey's start plan.
    #[graphql(name = "subscriptionStartPlanId")]
    async fn subscription_start_plan_id(&self) -> Option<&str> {
        self.0.subscription_start_plan_ref_id.as_deref()
    }
    #[graphql(name = "subscriptionStartPlan")]
    async fn subscription_start_plan(&self, ctx: &Context<'_>) -> Result<Option<Plan>> {
        journey_plan(
            ctx,
            &self.0,
            self.0.subscription_start_plan_ref_id.as_deref(),
        )
        .await
    }
    #[graphql(name = "subscriptionEndSetup")]
    async fn subscription_end_setup(&self) -> SubscriptionEndSetup {
        self.0.subscription_end_setup.into()
    }
    #[graphql(name = "subscriptionCancellationTime")]
    async fn subscription_cancellation_time(&self) -> SubscriptionCancellationTime {
        self.0.subscription_cancellation_time.into()
    }
    /// refId of the plan subscriptions end on (DOWNGRADE_TO_FREE).
    #[graphql(name = "downgradePlanId")]
    async fn downgrade_plan_id(&self) -> Option<&str> {
        self.0.downgrade_plan_ref_id.as_deref()
    }
    #[graphql(name = "downgradePlan")]
    async fn downgrade_plan(&self, ctx: &Context<'_>) -> Result<Option<Plan>> {
        journey_plan(ctx, &self.0, self.0.downgrade_plan_ref_id.as_deref()).await
    }
    /// Always null (no billing integration).
    #[graphql(name = "prorateAtEndOfBillingPeriod")]
    async fn prorate_at_end_of_billing_period(&self) -> Option<bool> {
        None
    }
}

async fn journey_plan(
    ctx: &Context<'_>,
    product: &catalog::Product,
    ref_id: Option<&str>,
) -> Result<Option<Plan>> {
    let Some(ref_id) = ref_id else {
        return Ok(None);
    };
    match load(ctx, CatalogKey::JourneyPlan(product.id, ref_id.to_owned())).await? {
        Some(CatalogRow::Plan(plan)) => Ok(Some(Plan::clone(&plan))),
        _ => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------
// Mapping domain rows to Stigg's types.

/// Stigg `Money`: an exact decimal amount in currency units as Stigg's Float (`None` when
/// it does not fit).
pub fn money(amount: rust_decimal::Decimal, currency: Currency) -> Option<Money> {
    Some(Money {
        amount: amount.to_f64()?,
        currency: currency.into(),
    })
}

/// Stigg `Plan` for a plan's read model.
pub fn plan_object(view: &PackageView) -> Plan {
    let p = &view.package;
    Plan {
        id: p.id,
        ref_id: p.ref_id.clone(),
        display_name: p.display_name.clone(),
        description: p.description.clone(),
        billing_id: p.billing_id.clone(),
        version_number: p.version_number,
        additional_meta_data: p.additional_meta_data.clone().map(async_graphql::Json),
        hidden_from_widgets: Some(Vec::new()),
        product: product_object(&view.product),
        base_plan: None,
        entitlements: Some(
            view.entitlements
                .iter()
                .map(package_entitlement_object)
                .collect(),
        ),
        inherited_entitlements: Some(Vec::new()),
        compatible_addons: Some(view.compatible_addons.iter().map(addon_object).collect()),
        compatible_package_groups: Some(Vec::new()),
        prices: Some(view.prices.iter().map(price_object).collect()),
        overage_prices: Some(Vec::new()),
        pricing_type: p.pricing_type.map(Into::into),
        default_trial_config: default_trial(p),
        aws_marketplace_plan_dimension: None,
        package_entitlements: Some(
            view.entitlements
                .iter()
                .map(|e| {
                    PackageEntitlementUnion::PackageFeatureEntitlement(
                        package_feature_entitlement_object(e),
                    )
                })
                .collect(),
        ),
        inherited_package_entitlements: Some(Vec::new()),
    }
}

fn default_trial(p: &catalog::Package) -> Option<DefaultTrialConfig> {
    let trial = TrialConfig::of(p)?;
    Some(DefaultTrialConfig {
        duration: f64::from(trial.duration),
        units: trial.units.into(),
        trial_end_behavior: trial.end_behavior.map(Into::into),
        budget: None,
    })
}

/// Stigg `Addon` for an addon's read model.
pub fn addon_object(view: &PackageView) -> Addon {
    let p = &view.package;
    Addon {
        id: p.id,
        ref_id: p.ref_id.clone(),
        billing_id: p.billing_id.clone(),
        display_name: p.display_name.clone(),
        description: p.description.clone(),
        additional_meta_data: p.additional_meta_data.clone().map(async_graphql::Json),
        hidden_from_widgets: Some(Vec::new()),
        entitlements: Some(
            view.entitlements
                .iter()
                .map(package_entitlement_object)
                .collect(),
        ),
        package_entitlements: Some(
            view.entitlements
                .iter()
                .map(|e| {
                    PackageEntitlementUnion::PackageFeatureEntitlement(
                        package_feature_entitlement_object(e),
                    )
                })
                .collect(),
        ),
        prices: Some(view.prices.iter().map(price_object).collect()),
        overage_prices: Some(Vec::new()),
        pricing_type: p.pricing_type.map(Into::into),
        max_quantity: p.max_quantity,
        dependencies: Some(Vec::new()),
    }
}

/// Stigg `Product` for a product row (its journey is resolved by `productSettings`).
pub fn product_object(p: &catalog::Product) -> Product {
    Product {
        ref_id: p.ref_id.clone(),
        display_name: p.display_name.clone(),
        description: p.description.clone(),
        additional_meta_data: p.additional_meta_data.clone().map(async_graphql::Json),
        aws_marketplace_product_id: None,
    }
}

/// Stigg `Price` for a price's read model.
pub fn price_object(view: &PriceView) -> Price {
    let p = &view.price;
    Price {
        billing_model: p.billing_model.into(),
        billing_period: p.billing_period.into(),
        billing_cadence: BillingCadence::Recurring,
        billing_id: None,
        billing_country_code: p.billing_country_code.clone(),
        min_unit_quantity: p.min_unit_quantity,
        max_unit_quantity: p.max_unit_quantity,
        price: money(view.amount, p.currency),
        credit_rate: None,
        tiers_mode: None,
        tiers: None,
        feature: view.feature.as_ref().map(feature_object),
        block_size: None,
        top_up_custom_currency_id: None,
        custom_currency: None,
    }
}

/// Stigg `Feature` for a feature row.
pub fn feature_object(f: &catalog::Feature) -> Feature {
    Feature {
        ref_id: f.ref_id.clone(),
        display_name: f.display_name.clone(),
        description: f.description.clone(),
        feature_type: f.feature_type.into(),
        meter_type: f.meter_type.map(Into::into),
        feature_units: f.feature_units.clone(),
        feature_units_plural: f.feature_units_plural.clone(),
        additional_meta_data: f.additional_meta_data.clone().map(async_graphql::Json),
    }
}

fn package_entitlement_object(view: &EntitlementView) -> PackageEntitlement {
    let e = &view.entitlement;
    PackageEntitlement {
        feature_id: view.feature.ref_id.clone(),
        feature: feature_object(&view.feature),
        usage_limit: e.usage_limit,
        has_unlimited_usage: Some(e.has_unlimited_usage),
        has_soft_limit: Some(e.has_soft_limit),
        reset_period: e.reset_period.map(Into::into),
        hidden_from_widgets: Some(Vec::new()),
        is_custom: Some(false),
        display_name_override: e.display_name_override.clone(),
        enum_values: None,
        is_granted: true,
    }
}

/// Stigg `PackageFeatureEntitlement` for an entitlement's read model.
pub fn package_feature_entitlement_object(view: &EntitlementView) -> PackageFeatureEntitlement {
    let e = &view.entitlement;
    PackageFeatureEntitlement {
        id: e.id,
        behavior: EntitlementBehavior::Increment,
        description: e.description.clone(),
        display_name_override: e.display_name_override.clone(),
        enum_values: None,
        feature_id: view.feature.ref_id.clone(),
        feature: feature_object(&view.feature),
        has_soft_limit: Some(e.has_soft_limit),
        has_unlimited_usage: Some(e.has_unlimited_usage),
        hidden_from_widgets: Some(Vec::new()),
        is_custom: Some(false),
        is_granted: true,
        order: None,
        reset_period: e.reset_period.map(Into::into),
        usage_limit: e.usage_limit,
    }
}

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

// ---------------------------------------------------------------------------------------
// Lists.

/// Refuses every set field of `input` (a filter or comparison) that is not in `supported`.
fn only<T: InputType>(what: &str, input: &T, supported: &[&str]) -> Result<(), Error> {
    if let Value::Object(fields) = input.to_value() {
        for (name, value) in fields {
            if value != Value::Null && !supported.contains(&name.as_str()) {
                return Err(Error::UnsupportedParameter(format!(
                    "{what}.{name} is not supported by plangate yet (supported: {})",
                    supported.join(", ")
                )));
            }
        }
    }
    Ok(())
}

/// `eq` and `in` of one comparison as the list of accepted values.
fn eq_in<T: Clone + PartialEq>(eq: Option<T>, in_: Option<Vec<T>>) -> Option<Vec<T>> {
    match (eq, in_) {
        (None, None) => None,
        (Some(e), None) => Some(vec![e]),
        (None, Some(list)) => Some(list),
        (Some(e), Some(list)) => Some(if list.contains(&e) {
            vec![e]
        } else {
            Vec::new()
        }),
    }
}

/// The decoded paging and sorting of a list query.
fn list_query<S: InputType>(
    paging: Option<CursorPaging>,
    sorting: Option<Vec<S>>,
    default_sort: &[(SortField, bool)],
    sort_field: impl Fn(&S) -> (String, bool),
) -> Result<ListQuery, Error> {
    let paging = page_request(paging);
    catalog::unsupported(
        paging.last.is_some() || paging.before.is_some(),
        "paging.last/paging.before",
    )?;
    let paging = Paging::parse(&paging)?;
    let sort = match sorting {
        None => default_sort.to_vec(),
        Some(list) => {
            let mut sort = Vec::new();
            for s in &list {
                let (field, desc) = sort_field(s);
                let field = match field.as_str() {
                    "createdAt" => SortField::CreatedAt,
                    "updatedAt" => SortField::UpdatedAt,
                    "refId" => SortField::RefId,
                    "displayName" => SortField::DisplayName,
                    "id" => SortField::Id,
                    other => {
                        return Err(Error::UnsupportedParameter(format!(
                        "sorting by {other} is not supported by plangate yet (supported: createdAt, updatedAt, refId, displayName, id)"
                    )))
                    }
                };
                sort.push((field, desc));
            }
            sort
        }
    };
    Ok(ListQuery {
        sort,
        paging,
        ..ListQuery::default()
    })
}

fn direction_desc(direction: super::stigg::enums::SortDirection) -> bool {
    direction == super::stigg::enums::SortDirection::Desc
}

/// Decodes a `PlanFilter`/`AddonFilter`-shaped filter: `id`, `refId` and `status` with `eq`
/// and `in`.
macro_rules! package_filter {
    ($what:literal, $filter:expr, $query:expr) => {
        if let Some(filter) = $filter {
            only($what, &filter, &["id", "refId", "status"])?;
            if let Some(c) = filter.id {
                only(concat!($what, ".id"), &c, &["eq", "in"])?;
                $query.ids = eq_in(c.eq, c.in_);
            }
            if let Some(c) = filter.ref_id {
                only(concat!($what, ".refId"), &c, &["eq", "in"])?;
                $query.ref_ids = eq_in(c.eq, c.in_);
            }
            if let Some(c) = filter.status {
                only(concat!($what, ".status"), &c, &["eq", "in"])?;
                $query.statuses =
                    eq_in(c.eq, c.in_).map(|list| list.into_iter().map(Into::into).collect());
            }
        }
    };
}

// ---------------------------------------------------------------------------------------
// Operations.

/// Catalog queries.
#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    /// Stigg `features`: live features of the key's environment. Filters: `id`, `refId`
    /// (`eq`, `in`); sorting: createdAt (default, newest first, then refId), updatedAt,
    /// refId, displayName, id; paging: `first` (≤ 100, default 10) and `after`.
    /// Errors: `UnsupportedParameter` (other filters, sorts, `last`/`before`), `BadUserInput`.
    async fn features(
        &self,
        ctx: &Context<'_>,
        filter: Option<FeatureFilter>,
        paging: Option<CursorPaging>,
        sorting: Option<Vec<FeatureSort>>,
    ) -> Result<Connection<Feature>> {
        let rc = ctx.data::<RequestContext>()?;
        let mut query = list_query(
            paging,
            sorting,
            &[(SortField::CreatedAt, true), (SortField::RefId, false)],
            |s: &FeatureSort| (wire_name(s.field).to_owned(), direction_desc(s.direction)),
        )?;
        if let Some(filter) = filter {
            only("filter", &filter, &["id", "refId"])?;
            if let Some(c) = filter.id {
                only("filter.id", &c, &["eq", "in"])?;
                query.ids = eq_in(c.eq, c.in_);
            }
            if let Some(c) = filter.ref_id {
                only("filter.refId", &c, &["eq", "in"])?;
                query.ref_ids = eq_in(c.eq, c.in_);
            }
        }
        let page = read::features(&rc.db, rc.environment, &query).await?;
        Ok(Connection::from_page(page, |f| feature_object(&f)))
    }

    /// Stigg `products`: live products of the key's environment. Filters: `id`, `refId`
    /// (`eq`, `in`); sorting and paging as `features` (default newest first).
    async fn products(
        &self,
        ctx: &Context<'_>,
        filter: Option<ProductFilter>,
        paging: Option<CursorPaging>,
        sorting: Option<Vec<ProductSort>>,
    ) -> Result<Connection<Product>> {
        let rc = ctx.data::<RequestContext>()?;
        let mut query = list_query(
            paging,
            sorting,
            &[(SortField::CreatedAt, true)],
            |s: &ProductSort| (wire_name(s.field).to_owned(), direction_desc(s.direction)),
        )?;
        if let Some(filter) = filter {
            only("filter", &filter, &["id", "refId"])?;
            if let Some(c) = filter.id {
                only("filter.id", &c, &["eq", "in"])?;
                query.ids = eq_in(c.eq, c.in_);
            }
            if let Some(c) = filter.ref_id {
                only("filter.refId", &c, &["eq", "in"])?;
                query.ref_ids = eq_in(c.eq, c.in_);
            }
        }
        let page = read::products(&rc.db, rc.environment, &query).await?;
        Ok(Connection::from_page(page, |p| product_object(&p)))
    }

    /// Stigg `plans`: plans of the key's environment, every status. Filters: `id`, `refId`,
    /// `status` (`eq`, `in`); sorting and paging as `features` (default newest first).
    async fn plans(
        &self,
        ctx: &Context<'_>,
        filter: Option<PlanFilter>,
        paging: Option<CursorPaging>,
        sorting: Option<Vec<PlanSort>>,
    ) -> Result<Connection<Plan>> {
        let rc = ctx.data::<RequestContext>()?;
        let mut query = list_query(
            paging,
            sorting,
            &[(SortField::CreatedAt, true)],
            |s: &PlanSort| (wire_name(s.field).to_owned(), direction_desc(s.direction)),
        )?;
        package_filter!("filter", filter, query);
        let page = read::packages(&rc.db, rc.environment, PackageKind::Plan, &query).await?;
        let ids: Vec<Uuid> = page.items.iter().map(|p| p.id).collect();
        let views = read::load_packages(&rc.db, Some(rc.environment), &ids).await?;
        Connection::try_from_page(page, |p| {
            views
                .get(&p.id)
                .map(plan_object)
                .ok_or_else(|| missing("plan"))
        })
    }

    /// Stigg `addons`: addons of the key's environment, every status. Filters, sorting and
    /// paging as `plans`.
    async fn addons(
        &self,
        ctx: &Context<'_>,
        filter: Option<AddonFilter>,
        paging: Option<CursorPaging>,
        sorting: Option<Vec<AddonSort>>,
    ) -> Result<Connection<Addon>> {
        let rc = ctx.data::<RequestContext>()?;
        let mut query = list_query(
            paging,
            sorting,
            &[(SortField::CreatedAt, true)],
            |s: &AddonSort| (wire_name(s.field).to_owned(), direction_desc(s.direction)),
        )?;
        package_filter!("filter", filter, query);
        let page = read::packages(&rc.db, rc.environment, PackageKind::Addon, &query).await?;
        let ids: Vec<Uuid> = page.items.iter().map(|p| p.id).collect();
        let views = read::load_packages(&rc.db, Some(rc.environment), &ids).await?;
        Connection::try_from_page(page, |p| {
            views
                .get(&p.id)
                .map(addon_object)
                .ok_or_else(|| missing("addon"))
        })
    }
}

/// Catalog mutations.
#[derive(Default)]
pub struct CatalogMutation;

/// The names of the given (non-null, non-empty) inputs among `inputs`.
fn given(inputs: &[(&'static str, bool)]) -> Vec<&'static str> {
    inputs
        .iter()
        .filter(|(_, set)| *set)
        .map(|(name, _)| *name)
        .collect()
}

fn non_empty<T>(list: Option<&Vec<T>>) -> bool {
    list.is_some_and(|l| !l.is_empty())
}

#[Object]
impl CatalogMutation {
    /// Stigg `createFeature`. Errors: `BadUserInput` (refId, displayName, description, units),
    /// `DuplicatedEntityNotAllowed` (refId taken, archived features included),
    /// `UnsupportedFeatureType` (ENUM), `UnsupportedParameter` (meter, enum configuration,
    /// unit transformation), `InvalidMetadataError`, `AccessDeniedError` (another
    /// environment's `environmentId`).
    #[graphql(name = "createFeature")]
    async fn create_feature(&self, ctx: &Context<'_>, input: FeatureInput) -> Result<Feature> {
        let rc = ctx.data::<RequestContext>()?;
        let new = NewFeature {
            unsupported: given(&[
                ("enumConfiguration", input.enum_configuration.is_some()),
                ("meter", input.meter.is_some()),
                ("unitTransformation", input.unit_transformation.is_some()),
            ]),
            environment_id: Some(input.environment_id),
            ref_id: input.ref_id,
            display_name: input.display_name,
            description: input.description,
            feature_type: input.feature_type.into(),
            meter_type: input.meter_type.map(Into::into),
            feature_units: input.feature_units,
            feature_units_plural: input.feature_units_plural,
            feature_status: input.feature_status.map(Into::into),
            additional_meta_data: input.additional_meta_data.map(|j| j.0),
        };
        let created = feature_domain::create(&rc.db, rc.environment, new).await?;
        Ok(feature_object(&created))
    }

    /// Stigg `archiveFeature` (`id` is the feature's refId); its refId stays reserved.
    /// Errors: `FeatureNotFound` (unknown or already archived), `CannotArchiveFeatureError`
    /// (a price or entitlement of a plan or addon that is not archived uses it),
    /// `BadUserInput`, `AccessDeniedError`.
    #[graphql(name = "archiveFeature")]
    async fn archive_feature(
        &self,
        ctx: &Context<'_>,
        input: ArchiveFeatureInput,
    ) -> Result<Feature> {
        let rc = ctx.data::<RequestContext>()?;
        let archived =
            feature_domain::archive(&rc.db, rc.environment, &input.id, input.environment_id)
                .await?;
        Ok(feature_object(&archived))
    }

    /// Stigg `createOneProduct`. Errors: `BadUserInput` (refId, displayName, description),
    /// `DuplicatedEntityNotAllowed` (refId taken), `InvalidMetadataError`,
    /// `UnsupportedParameter`, `AccessDeniedError`.
    #[graphql(name = "createOneProduct")]
    async fn create_one_product(
        &self,
        ctx: &Context<'_>,
        input: CreateOneProductInput,
    ) -> Result<Product> {
        let rc = ctx.data::<RequestContext>()?;
        let p = input.product;
        let created = product_domain::create(
            &rc.db,
            rc.environment,
            NewProduct {
                environment_id: Some(p.environment_id),
                ref_id: p.ref_id,
                display_name: p.display_name,
                description: p.description,
                multiple_subscriptions: p.multiple_subscriptions.unwrap_or(false),
                additional_meta_data: p.additional_meta_data.map(|j| j.0),
            },
        )
        .await?;
        Ok(product_object(&created))
    }

    /// Stigg `updateOneProduct`: fields, `multipleSubscriptions` and the customer journey
    /// (`productSettings`, plans named by refId). Errors: `ProductNotFoundError`,
    /// `BadUserInput` (names, journey rules, changing `multipleSubscriptions` while the
    /// product has live subscriptions), `PlanNotFound` (a journey plan that is not a live plan
    /// of this product), `InvalidMetadataError`, `UnsupportedParameter`.
    #[graphql(name = "updateOneProduct")]
    async fn update_one_product(
        &self,
        ctx: &Context<'_>,
        input: UpdateOneProductInput,
    ) -> Result<Product> {
        let rc = ctx.data::<RequestContext>()?;
        let u = input.update;
        let mut unsupported = given(&[
            (
                "autoCancellationRules",
                non_empty(u.auto_cancellation_rules.value()),
            ),
            ("usageResetCutoffRule", u.usage_reset_cutoff_rule.is_value()),
        ]);
        let settings = Change::from(u.product_settings).map(|s| {
            unsupported.extend(given(&[
                (
                    "productSettings.downgradeAtEndOfBillingPeriod",
                    s.downgrade_at_end_of_billing_period.is_some(),
                ),
                (
                    "productSettings.prorateAtEndOfBillingPeriod",
                    s.prorate_at_end_of_billing_period.is_some(),
                ),
            ]));
            product_domain::ProductSettings {
                subscription_start_setup: s.subscription_start_setup.into(),
                subscription_start_plan_id: s.subscription_start_plan_id,
                downgrade_plan_id: s.downgrade_plan_id,
                subscription_end_setup: s.subscription_end_setup.into(),
                subscription_cancellation_time: s.subscription_cancellation_time.into(),
            }
        });
        let updated = product_domain::update(
            &rc.db,
            rc.environment,
            input.id,
            ProductChanges {
                display_name: u.display_name.into(),
                description: u.description.into(),
                multiple_subscriptions: u.multiple_subscriptions.into(),
                additional_meta_data: u.additional_meta_data.map_value(|j| j.0).into(),
                product_settings: settings,
                unsupported,
            },
        )
        .await?;
        Ok(product_object(&updated))
    }

    /// Stigg `createOnePlan`: a DRAFT plan. Errors: `ProductNotFoundError`, `BadUserInput`
    /// (refId, displayName, description, billingId, a status other than DRAFT),
    /// `DuplicatedEntityNotAllowed` (a plan with that refId exists, archived ones included),
    /// `InvalidMetadataError`, `UnsupportedParameter`, `AccessDeniedError`.
    #[graphql(name = "createOnePlan")]
    async fn create_one_plan(&self, ctx: &Context<'_>, input: PlanCreateInput) -> Result<Plan> {
        let rc = ctx.data::<RequestContext>()?;
        let created = package::create(
            &rc.db,
            rc.environment,
            NewPackage {
                kind: PackageKind::Plan,
                unsupported: given(&[
                    (
                        "awsMarketplacePlanDimension",
                        input.aws_marketplace_plan_dimension.is_some(),
                    ),
                    (
                        "hiddenFromWidgets",
                        non_empty(input.hidden_from_widgets.as_ref()),
                    ),
                    ("parentPlanId", input.parent_plan_id.is_some()),
                ]),
                environment_id: input.environment_id,
                product_id: input.product_id,
                ref_id: input.ref_id,
                display_name: input.display_name,
                description: input.description,
                billing_id: input.billing_id,
                additional_meta_data: input.additional_meta_data.map(|j| j.0),
                pricing_type: input.pricing_type.map(Into::into),
                status: input.status.map(Into::into),
                max_quantity: None,
            },
        )
        .await?;
        load_plan(rc, created.id).await
    }

    /// Stigg `updateOnePlan` (DRAFT plans only), including `defaultTrialConfig` (duration
    /// and units). Errors: `PlanNotFound`, `CannotEditPackageInNonDraftMode` (published or
    /// archived), `BadUserInput` (names, billingId, trial, a status change),
    /// `InvalidMetadataError`, `UnsupportedParameter`.
    #[graphql(name = "updateOnePlan")]
    async fn update_one_plan(&self, ctx: &Context<'_>, input: PlanUpdateInput) -> Result<Plan> {
        let rc = ctx.data::<RequestContext>()?;
        let mut unsupported = given(&[
            (
                "hiddenFromWidgets",
                non_empty(input.hidden_from_widgets.value()),
            ),
            ("minimumSpend", non_empty(input.minimum_spend.value())),
            ("parentPlanId", input.parent_plan_id.is_value()),
        ]);
        let trial = Change::from(input.default_trial_config).try_map(|t| {
            unsupported.extend(given(&[("defaultTrialConfig.budget", t.budget.is_some())]));
            TrialConfig::parse(
                t.duration,
                t.units.map(Into::into),
                t.trial_end_behavior.map(Into::into),
            )
        })?;
        let updated = package::update(
            &rc.db,
            rc.environment,
            PackageKind::Plan,
            input.id,
            PackageChanges {
                display_name: input.display_name.into(),
                description: input.description.into(),
                billing_id: input.billing_id.into(),
                additional_meta_data: input.additional_meta_data.map_value(|j| j.0).into(),
                max_quantity: Change::Keep,
                default_trial_config: trial,
                status: input.status.map_value(Into::into).into(),
                unsupported,
            },
        )
        .await?;
        load_plan(rc, updated.id).await
    }

    /// Stigg `createOneAddon`: a DRAFT addon. Errors: `ProductNotFoundError`, `BadUserInput`
    /// (refId, displayName, description, billingId, `maxQuantity` not a whole number of at
    /// least 1, a status other than DRAFT), `DuplicatedEntityNotAllowed` (an addon with that
    /// refId exists, archived ones included), `InvalidMetadataError`, `UnsupportedParameter`,
    /// `AccessDeniedError`.
    #[graphql(name = "createOneAddon")]
    async fn create_one_addon(&self, ctx: &Context<'_>, input: AddonCreateInput) -> Result<Addon> {
        let rc = ctx.data::<RequestContext>()?;
        let created = package::create(
            &rc.db,
            rc.environment,
            NewPackage {
                kind: PackageKind::Addon,
                unsupported: given(&[
                    (
                        "awsMarketplacePlanDimension",
                        input.aws_marketplace_plan_dimension.is_some(),
                    ),
                    ("dependencies", non_empty(input.dependencies.as_ref())),
                    (
                        "hiddenFromWidgets",
                        non_empty(input.hidden_from_widgets.as_ref()),
                    ),
                ]),
                environment_id: input.environment_id,
                product_id: input.product_id,
                ref_id: input.ref_id,
                display_name: input.display_name,
                description: input.description,
                billing_id: input.billing_id,
                additional_meta_data: input.additional_meta_data.map(|j| j.0),
                pricing_type: input.pricing_type.map(Into::into),
                status: input.status.map(Into::into),
                max_quantity: input.max_quantity,
            },
        )
        .await?;
        load_addon(rc, created.id).await
    }

    /// Stigg `updateOneAddon` (DRAFT addons only), including `maxQuantity`. Errors:
    /// `AddonNotFound`, `CannotEditPackageInNonDraftMode` (published or archived),
    /// `BadUserInput` (names, billingId, `maxQuantity`, a status change),
    /// `InvalidMetadataError`, `UnsupportedParameter`.
    #[graphql(name = "updateOneAddon")]
    async fn update_one_addon(&self, ctx: &Context<'_>, input: AddonUpdateInput) -> Result<Addon> {
        let rc = ctx.data::<RequestContext>()?;
        let updated = package::update(
            &rc.db,
            rc.environment,
            PackageKind::Addon,
            input.id,
            PackageChanges {
                display_name: input.display_name.into(),
                description: input.description.into(),
                billing_id: input.billing_id.into(),
                additional_meta_data: input.additional_meta_data.map_value(|j| j.0).into(),
                max_quantity: input.max_quantity.into(),
                default_trial_config: Change::Keep,
                status: input.status.map_value(Into::into).into(),
                unsupported: given(&[
                    ("dependencies", non_empty(input.dependencies.value())),
                    (
                        "hiddenFromWidgets",
                        non_empty(input.hidden_from_widgets.value()),
                    ),
                ]),
            },
        )
        .await?;
        load_addon(rc, updated.id).await
    }

    /// Stigg `setPackagePricing` (`packageId` and `environmentId` are UUIDs): the pricing
    /// type and prices of a DRAFT plan or addon. Amounts are decimal currency units (not
    /// cents), converted exactly from the sent `Float`; `currency` defaults to USD. Errors:
    /// `PlanNotFound` (no plan or addon with that id), `CannotEditPackageInNonDraftMode`,
    /// `BadUserInput` (prices that do not fit the pricing type or model, repeated periods, a
    /// `billingCountryCode` that is not ISO 3166-1 alpha-2 or has no default price, mixed
    /// default currencies, bad quantities or amounts), `AmountTooLarge`, `FeatureNotFound`,
    /// `UnsupportedFeatureType` (a billable feature that is not NUMBER),
    /// `UnsupportedParameter` (PER_UNIT prices on an addon, tiers, overage, …),
    /// `AccessDeniedError`.
    #[graphql(name = "setPackagePricing")]
    async fn set_package_pricing(
        &self,
        ctx: &Context<'_>,
        input: PackagePricingInput,
    ) -> Result<PackagePrice> {
        let rc = ctx.data::<RequestContext>()?;
        let environment_id = catalog::parse_uuid("environmentId", &input.environment_id)?;
        let package_id = catalog::parse_uuid("packageId", &input.package_id)?;
        let mut unsupported = given(&[
            ("minimumSpend", non_empty(input.minimum_spend.as_ref())),
            (
                "overageBillingPeriod",
                input.overage_billing_period.is_some(),
            ),
            (
                "overagePricingModels",
                non_empty(input.overage_pricing_models.as_ref()),
            ),
            (
                "priceGroupPackageBillingId",
                input.price_group_package_billing_id.is_some(),
            ),
        ]);
        let mut models = Vec::new();
        for m in input.pricing_models.unwrap_or_default() {
            let billing_model = catalog::BillingModel::try_from(m.billing_model)?;
            unsupported.extend(given(&[
                (
                    "pricingModels.billingCadence",
                    m.billing_cadence
                        .is_some_and(|c| c != BillingCadence::Recurring),
                ),
                ("pricingModels.billingId", m.billing_id.is_some()),
                (
                    "pricingModels.monthlyResetPeriodConfiguration",
                    m.monthly_reset_period_configuration.is_some(),
                ),
                ("pricingModels.resetPeriod", m.reset_period.is_some()),
                ("pricingModels.tiersMode", m.tiers_mode.is_some()),
                (
                    "pricingModels.topUpCustomCurrencyId",
                    m.top_up_custom_currency_id.is_some(),
                ),
                (
                    "pricingModels.weeklyResetPeriodConfiguration",
                    m.weekly_reset_period_configuration.is_some(),
                ),
                (
                    "pricingModels.yearlyResetPeriodConfiguration",
                    m.yearly_reset_period_configuration.is_some(),
                ),
            ]));
            let mut periods = Vec::new();
            for p in m.price_periods {
                unsupported.extend(given(&[
                    ("pricePeriods.billingId", p.billing_id.is_some()),
                    ("pricePeriods.blockSize", p.block_size.is_some()),
                    (
                        "pricePeriods.creditGrantCadence",
                        p.credit_grant_cadence.is_some(),
                    ),
                    ("pricePeriods.creditRate", p.credit_rate.is_some()),
                    (
                        "pricePeriods.priceGroupPackageBillingId",
                        p.price_group_package_billing_id.is_some(),
                    ),
                    ("pricePeriods.tiers", non_empty(p.tiers.as_ref())),
                ]));
                let Some(money) = p.price else {
                    return Err(Error::bad_input(
                        "every price period needs a price (tiered prices are not supported)",
                    )
                    .into());
                };
                periods.push(PricePeriod {
                    billing_period: p.billing_period.into(),
                    billing_country_code: p.billing_country_code,
                    amount: Amount::from_f64(money.amount)?,
                    currency: money.currency.map_or(catalog::DEFAULT_CURRENCY, Into::into),
                });
            }
            models.push(PricingModel {
                billing_model,
                feature_id: m.feature_id,
                min_unit_quantity: m.min_unit_quantity,
                max_unit_quantity: m.max_unit_quantity,
                price_periods: periods,
            });
        }
        let pricing_type: catalog::PricingType = input.pricing_type.into();
        unsupported.sort_unstable();
        unsupported.dedup();
        let saved = pricing::set_pricing(
            &rc.db,
            rc.environment,
            PricingInput {
                environment_id: Some(environment_id),
                package_id,
                pricing_type,
                models,
                unsupported,
            },
        )
        .await?;
        Ok(PackagePrice {
            package_id: saved.id.to_string(),
            pricing_type: pricing_type.into(),
        })
    }

    /// Stigg `createPackageEntitlements`: grants features on a DRAFT plan or addon; returns
    /// the new entitlements. Errors: `PlanNotFound` (no plan or addon with that id),
    /// `CannotEditPackageInNonDraftMode`, `BadUserInput` (no entitlements, a NUMBER
    /// entitlement without exactly one of `usageLimit` and `hasUnlimitedUsage`, a negative
    /// limit), `FeatureNotFound` (unknown or archived), `UnsupportedFeatureType` (a limit or
    /// reset period on a BOOLEAN feature), `DuplicatedEntityNotAllowed` (the feature is
    /// already granted, or named twice), `UnsupportedParameter`, `AccessDeniedError`.
    #[graphql(name = "createPackageEntitlements")]
    async fn create_package_entitlements(
        &self,
        ctx: &Context<'_>,
        input: CreatePackageEntitlementsInput,
    ) -> Result<Vec<PackageEntitlementUnion>> {
        let rc = ctx.data::<RequestContext>()?;
        let mut list = Vec::new();
        for e in input.entitlements {
            catalog::unsupported(e.credit.is_some(), "credit entitlements")?;
            let Some(f) = e.feature else {
                return Err(Error::bad_input("every entitlement needs a feature").into());
            };
            list.push(NewEntitlement {
                unsupported: given(&[
                    ("behavior", f.behavior.is_some()),
                    ("dependencyFeatureId", f.dependency_feature_id.is_some()),
                    ("enumValues", non_empty(f.enum_values.as_ref())),
                    ("featureGroupId", f.feature_group_id.is_some()),
                    (
                        "hiddenFromWidgets",
                        non_empty(f.hidden_from_widgets.as_ref()),
                    ),
                    ("isCustom", f.is_custom == Some(true)),
                    ("isGranted", f.is_granted == Some(false)),
                    (
                        "monthlyResetPeriodConfiguration",
                        f.monthly_reset_period_configuration.is_some(),
                    ),
                    (
                        "weeklyResetPeriodConfiguration",
                        f.weekly_reset_period_configuration.is_some(),
                    ),
                    (
                        "yearlyResetPeriodConfiguration",
                        f.yearly_reset_period_configuration.is_some(),
                    ),
                    ("order", f.order.is_some()),
                ]),
                feature_id: f.feature_id,
                usage_limit: f.usage_limit,
                has_unlimited_usage: f.has_unlimited_usage,
                has_soft_limit: f.has_soft_limit,
                reset_period: f.reset_period.map(Into::into),
                display_name_override: f.display_name_override,
                description: f.description,
            });
        }
        let created = entitlement::create(
            &rc.db,
            rc.environment,
            input.package_id,
            input.environment_id,
            list,
        )
        .await?;
        let view = load_view(rc, input.package_id, "package").await?;
        Ok(created
            .iter()
            .filter_map(|(e, _)| view.entitlements.iter().find(|v| v.entitlement.id == e.id))
            .map(|v| {
                PackageEntitlementUnion::PackageFeatureEntitlement(
                    package_feature_entitlement_object(v),
                )
            })
            .collect())
    }

    /// Stigg `setCompatibleAddonsOnPlan`: the addons (by id) subscriptions of a DRAFT plan
    /// may add. Errors: `PlanNotFound`, `CannotEditPackageInNonDraftMode`, `AddonNotFound`
    /// (unknown or archived addon), `BadUserInput` (an addon of another product).
    #[graphql(name = "setCompatibleAddonsOnPlan")]
    async fn set_compatible_addons_on_plan(
        &self,
        ctx: &Context<'_>,
        input: SetCompatibleAddonsOnPlanInput,
    ) -> Result<Plan> {
        let rc = ctx.data::<RequestContext>()?;
        let plan =
            package::set_compatible_addons(&rc.db, rc.environment, input.id, input.relation_ids)
                .await?;
        load_plan(rc, plan.id).await
    }

    /// Stigg `publishPlan`: DRAFT → PUBLISHED, at once (`taskId` is null; `migrationType` is
    /// accepted and has nothing to migrate: plangate keeps no versions). Errors:
    /// `PlanNotFound`, `PackageAlreadyPublished`, `EntityIsArchivedError`,
    /// `PackagePricingTypeNotSet` (no pricing type, or PAID without a default price),
    /// `PlanCannotBePublishWhenCompatibleAddonIsDraft`.
    #[graphql(name = "publishPlan")]
    async fn publish_plan(
        &self,
        ctx: &Context<'_>,
        input: PackagePublishInput,
    ) -> Result<PublishPackageResult> {
        let rc = ctx.data::<RequestContext>()?;
        package::publish(&rc.db, rc.environment, PackageKind::Plan, input.id).await?;
        Ok(PublishPackageResult { task_id: None })
    }

    /// Stigg `publishAddon`: as `publishPlan`, for addons.
    #[graphql(name = "publishAddon")]
    async fn publish_addon(
        &self,
        ctx: &Context<'_>,
        input: PackagePublishInput,
    ) -> Result<PublishPackageResult> {
        let rc = ctx.data::<RequestContext>()?;
        package::publish(&rc.db, rc.environment, PackageKind::Addon, input.id).await?;
        Ok(PublishPackageResult { task_id: None })
    }

    /// Stigg `archivePlan` by `refId` or `id` (a UUID, or else a refId); both given must
    /// name the same plan. Errors: `PlanNotFound`, `DraftPlanCantBeArchived`,
    /// `EntityIsArchivedError` (already archived), `PlanIsUsedAsDefaultStartPlan` /
    /// `PlanIsUsedAsDowngradePlan` (the product's journey names the plan), `BadUserInput`
    /// (neither given, or they name different plans), `AccessDeniedError`.
    #[graphql(name = "archivePlan")]
    async fn archive_plan(&self, ctx: &Context<'_>, input: ArchivePlanInput) -> Result<Plan> {
        let rc = ctx.data::<RequestContext>()?;
        let which = match (input.id, input.ref_id) {
            (None, None) => return Err(Error::bad_input("archivePlan needs id or refId").into()),
            (Some(id), None) => match Uuid::parse_str(&id) {
                Ok(uuid) => PackageRef::Id(uuid),
                Err(_) => PackageRef::RefId(id),
            },
            (None, Some(ref_id)) => PackageRef::RefId(ref_id),
            (Some(id), Some(ref_id)) => {
                let by_ref =
                    package::get_by_ref_id(&rc.db, rc.environment, PackageKind::Plan, &ref_id)
                        .await?;
                if id != ref_id && id != by_ref.id.to_string() {
                    return Err(Error::bad_input(format!(
                        "id '{id}' and refId '{ref_id}' name different plans"
                    ))
                    .into());
                }
                PackageRef::Id(by_ref.id)
            }
        };
        let archived = package::archive(
            &rc.db,
            rc.environment,
            PackageKind::Plan,
            which,
            input.environment_id,
        )
        .await?;
        load_plan(rc, archived.id).await
    }

    /// Stigg `archiveAddon` by `refId`. Errors: `AddonNotFound`, `DraftAddonCantBeArchived`,
    /// `EntityIsArchivedError` (already archived), `AddonIsCompatibleWithPlan` (a plan that
    /// is not archived lists the addon), `AccessDeniedError`.
    #[graphql(name = "archiveAddon")]
    async fn archive_addon(&self, ctx: &Context<'_>, input: AddonArchiveInput) -> Result<Addon> {
        let rc = ctx.data::<RequestContext>()?;
        let archived = package::archive(
            &rc.db,
            rc.environment,
            PackageKind::Addon,
            PackageRef::RefId(input.ref_id),
            input.environment_id,
        )
        .await?;
        load_addon(rc, archived.id).await
    }
}
