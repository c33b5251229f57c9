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
