//! Paging shared by every list (`customers`, `features`, `products`, `plans`, `addons`):
//! the same offset cursors, the same page arithmetic, and cursors whose offsets do not fit
//! the database's integers answer an empty page instead of failing (issue 7, item 5).

mod common;

use common::{assert_error, TestApp};
use plangate::catalog::apply;
use plangate::environment::{self, EnvironmentId};
use serde_json::{json, Value};

/// base64 of `arrayconnection:9223372036854775807` (i64::MAX): the edge after it is at an
/// offset one past what a signed 64-bit SQL integer holds.
const I64_MAX_CURSOR: &str = "YXJyYXljb25uZWN0aW9uOjkyMjMzNzIwMzY4NTQ3NzU4MDc=";
/// base64 of `arrayconnection:18446744073709551615` (u64::MAX).
const U64_MAX_CURSOR: &str = "YXJyYXljb25uZWN0aW9uOjE4NDQ2NzQ0MDczNzA5NTUxNjE1";

const LISTS: [&str; 5] = ["customers", "features", "products", "plans", "addons"];

/// An app with the example catalog (3 features, 1 product, 3 plans, 1 addon) and 2 customers.
async fn app_with_lists() -> TestApp {
    let app = TestApp::spawn().await;
    let env = environment::ensure_environment(&app.db, environment::DEVELOPMENT)
        .await
        .expect("development environment");
    let file = apply::parse(
        include_str!("../examples/catalog.yaml"),
        Some(apply::Format::Yaml),
    )
    .expect("examples/catalog.yaml parses");
    apply::apply(&app.db, EnvironmentId(env.id), &file, app.now())
        .await
        .expect("apply");
    for id in ["paging-a", "paging-b"] {
        let body = app.provision(json!({"customerId": id})).await;
        assert!(body.get("errors").is_none(), "{body}");
    }
    app
}

async fn page(app: &TestApp, list: &str, paging: Value) -> Value {
    let query = format!(
        "query ($paging: CursorPaging) {{ {list}(paging: $paging) {{ totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} edges {{ cursor node {{ id }} }} }} }}"
    );
    app.gql(&query, json!({ "paging": paging })).await
}

#[tokio::test]
async fn cursors_past_any_offset_answer_an_empty_page_on_every_list() {
    let app = app_with_lists().await;
    for list in LISTS {
        for cursor in [I64_MAX_CURSOR, U64_MAX_CURSOR] {
            let body = page(&app, list, json!({"first": 10, "after": cursor})).await;
            assert!(body.get("errors").is_none(), "{list} {cursor}: {body}");
            let connection = &body["data"][list];
            assert_eq!(connection["edges"], json!([]), "{list}: {body}");
            assert!(
                connection["totalCount"].as_i64() > Some(0),
                "{list}: {body}"
            );
            assert_eq!(
                connection["pageInfo"],
                json!({"hasNextPage": false, "hasPreviousPage": true, "startCursor": null, "endCursor": null}),
                "{list}"
            );
        }
    }
    // The same cursor as `before` on customers (the lists that accept it) is past the end:
    // the last page.
    let body = page(
        &app,
        "customers",
        json!({"last": 1, "before": I64_MAX_CURSOR}),
    )
    .await;
    assert_eq!(
        body["data"]["customers"]["edges"][0]["cursor"], "YXJyYXljb25uZWN0aW9uOjE=",
        "{body}"
    );
}

#[tokio::test]
async fn every_list_pages_with_the_same_cursors_and_limits() {
    let app = app_with_lists().await;
    for list in LISTS {
        let first = page(&app, list, json!({"first": 1})).await;
        let connection = &first["data"][list];
        assert_eq!(
            connection["edges"][0]["cursor"], "YXJyYXljb25uZWN0aW9uOjA=",
            "{list}: {first}"
        );
        assert_eq!(connection["pageInfo"]["hasPreviousPage"], false, "{list}");
        let total = connection["totalCount"].as_i64().unwrap_or_default();
        assert_eq!(connection["pageInfo"]["hasNextPage"], total > 1, "{list}");
        for bad in [
            json!({"first": 101}),
            json!({"first": -1}),
            json!({"after": "nope"}),
            json!({"after": "YXJyYXljb25uZWN0aW9uOi0x"}),
        ] {
            let body = page(&app, list, bad.clone()).await;
            assert_error(&body, "BadUserInput", true);
            assert!(body["data"].is_null(), "{list} {bad}: {body}");
        }
    }
}

/// The offset cursor of position `n`.
fn cursor(n: i64) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("arrayconnection:{n}"))
}

