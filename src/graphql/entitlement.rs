//! Entitlement checks over GraphQL: `entitlement`, `entitlementV2`, `cachedEntitlements`
//! (the SDKs alias it `entitlements`), `entitlementsState` and
//! `reportEntitlementCheckRequested`, plus the one mapping of a customer's entitlement to
//! Stigg's `Entitlement` and `FeatureEntitlement` that every answer (provisioning included)
//! uses. The rules are the domain's ([`crate::entitlement`]).
//!
//! Access problems are answers, not errors: a check for an unknown customer or feature
//! answers `isGranted: false` with its `accessDeniedReason`, and the lists answer `[]`
//! (what the official SDKs expect: `@stigg/node-server-sdk`
//! `services/entitlementsService.utils.js`). Malformed input is a `BadUserInput` error.

use async_graphql::{Context, Object, Result};
use uuid::Uuid;

use super::scalars::DateTime;
use super::stigg::enums::{
    AccessDeniedReason, EntitlementsStateAccessDeniedReason, MonthlyAccordingTo, WeeklyAccordingTo,
    YearlyAccordingTo,
};
use super::stigg::inputs::{
    EntitlementCheckRequested, EntitlementOptions, FetchEntitlementQuery, FetchEntitlementsQuery,
    GetEntitlementV2Input,
};
use super::stigg::objects::{
    Entitlement, EntitlementFeature, EntitlementUnion, EntitlementsState, FeatureEntitlement,
    MonthlyResetPeriodConfig, ResetPeriodConfiguration, WeeklyResetPeriodConfig,
    YearlyResetPeriodConfig,
};
use super::RequestContext;
use crate::entitlement::{self as domain, CustomerEntitlement, Decision, Denial, Entitled};
use crate::environment::EnvironmentId;
use crate::error::Error;
use crate::values::ExternalId;
use entity::feature;
use entity::stigg_enums::EntitlementResetPeriod;

impl From<Denial> for AccessDeniedReason {
    fn from(value: Denial) -> Self {
        match value {
            Denial::CustomerNotFound => AccessDeniedReason::CustomerNotFound,
            Denial::CustomerIsArchived => AccessDeniedReason::CustomerIsArchived,
            Denial::CustomerResourceNotFound => AccessDeniedReason::CustomerResourceNotFound,
            Denial::FeatureNotFound => AccessDeniedReason::FeatureNotFound,
            Denial::NoActiveSubscription => AccessDeniedReason::NoActiveSubscription,
            Denial::NoFeatureEntitlementInSubscription => {
                AccessDeniedReason::NoFeatureEntitlementInSubscription
            }
            Denial::RequestedUsageExceedingLimit => {
                AccessDeniedReason::RequestedUsageExceedingLimit
            }
        }
    }
}

/// The state-level reason (`EntitlementsStateAccessDeniedReason`) of a customer-level
/// denial; `None` for reasons that concern one feature.
fn state_reason(value: Denial) -> Option<EntitlementsStateAccessDeniedReason> {
    match value {
        Denial::CustomerNotFound => Some(EntitlementsStateAccessDeniedReason::CustomerNotFound),
        Denial::CustomerIsArchived => Some(EntitlementsStateAccessDeniedReason::CustomerIsArchived),
        Denial::NoActiveSubscription => {
            Some(EntitlementsStateAccessDeniedReason::NoActiveSubscription)
        }
        Denial::CustomerResourceNotFound
        | Denial::FeatureNotFound
        | Denial::NoFeatureEntitlementInSubscription
        | Denial::RequestedUsageExceedingLimit => None,
    }
}

/// Stigg `EntitlementFeature` of a feature row.
pub fn entitlement_feature(f: &feature::Model) -> EntitlementFeature {
    EntitlementFeature {
        ref_id: f.ref_id.clone(),
        display_name: f.display_name.clone(),
        description: f.description.clone(),
        feature_type: f.feature_type.into(),
        meter_type: f.meter_type.map(Into::into),
        feature_units: f.feature_units.clone(),
        feature_units_plural: f.feature_units_plural.clone(),
        unit_transformation: None,
    }
}

