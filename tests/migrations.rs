//! Upgrading a database written by an older plangate: the migrations that add columns derive
//! their values for the rows already there. Starting several servers at once on a new
//! database: the migrations and the first key happen once.

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

/// Usage written before `total_after` and `dedup_at` existed (migrations 1–7) is filled in by
/// the upgrade: each measurement's running total in its period, each event's timestamp as its
/// deduplication date (migration `m20261201_000008_usage_totals_after_and_event_dedup`).
#[tokio::test]
async fn usage_stored_before_totals_after_is_filled_in_by_the_upgrade() {
    let customer = uuid::Uuid::new_v4();
    let feature = uuid::Uuid::new_v4();
    let app = TestApp::spawn_after(async |db: &DatabaseConnection| {
        migration::Migrator::up(db, Some(7))
            .await
            .expect("migrations 1-7");
        let backend = db.get_database_backend();
        let now = chrono::Utc::now();
        let env = uuid::Uuid::new_v4();
        let rows: Vec<(&str, Vec<&str>, Vec<sea_orm::Value>)> = vec![
            (
                "environments",
                vec!["id", "slug", "created_at"],
                vec![env.into(), "development".into(), now.into()],
            ),
            (
                "customers",
                vec![
                    "id",
                    "environment_id",
                    "ref_id",
                    "ref_id_folded",
                    "exclude_from_experiment",
                    "created_at",
                    "updated_at",
                ],
                vec![
                    customer.into(),
                    env.into(),
                    "old".into(),
                    "old".into(),
                    false.into(),
                    now.into(),
                    now.into(),
                ],
            ),
            (
                "features",
                vec![
                    "id",
                    "environment_id",
                    "ref_id",
                    "display_name",
                    "feature_type",
                    "meter_type",
                    "feature_status",
                    "created_at",
                    "updated_at",
                ],
                vec![
                    feature.into(),
                    env.into(),
                    "f".into(),
                    "F".into(),
                    "NUMBER".into(),
                    "Incremental".into(),
                    "ACTIVE".into(),
                    now.into(),
                    now.into(),
                ],
            ),
        ];
        for (table, columns, values) in rows {
            let insert = Query::insert()
                .into_table(Alias::new(table))
                .columns(columns.into_iter().map(Alias::new))
                .values_panic(
                    values
                        .into_iter()
                        .map(sea_orm::sea_query::SimpleExpr::Value),
                )
                .to_owned();
            db.execute(backend.build(&insert)).await.expect(table);
        }
        // DELTA 5, SET 2, DELTA 3 in one lifetime period: running totals 5, 2, 5.
        for (i, (value, behavior)) in [(5.0, "DELTA"), (2.0, "SET"), (3.0, "DELTA")]
            .into_iter()
            .enumerate()
        {
            let at = now + chrono::TimeDelta::seconds(i as i64);
            let insert = Query::insert()
                .into_table(Alias::new("usage_measurements"))
                .columns(
                    [
                        "id",
                        "environment_id",
                        "customer_id",
                        "feature_id",
                        "resource_key",
                        "value",
                        "update_behavior",
                        "measured_at",
                        "period_start",
                        "created_at",
                    ]
                    .map(Alias::new),
                )
                .values_panic([
                    uuid::Uuid::now_v7().into(),
                    env.into(),
                    customer.into(),
                    feature.into(),
                    "".into(),
                    value.into(),
                    behavior.into(),
                    at.into(),
                    now.into(),
                    at.into(),
                ])
                .to_owned();
            db.execute(backend.build(&insert))
                .await
                .expect("measurement");
        }
        let insert = Query::insert()
            .into_table(Alias::new("usage_events"))
            .columns(
                [
                    "id",
                    "environment_id",
                    "customer_id",
                    "resource_key",
                    "event_name",
                    "idempotency_key",
                    "timestamp",
                    "created_at",
                ]
                .map(Alias::new),
            )
            .values_panic([
                uuid::Uuid::new_v4().into(),
                env.into(),
                customer.into(),
                "".into(),
                "e".into(),
                "k".into(),
                now.into(),
                now.into(),
            ])
            .to_owned();
        db.execute(backend.build(&insert)).await.expect("event");
    })
    .await;
    let totals = app
        .scalar_i64("SELECT CAST(SUM(total_after) AS BIGINT) AS n FROM usage_measurements")
        .await;
    assert_eq!(totals, 12, "5 + 2 + 5");
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM usage_events WHERE dedup_at = timestamp")
            .await,
        1
    );
}

