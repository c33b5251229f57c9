//! SQLite durability (issue 7, fault 10): `synchronous=FULL` by default, so an acknowledged
//! write survives a power loss; `normal` only when configured.

use plangate::database::{connect, SqliteSynchronous};
use sea_orm::{ConnectionTrait, Statement};

async fn synchronous_of(setting: Option<SqliteSynchronous>) -> i64 {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("durability.db").display());
    let setting = setting.unwrap_or_default();
    // One connection, so the pragma is read on the connection the setting was applied to.
    let db = connect(&url, 1, setting).await.expect("connects");
    let row = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            "PRAGMA synchronous",
        ))
        .await
        .expect("pragma")
        .expect("one row");
    row.try_get_by_index::<i64>(0).expect("a number")
}

#[tokio::test]
async fn sqlite_syncs_every_commit_by_default() {
    // SQLite: 2 = FULL, 1 = NORMAL.
    assert_eq!(synchronous_of(None).await, 2);
    assert_eq!(
        plangate::Config::for_database("sqlite://x.db").sqlite_synchronous,
        SqliteSynchronous::Full
    );
}

#[tokio::test]
async fn normal_is_chosen_explicitly() {
    assert_eq!(synchronous_of(Some(SqliteSynchronous::Normal)).await, 1);
}
