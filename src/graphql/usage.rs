//! Usage over GraphQL: `reportUsage` and `reportUsageBulk`, decoded into the domain's
//! [`crate::usage::UsageReport`]s and answered as Stigg's `UsageMeasurementWithCurrentUsage`;
//! `usageHistory` and `usageHistoryV2` from [`crate::usage::history`].

use std::collections::BTreeSet;

use async_graphql::{Context, Object, Result};

use super::scalars::DateTime;
use super::stigg::enums::UsageMarkerType;
use super::stigg::inputs::{
    ReportUsageBaseInput, ReportUsageBulkInput, ReportUsageInput, UsageEventsReportInput,
    UsageHistoryInput, UsageHistoryV2Input,
};
use super::stigg::objects::{
    GroupInfo, GroupUsageHistory, UsageHistory, UsageHistoryPoint, UsageHistorySeries,
    UsageHistorySeriesTag, UsageHistoryV2, UsageMarker, UsageMeasurementPoint,
    UsageMeasurementWithCurrentUsage,
};
use super::RequestContext;
use crate::entitlement::Store;
use crate::error::Error;
use crate::realtime::Change;
use crate::usage::history::{self, History, HistoryQuery, Point};
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

/// Tells realtime subscribers about reported usage (after its transaction has committed):
/// one change per customer, resource and feature reported.
async fn published(ctx: &Context<'_>, rc: &RequestContext, reported: &[Reported]) {
    let changed: BTreeSet<(&str, Option<&str>, &str)> = reported
        .iter()
        .map(|r| {
            (
                r.customer_id.as_str(),
                r.resource_id.as_deref(),
                r.feature_id.as_str(),
            )
        })
        .collect();
    for (customer_id, resource_id, feature_id) in changed {
        let change = Change::usage(rc.environment, customer_id, resource_id, Some(feature_id));
        crate::realtime::publish(ctx, change).await;
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
        let mut reported = usage::report(
            &rc.db,
            &rc.snapshots,
            rc.environment,
            vec![report],
            rc.now(),
        )
        .await?;
        published(ctx, rc, &reported).await;
        reported.pop().map(answer).ok_or_else(|| {
            crate::error::Error::Unexpected(anyhow::anyhow!("no usage answer")).into()
        })
    }

    /// Stigg `reportEvent`: raw usage events (at most 1000), each stored once (a repeat of
    /// customer, resource, event name, idempotency key and timestamp is ignored) and added
    /// to the usage of every metered feature whose meter matches it, before the answer: a
    /// check right after sees them. Answers `null`. Errors (nothing is stored when any event
    /// fails): `BadUserInput` (malformed ids, names, keys, dimensions; over 1000 events),
    /// `CustomerNotFound` (unknown or archived), `AccessDeniedError` (another environment).
    #[graphql(name = "reportEvent")]
    async fn report_event(
        &self,
        ctx: &Context<'_>,
        events: UsageEventsReportInput,
    ) -> Result<Option<String>> {
        let rc = ctx.data::<RequestContext>()?;
        crate::customer::check_environment(events.environment_id, rc.environment)?;
        let events: Vec<usage::event::UsageEvent> = events
            .usage_events
            .into_iter()
            .map(|e| usage::event::UsageEvent {
                customer_id: e.customer_id,
                resource_id: e.resource_id,
                event_name: e.event_name,
                idempotency_key: e.idempotency_key,
                timestamp: e.timestamp.map(|t| t.0),
                dimensions: e.dimensions.map(|j| j.0),
            })
            .collect();
        let reporters: BTreeSet<(String, Option<String>)> = events
            .iter()
            .map(|e| (e.customer_id.clone(), e.resource_id.clone()))
            .collect();
        usage::event::report_events(&rc.db, &rc.snapshots, rc.environment, events, rc.now())
            .await?;
        for (customer_id, resource_id) in &reporters {
            let change = Change::usage(rc.environment, customer_id, resource_id.as_deref(), None);
            crate::realtime::publish(ctx, change).await;
        }
        Ok(None)
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
        let reported =
            usage::report(&rc.db, &rc.snapshots, rc.environment, reports, rc.now()).await?;
        published(ctx, rc, &reported).await;
        Ok(reported.into_iter().map(answer).collect())
    }
}

fn markers(h: &History) -> Vec<UsageMarker> {
    h.resets
        .iter()
        .map(|at| UsageMarker {
            timestamp: DateTime(*at),
            type_: UsageMarkerType::PeriodicReset,
        })
        .collect()
}

