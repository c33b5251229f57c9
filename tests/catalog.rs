//! The product catalog: `plangate catalog apply` of `examples/catalog.yaml` (idempotent,
//! atomic) and Stigg's catalog operations over HTTP — happy paths, errors with nothing
//! written, publish rules, edits of published packages refused, environment isolation.

mod common;

use common::TestApp;
use plangate::catalog::apply::{self, CatalogFile, Format};
use plangate::environment::{self, EnvironmentId};
use sea_orm::EntityTrait;

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
    let first = apply::apply(&app.db, env, &example()).await.expect("apply");
    assert_eq!(
        (first.features, first.products, first.plans, first.addons),
        (3, 1, 3, 1)
    );
    assert_eq!(first.created, 8, "{first}");
    assert_eq!(first.published, 4, "{first}");
    assert!(first.changes() > 0);
    assert_eq!(
        counts(&app).await,
        vec![
            ("features", 3),
            ("products", 1),
            ("packages", 4),
            ("prices", 12),
            ("package_entitlements", 9),
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
    let second = apply::apply(&app.db, env, &example())
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
    let err = apply::apply(&app.db, env, &file).await.unwrap_err();
    assert_eq!(err.error.code(), "FeatureNotFound", "{err}");
    assert_eq!(err.at, "plan 'plan-x'");
    for (table, n) in counts(&app).await {
        assert_eq!(n, 0, "{table}");
    }
}

#[tokio::test]
async fn apply_refuses_to_change_a_published_plan_and_updates_drafts() {
    let app = TestApp::spawn().await;
    let env = development(&app).await;
    apply::apply(&app.db, env, &example()).await.expect("apply");
    let before = stamps(&app).await;

    let changed = EXAMPLE.replace("amount: 10, currency: USD", "amount: 12, currency: USD");
    let file = apply::parse(&changed, None).expect("parses");
    let err = apply::apply(&app.db, env, &file).await.unwrap_err();
    assert_eq!(err.error.code(), "CannotEditPackageInNonDraftMode", "{err}");
    assert_eq!(err.at, "plan 'plan-basic'");
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
    )
    .await
    .expect("draft applied");
    assert_eq!((first.created, first.published), (1, 0), "{first}");
    let again = apply::apply(
        &app.db,
        env,
        &apply::parse(&draft("Draft", "9.9", 5), None).unwrap(),
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
    let summary = apply::apply(&app.db, env, &file).await.expect("apply");
    assert_eq!(summary.published, 4);
    let again = apply::apply(&app.db, env, &example())
        .await
        .expect("yaml after json");
    assert_eq!(again.changes(), 0, "{again}");
}
