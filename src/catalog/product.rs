//! Products (Stigg's `createOneProduct`, `updateOneProduct`, `products`) and their customer
//! journey (`productSettings`).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use serde_json::Value;
use uuid::Uuid;

use super::{
    check_description, check_display_name, CatalogRefId, PackageKind, PackageStatus, PricingType,
    Product, SubscriptionCancellationTime, SubscriptionEndSetup, SubscriptionStartSetup,
};
use crate::change::Change;
use crate::customer::Metadata;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::subscription::LIVE_STATUSES;
use entity::{package, product, subscription};

/// SQLite's name for the columns of the refId index.
const REF_ID_INDEX_COLUMNS: &str = "products.environment_id, products.ref_id";

/// A product to create (Stigg's `ProductCreateInput`, decoded). Its journey starts as
/// PLAN_SELECTION / CANCEL_SUBSCRIPTION / END_OF_BILLING_PERIOD (set it with [`update`]).
#[derive(Clone, Debug, Default)]
pub struct NewProduct {
    pub environment_id: Option<Uuid>,
    pub ref_id: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    /// Several subscriptions per customer, one per `resourceId`. Default false.
    pub multiple_subscriptions: bool,
    pub additional_meta_data: Option<Value>,
}

/// The customer journey (Stigg's `ProductSettingsInput`). Plans are named by refId.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductSettings {
    pub subscription_start_setup: SubscriptionStartSetup,
    /// FREE_PLAN: the free plan new customers start on; TRIAL_PERIOD: the plan whose trial
    /// they start. Absent for PLAN_SELECTION.
    pub subscription_start_plan_id: Option<String>,
    /// DOWNGRADE_TO_FREE: the free plan subscriptions end on. Absent for
    /// CANCEL_SUBSCRIPTION.
    pub downgrade_plan_id: Option<String>,
    pub subscription_end_setup: SubscriptionEndSetup,
    pub subscription_cancellation_time: SubscriptionCancellationTime,
}

impl ProductSettings {
    /// The settings stored on `product`.
    pub fn of(product: &Product) -> Self {
        ProductSettings {
            subscription_start_setup: product.subscription_start_setup,
            subscription_start_plan_id: product.subscription_start_plan_ref_id.clone(),
            downgrade_plan_id: product.downgrade_plan_ref_id.clone(),
            subscription_end_setup: product.subscription_end_setup,
            subscription_cancellation_time: product.subscription_cancellation_time,
        }
    }
}

impl Default for ProductSettings {
    fn default() -> Self {
        ProductSettings {
            subscription_start_setup: SubscriptionStartSetup::PlanSelection,
            subscription_start_plan_id: None,
            downgrade_plan_id: None,
            subscription_end_setup: SubscriptionEndSetup::CancelSubscription,
            subscription_cancellation_time: SubscriptionCancellationTime::EndOfBillingPeriod,
        }
    }
}

/// Changes to a product (Stigg's `ProductUpdateInput`, decoded), one [`Change`] per field:
/// `Keep` (omitted) leaves it as stored, `Set` replaces it, `Clear` (explicit null) clears
/// `description` and `additionalMetaData`; `displayName`, `multipleSubscriptions` and
/// `productSettings` cannot be cleared (`BadUserInput`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProductChanges {
    pub display_name: Change<String>,
    pub description: Change<String>,
    pub multiple_subscriptions: Change<bool>,
    /// Replaces the stored object as a whole.
    pub additional_meta_data: Change<Value>,
    pub product_settings: Change<ProductSettings>,
}

impl ProductChanges {
    /// True when nothing would change.
    pub fn is_empty(&self) -> bool {
        *self == ProductChanges::default()
    }
}

