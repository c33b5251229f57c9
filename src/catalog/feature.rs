//! Features (Stigg's `createFeature`, `archiveFeature`, `features`): what a plan or addon
//! can grant. Unique by refId per environment (archived features keep their refId).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;
use uuid::Uuid;

use super::meter::Meter;
use super::{
    check_description, check_display_name, CatalogRefId, Feature, FeatureStatus, FeatureType,
    MeterType, PackageStatus,
};
use crate::change::Change;
use crate::customer::Metadata;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::{feature, package, package_entitlement, price};

/// SQLite's name for the columns of the refId index (it does not report index names).
const REF_ID_INDEX_COLUMNS: &str = "features.environment_id, features.ref_id";

/// A feature to create (Stigg's `FeatureInput`, decoded). `feature_type` BOOLEAN or NUMBER
/// (ENUM is refused).
#[derive(Clone, Debug)]
pub struct NewFeature {
    pub environment_id: Option<Uuid>,
    pub ref_id: String,
    pub display_name: String,
    pub description: Option<String>,
    pub feature_type: FeatureType,
    pub meter_type: Option<MeterType>,
    pub feature_units: Option<String>,
    pub feature_units_plural: Option<String>,
    /// Default `NEW`.
    pub feature_status: Option<FeatureStatus>,
    pub additional_meta_data: Option<Value>,
    /// Usage computed from raw events (metered NUMBER features only).
    pub meter: Option<Meter>,
}

/// Changes to a live feature (used by the catalog file), one [`Change`] per field: `Keep`
/// leaves it as stored, `Clear` stores NULL (`displayName` cannot be cleared), `Set` replaces
/// it. The feature type cannot change.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeatureChanges {
    pub display_name: Change<String>,
    pub description: Change<String>,
    pub meter_type: Change<MeterType>,
    pub feature_units: Change<String>,
    pub feature_units_plural: Change<String>,
    /// Replaces the stored object as a whole.
    pub additional_meta_data: Change<Value>,
    pub meter: Change<Meter>,
}

impl FeatureChanges {
    /// True when nothing would change.
    pub fn is_empty(&self) -> bool {
        *self == FeatureChanges::default()
    }
}

/// Refuses the feature types plangate cannot create yet.
/// Errors: `UnsupportedFeatureType` for ENUM.
pub fn check_feature_type(feature_type: FeatureType) -> Result<FeatureType> {
    match feature_type {
        FeatureType::Boolean | FeatureType::Number => Ok(feature_type),
        FeatureType::Enum => Err(Error::UnsupportedFeatureType(
            "ENUM features are not supported by plangate yet; use BOOLEAN or NUMBER".into(),
        )),
    }
}

/// Checks a meter and that it belongs to a metered feature (NUMBER with an `Incremental` or
/// `Fluctuating` meter type). Errors: `BadUserInput` (see [`Meter::check`]),
/// `MeterMustBeAssociatedToMeteredFeature`.
pub fn check_meter(
    feature_type: FeatureType,
    meter_type: Option<MeterType>,
    meter: Option<&Meter>,
) -> Result<()> {
    let Some(meter) = meter else {
        return Ok(());
    };
    meter.check()?;
    let metered = feature_type == FeatureType::Number
        && matches!(
            meter_type,
            Some(MeterType::Incremental | MeterType::Fluctuating)
        );
    if !metered {
        return Err(Error::MeterNeedsMeteredFeature(
            "a meter belongs to a NUMBER feature with meterType Incremental or Fluctuating".into(),
        ));
    }
    Ok(())
}

/// The stored meter of `feature`, if it has one. Errors: `UnexpectedError` when the stored
/// JSON is not a meter.
pub fn meter_of(feature: &Feature) -> Result<Option<Meter>> {
    feature
        .meter
        .clone()
        .map(serde_json::from_value::<Meter>)
        .transpose()
        .map_err(|e| {
            Error::Unexpected(anyhow::anyhow!(
                "feature {} has an unreadable stored meter: {e}",
                feature.ref_id
            ))
        })
}

fn meter_json(meter: &Meter) -> Result<Value> {
    serde_json::to_value(meter)
        .map_err(|e| Error::Unexpected(anyhow::anyhow!("meter not serializable: {e}")))
}

