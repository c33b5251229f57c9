//! Plan and addon mutations: create and update drafts, compatible addons, publish and
//! archive.

use async_graphql::{Context, Object, Result};
use uuid::Uuid;

use super::{given, load_addon, load_plan, non_empty, refuse};
use crate::catalog::package::{self, NewPackage, PackageChanges, PackageRef, TrialConfig};
use crate::catalog::PackageKind;
use crate::change::Change;
use crate::error::Error;
use crate::graphql::stigg::inputs::{
    AddonArchiveInput, AddonCreateInput, AddonUpdateInput, ArchivePlanInput, PackagePublishInput,
    PlanCreateInput, PlanUpdateInput, SetCompatibleAddonsOnPlanInput,
};
use crate::graphql::stigg::objects::{Addon, Plan, PublishPackageResult};
use crate::graphql::RequestContext;

/// Plan and addon mutations: create and update drafts.
#[derive(Default)]
pub struct PackageMutation;

#[Object]
impl PackageMutation {
    /// Stigg `createOnePlan`: a DRAFT plan. Errors: `ProductNotFoundError`, `BadUserInput`
    /// (refId, displayName, description, billingId, a status other than DRAFT),
    /// `DuplicatedEntityNotAllowed` (a plan with that refId exists, archived ones included),
    /// `InvalidMetadataError`, `UnsupportedParameter`, `AccessDeniedError`.
    #[graphql(name = "createOnePlan")]
    async fn create_one_plan(&self, ctx: &Context<'_>, input: PlanCreateInput) -> Result<Plan> {
        let rc = ctx.data::<RequestContext>()?;
        refuse(given(&[
            (
                "awsMarketplacePlanDimension",
                input.aws_marketplace_plan_dimension.is_some(),
            ),
            (
                "hiddenFromWidgets",
                non_empty(input.hidden_from_widgets.as_ref()),
            ),
            ("parentPlanId", input.parent_plan_id.is_some()),
        ]))?;
        let created = package::create(
            &rc.db,
            rc.environment,
            NewPackage {
                kind: PackageKind::Plan,
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
            rc.now(),
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
        refuse(unsupported)?;
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
            },
            rc.now(),
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
        refuse(given(&[
            (
                "awsMarketplacePlanDimension",
                input.aws_marketplace_plan_dimension.is_some(),
            ),
            ("dependencies", non_empty(input.dependencies.as_ref())),
            (
                "hiddenFromWidgets",
                non_empty(input.hidden_from_widgets.as_ref()),
            ),
        ]))?;
        let created = package::create(
            &rc.db,
            rc.environment,
            NewPackage {
                kind: PackageKind::Addon,
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
            rc.now(),
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
        refuse(given(&[
            ("dependencies", non_empty(input.dependencies.value())),
            (
                "hiddenFromWidgets",
                non_empty(input.hidden_from_widgets.value()),
            ),
        ]))?;
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
            },
            rc.now(),
        )
        .await?;
        load_addon(rc, updated.id).await
    }
}

/// Plan and addon mutations: compatible addons, publish, archive.
#[derive(Default)]
pub struct PackageLifecycleMutation;

#[Object]
impl PackageLifecycleMutation {
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
        let plan = package::set_compatible_addons(
            &rc.db,
            rc.environment,
            input.id,
            input.relation_ids,
            rc.now(),
        )
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
        let published = package::publish(
            &rc.db,
            rc.environment,
            PackageKind::Plan,
            input.id,
            rc.now(),
        )
        .await?;
        let change = crate::realtime::Change::PackagePublished {
            environment: rc.environment.0,
            package: crate::realtime::PackageKind::Plan,
            ref_id: published.ref_id.clone(),
            version: published.version_number,
        };
        crate::realtime::publish(ctx, change).await;
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
        let published = package::publish(
            &rc.db,
            rc.environment,
            PackageKind::Addon,
            input.id,
            rc.now(),
        )
        .await?;
        let change = crate::realtime::Change::PackagePublished {
            environment: rc.environment.0,
            package: crate::realtime::PackageKind::Addon,
            ref_id: published.ref_id.clone(),
            version: published.version_number,
        };
        crate::realtime::publish(ctx, change).await;
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
            rc.now(),
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
            rc.now(),
        )
        .await?;
        load_addon(rc, archived.id).await
    }
}
