//! Coupons over HTTP: create (PERCENTAGE, FIXED with exact amounts per currency), refusals
//! that store nothing, the `coupons` list (filters, sorting, paging), archive, and giving a
//! coupon to a customer on provision and update (`Customer.coupon`).

mod common;

use common::{assert_error, TestApp};
use serde_json::{json, Value};

const CREATE: &str = "mutation ($input: CreateCouponInput!) { createOneCoupon(input: $input) { \
    id refId name description type status percentOff discountValue amountsOff { amount currency } \
    additionalMetaData billingId syncStates { status } createdAt updatedAt } }";
const LIST: &str =
    "query ($filter: CouponFilter, $paging: CursorPaging, $sorting: [CouponSort!]) { \
    coupons(filter: $filter, paging: $paging, sorting: $sorting) { totalCount \
    pageInfo { hasNextPage } edges { node { refId status type } } } }";
const ARCHIVE: &str =
    "mutation ($input: ArchiveCouponInput!) { archiveOneCoupon(input: $input) { refId status } }";

async fn create(app: &TestApp, input: Value) -> Value {
    app.gql(CREATE, json!({"input": input})).await
}

fn refs(body: &Value) -> Vec<String> {
    body["data"]["coupons"]["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| e["node"]["refId"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn coupons_are_created_listed_archived_and_given_to_customers() {
    let app = TestApp::spawn().await;
    let body = create(
        &app,
        json!({"refId": "ten-off", "name": "10% off", "percentOff": 10, "durationInMonths": 3,
               "description": "Spring", "additionalMetaData": {"k": "v"}}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let c = &body["data"]["createOneCoupon"];
    assert_eq!(c["type"], "PERCENTAGE");
    assert_eq!(c["status"], "ACTIVE");
    assert_eq!(c["percentOff"], 10.0);
    assert_eq!(c["discountValue"], 10.0);
    assert!(c["amountsOff"].is_null());
    assert_eq!(c["additionalMetaData"], json!({"k": "v"}));
    assert_eq!(c["syncStates"], json!([]));

    let body = create(
        &app,
        json!({"refId": "five-off", "name": "5 off", "type": "FIXED",
               "amountsOff": [{"amount": 4.99, "currency": "USD"}, {"amount": 35.5, "currency": "DKK"}]}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let c = &body["data"]["createOneCoupon"];
    assert_eq!(
        c["amountsOff"],
        json!([{"amount": 4.99, "currency": "USD"}, {"amount": 35.5, "currency": "DKK"}])
    );
    assert_eq!(c["discountValue"], 4.99);
    // The amounts are stored exactly, as decimal text.
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM coupons WHERE ref_id = 'five-off' \
             AND CAST(amounts_off AS TEXT) LIKE '%\"4.99\"%' AND CAST(amounts_off AS TEXT) LIKE '%\"35.5\"%'"
        )
        .await,
        1
    );

    // Refusals store nothing.
    for (input, code) in [
        (
            json!({"refId": "ten-off", "name": "again", "percentOff": 5}),
            "DuplicatedEntityNotAllowed",
        ),
        (
            json!({"refId": "p0", "name": "zero", "percentOff": 0}),
            "BadUserInput",
        ),
        (
            json!({"refId": "p101", "name": "too much", "percentOff": 100.5}),
            "BadUserInput",
        ),
        (
            json!({"refId": "both", "name": "both", "percentOff": 5, "amountsOff": [{"amount": 1, "currency": "USD"}]}),
            "BadUserInput",
        ),
        (json!({"refId": "none", "name": "none"}), "BadUserInput"),
        (
            json!({"refId": "fixed-empty", "name": "f", "type": "FIXED"}),
            "BadUserInput",
        ),
        (
            json!({"refId": "no-currency", "name": "f", "amountsOff": [{"amount": 1}]}),
            "BadUserInput",
        ),
        (
            json!({"refId": "twice", "name": "f", "amountsOff": [{"amount": 1, "currency": "USD"}, {"amount": 2, "currency": "USD"}]}),
            "BadUserInput",
        ),
        (
            json!({"refId": "precise", "name": "f", "amountsOff": [{"amount": 0.0000001, "currency": "USD"}]}),
            "BadUserInput",
        ),
        (
            json!({"refId": "huge", "name": "f", "amountsOff": [{"amount": 1e12, "currency": "USD"}]}),
            "AmountTooLarge",
        ),
        (
            json!({"refId": "months", "name": "f", "percentOff": 5, "durationInMonths": 1.5}),
            "BadUserInput",
        ),
        (
            json!({"refId": "has space", "name": "f", "percentOff": 5}),
            "BadUserInput",
        ),
        (
            json!({"refId": "blank", "name": " ", "percentOff": 5}),
            "BadUserInput",
        ),
        (
            json!({"refId": "meta", "name": "f", "percentOff": 5, "additionalMetaData": [1]}),
            "InvalidMetadataError",
        ),
    ] {
        let body = create(&app, input.clone()).await;
        assert_eq!(common::error_code(&body), Some(code), "{input}: {body}");
    }
    assert_eq!(app.count("coupons").await, 2);

    // The list: newest first by default; filters; paging.
    let body = app.gql(LIST, json!({})).await;
    assert_eq!(refs(&body), ["five-off", "ten-off"], "{body}");
    assert_eq!(body["data"]["coupons"]["totalCount"], 2);
    let body = app
        .gql(LIST, json!({"filter": {"type": {"eq": "FIXED"}}}))
        .await;
    assert_eq!(refs(&body), ["five-off"]);
    let body = app
        .gql(
            LIST,
            json!({"sorting": [{"field": "refId", "direction": "ASC"}], "paging": {"first": 1}}),
        )
        .await;
    assert_eq!(refs(&body), ["five-off"]);
    assert_eq!(body["data"]["coupons"]["pageInfo"]["hasNextPage"], true);
    let body = app
        .gql(LIST, json!({"filter": {"name": {"eq": "x"}}}))
        .await;
    assert_error(&body, "UnsupportedParameter", true);

    // Given to a customer on provision and on update; shown on the customer.
    const GET: &str = "query ($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { coupon { refId type percentOff } } }";
    let body = app
        .provision(json!({"customerId": "c1", "couponRefId": "ten-off"}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = app.gql(GET, json!({"input": {"customerId": "c1"}})).await;
    assert_eq!(
        body["data"]["getCustomerByRefId"]["coupon"],
        json!({"refId": "ten-off", "type": "PERCENTAGE", "percentOff": 10.0})
    );
    let body = app
        .gql(
            common::UPDATE,
            json!({"input": {"customerId": "c1", "couponRefId": "five-off"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = app.gql(GET, json!({"input": {"customerId": "c1"}})).await;
    assert_eq!(
        body["data"]["getCustomerByRefId"]["coupon"]["refId"],
        "five-off"
    );

    // Archived: listed as such, no longer given; a customer that has it keeps it.
    let body = app
        .gql(ARCHIVE, json!({"input": {"refId": "five-off"}}))
        .await;
    assert_eq!(
        body["data"]["archiveOneCoupon"]["status"], "ARCHIVED",
        "{body}"
    );
    let body = app
        .gql(ARCHIVE, json!({"input": {"refId": "five-off"}}))
        .await;
    assert_error(&body, "CouponNotFound", false);
    let body = app
        .gql(LIST, json!({"filter": {"status": {"eq": "ACTIVE"}}}))
        .await;
    assert_eq!(refs(&body), ["ten-off"]);
    let body = app.gql(GET, json!({"input": {"customerId": "c1"}})).await;
    assert_eq!(
        body["data"]["getCustomerByRefId"]["coupon"]["refId"],
        "five-off"
    );
    for coupon in ["five-off", "nope"] {
        let body = app
            .provision(json!({"customerId": "c2", "couponRefId": coupon}))
            .await;
        assert_error(&body, "CouponNotFound", false);
        let body = app
            .gql(
                common::UPDATE,
                json!({"input": {"customerId": "c1", "couponRefId": coupon}}),
            )
            .await;
        assert_error(&body, "CouponNotFound", false);
    }
    assert!(app.stored_customer("c2").await.is_none());
    let body = app.gql(GET, json!({"input": {"customerId": "c1"}})).await;
    assert_eq!(
        body["data"]["getCustomerByRefId"]["coupon"]["refId"],
        "five-off"
    );
}
