//! The declarative catalog file (`plangate catalog apply FILE`): features, products with
//! their customer journey, plans and addons with prices, entitlements, compatible addons and
//! publish state, in YAML or JSON with Stigg's field names (see `examples/catalog.yaml`).
//!
//! [`apply`] creates what is missing and updates what differs through the same domain
//! functions as the GraphQL API, all in one transaction (each operation is a savepoint
//! inside it): on any error nothing is written. Applying the same file twice changes nothing
//! the second time. What the file omits is left as stored: the file never deletes features,
//! products or packages, and a package's entitlements and compatible addons are replaced
//! only when the file lists them. Published packages are immutable (no drafts or versions),
//! so a file that changes a published plan or addon is refused with
//! `CannotEditPackageInNonDraftMode`.
//!
//! Order of work: features → products → addons → plans (create or update as drafts, pricing,
//! entitlements, compatible addons) → publish addons, then plans → products' journeys →
//! archive plans, then addons.

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use sea_orm::{ConnectionTrait, TransactionTrait};
use serde::Deserialize;
use serde_json::Value;

use super::entitlement::{self, NewEntitlement};
use super::feature::{self, FeatureChanges, NewFeature};
use super::package::{self, NewPackage, PackageChanges, PackageRef, TrialConfig};
use super::pricing::{self, PricePeriod, PricingInput, PricingModel};
use super::product::{self, NewProduct, ProductChanges, ProductSettings};
use super::{
    Amount, BillingModel, BillingPeriod, Currency, EntitlementResetPeriod, FeatureType, MeterType,
    Package, PackageKind, PackageStatus, PricingType, SubscriptionCancellationTime,
    SubscriptionEndSetup, SubscriptionStartSetup, TrialEndBehavior, TrialPeriodUnits,
    DEFAULT_CURRENCY,
};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};

/// A catalog file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogFile {
    #[serde(default)]
    pub features: Vec<FeatureSpec>,
    #[serde(default)]
    pub products: Vec<ProductSpec>,
    #[serde(default)]
    pub plans: Vec<PackageSpec>,
    #[serde(default)]
    pub addons: Vec<PackageSpec>,
}

/// A feature (Stigg's `FeatureInput` fields).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FeatureSpec {
    pub ref_id: String,
    pub display_name: String,
    /// `BOOLEAN` or `NUMBER`.
    pub feature_type: FeatureType,
    pub description: Option<String>,
    pub meter_type: Option<MeterType>,
    pub feature_units: Option<String>,
    pub feature_units_plural: Option<String>,
    pub additional_meta_data: Option<Value>,
}

/// A product with its customer journey.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductSpec {
    pub ref_id: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub multiple_subscriptions: Option<bool>,
    pub additional_meta_data: Option<Value>,
    /// Set after the plans exist.
    pub product_settings: Option<ProductSettingsSpec>,
}

/// Stigg's `ProductSettingsInput`; the end setup defaults to CANCEL_SUBSCRIPTION and the
/// cancellation time to END_OF_BILLING_PERIOD.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductSettingsSpec {
    pub subscription_start_setup: SubscriptionStartSetup,
    /// Plan refId.
    pub subscription_start_plan_id: Option<String>,
    /// Plan refId.
    pub downgrade_plan_id: Option<String>,
    pub subscription_end_setup: Option<SubscriptionEndSetup>,
    pub subscription_cancellation_time: Option<SubscriptionCancellationTime>,
}

/// A plan or addon.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PackageSpec {
    pub ref_id: String,
    /// The product's refId.
    pub product_id: String,
    pub display_name: String,
    pub description: Option<String>,
    pub billing_id: Option<String>,
    pub additional_meta_data: Option<Value>,
    /// `DRAFT`, `PUBLISHED` (the default) or `ARCHIVED`.
    pub status: Option<PackageStatus>,
    /// Stigg's `PackagePricingInput` without ids; absent leaves pricing as stored.
    pub pricing: Option<PricingSpec>,
    /// The complete list; absent leaves entitlements as stored.
    pub entitlements: Option<Vec<EntitlementSpec>>,
    /// Plans only.
    pub default_trial_config: Option<TrialSpec>,
    /// Addons only.
    pub max_quantity: Option<f64>,
    /// Plans only: addon refIds, the complete list; absent leaves them as stored.
    pub compatible_addons: Option<Vec<String>>,
}

