//! Plans and addons ("packages"; Stigg's `createOnePlan`, `updateOnePlan`, `createOneAddon`,
//! `updateOneAddon`, `setCompatibleAddonsOnPlan`, `publishPlan`, `publishAddon`,
//! `archivePlan`, `archiveAddon`).
//!
//! Lifecycle: created as DRAFT → edited while DRAFT (fields, default trial, pricing,
//! entitlements, compatible addons) → published (immutable; the only state customers can
//! subscribe to) → archived. The GraphQL operations edit DRAFTs only: every edit of a package
//! that is not a DRAFT is refused with Stigg's `CannotEditPackageInNonDraftMode`; a catalog
//! file that changes a published plan publishes it again as a new version
//! (`super::version`). (Stigg also has `EditAllowedOnDraftPackageOnlyError`;
//! neither is documented. We use `CannotEditPackageInNonDraftMode` because its name states
//! both the refused action and its cause — the package is not in draft mode — which is
//! exactly our rule for every edit, whereas Stigg's own flow would first create a draft of
//! the published package, a step plangate does not have.)

use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;
use uuid::Uuid;

use super::{
    check_description, check_display_name, whole_number, CatalogRefId, Package, PackageKind,
    PackageStatus, PricingType, SubscriptionEndSetup, SubscriptionStartSetup, TrialEndBehavior,
    TrialPeriodUnits,
};
use crate::change::Change;
use crate::customer::Metadata;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::{package, plan_compatible_addon, price, product};

/// SQLite's name for the columns of the refId index (one latest version per refId).
const REF_ID_INDEX_COLUMNS: &str =
    "packages.environment_id, packages.package_type, packages.ref_id";
/// SQLite's name for the columns of the version index.
const VERSION_INDEX_COLUMNS: &str =
    "packages.environment_id, packages.package_type, packages.ref_id, packages.version_number";

/// Largest addon `maxQuantity`.
pub const MAX_ADDON_QUANTITY: f64 = 1_000_000.0;
/// Longest default trial, in its units.
pub const MAX_TRIAL_DURATION: f64 = 3650.0;

/// A plan or addon to create (Stigg's `PlanCreateInput` / `AddonCreateInput`, decoded).
#[derive(Clone, Debug)]
pub struct NewPackage {
    pub kind: PackageKind,
    pub environment_id: Option<Uuid>,
    /// The product's internal id.
    pub product_id: Uuid,
    /// Generated (`plan-…` / `addon-…`) when absent.
    pub ref_id: Option<String>,
    pub display_name: String,
    pub description: Option<String>,
    pub billing_id: Option<String>,
    pub additional_meta_data: Option<Value>,
    /// Usually set later by `setPackagePricing`.
    pub pricing_type: Option<PricingType>,
    /// Only DRAFT (the default): publish with [`publish`].
    pub status: Option<PackageStatus>,
    /// Addons only: most units of the addon one subscription may hold (whole, ≥ 1).
    pub max_quantity: Option<f64>,
}

/// A plan's default trial (Stigg's `DefaultTrialConfig`): `duration` `units` long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrialConfig {
    /// Whole number of `units`, 1–3650.
    pub duration: i32,
    pub units: TrialPeriodUnits,
    pub end_behavior: Option<TrialEndBehavior>,
}

impl TrialConfig {
    /// Validates a trial sent as Stigg's `DefaultTrialConfigInputDTO` (`duration` is a Float).
    /// Errors: `BadUserInput` (duration not a whole number from 1 to 3650, or units missing).
    pub fn parse(
        duration: Option<f64>,
        units: Option<TrialPeriodUnits>,
        end_behavior: Option<TrialEndBehavior>,
    ) -> Result<Self> {
        let (Some(duration), Some(units)) = (duration, units) else {
            return Err(Error::bad_input(
                "defaultTrialConfig needs both duration and units",
            ));
        };
        let duration = whole_number(
            "defaultTrialConfig.duration",
            duration,
            1.0,
            MAX_TRIAL_DURATION,
        )? as i32;
        Ok(TrialConfig {
            duration,
            units,
            end_behavior,
        })
    }

