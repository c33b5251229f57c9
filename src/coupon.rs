//! Coupons: discounts a customer carries (Stigg's `createOneCoupon`, `coupons`,
//! `archiveOneCoupon`; `couponRefId` on provision and update).
//!
//! - A coupon is PERCENTAGE (`percentOff`, above 0 and at most 100) or FIXED (`amountsOff`:
//!   an amount per currency, exact decimals in currency units, at most one per currency);
//!   when `type` is not given it follows from which of the two is given. `durationInMonths`
//!   (a whole number of months, 1 to 1200) limits how long the discount lasts from when a
//!   customer gets the coupon; without it, it lasts for ever.
//! - refIds are unique per environment, archived coupons included
//!   (`ux_coupons_environment_ref_id`).
//! - Only ACTIVE coupons can be given to a customer: an unknown or archived `couponRefId` is
//!   `CouponNotFound`. A customer keeps a coupon that is archived later.

use chrono::{DateTime, Months, Utc};
use rust_decimal::Decimal;
use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::catalog::read::{list, Columns, ListQuery};
use crate::catalog::{check_description, check_display_name, Amount, CatalogRefId};
use crate::customer::Metadata;
use crate::environment::EnvironmentId;
use crate::error::{Error, Result};
use crate::paging::Page;
use entity::stigg_enums::{CouponStatus, CouponType, Currency};
use entity::{coupon, customer};

pub use entity::coupon::Model as Coupon;

/// SQLite's name for the columns of the refId index (it does not report index names).
const REF_ID_INDEX_COLUMNS: &str = "coupons.environment_id, coupons.ref_id";
/// Longest `durationInMonths`: a century.
pub const MAX_DURATION_MONTHS: i32 = 1200;

/// An amount off in one currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmountOff {
    /// Exact, in currency units (not cents); stored as a decimal string.
    pub amount: Decimal,
    pub currency: Currency,
}

/// A coupon to create (Stigg's `CreateCouponInput`, decoded).
#[derive(Clone, Debug, Default)]
pub struct NewCoupon {
    pub environment_id: Option<Uuid>,
    pub ref_id: String,
    pub name: String,
    pub description: Option<String>,
    pub coupon_type: Option<CouponType>,
    pub percent_off: Option<f64>,
    /// (amount as sent, currency; `None` currency is refused).
    pub amounts_off: Option<Vec<(f64, Option<Currency>)>>,
    /// Stigg's older way to give the percentage or amount.
    pub discount_value: Option<f64>,
    pub duration_in_months: Option<f64>,
    pub additional_meta_data: Option<Value>,
}

/// The amounts off stored on a FIXED coupon. Errors: `UnexpectedError` when unreadable.
pub fn amounts_off(c: &Coupon) -> Result<Vec<AmountOff>> {
    c.amounts_off
        .clone()
        .map(serde_json::from_value::<Vec<AmountOff>>)
        .transpose()
        .map(Option::unwrap_or_default)
        .map_err(|e| {
            Error::Unexpected(anyhow::anyhow!(
                "coupon {} amounts unreadable: {e}",
                c.ref_id
            ))
        })
}

/// True while a coupon given at `attached_at` still discounts at `now`.
pub fn lasts(c: &Coupon, attached_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    match c.duration_in_months {
        None => true,
        Some(months) => u32::try_from(months)
            .ok()
            .and_then(|m| attached_at.checked_add_months(Months::new(m)))
            .is_some_and(|end| now < end),
    }
}

/// A coupon as a customer carries it: its `durationInMonths` counts from `attached_at`.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerCoupon {
    pub coupon: Coupon,
    /// When the customer got it (`customers.coupon_attached_at`).
    pub attached_at: DateTime<Utc>,
}

