//! Metadata numbers (issue 7, fault 6): whatever is accepted is read back identically on
//! both databases; a number that one of them would change is refused up front with
//! `InvalidMetadataError` naming its path. `-0` is stored as `0`.

mod common;

use common::{assert_error, TestApp, ARCHIVE, GET, UPDATE};
use serde_json::{json, Value};

const LIST: &str =
    "query { customers(paging: {first: 50}) { edges { node { customerId additionalMetaData } } } }";

#[tokio::test]
async fn numbers_that_cannot_be_read_back_exactly_are_refused() {
    let app = TestApp::spawn().await;
    // As a client sends them: JSON text.
    let number = |text: &str| -> Value { serde_json::from_str(text).expect("JSON number") };
    for (n, path) in [
        (number("1.7976931348623157e308"), "additionalMetaData.n"),
        (number("123456789.123456789"), "additionalMetaData.n"),
        (json!(9_007_199_254_740_993_u64), "additionalMetaData.n"),
        (json!({"deep": [1, 1e300]}), "additionalMetaData.n.deep[1]"),
    ] {
        let body = app
            .provision(json!({"customerId": "poison-1", "additionalMetaData": {"n": n}}))
            .await;
        let message = assert_error(&body, "InvalidMetadataError", true);
        assert!(message.contains(path), "{message}");
        let update = app
            .gql(
                UPDATE,
                json!({"input": {"customerId": "poison-1", "additionalMetaData": {"n": n}}}),
            )
            .await;
        assert!(update.get("errors").is_some(), "{update}");
    }
    assert_eq!(app.count("customers").await, 0);
}

#[tokio::test]
async fn accepted_numbers_read_back_identically_everywhere() {
    let app = TestApp::spawn().await;
    let metadata = json!({
        "int": 9_007_199_254_740_992_u64, "neg": -42, "frac": 123_456_789.123_456,
        "small": 1e-15, "big": 1e15, "half": 0.5, "list": [1.25, -3], "nested": {"x": 0.1}
    });
    let provisioned = app
        .provision(json!({"customerId": "numbers", "additionalMetaData": metadata}))
        .await;
    assert!(provisioned.get("errors").is_none(), "{provisioned}");
    let echoed = &provisioned["data"]["provisionCustomer"]["customer"]["additionalMetaData"];
    assert_eq!(echoed, &metadata);
    let got = app.get_customer("numbers").await;
    assert_eq!(
        got["data"]["getCustomerByRefId"]["additionalMetaData"], metadata,
        "{got}"
    );
    let list = app.gql(LIST, json!({})).await;
    assert_eq!(
        list["data"]["customers"]["edges"][0]["node"]["additionalMetaData"], metadata,
        "{list}"
    );

    // -0 is stored as 0 on both databases.
    let updated = app
        .gql(
            UPDATE,
            json!({"input": {"customerId": "numbers", "additionalMetaData": {"z": -0.0}}}),
        )
        .await;
    assert!(updated.get("errors").is_none(), "{updated}");
    let read: Value = app.get_customer("numbers").await["data"]["getCustomerByRefId"]
        ["additionalMetaData"]["z"]
        .clone();
    assert_eq!(read.as_f64(), Some(0.0));
    assert!(
        read.as_f64().is_some_and(|z| z.is_sign_positive()),
        "{read}"
    );

    let archived = app
        .gql(ARCHIVE, json!({"input": {"customerId": "numbers"}}))
        .await;
    assert!(archived.get("errors").is_none(), "{archived}");
    let _ = GET;
}