/// The reset configuration shown for a reset period: plangate counts every period from the
/// subscription's start (Stigg's `SubscriptionStart`); HOUR and DAY have no configuration.
fn reset_configuration(period: EntitlementResetPeriod) -> Option<ResetPeriodConfiguration> {
    match period {
        EntitlementResetPeriod::Month => Some(ResetPeriodConfiguration::MonthlyResetPeriodConfig(
            MonthlyResetPeriodConfig {
                monthly_according_to: Some(MonthlyAccordingTo::SubscriptionStart),
            },
        )),
        EntitlementResetPeriod::Week => Some(ResetPeriodConfiguration::WeeklyResetPeriodConfig(
            WeeklyResetPeriodConfig {
                weekly_according_to: Some(WeeklyAccordingTo::SubscriptionStart),
            },
        )),
        EntitlementResetPeriod::Year => Some(ResetPeriodConfiguration::YearlyResetPeriodConfig(
            YearlyResetPeriodConfig {
                yearly_according_to: Some(YearlyAccordingTo::SubscriptionStart),
            },
        )),
        EntitlementResetPeriod::Hour | EntitlementResetPeriod::Day => None,
    }
}

/// What a check adds to an entitlement: the decision and the request it answered.
#[derive(Clone, Debug, Default)]
struct Checked {
    decision: Option<Decision>,
    requested_usage: Option<f64>,
    requested_values: Option<Vec<String>>,
}

/// Stigg `Entitlement` (v1 shape) of `e` for customer `customer_id` (`resource_id`): usage
/// and its period for metered features (`nextResetDate` = `usagePeriodEnd`, null when the
/// usage never resets), `entitlementUpdatedAt` always set, `validUntil` null (nothing
/// expires yet).
pub fn entitlement(
    e: &CustomerEntitlement,
    customer_id: &str,
    resource_id: Option<&str>,
) -> Entitlement {
    checked_entitlement(e, customer_id, resource_id, Checked::default())
}

fn checked_entitlement(
    e: &CustomerEntitlement,
    customer_id: &str,
    resource_id: Option<&str>,
    checked: Checked,
) -> Entitlement {
    let effective = &e.effective;
    let usage = e.usage.as_ref();
    let period = usage.and_then(|u| u.period);
    let decision = checked.decision;
    Entitlement {
        is_granted: decision.is_none_or(|d| d.granted),
        access_denied_reason: decision.and_then(|d| d.denial).map(Into::into),
        customer_id: Some(customer_id.to_owned()),
        resource_id: resource_id
            .map(str::to_owned)
            .or_else(|| effective.resource_id.clone()),
        usage_limit: effective.usage_limit,
        has_unlimited_usage: effective.has_unlimited_usage,
        has_soft_limit: Some(effective.has_soft_limit),
        current_usage: usage.map(|u| u.current),
        requested_usage: checked.requested_usage,
        requested_values: checked.requested_values,
        enum_values: None,
        entitlement_updated_at: Some(DateTime(effective.updated_at)),
        usage_updated_at: usage.and_then(|u| u.updated_at).map(DateTime),
        usage_period_anchor: period.map(|_| DateTime(effective.anchor)),
        usage_period_start: period.map(|p| DateTime(p.start)),
        usage_period_end: period.map(|p| DateTime(p.end)),
        next_reset_date: period.map(|p| DateTime(p.end)),
        reset_period: period.and(effective.reset_period).map(Into::into),
        reset_period_configuration: period
            .and(effective.reset_period)
            .and_then(reset_configuration),
        feature: Some(entitlement_feature(&effective.feature)),
        credit_rate: None,
        valid_until: None,
    }
}

/// Stigg `EntitlementUnion` (v2 shape: `FeatureEntitlement`) of `e`.
pub fn entitlement_v2(e: &CustomerEntitlement) -> EntitlementUnion {
    EntitlementUnion::FeatureEntitlement(feature_entitlement(e, None))
}

fn feature_entitlement(e: &CustomerEntitlement, decision: Option<Decision>) -> FeatureEntitlement {
    let v1 = checked_entitlement(
        e,
        "",
        None,
        Checked {
            decision,
            ..Checked::default()
        },
    );
    FeatureEntitlement {
        is_granted: v1.is_granted,
        access_denied_reason: v1.access_denied_reason,
        usage_limit: v1.usage_limit,
        has_unlimited_usage: v1.has_unlimited_usage,
        has_soft_limit: v1.has_soft_limit,
        current_usage: v1.current_usage,
        enum_values: None,
        entitlement_updated_at: v1.entitlement_updated_at,
        usage_updated_at: v1.usage_updated_at,
        usage_period_anchor: v1.usage_period_anchor,
        usage_period_start: v1.usage_period_start,
        usage_period_end: v1.usage_period_end,
        reset_period: v1.reset_period,
        reset_period_configuration: v1.reset_period_configuration,
        feature: v1.feature,
        credit_rate: None,
        valid_until: None,
    }
}

