//! Package entitlements (Stigg's `createPackageEntitlements`): what a plan or addon grants of
//! one feature. BOOLEAN features are simply granted; NUMBER features carry a usage limit (or
//! unlimited usage), an optional soft-limit flag and an optional reset period.

use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::{
    check_description, check_display_name, Entitlement, EntitlementResetPeriod, Feature,
    FeatureType, Package,
};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::{feature, package_entitlement};

/// SQLite's name for the columns of the (package, feature) index.
const INDEX_COLUMNS: &str = "package_entitlements.package_id, package_entitlements.feature_id";

/// One entitlement to grant (Stigg's `PackageFeatureEntitlementInput`, decoded).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewEntitlement {
    /// The feature's refId.
    pub feature_id: String,
    /// NUMBER features: the limit (≥ 0), unless `has_unlimited_usage`.
    pub usage_limit: Option<f64>,
    /// NUMBER features: no limit.
    pub has_unlimited_usage: Option<bool>,
    /// NUMBER features: the limit may be exceeded (reported, not enforced).
    pub has_soft_limit: Option<bool>,
    /// NUMBER features: when usage resets.
    pub reset_period: Option<EntitlementResetPeriod>,
    pub display_name_override: Option<String>,
    pub description: Option<String>,
}

/// A stored entitlement in comparable form (what the catalog file compares), keyed by the
/// feature's refId.
#[derive(Clone, Debug, PartialEq)]
pub struct EntitlementSpec {
    pub usage_limit: Option<f64>,
    pub has_unlimited_usage: bool,
    pub has_soft_limit: bool,
    pub reset_period: Option<EntitlementResetPeriod>,
    pub display_name_override: Option<String>,
    pub description: Option<String>,
}

impl NewEntitlement {
    /// This entitlement in comparable form.
    pub fn spec(&self) -> EntitlementSpec {
        EntitlementSpec {
            usage_limit: self.usage_limit,
            has_unlimited_usage: self.has_unlimited_usage.unwrap_or(false),
            has_soft_limit: self.has_soft_limit.unwrap_or(false),
            reset_period: self.reset_period,
            display_name_override: self.display_name_override.clone(),
            description: self.description.clone(),
        }
    }
}

/// Grants `entitlements` on the DRAFT plan or addon `package_id`, in one transaction; returns
/// them with their features, in input order.
///
/// Errors (Stigg codes): `AccessDeniedError`, `PlanNotFound` (no plan or addon with that id),
/// `CannotEditPackageInNonDraftMode`, `BadUserInput` (no entitlements, a NUMBER entitlement
/// without `usageLimit` or `hasUnlimitedUsage` or with both, a negative limit, over-long
/// texts), `FeatureNotFound` (unknown or archived), `UnsupportedFeatureType` (a limit, soft
/// limit or reset period on a BOOLEAN feature), `DuplicatedEntityNotAllowed` (the package
/// already grants that feature, or the input names it twice; unique index),
/// `UnsupportedParameter`.
#[tracing::instrument(name = "catalog.entitlement.create", skip_all, fields(environment_id = %env.0, package_id = %package_id))]
pub async fn create<C>(
    db: &C,
    env: EnvironmentId,
    package_id: Uuid,
    environment_id: Option<Uuid>,
    entitlements: Vec<NewEntitlement>,
    now: DateTime<Utc>,
) -> Result<Vec<(Entitlement, Feature)>>
where
    C: crate::database::Writable,
{
    crate::customer::check_environment(environment_id, env)?;
    if entitlements.is_empty() {
        return Err(Error::bad_input("entitlements must not be empty"));
    }
    let mut seen = BTreeSet::new();
    for e in &entitlements {
        check_texts(e)?;
        if !seen.insert(e.feature_id.as_str()) {
            return Err(Error::DuplicatedCatalogEntity(format!(
                "feature '{}' is given twice",
                e.feature_id
            )));
        }
    }
    let txn = crate::database::begin_write(db).await?;
    let package = super::package::lock_draft(&txn, env, None, package_id).await?;
    let mut out = Vec::with_capacity(entitlements.len());
    for e in entitlements {
        let feature = super::feature::get(&txn, env, &e.feature_id).await?;
        check_limits(&e, &feature)?;
        let row = Entitlement {
            id: Uuid::new_v4(),
            package_id: package.id,
            feature_id: feature.id,
            usage_limit: e.usage_limit,
            has_unlimited_usage: e.has_unlimited_usage.unwrap_or(false),
            has_soft_limit: e.has_soft_limit.unwrap_or(false),
            reset_period: e.reset_period,
            display_name_override: e.display_name_override,
            description: e.description,
            created_at: now,
            updated_at: now,
        };
        let inserted = package_entitlement::Entity::insert(package_entitlement::ActiveModel::from(
            row.clone(),
        ))
        .exec_without_returning(&txn)
        .await;
        match inserted {
            Ok(_) => out.push((row, feature)),
            Err(err)
                if crate::database::is_unique_violation(
                    &err,
                    migration::PACKAGE_ENTITLEMENT_INDEX,
                    INDEX_COLUMNS,
                ) =>
            {
                txn.rollback().await?;
                return Err(Error::DuplicatedCatalogEntity(format!(
                    "{} '{}' already has an entitlement to feature '{}'",
                    super::package::kind_word(package.package_type),
                    package.ref_id,
                    feature.ref_id
                )));
            }
            Err(err) => return Err(err.into()),
        }
    }
    super::package::touch(&txn, package, now).await?;
    txn.commit().await?;
    Ok(out)
}

