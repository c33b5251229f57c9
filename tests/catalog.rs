//! The product catalog: `plangate catalog apply` of `examples/catalog.yaml` (idempotent,
//! atomic) and Stigg's catalog operations over HTTP — happy paths, errors with nothing
//! written, publish rules, edits of published packages refused, environment isolation.

mod common;

use common::{assert_error, TestApp};
use plangate::catalog::apply::{self, CatalogFile, Format};
use plangate::environment::{self, EnvironmentId};
use sea_orm::EntityTrait;
use serde_json::{json, Value};

const EXAMPLE: &str = include_str!("../examples/catalog.yaml");

/// The id of the test key's environment.
async fn development(app: &TestApp) -> EnvironmentId {
    let env = environment::ensure_environment(&app.db, environment::DEVELOPMENT)
        .await
        .expect("development environment");
    EnvironmentId(env.id)
}

fn example() -> CatalogFile {
    apply::parse(EXAMPLE, Some(Format::Yaml)).expect("examples/catalog.yaml parses")
}

/// Row counts of the catalog tables.
async fn counts(app: &TestApp) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for table in [
        "features",
        "products",
        "packages",
        "prices",
        "package_entitlements",
        "plan_compatible_addons",
    ] {
        out.push((table, app.count(table).await));
    }
    out
}

/// Every catalog row's id with its `updated_at` (prices: `created_at`), sorted.
async fn stamps(app: &TestApp) -> Vec<String> {
    let mut out = Vec::new();
    for f in entity::feature::Entity::find()
        .all(&app.db)
        .await
        .expect("features")
    {
        out.push(format!("feature {} {}", f.id, f.updated_at));
    }
    for p in entity::product::Entity::find()
        .all(&app.db)
        .await
        .expect("products")
    {
        out.push(format!("product {} {}", p.id, p.updated_at));
    }
    for p in entity::package::Entity::find()
        .all(&app.db)
        .await
        .expect("packages")
    {
        out.push(format!("package {} {} {}", p.id, p.updated_at, p.status));
    }
    for p in entity::price::Entity::find()
        .all(&app.db)
        .await
        .expect("prices")
    {
        out.push(format!("price {} {}", p.id, p.created_at));
    }
    for e in entity::package_entitlement::Entity::find()
        .all(&app.db)
        .await
        .expect("entitlements")
    {
        out.push(format!("entitlement {} {}", e.id, e.updated_at));
    }
    out.sort();
    out
}

#[tokio::test]
async fn example_catalog_applies_then_reapplies_without_changes() {
    let app = TestApp::spawn().await;
    let env = development(&app).await;
    let first = apply::apply(&app.db, env, &example(), app.now())
        .await
        .expect("apply");
    assert_eq!(
        (first.features, first.products, first.plans, first.addons),
        (4, 1, 3, 1)
    );
    assert_eq!(first.created, 9, "{first}");
    assert_eq!(first.published, 4, "{first}");
    assert!(first.changes() > 0);
    assert_eq!(
        counts(&app).await,
        vec![
            ("features", 4),
            ("products", 1),
            ("packages", 4),
            ("prices", 12),
            ("package_entitlements", 10),
            ("plan_compatible_addons", 2),
        ]
    );
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM packages WHERE status = 'PUBLISHED'")
            .await,
        4
    );
    // The seed's provision needs these exactly (see the lead's acceptance test).
    let basic = app
        .scalar_i64(
            "SELECT COUNT(*) AS n FROM prices p JOIN packages k ON k.id = p.package_id \
             WHERE k.ref_id = 'plan-basic' AND p.billing_period = 'MONTHLY'",
        )
        .await;
    assert_eq!(basic, 4, "flat + per-unit, default + DK");
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM prices p JOIN features f ON f.id = p.feature_id \
             WHERE f.ref_id = 'feature-01-templates' AND p.billing_model = 'PER_UNIT' \
             AND p.min_unit_quantity = 1 AND p.max_unit_quantity = 100"
        )
        .await,
        2
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM prices WHERE billing_country_code = 'DK' AND currency = 'DKK'"
        )
        .await,
        6
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM packages WHERE ref_id = 'plan-basic' \
             AND pricing_type = 'PAID' AND default_trial_duration = 14 AND default_trial_units = 'DAY'"
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM packages WHERE ref_id = 'plan-free' AND pricing_type = 'FREE'"
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM products WHERE ref_id = 'product-revvenu' \
             AND multiple_subscriptions = true AND subscription_start_setup = 'PLAN_SELECTION' \
             AND subscription_end_setup = 'DOWNGRADE_TO_FREE' AND downgrade_plan_ref_id = 'plan-free'"
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM plan_compatible_addons c \
             JOIN packages p ON p.id = c.plan_id JOIN packages a ON a.id = c.addon_id \
             WHERE p.ref_id = 'plan-basic' AND a.ref_id = 'addon-extra-stuff'"
        )
        .await,
        1
    );

    let before = (counts(&app).await, stamps(&app).await);
    let second = apply::apply(&app.db, env, &example(), app.now())
        .await
        .expect("reapply");
    assert_eq!(second.changes(), 0, "{second}");
    assert_eq!((counts(&app).await, stamps(&app).await), before);
}

#[tokio::test]
async fn a_failing_apply_writes_nothing() {
    let app = TestApp::spawn().await;
    let env = development(&app).await;
    let file = apply::parse(
        r#"
features:
  - { refId: feature-ok, displayName: OK, featureType: BOOLEAN }
products:
  - { refId: product-x }
plans:
  - refId: plan-x
    productId: product-x
    displayName: X
    pricing: { pricingType: FREE }
    entitlements:
      - { featureId: feature-ok }
      - { featureId: feature-missing }
"#,
        None,
    )
    .expect("parses");
    let err = apply::apply(&app.db, env, &file, app.now())
        .await
        .unwrap_err();
    assert_eq!(err.error.code(), "FeatureNotFound", "{err}");
    assert_eq!(err.at, "plan 'plan-x'");
    for (table, n) in counts(&app).await {
        assert_eq!(n, 0, "{table}");
    }
}