/// Stigg's `PackagePricingInput` (without ids).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PricingSpec {
    pub pricing_type: PricingType,
    #[serde(default)]
    pub pricing_models: Vec<PricingModelSpec>,
}

/// Stigg's `PricingModelCreateInput` (the supported part).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PricingModelSpec {
    pub billing_model: BillingModel,
    /// PER_UNIT: the billable feature's refId.
    pub feature_id: Option<String>,
    pub min_unit_quantity: Option<f64>,
    pub max_unit_quantity: Option<f64>,
    pub price_periods: Vec<PricePeriodSpec>,
}

/// Stigg's `PricePeriodInput` (the supported part).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PricePeriodSpec {
    pub billing_period: BillingPeriod,
    pub billing_country_code: Option<String>,
    pub price: MoneySpec,
}

/// Stigg's `MoneyInputDTO`: an amount in decimal currency units (not cents), as a number or
/// a decimal string (`"12.50"`), and a currency (default USD).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MoneySpec {
    pub amount: AmountSpec,
    pub currency: Option<Currency>,
}

/// An amount written as a decimal string or a number.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum AmountSpec {
    Text(String),
    Number(f64),
}

/// Stigg's `PackageFeatureEntitlementInput` (the supported part).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EntitlementSpec {
    /// The feature's refId.
    pub feature_id: String,
    pub usage_limit: Option<f64>,
    pub has_unlimited_usage: Option<bool>,
    pub has_soft_limit: Option<bool>,
    pub reset_period: Option<EntitlementResetPeriod>,
    pub display_name_override: Option<String>,
    pub description: Option<String>,
}

/// Stigg's `DefaultTrialConfigInputDTO` (the supported part).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrialSpec {
    pub duration: f64,
    pub units: TrialPeriodUnits,
    pub trial_end_behavior: Option<TrialEndBehavior>,
}

/// The syntax of a catalog file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// By extension (`.yaml`, `.yml`, `.json`); `None` for anything else.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("yaml" | "yml") => Some(Format::Yaml),
            Some("json") => Some(Format::Json),
            _ => None,
        }
    }
}

/// Parses a catalog file; without a `format`, text starting with `{` is JSON and anything
/// else YAML. Errors: `BadUserInput` naming the problem and its position.
pub fn parse(text: &str, format: Option<Format>) -> Result<CatalogFile> {
    let format = format.unwrap_or_else(|| {
        if text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Yaml
        }
    });
    match format {
        Format::Json => serde_json::from_str(text)
            .map_err(|e| Error::bad_input(format!("catalog file (JSON): {e}"))),
        Format::Yaml => serde_yaml_ng::from_str(text)
            .map_err(|e| Error::bad_input(format!("catalog file (YAML): {e}"))),
    }
}

/// What an apply did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApplySummary {
    pub features: usize,
    pub products: usize,
    pub plans: usize,
    pub addons: usize,
    /// Entities created.
    pub created: usize,
    /// Updates (fields, journeys, pricing, entitlements, compatible addons) of existing or
    /// just created entities.
    pub updated: usize,
    pub published: usize,
    pub archived: usize,
}

impl ApplySummary {
    /// Every write: created + updated + published + archived (0 when the stored catalog
    /// already matched the file).
    pub fn changes(&self) -> usize {
        self.created + self.updated + self.published + self.archived
    }
}

impl fmt::Display for ApplySummary {
    /// The one-line summary the CLI prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} features, {} products, {} plans, {} addons: {} changes ({} created, {} updated, {} published, {} archived)",
            self.features,
            self.products,
            self.plans,
            self.addons,
            self.changes(),
            self.created,
            self.updated,
            self.published,
            self.archived
        )
    }
}

/// An apply failure: the entity being applied and the domain error.
#[derive(Debug, thiserror::Error)]
#[error("{at}: {error}")]
pub struct ApplyError {
    /// E.g. `plan 'plan-basic'`.
    pub at: String,
    pub error: Error,
}

trait At<T> {
    fn at(self, at: impl Fn() -> String) -> std::result::Result<T, ApplyError>;
}

