//! Package pricing (Stigg's `setPackagePricing`): the pricing type and the prices of a draft
//! plan or addon.
//!
//! A price is an amount in decimal currency units (not cents) per billing period (MONTHLY or
//! ANNUALLY): flat (FLAT_FEE: per subscription) or per unit (PER_UNIT: per unit of a NUMBER
//! feature, with optional whole min/max quantities; plans only). Each price period without a
//! country is a default price; one with `billingCountryCode` (ISO 3166-1 alpha-2) overrides
//! the default of the same model and period for customers billed in that country, in that
//! country's currency.

use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::{
    whole_number, Amount, BillingModel, BillingPeriod, Currency, FeatureType, Package, PackageKind,
    PricingType,
};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::{feature, package, price};

/// Largest per-unit quantity bound.
pub const MAX_UNIT_QUANTITY: f64 = 1_000_000.0;

/// A package's pricing (Stigg's `PackagePricingInput`, decoded; the package it prices is
/// named to [`set_pricing`]).
#[derive(Clone, Debug)]
pub struct PricingInput {
    pub environment_id: Option<Uuid>,
    pub pricing_type: PricingType,
    /// PAID: at least one; FREE and CUSTOM: none.
    pub models: Vec<PricingModel>,
}

/// One pricing model (Stigg's `PricingModelCreateInput`, decoded).
#[derive(Clone, Debug, PartialEq)]
pub struct PricingModel {
    pub billing_model: BillingModel,
    /// PER_UNIT: the billable feature's refId (a live NUMBER feature).
    pub feature_id: Option<String>,
    /// PER_UNIT: fewest units a subscription may hold (whole, ≥ 0).
    pub min_unit_quantity: Option<f64>,
    /// PER_UNIT: most units a subscription may hold (whole, ≥ 1, ≥ min).
    pub max_unit_quantity: Option<f64>,
    pub price_periods: Vec<PricePeriod>,
}

/// One price of a model (Stigg's `PricePeriodInput`, decoded).
#[derive(Clone, Debug, PartialEq)]
pub struct PricePeriod {
    pub billing_period: BillingPeriod,
    /// ISO 3166-1 alpha-2; `None` for the default price.
    pub billing_country_code: Option<String>,
    /// Decimal currency units (per unit for PER_UNIT).
    pub amount: Amount,
    pub currency: Currency,
}

/// One stored price in comparable form (what the catalog file compares).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PriceLine {
    pub billing_model: BillingModel,
    pub feature_ref_id: Option<String>,
    pub min_unit_quantity: Option<i64>,
    pub max_unit_quantity: Option<i64>,
    pub billing_period: BillingPeriod,
    pub billing_country_code: Option<String>,
    pub amount: Amount,
    pub currency: Currency,
}

impl PricingInput {
    /// The prices this input describes, in comparable form.
    pub fn lines(&self) -> BTreeSet<PriceLine> {
        self.models
            .iter()
            .flat_map(|m| {
                m.price_periods.iter().map(move |p| PriceLine {
                    billing_model: m.billing_model,
                    feature_ref_id: m.feature_id.clone(),
                    min_unit_quantity: m.min_unit_quantity.map(|q| q as i64),
                    max_unit_quantity: m.max_unit_quantity.map(|q| q as i64),
                    billing_period: p.billing_period,
                    billing_country_code: p.billing_country_code.clone(),
                    amount: p.amount,
                    currency: p.currency,
                })
            })
            .collect()
    }
}