    /// The trial stored on `package`, if any.
    pub fn of(package: &Package) -> Option<Self> {
        Some(TrialConfig {
            duration: package.default_trial_duration?,
            units: package.default_trial_units?,
            end_behavior: package.default_trial_end_behavior,
        })
    }
}

/// Changes to a draft plan or addon (Stigg's `PlanUpdateInput` / `AddonUpdateInput`,
/// decoded), one [`Change`] per field: `Keep` (omitted) leaves it as stored, `Set` replaces
/// it, `Clear` (explicit null) clears `description`, `billingId`, `additionalMetaData` and an
/// addon's `maxQuantity` (no limit); `displayName`, `defaultTrialConfig` and `status` cannot
/// be cleared (`BadUserInput`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackageChanges {
    pub display_name: Change<String>,
    pub description: Change<String>,
    pub billing_id: Change<String>,
    /// Replaces the stored object as a whole.
    pub additional_meta_data: Change<Value>,
    /// Addons only.
    pub max_quantity: Change<f64>,
    /// Plans only.
    pub default_trial_config: Change<TrialConfig>,
    /// Accepted only when equal to the stored status (use [`publish`] and [`archive`]).
    pub status: Change<PackageStatus>,
}

impl PackageChanges {
    /// True when nothing would change.
    pub fn is_empty(&self) -> bool {
        *self == PackageChanges::default()
    }
}

/// A plan or addon named by internal id or by refId.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackageRef {
    Id(Uuid),
    RefId(String),
}

/// Creates a DRAFT plan or addon of a live product, in one transaction.
///
/// Errors (Stigg codes): `AccessDeniedError`, `ProductNotFoundError`, `BadUserInput`
/// (refId, displayName, description, billingId, maxQuantity on a plan or not a whole
/// number ≥ 1, a status other than DRAFT), `InvalidMetadataError`, `UnsupportedParameter`,
/// `DuplicatedEntityNotAllowed` (a plan — or an addon — with that refId exists in the
/// environment, archived ones included; unique index).
#[tracing::instrument(name = "catalog.package.create", skip_all, fields(environment_id = %env.0, kind = ?input.kind, package_ref_id = input.ref_id.as_deref()))]
pub async fn create<C>(
    db: &C,
    env: EnvironmentId,
    input: NewPackage,
    now: DateTime<Utc>,
) -> Result<Package>
where
    C: crate::database::Writable,
{
    crate::customer::check_environment(input.environment_id, env)?;
    let prefix = match input.kind {
        PackageKind::Plan => "plan",
        PackageKind::Addon => "addon",
    };
    let ref_id = match &input.ref_id {
        Some(raw) => CatalogRefId::parse("refId", raw)?,
        None => CatalogRefId::generate(prefix),
    };
    check_display_name(&input.display_name)?;
    if let Some(d) = &input.description {
        check_description(d)?;
    }
    if let Some(b) = &input.billing_id {
        crate::values::ExternalId::parse("billingId", b)?;
    }
    if let Some(status) = input.status {
        if status != PackageStatus::Draft {
            return Err(Error::bad_input(format!(
                "a new {prefix} is a DRAFT; publish it with publish{} (status {status} given)",
                if input.kind == PackageKind::Plan {
                    "Plan"
                } else {
                    "Addon"
                }
            )));
        }
    }
    let max_quantity = input
        .max_quantity
        .map(|q| check_addon_quantity(input.kind, q))
        .transpose()?;
    let metadata = input
        .additional_meta_data
        .map(|m| Metadata::parse(m).map(Metadata::into_value))
        .transpose()?;

    let txn = crate::database::begin_write(db).await?;
    let product = super::product::get(&txn, env, input.product_id).await?;
    let row = Package {
        id: Uuid::new_v4(),
        environment_id: env.0,
        product_id: product.id,
        package_type: input.kind,
        ref_id: ref_id.as_str().to_owned(),
        display_name: input.display_name,
        description: input.description,
        status: PackageStatus::Draft,
        pricing_type: input.pricing_type,
        billing_id: input.billing_id,
        additional_meta_data: metadata,
        max_quantity,
        default_trial_duration: None,
        default_trial_units: None,
        default_trial_end_behavior: None,
        version_number: 1,
        is_latest: true,
        created_at: now,
        updated_at: now,
    };
    let inserted = package::Entity::insert(package::ActiveModel::from(row.clone()))
        .exec_without_returning(&txn)
        .await;
    match inserted {
        Ok(_) => {
            txn.commit().await?;
            Ok(row)
        }
        // The refId is taken: its latest version, or its version 1 (whichever index the
        // database checks first).
        Err(err)
            if crate::database::is_unique_violation(
                &err,
                migration::PACKAGE_LATEST_REF_ID_INDEX,
                REF_ID_INDEX_COLUMNS,
            ) || crate::database::is_unique_violation(
                &err,
                migration::PACKAGE_VERSION_INDEX,
                VERSION_INDEX_COLUMNS,
            ) =>
        {
            txn.rollback().await?;
            Err(Error::DuplicatedCatalogEntity(format!(
                "A {prefix} with refId '{ref_id}' already exists"
            )))
        }
        Err(err) => Err(err.into()),
    }
}