#[tokio::test]
async fn apply_refuses_to_change_a_published_addon_and_updates_drafts() {
    let app = TestApp::spawn().await;
    let env = development(&app).await;
    apply::apply(&app.db, env, &example(), app.now())
        .await
        .expect("apply");
    let before = stamps(&app).await;

    // Addons have no versions: a published one cannot change (a published plan is published
    // again as a new version: tests/subscription_changes.rs).
    let changed = EXAMPLE.replace("amount: 5, currency: USD", "amount: 6, currency: USD");
    let file = apply::parse(&changed, None).expect("parses");
    let err = apply::apply(&app.db, env, &file, app.now())
        .await
        .unwrap_err();
    assert_eq!(err.error.code(), "CannotEditPackageInNonDraftMode", "{err}");
    assert_eq!(err.at, "addon 'addon-extra-stuff'");
    assert_eq!(stamps(&app).await, before);

    // A draft is updated in place: fields, prices and entitlements.
    let draft = |name: &str, amount: &str, limit: u32| {
        format!(
            r#"
features:
  - {{ refId: feature-01-templates, displayName: Templates, featureType: NUMBER }}
plans:
  - refId: plan-draft
    productId: product-revvenu
    displayName: {name}
    status: DRAFT
    pricing:
      pricingType: PAID
      pricingModels:
        - billingModel: FLAT_FEE
          pricePeriods:
            - {{ billingPeriod: MONTHLY, price: {{ amount: "{amount}", currency: EUR }} }}
    entitlements:
      - {{ featureId: feature-01-templates, usageLimit: {limit} }}
"#
        )
    };
    let first = apply::apply(
        &app.db,
        env,
        &apply::parse(&draft("Draft", "9.90", 5), None).unwrap(),
        app.now(),
    )
    .await
    .expect("draft applied");
    assert_eq!((first.created, first.published), (1, 0), "{first}");
    let again = apply::apply(
        &app.db,
        env,
        &apply::parse(&draft("Draft", "9.9", 5), None).unwrap(),
        app.now(),
    )
    .await
    .expect("same draft");
    assert_eq!(
        again.changes(),
        0,
        "9.90 and 9.9 are the same amount: {again}"
    );
    let edit = apply::apply(
        &app.db,
        env,
        &apply::parse(&draft("Renamed", "19.5", 7), None).unwrap(),
        app.now(),
    )
    .await
    .expect("draft edited");
    assert_eq!((edit.created, edit.updated), (0, 1), "{edit}");
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM packages k JOIN prices p ON p.package_id = k.id \
             JOIN package_entitlements e ON e.package_id = k.id \
             WHERE k.ref_id = 'plan-draft' AND k.display_name = 'Renamed' AND k.status = 'DRAFT' \
             AND p.amount = '19.5' AND p.currency = 'EUR' AND e.usage_limit = 7"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn apply_reads_json_too() {
    let app = TestApp::spawn().await;
    let env = development(&app).await;
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(EXAMPLE).expect("yaml");
    let json_text = serde_json::to_string(&yaml).expect("as json");
    let file = apply::parse(&json_text, None).expect("JSON catalog parses");
    let summary = apply::apply(&app.db, env, &file, app.now())
        .await
        .expect("apply");
    assert_eq!(summary.published, 4);
    let again = apply::apply(&app.db, env, &example(), app.now())
        .await
        .expect("yaml after json");
    assert_eq!(again.changes(), 0, "{again}");
}

// ---------------------------------------------------------------------------------------
// GraphQL operations.

const PLAN_FIELDS: &str = r#"
  id refId displayName description status pricingType type versionNumber isLatest
  createdAt updatedAt productId environmentId
  defaultTrialConfig { duration units }
  product { id refId multipleSubscriptions productSettings { subscriptionStartSetup subscriptionStartPlanId downgradePlanId downgradePlan { refId } } }
  prices { billingModel billingPeriod billingCountryCode minUnitQuantity maxUnitQuantity price { amount currency } feature { refId featureType } }
  entitlements { featureId usageLimit hasUnlimitedUsage hasSoftLimit resetPeriod feature { refId id featureStatus } }
  compatibleAddons { refId status maxQuantity prices { price { amount currency } } }
"#;

const ADDON_FIELDS: &str = r#"
  id refId displayName status pricingType maxQuantity type
  product { refId }
  prices { billingModel billingPeriod billingCountryCode price { amount currency } }
  entitlements { featureId usageLimit resetPeriod }
"#;

async fn gql_ok(app: &TestApp, query: &str, variables: Value) -> Value {
    let body = app.gql(query, variables).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"].clone()
}

async fn create_feature(app: &TestApp, env: EnvironmentId, ref_id: &str, kind: &str) -> Value {
    gql_ok(
        app,
        "mutation ($input: FeatureInput!) { createFeature(input: $input) { id refId featureType featureStatus displayName } }",
        json!({"input": {"environmentId": env.0, "refId": ref_id, "displayName": ref_id, "featureType": kind}}),
    )
    .await["createFeature"]
        .clone()
}