impl<T> At<T> for Result<T> {
    fn at(self, at: impl Fn() -> String) -> std::result::Result<T, ApplyError> {
        self.map_err(|error| ApplyError { at: at(), error })
    }
}

/// Applies `file` to environment `env` in one transaction: nothing is written when any part
/// fails. Returns what was done; applying an already applied file does nothing
/// (`changes() == 0`).
#[tracing::instrument(name = "catalog.apply", skip_all, fields(environment_id = %env.0))]
pub async fn apply<C>(
    db: &C,
    env: EnvironmentId,
    file: &CatalogFile,
) -> std::result::Result<ApplySummary, ApplyError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let general = || "catalog".to_owned();
    let txn = crate::database::begin_write(db)
        .await
        .map_err(Error::from)
        .at(general)?;
    let mut summary = ApplySummary {
        features: file.features.len(),
        products: file.products.len(),
        plans: file.plans.len(),
        addons: file.addons.len(),
        ..ApplySummary::default()
    };
    for spec in &file.features {
        apply_feature(&txn, env, spec, &mut summary)
            .await
            .at(|| format!("feature '{}'", spec.ref_id))?;
    }
    for spec in &file.products {
        apply_product(&txn, env, spec, &mut summary)
            .await
            .at(|| format!("product '{}'", spec.ref_id))?;
    }
    let mut packages: Vec<(PackageKind, &PackageSpec, Package)> = Vec::new();
    for (kind, specs) in [
        (PackageKind::Addon, &file.addons),
        (PackageKind::Plan, &file.plans),
    ] {
        for spec in specs {
            let at = || format!("{} '{}'", word(kind), spec.ref_id);
            let stored = apply_package(&txn, env, kind, spec, &mut summary)
                .await
                .at(at)?;
            packages.push((kind, spec, stored));
        }
    }
    // Publish addons before plans (a plan cannot be published with draft addons).
    for (kind, spec, stored) in &packages {
        let wanted = spec.status.unwrap_or(PackageStatus::Published);
        if wanted != PackageStatus::Draft && stored.status == PackageStatus::Draft {
            package::publish(&txn, env, *kind, stored.id)
                .await
                .at(|| format!("{} '{}'", word(*kind), spec.ref_id))?;
            summary.published += 1;
        }
    }
    for spec in &file.products {
        apply_journey(&txn, env, spec, &mut summary)
            .await
            .at(|| format!("product '{}'", spec.ref_id))?;
    }
    // Archive plans before addons (an addon listed by a live plan cannot be archived).
    for (kind, spec, stored) in packages.iter().rev() {
        if spec.status == Some(PackageStatus::Archived) && stored.status != PackageStatus::Archived
        {
            package::archive(&txn, env, *kind, PackageRef::Id(stored.id), None)
                .await
                .at(|| format!("{} '{}'", word(*kind), spec.ref_id))?;
            summary.archived += 1;
        }
    }
    txn.commit().await.map_err(Error::from).at(general)?;
    Ok(summary)
}

async fn apply_feature<C>(
    db: &C,
    env: EnvironmentId,
    spec: &FeatureSpec,
    summary: &mut ApplySummary,
) -> Result<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    let existing = feature::find_by_ref_ids(db, env, std::slice::from_ref(&spec.ref_id))
        .await?
        .into_iter()
        .next();
    let Some(current) = existing else {
        feature::create(
            db,
            env,
            NewFeature {
                environment_id: None,
                ref_id: spec.ref_id.clone(),
                display_name: spec.display_name.clone(),
                description: spec.description.clone(),
                feature_type: spec.feature_type,
                meter_type: spec.meter_type,
                feature_units: spec.feature_units.clone(),
                feature_units_plural: spec.feature_units_plural.clone(),
                feature_status: None,
                additional_meta_data: spec.additional_meta_data.clone(),
                unsupported: Vec::new(),
            },
        )
        .await?;
        summary.created += 1;
        return Ok(());
    };
    if current.archived_at.is_some() {
        return Err(Error::EntityIsArchived(format!(
            "feature '{}' is archived; its refId cannot be reused",
            spec.ref_id
        )));
    }
    let wanted_type = feature::check_feature_type(spec.feature_type)?;
    if wanted_type != current.feature_type {
        return Err(Error::bad_input(format!(
            "featureType cannot change ({} stored, {} in the file)",
            current.feature_type, wanted_type
        )));
    }
    let changes = FeatureChanges {
        display_name: differs(&spec.display_name, &current.display_name),
        description: differs_opt(&spec.description, &current.description),
        meter_type: match spec.meter_type {
            Some(m) if current.meter_type != Some(m) => Some(Some(m)),
            _ => None,
        },
        feature_units: differs_opt(&spec.feature_units, &current.feature_units),
        feature_units_plural: differs_opt(
            &spec.feature_units_plural,
            &current.feature_units_plural,
        ),
        additional_meta_data: differs_opt(
            &spec.additional_meta_data,
            &current.additional_meta_data,
        ),
    };
    if !changes.is_empty() {
        feature::update(db, env, &spec.ref_id, changes).await?;
        summary.updated += 1;
    }
    Ok(())
}

