//! Promotional entitlements over GraphQL: `grantPromotionalEntitlements`,
//! `revokePromotionalEntitlement`, the group mutations (`grantPromotionalEntitlementsGroup`,
//! `revokePromotionalEntitlementsGroup`, `unlinkPromotionalEntitlementsGroup`), and `Customer.promotionalEntitlements` (through a
//! DataLoader, one query for a page of customers). Rules: [`crate::entitlement::promotional`].

use std::collections::HashMap;
use std::sync::Arc;

use crate::realtime::Change;
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result};
use chrono::{DateTime as ChronoDateTime, Utc};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::catalog::objects::feature_object;
use super::scalars::DateTime;
use super::stigg::enums::{
    MonthlyAccordingTo, PromotionalEntitlementPeriod as WirePeriod, PromotionalEntitlementStatus,
    WeeklyAccordingTo, YearlyAccordingTo,
};
use super::stigg::inputs::{
    GrantPromotionalEntitlementInput, GrantPromotionalEntitlementsGroupInput,
    GrantPromotionalEntitlementsInput, RevokePromotionalEntitlementInput,
    RevokePromotionalEntitlementsGroupInput, UnlinkPromotionalEntitlementsGroupInput,
};
use super::stigg::objects::PromotionalEntitlement;
use super::RequestContext;
use crate::entitlement::promotional::{self, Grant, NewGrant};
use crate::error::Error;
use entity::stigg_enums::PromotionalEntitlementPeriod;

impl From<WirePeriod> for PromotionalEntitlementPeriod {
    fn from(value: WirePeriod) -> Self {
        match value {
            WirePeriod::OneWeek => PromotionalEntitlementPeriod::OneWeek,
            WirePeriod::OneMonth => PromotionalEntitlementPeriod::OneMonth,
            WirePeriod::SixMonth => PromotionalEntitlementPeriod::SixMonth,
            WirePeriod::OneYear => PromotionalEntitlementPeriod::OneYear,
            WirePeriod::Lifetime => PromotionalEntitlementPeriod::Lifetime,
            WirePeriod::Custom => PromotionalEntitlementPeriod::Custom,
        }
    }
}

/// Stigg `PromotionalEntitlement` of `grant`, its status at `now` (`Active` until its end,
/// then — or once revoked — `Expired`).
pub fn promotional_entitlement(grant: &Grant, now: ChronoDateTime<Utc>) -> PromotionalEntitlement {
    let row = &grant.row;
    PromotionalEntitlement {
        id: row.id,
        feature_id: grant.feature.id,
        feature: feature_object(&grant.feature),
        status: if grant.is_active(now) {
            PromotionalEntitlementStatus::Active
        } else {
            PromotionalEntitlementStatus::Expired
        },
        usage_limit: row.usage_limit,
        has_unlimited_usage: Some(row.has_unlimited_usage),
        has_soft_limit: Some(row.has_soft_limit),
        reset_period: row.reset_period.map(Into::into),
        end_date: row.end_date.map(DateTime),
        is_visible: row.is_visible,
    }
}

/// The grant asked for. Errors: `UnsupportedParameter` (enum values; a reset configuration
/// other than `SubscriptionStart`, plangate's only anchor).
fn new_grant(input: GrantPromotionalEntitlementInput) -> Result<NewGrant, Error> {
    let anchors_elsewhere = input
        .monthly_reset_period_configuration
        .as_ref()
        .is_some_and(|c| c.according_to != MonthlyAccordingTo::SubscriptionStart)
        || input
            .weekly_reset_period_configuration
            .as_ref()
            .is_some_and(|c| c.according_to != WeeklyAccordingTo::SubscriptionStart)
        || input
            .yearly_reset_period_configuration
            .as_ref()
            .is_some_and(|c| c.according_to != YearlyAccordingTo::SubscriptionStart);
    if anchors_elsewhere {
        return Err(Error::UnsupportedParameter(
            "reset period configurations other than SubscriptionStart are not supported".into(),
        ));
    }
    if input.enum_values.is_some() {
        return Err(Error::UnsupportedParameter(
            "enumValues: ENUM features are not supported".into(),
        ));
    }
    Ok(NewGrant {
        feature_id: input.feature_id,
        period: input.period.into(),
        custom_end_date: input.custom_end_date.map(|t| t.0),
        usage_limit: input.usage_limit,
        has_unlimited_usage: input.has_unlimited_usage,
        has_soft_limit: input.has_soft_limit,
        reset_period: input.reset_period.map(Into::into),
        is_visible: input.is_visible,
    })
}

/// Loads customers' unrevoked grants in one query per batch.
pub struct PromotionalLoader {
    pub db: DatabaseConnection,
}

impl Loader<Uuid> for PromotionalLoader {
    type Value = Arc<Vec<Grant>>;
    type Error = Arc<Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let grants = promotional::of_customers(&self.db, keys)
            .await
            .map_err(Arc::new)?;
        let mut grouped: HashMap<Uuid, Vec<Grant>> = HashMap::new();
        for g in grants {
            grouped.entry(g.row.customer_id).or_default().push(g);
        }
        Ok(keys
            .iter()
            .map(|k| (*k, Arc::new(grouped.remove(k).unwrap_or_default())))
            .collect())
    }
}

/// Promotional entitlement mutations.
#[derive(Default)]
pub struct PromotionalMutation;