/// A denied `Entitlement` without an entitlement behind it (unknown customer or feature, no
/// subscription, no entitlement to the feature).
fn denied(
    reason: Denial,
    customer_id: &str,
    resource_id: Option<&str>,
    feature: Option<&feature::Model>,
    options: &Options,
) -> Entitlement {
    Entitlement {
        is_granted: false,
        access_denied_reason: Some(reason.into()),
        customer_id: Some(customer_id.to_owned()),
        resource_id: resource_id.map(str::to_owned),
        usage_limit: None,
        has_unlimited_usage: false,
        has_soft_limit: None,
        current_usage: None,
        requested_usage: options.requested_usage_echo,
        requested_values: options.requested_values.clone(),
        enum_values: None,
        entitlement_updated_at: None,
        usage_updated_at: None,
        usage_period_anchor: None,
        usage_period_start: None,
        usage_period_end: None,
        next_reset_date: None,
        reset_period: None,
        reset_period_configuration: None,
        feature: feature.map(entitlement_feature),
        credit_rate: None,
        valid_until: None,
    }
}

fn denied_v2(reason: Denial, feature: Option<&feature::Model>) -> FeatureEntitlement {
    FeatureEntitlement {
        is_granted: false,
        access_denied_reason: Some(reason.into()),
        usage_limit: None,
        has_unlimited_usage: false,
        has_soft_limit: None,
        current_usage: None,
        enum_values: None,
        entitlement_updated_at: None,
        usage_updated_at: None,
        usage_period_anchor: None,
        usage_period_start: None,
        usage_period_end: None,
        reset_period: None,
        reset_period_configuration: None,
        feature: feature.map(entitlement_feature),
        credit_rate: None,
        valid_until: None,
    }
}

/// A check's options, checked.
struct Options {
    /// The requested usage the decision uses (0 when not given).
    requested_usage: f64,
    /// The requested usage as sent, echoed back.
    requested_usage_echo: Option<f64>,
    requested_values: Option<Vec<String>>,
}

fn options(options: Option<EntitlementOptions>) -> Result<Options, Error> {
    let options = options.unwrap_or(EntitlementOptions {
        requested_usage: None,
        requested_values: None,
        should_track: None,
    });
    Ok(Options {
        requested_usage: domain::requested_usage(options.requested_usage)?,
        requested_usage_echo: options.requested_usage,
        requested_values: options.requested_values,
    })
}

/// `environmentId` given as text on the entitlement queries: the key's own environment or
/// absent. Errors: `BadUserInput` (not a UUID), `AccessDeniedError` (another environment).
fn check_environment_text(given: Option<&str>, env: EnvironmentId) -> Result<(), Error> {
    let parsed = given
        .map(|text| {
            Uuid::parse_str(text)
                .map_err(|_| Error::bad_input(format!("environmentId '{text}' is not a UUID")))
        })
        .transpose()?;
    crate::customer::check_environment(parsed, env)
}

fn resource(resource_id: Option<&str>) -> Result<(), Error> {
    if let Some(r) = resource_id {
        ExternalId::parse("resourceId", r)?;
    }
    Ok(())
}

/// The outcome of one feature check: the customer's entitlement with its decision, or a
/// denial without one.
enum FeatureCheck {
    Entitled(Box<CustomerEntitlement>, Decision),
    Denied(Denial, Option<Box<feature::Model>>),
}

/// The entitlements of a customer (and resource) now, through the process's snapshots
/// (reads outside a transaction: what they load is kept).
async fn entitled(
    rc: &RequestContext,
    customer_id: &str,
    resource_id: Option<&str>,
) -> Result<std::result::Result<Entitled, Denial>, Error> {
    domain::for_customer(
        &rc.db,
        domain::Store::ReadAndKeep(&rc.snapshots),
        rc.environment,
        customer_id,
        resource_id,
        rc.now(),
    )
    .await
}

