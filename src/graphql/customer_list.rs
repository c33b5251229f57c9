//! `customers`: GraphQL filter/paging/sorting → the domain's list query
//! ([`crate::customer::list`]), and its page → `CustomerConnection`.
//!
//! Input Stigg declares but plangate cannot act on is refused with `UnsupportedParameter`
//! naming where it was given (e.g. `filter.or[1].subscriptions`), never silently ignored:
//! the filter fields `subscriptions`, `promotionalEntitlements`, `crmHubspotCompanyId`,
//! `crmHubspotCompanyUrl` and `deletedAt`; the `is`/`isNot` comparisons; sorting by fields
//! other than `createdAt`, `updatedAt`, `name`, `email`, `customerId`, `refId` and `id`.

use async_graphql::{Context, Result};

use super::connection::{page_request, Connection};
use super::customer::Customer;
use super::scalars::DateTime;
use super::stigg::enums::{CustomerSortFields, SortDirection, SortNulls};
use super::stigg::inputs::{
    CursorPaging, CustomerFilter, CustomerSort, DateFieldComparison, StringFieldComparison,
    UUIDFilterComparison,
};
use super::RequestContext;
use crate::customer::list::{
    self, Direction, Filter, IdOp, Nulls, Sort, SortField, TextField, TextOp, TimeField, TimeOp,
};
use crate::error::Error;

/// Resolves Stigg's `customers` query: the live customers of the API key's environment.
/// Defaults: `filter: {}`, `paging: {first: 10}`, `sorting: [{field: createdAt, direction:
/// DESC}]`. Errors: `BadUserInput`, `UnsupportedParameter` (see the module doc and
/// [`list::list`]).
pub async fn customers(
    ctx: &Context<'_>,
    filter: Option<CustomerFilter>,
    paging: Option<CursorPaging>,
    sorting: Option<Vec<CustomerSort>>,
) -> Result<Connection<Customer>> {
    let rc = ctx.data::<RequestContext>()?;
    let request = list::ListRequest {
        filter: match filter {
            Some(f) => customer_filter(&f, "filter")?,
            None => Filter::default(),
        },
        sorting: sorting
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, s)| sort(s, i))
            .collect::<Result<_, Error>>()?,
        paging: page_request(ctx, paging),
    };
    let page = list::list(&rc.db, rc.environment, request).await?;
    Ok(Connection::from_page(page, Customer))
}

fn unsupported(path: &str, what: &str) -> Error {
    Error::UnsupportedParameter(format!("{path}: {what} is not supported"))
}

/// One `CustomerFilter` object: its fields ANDed, `and` items ANDed in, `or` items ORed.
/// Works on references so that each level of nesting costs little stack.
fn customer_filter(f: &CustomerFilter, path: &str) -> Result<Filter, Error> {
    let refused = [
        ("subscriptions", f.subscriptions.is_some()),
        (
            "promotionalEntitlements",
            f.promotional_entitlements.is_some(),
        ),
        ("crmHubspotCompanyId", f.crm_hubspot_company_id.is_some()),
        ("crmHubspotCompanyUrl", f.crm_hubspot_company_url.is_some()),
        ("deletedAt", f.deleted_at.is_some()),
    ];
    if let Some((name, _)) = refused.iter().find(|(_, given)| *given) {
        return Err(unsupported(
            &format!("{path}.{name}"),
            &format!("filtering customers by {name}"),
        ));
    }

    let mut all = Vec::new();
    let texts = [
        ("customerId", TextField::RefId, &f.customer_id),
        ("refId", TextField::RefId, &f.ref_id),
        ("name", TextField::Name, &f.name),
        ("email", TextField::Email, &f.email),
        ("billingId", TextField::BillingId, &f.billing_id),
        ("crmId", TextField::CrmId, &f.crm_id),
        ("salesforceId", TextField::SalesforceId, &f.salesforce_id),
        (
            "awsMarketplaceCustomerId",
            TextField::AwsMarketplaceCustomerId,
            &f.aws_marketplace_customer_id,
        ),
    ];
    for (name, field, comparison) in texts {
        if let Some(c) = comparison {
            text_ops(&mut all, field, c, &format!("{path}.{name}"))?;
        }
    }
    for (name, field, comparison) in [
        ("createdAt", TimeField::CreatedAt, &f.created_at),
        ("updatedAt", TimeField::UpdatedAt, &f.updated_at),
    ] {
        if let Some(c) = comparison {
            time_ops(&mut all, field, c, &format!("{path}.{name}"))?;
        }
    }
    if let Some(c) = &f.id {
        all.extend(
            id_ops(c, &format!("{path}.id"))?
                .into_iter()
                .map(Filter::Id),
        );
    }
    if let Some(c) = &f.environment_id {
        all.extend(
            id_ops(c, &format!("{path}.environmentId"))?
                .into_iter()
                .map(Filter::EnvironmentId),
        );
    }
    if let Some(value) = f.search_query.as_ref().and_then(|s| s.i_like.as_ref()) {
        all.push(Filter::Search(value.clone()));
    }
    for (i, item) in f.and_.iter().flatten().enumerate() {
        all.push(customer_filter(item, &format!("{path}.and[{i}]"))?);
    }
    if let Some(items) = &f.or_ {
        let mut any = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            any.push(customer_filter(item, &format!("{path}.or[{i}]"))?);
        }
        all.push(Filter::Any(any));
    }
    Ok(if all.len() == 1 {
        all.remove(0)
    } else {
        Filter::All(all)
    })
}

