//! Entitlement checks keep what they read of a customer in memory (`entitlement::snapshot`);
//! these tests prove that a check still answers from what the database holds now, whoever
//! changed it: another replica of the app, another process writing SQL, the catalog, the
//! clock. Each test warms the first replica's snapshot with a check, changes something
//! elsewhere, and checks again on the first replica. Customer reads keep the catalog's plans
//! and addons the same way (`catalog::kept`): the last test proves they show the catalog as
//! it is now. On SQLite and PostgreSQL.

mod common;

use chrono::TimeDelta;
use common::TestApp;
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

const CHECK: &str = "query ($query: FetchEntitlementQuery!) { entitlement(query: $query) { \
    isGranted accessDeniedReason usageLimit currentUsage feature { refId displayName } } }";

const GRANT: &str = "mutation ($input: GrantPromotionalEntitlementsInput!) { \
    grantPromotionalEntitlements(input: $input) { id } }";

const REVOKE: &str = "mutation ($input: RevokePromotionalEntitlementInput!) { \
    revokePromotionalEntitlement(input: $input) { id status } }";

async fn app() -> TestApp {
    common::app_with_catalog_at(common::EXAMPLE_CATALOG, "2026-11-30T09:00:00Z").await
}

/// The seed's provision: plan-basic for resource-01, 2 templates bought, 1 × addon-extra-stuff
/// (templates: 2 + 10 = 12).
async fn provision_seed(app: &TestApp, id: &str) {
    common::provision_seed_with(
        app,
        id,
        json!({"trialOverrideConfiguration": {"isTrial": false}}),
    )
    .await;
}

async fn check(app: &TestApp, customer: &str, resource: Option<&str>, feature: &str) -> Value {
    let mut query = json!({"customerId": customer, "featureId": feature});
    if let Some(resource) = resource {
        query["resourceId"] = json!(resource);
    }
    let body = app.gql(CHECK, json!({ "query": query })).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["entitlement"].clone()
}

async fn customer_revision(app: &TestApp, customer: &str) -> i64 {
    app.scalar_i64(&format!(
        "SELECT r.revision AS n FROM customer_revisions r JOIN customers c ON c.id = r.customer_id \
         WHERE c.ref_id = '{customer}'"
    ))
    .await
}

#[tokio::test]
async fn a_grant_and_a_revoke_on_another_replica_are_seen_at_once() {
    let app = app().await;
    let other = app.replica().await;
    provision_seed(&app, "seed").await;
    // Custom domain is not in plan-basic: denied, and the answer is now kept by `app`.
    let before = check(&app, "seed", None, "feature-02-custom-domain").await;
    assert_eq!(before["isGranted"], false, "{before}");
    let revision = customer_revision(&app, "seed").await;

    let granted = other
        .app
        .gql(
            GRANT,
            json!({"input": {"customerId": "seed", "promotionalEntitlements": [
                {"featureId": "feature-02-custom-domain", "period": "ONE_MONTH"}]}}),
        )
        .await;
    assert!(granted.get("errors").is_none(), "{granted}");
    assert!(customer_revision(&app, "seed").await > revision);
    let after = check(&app, "seed", None, "feature-02-custom-domain").await;
    assert_eq!(after["isGranted"], true, "{after}");

    let id = granted["data"]["grantPromotionalEntitlements"][0]["id"].clone();
    let revoked = other
        .app
        .gql(
            REVOKE,
            json!({"input": {"customerId": "seed", "featureId": "feature-02-custom-domain"}}),
        )
        .await;
    assert!(revoked.get("errors").is_none(), "{revoked} ({id})");
    let again = check(&app, "seed", None, "feature-02-custom-domain").await;
    assert_eq!(again["isGranted"], false, "{again}");
}

