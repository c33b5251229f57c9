//! Product mutations: `createOneProduct`, `updateOneProduct` (fields and the customer journey).

use async_graphql::{Context, Object, Result};

use super::objects::product_object;
use super::{given, non_empty, refuse};
use crate::catalog::product::{self as product_domain, NewProduct, ProductChanges};
use crate::change::Change;
use crate::graphql::stigg::inputs::{CreateOneProductInput, UpdateOneProductInput};
use crate::graphql::stigg::objects::Product;
use crate::graphql::RequestContext;

/// Product mutations.
#[derive(Default)]
pub struct ProductMutation;

#[Object]
impl ProductMutation {
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
            rc.now(),
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
        refuse(unsupported)?;
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
            },
            rc.now(),
        )
        .await?;
        Ok(product_object(&updated))
    }
}