fn v1_points(points: &[Point]) -> Vec<UsageMeasurementPoint> {
    points
        .iter()
        .map(|p| UsageMeasurementPoint {
            date: DateTime(p.at),
            value: p.value,
            is_reset_point: p.is_reset,
        })
        .collect()
}

/// Usage queries.
#[derive(Default)]
pub struct UsageQuery;

#[Object]
impl UsageQuery {
    /// Stigg `usageHistory` (v1 shape): the usage of a metered feature between `startDate`
    /// and `endDate` (default now): `usageMeasurements` (one point per measurement with the
    /// period's usage after it, and a 0 reset point at each period end) and, with `groupBy`,
    /// one group per combination of those dimensions' values. `resetPeriod` and its
    /// configurations are accepted and not acted on: the customer's entitlement decides the
    /// periods. Errors: `BadUserInput`, `CustomerNotFound`, `FeatureNotFound`,
    /// `MeteringNotAvailableForFeatureType`, `AccessDeniedError`.
    #[graphql(name = "usageHistory")]
    async fn usage_history(
        &self,
        ctx: &Context<'_>,
        usage_history_input: UsageHistoryInput,
    ) -> Result<UsageHistory> {
        let rc = ctx.data::<RequestContext>()?;
        let input = usage_history_input;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let grouped = input.group_by.as_ref().is_some_and(|g| !g.is_empty());
        let query = HistoryQuery {
            customer_id: input.customer_ref_id,
            feature_id: input.feature_ref_id,
            resource_id: input.resource_ref_id,
            start: input.start_date.0,
            end: input.end_date.map(|t| t.0),
            group_by: Vec::new(),
        };
        let total = history::history(
            &rc.db,
            Store::ReadAndKeep(&rc.snapshots),
            rc.environment,
            query.clone(),
            rc.now(),
        )
        .await?;
        let groups = if grouped {
            let by_group = history::history(
                &rc.db,
                Store::ReadAndKeep(&rc.snapshots),
                rc.environment,
                HistoryQuery {
                    group_by: input.group_by.unwrap_or_default(),
                    ..query
                },
                rc.now(),
            )
            .await?;
            Some(
                by_group
                    .series
                    .iter()
                    .map(|s| GroupUsageHistory {
                        group_info: s
                            .tags
                            .iter()
                            .map(|(key, value)| GroupInfo {
                                key: key.clone(),
                                value: value.clone(),
                            })
                            .collect(),
                        usage_measurements: v1_points(&s.points),
                    })
                    .collect(),
            )
        } else {
            None
        };
        Ok(UsageHistory {
            start_date: DateTime(total.start),
            end_date: Some(DateTime(total.end)),
            markers: markers(&total),
            usage_measurements: total
                .series
                .first()
                .map(|s| v1_points(&s.points))
                .unwrap_or_default(),
            groups,
        })
    }

    /// Stigg `usageHistoryV2`: the same history as series — one with no tags without
    /// `groupBy`, else one per combination of the dimensions' values (tags in `groupBy`
    /// order; a missing dimension is `""`). `includeInactiveSubscriptions` is accepted and
    /// not acted on (every accepted measurement is shown); `paging` →
    /// `UnsupportedParameter`. Errors: as `usageHistory`.
    #[graphql(name = "usageHistoryV2")]
    async fn usage_history_v2(
        &self,
        ctx: &Context<'_>,
        input: UsageHistoryV2Input,
    ) -> Result<UsageHistoryV2> {
        let rc = ctx.data::<RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        if input.paging.is_some() {
            return Err(Error::UnsupportedParameter(
                "paging: usage history series are answered whole".into(),
            )
            .into());
        }
        let h = history::history(
            &rc.db,
            Store::ReadAndKeep(&rc.snapshots),
            rc.environment,
            HistoryQuery {
                customer_id: input.customer_id,
                feature_id: input.feature_id,
                resource_id: input.resource_id,
                start: input.start_date.0,
                end: input.end_date.map(|t| t.0),
                group_by: input.group_by.unwrap_or_default(),
            },
            rc.now(),
        )
        .await?;
        Ok(UsageHistoryV2 {
            markers: markers(&h),
            series: h
                .series
                .iter()
                .map(|s| UsageHistorySeries {
                    tags: s
                        .tags
                        .iter()
                        .map(|(key, value)| UsageHistorySeriesTag {
                            key: key.clone(),
                            value: value.clone(),
                        })
                        .collect(),
                    points: s
                        .points
                        .iter()
                        .map(|p| UsageHistoryPoint {
                            timestamp: DateTime(p.at),
                            value: p.value,
                            is_reset_point: p.is_reset,
                        })
                        .collect(),
                })
                .collect(),
        })
    }
}