async fn apply_product<C>(
    db: &C,
    env: EnvironmentId,
    spec: &ProductSpec,
    summary: &mut ApplySummary,
) -> Result<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    let current = match product::get_by_ref_id(db, env, &spec.ref_id).await {
        Ok(found) => found,
        Err(Error::ProductNotFound { .. }) => {
            product::create(
                db,
                env,
                NewProduct {
                    environment_id: None,
                    ref_id: spec.ref_id.clone(),
                    display_name: spec.display_name.clone(),
                    description: spec.description.clone(),
                    multiple_subscriptions: spec.multiple_subscriptions.unwrap_or(false),
                    additional_meta_data: spec.additional_meta_data.clone(),
                },
            )
            .await
            .map_err(|e| match e {
                Error::DuplicatedCatalogEntity(_) => Error::EntityIsArchived(format!(
                    "product '{}' is archived; its refId cannot be reused",
                    spec.ref_id
                )),
                other => other,
            })?;
            summary.created += 1;
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let changes = ProductChanges {
        display_name: differs_opt(&spec.display_name, &current.display_name).flatten(),
        description: differs_opt(&spec.description, &current.description).flatten(),
        multiple_subscriptions: spec
            .multiple_subscriptions
            .filter(|m| *m != current.multiple_subscriptions),
        additional_meta_data: differs_opt(
            &spec.additional_meta_data,
            &current.additional_meta_data,
        )
        .flatten(),
        product_settings: None,
        unsupported: Vec::new(),
    };
    if !changes.is_empty() {
        product::update(db, env, current.id, changes).await?;
        summary.updated += 1;
    }
    Ok(())
}

async fn apply_journey<C>(
    db: &C,
    env: EnvironmentId,
    spec: &ProductSpec,
    summary: &mut ApplySummary,
) -> Result<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    let Some(settings) = &spec.product_settings else {
        return Ok(());
    };
    let wanted = ProductSettings {
        subscription_start_setup: settings.subscription_start_setup,
        subscription_start_plan_id: settings.subscription_start_plan_id.clone(),
        downgrade_plan_id: settings.downgrade_plan_id.clone(),
        subscription_end_setup: settings
            .subscription_end_setup
            .unwrap_or(SubscriptionEndSetup::CancelSubscription),
        subscription_cancellation_time: settings
            .subscription_cancellation_time
            .unwrap_or(SubscriptionCancellationTime::EndOfBillingPeriod),
    };
    let current = product::get_by_ref_id(db, env, &spec.ref_id).await?;
    if ProductSettings::of(&current) != wanted {
        product::update(
            db,
            env,
            current.id,
            ProductChanges {
                product_settings: Some(wanted),
                ..ProductChanges::default()
            },
        )
        .await?;
        summary.updated += 1;
    }
    Ok(())
}