#[Object]
impl PromotionalMutation {
    /// Stigg `grantPromotionalEntitlements`: grants features to a customer for a period
    /// (replacing its grants of the same features); answers the grants in request order.
    /// Errors: `BadUserInput` (malformed ids, a feature twice, limits, CUSTOM without a future
    /// `customEndDate`), `CustomerNotFound`, `FeatureNotFound`, `UnsupportedFeatureType`,
    /// `UnsupportedParameter` (enum values, reset anchors other than SubscriptionStart),
    /// `AccessDeniedError` (another environment).
    #[graphql(name = "grantPromotionalEntitlements")]
    async fn grant_promotional_entitlements(
        &self,
        ctx: &Context<'_>,
        input: GrantPromotionalEntitlementsInput,
    ) -> Result<Vec<PromotionalEntitlement>> {
        let rc = ctx.data::<RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let grants = input
            .promotional_entitlements
            .into_iter()
            .map(new_grant)
            .collect::<Result<Vec<_>, Error>>()?;
        let now = rc.now();
        let granted =
            promotional::grant(&rc.db, rc.environment, &input.customer_id, grants, now).await?;
        crate::realtime::publish(
            ctx,
            Change::entitlements(rc.environment, &input.customer_id),
        )
        .await;
        Ok(granted
            .iter()
            .map(|g| promotional_entitlement(g, now))
            .collect())
    }

    /// Stigg `revokePromotionalEntitlement`: ends the customer's grant of a feature now.
    /// Errors: `PromotionalEntitlementNotFoundError`, `CustomerNotFound`, `FeatureNotFound`,
    /// `BadUserInput`, `AccessDeniedError`.
    #[graphql(name = "revokePromotionalEntitlement")]
    async fn revoke_promotional_entitlement(
        &self,
        ctx: &Context<'_>,
        input: RevokePromotionalEntitlementInput,
    ) -> Result<PromotionalEntitlement> {
        let rc = ctx.data::<RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let now = rc.now();
        let revoked = promotional::revoke(
            &rc.db,
            rc.environment,
            &input.customer_id,
            &input.feature_id,
            now,
        )
        .await?;
        crate::realtime::publish(
            ctx,
            Change::entitlements(rc.environment, &input.customer_id),
        )
        .await;
        Ok(promotional_entitlement(&revoked, now))
    }

    /// Stigg `grantPromotionalEntitlementsGroup`: grants features to a customer as group
    /// `featureGroupId` (each replacing the customer's grant of its feature, whose groups it
    /// keeps); answers the grants in request order. Errors: as `grantPromotionalEntitlements`,
    /// and `BadUserInput` for a malformed `featureGroupId`.
    #[graphql(name = "grantPromotionalEntitlementsGroup")]
    async fn grant_promotional_entitlements_group(
        &self,
        ctx: &Context<'_>,
        input: GrantPromotionalEntitlementsGroupInput,
    ) -> Result<Vec<PromotionalEntitlement>> {
        let rc = ctx.data::<RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let grants = input
            .promotional_entitlements
            .into_iter()
            .map(new_grant)
            .collect::<Result<Vec<_>, Error>>()?;
        let now = rc.now();
        let granted = promotional::grant_group(
            &rc.db,
            rc.environment,
            &input.customer_id,
            &input.feature_group_id,
            grants,
            now,
        )
        .await?;
        crate::realtime::publish(
            ctx,
            Change::entitlements(rc.environment, &input.customer_id),
        )
        .await;
        Ok(granted
            .iter()
            .map(|g| promotional_entitlement(g, now))
            .collect())
    }

    /// Stigg `revokePromotionalEntitlementsGroup`: revokes the group's grants now, except
    /// those that also belong to another group (they only leave this one); answers the
    /// group's grants as they are after it. Errors: `PromotionalEntitlementNotFoundError`
    /// (no unrevoked grant in the group), `CustomerNotFound`, `BadUserInput`,
    /// `AccessDeniedError`.
    #[graphql(name = "revokePromotionalEntitlementsGroup")]
    async fn revoke_promotional_entitlements_group(
        &self,
        ctx: &Context<'_>,
        input: RevokePromotionalEntitlementsGroupInput,
    ) -> Result<Vec<PromotionalEntitlement>> {
        let rc = ctx.data::<RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let now = rc.now();
        let grants = promotional::revoke_group(
            &rc.db,
            rc.environment,
            &input.customer_id,
            &input.feature_group_id,
            now,
        )
        .await?;
        crate::realtime::publish(
            ctx,
            Change::entitlements(rc.environment, &input.customer_id),
        )
        .await;
        Ok(grants
            .iter()
            .map(|g| promotional_entitlement(g, now))
            .collect())
    }

    /// Stigg `unlinkPromotionalEntitlementsGroup`: the group's grants stay (and keep
    /// counting) but no longer belong to the group; answers them. Errors: as
    /// `revokePromotionalEntitlementsGroup`.
    #[graphql(name = "unlinkPromotionalEntitlementsGroup")]
    async fn unlink_promotional_entitlements_group(
        &self,
        ctx: &Context<'_>,
        input: UnlinkPromotionalEntitlementsGroupInput,
    ) -> Result<Vec<PromotionalEntitlement>> {
        let rc = ctx.data::<RequestContext>()?;
        crate::customer::check_environment(input.environment_id, rc.environment)?;
        let now = rc.now();
        let grants = promotional::unlink_group(
            &rc.db,
            rc.environment,
            &input.customer_id,
            &input.feature_group_id,
            now,
        )
        .await?;
        crate::realtime::publish(
            ctx,
            Change::entitlements(rc.environment, &input.customer_id),
        )
        .await;
        Ok(grants
            .iter()
            .map(|g| promotional_entitlement(g, now))
            .collect())
    }
}