/// Sets the pricing type and prices of the DRAFT plan or addon `package_id`, replacing
/// its previous prices, in one transaction. Returns the package.
///
/// Errors (Stigg codes): `AccessDeniedError`, `PlanNotFound` (no plan or addon with that id),
/// `CannotEditPackageInNonDraftMode`, `BadUserInput` (PAID without prices, FREE/CUSTOM with
/// prices, a PER_UNIT model without `featureId` or a FLAT_FEE one with it or with
/// quantities, two FLAT_FEE models, two models on one feature, a model without prices, a
/// repeated period, a country that is not ISO 3166-1 alpha-2, a country override without a
/// default price of the same period, default prices in more than one currency, quantities
/// that are not whole or min > max, a negative amount or one with more than 6 decimal
/// places), `AmountTooLarge`, `FeatureNotFound` (unknown or archived billable feature),
/// `UnsupportedFeatureType` (billable feature is not NUMBER), `UnsupportedParameter`
/// (PER_UNIT prices on an addon, tiers, overage, …).
#[tracing::instrument(name = "catalog.pricing.set", skip_all, fields(environment_id = %env.0, package_id = %package_id))]
pub async fn set_pricing<C>(
    db: &C,
    env: EnvironmentId,
    package_id: Uuid,
    input: PricingInput,
    now: DateTime<Utc>,
) -> Result<Package>
where
    C: crate::database::Writable,
{
    crate::customer::check_environment(input.environment_id, env)?;
    check_models(&input)?;

    let txn = crate::database::begin_write(db).await?;
    let package = super::package::lock_draft(&txn, env, None, package_id).await?;
    if package.package_type == PackageKind::Addon
        && input
            .models
            .iter()
            .any(|m| m.billing_model == BillingModel::PerUnit)
    {
        return Err(Error::UnsupportedParameter(
            "PER_UNIT prices on addons are not supported by plangate yet (an addon's quantity is its unit)".into(),
        ));
    }
    let mut features: HashMap<String, Uuid> = HashMap::new();
    for ref_id in input.models.iter().filter_map(|m| m.feature_id.as_deref()) {
        let found = super::feature::get(&txn, env, ref_id).await?;
        if found.feature_type != FeatureType::Number {
            return Err(Error::UnsupportedFeatureType(format!(
                "per-unit prices need a NUMBER feature; '{ref_id}' is {}",
                found.feature_type
            )));
        }
        features.insert(ref_id.to_owned(), found.id);
    }

    price::Entity::delete_many()
        .filter(price::Column::PackageId.eq(package.id))
        .exec(&txn)
        .await?;
    let rows: Vec<price::ActiveModel> = input
        .models
        .iter()
        .flat_map(|m| {
            let feature_id = m
                .feature_id
                .as_deref()
                .and_then(|r| features.get(r).copied());
            m.price_periods.iter().map(move |p| price::ActiveModel {
                id: Set(Uuid::new_v4()),
                package_id: Set(package.id),
                billing_model: Set(m.billing_model),
                billing_period: Set(p.billing_period),
                billing_country_code: Set(p.billing_country_code.clone()),
                amount: Set(p.amount.to_string()),
                currency: Set(p.currency),
                feature_id: Set(feature_id),
                min_unit_quantity: Set(m.min_unit_quantity),
                max_unit_quantity: Set(m.max_unit_quantity),
                created_at: Set(now),
            })
        })
        .collect();
    if !rows.is_empty() {
        price::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    let updated_at = super::next_updated_at(package.updated_at, now);
    let mut row: package::ActiveModel = package.into();
    row.pricing_type = Set(Some(input.pricing_type));
    row.updated_at = Set(updated_at);
    let saved = row.update(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// The stored pricing of `package`: its pricing type and prices in comparable form.
pub async fn current<C: ConnectionTrait>(
    db: &C,
    package: &Package,
) -> Result<(Option<PricingType>, BTreeSet<PriceLine>)> {
    let prices = price::Entity::find()
        .filter(price::Column::PackageId.eq(package.id))
        .all(db)
        .await?;
    let feature_ids: Vec<Uuid> = prices.iter().filter_map(|p| p.feature_id).collect();
    let features: HashMap<Uuid, String> = if feature_ids.is_empty() {
        HashMap::new()
    } else {
        feature::Entity::find()
            .filter(feature::Column::Id.is_in(feature_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.id, f.ref_id))
            .collect()
    };
    let mut lines = BTreeSet::new();
    for p in prices {
        lines.insert(PriceLine {
            billing_model: p.billing_model,
            feature_ref_id: p.feature_id.and_then(|id| features.get(&id).cloned()),
            min_unit_quantity: p.min_unit_quantity.map(|q| q as i64),
            max_unit_quantity: p.max_unit_quantity.map(|q| q as i64),
            billing_period: p.billing_period,
            billing_country_code: p.billing_country_code,
            amount: Amount::parse(&p.amount)?,
            currency: p.currency,
        });
    }
    Ok((package.pricing_type, lines))
}

fn check_models(input: &PricingInput) -> Result<()> {
    match input.pricing_type {
        PricingType::Paid if input.models.is_empty() => {
            return Err(Error::bad_input(
                "PAID pricing needs at least one pricing model",
            ))
        }
        PricingType::Free | PricingType::Custom if !input.models.is_empty() => {
            return Err(Error::bad_input(format!(
                "{} pricing takes no pricing models",
                input.pricing_type
            )))
        }
        _ => {}
    }
    let mut flat = 0;
    let mut per_unit_features = BTreeSet::new();
    // Default-price currencies of the package, and override currencies per country.
    let mut default_currencies = BTreeSet::new();
    let mut country_currencies: BTreeMap<&str, BTreeSet<Currency>> = BTreeMap::new();
    for model in &input.models {
        match model.billing_model {
            BillingModel::FlatFee => {
                flat += 1;
                if model.feature_id.is_some()
                    || model.min_unit_quantity.is_some()
                    || model.max_unit_quantity.is_some()
                {
                    return Err(Error::bad_input(
                        "a FLAT_FEE pricing model takes no featureId, minUnitQuantity or maxUnitQuantity",
                    ));
                }
            }
            BillingModel::PerUnit => {
                let Some(feature_id) = &model.feature_id else {
                    return Err(Error::bad_input(
                        "a PER_UNIT pricing model needs featureId (its billable NUMBER feature)",
                    ));
                };
                super::CatalogRefId::parse("featureId", feature_id)?;
                if !per_unit_features.insert(feature_id.as_str()) {
                    return Err(Error::bad_input(format!(
                        "feature '{feature_id}' has more than one PER_UNIT pricing model"
                    )));
                }
                let min = model
                    .min_unit_quantity
                    .map(|q| whole_number("minUnitQuantity", q, 0.0, MAX_UNIT_QUANTITY))
                    .transpose()?;
                let max = model
                    .max_unit_quantity
                    .map(|q| whole_number("maxUnitQuantity", q, 1.0, MAX_UNIT_QUANTITY))
                    .transpose()?;
                if let (Some(min), Some(max)) = (min, max) {
                    if min > max {
                        return Err(Error::bad_input(format!(
                            "minUnitQuantity {min} is above maxUnitQuantity {max}"
                        )));
                    }
                }
            }
        }
        if model.price_periods.is_empty() {
            return Err(Error::bad_input(
                "every pricing model needs at least one price period",
            ));
        }
        let mut seen = BTreeSet::new();
        for p in &model.price_periods {
            if let Some(country) = &p.billing_country_code {
                crate::values::CountryCode::parse(country)
                    .map_err(|e| Error::bad_input(format!("billingCountryCode: {e}")))?;
            }
            if !seen.insert((p.billing_period, p.billing_country_code.as_deref())) {
                return Err(Error::bad_input(format!(
                    "{} price for {} is given twice{}",
                    model.billing_model,
                    p.billing_period,
                    p.billing_country_code
                        .as_deref()
                        .map(|c| format!(" for country {c}"))
                        .unwrap_or_default()
                )));
            }
            match &p.billing_country_code {
                None => {
                    default_currencies.insert(p.currency);
                }
                Some(country) => {
                    country_currencies
                        .entry(country.as_str())
                        .or_default()
                        .insert(p.currency);
                }
            }
        }
        for p in &model.price_periods {
            if let Some(country) = &p.billing_country_code {
                if !seen.contains(&(p.billing_period, None)) {
                    return Err(Error::bad_input(format!(
                        "the {country} price for {} overrides a default price that does not exist: add a {} price without billingCountryCode",
                        p.billing_period, p.billing_period
                    )));
                }
            }
        }
    }
    if flat > 1 {
        return Err(Error::bad_input("at most one FLAT_FEE pricing model"));
    }
    if default_currencies.len() > 1 {
        return Err(Error::bad_input(format!(
            "default prices must share one currency, got {}",
            default_currencies
                .iter()
                .map(Currency::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if let Some((country, _)) = country_currencies.iter().find(|(_, c)| c.len() > 1) {
        return Err(Error::bad_input(format!(
            "the prices for country {country} must share one currency"
        )));
    }
    Ok(())
}