/// Creates a feature in `env`, in one transaction.
///
/// Errors (Stigg codes): `AccessDeniedError` (foreign `environmentId`), `BadUserInput`
/// (refId, displayName, description, units), `UnsupportedFeatureType` (ENUM),
/// `UnsupportedParameter` (enum configuration, unit transformation),
/// `MeterMustBeAssociatedToMeteredFeature` (a meter on a feature that is not metered),
/// `InvalidMetadataError`, `DuplicatedEntityNotAllowed` (refId taken, archived features
/// included; enforced by the unique index).
#[tracing::instrument(name = "catalog.feature.create", skip_all, fields(environment_id = %env.0, feature_ref_id = %input.ref_id))]
pub async fn create<C>(
    db: &C,
    env: EnvironmentId,
    input: NewFeature,
    now: DateTime<Utc>,
) -> Result<Feature>
where
    C: crate::database::Writable,
{
    crate::customer::check_environment(input.environment_id, env)?;
    let ref_id = CatalogRefId::parse("refId", &input.ref_id)?;
    check_display_name(&input.display_name)?;
    if let Some(d) = &input.description {
        check_description(d)?;
    }
    let feature_type = check_feature_type(input.feature_type)?;
    check_units(&input.feature_units, &input.feature_units_plural)?;
    check_meter(feature_type, input.meter_type, input.meter.as_ref())?;
    let meter = input.meter.as_ref().map(meter_json).transpose()?;
    let metadata = input
        .additional_meta_data
        .map(|m| Metadata::parse(m).map(Metadata::into_value))
        .transpose()?;

    let row = Feature {
        id: Uuid::new_v4(),
        environment_id: env.0,
        ref_id: ref_id.as_str().to_owned(),
        display_name: input.display_name,
        description: input.description,
        feature_type,
        meter_type: input.meter_type,
        feature_units: input.feature_units,
        feature_units_plural: input.feature_units_plural,
        feature_status: input.feature_status.unwrap_or(FeatureStatus::New),
        additional_meta_data: metadata,
        meter,
        created_at: now,
        updated_at: now,
        archived_at: None,
    };
    let txn = crate::database::begin_write(db).await?;
    let inserted = feature::Entity::insert(feature::ActiveModel::from(row.clone()))
        .exec_without_returning(&txn)
        .await;
    match inserted {
        Ok(_) => {
            txn.commit().await?;
            Ok(row)
        }
        Err(err)
            if crate::database::is_unique_violation(
                &err,
                migration::FEATURE_REF_ID_INDEX,
                REF_ID_INDEX_COLUMNS,
            ) =>
        {
            txn.rollback().await?;
            Err(Error::DuplicatedCatalogEntity(format!(
                "A feature with refId '{ref_id}' already exists"
            )))
        }
        Err(err) => Err(err.into()),
    }
}

