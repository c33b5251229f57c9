//! Replicas that start together on one empty PostgreSQL database all come up: migrations are
//! serialized by an advisory lock (found by the fresh-user trial: 2 of 3 replicas exited with a
//! unique violation on PostgreSQL's catalog while creating the same tables).

use sea_orm::{ConnectionTrait, Database};

#[tokio::test]
async fn replicas_starting_together_on_an_empty_database_all_start() {
    let Ok(admin_url) = std::env::var("PLANGATE_TEST_POSTGRES_URL") else {
        eprintln!(
            "skipped: PLANGATE_TEST_POSTGRES_URL is not set (replicas share PostgreSQL only)"
        );
        return;
    };
    let name = format!("plangate_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&admin_url)
        .await
        .expect("admin connection");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create database");
    let base = admin_url
        .rsplit_once('/')
        .map(|(server, _)| server.to_owned())
        .expect("database URL with a path");
    let url = format!("{base}/{name}");
    let mut config = plangate::Config::for_database(&url);
    config.api_key = Some("server-replica-key".to_owned());
    let starts = (0..4).map(|_| plangate::app(&config));
    let results = futures::future::join_all(starts).await;
    let failures: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().err().map(|e| format!("{e:#}")))
        .collect();
    drop(results);
    let _ = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await;
    assert!(
        failures.is_empty(),
        "replicas failed to start: {failures:?}"
    );
}