/// Creates a product in `env`, in one transaction.
///
/// Errors (Stigg codes): `AccessDeniedError`, `BadUserInput` (refId, displayName,
/// description), `InvalidMetadataError`, `DuplicatedEntityNotAllowed` (refId taken; unique
/// index).
#[tracing::instrument(name = "catalog.product.create", skip_all, fields(environment_id = %env.0, product_ref_id = %input.ref_id))]
pub async fn create<C>(
    db: &C,
    env: EnvironmentId,
    input: NewProduct,
    now: DateTime<Utc>,
) -> Result<Product>
where
    C: crate::database::Writable,
{
    crate::customer::check_environment(input.environment_id, env)?;
    let ref_id = CatalogRefId::parse("refId", &input.ref_id)?;
    if let Some(name) = &input.display_name {
        check_display_name(name)?;
    }
    if let Some(d) = &input.description {
        check_description(d)?;
    }
    let metadata = input
        .additional_meta_data
        .map(|m| Metadata::parse(m).map(Metadata::into_value))
        .transpose()?;
    let settings = ProductSettings::default();
    let row = Product {
        id: Uuid::new_v4(),
        environment_id: env.0,
        ref_id: ref_id.as_str().to_owned(),
        display_name: input.display_name,
        description: input.description,
        multiple_subscriptions: input.multiple_subscriptions,
        subscription_start_setup: settings.subscription_start_setup,
        subscription_start_plan_ref_id: None,
        downgrade_plan_ref_id: None,
        subscription_end_setup: settings.subscription_end_setup,
        subscription_cancellation_time: settings.subscription_cancellation_time,
        additional_meta_data: metadata,
        created_at: now,
        updated_at: now,
        archived_at: None,
    };
    let txn = crate::database::begin_write(db).await?;
    let inserted = product::Entity::insert(product::ActiveModel::from(row.clone()))
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
                migration::PRODUCT_REF_ID_INDEX,
                REF_ID_INDEX_COLUMNS,
            ) =>
        {
            txn.rollback().await?;
            Err(Error::DuplicatedCatalogEntity(format!(
                "A product with refId '{ref_id}' already exists"
            )))
        }
        Err(err) => Err(err.into()),
    }
}