/// Replaces the entitlement of the DRAFT package `package_id` to feature
/// `entitlement.feature_id` with `entitlement`, in one transaction (the catalog file's
/// update). Errors: as [`create`]; `FeatureNotFound` also when the package does not grant
/// the feature.
pub async fn update<C>(
    db: &C,
    env: EnvironmentId,
    package_id: Uuid,
    entitlement: NewEntitlement,
    now: DateTime<Utc>,
) -> Result<(Entitlement, Feature)>
where
    C: crate::database::Writable,
{
    check_texts(&entitlement)?;
    let txn = crate::database::begin_write(db).await?;
    let package = super::package::lock_draft(&txn, env, None, package_id).await?;
    let feature = super::feature::get(&txn, env, &entitlement.feature_id).await?;
    check_limits(&entitlement, &feature)?;
    let current = package_entitlement::Entity::find()
        .filter(package_entitlement::Column::PackageId.eq(package.id))
        .filter(package_entitlement::Column::FeatureId.eq(feature.id))
        .one(&txn)
        .await?
        .ok_or_else(|| Error::FeatureNotFound {
            feature_id: entitlement.feature_id.clone(),
        })?;
    let updated_at = super::next_updated_at(current.updated_at, now);
    let mut row: package_entitlement::ActiveModel = current.into();
    row.usage_limit = Set(entitlement.usage_limit);
    row.has_unlimited_usage = Set(entitlement.has_unlimited_usage.unwrap_or(false));
    row.has_soft_limit = Set(entitlement.has_soft_limit.unwrap_or(false));
    row.reset_period = Set(entitlement.reset_period);
    row.display_name_override = Set(entitlement.display_name_override);
    row.description = Set(entitlement.description);
    row.updated_at = Set(updated_at);
    let saved = row.update(&txn).await?;
    super::package::touch(&txn, package, now).await?;
    txn.commit().await?;
    Ok((saved, feature))
}

/// Removes the entitlements of the DRAFT package `package_id` to the features with these
/// refIds, in one transaction (the catalog file's removal). Errors: `PlanNotFound`,
/// `CannotEditPackageInNonDraftMode`.
pub async fn remove<C>(
    db: &C,
    env: EnvironmentId,
    package_id: Uuid,
    feature_ref_ids: &[String],
    now: DateTime<Utc>,
) -> Result<Package>
where
    C: crate::database::Writable,
{
    let txn = crate::database::begin_write(db).await?;
    let package = super::package::lock_draft(&txn, env, None, package_id).await?;
    let features = super::feature::find_by_ref_ids(&txn, env, feature_ref_ids).await?;
    if !features.is_empty() {
        package_entitlement::Entity::delete_many()
            .filter(package_entitlement::Column::PackageId.eq(package.id))
            .filter(package_entitlement::Column::FeatureId.is_in(features.iter().map(|f| f.id)))
            .exec(&txn)
            .await?;
    }
    let saved = super::package::touch(&txn, package, now).await?;
    txn.commit().await?;
    Ok(saved)
}

