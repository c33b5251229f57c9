//! The `customers` query over HTTP: default order and page size, every filter kind, and/or
//! nesting, search, archived and other environments' customers hidden, offset-cursor paging
//! both ways, sorting (NULLs first/last, tie-breaker), and every error code with HTTP 200.

mod common;

use base64::Engine as _;
use common::{assert_error, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

const CUSTOMERS: &str = r#"
query Customers($filter: CustomerFilter, $paging: CursorPaging, $sorting: [CustomerSort!]) {
  customers(filter: $filter, paging: $paging, sorting: $sorting) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node { id customerId refId name email createdAt updatedAt environmentId deletedAt }
    }
  }
}"#;

/// The wire cursor of the edge at `offset`: base64 of `arrayconnection:N`.
fn cursor(offset: usize) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("arrayconnection:{offset}"))
}

/// Provisions `input`; returns the customer.
async fn provision(app: &TestApp, input: Value) -> Value {
    let body = app.provision(input).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["provisionCustomer"]["customer"].clone()
}

/// Runs `customers` with `vars`; returns `data.customers` (no errors allowed).
async fn customers(app: &TestApp, vars: Value) -> Value {
    let body = app.gql(CUSTOMERS, vars).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["customers"].clone()
}

/// The `customerId`s of a connection's edges, in order.
fn refs(connection: &Value) -> Vec<String> {
    connection["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("no edges in {connection}"))
        .iter()
        .map(|e| {
            e["node"]["customerId"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

/// The `customerId`s matching `filter`, in id order.
async fn matching(app: &TestApp, filter: Value) -> Vec<String> {
    let conn = customers(
        app,
        json!({
            "filter": filter,
            "paging": {"first": 100},
            "sorting": [{"field": "customerId", "direction": "ASC"}]
        }),
    )
    .await;
    let ids = refs(&conn);
    assert_eq!(conn["totalCount"], ids.len(), "{conn}");
    ids
}

/// Six customers with distinct fields, for the filter tests.
async fn seed_filters(app: &TestApp) -> Vec<Value> {
    let inputs = [
        json!({"customerId": "a1", "name": "Alice", "email": "alice@example.com",
               "createdAt": "2024-01-01T00:00:00.000Z", "billingId": "bill-1", "crmId": "crm-1"}),
        json!({"customerId": "a2", "name": "alice cooper", "email": "ACOOPER@example.com",
               "createdAt": "2024-01-02T12:00:00.000Z", "salesforceId": "sf-2"}),
        json!({"customerId": "b3", "name": "Bob", "email": "bob@test.org",
               "createdAt": "2024-01-03T00:00:00.000Z", "billingId": "bill-3",
               "awsMarketplaceCustomerId": "aws-3"}),
        json!({"customerId": "c4", "name": "Carol_x",
               "createdAt": "2024-01-04T00:00:00.000Z", "crmId": "crm-4"}),
        json!({"customerId": "d5", "email": "d5@test.org",
               "createdAt": "2024-01-05T00:00:00.000Z"}),
        json!({"customerId": "e6", "name": "50% off", "email": "e6@example.com",
               "createdAt": "2024-01-06T00:00:00.500Z"}),
    ];
    let mut out = Vec::new();
    for input in inputs {
        out.push(provision(app, input).await);
    }
    out
}

fn v(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn default_order_is_newest_first_and_ten_per_page() {
    let app = TestApp::spawn().await;
    // provisioned out of order; createdAt decides
    for day in [5, 12, 1, 9, 3, 11, 7, 2, 10, 4, 8, 6] {
        provision(
            &app,
            json!({"customerId": format!("day-{day:02}"),
                   "createdAt": format!("2024-03-{day:02}T08:00:00.000Z")}),
        )
        .await;
    }
    let conn = customers(&app, json!({})).await;
    let expected: Vec<String> = (3..=12).rev().map(|d| format!("day-{d:02}")).collect();
    assert_eq!(refs(&conn), expected);
    assert_eq!(conn["totalCount"], 12);
    assert_eq!(
        conn["pageInfo"],
        json!({"hasNextPage": true, "hasPreviousPage": false,
               "startCursor": cursor(0), "endCursor": cursor(9)})
    );
    assert_eq!(conn["edges"][0]["cursor"], "YXJyYXljb25uZWN0aW9uOjA=");
    let node = &conn["edges"][0]["node"];
    assert_eq!(node["refId"], "day-12");
    assert_eq!(node["createdAt"], "2024-03-12T08:00:00.000Z");
    assert!(node["deletedAt"].is_null());

    // explicit nulls mean the defaults too
    let same = customers(
        &app,
        json!({"filter": null, "paging": null, "sorting": null}),
    )
    .await;
    assert_eq!(refs(&same), expected);
    // paging without first/last: ten
    let after = customers(&app, json!({"paging": {"after": cursor(0)}})).await;
    assert_eq!(refs(&after).len(), 10);
    assert_eq!(refs(&after)[0], "day-11");
}

#[tokio::test]
async fn string_comparisons_on_every_text_field() {
    let app = TestApp::spawn().await;
    seed_filters(&app).await;
    let all = v(&["a1", "a2", "b3", "c4", "d5", "e6"]);
    assert_eq!(matching(&app, json!({})).await, all);

    let cases = [
        (json!({"customerId": {"eq": "b3"}}), v(&["b3"])),
        (json!({"refId": {"eq": "b3"}}), v(&["b3"])),
        (json!({"customerId": {"eq": "B3"}}), v(&[])),
        (
            json!({"customerId": {"neq": "b3"}}),
            v(&["a1", "a2", "c4", "d5", "e6"]),
        ),
        (
            json!({"customerId": {"in": ["a1", "c4", "zz"]}}),
            v(&["a1", "c4"]),
        ),
        (json!({"customerId": {"in": []}}), v(&[])),
        (
            json!({"refId": {"notIn": ["a1", "c4"]}}),
            v(&["a2", "b3", "d5", "e6"]),
        ),
        (json!({"refId": {"gt": "b3"}}), v(&["c4", "d5", "e6"])),
        (
            json!({"refId": {"gte": "b3"}}),
            v(&["b3", "c4", "d5", "e6"]),
        ),
        (json!({"refId": {"lt": "b3"}}), v(&["a1", "a2"])),
        (json!({"refId": {"lte": "b3"}}), v(&["a1", "a2", "b3"])),
        // several operators in one comparison are ANDed
        (
            json!({"refId": {"gte": "a2", "lt": "d5"}}),
            v(&["a2", "b3", "c4"]),
        ),
        (json!({"name": {"eq": "Bob"}}), v(&["b3"])),
        // neq never matches a NULL column (d5 has no name)
        (
            json!({"name": {"neq": "Bob"}}),
            v(&["a1", "a2", "c4", "e6"]),
        ),
        // text compares by bytes: uppercase sorts before lowercase on both backends
        (json!({"name": {"gt": "Bob"}}), v(&["a2", "c4"])),
        (
            json!({"email": {"in": ["bob@test.org", "d5@test.org"]}}),
            v(&["b3", "d5"]),
        ),
        (json!({"billingId": {"eq": "bill-1"}}), v(&["a1"])),
        (json!({"billingId": {"notIn": ["bill-1"]}}), v(&["b3"])),
        (
            json!({"crmId": {"in": ["crm-1", "crm-4"]}}),
            v(&["a1", "c4"]),
        ),
        (json!({"salesforceId": {"eq": "sf-2"}}), v(&["a2"])),
        (
            json!({"awsMarketplaceCustomerId": {"eq": "aws-3"}}),
            v(&["b3"]),
        ),
        // an empty comparison constrains nothing
        (json!({"name": {}}), all.clone()),
    ];
    for (filter, expected) in cases {
        assert_eq!(matching(&app, filter.clone()).await, expected, "{filter}");
    }
}

#[tokio::test]
async fn like_is_case_sensitive_and_ilike_is_not() {
    let app = TestApp::spawn().await;
    seed_filters(&app).await;
    let cases = [
        (json!({"name": {"like": "Al%"}}), v(&["a1"])),
        (json!({"name": {"like": "al%"}}), v(&["a2"])),
        (json!({"name": {"like": "AL%"}}), v(&[])),
        (json!({"name": {"iLike": "AL%"}}), v(&["a1", "a2"])),
        (json!({"name": {"iLike": "%COOPER"}}), v(&["a2"])),
        // NULL names (d5) match neither like nor notLike
        (
            json!({"name": {"notLike": "Al%"}}),
            v(&["a2", "b3", "c4", "e6"]),
        ),
        (json!({"name": {"notILike": "al%"}}), v(&["b3", "c4", "e6"])),
        // `_` is one character; no implicit substring
        (json!({"name": {"like": "B_b"}}), v(&["b3"])),
        (json!({"name": {"like": "Bo"}}), v(&[])),
        // backslash escapes a wildcard
        (json!({"name": {"like": "50\\% off"}}), v(&["e6"])),
        (json!({"name": {"like": "Carol\\_x"}}), v(&["c4"])),
        (json!({"name": {"like": "Carol\\_"}}), v(&[])),
        (json!({"email": {"like": "a%"}}), v(&["a1"])),
        (json!({"email": {"iLike": "a%"}}), v(&["a1", "a2"])),
        (
            json!({"email": {"iLike": "%@EXAMPLE.COM"}}),
            v(&["a1", "a2", "e6"]),
        ),
        (json!({"customerId": {"like": "A%"}}), v(&[])),
        (json!({"customerId": {"iLike": "A%"}}), v(&["a1", "a2"])),
        (json!({"billingId": {"like": "bill-%"}}), v(&["a1", "b3"])),
        (json!({"crmId": {"iLike": "CRM-_"}}), v(&["a1", "c4"])),
    ];
    for (filter, expected) in cases {
        assert_eq!(matching(&app, filter.clone()).await, expected, "{filter}");
    }
}

#[tokio::test]
async fn date_comparisons_on_created_and_updated_at() {
    let app = TestApp::spawn().await;
    let seeded = seed_filters(&app).await;
    let cases = [
        (
            json!({"createdAt": {"gt": "2024-01-03T00:00:00.000Z"}}),
            v(&["c4", "d5", "e6"]),
        ),
        (
            json!({"createdAt": {"gte": "2024-01-03T00:00:00.000Z"}}),
            v(&["b3", "c4", "d5", "e6"]),
        ),
        (
            json!({"createdAt": {"lt": "2024-01-02T12:00:00.000Z"}}),
            v(&["a1"]),
        ),
        (
            json!({"createdAt": {"lte": "2024-01-02T12:00:00.000Z"}}),
            v(&["a1", "a2"]),
        ),
        (
            json!({"createdAt": {"eq": "2024-01-02T12:00:00.000Z"}}),
            v(&["a2"]),
        ),
        // any offset is converted to UTC
        (
            json!({"createdAt": {"eq": "2024-01-03T01:00:00+01:00"}}),
            v(&["b3"]),
        ),
        (
            json!({"createdAt": {"neq": "2024-01-02T12:00:00.000Z"}}),
            v(&["a1", "b3", "c4", "d5", "e6"]),
        ),
        (
            json!({"createdAt": {"in": ["2024-01-01T00:00:00.000Z", "2024-01-05T00:00:00Z"]}}),
            v(&["a1", "d5"]),
        ),
        (
            json!({"createdAt": {"notIn": ["2024-01-01T00:00:00.000Z", "2024-01-05T00:00:00Z"]}}),
            v(&["a2", "b3", "c4", "e6"]),
        ),
        // between includes both bounds
        (
            json!({"createdAt": {"between": {"lower": "2024-01-02T12:00:00.000Z",
                                               "upper": "2024-01-04T00:00:00.000Z"}}}),
            v(&["a2", "b3", "c4"]),
        ),
        (
            json!({"createdAt": {"notBetween": {"lower": "2024-01-02T12:00:00.000Z",
                                                  "upper": "2024-01-04T00:00:00.000Z"}}}),
            v(&["a1", "d5", "e6"]),
        ),
        // a range as two operators
        (
            json!({"createdAt": {"gt": "2024-01-01T00:00:00.000Z",
                                 "lt": "2024-01-04T00:00:00.000Z"}}),
            v(&["a2", "b3"]),
        ),
        // milliseconds count (e6 was created at 00:00:00.500)
        (
            json!({"createdAt": {"gt": "2024-01-06T00:00:00Z"}}),
            v(&["e6"]),
        ),
        (
            json!({"createdAt": {"gte": "2024-01-05T00:00:00Z",
                                 "lt": "2024-01-06T00:00:00.500Z"}}),
            v(&["d5"]),
        ),
        (
            json!({"createdAt": {"eq": "2024-01-06T00:00:00.500Z"}}),
            v(&["e6"]),
        ),
        (
            json!({"updatedAt": {"lt": "2000-01-01T00:00:00.000Z"}}),
            v(&[]),
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(matching(&app, filter.clone()).await, expected, "{filter}");
    }

    let b3_updated = seeded[2]["updatedAt"].clone();
    let equal = matching(&app, json!({"updatedAt": {"eq": b3_updated}})).await;
    assert!(equal.contains(&"b3".to_owned()), "{equal:?}");
    let before = matching(&app, json!({"updatedAt": {"lt": b3_updated}})).await;
    assert!(
        before.contains(&"a1".to_owned()) && !before.contains(&"b3".to_owned()),
        "{before:?}"
    );
    let after = matching(&app, json!({"updatedAt": {"gte": b3_updated}})).await;
    assert!(after.contains(&"e6".to_owned()) && after.contains(&"b3".to_owned()));
}

#[tokio::test]
async fn id_comparisons() {
    let app = TestApp::spawn().await;
    let seeded = seed_filters(&app).await;
    let id = |i: usize| seeded[i]["id"].clone();
    let cases = [
        (json!({"id": {"eq": id(2)}}), v(&["b3"])),
        (json!({"id": {"like": id(2)}}), v(&["b3"])),
        (json!({"id": {"in": [id(0), id(3)]}}), v(&["a1", "c4"])),
        (
            json!({"id": {"neq": id(2)}}),
            v(&["a1", "a2", "c4", "d5", "e6"]),
        ),
        (
            json!({"id": {"notIn": [id(0), id(3)]}}),
            v(&["a2", "b3", "d5", "e6"]),
        ),
        (
            json!({"id": {"eq": "00000000-0000-4000-8000-000000000000"}}),
            v(&[]),
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(matching(&app, filter.clone()).await, expected, "{filter}");
    }
    // gt/lt follow the UUID order
    let mut ids: Vec<(String, String)> = seeded
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or_default().to_owned(),
                c["customerId"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    ids.sort();
    let mut above: Vec<String> = ids[3..].iter().map(|(_, r)| r.clone()).collect();
    above.sort();
    assert_eq!(matching(&app, json!({"id": {"gt": ids[2].0}})).await, above);
}

#[tokio::test]
async fn and_or_nest_and_fields_of_one_object_are_anded() {
    let app = TestApp::spawn().await;
    seed_filters(&app).await;
    let cases = [
        (
            json!({"or": [{"customerId": {"eq": "a1"}}, {"name": {"eq": "Bob"}}]}),
            v(&["a1", "b3"]),
        ),
        (
            json!({"name": {"iLike": "al%"}, "email": {"like": "a%"}}),
            v(&["a1"]),
        ),
        (
            json!({"and": [{"name": {"iLike": "al%"}}, {"email": {"iLike": "%cooper%"}}]}),
            v(&["a2"]),
        ),
        (
            json!({"and": [
                {"or": [{"customerId": {"eq": "a1"}}, {"customerId": {"eq": "b3"}},
                        {"customerId": {"eq": "d5"}}]},
                {"or": [{"billingId": {"like": "bill%"}}, {"crmId": {"eq": "crm-4"}}]}
            ]}),
            v(&["a1", "b3"]),
        ),
        (
            json!({"or": [
                {"and": [{"name": {"iLike": "al%"}},
                         {"createdAt": {"gt": "2024-01-01T12:00:00.000Z"}}]},
                {"customerId": {"eq": "e6"}}
            ]}),
            v(&["a2", "e6"]),
        ),
        (
            json!({"or": [
                {"and": [
                    {"or": [{"customerId": {"eq": "d5"}}, {"customerId": {"eq": "c4"}}]},
                    {"crmId": {"eq": "crm-4"}}
                ]},
                {"refId": {"eq": "a1"}}
            ]}),
            v(&["a1", "c4"]),
        ),
        // fields beside `or` are ANDed with it
        (
            json!({"createdAt": {"gte": "2024-01-02T12:00:00.000Z"},
                   "or": [{"name": {"like": "B%"}}, {"name": {"like": "C%"}},
                          {"name": {"iLike": "al%"}}]}),
            v(&["a2", "b3", "c4"]),
        ),
        // empty groups constrain nothing (nestjs-query)
        (
            json!({"and": [], "or": []}),
            v(&["a1", "a2", "b3", "c4", "d5", "e6"]),
        ),
        (
            json!({"or": [{}, {"customerId": {"eq": "a1"}}]}),
            v(&["a1", "a2", "b3", "c4", "d5", "e6"]),
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(matching(&app, filter.clone()).await, expected, "{filter}");
    }
}

#[tokio::test]
async fn search_query_matches_id_name_or_email_case_insensitively() {
    let app = TestApp::spawn().await;
    seed_filters(&app).await;
    let cases = [
        ("ALICE", v(&["a1", "a2"])),
        ("TEST.ORG", v(&["b3", "d5"])),
        ("C4", v(&["c4"])),
        ("%cooper%", v(&["a2"])),
        ("nobody", v(&[])),
    ];
    for (term, expected) in cases {
        assert_eq!(
            matching(&app, json!({"searchQuery": {"iLike": term}})).await,
            expected,
            "{term}"
        );
    }
    assert_eq!(
        matching(
            &app,
            json!({"searchQuery": {"iLike": "example"}, "name": {"like": "A%"}})
        )
        .await,
        v(&["a1"])
    );
}

#[tokio::test]
async fn archived_customers_never_appear() {
    let app = TestApp::spawn().await;
    seed_filters(&app).await;
    let body = app
        .gql(common::ARCHIVE, json!({"input": {"customerId": "a2"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");

    let conn = customers(&app, json!({"paging": {"first": 100}})).await;
    assert_eq!(refs(&conn), v(&["e6", "d5", "c4", "b3", "a1"]));
    assert_eq!(conn["totalCount"], 5);
    for filter in [
        json!({"customerId": {"eq": "a2"}}),
        json!({"salesforceId": {"eq": "sf-2"}}),
        json!({"createdAt": {"eq": "2024-01-02T12:00:00.000Z"}}),
        json!({"name": {"notIn": ["x"]}, "or": [{"customerId": {"like": "a%"}}]}),
    ] {
        let found = matching(&app, filter.clone()).await;
        assert!(!found.contains(&"a2".to_owned()), "{filter}: {found:?}");
    }
    assert_eq!(
        matching(&app, json!({"customerId": {"like": "a%"}})).await,
        v(&["a1"])
    );
}

#[tokio::test]
async fn other_environments_customers_never_appear() {
    let app = TestApp::spawn().await;
    provision(&app, json!({"customerId": "dev-only"})).await;
    provision(&app, json!({"customerId": "shared", "name": "dev"})).await;
    let key = plangate::environment::create_key(&app.db, "production")
        .await
        .expect("production key");
    for (id, name) in [("prod-only", "prod"), ("shared", "prod")] {
        let (status, body) = app
            .post_with_key(
                Some(&key),
                json!({"query": common::PROVISION,
                       "variables": {"input": {"customerId": id, "name": name}}}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.get("errors").is_none(), "{body}");
    }

    let dev = customers(
        &app,
        json!({"sorting": [{"field": "customerId", "direction": "ASC"}]}),
    )
    .await;
    assert_eq!(refs(&dev), v(&["dev-only", "shared"]));
    assert_eq!(dev["totalCount"], 2);
    assert_eq!(dev["edges"][1]["node"]["name"], "dev");
    let dev_env = dev["edges"][0]["node"]["environmentId"].clone();

    let (status, prod) = app
        .post_with_key(
            Some(&key),
            json!({"query": CUSTOMERS,
                   "variables": {"sorting": [{"field": "customerId", "direction": "ASC"}]}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let prod = &prod["data"]["customers"];
    assert_eq!(refs(prod), v(&["prod-only", "shared"]));
    assert_eq!(prod["totalCount"], 2);
    assert_eq!(prod["edges"][1]["node"]["name"], "prod");
    let prod_env = prod["edges"][0]["node"]["environmentId"].clone();
    assert_ne!(dev_env, prod_env);

    // a search matching both environments' rows still sees only its own
    assert_eq!(
        matching(&app, json!({"searchQuery": {"iLike": "D"}})).await,
        v(&["dev-only", "shared"])
    );
    // naming the key's own environment is allowed; another one is refused
    assert_eq!(
        matching(&app, json!({"environmentId": {"eq": dev_env}})).await,
        v(&["dev-only", "shared"])
    );
    let body = app
        .gql(
            CUSTOMERS,
            json!({"filter": {"environmentId": {"eq": prod_env}}}),
        )
        .await;
    let message = assert_error(&body, "UnsupportedParameter", true);
    assert!(message.contains("environmentId"), "{message}");
}

#[tokio::test]
async fn paging_forwards_and_backwards_through_every_customer() {
    let app = TestApp::spawn().await;
    for i in 0..7 {
        provision(
            &app,
            json!({"customerId": format!("p{i}"),
                   "createdAt": format!("2024-02-0{}T00:00:00.000Z", i + 1)}),
        )
        .await;
    }
    // default order: p6 (newest) … p0
    let order: Vec<String> = (0..7).rev().map(|i| format!("p{i}")).collect();

    // forwards, three at a time
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let conn = customers(&app, json!({"paging": {"first": 3, "after": after}})).await;
        assert_eq!(conn["totalCount"], 7, "{conn}");
        let page = refs(&conn);
        let start = seen.len();
        for (k, edge) in conn["edges"].as_array().into_iter().flatten().enumerate() {
            assert_eq!(edge["cursor"], cursor(start + k), "{conn}");
        }
        let info = &conn["pageInfo"];
        assert_eq!(info["hasPreviousPage"], start > 0, "{conn}");
        assert_eq!(info["hasNextPage"], start + page.len() < 7, "{conn}");
        assert_eq!(info["startCursor"], cursor(start));
        assert_eq!(info["endCursor"], cursor(start + page.len() - 1));
        seen.extend(page);
        pages += 1;
        if info["hasNextPage"] != true {
            break;
        }
        after = info["endCursor"].as_str().map(str::to_owned);
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, order);

    // after the last edge: empty, nothing next, something before
    let past = customers(&app, json!({"paging": {"first": 3, "after": cursor(6)}})).await;
    assert_eq!(refs(&past), Vec::<String>::new());
    assert_eq!(
        past["pageInfo"],
        json!({"hasNextPage": false, "hasPreviousPage": true,
               "startCursor": null, "endCursor": null})
    );
    assert_eq!(past["totalCount"], 7);

    // backwards, three at a time: `last` alone is the end of the list
    let mut seen_back: Vec<String> = Vec::new();
    let mut before: Option<String> = None;
    let mut pages = 0;
    loop {
        let conn = customers(&app, json!({"paging": {"last": 3, "before": before}})).await;
        assert_eq!(conn["totalCount"], 7, "{conn}");
        let page = refs(&conn);
        let end = 7 - seen_back.len();
        let start = end - page.len();
        assert_eq!(page, order[start..end].to_vec(), "{conn}");
        for (k, edge) in conn["edges"].as_array().into_iter().flatten().enumerate() {
            assert_eq!(edge["cursor"], cursor(start + k), "{conn}");
        }
        let info = &conn["pageInfo"];
        assert_eq!(info["hasPreviousPage"], start > 0, "{conn}");
        assert_eq!(info["hasNextPage"], end < 7, "{conn}");
        assert_eq!(info["startCursor"], cursor(start));
        assert_eq!(info["endCursor"], cursor(end - 1));
        let mut all = page;
        all.extend(seen_back);
        seen_back = all;
        pages += 1;
        if info["hasPreviousPage"] != true {
            break;
        }
        before = info["startCursor"].as_str().map(str::to_owned);
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(pages, 3);
    assert_eq!(seen_back, order);

    // nestjs-query's `before` + `last`: the n edges immediately before the cursor
    let conn = customers(&app, json!({"paging": {"last": 2, "before": cursor(4)}})).await;
    assert_eq!(refs(&conn), v(&["p4", "p3"]));
    // `first` with both cursors stays between them
    let conn = customers(
        &app,
        json!({"paging": {"first": 10, "after": cursor(1), "before": cursor(4)}}),
    )
    .await;
    assert_eq!(refs(&conn), v(&["p4", "p3"]));
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    assert_eq!(conn["pageInfo"]["hasPreviousPage"], true);
    // first: 0 is an empty page that knows what follows
    let conn = customers(&app, json!({"paging": {"first": 0}})).await;
    assert_eq!(refs(&conn), Vec::<String>::new());
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    assert_eq!(conn["totalCount"], 7);
    // totalCount counts the filter's matches over all pages
    let conn = customers(
        &app,
        json!({"filter": {"createdAt": {"gte": "2024-02-03T00:00:00.000Z"}},
               "paging": {"first": 2}}),
    )
    .await;
    assert_eq!(refs(&conn), v(&["p6", "p5"]));
    assert_eq!(conn["totalCount"], 5);
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    // an unpadded cursor is accepted
    let unpadded = cursor(0).trim_end_matches('=').to_owned();
    let conn = customers(&app, json!({"paging": {"first": 1, "after": unpadded}})).await;
    assert_eq!(refs(&conn), v(&["p5"]));
}

#[tokio::test]
async fn equal_sort_keys_are_broken_by_id_so_pages_are_stable() {
    let app = TestApp::spawn().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let c = provision(
            &app,
            json!({"customerId": format!("same-{i}"), "createdAt": "2024-05-05T05:05:05.000Z"}),
        )
        .await;
        ids.push((
            c["id"].as_str().unwrap_or_default().to_owned(),
            format!("same-{i}"),
        ));
    }
    ids.sort();
    let expected: Vec<String> = ids.into_iter().map(|(_, r)| r).collect();
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..3 {
        let conn = customers(&app, json!({"paging": {"first": 2, "after": after}})).await;
        seen.extend(refs(&conn));
        after = conn["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn sorting_by_name_puts_nulls_first_or_last() {
    let app = TestApp::spawn().await;
    let mut null_ids = Vec::new();
    for (i, name) in [Some("alice"), None, Some("Bob"), Some("carol"), None]
        .into_iter()
        .enumerate()
    {
        let c = provision(
            &app,
            json!({"customerId": format!("n{i}"), "name": name,
                   "createdAt": format!("2024-06-0{}T00:00:00.000Z", i + 1)}),
        )
        .await;
        if name.is_none() {
            null_ids.push((
                c["id"].as_str().unwrap_or_default().to_owned(),
                format!("n{i}"),
            ));
        }
    }
    null_ids.sort();
    let nulls: Vec<String> = null_ids.into_iter().map(|(_, r)| r).collect();
    let named_asc = v(&["n2", "n0", "n3"]); // Bob < alice < carol (byte order)
    let named_desc: Vec<String> = named_asc.iter().rev().cloned().collect();
    let joined = |a: &[String], b: &[String]| [a, b].concat();

    let cases = [
        (
            json!({"direction": "ASC", "field": "name"}),
            joined(&named_asc, &nulls),
        ),
        (
            json!({"direction": "ASC", "field": "name", "nulls": "NULLS_LAST"}),
            joined(&named_asc, &nulls),
        ),
        (
            json!({"direction": "ASC", "field": "name", "nulls": "NULLS_FIRST"}),
            joined(&nulls, &named_asc),
        ),
        (
            json!({"direction": "DESC", "field": "name"}),
            joined(&nulls, &named_desc),
        ),
        (
            json!({"direction": "DESC", "field": "name", "nulls": "NULLS_LAST"}),
            joined(&named_desc, &nulls),
        ),
        (
            json!({"direction": "DESC", "field": "name", "nulls": "NULLS_FIRST"}),
            joined(&nulls, &named_desc),
        ),
    ];
    for (sort, expected) in cases {
        let conn = customers(&app, json!({"sorting": [sort]})).await;
        assert_eq!(refs(&conn), expected, "{sort}");
    }

    // a second key orders the NULL group
    let conn = customers(
        &app,
        json!({"sorting": [{"direction": "ASC", "field": "name", "nulls": "NULLS_FIRST"},
                           {"direction": "DESC", "field": "createdAt"}]}),
    )
    .await;
    assert_eq!(refs(&conn), v(&["n4", "n1", "n2", "n0", "n3"]));
}

#[tokio::test]
async fn sorting_by_the_other_supported_fields() {
    let app = TestApp::spawn().await;
    let seeded = seed_filters(&app).await;
    let sorted = |field: &str, direction: &str| json!({"sorting": [{"field": field, "direction": direction}], "paging": {"first": 100}});
    let cases = [
        (
            sorted("createdAt", "ASC"),
            v(&["a1", "a2", "b3", "c4", "d5", "e6"]),
        ),
        (
            sorted("customerId", "DESC"),
            v(&["e6", "d5", "c4", "b3", "a2", "a1"]),
        ),
        (
            sorted("refId", "ASC"),
            v(&["a1", "a2", "b3", "c4", "d5", "e6"]),
        ),
        // ACOOPER < alice < bob < d5 < e6, then c4's NULL email last
        (
            sorted("email", "ASC"),
            v(&["a2", "a1", "b3", "d5", "e6", "c4"]),
        ),
    ];
    for (vars, expected) in cases {
        assert_eq!(
            refs(&customers(&app, vars.clone()).await),
            expected,
            "{vars}"
        );
    }

    let mut by_id: Vec<(String, String)> = seeded
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or_default().to_owned(),
                c["customerId"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    by_id.sort();
    let expected: Vec<String> = by_id.iter().rev().map(|(_, r)| r.clone()).collect();
    assert_eq!(refs(&customers(&app, sorted("id", "DESC")).await), expected);

    let conn = customers(&app, sorted("updatedAt", "ASC")).await;
    let times: Vec<String> = conn["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            e["node"]["updatedAt"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(times.len(), 6);
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
}

/// POSTs `customers` with `vars`; asserts HTTP 200, null data and one error with `code`;
/// returns the message.
async fn refused(app: &TestApp, vars: Value, code: &str) -> String {
    let (status, body) = app.post(CUSTOMERS, vars.clone()).await;
    assert_eq!(status, StatusCode::OK, "{vars}: {body}");
    assert!(body["data"].is_null(), "{vars}: {body}");
    let message = assert_error(&body, code, true);
    assert!(!message.contains("SELECT"), "{message}");
    message
}

#[tokio::test]
async fn every_error_has_its_code_and_http_200() {
    let app = TestApp::spawn().await;
    seed_filters(&app).await;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);

    let bad_input = [
        json!({"paging": {"first": 101}}),
        json!({"paging": {"first": -1}}),
        json!({"paging": {"last": 101}}),
        json!({"paging": {"last": -5}}),
        json!({"paging": {"first": 1, "last": 1}}),
        json!({"paging": {"after": "not a cursor"}}),
        json!({"paging": {"after": b64("offset:3")}}),
        json!({"paging": {"before": b64("arrayconnection:-1"), "last": 2}}),
        json!({"paging": {"after": b64("arrayconnection:x")}}),
        json!({"filter": {"name": {"like": "abc\\"}}}),
        json!({"filter": {"searchQuery": {"iLike": "abc\\"}}}),
        json!({"filter": {"name": {"eq": "a\u{0}b"}}}),
        json!({"filter": {"customerId": {"in": (0..1001).map(|i| format!("c{i}")).collect::<Vec<_>>()}}}),
        json!({"sorting": (0..11).map(|_| json!({"field": "name", "direction": "ASC"})).collect::<Vec<_>>()}),
        json!({"filter": {"createdAt": {"eq": "yesterday"}}}),
    ];
    for vars in bad_input {
        refused(&app, vars, "BadUserInput").await;
    }
    let unsupported = [
        (json!({"filter": {"name": {"is": true}}}), "filter.name.is"),
        (
            json!({"filter": {"email": {"isNot": false}}}),
            "filter.email.isNot",
        ),
        (
            json!({"filter": {"createdAt": {"is": true}}}),
            "filter.createdAt.is",
        ),
        (
            json!({"filter": {"id": {"isNot": true}}}),
            "filter.id.isNot",
        ),
        (
            json!({"filter": {"subscriptions": {"billingId": {"eq": "x"}}}}),
            "filter.subscriptions",
        ),
        (
            json!({"filter": {"promotionalEntitlements": {"id": {"eq": "00000000-0000-4000-8000-000000000000"}}}}),
            "filter.promotionalEntitlements",
        ),
        (
            json!({"filter": {"crmHubspotCompanyId": {"eq": "x"}}}),
            "filter.crmHubspotCompanyId",
        ),
        (
            json!({"filter": {"crmHubspotCompanyUrl": {"eq": "x"}}}),
            "filter.crmHubspotCompanyUrl",
        ),
        (
            json!({"filter": {"or": [{"customerId": {"eq": "a1"}},
                                     {"deletedAt": {"gt": "2024-01-01T00:00:00Z"}}]}}),
            "filter.or[1].deletedAt",
        ),
        (
            json!({"filter": {"and": [{"refId": {"isNot": true}}]}}),
            "filter.and[0].refId.isNot",
        ),
        (
            json!({"filter": {"environmentId": {"eq": "00000000-0000-4000-8000-000000000000"}}}),
            "environmentId",
        ),
        (
            json!({"sorting": [{"field": "createdAt", "direction": "ASC"},
                               {"field": "billingId", "direction": "ASC"}]}),
            "sorting[1].field",
        ),
        (
            json!({"sorting": [{"field": "searchQuery", "direction": "ASC"}]}),
            "sorting[0].field",
        ),
    ];
    for (vars, named) in unsupported {
        let message = refused(&app, vars.clone(), "UnsupportedParameter").await;
        assert!(message.contains(named), "{vars}: {message}");
    }
}

/// A filter of `levels` nested `or` groups that matches `a1` only.
fn nested_or(levels: usize) -> Value {
    let mut filter = json!({"customerId": {"eq": "a1"}});
    for _ in 0..levels {
        filter = json!({"or": [filter, {"customerId": {"eq": "zz"}}]});
    }
    filter
}

/// The domain allows 16 nested and/or groups and refuses 17 with `BadUserInput`.
///
/// The app runs on worker threads with 64 MiB stacks here: in debug builds, async-graphql's
/// derived parsing of the recursive `CustomerFilter` input (10 KB per value) takes well over
/// 100 KiB of stack per nesting level, so the default 2 MiB stack overflows (and aborts the
/// process) at about 5 levels, before the resolver runs.
#[test]
fn and_or_nesting_is_limited() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(64 << 20)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let app = TestApp::spawn().await;
        seed_filters(&app).await;
        let deepest = json!({"filter": nested_or(16), "paging": {"first": 100}});
        assert_eq!(refs(&customers(&app, deepest).await), v(&["a1"]));
        let message = refused(&app, json!({"filter": nested_or(17)}), "BadUserInput").await;
        assert!(message.contains("16 levels"), "{message}");
    });
}

/// Long `or` lists of comparisons are capped (SQLite refuses expression trees deeper than
/// 1000); the cap is far above any real filter, and `in` serves long lists.
#[tokio::test]
async fn comparison_count_is_capped_below_sqlites_expression_depth() {
    let app = TestApp::spawn().await;
    app.provision(json!({"customerId": "a1"})).await;
    let ors = |n: usize| json!({"or": (0..n).map(|i| json!({"customerId": {"eq": format!("a{i}")}})).collect::<Vec<_>>()});
    let query = "query($f: CustomerFilter){ customers(filter: $f) { totalCount } }";
    let body = app.gql(query, json!({"f": ors(200)})).await;
    assert_eq!(body["data"]["customers"]["totalCount"], 1, "{body}");
    let body = app.gql(query, json!({"f": ors(998)})).await;
    common::assert_error(&body, "BadUserInput", true);
}

/// Date filter bounds compare at their full precision (found by the fresh-user trial: a bound
/// of `…00.123457Z` was cut to `…00.123Z`, so `lt` excluded a customer created at `…00.123Z`).
#[tokio::test]
async fn date_bounds_keep_their_sub_millisecond_precision() {
    let app = TestApp::spawn().await;
    provision(
        &app,
        json!({"customerId": "ms", "createdAt": "2020-01-01T10:00:00.123Z"}),
    )
    .await;
    for (filter, expected) in [
        (
            json!({"createdAt": {"lt": "2020-01-01T10:00:00.123457Z"}}),
            v(&["ms"]),
        ),
        (
            json!({"createdAt": {"lte": "2020-01-01T10:00:00.123Z"}}),
            v(&["ms"]),
        ),
        (
            json!({"createdAt": {"gte": "2020-01-01T10:00:00.1235Z"}}),
            v(&[]),
        ),
        (
            json!({"createdAt": {"gt": "2020-01-01T10:00:00.122999Z"}}),
            v(&["ms"]),
        ),
        (
            json!({"createdAt": {"eq": "2020-01-01T10:00:00.123Z"}}),
            v(&["ms"]),
        ),
    ] {
        assert_eq!(matching(&app, filter.clone()).await, expected, "{filter}");
    }
}

/// `iLike`, `notILike` and `searchQuery` ignore case beyond ASCII, the same way on SQLite and
/// PostgreSQL (Unicode simple case folding, whatever the database's locale), including after
/// an update; an archive erases the folded copies of name and email with the PII itself.
#[tokio::test]
async fn case_insensitive_filters_fold_unicode_on_both_databases() {
    let app = TestApp::spawn().await;
    for (id, name, email) in [
        ("u1", "ÉCOLE", "u1@example.com"),
        ("u2", "école", "u2@example.com"),
        ("u3", "Straße", "u3@example.com"),
        ("u4", "STRAẞE", "u4@example.com"),
        ("u5", "ΣΊΣΥΦΟΣ", "u5@example.com"),
        ("u6", "σίσυφος", "u6@example.com"),
        ("u7", "İstanbul", "u7@example.com"),
        ("u8", "istanbul", "ÜNAL@EXÄMPLE.COM"),
        ("KUNDE-Ä", "Kunde", "k@example.com"),
    ] {
        provision(
            &app,
            json!({"customerId": id, "name": name, "email": email}),
        )
        .await;
    }
    let cases = [
        (json!({"name": {"iLike": "%école%"}}), v(&["u1", "u2"])),
        (json!({"name": {"iLike": "ÉCOLE"}}), v(&["u1", "u2"])),
        (json!({"name": {"iLike": "_cole"}}), v(&["u1", "u2"])),
        (json!({"name": {"iLike": "straße"}}), v(&["u3", "u4"])),
        // Simple folding does not expand ß to ss.
        (json!({"name": {"iLike": "STRASSE"}}), v(&[])),
        // Σ, σ and final ς fold alike.
        (json!({"name": {"iLike": "σίσυφοσ"}}), v(&["u5", "u6"])),
        (json!({"name": {"iLike": "ΣΊΣΥΦΟς"}}), v(&["u5", "u6"])),
        // No language rule: İ is not i.
        (json!({"name": {"iLike": "İSTANBUL"}}), v(&["u7"])),
        (json!({"name": {"iLike": "ISTANBUL"}}), v(&["u8"])),
        (
            json!({"name": {"notILike": "%é%"}}),
            v(&["KUNDE-Ä", "u3", "u4", "u5", "u6", "u7", "u8"]),
        ),
        (json!({"email": {"iLike": "ünal@exämple.com"}}), v(&["u8"])),
        (json!({"customerId": {"iLike": "kunde-ä"}}), v(&["KUNDE-Ä"])),
        (json!({"searchQuery": {"iLike": "ÉCOLE"}}), v(&["u1", "u2"])),
        (json!({"searchQuery": {"iLike": "EXÄMPLE"}}), v(&["u8"])),
        (
            json!({"searchQuery": {"iLike": "kunde-ä"}}),
            v(&["KUNDE-Ä"]),
        ),
        // `like` stays case-sensitive.
        (json!({"name": {"like": "%école%"}}), v(&["u2"])),
    ];
    for (filter, expected) in cases {
        assert_eq!(matching(&app, filter.clone()).await, expected, "{filter}");
    }

    let body = app
        .gql(
            common::UPDATE,
            json!({"input": {"customerId": "u2", "name": "Ωmega"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        matching(&app, json!({"name": {"iLike": "%école%"}})).await,
        v(&["u1"])
    );
    assert_eq!(
        matching(&app, json!({"name": {"iLike": "ωMEGA"}})).await,
        v(&["u2"])
    );

    let body = app
        .gql(common::ARCHIVE, json!({"input": {"customerId": "u1"}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM customers WHERE archived_at IS NOT NULL \
             AND (name_folded IS NOT NULL OR email_folded IS NOT NULL)"
        )
        .await,
        0
    );
    assert!(!app.all_stored_text().await.contains("école"));
}
