//! Upgrading a database written by an older plangate: the migrations that add columns derive
//! their values for the rows already there.

mod common;

use common::TestApp;
use migration::MigratorTrait;
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;

/// Customers stored before the case-folded columns existed are found by `iLike` beyond ASCII
/// once the upgrade has folded them (migration `m20261201_000003_customer_folded_text`).
#[tokio::test]
async fn customers_stored_before_case_folding_are_folded_by_the_upgrade() {
    let app = TestApp::spawn_after(async |db: &DatabaseConnection| {
        migration::Migrator::up(db, Some(2))
            .await
            .expect("migrations 1-2");
        let backend = db.get_database_backend();
        let now = chrono::Utc::now();
        // The environment the test key will be stored for.
        let env = uuid::Uuid::new_v4();
        let insert = Query::insert()
            .into_table(Alias::new("environments"))
            .columns(["id", "slug", "created_at"].map(Alias::new))
            .values_panic([env.into(), "development".into(), now.into()])
            .to_owned();
        db.execute(backend.build(&insert))
            .await
            .expect("environment");
        // More rows than one backfill page.
        for n in 0..1_203 {
            let name = if n % 2 == 0 { "ÉCOLE" } else { "Ωmega" };
            let insert = Query::insert()
                .into_table(Alias::new("customers"))
                .columns(
                    [
                        "id",
                        "environment_id",
                        "ref_id",
                        "name",
                        "email",
                        "exclude_from_experiment",
                        "created_at",
                        "updated_at",
                    ]
                    .map(Alias::new),
                )
                .values_panic([
                    uuid::Uuid::new_v4().into(),
                    env.into(),
                    format!("OLD-Ä-{n}").into(),
                    name.into(),
                    format!("Ü{n}@EXAMPLE.COM").into(),
                    false.into(),
                    now.into(),
                    now.into(),
                ])
                .to_owned();
            db.execute(backend.build(&insert)).await.expect("customer");
        }
    })
    .await;
    for (column, folded) in [
        ("ref_id", "ref_id_folded"),
        ("name", "name_folded"),
        ("email", "email_folded"),
        ("crm_id", "crm_id_folded"),
        ("billing_id", "billing_id_folded"),
    ] {
        let unfolded = app
            .scalar_i64(&format!(
                "SELECT COUNT(*) AS n FROM customers WHERE ({column} IS NULL) <> ({folded} IS NULL)"
            ))
            .await;
        assert_eq!(unfolded, 0, "{column}");
    }
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM customers WHERE name_folded = 'école'")
            .await,
        602
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) AS n FROM customers WHERE ref_id_folded LIKE 'old-ä-%' \
             AND email_folded LIKE 'ü%@example.com'"
        )
        .await,
        1_203
    );
    let body = app
        .gql(
            "query { customers(filter: {name: {iLike: \"école\"}, \
             searchQuery: {iLike: \"old-ä-1%\"}}) { totalCount } }",
            json!({}),
        )
        .await;
    // The even ones of OLD-Ä-10…19, -100…199 and -1000…1202 are named ÉCOLE: 5 + 50 + 102.
    assert_eq!(body["data"]["customers"]["totalCount"], 157, "{body}");
}