/// The stored entitlements of `package` in comparable form, keyed by feature refId.
pub async fn current<C: ConnectionTrait>(
    db: &C,
    package: &Package,
) -> Result<BTreeMap<String, EntitlementSpec>> {
    let rows = package_entitlement::Entity::find()
        .filter(package_entitlement::Column::PackageId.eq(package.id))
        .all(db)
        .await?;
    let features: HashMap<Uuid, String> = if rows.is_empty() {
        HashMap::new()
    } else {
        feature::Entity::find()
            .filter(feature::Column::Id.is_in(rows.iter().map(|r| r.feature_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.id, f.ref_id))
            .collect()
    };
    let mut out = BTreeMap::new();
    for r in rows {
        let Some(ref_id) = features.get(&r.feature_id) else {
            continue;
        };
        out.insert(
            ref_id.clone(),
            EntitlementSpec {
                usage_limit: r.usage_limit,
                has_unlimited_usage: r.has_unlimited_usage,
                has_soft_limit: r.has_soft_limit,
                reset_period: r.reset_period,
                display_name_override: r.display_name_override,
                description: r.description,
            },
        );
    }
    Ok(out)
}

fn check_texts(e: &NewEntitlement) -> Result<()> {
    super::CatalogRefId::parse("featureId", &e.feature_id)?;
    if let Some(name) = &e.display_name_override {
        check_display_name(name)?;
    }
    if let Some(d) = &e.description {
        check_description(d)?;
    }
    Ok(())
}

fn check_limits(e: &NewEntitlement, feature: &Feature) -> Result<()> {
    check_limit_fields(
        "entitlement",
        feature,
        e.usage_limit,
        e.has_unlimited_usage.unwrap_or(false),
        e.has_soft_limit.unwrap_or(false),
        e.reset_period.is_some(),
    )
}

/// The limit rule shared by package entitlements and promotional grants (`what` names which
/// in messages): a BOOLEAN feature takes no `usageLimit`, `hasUnlimitedUsage`,
/// `hasSoftLimit` or `resetPeriod` (`UnsupportedFeatureType`); a NUMBER feature needs
/// `usageLimit` (a non-negative number) or `hasUnlimitedUsage`, not both (`BadUserInput`).
pub(crate) fn check_limit_fields(
    what: &str,
    feature: &Feature,
    usage_limit: Option<f64>,
    unlimited: bool,
    soft: bool,
    has_reset_period: bool,
) -> Result<()> {
    if feature.feature_type == FeatureType::Boolean {
        if usage_limit.is_some() || unlimited || soft || has_reset_period {
            return Err(Error::UnsupportedFeatureType(format!(
                "feature '{}' is BOOLEAN: its {what} takes no usageLimit, hasUnlimitedUsage, hasSoftLimit or resetPeriod",
                feature.ref_id
            )));
        }
        return Ok(());
    }
    match (usage_limit, unlimited) {
        (Some(_), true) => Err(Error::bad_input(format!(
            "the {what} to '{}' has both usageLimit and hasUnlimitedUsage",
            feature.ref_id
        ))),
        (None, false) => Err(Error::bad_input(format!(
            "the {what} to NUMBER feature '{}' needs usageLimit or hasUnlimitedUsage: true",
            feature.ref_id
        ))),
        (Some(limit), false) if !limit.is_finite() || limit < 0.0 => Err(Error::bad_input(
            format!("usageLimit must be a non-negative number, got {limit}"),
        )),
        _ => Ok(()),
    }
}
