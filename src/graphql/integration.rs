//! Stigg's billing integration operations: the `integrations` query and the
//! `deleteOneIntegration` mutation, scoped to the API key's environment (domain:
//! [`crate::billing::integration`]). `createOneIntegration` and `updateOneIntegration` are not
//! served: Stigg's `StripeCredentialsInput` carries a Stripe Connect OAuth
//! `authorizationCode`, which plangate cannot exchange; integrations are added with
//! `plangate integration add stripe`.

use async_graphql::{Context, Object, Result};
use sea_orm::Iterable as _;

use super::catalog::queries::{eq_in, only};
use super::connection::{page_request, Connection};
use super::stigg::enums::{IntegrationSortFields, SortDirection, VendorIdentifier, VendorType};
use super::stigg::inputs::{
    CursorPaging, DeleteOneIntegrationInput, IntegrationFilter, IntegrationSort,
};
use super::stigg::objects::{Integration, IntegrationDeleteResponse};
use super::RequestContext;
use crate::billing::integration::{self, ListRequest, SortField, Which};
use crate::error::Error;
use entity::billing_integration::Model as Stored;
use entity::stigg_enums::BillingVendor;

/// `integration` as Stigg's `Integration`. `credentials` is null: Stigg's `StripeCredentials`
/// has non-null `accountId`, `accountDisplayName`, `isTaxEnabled` and `source`, which plangate
/// does not know (it holds a secret key, not a Stripe Connect account, and asks Stripe nothing
/// when read). `isDefault` is true: an environment has at most one Stripe integration, and
/// "one provider is always designated as the default" (docs.stigg.io, "Integration with
/// multiple billing providers"). `supportsPaymentMethod` is true: payment methods in billing
/// information are attached in Stripe.
fn integration_object(integration: &Stored) -> Integration {
    Integration {
        created_at: Some(integration.created_at.into()),
        credentials: None,
        environment_id: integration.environment_id,
        id: integration.id,
        integration_id: None,
        is_default: Some(true),
        metadata: None,
        supports_payment_method: true,
        vendor_identifier: integration.vendor.into(),
        vendor_type: integration.vendor.into(),
    }
}

/// Billing integration queries.
#[derive(Default)]
pub struct IntegrationQuery;

#[Object]
impl IntegrationQuery {
    /// Stigg `integrations`: the billing integrations of the key's environment (removed ones
    /// excluded). Filters: `id`, `vendorIdentifier`, `vendorType` (`eq`, `in`),
    /// `environmentId` (`eq` the key's own); sorting: `createdAt` (default, newest first),
    /// `id`, `vendorIdentifier`, `vendorType`, `environmentId`, ties by id; paging:
    /// `first`/`last`/`after`/`before` offset cursors as `customers`. Errors:
    /// `UnsupportedParameter` (other filters and comparisons, `and`/`or`, `nulls`),
    /// `BadUserInput` (paging).
    async fn integrations(
        &self,
        ctx: &Context<'_>,
        filter: Option<IntegrationFilter>,
        paging: Option<CursorPaging>,
        sorting: Option<Vec<IntegrationSort>>,
    ) -> Result<Connection<Integration>> {
        let rc = ctx.data::<RequestContext>()?;
        let mut request = ListRequest {
            paging: page_request(ctx, paging),
            ..ListRequest::default()
        };
        if let Some(f) = filter {
            only(
                "filter",
                &f,
                &["id", "vendorIdentifier", "vendorType", "environmentId"],
            )?;
            if let Some(c) = f.environment_id {
                only("filter.environmentId", &c, &["eq"])?;
                if c.eq != Some(rc.environment.0) {
                    return Err(Error::UnsupportedParameter(
                        "integrations: filter.environmentId other than eq with the key's environment is not supported".into(),
                    )
                    .into());
                }
            }
            if let Some(c) = f.id {
                only("filter.id", &c, &["eq", "in"])?;
                request.ids = eq_in(c.eq, c.in_);
            }
            // The vendors plangate integrates whose identifier and type the filter accepts.
            let identifiers = match f.vendor_identifier {
                Some(c) => {
                    only("filter.vendorIdentifier", &c, &["eq", "in"])?;
                    eq_in(c.eq, c.in_)
                }
                None => None,
            };
            let types = match f.vendor_type {
                Some(c) => {
                    only("filter.vendorType", &c, &["eq", "in"])?;
                    eq_in(c.eq, c.in_)
                }
                None => None,
            };
            if identifiers.is_some() || types.is_some() {
                request.vendors = Some(
                    BillingVendor::iter()
                        .filter(|v| {
                            identifiers
                                .as_ref()
                                .is_none_or(|list| list.contains(&VendorIdentifier::from(*v)))
                                && types
                                    .as_ref()
                                    .is_none_or(|list| list.contains(&VendorType::from(*v)))
                        })
                        .collect(),
                );
            }
        }
        for (i, s) in sorting.unwrap_or_default().into_iter().enumerate() {
            if s.nulls.is_some() {
                return Err(Error::UnsupportedParameter(format!(
                    "integrations: sorting[{i}].nulls is not supported (no sort field is ever null)"
                ))
                .into());
            }
            let field = match s.field {
                IntegrationSortFields::CreatedAt => Some(SortField::CreatedAt),
                IntegrationSortFields::EnvironmentId => Some(SortField::EnvironmentId),
                IntegrationSortFields::Id => Some(SortField::Id),
                IntegrationSortFields::VendorIdentifier => Some(SortField::Vendor),
                // Every integration is a billing one: no order to put.
                IntegrationSortFields::VendorType => None,
            };
            if let Some(field) = field {
                request
                    .sorting
                    .push((field, s.direction == SortDirection::Desc));
            }
        }
        let page = integration::list_live(&rc.db, rc.environment, &request).await?;
        Ok(Connection::from_page(page, |i| integration_object(&i)))
    }
}

/// Billing integration mutations.
#[derive(Default)]
pub struct IntegrationMutation;

#[Object]
impl IntegrationMutation {
    /// Stigg `deleteOneIntegration`: removes the key's environment's integration `id`, as
    /// `plangate integration remove` does — nothing is synced to it again, its queued billing
    /// syncs are given up (the customers' `syncStates` show why) — and answers it as it was.
    /// Errors: `IntegrationNotFound` (unknown id, another environment's, already removed).
    #[graphql(name = "deleteOneIntegration")]
    async fn delete_one_integration(
        &self,
        ctx: &Context<'_>,
        input: DeleteOneIntegrationInput,
    ) -> Result<IntegrationDeleteResponse> {
        let rc = ctx.data::<RequestContext>()?;
        let removed = integration::remove(
            &rc.db,
            Which {
                id: Some(input.id),
                environment: Some(rc.environment),
                vendor: None,
            },
            rc.now(),
        )
        .await?;
        let i = integration_object(&removed.integration);
        Ok(IntegrationDeleteResponse {
            created_at: i.created_at,
            credentials: i.credentials,
            environment_id: Some(i.environment_id),
            id: Some(i.id),
            integration_id: i.integration_id,
            is_default: i.is_default,
            metadata: i.metadata,
            supports_payment_method: Some(i.supports_payment_method),
            vendor_identifier: Some(i.vendor_identifier),
            vendor_type: Some(i.vendor_type),
        })
    }
}
