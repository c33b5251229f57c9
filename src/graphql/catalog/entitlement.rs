//! `createPackageEntitlements`: features granted by a draft plan or addon.

use async_graphql::{Context, Object, Result};

use super::objects::package_feature_entitlement_object;
use super::{given, load_view, non_empty, refuse, unsupported};
use crate::catalog::entitlement::{self, NewEntitlement};
use crate::error::Error;
use crate::graphql::stigg::inputs::CreatePackageEntitlementsInput;
use crate::graphql::stigg::objects::PackageEntitlementUnion;
use crate::graphql::RequestContext;

/// Entitlement mutations.
#[derive(Default)]
pub struct EntitlementMutation;

#[Object]
impl EntitlementMutation {
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
            unsupported(e.credit.is_some(), "credit entitlements")?;
            let Some(f) = e.feature else {
                return Err(Error::bad_input("every entitlement needs a feature").into());
            };
            refuse(given(&[
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
            ]))?;
            list.push(NewEntitlement {
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
            rc.now(),
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
}