/// Checks one feature for a customer (and resource): the shared core of `entitlement` and
/// `entitlementV2`.
async fn check_feature(
    rc: &RequestContext,
    customer_id: &str,
    resource_id: Option<&str>,
    feature_id: &str,
    requested_usage: f64,
) -> Result<FeatureCheck, Error> {
    crate::catalog::CatalogRefId::parse("featureId", feature_id)?;
    let entitled = match entitled(rc, customer_id, resource_id).await? {
        Ok(entitled) => entitled,
        Err(denial) => return Ok(FeatureCheck::Denied(denial, None)),
    };
    // A feature the customer is entitled to is the catalog's as of this check (the snapshot
    // is valid for the catalog's revision): no need to read it again.
    let known = entitled
        .entitlements
        .iter()
        .map(|e| &e.effective.feature)
        .find(|f| f.ref_id == feature_id && f.archived_at.is_none())
        .cloned();
    if let Some(feature) = known {
        return Ok(decide_for(entitled, feature, requested_usage));
    }
    let feature = match crate::catalog::feature::get(&rc.db, rc.environment, feature_id).await {
        Ok(feature) => feature,
        Err(Error::FeatureNotFound { .. }) => {
            return Ok(FeatureCheck::Denied(Denial::FeatureNotFound, None))
        }
        Err(other) => return Err(other),
    };
    Ok(decide_for(entitled, feature, requested_usage))
}

fn decide_for(entitled: Entitled, feature: feature::Model, requested_usage: f64) -> FeatureCheck {
    let has_live_subscription = entitled.has_live_subscription;
    match entitled
        .entitlements
        .into_iter()
        .find(|e| e.effective.feature.id == feature.id)
    {
        Some(e) => {
            let decision = domain::decide(&e, requested_usage);
            FeatureCheck::Entitled(Box::new(e), decision)
        }
        None if !has_live_subscription => {
            FeatureCheck::Denied(Denial::NoActiveSubscription, Some(Box::new(feature)))
        }
        None => FeatureCheck::Denied(
            Denial::NoFeatureEntitlementInSubscription,
            Some(Box::new(feature)),
        ),
    }
}

/// Entitlement queries.
#[derive(Default)]
pub struct EntitlementQuery;

#[Object]
impl EntitlementQuery {
    /// Stigg `entitlement`: may the customer (and resource) use this feature now, with
    /// `options.requestedUsage` more units? Answers `isGranted` and, when denied, the
    /// `accessDeniedReason` (CustomerNotFound, CustomerIsArchived, CustomerResourceNotFound,
    /// FeatureNotFound, NoActiveSubscription, NoFeatureEntitlementInSubscription,
    /// RequestedUsageExceedingLimit); `requestedUsage`/`requestedValues` are echoed.
    /// Errors: `BadUserInput` (malformed ids, requestedUsage negative or beyond 1e15),
    /// `AccessDeniedError` (another environment).
    async fn entitlement(
        &self,
        ctx: &Context<'_>,
        query: FetchEntitlementQuery,
    ) -> Result<Entitlement> {
        let rc = ctx.data::<RequestContext>()?;
        check_environment_text(query.environment_id.as_deref(), rc.environment)?;
        resource(query.resource_id.as_deref())?;
        let options = options(query.options)?;
        let resource_id = query.resource_id.as_deref();
        Ok(
            match check_feature(
                rc,
                &query.customer_id,
                resource_id,
                &query.feature_id,
                options.requested_usage,
            )
            .await?
            {
                FeatureCheck::Entitled(e, decision) => checked_entitlement(
                    &e,
                    &query.customer_id,
                    resource_id,
                    Checked {
                        decision: Some(decision),
                        requested_usage: options.requested_usage_echo,
                        requested_values: options.requested_values,
                    },
                ),
                FeatureCheck::Denied(reason, feature) => denied(
                    reason,
                    &query.customer_id,
                    resource_id,
                    feature.as_deref(),
                    &options,
                ),
            },
        )
    }

    /// Stigg `entitlementV2`: the same check in the v2 shape (`FeatureEntitlement`). Credit
    /// entitlements (`currencyId`) do not exist in plangate: `UnsupportedParameter`.
    /// Errors: as `entitlement`; `BadUserInput` without `featureId`.
    #[graphql(name = "entitlementV2")]
    async fn entitlement_v2(
        &self,
        ctx: &Context<'_>,
        query: GetEntitlementV2Input,
    ) -> Result<EntitlementUnion> {
        let rc = ctx.data::<RequestContext>()?;
        check_environment_text(query.environment_id.as_deref(), rc.environment)?;
        if query.currency_id.is_some() {
            return Err(Error::UnsupportedParameter(
                "currencyId: credit entitlements are not supported".into(),
            )
            .into());
        }
        let Some(feature_id) = query.feature_id.as_deref() else {
            return Err(Error::bad_input("featureId is required").into());
        };
        resource(query.resource_id.as_deref())?;
        let options = options(query.options)?;
        let answer = match check_feature(
            rc,
            &query.customer_id,
            query.resource_id.as_deref(),
            feature_id,
            options.requested_usage,
        )
        .await?
        {
            FeatureCheck::Entitled(e, decision) => feature_entitlement(&e, Some(decision)),
            FeatureCheck::Denied(reason, feature) => denied_v2(reason, feature.as_deref()),
        };
        Ok(EntitlementUnion::FeatureEntitlement(answer))
    }