async fn create_product(app: &TestApp, env: EnvironmentId, ref_id: &str) -> String {
    let data = gql_ok(
        app,
        "mutation ($input: CreateOneProductInput!) { createOneProduct(input: $input) { id refId } }",
        json!({"input": {"product": {"environmentId": env.0, "refId": ref_id, "displayName": "P", "multipleSubscriptions": true}}}),
    )
    .await;
    data["createOneProduct"]["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

async fn create_package(app: &TestApp, kind: &str, product_id: &str, ref_id: &str) -> String {
    let (op, input) = match kind {
        "plan" => ("createOnePlan", "PlanCreateInput"),
        _ => ("createOneAddon", "AddonCreateInput"),
    };
    let data = gql_ok(
        app,
        &format!("mutation ($input: {input}!) {{ {op}(input: $input) {{ id refId status }} }}"),
        json!({"input": {"productId": product_id, "refId": ref_id, "displayName": ref_id}}),
    )
    .await;
    assert_eq!(data[op]["status"], "DRAFT");
    data[op]["id"].as_str().expect("id").to_owned()
}

const SET_PRICING: &str = "mutation ($input: PackagePricingInput!) { setPackagePricing(input: $input) { packageId pricingType } }";
const ENTITLEMENTS: &str = "mutation ($input: CreatePackageEntitlementsInput!) { createPackageEntitlements(input: $input) { ... on PackageFeatureEntitlement { id featureId usageLimit hasUnlimitedUsage hasSoftLimit resetPeriod feature { refId } } } }";
const PUBLISH_PLAN: &str =
    "mutation ($input: PackagePublishInput!) { publishPlan(input: $input) { taskId } }";
const PUBLISH_ADDON: &str =
    "mutation ($input: PackagePublishInput!) { publishAddon(input: $input) { taskId } }";

fn flat_monthly(env: EnvironmentId, package_id: &str, amount: f64) -> Value {
    json!({"input": {"environmentId": env.0.to_string(), "packageId": package_id, "pricingType": "PAID",
        "pricingModels": [{"billingModel": "FLAT_FEE", "pricePeriods": [
            {"billingPeriod": "MONTHLY", "price": {"amount": amount, "currency": "USD"}}]}]}})
}

#[tokio::test]
async fn features_are_created_listed_and_archived() {
    let app = TestApp::spawn().await;
    let env = development(&app).await;
    let f = create_feature(&app, env, "feature-seats", "NUMBER").await;
    assert_eq!(f["refId"], "feature-seats");
    assert_eq!(f["featureType"], "NUMBER");
    assert_eq!(f["featureStatus"], "NEW");
    assert!(uuid::Uuid::parse_str(f["id"].as_str().unwrap_or_default()).is_ok());
    create_feature(&app, env, "feature-sso", "BOOLEAN").await;

    const CREATE: &str =
        "mutation ($input: FeatureInput!) { createFeature(input: $input) { refId } }";
    let input = |extra: Value| {
        let mut base = json!({"environmentId": env.0, "refId": "feature-x", "displayName": "X", "featureType": "BOOLEAN"});
        if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        json!({ "input": base })
    };
    let dup = app
        .gql(CREATE, input(json!({"refId": "feature-seats"})))
        .await;
    assert_error(&dup, "DuplicatedEntityNotAllowed", false);
    let enum_type = app.gql(CREATE, input(json!({"featureType": "ENUM"}))).await;
    assert_error(&enum_type, "UnsupportedFeatureType", true);
    let bad_ref = app.gql(CREATE, input(json!({"refId": "has space"}))).await;
    assert_error(&bad_ref, "BadUserInput", true);
    // A meter on a feature without an Incremental/Fluctuating meter type (tests/entitlements.rs
    // covers meters that are accepted).
    let meter = app
        .gql(
            CREATE,
            input(json!({"meter": {"aggregation": {"function": "COUNT"}, "filters": []}})),
        )
        .await;
    assert_error(&meter, "MeterMustBeAssociatedToMeteredFeature", true);
    let metadata = app
        .gql(CREATE, input(json!({"additionalMetaData": [1]})))
        .await;
    assert_error(&metadata, "InvalidMetadataError", true);
    let foreign = app
        .gql(
            CREATE,
            input(json!({"environmentId": uuid::Uuid::new_v4()})),
        )
        .await;
    assert_error(&foreign, "AccessDeniedError", false);
    assert_eq!(app.count("features").await, 2);

    const LIST: &str = "query ($filter: FeatureFilter, $paging: CursorPaging) { features(filter: $filter, paging: $paging) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { cursor node { refId featureType } } } }";
    let all = gql_ok(&app, LIST, json!({})).await;
    assert_eq!(all["features"]["totalCount"], 2);
    let one = gql_ok(
        &app,
        LIST,
        json!({"filter": {"refId": {"eq": "feature-sso"}}}),
    )
    .await;
    assert_eq!(one["features"]["edges"][0]["node"]["refId"], "feature-sso");
    let unsupported = app
        .gql(LIST, json!({"filter": {"displayName": {"like": "x%"}}}))
        .await;
    assert_error(&unsupported, "UnsupportedParameter", true);
    let unsupported_op = app
        .gql(LIST, json!({"filter": {"refId": {"like": "feature%"}}}))
        .await;
    assert_error(&unsupported_op, "UnsupportedParameter", true);

    const ARCHIVE: &str =
        "mutation ($input: ArchiveFeatureInput!) { archiveFeature(input: $input) { refId } }";
    let archived = gql_ok(&app, ARCHIVE, json!({"input": {"id": "feature-sso"}})).await;
    assert_eq!(archived["archiveFeature"]["refId"], "feature-sso");
    let again = app
        .gql(ARCHIVE, json!({"input": {"id": "feature-sso"}}))
        .await;
    assert_error(&again, "FeatureNotFound", false);
    let left = gql_ok(&app, LIST, json!({})).await;
    assert_eq!(left["features"]["totalCount"], 1);
    // The refId stays reserved.
    let reuse = app
        .gql(CREATE, input(json!({"refId": "feature-sso"})))
        .await;
    assert_error(&reuse, "DuplicatedEntityNotAllowed", false);
}

#[tokio::test]
async fn products_carry_the_customer_journey() {
    let app = TestApp::spawn().await;
    let env = development(&app).await;
    let product_id = create_product(&app, env, "product-a").await;
    let free = create_package(&app, "plan", &product_id, "plan-free").await;
    gql_ok(
        &app,
        SET_PRICING,
        json!({"input": {"environmentId": env.0.to_string(), "packageId": free, "pricingType": "FREE"}}),
    )
    .await;
    let paid = create_package(&app, "plan", &product_id, "plan-paid").await;
    gql_ok(&app, SET_PRICING, flat_monthly(env, &paid, 10.0)).await;

    const UPDATE: &str = "mutation ($input: UpdateOneProductInput!) { updateOneProduct(input: $input) { refId displayName multipleSubscriptions productSettings { subscriptionStartSetup subscriptionStartPlanId subscriptionStartPlan { refId pricingType } subscriptionEndSetup downgradePlanId } } }";
    let settings = |setup: &str, plan: Option<&str>| {
        json!({"input": {"id": product_id, "update": {"displayName": "Product A", "productSettings": {
            "subscriptionStartSetup": setup, "subscriptionStartPlanId": plan,
            "subscriptionEndSetup": "CANCEL_SUBSCRIPTION", "subscriptionCancellationTime": "END_OF_BILLING_PERIOD"}}}})
    };
    let before = stamps(&app).await;
    for (setup, plan, code, validation) in [
        ("FREE_PLAN", None, "BadUserInput", true),
        ("FREE_PLAN", Some("plan-nope"), "PlanNotFound", false),
        ("FREE_PLAN", Some("plan-paid"), "BadUserInput", true),
        ("TRIAL_PERIOD", Some("plan-paid"), "BadUserInput", true),
        ("PLAN_SELECTION", Some("plan-free"), "BadUserInput", true),
    ] {
        let body = app.gql(UPDATE, settings(setup, plan)).await;
        assert_error(&body, code, validation);
    }
    let unknown = app
        .gql(
            UPDATE,
            json!({"input": {"id": uuid::Uuid::new_v4(), "update": {"displayName": "x"}}}),
        )
        .await;
    assert_error(&unknown, "ProductNotFoundError", false);
    assert_eq!(stamps(&app).await, before, "nothing written on error");

    let ok = gql_ok(&app, UPDATE, settings("FREE_PLAN", Some("plan-free"))).await;
    let p = &ok["updateOneProduct"];
    assert_eq!(p["displayName"], "Product A");
    assert_eq!(p["multipleSubscriptions"], true);
    assert_eq!(p["productSettings"]["subscriptionStartSetup"], "FREE_PLAN");
    assert_eq!(p["productSettings"]["subscriptionStartPlanId"], "plan-free");
    assert_eq!(
        p["productSettings"]["subscriptionStartPlan"],
        json!({"refId": "plan-free", "pricingType": "FREE"})
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM products WHERE subscription_start_setup = 'FREE_PLAN' AND subscription_start_plan_ref_id = 'plan-free'"
        )
        .await,
        1
    );

    const CREATE: &str =
        "mutation ($input: CreateOneProductInput!) { createOneProduct(input: $input) { refId } }";
    let dup = app
        .gql(
            CREATE,
            json!({"input": {"product": {"environmentId": env.0, "refId": "product-a"}}}),
        )
        .await;
    assert_error(&dup, "DuplicatedEntityNotAllowed", false);
    let listed = gql_ok(
        &app,
        "{ products { totalCount edges { node { refId status productSettings { subscriptionStartSetup } } } } }",
        json!({}),
    )
    .await;
    assert_eq!(listed["products"]["totalCount"], 1);
    assert_eq!(
        listed["products"]["edges"][0]["node"],
        json!({"refId": "product-a", "status": "PUBLISHED", "productSettings": {"subscriptionStartSetup": "FREE_PLAN"}})
    );
}

#[tokio::test]
async fn plans_are_priced_entitled_published_and_then_immutable() {
    let app = TestApp::spawn().await;
    let env = development(&app).await;
    let product_id = create_product(&app, env, "product-a").await;
    create_feature(&app, env, "feature-templates", "NUMBER").await;
    create_feature(&app, env, "feature-sso", "BOOLEAN").await;
    let plan = create_package(&app, "plan", &product_id, "plan-basic").await;

    let unknown_product = app
        .gql(
            "mutation ($input: PlanCreateInput!) { createOnePlan(input: $input) { id } }",
            json!({"input": {"productId": uuid::Uuid::new_v4(), "displayName": "X"}}),
        )
        .await;
    assert_error(&unknown_product, "ProductNotFoundError", false);
    let dup = app
        .gql(
            "mutation ($input: PlanCreateInput!) { createOnePlan(input: $input) { id } }",
            json!({"input": {"productId": product_id, "refId": "plan-basic", "displayName": "X"}}),
        )
        .await;
    assert_error(&dup, "DuplicatedEntityNotAllowed", false);
    let parent = app
        .gql(
            "mutation ($input: PlanCreateInput!) { createOnePlan(input: $input) { id } }",
            json!({"input": {"productId": product_id, "displayName": "X", "parentPlanId": "plan-basic"}}),
        )
        .await;
    assert_error(&parent, "UnsupportedParameter", true);
    assert_eq!(app.count("packages").await, 1);

    const UPDATE: &str = "mutation ($input: PlanUpdateInput!) { updateOnePlan(input: $input) { displayName defaultTrialConfig { duration units } } }";
    let updated = gql_ok(
        &app,
        UPDATE,
        json!({"input": {"id": plan, "displayName": "Basic", "defaultTrialConfig": {"duration": 14, "units": "DAY"}}}),
    )
    .await;
    assert_eq!(
        updated["updateOnePlan"],
        json!({"displayName": "Basic", "defaultTrialConfig": {"duration": 14.0, "units": "DAY"}})
    );
    let bad_trial = app
        .gql(
            UPDATE,
            json!({"input": {"id": plan, "defaultTrialConfig": {"duration": 1.5, "units": "DAY"}}}),
        )
        .await;
    assert_error(&bad_trial, "BadUserInput", true);

    // Publishing needs a pricing type.
    let unpriced = app
        .gql(
            PUBLISH_PLAN,
            json!({"input": {"id": plan, "migrationType": "NEW_CUSTOMERS"}}),
        )
        .await;
    assert_error(&unpriced, "PackagePricingTypeNotSet", false);

    let pricing = |per_unit_feature: &str, dk_default: bool| {
        let mut flat_periods = vec![
            json!({"billingPeriod": "MONTHLY", "billingCountryCode": "DK", "price": {"amount": 69, "currency": "DKK"}}),
        ];
        if dk_default {
            flat_periods.push(
                json!({"billingPeriod": "MONTHLY", "price": {"amount": 10, "currency": "USD"}}),
            );
        }
        json!({"input": {"environmentId": env.0.to_string(), "packageId": plan, "pricingType": "PAID", "pricingModels": [
            {"billingModel": "FLAT_FEE", "pricePeriods": flat_periods},
            {"billingModel": "PER_UNIT", "featureId": per_unit_feature, "minUnitQuantity": 1, "maxUnitQuantity": 100,
             "pricePeriods": [{"billingPeriod": "MONTHLY", "price": {"amount": 2.5, "currency": "USD"}},
                              {"billingPeriod": "MONTHLY", "billingCountryCode": "DK", "price": {"amount": 17.5, "currency": "DKK"}}]}]}})
    };
    for (input, code, validation) in [
        (pricing("feature-sso", true), "UnsupportedFeatureType", true),
        (pricing("feature-nope", true), "FeatureNotFound", false),
        (pricing("feature-templates", false), "BadUserInput", true),
    ] {
        let body = app.gql(SET_PRICING, input).await;
        assert_error(&body, code, validation);
    }
    let negative = app.gql(SET_PRICING, flat_monthly(env, &plan, -1.0)).await;
    assert_error(&negative, "BadUserInput", true);
    let huge = app.gql(SET_PRICING, flat_monthly(env, &plan, 1e12)).await;
    assert_error(&huge, "AmountTooLarge", true);
    let tiers = app
        .gql(
            SET_PRICING,
            json!({"input": {"environmentId": env.0.to_string(), "packageId": plan, "pricingType": "PAID",
                "pricingModels": [{"billingModel": "FLAT_FEE", "pricePeriods": [{"billingPeriod": "MONTHLY", "blockSize": 5, "price": {"amount": 1}}]}]}}),
        )
        .await;
    assert_error(&tiers, "UnsupportedParameter", true);
    assert_eq!(app.count("prices").await, 0, "nothing written on error");

    let priced = gql_ok(&app, SET_PRICING, pricing("feature-templates", true)).await;
    assert_eq!(
        priced["setPackagePricing"],
        json!({"packageId": plan, "pricingType": "PAID"})
    );
    assert_eq!(app.count("prices").await, 4);
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM prices WHERE amount = '2.5' AND currency = 'USD'"
        )
        .await,
        1
    );

    let entitled = gql_ok(
        &app,
        ENTITLEMENTS,
        json!({"input": {"packageId": plan, "entitlements": [
            {"feature": {"featureId": "feature-sso"}},
            {"feature": {"featureId": "feature-templates", "usageLimit": 50, "hasSoftLimit": true, "resetPeriod": "MONTH"}}]}}),
    )
    .await;
    let list = entitled["createPackageEntitlements"]
        .as_array()
        .expect("list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["featureId"], "feature-sso");
    assert_eq!(list[1]["usageLimit"], 50.0);
    assert_eq!(list[1]["resetPeriod"], "MONTH");
    for (entitlements, code, validation) in [
        (
            json!([{"feature": {"featureId": "feature-sso"}}]),
            "DuplicatedEntityNotAllowed",
            false,
        ),
        (
            json!([{"feature": {"featureId": "feature-nope"}}]),
            "FeatureNotFound",
            false,
        ),
        (
            json!([{"feature": {"featureId": "feature-sso", "usageLimit": 3}}]),
            "UnsupportedFeatureType",
            true,
        ),
        (
            json!([{"feature": {"featureId": "feature-templates"}}]),
            "BadUserInput",
            true,
        ),
    ] {
        let body = app
            .gql(
                ENTITLEMENTS,
                json!({"input": {"packageId": plan, "entitlements": entitlements}}),
            )
            .await;
        assert_error(&body, code, validation);
    }
    assert_eq!(app.count("package_entitlements").await, 2);

    let published = gql_ok(
        &app,
        PUBLISH_PLAN,
        json!({"input": {"id": plan, "migrationType": "NEW_CUSTOMERS"}}),
    )
    .await;
    assert_eq!(published["publishPlan"]["taskId"], Value::Null);
    let again = app
        .gql(
            PUBLISH_PLAN,
            json!({"input": {"id": plan, "migrationType": "NEW_CUSTOMERS"}}),
        )
        .await;
    assert_error(&again, "PackageAlreadyPublished", false);

    // A published plan is immutable.
    let before = stamps(&app).await;
    let edits = [
        app.gql(UPDATE, json!({"input": {"id": plan, "displayName": "New"}})).await,
        app.gql(SET_PRICING, flat_monthly(env, &plan, 12.0)).await,
        app.gql(
            ENTITLEMENTS,
            json!({"input": {"packageId": plan, "entitlements": [{"feature": {"featureId": "feature-templates", "usageLimit": 1}}]}}),
        )
        .await,
        app.gql(
            "mutation ($input: SetCompatibleAddonsOnPlanInput!) { setCompatibleAddonsOnPlan(input: $input) { refId } }",
            json!({"input": {"id": plan, "relationIds": []}}),
        )
        .await,
    ];
    for body in &edits {
        assert_error(body, "CannotEditPackageInNonDraftMode", false);
    }
    assert_eq!(stamps(&app).await, before);

    let read = gql_ok(
        &app,
        &format!("query ($filter: PlanFilter) {{ plans(filter: $filter) {{ totalCount edges {{ node {{ {PLAN_FIELDS} }} }} }} }}"),
        json!({"filter": {"refId": {"eq": "plan-basic"}, "status": {"in": ["PUBLISHED"]}}}),
    )
    .await;
    assert_eq!(read["plans"]["totalCount"], 1);
    let node = &read["plans"]["edges"][0]["node"];
    assert_eq!(node["status"], "PUBLISHED");
    assert_eq!(node["pricingType"], "PAID");
    assert_eq!(node["type"], "PLAN");
    assert_eq!(node["productId"], json!(product_id));
    assert_eq!(node["environmentId"], json!(env.0));
    assert_eq!(
        node["defaultTrialConfig"],
        json!({"duration": 14.0, "units": "DAY"})
    );
    let prices = node["prices"].as_array().expect("prices");
    assert_eq!(prices.len(), 4);
    assert!(prices.contains(&json!({"billingModel": "PER_UNIT", "billingPeriod": "MONTHLY", "billingCountryCode": "DK",
        "minUnitQuantity": 1.0, "maxUnitQuantity": 100.0, "price": {"amount": 17.5, "currency": "DKK"},
        "feature": {"refId": "feature-templates", "featureType": "NUMBER"}})), "{node}");
    assert!(prices.contains(&json!({"billingModel": "FLAT_FEE", "billingPeriod": "MONTHLY", "billingCountryCode": null,
        "minUnitQuantity": null, "maxUnitQuantity": null, "price": {"amount": 10.0, "currency": "USD"}, "feature": null})), "{node}");
    let entitlements = node["entitlements"].as_array().expect("entitlements");
    assert_eq!(entitlements.len(), 2);
    assert_eq!(entitlements[1]["feature"]["refId"], "feature-templates");
    assert_eq!(entitlements[1]["feature"]["featureStatus"], "NEW");
    assert_eq!(entitlements[1]["hasSoftLimit"], true);
}

