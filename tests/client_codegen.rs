//! A Rust client generated from plangate's `schema.graphql` by `graphql_client` (issue 11):
//! by default graphql_client sends every `Option` input field, `None` as an explicit `null`,
//! and an explicit `null` clears a clearable field (DESIGN "Absent vs null", as Stigg's
//! `updateOneCustomer`): a name-only update then clears the email and the metadata. With
//! `#[graphql(skip_serializing_none)]` (README "Client code generation") `None` is left out,
//! and only the fields set change. Both behaviours are tested, so the recipe stays true.

mod common;

use common::TestApp;
use graphql_client::GraphQLQuery;
use serde_json::json;

/// Stigg's custom scalars as graphql_client needs them in scope.
#[allow(clippy::upper_case_acronyms)]
type JSON = serde_json::Value;
#[allow(clippy::upper_case_acronyms)]
type UUID = String;

/// The recipe: `None` fields are not sent.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "schema.graphql",
    query_path = "tests/client_codegen/update_customer.graphql",
    response_derives = "Debug",
    skip_serializing_none
)]
struct UpdateCustomer;

/// graphql_client's default: `None` fields are sent as `null`.
mod sends_nulls {
    use super::{JSON, UUID};
    use graphql_client::GraphQLQuery;

    #[derive(GraphQLQuery)]
    #[graphql(
        schema_path = "schema.graphql",
        query_path = "tests/client_codegen/update_customer.graphql",
        response_derives = "Debug"
    )]
    pub struct UpdateCustomer;

    #[allow(dead_code)]
    fn scalars_in_use(_: JSON, _: UUID) {}
}

fn name_only(customer_id: &str) -> update_customer::UpdateCustomerInput {
    update_customer::UpdateCustomerInput {
        customer_id: Some(customer_id.to_owned()),
        name: Some("Renamed".to_owned()),
        additional_meta_data: None,
        aws_marketplace_customer_id: None,
        billing_id: None,
        billing_information: None,
        coupon_ref_id: None,
        crm_id: None,
        email: None,
        environment_id: None,
        ref_id: None,
        salesforce_id: None,
        should_wait_sync: None,
    }
}

async fn post(app: &TestApp, body: &impl serde::Serialize) -> serde_json::Value {
    let response = reqwest::Client::new()
        .post(&app.url)
        .header("X-API-KEY", common::API_KEY)
        .json(body)
        .send()
        .await
        .expect("sent");
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn skip_serializing_none_updates_only_the_fields_set() {
    let app = TestApp::spawn().await;
    app.provision(json!({"customerId": "rust-client", "name": "Typed", "email": "typed@example.com", "additionalMetaData": {"plan": "gold"}}))
        .await;
    let body = UpdateCustomer::build_query(update_customer::Variables {
        input: name_only("rust-client"),
    });
    let sent = serde_json::to_value(&body).expect("serializes");
    assert_eq!(
        sent["variables"]["input"],
        json!({"customerId": "rust-client", "name": "Renamed"}),
        "only the fields set are sent"
    );
    let answer = post(&app, &body).await;
    assert_eq!(
        answer["data"]["updateOneCustomer"],
        json!({"customerId": "rust-client", "name": "Renamed", "email": "typed@example.com", "additionalMetaData": {"plan": "gold"}}),
        "{answer}"
    );
}

#[tokio::test]
async fn graphql_clients_default_sends_null_and_null_clears() {
    let app = TestApp::spawn().await;
    app.provision(json!({"customerId": "rust-default", "name": "Typed", "email": "typed@example.com", "additionalMetaData": {"plan": "gold"}}))
        .await;
    let input = name_only("rust-default");
    let body = sends_nulls::UpdateCustomer::build_query(sends_nulls::update_customer::Variables {
        input: sends_nulls::update_customer::UpdateCustomerInput {
            customer_id: input.customer_id,
            name: input.name,
            additional_meta_data: None,
            aws_marketplace_customer_id: None,
            billing_id: None,
            billing_information: None,
            coupon_ref_id: None,
            crm_id: None,
            email: None,
            environment_id: None,
            ref_id: None,
            salesforce_id: None,
            should_wait_sync: None,
        },
    });
    let sent = serde_json::to_value(&body).expect("serializes");
    assert_eq!(sent["variables"]["input"]["email"], serde_json::Value::Null);
    assert!(sent["variables"]["input"]
        .as_object()
        .expect("object")
        .contains_key("email"));
    let answer = post(&app, &body).await;
    assert_eq!(
        answer["data"]["updateOneCustomer"],
        json!({"customerId": "rust-default", "name": "Renamed", "email": null, "additionalMetaData": null}),
        "{answer}"
    );
}
