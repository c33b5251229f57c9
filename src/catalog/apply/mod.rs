//! The declarative catalog file (`plangate catalog apply FILE`): features, products with
//! their customer journey, plans and addons with prices, entitlements, compatible addons and
//! publish state, in YAML or JSON with Stigg's field names (see `examples/catalog.yaml`).
//!
//! [`apply`] creates what is missing and updates what differs through the same domain
//! functions as the GraphQL API, all in one transaction (each operation is a savepoint
//! inside it): on any error nothing is written. Applying the same file twice changes nothing
//! the second time. What the file omits is left as stored: the file never deletes features,
//! products or packages, and a package's entitlements and compatible addons are replaced
//! only when the file lists them. Published packages are immutable: a file that changes a
//! published plan publishes it again as a new version (`catalog::version`; the subscriptions
//! on the previous version keep it until migrated), and one that changes a published addon
//! is refused with `CannotEditPackageInNonDraftMode` (addons have no versions yet).
//!
//! The file format (specs, parsing) is `file`; this module reconciles a parsed file with
//! what is stored.
//!
//! Order of work: features → products → addons → plans (create or update as drafts, pricing,
//! entitlements, compatible addons) → publish addons, then plans → products' journeys →
//! archive plans, then addons.

mod file;

use chrono::{DateTime, Utc};
use std::collections::BTreeSet;
use std::fmt;

use sea_orm::ConnectionTrait;

pub use file::{
    parse, read, AmountSpec, CatalogFile, EntitlementSpec, FeatureSpec, Format, MoneySpec,
    PackageSpec, PricePeriodSpec, PricingModelSpec, PricingSpec, ProductSettingsSpec, ProductSpec,
    TrialSpec,
};

use super::entitlement::{self, NewEntitlement};
use super::feature::{self, FeatureChanges, NewFeature};
use super::package::{self, NewPackage, PackageChanges, PackageRef, TrialConfig};
use super::pricing::{self, PricePeriod, PricingInput, PricingModel};
use super::product::{self, NewProduct, ProductChanges, ProductSettings};
use super::{
    Amount, Package, PackageKind, PackageStatus, SubscriptionCancellationTime,
    SubscriptionEndSetup, DEFAULT_CURRENCY,
};
use crate::change::Change;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};

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

/// Key of the PostgreSQL transaction advisory lock every catalog apply holds.
const APPLY_LOCK: i64 = 0x706c_6361_7461_6c67; // "plcatalg"

/// Makes catalog applies on PostgreSQL run one at a time (a transaction advisory lock, held
/// until the apply's transaction ends), so an apply sees what an apply that ran at the same
/// moment wrote instead of failing on the catalog's unique indexes (found by the fresh-user
/// trial, 2026-12-02: replicas applying one file at start-up failed, all but one, with
/// `UnexpectedError`). SQLite needs nothing: the write transaction holds the write lock.
async fn serialize_applies<C: ConnectionTrait>(txn: &C) -> Result<()> {
    Ok(crate::database::advisory_xact_lock(txn, APPLY_LOCK).await?)
}