#[tokio::test]
async fn rows_written_by_another_process_are_seen_at_once() {
    let app = app().await;
    provision_seed(&app, "seed").await;
    let before = check(&app, "seed", Some("resource-01"), "feature-01-templates").await;
    assert_eq!(before["usageLimit"], 12.0, "{before}");

    // Another process (SQL, no plangate code) gives the subscription 3 addons: 2 + 3 × 10.
    app.db
        .execute_unprepared("UPDATE subscription_addons SET quantity = 3")
        .await
        .expect("update addons");
    let addons = check(&app, "seed", Some("resource-01"), "feature-01-templates").await;
    assert_eq!(addons["usageLimit"], 32.0, "{addons}");

    // ... and changes the addon's entitlement in the catalog: 2 + 3 × 20.
    app.db
        .execute_unprepared(
            "UPDATE package_entitlements SET usage_limit = 20 WHERE package_id = \
             (SELECT id FROM packages WHERE ref_id = 'addon-extra-stuff') AND feature_id = \
             (SELECT id FROM features WHERE ref_id = 'feature-01-templates')",
        )
        .await
        .expect("update catalog");
    let catalog = check(&app, "seed", Some("resource-01"), "feature-01-templates").await;
    assert_eq!(catalog["usageLimit"], 62.0, "{catalog}");

    // ... and renames the feature: the answer's feature is the catalog's.
    app.db
        .execute_unprepared(
            "UPDATE features SET display_name = 'Templates (renamed)' \
             WHERE ref_id = 'feature-01-templates'",
        )
        .await
        .expect("rename feature");
    let renamed = check(&app, "seed", Some("resource-01"), "feature-01-templates").await;
    assert_eq!(renamed["feature"]["displayName"], "Templates (renamed)");

    // ... and cancels the subscription outright.
    app.db
        .execute_unprepared("UPDATE subscriptions SET status = 'CANCELED'")
        .await
        .expect("cancel");
    let cancelled = check(&app, "seed", Some("resource-01"), "feature-01-templates").await;
    assert_eq!(cancelled["isGranted"], false, "{cancelled}");
    assert_eq!(cancelled["accessDeniedReason"], "NoActiveSubscription");
}

const CUSTOMER_PLANS: &str = "query ($input: GetCustomerByRefIdInput!) { \
    getCustomerByRefId(input: $input) { subscriptions { plan { refId displayName \
    product { displayName downgradePlan { refId displayName } } \
    entitlements { usageLimit feature { refId displayName } } } \
    addons { addon { refId displayName entitlements { usageLimit } } } } } }";

