//! Coupons over HTTP: create (PERCENTAGE, FIXED with exact amounts per currency), refusals
//! that store nothing, the `coupons` list (filters, sorting, paging), archive, giving a
//! coupon to a customer on provision and update (`Customer.coupon`), and the discount on
//! its subscriptions' totals (`totalPrice.subTotal` vs `total`, `CustomerSubscription.coupon`):
//! exact decimals rounded half to even to the currency's minor unit, FIXED amounts per
//! currency, never below zero, for `durationInMonths` from when the customer got it.

mod common;

use common::{app_with_catalog_at, assert_error, TestApp, EXAMPLE_CATALOG};
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

const NOW: &str = "2026-03-01T10:00:00Z";

const PRICED: &str = r#"
query ($input: GetCustomerByRefIdInput!) {
  getCustomerByRefId(input: $input) {
    subscriptions {
      status
      totalPrice { subTotal { amount currency } total { amount currency } }
      coupon {
        id refId name type status percentOff amountsOff { amount currency } discountValue
        durationInMonths startDate expirationDate environmentId
      }
    }
  }
}"#;

/// The seed's catalog, with plan-revvenu-basic also priced in yen for Japan (a currency
/// without minor unit).
fn catalog() -> String {
    let yen = EXAMPLE_CATALOG.replace(
        "            - { billingPeriod: MONTHLY, billingCountryCode: DK, price: { amount: 199, currency: DKK } }\n",
        "            - { billingPeriod: MONTHLY, billingCountryCode: DK, price: { amount: 199, currency: DKK } }\n            - { billingPeriod: MONTHLY, billingCountryCode: JP, price: { amount: 999, currency: JPY } }\n",
    );
    assert_ne!(
        yen, EXAMPLE_CATALOG,
        "the seed prices plan-revvenu-basic in DKK"
    );
    yen
}

/// The seed's subscription (139 DKK a month: 69 + 2 × 17.5 + 35) for a customer with
/// `coupon`.
fn seed_with_coupon(customer: &str, coupon: Option<&str>) -> Value {
    json!({
        "customerId": customer,
        "couponRefId": coupon,
        "subscriptionParams": {
            "planId": "plan-basic", "resourceId": "resource-01",
            "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 2}],
            "billingPeriod": "MONTHLY", "billingCountryCode": "DK",
            "addons": [{"addonId": "addon-extra-stuff", "quantity": 1}]
        }
    })
}

