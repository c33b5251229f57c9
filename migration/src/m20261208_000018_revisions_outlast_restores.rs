//! Revision counters that never come back to a value a server has already seen (PostgreSQL).
//!
//! `catalog_revisions` and `customer_revisions` (migration 11) went up by one per write. A
//! backup restored under running servers (or a failover to a standby that is behind) winds
//! them back; the next writes then bring them to values the servers had already kept other
//! content under, and the servers went on answering from it — a grant that was no longer in
//! the database, a product's old name (found by the fresh-user trial with `pg_restore`). Now a
//! write moves a counter to the greater of one more and the database clock in microseconds
//! since 1970: after a restore the first write lands past every value handed out before it,
//! so a kept state can only be matched by the state it was read from. Until that write,
//! readers see a counter lower than the one they keep and read the database (`catalog::kept`,
//! `entitlement::snapshot`).
//!
//! SQLite is left as it is: its file is not replaced under a running server but with it
//! stopped, and a started server keeps nothing.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The database clock in microseconds since 1970 (`clock_timestamp()`: the time of the
/// statement's execution, not of the transaction's start).
const NOW_MICROS: &str = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint";

fn postgres_up() -> Vec<String> {
    vec![
        format!(
            "CREATE OR REPLACE FUNCTION plangate_catalog_revision() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN UPDATE catalog_revisions SET revision = GREATEST(revision + 1, {NOW_MICROS}) WHERE id = 1; \
             RETURN NULL; END $$"
        ),
        format!(
            "CREATE OR REPLACE FUNCTION plangate_bump_customer_revision(customer uuid) RETURNS void LANGUAGE sql AS $$ \
             INSERT INTO customer_revisions (customer_id, revision) VALUES (customer, {NOW_MICROS}) \
             ON CONFLICT (customer_id) DO UPDATE SET revision = GREATEST(customer_revisions.revision + 1, {NOW_MICROS}) $$"
        ),
    ]
}

fn postgres_down() -> Vec<String> {
    vec![
        "CREATE OR REPLACE FUNCTION plangate_catalog_revision() RETURNS trigger LANGUAGE plpgsql AS $$ \
         BEGIN UPDATE catalog_revisions SET revision = revision + 1 WHERE id = 1; RETURN NULL; END $$"
            .to_owned(),
        "CREATE OR REPLACE FUNCTION plangate_bump_customer_revision(customer uuid) RETURNS void LANGUAGE sql AS $$ \
         INSERT INTO customer_revisions (customer_id, revision) VALUES (customer, 1) \
         ON CONFLICT (customer_id) DO UPDATE SET revision = customer_revisions.revision + 1 $$"
            .to_owned(),
    ]
}

/// Runs `statements` in order, on PostgreSQL only.
async fn on_postgres(manager: &SchemaManager<'_>, statements: Vec<String>) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let db = manager.get_connection();
    for statement in statements {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        on_postgres(manager, postgres_up()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        on_postgres(manager, postgres_down()).await
    }
}
