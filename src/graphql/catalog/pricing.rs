//! `setPackagePricing`: the pricing type and prices of a draft plan or addon.

use async_graphql::{Context, Object, Result};

use super::{given, non_empty, refuse};
use crate::catalog::pricing::{self, PricePeriod, PricingInput, PricingModel};
use crate::catalog::{self, Amount};
use crate::error::Error;
use crate::graphql::stigg::enums::BillingCadence;
use crate::graphql::stigg::inputs::PackagePricingInput;
use crate::graphql::stigg::objects::PackagePrice;
use crate::graphql::RequestContext;

/// Pricing mutations.
#[derive(Default)]
pub struct PricingMutation;

#[Object]
impl PricingMutation {
    /// Stigg `setPackagePricing` (`packageId` and `environmentId` are UUIDs): the pricing
    /// type and prices of a DRAFT plan or addon. Amounts are decimal currency units (not
    /// cents), converted exactly from the sent `Float`; `currency` defaults to USD. Errors:
    /// `PlanNotFound` (no plan or addon with that id), `CannotEditPackageInNonDraftMode`,
    /// `BadUserInput` (prices that do not fit the pricing type or model, repeated periods, a
    /// `billingCountryCode` that is not ISO 3166-1 alpha-2 or has no default price, mixed
    /// default currencies, bad quantities or amounts), `AmountTooLarge`, `FeatureNotFound`,
    /// `UnsupportedFeatureType` (a billable feature that is not NUMBER),
    /// `UnsupportedParameter` (PER_UNIT prices on an addon, tiers, overage, …),
    /// `AccessDeniedError`.
    #[graphql(name = "setPackagePricing")]
    async fn set_package_pricing(
        &self,
        ctx: &Context<'_>,
        input: PackagePricingInput,
    ) -> Result<PackagePrice> {
        let rc = ctx.data::<RequestContext>()?;
        let environment_id = catalog::parse_uuid("environmentId", &input.environment_id)?;
        let package_id = catalog::parse_uuid("packageId", &input.package_id)?;
        let mut unsupported = given(&[
            ("minimumSpend", non_empty(input.minimum_spend.as_ref())),
            (
                "overageBillingPeriod",
                input.overage_billing_period.is_some(),
            ),
            (
                "overagePricingModels",
                non_empty(input.overage_pricing_models.as_ref()),
            ),
            (
                "priceGroupPackageBillingId",
                input.price_group_package_billing_id.is_some(),
            ),
        ]);
        let mut models = Vec::new();
        for m in input.pricing_models.unwrap_or_default() {
            let billing_model = catalog::BillingModel::try_from(m.billing_model)?;
            unsupported.extend(given(&[
                (
                    "pricingModels.billingCadence",
                    m.billing_cadence
                        .is_some_and(|c| c != BillingCadence::Recurring),
                ),
                ("pricingModels.billingId", m.billing_id.is_some()),
                (
                    "pricingModels.monthlyResetPeriodConfiguration",
                    m.monthly_reset_period_configuration.is_some(),
                ),
                ("pricingModels.resetPeriod", m.reset_period.is_some()),
                ("pricingModels.tiersMode", m.tiers_mode.is_some()),
                (
                    "pricingModels.topUpCustomCurrencyId",
                    m.top_up_custom_currency_id.is_some(),
                ),
                (
                    "pricingModels.weeklyResetPeriodConfiguration",
                    m.weekly_reset_period_configuration.is_some(),
                ),
                (
                    "pricingModels.yearlyResetPeriodConfiguration",
                    m.yearly_reset_period_configuration.is_some(),
                ),
            ]));
            let mut periods = Vec::new();
            for p in m.price_periods {
                unsupported.extend(given(&[
                    ("pricePeriods.billingId", p.billing_id.is_some()),
                    ("pricePeriods.blockSize", p.block_size.is_some()),
                    (
                        "pricePeriods.creditGrantCadence",
                        p.credit_grant_cadence.is_some(),
                    ),
                    ("pricePeriods.creditRate", p.credit_rate.is_some()),
                    (
                        "pricePeriods.priceGroupPackageBillingId",
                        p.price_group_package_billing_id.is_some(),
                    ),
                    ("pricePeriods.tiers", non_empty(p.tiers.as_ref())),
                ]));
                let Some(money) = p.price else {
                    return Err(Error::bad_input(
                        "every price period needs a price (tiered prices are not supported)",
                    )
                    .into());
                };
                periods.push(PricePeriod {
                    billing_period: p.billing_period.into(),
                    billing_country_code: p.billing_country_code,
                    amount: Amount::from_f64(money.amount)?,
                    currency: money.currency.map_or(catalog::DEFAULT_CURRENCY, Into::into),
                });
            }
            models.push(PricingModel {
                billing_model,
                feature_id: m.feature_id,
                min_unit_quantity: m.min_unit_quantity,
                max_unit_quantity: m.max_unit_quantity,
                price_periods: periods,
            });
        }
        let pricing_type: catalog::PricingType = input.pricing_type.into();
        unsupported.sort_unstable();
        unsupported.dedup();
        refuse(unsupported)?;
        let saved = pricing::set_pricing(
            &rc.db,
            rc.environment,
            package_id,
            PricingInput {
                environment_id: Some(environment_id),
                pricing_type,
                models,
            },
            rc.now(),
        )
        .await?;
        Ok(PackagePrice {
            package_id: saved.id.to_string(),
            pricing_type: pricing_type.into(),
        })
    }
}