/// Creates or updates one package as a draft (pricing, entitlements, compatible addons);
/// returns it as stored afterwards.
async fn apply_package<C>(
    db: &C,
    env: EnvironmentId,
    kind: PackageKind,
    spec: &PackageSpec,
    summary: &mut ApplySummary,
) -> Result<Package>
where
    C: ConnectionTrait + TransactionTrait,
{
    if kind == PackageKind::Addon
        && (spec.default_trial_config.is_some() || spec.compatible_addons.is_some())
    {
        return Err(Error::bad_input(
            "addons take no defaultTrialConfig or compatibleAddons",
        ));
    }
    let product = product::get_by_ref_id(db, env, &spec.product_id).await?;
    let trial = spec
        .default_trial_config
        .as_ref()
        .map(|t| TrialConfig::parse(Some(t.duration), Some(t.units), t.trial_end_behavior))
        .transpose()?;
    let pricing = spec
        .pricing
        .as_ref()
        .map(|p| pricing_input(p, env))
        .transpose()?;
    let entitlements: Option<Vec<NewEntitlement>> = spec.entitlements.as_ref().map(|list| {
        list.iter()
            .map(|e| NewEntitlement {
                feature_id: e.feature_id.clone(),
                usage_limit: e.usage_limit,
                has_unlimited_usage: e.has_unlimited_usage,
                has_soft_limit: e.has_soft_limit,
                reset_period: e.reset_period,
                display_name_override: e.display_name_override.clone(),
                description: e.description.clone(),
                unsupported: Vec::new(),
            })
            .collect()
    });

    let mut current = match package::find_by_ref_id(db, env, kind, &spec.ref_id).await? {
        Some(found) => found,
        None => {
            let created = package::create(
                db,
                env,
                NewPackage {
                    kind,
                    environment_id: None,
                    product_id: product.id,
                    ref_id: Some(spec.ref_id.clone()),
                    display_name: spec.display_name.clone(),
                    description: spec.description.clone(),
                    billing_id: spec.billing_id.clone(),
                    additional_meta_data: spec.additional_meta_data.clone(),
                    pricing_type: None,
                    status: None,
                    max_quantity: spec.max_quantity,
                    unsupported: Vec::new(),
                },
            )
            .await?;
            summary.created += 1;
            created
        }
    };
    if current.product_id != product.id {
        return Err(Error::bad_input(format!(
            "{} '{}' belongs to another product than '{}'",
            word(kind),
            spec.ref_id,
            spec.product_id
        )));
    }
    let stored_status = current.status;
    if stored_status == PackageStatus::Archived {
        if spec.status == Some(PackageStatus::Archived) {
            return Ok(current);
        }
        return Err(Error::EntityIsArchived(format!(
            "{} '{}' is archived; set its status to ARCHIVED in the file or use another refId",
            word(kind),
            spec.ref_id
        )));
    }
    if stored_status == PackageStatus::Published && spec.status == Some(PackageStatus::Draft) {
        return Err(Error::bad_input(format!(
            "{} '{}' is published and cannot return to DRAFT",
            word(kind),
            spec.ref_id
        )));
    }

    let mut changed = false;
    let changes = PackageChanges {
        display_name: differs(&spec.display_name, &current.display_name),
        description: differs_opt(&spec.description, &current.description).flatten(),
        billing_id: differs_opt(&spec.billing_id, &current.billing_id).flatten(),
        additional_meta_data: differs_opt(
            &spec.additional_meta_data,
            &current.additional_meta_data,
        )
        .flatten(),
        max_quantity: spec
            .max_quantity
            .filter(|q| Some(*q) != current.max_quantity),
        default_trial_config: trial.filter(|t| Some(*t) != TrialConfig::of(&current)),
        status: None,
        unsupported: Vec::new(),
    };
    if !changes.is_empty() {
        current = package::update(db, env, kind, current.id, changes).await?;
        changed = true;
    }
    if let Some(pricing) = pricing {
        let (stored_type, stored_lines) = pricing::current(db, &current).await?;
        if stored_type != Some(pricing.pricing_type) || stored_lines != pricing.lines() {
            current = pricing::set_pricing(
                db,
                env,
                PricingInput {
                    package_id: current.id,
                    ..pricing
                },
            )
            .await?;
            changed = true;
        }
    }
    if let Some(wanted) = entitlements {
        let stored = entitlement::current(db, &current).await?;
        let wanted_refs: BTreeSet<&str> = wanted.iter().map(|e| e.feature_id.as_str()).collect();
        let removed: Vec<String> = stored
            .keys()
            .filter(|r| !wanted_refs.contains(r.as_str()))
            .cloned()
            .collect();
        if !removed.is_empty() {
            entitlement::remove(db, env, current.id, &removed).await?;
            changed = true;
        }
        let mut new = Vec::new();
        for e in wanted {
            match stored.get(&e.feature_id) {
                None => new.push(e),
                Some(spec) if *spec != e.spec() => {
                    entitlement::update(db, env, current.id, e).await?;
                    changed = true;
                }
                Some(_) => {}
            }
        }
        if !new.is_empty() {
            entitlement::create(db, env, current.id, None, new).await?;
            changed = true;
        }
    }
    if let Some(addon_refs) = &spec.compatible_addons {
        let stored: BTreeSet<String> = compatible_addon_refs(db, env, &current).await?;
        let wanted: BTreeSet<String> = addon_refs.iter().cloned().collect();
        if stored != wanted {
            let mut ids = Vec::new();
            for r in &wanted {
                ids.push(
                    package::get_by_ref_id(db, env, PackageKind::Addon, r)
                        .await?
                        .id,
                );
            }
            package::set_compatible_addons(db, env, current.id, ids).await?;
            changed = true;
        }
    }
    if changed {
        summary.updated += 1;
        current = package::get(db, env, kind, current.id).await?;
    }
    Ok(current)
}