/// Servers started together on a new database all start, and exactly one of them creates
/// the first environment and prints its key (found by the fresh-user trial, 2026-12-02: on
/// SQLite all but one exited with "table \"environments\" already exists", the migrations
/// of two processes interleaving; on PostgreSQL each replica created and printed a key of its
/// own).
#[tokio::test]
async fn servers_started_together_on_a_new_database_all_start_and_one_creates_the_key() {
    use std::time::{Duration, Instant};
    let (url, _database) = common::fresh_database().await;
    let mut servers = Vec::new();
    for _ in 0..4 {
        servers.push(start_without_key(&url));
    }
    let client = reqwest::Client::new();
    let started = Instant::now();
    for (server, port) in &mut servers {
        loop {
            let ready = client
                .get(format!("http://127.0.0.1:{port}/readyz"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if ready {
                break;
            }
            if let Ok(Some(status)) = server.try_wait() {
                let mut stderr = String::new();
                if let Some(mut pipe) = server.stderr.take() {
                    std::io::Read::read_to_string(&mut pipe, &mut stderr).ok();
                }
                panic!("a server exited ({status}): {stderr}");
            }
            assert!(started.elapsed() < Duration::from_secs(90), "not ready");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let mut printed = 0;
    for (mut server, _) in servers {
        server.kill().expect("kill");
        let output = server.wait_with_output().expect("stderr");
        let stderr = String::from_utf8_lossy(&output.stderr);
        printed += stderr.matches("with server API key").count();
    }
    assert_eq!(printed, 1, "servers that printed a new key");
    let db = sea_orm::Database::connect(&url).await.expect("database");
    let keys = db
        .query_one(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM api_keys",
        ))
        .await
        .expect("count")
        .and_then(|row| row.try_get::<i64>("", "n").ok());
    assert_eq!(keys, Some(1));
    db.close().await.ok();
}

/// A first start after `catalog apply` created the environment still makes and prints a key
/// (found by the fresh-user re-test, 2026-12-02: it printed none and served with no key).
#[tokio::test]
async fn a_first_start_after_a_catalog_apply_prints_a_key() {
    use std::process::Command;
    let (url, _database) = common::fresh_database().await;
    let applied = Command::new(env!("CARGO_BIN_EXE_plangate"))
        .args([
            "catalog",
            "apply",
            "examples/catalog.yaml",
            "--database-url",
            &url,
        ])
        .env_remove("PLANGATE_API_KEY")
        .output()
        .expect("catalog apply runs");
    assert!(applied.status.success(), "{applied:?}");
    let (mut server, port) = start_without_key(&url);
    let client = reqwest::Client::new();
    let started = std::time::Instant::now();
    while !client
        .get(format!("http://127.0.0.1:{port}/readyz"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(started.elapsed().as_secs() < 60, "not ready");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    server.kill().expect("kill");
    let output = server.wait_with_output().expect("stderr");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let key = stderr
        .split("with server API key ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no key printed: {stderr}"));
    assert!(key.starts_with("server-"), "{key}");
}

/// `plangate serve` on `url` without an API key (worker off, warnings only, stderr piped)
/// and the port it listens on.
fn start_without_key(url: &str) -> (std::process::Child, u16) {
    use std::process::{Command, Stdio};
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let server = Command::new(env!("CARGO_BIN_EXE_plangate"))
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("PLANGATE_LISTEN", format!("127.0.0.1:{port}"))
        .env_remove("PLANGATE_API_KEY")
        .env("PLANGATE_SUBSCRIPTION_WORKER_INTERVAL_MS", "0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("plangate starts");
    (server, port)
}
