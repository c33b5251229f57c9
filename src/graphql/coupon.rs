//! Coupons over GraphQL: `createOneCoupon`, `archiveOneCoupon`, `coupons`, and
//! `Customer.coupon` (through a DataLoader). Rules: [`crate::coupon`].

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result};
use rust_decimal::prelude::ToPrimitive;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::catalog::objects::money;
use super::catalog::queries::{direction_desc, eq_in, ids_and_ref_ids, list_query, only};
use super::connection::Connection;
use super::scalars::DateTime;
use super::stigg::enums::{CouponSortFields, CouponStatus, CouponType};
use super::stigg::inputs::{
    ArchiveCouponInput, CouponFilter, CouponSort, CreateCouponInput, CursorPaging,
};
use super::stigg::objects::Coupon;
use super::RequestContext;
use crate::catalog::read::SortField;
use crate::coupon::{self as domain, NewCoupon};
use crate::error::Error;
use entity::stigg_enums as stored;

impl From<stored::CouponType> for CouponType {
    fn from(value: stored::CouponType) -> Self {
        match value {
            stored::CouponType::Percentage => CouponType::Percentage,
            stored::CouponType::Fixed => CouponType::Fixed,
        }
    }
}

impl From<CouponType> for stored::CouponType {
    fn from(value: CouponType) -> Self {
        match value {
            CouponType::Percentage => stored::CouponType::Percentage,
            CouponType::Fixed => stored::CouponType::Fixed,
        }
    }
}

impl From<stored::CouponStatus> for CouponStatus {
    fn from(value: stored::CouponStatus) -> Self {
        match value {
            stored::CouponStatus::Active => CouponStatus::Active,
            stored::CouponStatus::Archived => CouponStatus::Archived,
        }
    }
}

impl From<CouponStatus> for stored::CouponStatus {
    fn from(value: CouponStatus) -> Self {
        match value {
            CouponStatus::Active => stored::CouponStatus::Active,
            CouponStatus::Archived => stored::CouponStatus::Archived,
        }
    }
}

/// Stigg `Coupon` of a stored coupon: `discountValue` is the percentage off (PERCENTAGE) or
/// the first amount off (FIXED); `billingId`, `billingLinkUrl` are null and `syncStates`
/// empty (no billing integration yet).
pub fn coupon_object(c: &domain::Coupon) -> Result<Coupon, Error> {
    let amounts = domain::amounts_off(c)?;
    let discount_value = match c.coupon_type {
        stored::CouponType::Percentage => c.percent_off.unwrap_or_default(),
        stored::CouponType::Fixed => amounts
            .first()
            .and_then(|a| a.amount.to_f64())
            .unwrap_or_default(),
    };
    Ok(Coupon {
        id: c.id,
        ref_id: c.ref_id.clone(),
        name: c.name.clone(),
        description: c.description.clone(),
        type_: c.coupon_type.into(),
        status: c.status.into(),
        percent_off: c.percent_off,
        amounts_off: (c.coupon_type == stored::CouponType::Fixed).then(|| {
            amounts
                .iter()
                .filter_map(|a| money(a.amount, a.currency))
                .collect()
        }),
        discount_value,
        additional_meta_data: c.additional_meta_data.clone().map(async_graphql::Json),
        created_at: DateTime(c.created_at),
        updated_at: DateTime(c.updated_at),
        billing_id: None,
        billing_link_url: None,
        sync_states: Some(Vec::new()),
    })
}

/// Loads coupons by id in one query per batch.
pub struct CouponLoader {
    pub db: DatabaseConnection,
}

impl Loader<Uuid> for CouponLoader {
    type Value = Arc<domain::Coupon>;
    type Error = Arc<Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        Ok(domain::by_ids(&self.db, keys)
            .await
            .map_err(Arc::new)?
            .into_iter()
            .map(|c| (c.id, Arc::new(c)))
            .collect())
    }
}

/// Coupon queries.
#[derive(Default)]
pub struct CouponQuery;

