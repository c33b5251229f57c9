//! Generated ids (issue 7, fault 4): subscription ids used to collide (~1 in 1,700; 24
//! random bits). Every generated id — customers, subscriptions, catalog refIds — now carries
//! 128 random bits and passes the same checks as a client-supplied id of its kind.

use std::collections::HashSet;

use plangate::catalog::{CatalogRefId, MAX_REF_ID_LEN};
use plangate::customer::CustomerRefId;
use plangate::subscription::create::generate_subscription_id;
use plangate::values::{ExternalId, MAX_EXTERNAL_ID_LEN};

const MANY: usize = 20_000;

/// Asserts `ids` holds no duplicate.
fn assert_distinct(ids: &[String]) {
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len(), "a generated id repeated");
}

#[test]
fn subscription_ids_never_collide_and_fit_the_subscription_id_limits() {
    let long_plan = "p".repeat(MAX_REF_ID_LEN);
    for plan in ["plan-free", long_plan.as_str()] {
        let ids: Vec<String> = (0..MANY).map(|_| generate_subscription_id(plan)).collect();
        assert_distinct(&ids);
        for id in &ids {
            assert!(id.chars().count() <= MAX_EXTERNAL_ID_LEN, "{id}");
            assert!(id.starts_with("subscription-p"), "{id}");
            ExternalId::parse("subscriptionId", id).expect("a valid subscriptionId");
        }
    }
}

#[test]
fn customer_ids_never_collide_and_fit_the_customer_id_limits() {
    let ids: Vec<String> = (0..MANY)
        .map(|_| CustomerRefId::generate().as_str().to_owned())
        .collect();
    assert_distinct(&ids);
    for id in &ids {
        assert_eq!(
            CustomerRefId::parse(id)
                .expect("a valid customerId")
                .as_str(),
            id
        );
    }
}

#[test]
fn catalog_ref_ids_never_collide_and_fit_the_ref_id_limits() {
    let long_prefix = "f".repeat(MAX_REF_ID_LEN);
    for prefix in ["plan", "addon", long_prefix.as_str()] {
        let ids: Vec<String> = (0..MANY)
            .map(|_| CatalogRefId::generate(prefix).as_str().to_owned())
            .collect();
        assert_distinct(&ids);
        for id in &ids {
            CatalogRefId::parse("refId", id).expect("a valid refId");
        }
    }
}