#[tokio::test]
async fn addons_compatibility_publish_order_and_archive_rules() {
    let app = TestApp::spawn().await;
    let env = development(&app).await;
    let product_id = create_product(&app, env, "product-a").await;
    let free = create_package(&app, "plan", &product_id, "plan-free").await;
    gql_ok(
        &app,
        SET_PRICING,
        json!({"input": {"environmentId": env.0.to_string(), "packageId": free, "pricingType": "FREE"}}),
    )
    .await;
    let plan = create_package(&app, "plan", &product_id, "plan-basic").await;
    gql_ok(&app, SET_PRICING, flat_monthly(env, &plan, 10.0)).await;
    let addon = create_package(&app, "addon", &product_id, "addon-extra").await;
    let updated = gql_ok(
        &app,
        &format!("mutation ($input: AddonUpdateInput!) {{ updateOneAddon(input: $input) {{ {ADDON_FIELDS} }} }}"),
        json!({"input": {"id": addon, "maxQuantity": 5, "displayName": "Extra"}}),
    )
    .await;
    assert_eq!(updated["updateOneAddon"]["maxQuantity"], 5.0);
    assert_eq!(updated["updateOneAddon"]["type"], "ADDON");
    assert_eq!(updated["updateOneAddon"]["product"]["refId"], "product-a");
    let bad_quantity = app
        .gql(
            "mutation ($input: AddonUpdateInput!) { updateOneAddon(input: $input) { id } }",
            json!({"input": {"id": addon, "maxQuantity": 0}}),
        )
        .await;
    assert_error(&bad_quantity, "BadUserInput", true);
    gql_ok(&app, SET_PRICING, flat_monthly(env, &addon, 5.0)).await;

    const COMPAT: &str = "mutation ($input: SetCompatibleAddonsOnPlanInput!) { setCompatibleAddonsOnPlan(input: $input) { refId compatibleAddons { refId status } } }";
    let unknown = app
        .gql(
            COMPAT,
            json!({"input": {"id": plan, "relationIds": [uuid::Uuid::new_v4()]}}),
        )
        .await;
    assert_error(&unknown, "AddonNotFound", false);
    let not_a_plan = app
        .gql(COMPAT, json!({"input": {"id": addon, "relationIds": []}}))
        .await;
    assert_error(&not_a_plan, "PlanNotFound", false);
    let set = gql_ok(
        &app,
        COMPAT,
        json!({"input": {"id": plan, "relationIds": [addon]}}),
    )
    .await;
    assert_eq!(
        set["setCompatibleAddonsOnPlan"]["compatibleAddons"],
        json!([{"refId": "addon-extra", "status": "DRAFT"}])
    );

    let early = app
        .gql(
            PUBLISH_PLAN,
            json!({"input": {"id": plan, "migrationType": "NEW_CUSTOMERS"}}),
        )
        .await;
    assert_error(
        &early,
        "PlanCannotBePublishWhenCompatibleAddonIsDraft",
        false,
    );
    const ARCHIVE_PLAN: &str =
        "mutation ($input: ArchivePlanInput!) { archivePlan(input: $input) { refId status } }";
    const ARCHIVE_ADDON: &str =
        "mutation ($input: AddonArchiveInput!) { archiveAddon(input: $input) { refId status } }";
    let draft = app
        .gql(ARCHIVE_PLAN, json!({"input": {"refId": "plan-basic"}}))
        .await;
    assert_error(&draft, "DraftPlanCantBeArchived", false);
    let draft_addon = app
        .gql(ARCHIVE_ADDON, json!({"input": {"refId": "addon-extra"}}))
        .await;
    assert_error(&draft_addon, "DraftAddonCantBeArchived", false);

    gql_ok(
        &app,
        PUBLISH_ADDON,
        json!({"input": {"id": addon, "migrationType": "NEW_CUSTOMERS"}}),
    )
    .await;
    gql_ok(
        &app,
        PUBLISH_PLAN,
        json!({"input": {"id": plan, "migrationType": "NEW_CUSTOMERS"}}),
    )
    .await;
    gql_ok(
        &app,
        PUBLISH_PLAN,
        json!({"input": {"id": free, "migrationType": "NEW_CUSTOMERS"}}),
    )
    .await;

    let in_use = app
        .gql(ARCHIVE_ADDON, json!({"input": {"refId": "addon-extra"}}))
        .await;
    assert_error(&in_use, "AddonIsCompatibleWithPlan", false);

    // The journey's plans cannot be archived.
    gql_ok(
        &app,
        "mutation ($input: UpdateOneProductInput!) { updateOneProduct(input: $input) { refId } }",
        json!({"input": {"id": product_id, "update": {"productSettings": {
            "subscriptionStartSetup": "FREE_PLAN", "subscriptionStartPlanId": "plan-free",
            "subscriptionEndSetup": "DOWNGRADE_TO_FREE", "downgradePlanId": "plan-free",
            "subscriptionCancellationTime": "END_OF_BILLING_PERIOD"}}}}),
    )
    .await;
    let start = app
        .gql(ARCHIVE_PLAN, json!({"input": {"refId": "plan-free"}}))
        .await;
    assert_error(&start, "PlanIsUsedAsDefaultStartPlan", false);
    gql_ok(
        &app,
        "mutation ($input: UpdateOneProductInput!) { updateOneProduct(input: $input) { refId } }",
        json!({"input": {"id": product_id, "update": {"productSettings": {
            "subscriptionStartSetup": "PLAN_SELECTION",
            "subscriptionEndSetup": "DOWNGRADE_TO_FREE", "downgradePlanId": "plan-free",
            "subscriptionCancellationTime": "END_OF_BILLING_PERIOD"}}}}),
    )
    .await;
    let downgrade = app
        .gql(ARCHIVE_PLAN, json!({"input": {"id": "plan-free"}}))
        .await;
    assert_error(&downgrade, "PlanIsUsedAsDowngradePlan", false);

    let archived = gql_ok(&app, ARCHIVE_PLAN, json!({"input": {"id": plan}})).await;
    assert_eq!(
        archived["archivePlan"],
        json!({"refId": "plan-basic", "status": "ARCHIVED"})
    );
    let twice = app
        .gql(ARCHIVE_PLAN, json!({"input": {"refId": "plan-basic"}}))
        .await;
    assert_error(&twice, "EntityIsArchivedError", false);
    let addon_archived = gql_ok(
        &app,
        ARCHIVE_ADDON,
        json!({"input": {"refId": "addon-extra"}}),
    )
    .await;
    assert_eq!(addon_archived["archiveAddon"]["status"], "ARCHIVED");
    let listed = gql_ok(
        &app,
        "{ addons(filter: {status: {eq: ARCHIVED}}) { totalCount edges { node { refId } } } }",
        json!({}),
    )
    .await;
    assert_eq!(listed["addons"]["totalCount"], 1);
}