async fn compatible_addon_refs<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    plan: &Package,
) -> Result<BTreeSet<String>> {
    let view = super::read::CatalogView::load(db, env, &[plan.id], &[]).await?;
    Ok(view
        .compatible_addons_of(plan.id)
        .into_iter()
        .map(|a| a.ref_id.clone())
        .collect())
}

fn pricing_input(spec: &PricingSpec, env: EnvironmentId) -> Result<PricingInput> {
    let mut models = Vec::new();
    for m in &spec.pricing_models {
        let mut periods = Vec::new();
        for p in &m.price_periods {
            let amount = match &p.price.amount {
                AmountSpec::Text(t) => Amount::parse(t)?,
                AmountSpec::Number(n) => Amount::from_f64(*n)?,
            };
            periods.push(PricePeriod {
                billing_period: p.billing_period,
                billing_country_code: p.billing_country_code.clone(),
                amount,
                currency: p.price.currency.unwrap_or(DEFAULT_CURRENCY),
            });
        }
        models.push(PricingModel {
            billing_model: m.billing_model,
            feature_id: m.feature_id.clone(),
            min_unit_quantity: m.min_unit_quantity,
            max_unit_quantity: m.max_unit_quantity,
            price_periods: periods,
        });
    }
    Ok(PricingInput {
        environment_id: Some(env.0),
        package_id: uuid::Uuid::nil(),
        pricing_type: spec.pricing_type,
        models,
        unsupported: Vec::new(),
    })
}

/// `Some(wanted)` when it differs from `stored`.
fn differs(wanted: &str, stored: &str) -> Option<String> {
    (wanted != stored).then(|| wanted.to_owned())
}

/// `Some(Some(wanted))` when the file gives a value that differs from `stored`; `None` when
/// the file omits it or it is equal.
fn differs_opt<T: Clone + PartialEq>(wanted: &Option<T>, stored: &Option<T>) -> Option<Option<T>> {
    match wanted {
        Some(w) if Some(w) != stored.as_ref() => Some(Some(w.clone())),
        _ => None,
    }
}

fn word(kind: PackageKind) -> &'static str {
    match kind {
        PackageKind::Plan => "plan",
        PackageKind::Addon => "addon",
    }
}

/// Reads and parses the catalog file at `path` (format by extension, else by content).
pub fn read(path: &Path) -> anyhow::Result<CatalogFile> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
    parse(&text, Format::from_path(path)).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_parses() {
        let text = include_str!("../../examples/catalog.yaml");
        let file = parse(text, Some(Format::Yaml)).expect("examples/catalog.yaml parses");
        assert!(file.plans.iter().any(|p| p.ref_id == "plan-basic"));
        assert!(file.addons.iter().any(|p| p.ref_id == "addon-extra-stuff"));
    }

    #[test]
    fn json_is_detected_by_content() {
        let file = parse(
            r#"{"features": [{"refId": "f", "displayName": "F", "featureType": "BOOLEAN"}]}"#,
            None,
        )
        .expect("json");
        assert_eq!(file.features.len(), 1);
        let err = parse("features: [{refId: f, unknown: 1}]", None).unwrap_err();
        assert_eq!(err.code(), "BadUserInput");
    }
}
