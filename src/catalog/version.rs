//! Plan versions. A published plan is never edited: changing it publishes it again as a new
//! version — a new `packages` row with the same refId and the next `versionNumber` — and the
//! subscriptions on the older version keep it ("grandfathered") until they are migrated
//! (`subscription::migrate`). Stigg: "Plan edits never modify the live version directly:
//! Open draft → edit → Publish → new version is active" (stiggio/skills
//! `stigg-pricing-modeling/references/plans.md`); "When a plan or add-on is republished,
//! existing subscribers stay on their current version by default" (stiggio/skills
//! `stigg-subscriptions/references/plan-version-migration.md`).
//!
//! The version a refId names — what new subscriptions get and catalog reads show — is its
//! latest (`packages.is_latest`, one per refId: a partial unique index). A draft of the next
//! version is not the latest until it is published. plangate makes new versions of plans
//! through `plangate catalog apply` (a file that changes a published plan); addons have no
//! versions yet (a published addon stays immutable).

use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::{Expr, SimpleExpr},
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::{Package, PackageKind, PackageStatus};
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use entity::{package, package_entitlement, plan_compatible_addon, price};

/// The condition that selects the version a refId names (its latest).
pub fn latest() -> SimpleExpr {
    package::Column::IsLatest.eq(true)
}

/// The latest version of `plan`'s refId, if it is published (a plan whose latest version is a
/// draft or archived has none to move to).
pub async fn latest_published<C: ConnectionTrait>(
    db: &C,
    plan: &Package,
) -> Result<Option<Package>> {
    Ok(package::Entity::find()
        .filter(package::Column::EnvironmentId.eq(plan.environment_id))
        .filter(package::Column::PackageType.eq(plan.package_type))
        .filter(package::Column::RefId.eq(plan.ref_id.as_str()))
        .filter(latest())
        .filter(package::Column::Status.eq(PackageStatus::Published))
        .one(db)
        .await?)
}

/// The DRAFT of the next version of the published plan `published` (the latest version of
/// its refId), in `txn`: a copy of the plan with `versionNumber` one past the highest, its
/// prices, entitlements and compatible addons, that the draft edits of `super::package`,
/// `super::pricing` and `super::entitlement` then change. An existing draft of the next
/// version is returned as it is. It becomes the latest when published
/// ([`make_latest`]). Errors: `CannotEditPackageInNonDraftMode` (an addon: addons have no
/// versions yet).
pub async fn next_draft<C: ConnectionTrait>(
    txn: &C,
    env: EnvironmentId,
    published: &Package,
    now: DateTime<Utc>,
) -> Result<Package> {
    if published.package_type != PackageKind::Plan {
        return Err(Error::CannotEditPackageInNonDraftMode(format!(
            "addon '{}' is published: addons cannot be published again as a new version yet; publish a new refId instead",
            published.ref_id
        )));
    }
    let versions = package::Entity::find()
        .filter(package::Column::EnvironmentId.eq(env.0))
        .filter(package::Column::PackageType.eq(published.package_type))
        .filter(package::Column::RefId.eq(published.ref_id.as_str()))
        .order_by_desc(package::Column::VersionNumber)
        .all(txn)
        .await?;
    if let Some(draft) = versions
        .iter()
        .find(|v| v.status == PackageStatus::Draft && !v.is_latest)
    {
        return Ok(draft.clone());
    }
    let next = versions
        .first()
        .map_or(published.version_number, |v| v.version_number)
        + 1;
    let draft = Package {
        id: Uuid::new_v4(),
        status: PackageStatus::Draft,
        version_number: next,
        is_latest: false,
        created_at: now,
        updated_at: now,
        ..published.clone()
    };
    package::Entity::insert(package::ActiveModel::from(draft.clone()))
        .exec_without_returning(txn)
        .await?;
    let prices = price::Entity::find()
        .filter(price::Column::PackageId.eq(published.id))
        .all(txn)
        .await?;
    if !prices.is_empty() {
        price::Entity::insert_many(prices.into_iter().map(|p| {
            price::ActiveModel::from(price::Model {
                id: Uuid::new_v4(),
                package_id: draft.id,
                ..p
            })
        }))
        .exec_without_returning(txn)
        .await?;
    }
    let entitlements = package_entitlement::Entity::find()
        .filter(package_entitlement::Column::PackageId.eq(published.id))
        .all(txn)
        .await?;
    if !entitlements.is_empty() {
        package_entitlement::Entity::insert_many(entitlements.into_iter().map(|e| {
            package_entitlement::ActiveModel::from(package_entitlement::Model {
                id: Uuid::new_v4(),
                package_id: draft.id,
                ..e
            })
        }))
        .exec_without_returning(txn)
        .await?;
    }
    let addons = plan_compatible_addon::Entity::find()
        .filter(plan_compatible_addon::Column::PlanId.eq(published.id))
        .all(txn)
        .await?;
    if !addons.is_empty() {
        plan_compatible_addon::Entity::insert_many(addons.into_iter().map(|a| {
            plan_compatible_addon::ActiveModel {
                plan_id: Set(draft.id),
                addon_id: Set(a.addon_id),
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(draft)
}

/// Makes `draft` (being published, in `txn`) the latest version of its refId: the version
/// that was the latest no longer is (first, so that the one-latest-per-refId index holds at
/// every step). A first version is already the latest. Returns the row as saved.
pub async fn make_latest<C: ConnectionTrait>(txn: &C, draft: Package) -> Result<Package> {
    if draft.is_latest {
        return Ok(draft);
    }
    package::Entity::update_many()
        .col_expr(package::Column::IsLatest, Expr::value(false))
        .filter(package::Column::EnvironmentId.eq(draft.environment_id))
        .filter(package::Column::PackageType.eq(draft.package_type))
        .filter(package::Column::RefId.eq(draft.ref_id.as_str()))
        .filter(latest())
        .exec(txn)
        .await?;
    let mut active: package::ActiveModel = draft.into();
    active.is_latest = Set(true);
    Ok(active.update(txn).await?)
}