#[tokio::test]
async fn the_catalog_is_scoped_to_the_key_environment() {
    let app = TestApp::spawn().await;
    let env = development(&app).await;
    apply::apply(&app.db, env, &example(), app.now())
        .await
        .expect("apply");
    environment::ensure_key(&app.db, "production", "server-production-key")
        .await
        .expect("production key");
    let prod = |query: &str, variables: Value| {
        app.post_with_key(
            Some("server-production-key"),
            json!({"query": query, "variables": variables}),
        )
    };
    let (_, plans) = prod("{ plans { totalCount } addons { totalCount } products { totalCount } features { totalCount } }", json!({})).await;
    assert_eq!(
        plans["data"],
        json!({"plans": {"totalCount": 0}, "addons": {"totalCount": 0}, "products": {"totalCount": 0}, "features": {"totalCount": 0}})
    );
    let dev_plan = entity::package::Entity::find()
        .all(&app.db)
        .await
        .expect("packages")
        .into_iter()
        .find(|p| p.ref_id == "plan-basic")
        .expect("plan-basic");
    let (_, body) = prod(
        "mutation ($input: PlanUpdateInput!) { updateOnePlan(input: $input) { id } }",
        json!({"input": {"id": dev_plan.id, "displayName": "stolen"}}),
    )
    .await;
    assert_error(&body, "PlanNotFound", false);
    let (_, body) = prod(
        "mutation ($input: PlanCreateInput!) { createOnePlan(input: $input) { id } }",
        json!({"input": {"productId": dev_plan.product_id, "displayName": "X"}}),
    )
    .await;
    assert_error(&body, "ProductNotFoundError", false);
    let (_, body) = prod(
        "mutation ($input: FeatureInput!) { createFeature(input: $input) { id } }",
        json!({"input": {"environmentId": env.0, "refId": "f", "displayName": "F", "featureType": "BOOLEAN"}}),
    )
    .await;
    assert_error(&body, "AccessDeniedError", false);
    let (_, body) = prod(
        "mutation ($input: ArchivePlanInput!) { archivePlan(input: $input) { id } }",
        json!({"input": {"refId": "plan-basic"}}),
    )
    .await;
    assert_error(&body, "PlanNotFound", false);
    // The same refIds are free in another environment.
    let prod_env = EnvironmentId(
        environment::ensure_environment(&app.db, "production")
            .await
            .expect("production")
            .id,
    );
    let summary = apply::apply(&app.db, prod_env, &example(), app.now())
        .await
        .expect("apply to production");
    assert_eq!(summary.created, 9);
    assert_eq!(app.count("packages").await, 8);
}