    /// Stigg `cachedEntitlements` (the SDKs' `entitlements`): every entitlement the customer
    /// (and resource) has now, with usage; `[]` for an unknown or archived customer or one
    /// without a live subscription. Errors: `BadUserInput` (malformed ids),
    /// `AccessDeniedError`.
    #[graphql(name = "cachedEntitlements")]
    async fn cached_entitlements(
        &self,
        ctx: &Context<'_>,
        query: FetchEntitlementsQuery,
    ) -> Result<Vec<Entitlement>> {
        let rc = ctx.data::<RequestContext>()?;
        check_environment_text(query.environment_id.as_deref(), rc.environment)?;
        resource(query.resource_id.as_deref())?;
        let resource_id = query.resource_id.as_deref();
        Ok(match entitled(rc, &query.customer_id, resource_id).await? {
            Ok(entitled) => entitled
                .entitlements
                .iter()
                .map(|e| entitlement(e, &query.customer_id, resource_id))
                .collect(),
            Err(_) => Vec::new(),
        })
    }

    /// Stigg `entitlementsState`: the customer's entitlements in both shapes and, when it has
    /// none, why (CustomerNotFound, CustomerIsArchived, NoActiveSubscription). An unknown
    /// resource answers empty lists without a reason. Errors: as `cachedEntitlements`.
    #[graphql(name = "entitlementsState")]
    async fn entitlements_state(
        &self,
        ctx: &Context<'_>,
        query: FetchEntitlementsQuery,
    ) -> Result<EntitlementsState> {
        let rc = ctx.data::<RequestContext>()?;
        check_environment_text(query.environment_id.as_deref(), rc.environment)?;
        resource(query.resource_id.as_deref())?;
        let resource_id = query.resource_id.as_deref();
        Ok(match entitled(rc, &query.customer_id, resource_id).await? {
            Ok(entitled) => EntitlementsState {
                access_denied_reason: (!entitled.has_live_subscription
                    && entitled.entitlements.is_empty())
                .then_some(EntitlementsStateAccessDeniedReason::NoActiveSubscription),
                entitlements: entitled
                    .entitlements
                    .iter()
                    .map(|e| entitlement(e, &query.customer_id, resource_id))
                    .collect(),
                entitlements_v2: entitled.entitlements.iter().map(entitlement_v2).collect(),
            },
            Err(denial) => EntitlementsState {
                access_denied_reason: state_reason(denial),
                entitlements: Vec::new(),
                entitlements_v2: Vec::new(),
            },
        })
    }
}

/// Entitlement mutations.
#[derive(Default)]
pub struct EntitlementCheckMutation;

#[Object]
impl EntitlementCheckMutation {
    /// Stigg `reportEntitlementCheckRequested`: an SDK telling the server about a check it
    /// decided locally (`shouldTrack`). The report is validated and logged (target
    /// `plangate::entitlement_check`, level INFO), not stored: nothing plangate answers
    /// depends on it. Answers `true`. Errors: `BadUserInput` (malformed ids),
    /// `AccessDeniedError` (another environment).
    #[graphql(name = "reportEntitlementCheckRequested")]
    async fn report_entitlement_check_requested(
        &self,
        ctx: &Context<'_>,
        entitlement_check_requested: EntitlementCheckRequested,
    ) -> Result<bool> {
        let rc = ctx.data::<RequestContext>()?;
        let report = entitlement_check_requested;
        crate::customer::check_environment(report.environment_id, rc.environment)?;
        crate::customer::CustomerRefId::parse(&report.customer_id)?;
        crate::catalog::CatalogRefId::parse("featureId", &report.feature_id)?;
        resource(report.resource_id.as_deref())?;
        tracing::info!(
            target: "plangate::entitlement_check",
            customer_id = %report.customer_id,
            feature_id = %report.feature_id,
            resource_id = report.resource_id.as_deref().unwrap_or_default(),
            has_access = report.entitlement_check_result.has_access,
            "entitlement check reported by an SDK"
        );
        Ok(true)
    }
}