/// Applies `changes` to the live feature `ref_id`, in one transaction; `updatedAt` moves
/// forward. Errors: `FeatureNotFound` (unknown or archived), `BadUserInput`,
/// `InvalidMetadataError`.
#[tracing::instrument(name = "catalog.feature.update", skip_all, fields(environment_id = %env.0, feature_ref_id = ref_id))]
pub async fn update<C>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
    changes: FeatureChanges,
    now: DateTime<Utc>,
) -> Result<Feature>
where
    C: crate::database::Writable,
{
    let display_name = changes.display_name.not_null("displayName")?;
    if let Some(name) = &display_name {
        check_display_name(name)?;
    }
    if let Some(d) = changes.description.as_set() {
        check_description(d)?;
    }
    let metadata = changes
        .additional_meta_data
        .try_map(|m| Metadata::parse(m).map(Metadata::into_value))?;
    let txn = crate::database::begin_write(db).await?;
    let current = get(&txn, env, ref_id).await?;
    let units = changes.feature_units.resolve(current.feature_units.clone());
    let plural = changes
        .feature_units_plural
        .resolve(current.feature_units_plural.clone());
    check_units(&units, &plural)?;
    let meter_type = changes.meter_type.clone().resolve(current.meter_type);
    let meter = changes.meter.resolve(meter_of(&current)?);
    check_meter(current.feature_type, meter_type, meter.as_ref())?;
    let meter = meter.as_ref().map(meter_json).transpose()?;
    let updated_at = super::next_updated_at(current.updated_at, now);
    let mut row: feature::ActiveModel = current.into();
    row.meter = Set(meter);
    if let Some(v) = display_name {
        row.display_name = Set(v);
    }
    changes.description.write(&mut row.description);
    changes.meter_type.write(&mut row.meter_type);
    row.feature_units = Set(units);
    row.feature_units_plural = Set(plural);
    metadata.write(&mut row.additional_meta_data);
    row.updated_at = Set(updated_at);
    let saved = row.update(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Archives the live feature `ref_id`, in one transaction: it disappears from `features`
/// and can no longer be used in prices or entitlements; its refId stays reserved.
///
/// Errors (Stigg codes): `AccessDeniedError`, `BadUserInput`, `FeatureNotFound` (unknown or
/// already archived), `CannotArchiveFeatureError` (a price or entitlement of a plan or addon
/// that is not archived uses it).
#[tracing::instrument(name = "catalog.feature.archive", skip_all, fields(environment_id = %env.0, feature_ref_id = ref_id))]
pub async fn archive<C>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
    environment_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Feature>
where
    C: crate::database::Writable,
{
    crate::customer::check_environment(environment_id, env)?;
    let txn = crate::database::begin_write(db).await?;
    let current = get(&txn, env, ref_id).await?;
    let live_packages = package::Entity::find()
        .filter(package::Column::EnvironmentId.eq(env.0))
        .filter(package::Column::Status.ne(PackageStatus::Archived))
        .all(&txn)
        .await?;
    let live_ids: Vec<Uuid> = live_packages.iter().map(|p| p.id).collect();
    let mut users: Vec<String> = Vec::new();
    if !live_ids.is_empty() {
        let in_entitlements = package_entitlement::Entity::find()
            .filter(package_entitlement::Column::FeatureId.eq(current.id))
            .filter(package_entitlement::Column::PackageId.is_in(live_ids.clone()))
            .all(&txn)
            .await?;
        let in_prices = price::Entity::find()
            .filter(price::Column::FeatureId.eq(current.id))
            .filter(price::Column::PackageId.is_in(live_ids))
            .all(&txn)
            .await?;
        for package_id in in_entitlements
            .iter()
            .map(|e| e.package_id)
            .chain(in_prices.iter().map(|p| p.package_id))
        {
            if let Some(p) = live_packages.iter().find(|p| p.id == package_id) {
                if !users.contains(&p.ref_id) {
                    users.push(p.ref_id.clone());
                }
            }
        }
    }
    if !users.is_empty() {
        return Err(Error::CannotArchiveFeature(format!(
            "feature '{ref_id}' is used by {}; remove it from them or archive them first",
            users.join(", ")
        )));
    }
    let updated_at = super::next_updated_at(current.updated_at, now);
    let mut row: feature::ActiveModel = current.into();
    row.archived_at = Set(Some(now));
    row.updated_at = Set(updated_at);
    let saved = row.update(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// The live (not archived) feature `ref_id` of `env`.
/// Errors: `BadUserInput` (malformed refId), `FeatureNotFound` (unknown or archived).
pub async fn get<C: ConnectionTrait>(db: &C, env: EnvironmentId, ref_id: &str) -> Result<Feature> {
    let parsed = CatalogRefId::parse("featureId", ref_id)?;
    feature::Entity::find()
        .filter(feature::Column::EnvironmentId.eq(env.0))
        .filter(feature::Column::RefId.eq(parsed.as_str()))
        .filter(feature::Column::ArchivedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| Error::FeatureNotFound {
            feature_id: ref_id.to_owned(),
        })
}

/// The features of `env` with these refIds, archived or not.
pub async fn find_by_ref_ids<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    ref_ids: &[String],
) -> Result<Vec<Feature>> {
    if ref_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(feature::Entity::find()
        .filter(feature::Column::EnvironmentId.eq(env.0))
        .filter(feature::Column::RefId.is_in(ref_ids.iter().cloned()))
        .all(db)
        .await?)
}

fn check_units(singular: &Option<String>, plural: &Option<String>) -> Result<()> {
    for (what, value) in [("featureUnits", singular), ("featureUnitsPlural", plural)] {
        if let Some(v) = value {
            if v.trim().is_empty() || v.chars().count() > 255 || v.chars().any(char::is_control) {
                return Err(Error::bad_input(format!(
                    "{what} must be 1 to 255 characters, not blank, without control characters"
                )));
            }
        }
    }
    Ok(())
}