/// Applies `file` to environment `env` in one transaction: nothing is written when any part
/// fails. Returns what was done; applying an already applied file does nothing
/// (`changes() == 0`).
#[tracing::instrument(name = "catalog.apply", skip_all, fields(environment_id = %env.0))]
pub async fn apply<C>(
    db: &C,
    env: EnvironmentId,
    file: &CatalogFile,
    now: DateTime<Utc>,
) -> std::result::Result<ApplySummary, ApplyError>
where
    C: crate::database::Writable,
{
    let general = || "catalog".to_owned();
    let txn = crate::database::begin_write(db)
        .await
        .map_err(Error::from)
        .at(general)?;
    serialize_applies(&txn).await.at(general)?;
    let mut summary = ApplySummary {
        features: file.features.len(),
        products: file.products.len(),
        plans: file.plans.len(),
        addons: file.addons.len(),
        ..ApplySummary::default()
    };
    for spec in &file.features {
        apply_feature(&txn, env, spec, &mut summary, now)
            .await
            .at(|| format!("feature '{}'", spec.ref_id))?;
    }
    for spec in &file.products {
        apply_product(&txn, env, spec, &mut summary, now)
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
            let stored = apply_package(&txn, env, kind, spec, &mut summary, now)
                .await
                .at(at)?;
            packages.push((kind, spec, stored));
        }
    }
    // Publish addons before plans (a plan cannot be published with draft addons).
    for (kind, spec, stored) in &packages {
        let wanted = spec.status.unwrap_or(PackageStatus::Published);
        if wanted != PackageStatus::Draft && stored.status == PackageStatus::Draft {
            package::publish(&txn, env, *kind, stored.id, now)
                .await
                .at(|| format!("{} '{}'", word(*kind), spec.ref_id))?;
            summary.published += 1;
        }
    }
    for spec in &file.products {
        apply_journey(&txn, env, spec, &mut summary, now)
            .await
            .at(|| format!("product '{}'", spec.ref_id))?;
    }
    // Archive plans before addons (an addon listed by a live plan cannot be archived).
    for (kind, spec, stored) in packages.iter().rev() {
        if spec.status == Some(PackageStatus::Archived) && stored.status != PackageStatus::Archived
        {
            package::archive(&txn, env, *kind, PackageRef::Id(stored.id), None, now)
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
    now: DateTime<Utc>,
) -> Result<()>
where
    C: crate::database::Writable,
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
                meter: spec.meter.clone(),
            },
            now,
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
        meter_type: differs_opt(&spec.meter_type, &current.meter_type),
        feature_units: differs_opt(&spec.feature_units, &current.feature_units),
        feature_units_plural: differs_opt(
            &spec.feature_units_plural,
            &current.feature_units_plural,
        ),
        additional_meta_data: differs_opt(
            &spec.additional_meta_data,
            &current.additional_meta_data,
        ),
        meter: differs_opt(&spec.meter, &feature::meter_of(&current)?),
    };
    if !changes.is_empty() {
        feature::update(db, env, &spec.ref_id, changes, now).await?;
        summary.updated += 1;
    }
    Ok(())
}

async fn apply_product<C>(
    db: &C,
    env: EnvironmentId,
    spec: &ProductSpec,
    summary: &mut ApplySummary,
    now: DateTime<Utc>,
) -> Result<()>
where
    C: crate::database::Writable,
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
                now,
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
        display_name: differs_opt(&spec.display_name, &current.display_name),
        description: differs_opt(&spec.description, &current.description),
        multiple_subscriptions: Change::from_option(
            spec.multiple_subscriptions
                .filter(|m| *m != current.multiple_subscriptions),
        ),
        additional_meta_data: differs_opt(
            &spec.additional_meta_data,
            &current.additional_meta_data,
        ),
        product_settings: Change::Keep,
    };
    if !changes.is_empty() {
        product::update(db, env, current.id, changes, now).await?;
        summary.updated += 1;
    }
    Ok(())
}

