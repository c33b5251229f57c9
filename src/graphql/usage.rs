//! Usage reporting over GraphQL: `reportUsage` and `reportUsageBulk`, decoded into the
//! domain's [`crate::usage::UsageReport`]s and answered as Stigg's
//! `UsageMeasurementWithCurrentUsage`.

use async_graphql::{Context, Object, Result};

use super::scalars::DateTime;
use super::stigg::inputs::{ReportUsageBaseInput, ReportUsageBulkInput, ReportUsageInput};
use super::stigg::objects::UsageMeasurementWithCurrentUsage;
use super::RequestContext;
use crate::usage::{self, Reported, UsageReport};
use entity::stigg_enums::UsageUpdateBehavior;

fn answer(r: Reported) -> UsageMeasurementWithCurrentUsage {
    UsageMeasurementWithCurrentUsage {
        id: r.measurement_id,
        customer_id: r.customer_id,
        feature_id: r.feature_id,
        resource_id: r.resource_id,
        current_usage: Some(r.current_usage),
        usage_period_start: r.period.map(|p| DateTime(p.start)),
        usage_period_end: r.period.map(|p| DateTime(p.end)),
        next_reset_date: r.period.map(|p| DateTime(p.end)),
        timestamp: DateTime(r.timestamp),
        credit: None,
    }
}

fn base(input: ReportUsageBaseInput) -> UsageReport {
    UsageReport {
        customer_id: input.customer_id,
        feature_id: input.feature_id,
        resource_id: input.resource_id,
        value: input.value,
        update_behavior: input
            .update_behavior
            .map_or(UsageUpdateBehavior::Delta, Into::into),
        idempotency_key: input.idempotency_key,
        created_at: input.created_at.map(|t| t.0),
        dimensions: input.dimensions.map(|j| j.0),
    }
}

/// Usage mutations.
#[derive(Default)]
pub struct UsageMutation;

#[Object]
impl UsageMutation {
    /// Stigg `reportUsage`: one measurement of a metered feature's usage (`DELTA` adds, the
    /// default; `SET` replaces). Answers the measurement with the usage of its period
    /// afterwards (`currentUsage`, `usagePeriodStart`/`End`, `nextResetDate`; the period is
    /// null when the usage never resets). Errors: `BadUserInput`, `CustomerNotFound`,
    /// `FeatureNotFound`, `MeteringNotAvailableForFeatureType`,
    /// `UsageMeasurementDiffOutOfRangeError`, `AccessDeniedError` (another environment).
    #[graphql(name = "reportUsage")]
    async fn report_usage(
        &self,
        ctx: &Context<'_>,
        input: ReportUsageInput,
    ) -> Result<UsageMeasurementWithCurrentUsage> {
        let rc = ctx.data::<RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let report = base(ReportUsageBaseInput {
            created_at: input.created_at,
            customer_id: input.customer_id,
            dimensions: input.dimensions,
            feature_id: input.feature_id,
            idempotency_key: input.idempotency_key,
            resource_id: input.resource_id,
            update_behavior: input.update_behavior,
            value: input.value,
        });
        let mut reported = usage::report(&rc.db, rc.environment, vec![report], rc.now()).await?;
        reported.pop().map(answer).ok_or_else(|| {
            crate::error::Error::Unexpected(anyhow::anyhow!("no usage answer")).into()
        })
    }

    /// Stigg `reportUsageBulk`: up to 100 measurements in one transaction (all or none),
    /// answered in order. Errors: as `reportUsage`.
    #[graphql(name = "reportUsageBulk")]
    async fn report_usage_bulk(
        &self,
        ctx: &Context<'_>,
        input: ReportUsageBulkInput,
    ) -> Result<Vec<UsageMeasurementWithCurrentUsage>> {
        let rc = ctx.data::<RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let reports = input.usages.into_iter().map(base).collect();
        let reported = usage::report(&rc.db, rc.environment, reports, rc.now()).await?;
        Ok(reported.into_iter().map(answer).collect())
    }
}