#[tokio::test]
async fn the_example_catalog_reads_back_over_graphql() {
    let app = TestApp::spawn().await;
    let env = development(&app).await;
    apply::apply(&app.db, env, &example(), app.now())
        .await
        .expect("apply");

    let plans = gql_ok(
        &app,
        &format!("query ($filter: PlanFilter) {{ plans(filter: $filter) {{ totalCount edges {{ node {{ {PLAN_FIELDS} }} }} }} }}"),
        json!({"filter": {"refId": {"in": ["plan-basic", "plan-free", "plan-revvenu-basic"]}}}),
    )
    .await;
    assert_eq!(plans["plans"]["totalCount"], 3);
    let edges = plans["plans"]["edges"].as_array().expect("edges");
    let plan = |ref_id: &str| {
        edges
            .iter()
            .map(|e| &e["node"])
            .find(|n| n["refId"] == ref_id)
            .unwrap_or_else(|| panic!("{ref_id} in {plans}"))
            .clone()
    };
    let basic = plan("plan-basic");
    assert_eq!(basic["status"], "PUBLISHED");
    assert_eq!(basic["pricingType"], "PAID");
    assert_eq!(
        basic["defaultTrialConfig"],
        json!({"duration": 14.0, "units": "DAY"})
    );
    let amounts: Vec<(Value, Value, Value)> = basic["prices"]
        .as_array()
        .expect("prices")
        .iter()
        .map(|p| {
            (
                p["billingModel"].clone(),
                p["billingCountryCode"].clone(),
                p["price"].clone(),
            )
        })
        .collect();
    assert_eq!(
        amounts,
        vec![
            (
                json!("FLAT_FEE"),
                json!(null),
                json!({"amount": 10.0, "currency": "USD"})
            ),
            (
                json!("FLAT_FEE"),
                json!("DK"),
                json!({"amount": 69.0, "currency": "DKK"})
            ),
            (
                json!("PER_UNIT"),
                json!(null),
                json!({"amount": 2.5, "currency": "USD"})
            ),
            (
                json!("PER_UNIT"),
                json!("DK"),
                json!({"amount": 17.5, "currency": "DKK"})
            ),
        ]
    );
    assert_eq!(
        basic["prices"][2]["feature"]["refId"],
        "feature-01-templates"
    );
    assert_eq!(basic["prices"][2]["minUnitQuantity"], 1.0);
    assert_eq!(basic["prices"][2]["maxUnitQuantity"], 100.0);
    assert_eq!(
        basic["compatibleAddons"],
        json!([{"refId": "addon-extra-stuff", "status": "PUBLISHED", "maxQuantity": 10.0,
            "prices": [{"price": {"amount": 50.0, "currency": "USD"}}, {"price": {"amount": 350.0, "currency": "DKK"}},
                       {"price": {"amount": 5.0, "currency": "USD"}}, {"price": {"amount": 35.0, "currency": "DKK"}}]}])
    );
    assert_eq!(basic["product"]["refId"], "product-revvenu");
    assert_eq!(basic["product"]["multipleSubscriptions"], true);
    assert_eq!(
        basic["product"]["productSettings"],
        json!({"subscriptionStartSetup": "PLAN_SELECTION", "subscriptionStartPlanId": null,
            "downgradePlanId": "plan-free", "downgradePlan": {"refId": "plan-free"}})
    );
    let ents: Vec<&Value> = basic["entitlements"]
        .as_array()
        .expect("entitlements")
        .iter()
        .map(|e| &e["featureId"])
        .collect();
    assert_eq!(
        ents,
        vec![
            "feature-02-custom-domain",
            "feature-03-api-calls",
            "feature-04-team-size"
        ]
    );
    assert_eq!(plan("plan-free")["pricingType"], "FREE");
    assert_eq!(plan("plan-free")["prices"], json!([]));
    let revvenu = plan("plan-revvenu-basic");
    assert_eq!(revvenu["prices"].as_array().map(Vec::len), Some(4));
    assert_eq!(revvenu["entitlements"][2]["hasUnlimitedUsage"], true);

    let addons = gql_ok(
        &app,
        &format!("{{ addons {{ totalCount edges {{ node {{ {ADDON_FIELDS} }} }} }} }}"),
        json!({}),
    )
    .await;
    let addon = &addons["addons"]["edges"][0]["node"];
    assert_eq!(addon["refId"], "addon-extra-stuff");
    assert_eq!(addon["status"], "PUBLISHED");
    assert_eq!(addon["pricingType"], "PAID");
    assert_eq!(addon["maxQuantity"], 10.0);
    assert_eq!(
        addon["entitlements"],
        json!([{"featureId": "feature-01-templates", "usageLimit": 10.0, "resetPeriod": null},
               {"featureId": "feature-03-api-calls", "usageLimit": 5000.0, "resetPeriod": "MONTH"}])
    );

    let products = gql_ok(
        &app,
        "{ products { totalCount edges { node { refId displayName multipleSubscriptions productSettings { subscriptionEndSetup subscriptionCancellationTime downgradePlan { refId status } } } } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        products["products"],
        json!({"totalCount": 1, "edges": [{"node": {"refId": "product-revvenu", "displayName": "Revvenu", "multipleSubscriptions": true,
            "productSettings": {"subscriptionEndSetup": "DOWNGRADE_TO_FREE", "subscriptionCancellationTime": "END_OF_BILLING_PERIOD",
                "downgradePlan": {"refId": "plan-free", "status": "PUBLISHED"}}}}]})
    );

    // Paging: offset cursors as Stigg's.
    const PAGE: &str = "query ($paging: CursorPaging) { plans(paging: $paging, sorting: [{field: refId, direction: ASC}]) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { refId } } } }";
    let first = gql_ok(&app, PAGE, json!({"paging": {"first": 2}})).await;
    let page = &first["plans"];
    assert_eq!(page["totalCount"], 3);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    assert_eq!(page["pageInfo"]["hasPreviousPage"], false);
    assert_eq!(page["edges"][0]["node"]["refId"], "plan-basic");
    assert_eq!(page["edges"][1]["cursor"], "YXJyYXljb25uZWN0aW9uOjE=");
    let next = gql_ok(
        &app,
        PAGE,
        json!({"paging": {"first": 2, "after": page["pageInfo"]["endCursor"]}}),
    )
    .await;
    assert_eq!(
        next["plans"]["edges"][0]["node"]["refId"],
        "plan-revvenu-basic"
    );
    assert_eq!(next["plans"]["pageInfo"]["hasNextPage"], false);
    assert_eq!(next["plans"]["pageInfo"]["hasPreviousPage"], true);
    let last = app.gql(PAGE, json!({"paging": {"last": 2}})).await;
    assert_error(&last, "UnsupportedParameter", true);
    let bad_cursor = app.gql(PAGE, json!({"paging": {"after": "nope"}})).await;
    assert_error(&bad_cursor, "BadUserInput", true);
}