#[Object]
impl CouponQuery {
    /// Stigg `coupons`: the environment's coupons. Filters: `id`, `refId`, `status`, `type`
    /// (`eq`, `in`); sorting: createdAt (default, newest first), updatedAt, refId, name, id;
    /// paging: `first` (≤ 100, default 10) and `after`. Errors: `UnsupportedParameter`
    /// (other filters and sorts, `last`/`before`), `BadUserInput`.
    async fn coupons(
        &self,
        ctx: &Context<'_>,
        filter: Option<CouponFilter>,
        paging: Option<CursorPaging>,
        sorting: Option<Vec<CouponSort>>,
    ) -> Result<Connection<Coupon>> {
        let rc = ctx.data::<RequestContext>()?;
        let mut query = list_query(
            ctx,
            paging,
            sorting,
            &[(SortField::CreatedAt, true)],
            |s: &CouponSort| {
                let field = match s.field {
                    CouponSortFields::Name => "displayName",
                    CouponSortFields::CreatedAt => "createdAt",
                    CouponSortFields::UpdatedAt => "updatedAt",
                    CouponSortFields::RefId => "refId",
                    CouponSortFields::Id => "id",
                    CouponSortFields::BillingId => "billingId",
                    CouponSortFields::Description => "description",
                    CouponSortFields::EnvironmentId => "environmentId",
                    CouponSortFields::Source => "source",
                    CouponSortFields::Status => "status",
                    CouponSortFields::Type => "type",
                };
                (field.to_owned(), direction_desc(s.direction))
            },
        )?;
        let mut statuses: Option<Vec<stored::CouponStatus>> = None;
        let mut types: Option<Vec<stored::CouponType>> = None;
        if let Some(filter) = filter {
            only("filter", &filter, &["id", "refId", "status", "type"])?;
            ids_and_ref_ids("filter", filter.id, filter.ref_id, &mut query)?;
            if let Some(c) = filter.status {
                only("filter.status", &c, &["eq", "in"])?;
                statuses = eq_in(c.eq, c.in_).map(|l| l.into_iter().map(Into::into).collect());
            }
            if let Some(c) = filter.type_ {
                only("filter.type", &c, &["eq", "in"])?;
                types = eq_in(c.eq, c.in_).map(|l| l.into_iter().map(Into::into).collect());
            }
        }
        let page = domain::list_coupons(
            &rc.db,
            rc.environment,
            statuses.as_deref(),
            types.as_deref(),
            &query,
        )
        .await?;
        Ok(Connection::try_from_page(page, |c| coupon_object(&c))?)
    }
}

/// Coupon mutations.
#[derive(Default)]
pub struct CouponMutation;

#[Object]
impl CouponMutation {
    /// Stigg `createOneCoupon`. Errors: `BadUserInput` (refId, name, type and amounts,
    /// duration), `AmountTooLarge`, `InvalidMetadataError`, `DuplicatedEntityNotAllowed`
    /// (refId taken, archived coupons included), `AccessDeniedError`.
    #[graphql(name = "createOneCoupon")]
    async fn create_one_coupon(
        &self,
        ctx: &Context<'_>,
        input: CreateCouponInput,
    ) -> Result<Coupon> {
        let rc = ctx.data::<RequestContext>()?;
        let new = NewCoupon {
            environment_id: input.environment_id,
            ref_id: input.ref_id,
            name: input.name,
            description: input.description,
            coupon_type: input.type_.map(Into::into),
            percent_off: input.percent_off,
            amounts_off: input.amounts_off.map(|list| {
                list.into_iter()
                    .map(|m| (m.amount, m.currency.map(Into::into)))
                    .collect()
            }),
            discount_value: input.discount_value,
            duration_in_months: input.duration_in_months,
            additional_meta_data: input.additional_meta_data.map(|j| j.0),
        };
        let created = domain::create(&rc.db, rc.environment, new, rc.now()).await?;
        Ok(coupon_object(&created)?)
    }

    /// Stigg `archiveOneCoupon`: the coupon can no longer be given to customers (those that
    /// have it keep it). Errors: `CouponNotFound` (unknown or already archived),
    /// `BadUserInput`, `AccessDeniedError`.
    #[graphql(name = "archiveOneCoupon")]
    async fn archive_one_coupon(
        &self,
        ctx: &Context<'_>,
        input: ArchiveCouponInput,
    ) -> Result<Coupon> {
        let rc = ctx.data::<RequestContext>()?;
        let archived = domain::archive(
            &rc.db,
            rc.environment,
            &input.ref_id,
            input.environment_id,
            rc.now(),
        )
        .await?;
        Ok(coupon_object(&archived)?)
    }
}