/// Applies `changes` to the DRAFT plan or addon `id`, in one transaction; `updatedAt` moves
/// forward.
///
/// Errors (Stigg codes): `PlanNotFound` / `AddonNotFound`, `CannotEditPackageInNonDraftMode`
/// (published or archived), `BadUserInput` (names, billingId, maxQuantity on a plan or not
/// a whole number ≥ 1, a trial on an addon, a status change), `InvalidMetadataError`,
/// `UnsupportedParameter`.
#[tracing::instrument(name = "catalog.package.update", skip_all, fields(environment_id = %env.0, kind = ?kind, package_id = %id))]
pub async fn update<C>(
    db: &C,
    env: EnvironmentId,
    kind: PackageKind,
    id: Uuid,
    changes: PackageChanges,
    now: DateTime<Utc>,
) -> Result<Package>
where
    C: crate::database::Writable,
{
    let display_name = changes.display_name.not_null("displayName")?;
    let default_trial_config = changes
        .default_trial_config
        .not_null("defaultTrialConfig")?;
    let status = changes.status.not_null("status")?;
    if let Some(name) = &display_name {
        check_display_name(name)?;
    }
    if let Some(d) = changes.description.as_set() {
        check_description(d)?;
    }
    if let Some(b) = changes.billing_id.as_set() {
        crate::values::ExternalId::parse("billingId", b)?;
    }
    let max_quantity = match changes.max_quantity {
        Change::Clear if kind == PackageKind::Plan => {
            return Err(Error::bad_input("maxQuantity is only for addons"))
        }
        other => other.try_map(|q| check_addon_quantity(kind, q))?,
    };
    if kind == PackageKind::Addon && default_trial_config.is_some() {
        return Err(Error::bad_input("addons have no default trial"));
    }
    let metadata = changes
        .additional_meta_data
        .try_map(|m| Metadata::parse(m).map(Metadata::into_value))?;

    let txn = crate::database::begin_write(db).await?;
    let current = lock_draft(&txn, env, Some(kind), id).await?;
    if let Some(status) = status {
        if status != current.status {
            return Err(Error::bad_input(format!(
                "status cannot be changed by an update; use publish{k} or archive{k}",
                k = if kind == PackageKind::Plan {
                    "Plan"
                } else {
                    "Addon"
                }
            )));
        }
    }
    let updated_at = super::next_updated_at(current.updated_at, now);
    let mut row: package::ActiveModel = current.into();
    if let Some(v) = display_name {
        row.display_name = Set(v);
    }
    changes.description.write(&mut row.description);
    changes.billing_id.write(&mut row.billing_id);
    metadata.write(&mut row.additional_meta_data);
    max_quantity.write(&mut row.max_quantity);
    if let Some(trial) = default_trial_config {
        row.default_trial_duration = Set(Some(trial.duration));
        row.default_trial_units = Set(Some(trial.units));
        row.default_trial_end_behavior = Set(trial.end_behavior);
    }
    row.updated_at = Set(updated_at);
    let saved = row.update(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Sets the addons that subscriptions of the DRAFT plan `plan_id` may add (replacing the
/// previous set), in one transaction. Addons are named by internal id; they must be live
/// (draft or published) addons of the plan's product.
///
/// Errors (Stigg codes): `PlanNotFound`, `CannotEditPackageInNonDraftMode`, `AddonNotFound`
/// (unknown or archived addon), `BadUserInput` (an addon of another product).
#[tracing::instrument(name = "catalog.package.set_compatible_addons", skip_all, fields(environment_id = %env.0, plan_id = %plan_id))]
pub async fn set_compatible_addons<C>(
    db: &C,
    env: EnvironmentId,
    plan_id: Uuid,
    addon_ids: Vec<Uuid>,
    now: DateTime<Utc>,
) -> Result<Package>
where
    C: crate::database::Writable,
{
    let wanted: BTreeSet<Uuid> = addon_ids.into_iter().collect();
    let txn = crate::database::begin_write(db).await?;
    let plan = lock_draft(&txn, env, Some(PackageKind::Plan), plan_id).await?;
    let addons = if wanted.is_empty() {
        Vec::new()
    } else {
        package::Entity::find()
            .filter(package::Column::Id.is_in(wanted.iter().copied()))
            .filter(package::Column::EnvironmentId.eq(env.0))
            .filter(package::Column::PackageType.eq(PackageKind::Addon))
            .filter(package::Column::Status.ne(PackageStatus::Archived))
            .all(&txn)
            .await?
    };
    if let Some(missing) = wanted
        .iter()
        .find(|id| !addons.iter().any(|a| a.id == **id))
    {
        return Err(Error::AddonNotFound {
            addon_id: missing.to_string(),
        });
    }
    if let Some(foreign) = addons.iter().find(|a| a.product_id != plan.product_id) {
        return Err(Error::bad_input(format!(
            "addon '{}' belongs to another product than plan '{}'",
            foreign.ref_id, plan.ref_id
        )));
    }
    plan_compatible_addon::Entity::delete_many()
        .filter(plan_compatible_addon::Column::PlanId.eq(plan.id))
        .exec(&txn)
        .await?;
    if !wanted.is_empty() {
        plan_compatible_addon::Entity::insert_many(wanted.iter().map(|addon_id| {
            plan_compatible_addon::ActiveModel {
                plan_id: Set(plan.id),
                addon_id: Set(*addon_id),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    let saved = touch(&txn, plan, now).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Publishes the DRAFT plan or addon `id` (DRAFT → PUBLISHED), in one transaction. A
/// published package can be subscribed to and can no longer be edited. A draft of the next
/// version of a plan (`super::version`) becomes the version its refId names; the
/// subscriptions on the previous one keep it.
///
/// Errors (Stigg codes): `PlanNotFound` / `AddonNotFound`, `PackageAlreadyPublished`,
/// `EntityIsArchivedError`, `PackagePricingTypeNotSet` (no pricing type, or PAID without a
/// default price), `PlanCannotBePublishWhenCompatibleAddonIsDraft`.
#[tracing::instrument(name = "catalog.package.publish", skip_all, fields(environment_id = %env.0, kind = ?kind, package_id = %id))]
pub async fn publish<C>(
    db: &C,
    env: EnvironmentId,
    kind: PackageKind,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Package>
where
    C: crate::database::Writable,
{
    let txn = crate::database::begin_write(db).await?;
    let current = lock(&txn, env, Some(kind), id).await?;
    match current.status {
        PackageStatus::Draft => {}
        PackageStatus::Published => {
            return Err(Error::PackageAlreadyPublished(format!(
                "{} '{}' is already published",
                kind_word(kind),
                current.ref_id
            )))
        }
        PackageStatus::Archived => {
            return Err(Error::EntityIsArchived(format!(
                "{} '{}' is archived",
                kind_word(kind),
                current.ref_id
            )))
        }
    }
    let Some(pricing_type) = current.pricing_type else {
        return Err(Error::PackagePricingTypeNotSet(format!(
            "{} '{}' has no pricing type: set it with setPackagePricing before publishing",
            kind_word(kind),
            current.ref_id
        )));
    };
    if pricing_type == PricingType::Paid {
        let default_prices = price::Entity::find()
            .filter(price::Column::PackageId.eq(current.id))
            .filter(price::Column::BillingCountryCode.is_null())
            .all(&txn)
            .await?;
        if default_prices.is_empty() {
            return Err(Error::PackagePricingTypeNotSet(format!(
                "{} '{}' is PAID but has no prices: set them with setPackagePricing before publishing",
                kind_word(kind),
                current.ref_id
            )));
        }
    }
    if kind == PackageKind::Plan {
        let addon_ids: Vec<Uuid> = plan_compatible_addon::Entity::find()
            .filter(plan_compatible_addon::Column::PlanId.eq(current.id))
            .all(&txn)
            .await?
            .into_iter()
            .map(|c| c.addon_id)
            .collect();
        if !addon_ids.is_empty() {
            let drafts: Vec<String> = package::Entity::find()
                .filter(package::Column::Id.is_in(addon_ids))
                .filter(package::Column::Status.eq(PackageStatus::Draft))
                .all(&txn)
                .await?
                .into_iter()
                .map(|a| a.ref_id)
                .collect();
            if !drafts.is_empty() {
                return Err(Error::PlanCannotBePublishWhenCompatibleAddonIsDraft(
                    format!(
                        "plan '{}' lists draft addon(s) {} as compatible: publish them first",
                        current.ref_id,
                        drafts.join(", ")
                    ),
                ));
            }
        }
    }
    let saved = set_status(&txn, current, PackageStatus::Published, now).await?;
    // A new version of a published plan becomes the one its refId names.
    let saved = super::version::make_latest(&txn, saved).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Archives the PUBLISHED plan or addon named by `which`, in one transaction: it can no
/// longer be subscribed to or edited; its refId stays reserved; existing subscriptions are
/// not touched.
///
/// Errors (Stigg codes): `AccessDeniedError`, `PlanNotFound` / `AddonNotFound`,
/// `DraftPlanCantBeArchived` / `DraftAddonCantBeArchived`, `EntityIsArchivedError` (already
/// archived), `PlanIsUsedAsDefaultStartPlan` / `PlanIsUsedAsDowngradePlan` (the product's
/// journey names the plan), `AddonIsCompatibleWithPlan` (a plan that is not archived lists
/// the addon).
#[tracing::instrument(name = "catalog.package.archive", skip_all, fields(environment_id = %env.0, kind = ?kind, package = ?which))]
pub async fn archive<C>(
    db: &C,
    env: EnvironmentId,
    kind: PackageKind,
    which: PackageRef,
    environment_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Package>
where
    C: crate::database::Writable,
{
    crate::customer::check_environment(environment_id, env)?;
    let txn = crate::database::begin_write(db).await?;
    let found = match &which {
        PackageRef::Id(id) => get(&txn, env, kind, *id).await?,
        PackageRef::RefId(ref_id) => get_by_ref_id(&txn, env, kind, ref_id).await?,
    };
    let current = lock(&txn, env, Some(kind), found.id).await?;
    match (current.status, kind) {
        (PackageStatus::Published, _) => {}
        (PackageStatus::Draft, PackageKind::Plan) => {
            return Err(Error::DraftPlanCantBeArchived(format!(
                "plan '{}' is a draft; only published plans can be archived",
                current.ref_id
            )))
        }
        (PackageStatus::Draft, PackageKind::Addon) => {
            return Err(Error::DraftAddonCantBeArchived(format!(
                "addon '{}' is a draft; only published addons can be archived",
                current.ref_id
            )))
        }
        (PackageStatus::Archived, _) => {
            return Err(Error::EntityIsArchived(format!(
                "{} '{}' is already archived",
                kind_word(kind),
                current.ref_id
            )))
        }
    }
    match kind {
        PackageKind::Plan => {
            let product = product::Entity::find_by_id(current.product_id)
                .one(&txn)
                .await?;
            if let Some(product) = product {
                let uses_start = product.subscription_start_setup
                    != SubscriptionStartSetup::PlanSelection
                    && product.subscription_start_plan_ref_id.as_deref()
                        == Some(current.ref_id.as_str());
                if uses_start {
                    return Err(Error::PlanIsUsedAsDefaultStartPlan(format!(
                        "plan '{}' is the start plan of product '{}': change its productSettings first",
                        current.ref_id, product.ref_id
                    )));
                }
                let uses_downgrade = product.subscription_end_setup
                    == SubscriptionEndSetup::DowngradeToFree
                    && product.downgrade_plan_ref_id.as_deref() == Some(current.ref_id.as_str());
                if uses_downgrade {
                    return Err(Error::PlanIsUsedAsDowngradePlan(format!(
                        "plan '{}' is the downgrade plan of product '{}': change its productSettings first",
                        current.ref_id, product.ref_id
                    )));
                }
            }
        }
        PackageKind::Addon => {
            let plan_ids: Vec<Uuid> = plan_compatible_addon::Entity::find()
                .filter(plan_compatible_addon::Column::AddonId.eq(current.id))
                .all(&txn)
                .await?
                .into_iter()
                .map(|c| c.plan_id)
                .collect();
            if !plan_ids.is_empty() {
                let plans: Vec<String> = package::Entity::find()
                    .filter(package::Column::Id.is_in(plan_ids))
                    .filter(package::Column::Status.ne(PackageStatus::Archived))
                    // Older versions keep the addon for their subscriptions only.
                    .filter(super::version::latest())
                    .all(&txn)
                    .await?
                    .into_iter()
                    .map(|p| p.ref_id)
                    .collect();
                if !plans.is_empty() {
                    return Err(Error::AddonIsCompatibleWithPlan(format!(
                        "addon '{}' is compatible with plan(s) {}",
                        current.ref_id,
                        plans.join(", ")
                    )));
                }
            }
        }
    }
    let saved = set_status(&txn, current, PackageStatus::Archived, now).await?;
    txn.commit().await?;
    Ok(saved)
}

/// The plan or addon `id` of `env` (any status). Errors: `PlanNotFound` / `AddonNotFound`.
pub async fn get<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    kind: PackageKind,
    id: Uuid,
) -> Result<Package> {
    package::Entity::find_by_id(id)
        .filter(package::Column::EnvironmentId.eq(env.0))
        .filter(package::Column::PackageType.eq(kind))
        .one(db)
        .await?
        .ok_or_else(|| not_found(Some(kind), &id.to_string()))
}

/// The plan or addon `ref_id` of `env` (any status). Errors: `BadUserInput` (malformed),
/// `PlanNotFound` / `AddonNotFound`.
pub async fn get_by_ref_id<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    kind: PackageKind,
    ref_id: &str,
) -> Result<Package> {
    let parsed = CatalogRefId::parse("refId", ref_id)?;
    find_by_ref_id(db, env, kind, parsed.as_str())
        .await?
        .ok_or_else(|| not_found(Some(kind), ref_id))
}

/// The plan or addon `ref_id` of `env` (any status; its latest version), if it exists.
pub async fn find_by_ref_id<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    kind: PackageKind,
    ref_id: &str,
) -> Result<Option<Package>> {
    Ok(package::Entity::find()
        .filter(package::Column::EnvironmentId.eq(env.0))
        .filter(package::Column::PackageType.eq(kind))
        .filter(package::Column::RefId.eq(ref_id))
        .filter(super::version::latest())
        .one(db)
        .await?)
}

/// Takes the row lock of package `id` (see [`super::lock_package`]) and returns it when it
/// belongs to `env` (and is of `kind`, when given). Errors: `PlanNotFound` /
/// `AddonNotFound`.
pub(crate) async fn lock<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    kind: Option<PackageKind>,
    id: Uuid,
) -> Result<Package> {
    let not_found = || not_found(kind, &id.to_string());
    if !super::lock_package(db, id).await? {
        return Err(not_found());
    }
    let found = package::Entity::find_by_id(id)
        .filter(package::Column::EnvironmentId.eq(env.0))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    if kind.is_some_and(|k| k != found.package_type) {
        return Err(not_found());
    }
    Ok(found)
}

/// [`lock`], then refuses a package that is not a DRAFT.
/// Errors: as [`lock`]; `CannotEditPackageInNonDraftMode`.
pub(crate) async fn lock_draft<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    kind: Option<PackageKind>,
    id: Uuid,
) -> Result<Package> {
    let found = lock(db, env, kind, id).await?;
    if found.status != PackageStatus::Draft {
        return Err(Error::CannotEditPackageInNonDraftMode(format!(
            "{} '{}' is {}: only DRAFT plans and addons can be edited (a catalog file that changes a published plan publishes it again as a new version)",
            kind_word(found.package_type),
            found.ref_id,
            found.status
        )));
    }
    Ok(found)
}

/// Moves `updated_at` of `row` forward (after a change to its prices, entitlements or
/// compatible addons) and returns the saved row.
pub(crate) async fn touch<C: ConnectionTrait>(
    db: &C,
    row: Package,
    now: DateTime<Utc>,
) -> Result<Package> {
    let updated_at = super::next_updated_at(row.updated_at, now);
    let mut active: package::ActiveModel = row.into();
    active.updated_at = Set(updated_at);
    Ok(active.update(db).await?)
}

async fn set_status<C: ConnectionTrait>(
    db: &C,
    row: Package,
    status: PackageStatus,
    now: DateTime<Utc>,
) -> Result<Package> {
    let updated_at = super::next_updated_at(row.updated_at, now);
    let mut active: package::ActiveModel = row.into();
    active.status = Set(status);
    active.updated_at = Set(updated_at);
    Ok(active.update(db).await?)
}

/// The not-found error for a package of `kind` (a plan when unknown).
pub(crate) fn not_found(kind: Option<PackageKind>, id: &str) -> Error {
    match kind {
        Some(PackageKind::Addon) => Error::AddonNotFound {
            addon_id: id.to_owned(),
        },
        _ => Error::PlanNotFound {
            plan_id: id.to_owned(),
        },
    }
}

/// `plan` or `addon`, for messages.
pub(crate) fn kind_word(kind: PackageKind) -> &'static str {
    match kind {
        PackageKind::Plan => "plan",
        PackageKind::Addon => "addon",
    }
}

fn check_addon_quantity(kind: PackageKind, q: f64) -> Result<f64> {
    match kind {
        PackageKind::Plan => Err(Error::bad_input("maxQuantity is only for addons")),
        PackageKind::Addon => whole_number("maxQuantity", q, 1.0, MAX_ADDON_QUANTITY),
    }
}