/// Applies `changes` to the live product `id`, in one transaction; `updatedAt` moves
/// forward.
///
/// The journey is checked against the product's plans: FREE_PLAN needs
/// `subscriptionStartPlanId` naming a FREE plan of this product; TRIAL_PERIOD needs it to
/// name a plan of this product with a default trial; PLAN_SELECTION takes no start plan;
/// DOWNGRADE_TO_FREE needs `downgradePlanId` naming a FREE plan of this product;
/// CANCEL_SUBSCRIPTION takes no downgrade plan. Plans may be drafts (they must be published
/// before customers can be subscribed to them) but not archived.
///
/// Errors (Stigg codes): `ProductNotFoundError`, `BadUserInput` (names, journey rules,
/// changing `multipleSubscriptions` while the product has live subscriptions),
/// `PlanNotFound` (a journey plan that is not a live plan of this product),
/// `InvalidMetadataError`, `UnsupportedParameter`.
#[tracing::instrument(name = "catalog.product.update", skip_all, fields(environment_id = %env.0, product_id = %id))]
pub async fn update<C>(
    db: &C,
    env: EnvironmentId,
    id: Uuid,
    changes: ProductChanges,
    now: DateTime<Utc>,
) -> Result<Product>
where
    C: crate::database::Writable,
{
    let display_name = changes.display_name.not_null("displayName")?;
    let multiple_subscriptions = changes
        .multiple_subscriptions
        .not_null("multipleSubscriptions")?;
    let product_settings = changes.product_settings.not_null("productSettings")?;
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
    let current = get(&txn, env, id).await?;
    if let Some(settings) = &product_settings {
        check_settings(&txn, env, &current, settings).await?;
    }
    if let Some(multiple) = multiple_subscriptions {
        if multiple != current.multiple_subscriptions {
            let live = subscription::Entity::find()
                .filter(subscription::Column::ProductId.eq(current.id))
                .filter(subscription::Column::Status.is_in(LIVE_STATUSES))
                .count(&txn)
                .await?;
            if live > 0 {
                return Err(Error::bad_input(format!(
                    "multipleSubscriptions cannot change while product '{}' has {live} live subscription(s)",
                    current.ref_id
                )));
            }
        }
    }
    let updated_at = super::next_updated_at(current.updated_at, now);
    let mut row: product::ActiveModel = current.into();
    if let Some(v) = display_name {
        row.display_name = Set(Some(v));
    }
    changes.description.write(&mut row.description);
    if let Some(v) = multiple_subscriptions {
        row.multiple_subscriptions = Set(v);
    }
    metadata.write(&mut row.additional_meta_data);
    if let Some(s) = product_settings {
        row.subscription_start_setup = Set(s.subscription_start_setup);
        row.subscription_start_plan_ref_id = Set(s.subscription_start_plan_id);
        row.downgrade_plan_ref_id = Set(s.downgrade_plan_id);
        row.subscription_end_setup = Set(s.subscription_end_setup);
        row.subscription_cancellation_time = Set(s.subscription_cancellation_time);
    }
    row.updated_at = Set(updated_at);
    let saved = row.update(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

async fn check_settings<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    product: &Product,
    settings: &ProductSettings,
) -> Result<()> {
    let start = settings.subscription_start_plan_id.as_deref();
    match (settings.subscription_start_setup, start) {
        (SubscriptionStartSetup::PlanSelection, Some(_)) => {
            return Err(Error::bad_input(
                "subscriptionStartPlanId is only for FREE_PLAN and TRIAL_PERIOD journeys",
            ))
        }
        (SubscriptionStartSetup::PlanSelection, None) => {}
        (setup, None) => {
            return Err(Error::bad_input(format!(
                "subscriptionStartSetup {setup} needs subscriptionStartPlanId"
            )))
        }
        (SubscriptionStartSetup::FreePlan, Some(plan_id)) => {
            let plan = journey_plan(db, env, product, plan_id).await?;
            if plan.pricing_type != Some(PricingType::Free) {
                return Err(Error::bad_input(format!(
                    "the FREE_PLAN start plan '{plan_id}' must have pricing type FREE"
                )));
            }
        }
        (SubscriptionStartSetup::TrialPeriod, Some(plan_id)) => {
            let plan = journey_plan(db, env, product, plan_id).await?;
            if plan.default_trial_duration.is_none() {
                return Err(Error::bad_input(format!(
                    "the TRIAL_PERIOD start plan '{plan_id}' has no defaultTrialConfig"
                )));
            }
        }
    }
    let downgrade = settings.downgrade_plan_id.as_deref();
    match (settings.subscription_end_setup, downgrade) {
        (SubscriptionEndSetup::CancelSubscription, Some(_)) => {
            return Err(Error::bad_input(
                "downgradePlanId is only for the DOWNGRADE_TO_FREE end setup",
            ))
        }
        (SubscriptionEndSetup::CancelSubscription, None) => {}
        (SubscriptionEndSetup::DowngradeToFree, None) => {
            return Err(Error::bad_input(
                "subscriptionEndSetup DOWNGRADE_TO_FREE needs downgradePlanId",
            ))
        }
        (SubscriptionEndSetup::DowngradeToFree, Some(plan_id)) => {
            let plan = journey_plan(db, env, product, plan_id).await?;
            if plan.pricing_type != Some(PricingType::Free) {
                return Err(Error::bad_input(format!(
                    "the downgrade plan '{plan_id}' must have pricing type FREE"
                )));
            }
        }
    }
    Ok(())
}

/// A live (draft or published) plan of `product` named by refId. Errors: `PlanNotFound`.
async fn journey_plan<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    product: &Product,
    plan_ref_id: &str,
) -> Result<entity::package::Model> {
    package::Entity::find()
        .filter(package::Column::EnvironmentId.eq(env.0))
        .filter(package::Column::PackageType.eq(PackageKind::Plan))
        .filter(package::Column::RefId.eq(plan_ref_id))
        .filter(super::version::latest())
        .filter(package::Column::ProductId.eq(product.id))
        .filter(package::Column::Status.ne(PackageStatus::Archived))
        .one(db)
        .await?
        .ok_or_else(|| Error::PlanNotFound {
            plan_id: plan_ref_id.to_owned(),
        })
}

/// The live product `id` of `env`. Errors: `ProductNotFoundError`.
pub async fn get<C: ConnectionTrait>(db: &C, env: EnvironmentId, id: Uuid) -> Result<Product> {
    product::Entity::find_by_id(id)
        .filter(product::Column::EnvironmentId.eq(env.0))
        .filter(product::Column::ArchivedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| Error::ProductNotFound {
            product_id: id.to_string(),
        })
}

/// The live product `ref_id` of `env`. Errors: `BadUserInput` (malformed refId),
/// `ProductNotFoundError`.
pub async fn get_by_ref_id<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
) -> Result<Product> {
    let parsed = CatalogRefId::parse("productId", ref_id)?;
    product::Entity::find()
        .filter(product::Column::EnvironmentId.eq(env.0))
        .filter(product::Column::RefId.eq(parsed.as_str()))
        .filter(product::Column::ArchivedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| Error::ProductNotFound {
            product_id: ref_id.to_owned(),
        })
}