/// Every update input: an omitted field keeps its stored value, an explicit `null` clears a
/// clearable field (`description`, `billingId`, an addon's `maxQuantity`), and an explicit
/// `null` on a field that cannot be cleared (`displayName`) is `BadUserInput` naming the
/// field, with nothing written.
#[tokio::test]
async fn updates_keep_omitted_fields_clear_nulls_and_refuse_null_names() {
    let app = TestApp::spawn().await;
    let env = development(&app).await;
    let product_id = create_product(&app, env, "product-u").await;
    let plan_id = create_package(&app, "plan", &product_id, "plan-u").await;
    let addon_id = create_package(&app, "addon", &product_id, "addon-u").await;

    for (op, input_type, id, fields) in [
        (
            "updateOnePlan",
            "PlanUpdateInput",
            plan_id.as_str(),
            "displayName description billingId",
        ),
        (
            "updateOneAddon",
            "AddonUpdateInput",
            addon_id.as_str(),
            "displayName description billingId maxQuantity",
        ),
    ] {
        let update =
            format!("mutation ($input: {input_type}!) {{ {op}(input: $input) {{ {fields} }} }}");
        let mut full = json!({"id": id, "displayName": "Named", "description": "Described", "billingId": "bill-1"});
        if op == "updateOneAddon" {
            full["maxQuantity"] = json!(4);
        }
        gql_ok(&app, &update, json!({ "input": full })).await;

        // Omitted fields stay.
        let kept = gql_ok(
            &app,
            &update,
            json!({"input": {"id": id, "description": "Described again"}}),
        )
        .await;
        assert_eq!(kept[op]["displayName"], "Named", "{op}");
        assert_eq!(kept[op]["description"], "Described again", "{op}");
        assert_eq!(kept[op]["billingId"], "bill-1", "{op}");

        // Explicit null clears.
        let mut nulls = json!({"id": id, "description": null, "billingId": null});
        if op == "updateOneAddon" {
            assert_eq!(kept[op]["maxQuantity"], 4.0);
            nulls["maxQuantity"] = json!(null);
        }
        let cleared = gql_ok(&app, &update, json!({ "input": nulls })).await;
        assert_eq!(cleared[op]["displayName"], "Named", "{op}");
        assert_eq!(cleared[op]["description"], Value::Null, "{op}");
        assert_eq!(cleared[op]["billingId"], Value::Null, "{op}");
        if op == "updateOneAddon" {
            assert_eq!(cleared[op]["maxQuantity"], Value::Null);
        }

        // A null displayName is refused and nothing is written.
        let uuid: uuid::Uuid = id.parse().expect("uuid");
        let before = entity::package::Entity::find_by_id(uuid)
            .one(&app.db)
            .await
            .expect("read");
        let body = app
            .gql(
                &update,
                json!({"input": {"id": id, "displayName": null, "description": "not written"}}),
            )
            .await;
        let message = assert_error(&body, "BadUserInput", true);
        assert!(message.contains("displayName"), "{message}");
        let after = entity::package::Entity::find_by_id(uuid)
            .one(&app.db)
            .await
            .expect("read");
        assert_eq!(before, after, "{op}: nothing written");
    }

    const UPDATE_PRODUCT: &str = "mutation ($input: UpdateOneProductInput!) { updateOneProduct(input: $input) { displayName description multipleSubscriptions } }";
    gql_ok(
        &app,
        UPDATE_PRODUCT,
        json!({"input": {"id": product_id, "update": {"displayName": "Product", "description": "About"}}}),
    )
    .await;
    let kept = gql_ok(
        &app,
        UPDATE_PRODUCT,
        json!({"input": {"id": product_id, "update": {"description": "About it"}}}),
    )
    .await;
    assert_eq!(kept["updateOneProduct"]["displayName"], "Product");
    assert_eq!(kept["updateOneProduct"]["description"], "About it");
    assert_eq!(kept["updateOneProduct"]["multipleSubscriptions"], true);
    let cleared = gql_ok(
        &app,
        UPDATE_PRODUCT,
        json!({"input": {"id": product_id, "update": {"description": null}}}),
    )
    .await;
    assert_eq!(cleared["updateOneProduct"]["displayName"], "Product");
    assert_eq!(cleared["updateOneProduct"]["description"], Value::Null);
    let uuid: uuid::Uuid = product_id.parse().expect("uuid");
    let before = entity::product::Entity::find_by_id(uuid)
        .one(&app.db)
        .await
        .expect("read");
    for field in ["displayName", "multipleSubscriptions", "productSettings"] {
        let body = app
            .gql(
                UPDATE_PRODUCT,
                json!({"input": {"id": product_id, "update": {field: null, "description": "not written"}}}),
            )
            .await;
        let message = assert_error(&body, "BadUserInput", true);
        assert!(message.contains(field), "{message}");
    }
    let after = entity::product::Entity::find_by_id(uuid)
        .one(&app.db)
        .await
        .expect("read");
    assert_eq!(before, after, "product: nothing written");
}