/// One page of `list` (`filter` as GraphQL argument text, may be empty) with `paging`,
/// selecting `totalCount` or not: its edges and pageInfo, or its error codes; and the
/// total count when selected.
async fn seen(
    app: &TestApp,
    list: &str,
    filter: &str,
    paging: &Value,
    total: bool,
) -> (Value, Option<i64>) {
    let node = if list == "subscriptions" {
        "subscriptionId"
    } else {
        "id"
    };
    let count = if total { "totalCount" } else { "" };
    let query = format!(
        "query ($paging: CursorPaging) {{ {list}({filter} paging: $paging) {{ {count} pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} edges {{ cursor node {{ {node} }} }} }} }}"
    );
    let body = app.gql(&query, json!({ "paging": paging })).await;
    if let Some(errors) = body.get("errors") {
        let codes: Vec<&Value> = errors
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| &e["extensions"]["code"])
            .collect();
        return (json!({ "errors": codes }), None);
    }
    let connection = &body["data"][list];
    (
        json!({"pageInfo": connection["pageInfo"], "edges": connection["edges"]}),
        connection["totalCount"].as_i64(),
    )
}

/// A page whose `totalCount` is not selected is read without counting (one row more than
/// the page tells whether rows follow): it answers the same edges and pageInfo as the same
/// page with `totalCount`, on every list, at the boundaries: an empty list, exactly `first`
/// rows, `first` + 1, cursors before, at and past the end, `last`/`before`, filters.
#[tokio::test]
async fn pages_without_total_count_answer_as_pages_with_it() {
    let app = app_with_lists().await;
    for i in 0..3 {
        let body = app
            .provision(json!({"customerId": format!("paging-sub-{i}"), "subscriptionParams": {"planId": "plan-free"}}))
            .await;
        assert!(body.get("errors").is_none(), "{body}");
    }
    // (list, filter, accepts last/before)
    let lists = [
        ("customers", "", true),
        (
            "customers",
            r#"filter: {refId: {in: ["paging-a", "paging-sub-1", "paging-sub-2"]}},"#,
            true,
        ),
        ("customers", r#"filter: {refId: {eq: "nobody"}},"#, true),
        ("features", "", false),
        ("products", "", false),
        ("plans", "", false),
        ("addons", "", false),
        ("plans", r#"filter: {refId: {eq: "nothing"}},"#, false),
        ("subscriptions", "", true),
        (
            "subscriptions",
            r#"filter: {customerId: {in: ["paging-sub-0", "paging-sub-2"]}},"#,
            true,
        ),
    ];
    let mut compared = 0;
    for (list, filter, backward) in lists {
        let (_, total) = seen(&app, list, filter, &json!({}), true).await;
        let n = total.unwrap_or_else(|| panic!("{list} {filter}: no totalCount"));
        let mut pagings = vec![
            json!({}),
            json!({"first": 0}),
            json!({"first": n}),
            json!({"first": (n - 1).max(0)}),
            json!({"first": n + 1}),
            json!({"first": 1, "after": cursor(0)}),
            json!({"first": 2, "after": cursor((n - 2).max(0))}),
            json!({"first": 1, "after": cursor((n - 1).max(0))}),
            json!({"first": 1, "after": cursor(n)}),
            json!({"first": 5, "after": cursor(n + 5)}),
            json!({"first": 0, "after": cursor(n + 5)}),
        ];
        if backward {
            pagings.extend([
                json!({"first": 10, "before": cursor(1)}),
                json!({"first": 1, "after": cursor(0), "before": cursor(2)}),
                json!({"last": 1, "before": cursor(1)}),
                json!({"last": 2, "before": cursor((n - 1).max(0))}),
                json!({"last": 2, "before": cursor(n)}),
                json!({"last": 2, "before": cursor(n + 3)}),
                json!({"last": 0, "before": cursor(1)}),
                json!({"last": 2}),
                json!({"last": 1, "after": cursor(2), "before": cursor(1)}),
            ]);
        }
        for paging in pagings {
            let (with, _) = seen(&app, list, filter, &paging, true).await;
            let (without, _) = seen(&app, list, filter, &paging, false).await;
            assert!(
                with.get("errors").is_none(),
                "{list} {filter} {paging}: {with}"
            );
            assert_eq!(with, without, "{list} {filter} {paging}");
            compared += 1;
        }
    }
    assert_eq!(compared, 5 * 20 + 5 * 11);

    // `totalCount` selected through a fragment is counted too.
    let body = app
        .gql(
            "query { customers(paging: {first: 1}) { ...Counted edges { cursor } } } fragment Counted on CustomerConnection { totalCount }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["customers"]["totalCount"], 5, "{body}");
}