async fn subscription_of(app: &TestApp, customer: &str) -> Value {
    let body = app
        .gql(PRICED, json!({"input": {"customerId": customer}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["getCustomerByRefId"]["subscriptions"][0].clone()
}

fn totals(s: &Value) -> (Value, Value) {
    (
        s["totalPrice"]["subTotal"].clone(),
        s["totalPrice"]["total"].clone(),
    )
}

fn money(amount: f64, currency: &str) -> Value {
    json!({"amount": amount, "currency": currency})
}

#[tokio::test]
async fn a_customer_coupon_discounts_subscription_totals_exactly() {
    let app = app_with_catalog_at(&catalog(), NOW).await;
    for coupon in [
        json!({"refId": "third-off", "name": "A third", "percentOff": 33.33, "durationInMonths": 3}),
        json!({"refId": "half-cent-even", "name": "10.005 off", "amountsOff": [{"amount": 10.005, "currency": "DKK"}]}),
        json!({"refId": "half-cent-odd", "name": "10.015 off", "amountsOff": [{"amount": 10.015, "currency": "DKK"}]}),
        json!({"refId": "dollars-only", "name": "5 USD off", "amountsOff": [{"amount": 5, "currency": "USD"}]}),
        json!({"refId": "too-much", "name": "500 off", "amountsOff": [{"amount": 500, "currency": "DKK"}, {"amount": 1, "currency": "USD"}]}),
        json!({"refId": "yen-15", "name": "15%", "percentOff": 15}),
    ] {
        let body = create(&app, coupon.clone()).await;
        assert!(body.get("errors").is_none(), "{coupon}: {body}");
    }

    // 33.33% of 139 DKK = 46.3287 → 46.33 off: 92.67 DKK, shown with the coupon.
    let body = app
        .provision(seed_with_coupon("third", Some("third-off")))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let s = subscription_of(&app, "third").await;
    assert_eq!(
        totals(&s),
        (money(139.0, "DKK"), money(92.67, "DKK")),
        "{s}"
    );
    let coupon = &s["coupon"];
    assert_eq!(coupon["refId"], "third-off");
    assert_eq!(coupon["name"], "A third");
    assert_eq!(coupon["type"], "PERCENTAGE");
    assert_eq!(coupon["status"], "ACTIVE");
    assert_eq!(coupon["percentOff"], 33.33);
    assert!(coupon["amountsOff"].is_null());
    assert_eq!(coupon["discountValue"], 33.33);
    assert_eq!(coupon["durationInMonths"], 3.0);
    assert_eq!(coupon["startDate"], "2026-03-01T10:00:00.000Z");
    assert_eq!(coupon["expirationDate"], "2026-06-01T10:00:00.000Z");
    assert!(coupon["environmentId"].is_string());
    // The provision answer shows the same totals.
    let body = app
        .gql(
            "mutation ($i: ProvisionCustomerInput!) { provisionCustomer(input: $i) { subscription { \
             totalPrice { subTotal { amount } total { amount } } coupon { refId status } } } }",
            json!({"i": seed_with_coupon("third-again", Some("third-off"))}),
        )
        .await;
    assert_eq!(
        body["data"]["provisionCustomer"]["subscription"],
        json!({"totalPrice": {"subTotal": {"amount": 139.0}, "total": {"amount": 92.67}},
               "coupon": {"refId": "third-off", "status": "ACTIVE"}}),
        "{body}"
    );

    // FIXED amounts are rounded to the øre half to even: 10.005 → 10.00, 10.015 → 10.02.
    for (customer, coupon, total) in [
        ("even", "half-cent-even", 129.0),
        ("odd", "half-cent-odd", 128.98),
    ] {
        app.provision(seed_with_coupon(customer, Some(coupon)))
            .await;
        let s = subscription_of(&app, customer).await;
        assert_eq!(
            totals(&s),
            (money(139.0, "DKK"), money(total, "DKK")),
            "{s}"
        );
        assert_eq!(s["coupon"]["type"], "FIXED");
        assert_eq!(s["coupon"]["status"], "ACTIVE");
        assert!(s["coupon"]["expirationDate"].is_null(), "for ever: {s}");
    }
    // A FIXED coupon without an amount in the subscription's currency does not apply.
    app.provision(seed_with_coupon("dollars", Some("dollars-only")))
        .await;
    let s = subscription_of(&app, "dollars").await;
    assert_eq!(
        totals(&s),
        (money(139.0, "DKK"), money(139.0, "DKK")),
        "{s}"
    );
    assert!(s["coupon"].is_null(), "{s}");
    // More off than the subscription costs: zero, never below.
    app.provision(seed_with_coupon("free-ride", Some("too-much")))
        .await;
    let s = subscription_of(&app, "free-ride").await;
    assert_eq!(totals(&s), (money(139.0, "DKK"), money(0.0, "DKK")), "{s}");
    assert_eq!(
        s["coupon"]["amountsOff"],
        json!([money(500.0, "DKK"), money(1.0, "USD")])
    );
    // Yen have no minor unit: 15% of 999 JPY = 149.85 → 150 off.
    let body = app
        .provision(
            json!({"customerId": "tokyo", "couponRefId": "yen-15", "subscriptionParams": {
            "planId": "plan-revvenu-basic", "billingCountryCode": "JP"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let s = subscription_of(&app, "tokyo").await;
    assert_eq!(
        totals(&s),
        (money(999.0, "JPY"), money(849.0, "JPY")),
        "{s}"
    );
    // Without a coupon: total = subTotal, no coupon.
    app.provision(seed_with_coupon("plain", None)).await;
    let s = subscription_of(&app, "plain").await;
    assert_eq!(
        totals(&s),
        (money(139.0, "DKK"), money(139.0, "DKK")),
        "{s}"
    );
    assert!(s["coupon"].is_null());
    // A free subscription has nothing to discount.
    app.provision(json!({"customerId": "free", "couponRefId": "third-off",
        "subscriptionParams": {"planId": "plan-free"}}))
        .await;
    let s = subscription_of(&app, "free").await;
    assert!(s["totalPrice"].is_null(), "{s}");
    assert!(s["coupon"].is_null(), "{s}");
    // Totals are computed, never stored.
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM subscriptions")
            .await,
        9
    );
}

#[tokio::test]
async fn a_coupon_discounts_for_its_duration_from_when_the_customer_got_it() {
    let app = app_with_catalog_at(&catalog(), NOW).await;
    let body = create(
        &app,
        json!({"refId": "month", "name": "One month", "percentOff": 50, "durationInMonths": 1}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    // No coupon at first; given ten days later by updateCustomer.
    app.provision(seed_with_coupon("later", None)).await;
    app.clock.advance(chrono::TimeDelta::days(10));
    let body = app
        .gql(
            common::UPDATE,
            json!({"input": {"customerId": "later", "couponRefId": "month"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let s = subscription_of(&app, "later").await;
    assert_eq!(totals(&s), (money(139.0, "DKK"), money(69.5, "DKK")), "{s}");
    assert_eq!(s["coupon"]["startDate"], "2026-03-11T10:00:00.000Z");
    assert_eq!(s["coupon"]["expirationDate"], "2026-04-11T10:00:00.000Z");

    // Archiving the coupon does not take it from the customer.
    let body = app.gql(ARCHIVE, json!({"input": {"refId": "month"}})).await;
    assert!(body.get("errors").is_none(), "{body}");

    // The last millisecond of the month still discounts; then it no longer does.
    app.clock.set(common::at("2026-04-11T09:59:59.999Z"));
    let s = subscription_of(&app, "later").await;
    assert_eq!(totals(&s).1, money(69.5, "DKK"), "{s}");
    assert_eq!(s["coupon"]["status"], "ACTIVE");
    app.clock.set(common::at("2026-04-11T10:00:00Z"));
    let s = subscription_of(&app, "later").await;
    assert_eq!(
        totals(&s),
        (money(139.0, "DKK"), money(139.0, "DKK")),
        "{s}"
    );
    assert_eq!(s["coupon"]["status"], "EXPIRED");
    assert_eq!(s["coupon"]["refId"], "month");
}

/// `appliedCoupon: {couponId}` gives one subscription a catalog coupon of its own: it beats
/// the customer's, counts its duration from the provision, and an unknown or archived coupon
/// is `CouponNotFound` with nothing written. Other forms of `appliedCoupon` are refused.
#[tokio::test]
async fn a_subscription_applied_coupon_beats_the_customers() {
    let app = app_with_catalog_at(&catalog(), NOW).await;
    for coupon in [
        json!({"refId": "quarter-off", "name": "A quarter", "percentOff": 25, "durationInMonths": 1}),
        json!({"refId": "tenth-off", "name": "A tenth", "percentOff": 10}),
        json!({"refId": "gone", "name": "Archived", "percentOff": 50}),
    ] {
        let body = create(&app, coupon).await;
        assert!(body.get("errors").is_none(), "{body}");
    }
    let body = app.gql(ARCHIVE, json!({"input": {"refId": "gone"}})).await;
    assert!(body.get("errors").is_none(), "{body}");

    let mut input = seed_with_coupon("own-coupon", Some("tenth-off"));
    input["subscriptionParams"]["appliedCoupon"] = json!({"couponId": "quarter-off"});
    let body = app.provision(input).await;
    assert!(body.get("errors").is_none(), "{body}");
    let s = subscription_of(&app, "own-coupon").await;
    // 139 DKK, 25 % off: 104.25.
    assert_eq!(
        totals(&s),
        (money(139.0, "DKK"), money(104.25, "DKK")),
        "{s}"
    );
    assert_eq!(s["coupon"]["refId"], "quarter-off");
    // After its month, the subscription's coupon has expired (the customer's does not take over).
    app.clock.advance(chrono::TimeDelta::days(32));
    let s = subscription_of(&app, "own-coupon").await;
    assert_eq!(s["coupon"]["status"], "EXPIRED", "{s}");
    assert_eq!(totals(&s).1, money(139.0, "DKK"));

    for (coupon, code) in [
        (json!({"couponId": "nope"}), "CouponNotFound"),
        (json!({"couponId": "gone"}), "CouponNotFound"),
        (
            json!({"billingCouponId": "stripe-coupon"}),
            "UnsupportedParameter",
        ),
    ] {
        let mut input = seed_with_coupon("refused", None);
        input["subscriptionParams"]["appliedCoupon"] = coupon.clone();
        let body = app.provision(input).await;
        assert_eq!(common::error_code(&body), Some(code), "{coupon}: {body}");
    }
    let body = app.get_customer("refused").await;
    assert_eq!(common::error_code(&body), Some("CustomerNotFound"));
}