async fn customer_plans(app: &TestApp, customer: &str) -> Value {
    let body = app
        .gql(CUSTOMER_PLANS, json!({"input": {"customerId": customer}}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["getCustomerByRefId"]["subscriptions"][0].clone()
}

#[tokio::test]
async fn customer_reads_show_the_catalog_as_it_is_now() {
    let app = app().await;
    let other = app.replica().await;
    provision_seed(&app, "seed").await;
    // Warms the kept plans and addons of both replicas.
    let before = customer_plans(&app, "seed").await;
    assert_eq!(before["plan"]["refId"], "plan-basic", "{before}");
    assert_eq!(before, customer_plans(&other.app, "seed").await);
    let addon_limit = &before["addons"][0]["addon"]["entitlements"][0]["usageLimit"];
    assert_eq!(*addon_limit, 10.0, "{before}");

    // Another process (SQL, no plangate code) changes the catalog: the addon's entitlement,
    // a feature's name, the product's name and the downgrade plan's name.
    for sql in [
        "UPDATE package_entitlements SET usage_limit = 20 WHERE package_id = \
         (SELECT id FROM packages WHERE ref_id = 'addon-extra-stuff')",
        "UPDATE features SET display_name = 'API calls (renamed)' \
         WHERE ref_id = 'feature-03-api-calls'",
        "UPDATE products SET display_name = 'Product (renamed)'",
        "UPDATE packages SET display_name = 'Free (renamed)' WHERE ref_id = 'plan-free'",
    ] {
        app.db
            .execute_unprepared(sql)
            .await
            .expect("update catalog");
    }
    for replica in [&app, &other.app] {
        let after = customer_plans(replica, "seed").await;
        assert_eq!(
            after["addons"][0]["addon"]["entitlements"][0]["usageLimit"], 20.0,
            "{after}"
        );
        assert_eq!(after["plan"]["product"]["displayName"], "Product (renamed)");
        assert_eq!(
            after["plan"]["product"]["downgradePlan"]["displayName"], "Free (renamed)",
            "{after}"
        );
        let renamed = after["plan"]["entitlements"]
            .as_array()
            .expect("entitlements")
            .iter()
            .any(|e| e["feature"]["displayName"] == "API calls (renamed)");
        assert!(renamed, "{after}");
    }
}

#[tokio::test]
async fn a_kept_snapshot_moves_on_with_the_clock() {
    // No worker: nothing is written when the subscription starts, only the clock moves.
    let app =
        common::app_with_catalog_configured(common::EXAMPLE_CATALOG, "2026-11-30T09:00:00Z", |c| {
            c.subscription_worker_interval = std::time::Duration::ZERO
        })
        .await;
    let body = app
        .provision(json!({
            "customerId": "later",
            "subscriptionParams": {"planId": "plan-free", "startDate": "2026-12-07T00:00:00Z"}
        }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let before = check(&app, "later", None, "feature-01-templates").await;
    assert_eq!(before["isGranted"], false, "{before}");
    assert_eq!(before["accessDeniedReason"], "NoActiveSubscription");
    let revision = customer_revision(&app, "later").await;
    app.clock.advance(TimeDelta::days(8));
    let after = check(&app, "later", None, "feature-01-templates").await;
    assert_eq!(after["isGranted"], true, "{after}");
    assert_eq!(after["usageLimit"], 3.0);
    assert_eq!(
        customer_revision(&app, "later").await,
        revision,
        "nothing was written"
    );
}

/// On SQLite a check outside a transaction reads the customer and its usage through
/// read-only connections of its own (`entitlement::embedded_read`), binding and reading
/// values as sqlx does: it must find exactly what the pool finds — the customer, its
/// revisions and every usage total — or a check would grant beyond a limit.
#[tokio::test]
async fn the_embedded_read_finds_what_the_pool_finds() {
    use plangate::customer::CustomerRefId;
    use plangate::entitlement::embedded_read::EmbeddedReader;
    use plangate::entitlement::snapshot;
    use plangate::environment::EnvironmentId;
    use sea_orm::{EntityTrait, QuerySelect};
    let app = app().await;
    if app.backend != common::Backend::Sqlite {
        return;
    }
    provision_seed(&app, "embedded-1").await;
    let report = app
        .gql(
            "mutation ($input: ReportUsageInput!) { reportUsage(input: $input) { currentUsage } }",
            json!({"input": {"customerId": "embedded-1", "resourceId": "resource-01",
                "featureId": "feature-01-templates", "value": 5}}),
        )
        .await;
    assert_eq!(
        report["data"]["reportUsage"]["currentUsage"],
        json!(5.0),
        "{report}"
    );
    let keys: Vec<(uuid::Uuid, chrono::DateTime<chrono::Utc>)> =
        entity::usage_total::Entity::find()
            .select_only()
            .column(entity::usage_total::Column::FeatureId)
            .column(entity::usage_total::Column::PeriodStart)
            .into_tuple()
            .all(&app.db)
            .await
            .expect("usage keys");
    assert_eq!(keys.len(), 1);
    let env: uuid::Uuid = entity::customer::Entity::find()
        .select_only()
        .column(entity::customer::Column::EnvironmentId)
        .into_tuple()
        .one(&app.db)
        .await
        .expect("environment")
        .expect("a customer");
    let env = EnvironmentId(env);
    let path = plangate::database::sqlite_file(&app.database_url).expect("an SQLite file");
    let reader = EmbeddedReader::new(path);
    for (customer, resource) in [
        ("embedded-1", "resource-01"),
        ("embedded-1", ""),
        ("nobody", ""),
    ] {
        let ref_id = CustomerRefId::parse(customer).expect("a customer id");
        let pooled = snapshot::find_customer_with_usage(&app.db, env, &ref_id, resource, &keys)
            .await
            .expect("pool read");
        let embedded = reader
            .find_customer_with_usage(env, &ref_id, resource, &keys)
            .expect("the embedded read did not step aside");
        assert_eq!(embedded, pooled, "{customer} {resource}");
        if customer == "embedded-1" && !resource.is_empty() {
            let (_, totals) = embedded.expect("the customer");
            assert_eq!(totals.len(), 1, "the reported usage is found");
            assert_eq!(totals[0].value, 5.0);
        }
    }
}
