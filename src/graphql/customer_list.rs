//! `customers`: GraphQL filter/paging/sorting → the domain's list query.

use async_graphql::{Context, Result};

use super::customer::{CustomerConnection, PageInfo};
use super::stigg::inputs::{CursorPaging, CustomerFilter, CustomerSort};

/// Resolves Stigg's `customers` query.
pub async fn customers(
    _ctx: &Context<'_>,
    _filter: Option<CustomerFilter>,
    _paging: Option<CursorPaging>,
    _sorting: Option<Vec<CustomerSort>>,
) -> Result<CustomerConnection> {
    Ok(CustomerConnection {
        edges: Vec::new(),
        page_info: PageInfo {
            has_next_page: Some(false),
            has_previous_page: Some(false),
            start_cursor: None,
            end_cursor: None,
        },
        total_count: 0,
    })
}
