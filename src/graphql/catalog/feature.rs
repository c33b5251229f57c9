//! Feature mutations: `createFeature`, `archiveFeature`.

use async_graphql::{Context, Object, Result};

use super::objects::feature_object;
use super::{given, refuse};
use crate::catalog::feature::{self as feature_domain, NewFeature};
use crate::graphql::stigg::inputs::{ArchiveFeatureInput, FeatureInput};
use crate::graphql::stigg::objects::Feature;
use crate::graphql::RequestContext;

/// Feature mutations.
#[derive(Default)]
pub struct FeatureMutation;

#[Object]
impl FeatureMutation {
    /// Stigg `createFeature`. Errors: `BadUserInput` (refId, displayName, description, units),
    /// `DuplicatedEntityNotAllowed` (refId taken, archived features included),
    /// `UnsupportedFeatureType` (ENUM), `UnsupportedParameter` (meter, enum configuration,
    /// unit transformation), `InvalidMetadataError`, `AccessDeniedError` (another
    /// environment's `environmentId`).
    #[graphql(name = "createFeature")]
    async fn create_feature(&self, ctx: &Context<'_>, input: FeatureInput) -> Result<Feature> {
        let rc = ctx.data::<RequestContext>()?;
        refuse(given(&[
            ("enumConfiguration", input.enum_configuration.is_some()),
            ("meter", input.meter.is_some()),
            ("unitTransformation", input.unit_transformation.is_some()),
        ]))?;
        let new = NewFeature {
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
        let created = feature_domain::create(&rc.db, rc.environment, new, rc.now()).await?;
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
        let archived = feature_domain::archive(
            &rc.db,
            rc.environment,
            &input.id,
            input.environment_id,
            rc.now(),
        )
        .await?;
        Ok(feature_object(&archived))
    }
}