fn refuse_is(path: &str, is: Option<bool>, is_not: Option<bool>) -> Result<(), Error> {
    if is.is_some() {
        return Err(unsupported(&format!("{path}.is"), "the is comparison"));
    }
    if is_not.is_some() {
        return Err(unsupported(
            &format!("{path}.isNot"),
            "the isNot comparison",
        ));
    }
    Ok(())
}

/// The operators of one comparison object, each a filter (the caller ANDs them).
fn text_ops(
    out: &mut Vec<Filter>,
    field: TextField,
    c: &StringFieldComparison,
    path: &str,
) -> Result<(), Error> {
    refuse_is(path, c.is_, c.is_not)?;
    let ops = [
        c.eq.clone().map(TextOp::Eq),
        c.neq.clone().map(TextOp::Neq),
        c.gt.clone().map(TextOp::Gt),
        c.gte.clone().map(TextOp::Gte),
        c.lt.clone().map(TextOp::Lt),
        c.lte.clone().map(TextOp::Lte),
        c.in_.clone().map(TextOp::In),
        c.not_in.clone().map(TextOp::NotIn),
        c.like.clone().map(TextOp::Like),
        c.not_like.clone().map(TextOp::NotLike),
        c.i_like.clone().map(TextOp::ILike),
        c.not_i_like.clone().map(TextOp::NotILike),
    ];
    out.extend(ops.into_iter().flatten().map(|op| Filter::Text(field, op)));
    Ok(())
}

fn time_ops(
    out: &mut Vec<Filter>,
    field: TimeField,
    c: &DateFieldComparison,
    path: &str,
) -> Result<(), Error> {
    refuse_is(path, c.is_, c.is_not)?;
    let ts = |list: &Vec<DateTime>| list.iter().map(|d| d.0).collect();
    let ops = [
        c.eq.map(|d| TimeOp::Eq(d.0)),
        c.neq.map(|d| TimeOp::Neq(d.0)),
        c.gt.map(|d| TimeOp::Gt(d.0)),
        c.gte.map(|d| TimeOp::Gte(d.0)),
        c.lt.map(|d| TimeOp::Lt(d.0)),
        c.lte.map(|d| TimeOp::Lte(d.0)),
        c.in_.as_ref().map(|l| TimeOp::In(ts(l))),
        c.not_in.as_ref().map(|l| TimeOp::NotIn(ts(l))),
        c.between
            .as_ref()
            .map(|b| TimeOp::Between(b.lower.0, b.upper.0)),
        c.not_between
            .as_ref()
            .map(|b| TimeOp::NotBetween(b.lower.0, b.upper.0)),
    ];
    out.extend(ops.into_iter().flatten().map(|op| Filter::Time(field, op)));
    Ok(())
}

/// UUID comparisons. `like`/`iLike` take a UUID (no wildcards can occur in one), so they
/// are equality, and `notLike`/`notILike` inequality.
fn id_ops(c: &UUIDFilterComparison, path: &str) -> Result<Vec<IdOp>, Error> {
    refuse_is(path, c.is_, c.is_not)?;
    let ops = [
        c.eq.map(IdOp::Eq),
        c.neq.map(IdOp::Neq),
        c.gt.map(IdOp::Gt),
        c.gte.map(IdOp::Gte),
        c.lt.map(IdOp::Lt),
        c.lte.map(IdOp::Lte),
        c.in_.clone().map(IdOp::In),
        c.not_in.clone().map(IdOp::NotIn),
        c.like.map(IdOp::Eq),
        c.i_like.map(IdOp::Eq),
        c.not_like.map(IdOp::Neq),
        c.not_i_like.map(IdOp::Neq),
    ];
    Ok(ops.into_iter().flatten().collect())
}

fn sort(s: CustomerSort, index: usize) -> Result<Sort, Error> {
    use CustomerSortFields as F;
    let field = match s.field {
        F::CreatedAt => SortField::CreatedAt,
        F::UpdatedAt => SortField::UpdatedAt,
        F::Name => SortField::Name,
        F::Email => SortField::Email,
        F::CustomerId | F::RefId => SortField::RefId,
        F::Id => SortField::Id,
        other => {
            let name = super::wire_enums::wire_name(other);
            return Err(unsupported(
                &format!("sorting[{index}].field"),
                &format!("sorting customers by {name}"),
            ));
        }
    };
    Ok(Sort {
        field,
        direction: match s.direction {
            SortDirection::Asc => Direction::Asc,
            SortDirection::Desc => Direction::Desc,
        },
        nulls: s.nulls.map(|n| match n {
            SortNulls::NullsFirst => Nulls::First,
            SortNulls::NullsLast => Nulls::Last,
        }),
    })
}
