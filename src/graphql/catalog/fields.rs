//! The catalog fields of Stigg's `Plan`, `Addon`, `Feature` and `Product` that plangate
//! resolves from the catalog tables (the overlay's `resolved` lists), and `ProductSettings`,
//! read through `CatalogLoader` so that they are real wherever those types appear.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, Object, Result};
use uuid::Uuid;

use super::loader::{feature_row, load, package_row, product_row, CatalogKey, CatalogRow};
use super::objects::product_object;
use crate::catalog;
use crate::graphql::scalars::DateTime;
use crate::graphql::stigg::enums::{
    FeatureStatus, PackageStatus, ProductStatus, SubscriptionCancellationTime,
    SubscriptionEndSetup, SubscriptionStartSetup,
};
use crate::graphql::stigg::objects::{Addon, Feature, Plan, Product};

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
    /// True for the version its refId names (new subscriptions get it); false for an older
    /// version that subscriptions keep until migrated, and for a draft of the next version.
    #[graphql(name = "isLatest")]
    async fn is_latest(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        Ok(Some(package_row(ctx, self.id).await?.is_latest))
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
    /// The plan cancelled subscriptions fall back to (the journey's `downgradePlanId`), or
    /// null.
    #[graphql(name = "downgradePlan")]
    async fn downgrade_plan(&self, ctx: &Context<'_>) -> Result<Option<Plan>> {
        let row = self.row(ctx).await?;
        journey_plan(ctx, &row, row.downgrade_plan_ref_id.as_deref()).await
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