/// The coupons that the customers `customer_ids` carry (archived coupons included: a
/// customer keeps its coupon), by customer id; customers without one are absent. At most two
/// queries.
pub async fn of_customers<C: ConnectionTrait>(
    db: &C,
    customer_ids: &[Uuid],
) -> Result<HashMap<Uuid, CustomerCoupon>> {
    if customer_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let carried: Vec<(Uuid, Option<Uuid>, Option<DateTime<Utc>>)> = customer::Entity::find()
        .select_only()
        .column(customer::Column::Id)
        .column(customer::Column::CouponId)
        .column(customer::Column::CouponAttachedAt)
        .filter(customer::Column::Id.is_in(customer_ids.iter().copied()))
        .filter(customer::Column::CouponId.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let coupon_ids: Vec<Uuid> = carried.iter().filter_map(|(_, c, _)| *c).collect();
    let coupons: HashMap<Uuid, Coupon> = by_ids(db, &coupon_ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut out = HashMap::new();
    for (customer_id, coupon_id, attached_at) in carried {
        let (Some(coupon_id), Some(attached_at)) = (coupon_id, attached_at) else {
            continue;
        };
        let coupon = coupons.get(&coupon_id).cloned().ok_or_else(|| {
            Error::Unexpected(anyhow::anyhow!(
                "customer {customer_id} carries missing coupon {coupon_id}"
            ))
        })?;
        out.insert(
            customer_id,
            CustomerCoupon {
                coupon,
                attached_at,
            },
        );
    }
    Ok(out)
}

/// Creates a coupon in `env` at `now`. Errors: `AccessDeniedError` (foreign
/// `environmentId`), `BadUserInput` (refId, name, description, type and amounts as the
/// module says, duration), `AmountTooLarge`, `InvalidMetadataError`,
/// `DuplicatedEntityNotAllowed` (refId taken).
#[tracing::instrument(name = "coupon.create", skip_all, fields(environment_id = %env.0, coupon_ref_id = %input.ref_id))]
pub async fn create<C>(
    db: &C,
    env: EnvironmentId,
    input: NewCoupon,
    now: DateTime<Utc>,
) -> Result<Coupon>
where
    C: crate::database::Writable,
{
    crate::customer::check_environment(input.environment_id, env)?;
    let ref_id = CatalogRefId::parse("refId", &input.ref_id)?;
    check_display_name(&input.name)?;
    if let Some(d) = &input.description {
        check_description(d)?;
    }
    let coupon_type = match (input.coupon_type, &input.percent_off, &input.amounts_off) {
        (Some(t), _, _) => t,
        (None, Some(_), None) => CouponType::Percentage,
        (None, None, Some(_)) => CouponType::Fixed,
        (None, None, None) if input.discount_value.is_some() => CouponType::Percentage,
        _ => {
            return Err(Error::bad_input(
                "a coupon is PERCENTAGE (percentOff) or FIXED (amountsOff): give type, or one of the two",
            ))
        }
    };
    let (percent_off, amounts) = match coupon_type {
        CouponType::Percentage => {
            if input.amounts_off.is_some() {
                return Err(Error::bad_input("a PERCENTAGE coupon takes no amountsOff"));
            }
            let percent = input
                .percent_off
                .or(input.discount_value)
                .unwrap_or(f64::NAN);
            if !(percent > 0.0 && percent <= 100.0) {
                return Err(Error::bad_input(format!(
                    "percentOff must be above 0 and at most 100, got {percent}"
                )));
            }
            (Some(percent), None)
        }
        CouponType::Fixed => {
            if input.percent_off.is_some() {
                return Err(Error::bad_input("a FIXED coupon takes no percentOff"));
            }
            let Some(given) = input.amounts_off.filter(|a| !a.is_empty()) else {
                return Err(Error::bad_input(
                    "a FIXED coupon needs amountsOff: an amount per currency",
                ));
            };
            let mut amounts: Vec<AmountOff> = Vec::with_capacity(given.len());
            for (amount, currency) in given {
                let Some(currency) = currency else {
                    return Err(Error::bad_input(
                        "every amountsOff entry needs its currency",
                    ));
                };
                let amount = Amount::from_f64(amount)?.value();
                if amount.is_zero() {
                    return Err(Error::bad_input("an amount off must be above 0"));
                }
                if amounts.iter().any(|a| a.currency == currency) {
                    return Err(Error::bad_input(format!("amountsOff has {currency} twice")));
                }
                amounts.push(AmountOff { amount, currency });
            }
            (None, Some(amounts))
        }
    };
    let duration_in_months = input
        .duration_in_months
        .map(|m| {
            if m.fract() == 0.0 && (1.0..=f64::from(MAX_DURATION_MONTHS)).contains(&m) {
                Ok(m as i32)
            } else {
                Err(Error::bad_input(format!(
                    "durationInMonths must be a whole number from 1 to {MAX_DURATION_MONTHS}, got {m}"
                )))
            }
        })
        .transpose()?;
    let metadata = input
        .additional_meta_data
        .map(|m| Metadata::parse(m).map(Metadata::into_value))
        .transpose()?;
    let amounts_off = amounts
        .map(|a| serde_json::to_value(a).map_err(|e| Error::Unexpected(e.into())))
        .transpose()?;
    let row = Coupon {
        id: Uuid::new_v4(),
        environment_id: env.0,
        ref_id: ref_id.as_str().to_owned(),
        name: input.name,
        description: input.description,
        coupon_type,
        percent_off,
        amounts_off,
        duration_in_months,
        additional_meta_data: metadata,
        status: CouponStatus::Active,
        created_at: now,
        updated_at: now,
    };
    let txn = crate::database::begin_write(db).await?;
    match coupon::Entity::insert(coupon::ActiveModel::from(row.clone()))
        .exec_without_returning(&txn)
        .await
    {
        Ok(_) => {
            txn.commit().await?;
            Ok(row)
        }
        Err(err)
            if crate::database::is_unique_violation(
                &err,
                migration::COUPON_REF_ID_INDEX,
                REF_ID_INDEX_COLUMNS,
            ) =>
        {
            txn.rollback().await?;
            Err(Error::DuplicatedCatalogEntity(format!(
                "coupon refId '{}' is already taken in this environment (archived coupons included)",
                row.ref_id
            )))
        }
        Err(err) => Err(err.into()),
    }
}

/// Archives the ACTIVE coupon `ref_id` at `now`. Errors: `CouponNotFound` (unknown or
/// already archived), `BadUserInput`, `AccessDeniedError`.
#[tracing::instrument(name = "coupon.archive", skip_all, fields(environment_id = %env.0, coupon_ref_id = ref_id))]
pub async fn archive<C>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
    environment_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Coupon>
where
    C: crate::database::Writable,
{
    crate::customer::check_environment(environment_id, env)?;
    let txn = crate::database::begin_write(db).await?;
    let current = active_by_ref(&txn, env, ref_id).await?;
    let updated_at = crate::catalog::next_updated_at(current.updated_at, now);
    let mut row: coupon::ActiveModel = current.into();
    row.status = Set(CouponStatus::Archived);
    row.updated_at = Set(updated_at);
    let saved = row.update(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// The ACTIVE coupon `ref_id` of `env`. Errors: `BadUserInput` (malformed refId),
/// `CouponNotFound` (unknown or archived).
pub async fn active_by_ref<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    ref_id: &str,
) -> Result<Coupon> {
    CatalogRefId::parse("couponRefId", ref_id)?;
    coupon::Entity::find()
        .filter(coupon::Column::EnvironmentId.eq(env.0))
        .filter(coupon::Column::RefId.eq(ref_id))
        .filter(coupon::Column::Status.eq(CouponStatus::Active))
        .one(db)
        .await?
        .ok_or_else(|| Error::CouponNotFound {
            coupon_id: ref_id.to_owned(),
        })
}

/// Coupons by id (any status).
pub async fn by_ids<C: ConnectionTrait>(db: &C, ids: &[Uuid]) -> Result<Vec<Coupon>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(coupon::Entity::find()
        .filter(coupon::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// Coupons of `env` with one of `statuses` and `types` (any when `None`), filtered by
/// `query`'s ids and refIds, sorted (`DisplayName` sorts by name) and paged.
pub async fn list_coupons<C: ConnectionTrait>(
    db: &C,
    env: EnvironmentId,
    statuses: Option<&[CouponStatus]>,
    types: Option<&[CouponType]>,
    query: &ListQuery,
) -> Result<Page<Coupon>> {
    let mut select = coupon::Entity::find().filter(coupon::Column::EnvironmentId.eq(env.0));
    if let Some(statuses) = statuses {
        select = select.filter(coupon::Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(types) = types {
        select = select.filter(coupon::Column::CouponType.is_in(types.iter().copied()));
    }
    list(
        db,
        select,
        query,
        Columns {
            id: coupon::Column::Id,
            ref_id: coupon::Column::RefId,
            created_at: coupon::Column::CreatedAt,
            updated_at: coupon::Column::UpdatedAt,
            display_name: coupon::Column::Name,
        },
    )
    .await
}