async fn apply_journey<C>(
    db: &C,
    env: EnvironmentId,
    spec: &ProductSpec,
    summary: &mut ApplySummary,
    now: DateTime<Utc>,
) -> Result<()>
where
    C: crate::database::Writable,
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
                product_settings: Change::Set(wanted),
                ..ProductChanges::default()
            },
            now,
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
    now: DateTime<Utc>,
) -> Result<Package>
where
    C: crate::database::Writable,
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
                },
                now,
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
        description: differs_opt(&spec.description, &current.description),
        billing_id: differs_opt(&spec.billing_id, &current.billing_id),
        additional_meta_data: differs_opt(
            &spec.additional_meta_data,
            &current.additional_meta_data,
        ),
        max_quantity: differs_opt(&spec.max_quantity, &current.max_quantity),
        default_trial_config: differs_opt(&trial, &TrialConfig::of(&current)),
        status: Change::Keep,
    };
    if !changes.is_empty() {
        current = editable(db, env, current, spec, now).await?;
        current = package::update(db, env, kind, current.id, changes, now).await?;
        changed = true;
    }
    if let Some(pricing) = pricing {
        let (stored_type, stored_lines) = pricing::current(db, &current).await?;
        if stored_type != Some(pricing.pricing_type) || stored_lines != pricing.lines() {
            current = editable(db, env, current, spec, now).await?;
            current = pricing::set_pricing(db, env, current.id, pricing, now).await?;
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
        let edits = !removed.is_empty()
            || wanted
                .iter()
                .any(|e| stored.get(&e.feature_id).is_none_or(|s| *s != e.spec()));
        if edits {
            current = editable(db, env, current, spec, now).await?;
        }
        if !removed.is_empty() {
            entitlement::remove(db, env, current.id, &removed, now).await?;
            changed = true;
        }
        let mut new = Vec::new();
        for e in wanted {
            match stored.get(&e.feature_id) {
                None => new.push(e),
                Some(spec) if *spec != e.spec() => {
                    entitlement::update(db, env, current.id, e, now).await?;
                    changed = true;
                }
                Some(_) => {}
            }
        }
        if !new.is_empty() {
            entitlement::create(db, env, current.id, None, new, now).await?;
            changed = true;
        }
    }
    if let Some(addon_refs) = &spec.compatible_addons {
        let stored: BTreeSet<String> = compatible_addon_refs(db, env, &current).await?;
        let wanted: BTreeSet<String> = addon_refs.iter().cloned().collect();
        if stored != wanted {
            current = editable(db, env, current, spec, now).await?;
            let mut ids = Vec::new();
            for r in &wanted {
                ids.push(
                    package::get_by_ref_id(db, env, PackageKind::Addon, r)
                        .await?
                        .id,
                );
            }
            package::set_compatible_addons(db, env, current.id, ids, now).await?;
            changed = true;
        }
    }
    if changed {
        summary.updated += 1;
        current = package::get(db, env, kind, current.id).await?;
    }
    Ok(current)
}

/// The row a change of `current` is written to: itself while it is a DRAFT; for a published
/// plan that the file keeps published, the draft of its next version
/// (`catalog::version::next_draft`), which the publish step then publishes — the plan is
/// published again and the subscriptions on the previous version keep it. Anything else is
/// returned as it is and the edit refuses it (`CannotEditPackageInNonDraftMode`: a published
/// addon, or a plan the file archives).
async fn editable<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    current: Package,
    spec: &PackageSpec,
    now: DateTime<Utc>,
) -> Result<Package> {
    let republish = current.status == PackageStatus::Published
        && current.package_type == PackageKind::Plan
        && spec.status.unwrap_or(PackageStatus::Published) == PackageStatus::Published;
    if republish {
        super::version::next_draft(db, env, &current, now).await
    } else {
        Ok(current)
    }
}

async fn compatible_addon_refs<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    plan: &Package,
) -> Result<BTreeSet<String>> {
    let views = super::read::load_packages(db, Some(env), &[plan.id]).await?;
    Ok(views
        .get(&plan.id)
        .into_iter()
        .flat_map(|v| &v.compatible_addons)
        .map(|a| a.package.ref_id.clone())
        .collect())
}

/// The domain's pricing input for a file's pricing (the package it prices is named when it
/// is set).
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
        pricing_type: spec.pricing_type,
        models,
    })
}

/// `Set(wanted)` when it differs from `stored`, else `Keep`.
fn differs(wanted: &str, stored: &str) -> Change<String> {
    if wanted == stored {
        Change::Keep
    } else {
        Change::Set(wanted.to_owned())
    }
}

/// `Set(wanted)` when the file gives a value that differs from `stored`; `Keep` when the
/// file omits it (what the file omits stays as stored) or it is equal.
fn differs_opt<T: Clone + PartialEq>(wanted: &Option<T>, stored: &Option<T>) -> Change<T> {
    match wanted {
        Some(w) if Some(w) != stored.as_ref() => Change::Set(w.clone()),
        _ => Change::Keep,
    }
}

fn word(kind: PackageKind) -> &'static str {
    match kind {
        PackageKind::Plan => "plan",
        PackageKind::Addon => "addon",
    }
}
