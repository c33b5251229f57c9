//! Stigg's Relay connections, one generic type for every list: `Connection<Customer>` is
//! `CustomerConnection` on the wire, `Edge<Plan>` is `PlanEdge`, and so on (the name is the
//! node's type name with `Connection` or `Edge` appended, as async-graphql's own connection
//! type names itself). Fields are Stigg's, in Stigg's order: `pageInfo`, `edges`,
//! `totalCount`; `cursor`, `node`; `PageInfo`'s four fields.
//!
//! The page arithmetic and cursors are the domain's ([`crate::paging`]); this module only
//! decodes Stigg's `CursorPaging` and writes a [`Page`] as a connection.

use std::borrow::Cow;

use async_graphql::{Context, Object, OutputType, SimpleObject, TypeName};

use super::scalars::ConnectionCursor;
use super::stigg::inputs::CursorPaging;
use crate::paging::{Page, PageRequest, Total};

/// One page of a list: its edges in order, where the page lies in the list, and the number of
/// matching nodes over all pages. Cursors are offset cursors (base64 of
/// `arrayconnection:N`, N the 0-based position in the list), as Stigg's.
pub struct Connection<N> {
    page_info: PageInfo,
    edges: Vec<Edge<N>>,
    /// `None` when the request did not select `totalCount` (see [`page_request`]).
    total_count: Option<i32>,
}

/// One page of a list (a Relay connection, as Stigg's): the page's edges in order, where the
/// page lies in the list, and the number of matching nodes over all pages. Page with
/// `paging: {first, after}` or `{last, before}`.
#[Object(name_type)]
impl<N: OutputType> Connection<N> {
    /// Where the page lies in the list.
    #[graphql(name = "pageInfo")]
    async fn page_info(&self) -> &PageInfo {
        &self.page_info
    }
    /// The nodes of the page, in order, each with its cursor.
    async fn edges(&self) -> &[Edge<N>] {
        &self.edges
    }
    /// Number of nodes matching the filter, over all pages.
    #[graphql(name = "totalCount")]
    async fn total_count(&self) -> async_graphql::Result<i32> {
        // Counted whenever the selection holds `totalCount` (`page_request`), so never
        // missing unless that look-ahead and this field disagree: a bug, not a zero.
        Ok(self.total_count.ok_or_else(|| {
            crate::error::Error::Unexpected(anyhow::anyhow!(
                "totalCount was resolved but not counted"
            ))
        })?)
    }
}

impl<N: OutputType> TypeName for Connection<N> {
    fn type_name() -> Cow<'static, str> {
        format!("{}Connection", N::type_name()).into()
    }
}

/// One node of a page and its cursor (base64 of `arrayconnection:N`, N the node's 0-based
/// position in the list; pass it as `paging.after` or `paging.before`).
pub struct Edge<N> {
    cursor: ConnectionCursor,
    node: N,
}

/// One node of a page and its cursor: the node's 0-based position in the list as an offset
/// cursor (base64 of `arrayconnection:N`, as Stigg's).
#[Object(name_type)]
impl<N: OutputType> Edge<N> {
    /// The node's position in the list, as an offset cursor.
    async fn cursor(&self) -> &ConnectionCursor {
        &self.cursor
    }
    /// The node.
    async fn node(&self) -> &N {
        &self.node
    }
}

impl<N: OutputType> TypeName for Edge<N> {
    fn type_name() -> Cow<'static, str> {
        format!("{}Edge", N::type_name()).into()
    }
}

/// Stigg `PageInfo`: where a page lies in its list (Relay's page info).
#[derive(SimpleObject)]
#[graphql(name = "PageInfo")]
pub struct PageInfo {
    /// True when nodes follow the page.
    #[graphql(name = "hasNextPage")]
    pub has_next_page: Option<bool>,
    /// True when nodes precede the page.
    #[graphql(name = "hasPreviousPage")]
    pub has_previous_page: Option<bool>,
    /// The cursor of the page's first edge; null when the page is empty.
    #[graphql(name = "startCursor")]
    pub start_cursor: Option<ConnectionCursor>,
    /// The cursor of the page's last edge; null when the page is empty.
    #[graphql(name = "endCursor")]
    pub end_cursor: Option<ConnectionCursor>,
}

impl<N> Connection<N> {
    /// The connection of `page`, each row turned into a node by `node` (which may fail, e.g.
    /// when a row cannot be read). `totalCount` is capped at `i32::MAX` (GraphQL's `Int`).
    pub fn try_from_page<T, E>(
        page: Page<T>,
        mut node: impl FnMut(T) -> Result<N, E>,
    ) -> Result<Self, E> {
        let has_next_page = page.has_next_page();
        let has_previous_page = page.has_previous_page();
        let total_count = page.total.map(|t| i32::try_from(t).unwrap_or(i32::MAX));
        let mut edges = Vec::with_capacity(page.items.len());
        for (cursor, item) in page.into_edges() {
            edges.push(Edge {
                cursor: ConnectionCursor(cursor.to_string()),
                node: node(item)?,
            });
        }
        Ok(Connection {
            page_info: PageInfo {
                has_next_page: Some(has_next_page),
                has_previous_page: Some(has_previous_page),
                start_cursor: edges.first().map(|e| e.cursor.clone()),
                end_cursor: edges.last().map(|e| e.cursor.clone()),
            },
            edges,
            total_count,
        })
    }

    /// The connection of `page`, each row turned into a node by `node`.
    pub fn from_page<T>(page: Page<T>, mut node: impl FnMut(T) -> N) -> Self {
        match Self::try_from_page(page, |item| Ok::<N, std::convert::Infallible>(node(item))) {
            Ok(connection) => connection,
            Err(never) => match never {},
        }
    }
}

/// Stigg's `CursorPaging` as the domain's page request (absent paging: Stigg's default),
/// for the list field `ctx` resolves: its total count is wanted only when the field's
/// selection holds `totalCount` (async-graphql's look-ahead, which follows fragments), since
/// counting reads every matching row.
pub fn page_request(ctx: &Context<'_>, paging: Option<CursorPaging>) -> PageRequest {
    let total = if ctx.look_ahead().field("totalCount").exists() {
        Total::Count
    } else {
        Total::Skip
    };
    match paging {
        Some(p) => PageRequest {
            first: p.first,
            last: p.last,
            after: p.after.map(|c| c.0),
            before: p.before.map(|c| c.0),
            total,
        },
        None => PageRequest {
            total,
            ..PageRequest::default()
        },
    }
}
