//! GraphiQL at GET `/graphql` for a browser, with every asset served by plangate from the
//! binary (`assets/graphiql/`: pinned, unmodified copies of the npm packages `graphiql` 3.9.0,
//! `react` and `react-dom` 18.3.1 with their licenses, see `assets/graphiql/README.md`), so the
//! page works on a machine without internet. The page has an X-API-KEY field; the key typed
//! there is sent with every request, and changing it fetches the schema again
//! (`assets/graphiql/plangate.js`). A Content-Security-Policy lets the page load nothing but
//! plangate's own resources.

use axum::extract::Path;
use axum::http::header::{ACCEPT, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::trace_id_of;
use super::Refused;
use crate::graphql::stigg::enums::ErrorCode;

/// The path of the assets, relative to the page's `/graphql` (`/graphiql/{file}`).
pub const ASSETS_ROUTE: &str = "/graphiql/{file}";

/// What the page may load: plangate's own scripts, styles and API; inline styles (React and
/// CodeMirror set `style` attributes) and `data:` fonts and images (the stylesheet embeds its
/// fonts).
const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The page (its scripts are files, so the policy allows no inline script).
const PAGE: &str = include_str!("../../assets/graphiql/index.html");

/// The embedded assets: name, content type, bytes.
const ASSETS: [(&str, &str, &[u8]); 9] = [
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.js"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.css"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    ),
    (
        "plangate.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/plangate.js"),
    ),
    (
        "plangate.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/plangate.css"),
    ),
    (
        "LICENSE.graphiql",
        "text/plain; charset=utf-8",
        include_bytes!("../../assets/graphiql/LICENSE.graphiql"),
    ),
    (
        "LICENSE.react",
        "text/plain; charset=utf-8",
        include_bytes!("../../assets/graphiql/LICENSE.react"),
    ),
    (
        "LICENSE.react-dom",
        "text/plain; charset=utf-8",
        include_bytes!("../../assets/graphiql/LICENSE.react-dom"),
    ),
];

/// Whether a GET `/graphql` asks for GraphiQL: a browser's request (its `Accept` lists
/// `text/html`) without a `query` parameter. Anything else is a GraphQL request by GET.
pub fn wanted(headers: &HeaderMap, query_string: Option<&str>) -> bool {
    let html = headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|range| {
            let mut parts = range.split(';');
            let mime = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            mime.eq_ignore_ascii_case("text/html") && !refused
        });
    let has_query = url::form_urlencoded::parse(query_string.unwrap_or_default().as_bytes())
        .any(|(name, _)| name == "query");
    html && !has_query
}

/// The GraphiQL page.
pub fn page() -> Response {
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        PAGE,
    )
        .into_response()
}

/// GET `/graphiql/{file}`: an embedded asset (cached by browsers for a day), or HTTP 404 in
/// the error shape.
pub async fn asset(Path(file): Path<String>, headers: HeaderMap) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, bytes)) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=86400"),
                ),
            ],
            *bytes,
        )
            .into_response(),
        None => Refused::new(
            StatusCode::NOT_FOUND,
            ErrorCode::BadUserInput,
            format!("no such GraphiQL asset: {file}"),
        )
        .respond(trace_id_of(&headers)),
    }
}
