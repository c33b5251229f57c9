//! Feature mutations: `createFeature`, `archiveFeature`.

use async_graphql::{Context, Object, Result};

use super::objects::feature_object;
use super::{given, refuse};
use crate::catalog::feature::{self as feature_domain, NewFeature};
use crate::catalog::meter::{
    Aggregation, AggregationFunction as Function, ConditionOperation as Operation, Meter,
    MeterCondition, MeterFilter,
};
use crate::error::Error;
use crate::graphql::stigg::enums::{AggregationFunction, ConditionOperation};
use crate::graphql::stigg::inputs::{ArchiveFeatureInput, CreateMeter, FeatureInput};
use crate::graphql::stigg::objects::Feature;
use crate::graphql::RequestContext;

/// Feature mutations.
#[derive(Default)]
pub struct FeatureMutation;

#[Object]
impl FeatureMutation {
    /// Stigg `createFeature`. Errors: `BadUserInput` (refId, displayName, description, units),
    /// `DuplicatedEntityNotAllowed` (refId taken, archived features included),
    /// `UnsupportedFeatureType` (ENUM), `UnsupportedParameter` (enum configuration, unit
    /// transformation, an `AVG` meter), `MeterMustBeAssociatedToMeteredFeature` (a meter on
    /// a feature that is not metered), `InvalidMetadataError`, `AccessDeniedError` (another
    /// environment's `environmentId`).
    #[graphql(name = "createFeature")]
    async fn create_feature(&self, ctx: &Context<'_>, input: FeatureInput) -> Result<Feature> {
        let rc = ctx.data::<RequestContext>()?;
        refuse(given(&[
            ("enumConfiguration", input.enum_configuration.is_some()),
            ("unitTransformation", input.unit_transformation.is_some()),
        ]))?;
        let meter = input.meter.map(meter).transpose()?;
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
            meter,
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

/// Stigg's `CreateMeter` as the domain's meter. Errors: `UnsupportedParameter` for `AVG`.
fn meter(input: CreateMeter) -> Result<Meter, Error> {
    let function = match input.aggregation.function {
        AggregationFunction::Count => Function::Count,
        AggregationFunction::Sum => Function::Sum,
        AggregationFunction::Max => Function::Max,
        AggregationFunction::Min => Function::Min,
        AggregationFunction::Unique => Function::Unique,
        AggregationFunction::Avg => {
            return Err(Error::UnsupportedParameter(
                "meter.aggregation.function AVG is not supported".into(),
            ))
        }
    };
    let operation = |op: ConditionOperation| match op {
        ConditionOperation::Equals => Operation::Equals,
        ConditionOperation::NotEquals => Operation::NotEquals,
        ConditionOperation::GreaterThan => Operation::GreaterThan,
        ConditionOperation::GreaterThanOrEqual => Operation::GreaterThanOrEqual,
        ConditionOperation::LessThan => Operation::LessThan,
        ConditionOperation::LessThanOrEqual => Operation::LessThanOrEqual,
        ConditionOperation::Contains => Operation::Contains,
        ConditionOperation::StartsWith => Operation::StartsWith,
        ConditionOperation::EndsWith => Operation::EndsWith,
        ConditionOperation::In => Operation::In,
        ConditionOperation::IsNull => Operation::IsNull,
        ConditionOperation::IsNotNull => Operation::IsNotNull,
    };
    Ok(Meter {
        aggregation: Aggregation {
            function,
            field: input.aggregation.field,
        },
        filters: input
            .filters
            .into_iter()
            .map(|f| MeterFilter {
                conditions: f
                    .conditions
                    .into_iter()
                    .map(|c| MeterCondition {
                        field: c.field,
                        operation: operation(c.operation),
                        value: c.value,
                        values: c.values,
                    })
                    .collect(),
            })
            .collect(),
    })
}
