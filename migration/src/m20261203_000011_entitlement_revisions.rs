//! Revision counters that let a replica keep what an entitlement check reads in memory and
//! still see every change another replica (or process) commits:
//! - `catalog_revisions`: one row (`id` 1) whose `revision` goes up with every write to the
//!   catalog (features, products, plans and addons, their prices, entitlements and
//!   compatible addons);
//! - `customer_revisions`: one row per customer whose `revision` goes up with every write to
//!   that customer's subscriptions (their addons and billed prices included) and promotional
//!   entitlements.
//!
//! Database triggers keep both, so no code path that writes those tables can forget to: the
//! invariant lives in the database, as DESIGN.md asks of everything that must hold across
//! replicas. Readers read a revision *before* the data it guards, so a change that lands in
//! between only causes one more reload, never a stale answer that sticks.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Catalog tables: a write to any of them changes what a package or feature looks like.
const CATALOG_TABLES: [&str; 6] = [
    "features",
    "products",
    "packages",
    "prices",
    "package_entitlements",
    "plan_compatible_addons",
];

/// Tables whose rows carry `customer_id` and shape a customer's entitlements.
const CUSTOMER_TABLES: [&str; 2] = ["subscriptions", "promotional_entitlements"];

/// Tables whose rows belong to a subscription (`subscription_id`).
const SUBSCRIPTION_TABLES: [&str; 2] = ["subscription_addons", "subscription_prices"];

const OPERATIONS: [&str; 3] = ["INSERT", "UPDATE", "DELETE"];

fn sqlite_up() -> Vec<String> {
    let mut statements = vec![
        "CREATE TABLE catalog_revisions (id integer NOT NULL PRIMARY KEY, revision bigint NOT NULL)"
            .to_owned(),
        "INSERT INTO catalog_revisions (id, revision) VALUES (1, 0)".to_owned(),
        "CREATE TABLE customer_revisions (customer_id uuid_text NOT NULL PRIMARY KEY, revision bigint NOT NULL)"
            .to_owned(),
    ];
    // SQLite has no statement-level triggers nor trigger functions: one trigger per table
    // and operation.
    let bump = |id: &str| {
        format!(
            "INSERT INTO customer_revisions (customer_id, revision) VALUES ({id}, 1) \
             ON CONFLICT (customer_id) DO UPDATE SET revision = customer_revisions.revision + 1;"
        )
    };
    for table in CATALOG_TABLES {
        for op in OPERATIONS {
            statements.push(format!(
                "CREATE TRIGGER tr_{table}_catalog_revision_{o} AFTER {op} ON {table} FOR EACH ROW \
                 BEGIN UPDATE catalog_revisions SET revision = revision + 1 WHERE id = 1; END",
                o = op.to_lowercase()
            ));
        }
    }
    for table in CUSTOMER_TABLES {
        for op in OPERATIONS {
            let body = match op {
                "INSERT" => bump("NEW.customer_id"),
                "DELETE" => bump("OLD.customer_id"),
                _ => format!("{}{}", bump("NEW.customer_id"), bump("OLD.customer_id")),
            };
            statements.push(format!(
                "CREATE TRIGGER tr_{table}_customer_revision_{o} AFTER {op} ON {table} FOR EACH ROW \
                 BEGIN {body} END",
                o = op.to_lowercase()
            ));
        }
    }
    let of = |row: &str| {
        format!("(SELECT customer_id FROM subscriptions WHERE id = {row}.subscription_id)")
    };
    for table in SUBSCRIPTION_TABLES {
        for op in OPERATIONS {
            let body = match op {
                "INSERT" => bump(&of("NEW")),
                "DELETE" => bump(&of("OLD")),
                _ => format!("{}{}", bump(&of("NEW")), bump(&of("OLD"))),
            };
            // A row whose subscription is gone (deleted in the same statement) has no
            // customer to bump: the subscription's own trigger did.
            let when = match op {
                "INSERT" => format!("WHEN {} IS NOT NULL", of("NEW")),
                _ => format!("WHEN {} IS NOT NULL", of("OLD")),
            };
            statements.push(format!(
                "CREATE TRIGGER tr_{table}_customer_revision_{o} AFTER {op} ON {table} FOR EACH ROW \
                 {when} BEGIN {body} END",
                o = op.to_lowercase()
            ));
        }
    }
    statements
}

fn postgres_up() -> Vec<String> {
    let mut statements = vec![
        "CREATE TABLE catalog_revisions (id integer NOT NULL PRIMARY KEY, revision bigint NOT NULL)"
            .to_owned(),
        "INSERT INTO catalog_revisions (id, revision) VALUES (1, 0)".to_owned(),
        "CREATE TABLE customer_revisions (customer_id uuid NOT NULL PRIMARY KEY, revision bigint NOT NULL)"
            .to_owned(),
        "CREATE FUNCTION plangate_catalog_revision() RETURNS trigger LANGUAGE plpgsql AS $$ \
         BEGIN UPDATE catalog_revisions SET revision = revision + 1 WHERE id = 1; RETURN NULL; END $$"
            .to_owned(),
        "CREATE FUNCTION plangate_bump_customer_revision(customer uuid) RETURNS void LANGUAGE sql AS $$ \
         INSERT INTO customer_revisions (customer_id, revision) VALUES (customer, 1) \
         ON CONFLICT (customer_id) DO UPDATE SET revision = customer_revisions.revision + 1 $$"
            .to_owned(),
        "CREATE FUNCTION plangate_customer_revision() RETURNS trigger LANGUAGE plpgsql AS $$ \
         BEGIN \
           IF TG_OP <> 'DELETE' THEN PERFORM plangate_bump_customer_revision(NEW.customer_id); END IF; \
           IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.customer_id IS DISTINCT FROM NEW.customer_id) THEN \
             PERFORM plangate_bump_customer_revision(OLD.customer_id); \
           END IF; \
           RETURN NULL; \
         END $$"
            .to_owned(),
        "CREATE FUNCTION plangate_subscription_part_revision() RETURNS trigger LANGUAGE plpgsql AS $$ \
         DECLARE owner uuid; \
         BEGIN \
           IF TG_OP = 'DELETE' THEN \
             SELECT customer_id INTO owner FROM subscriptions WHERE id = OLD.subscription_id; \
           ELSE \
             SELECT customer_id INTO owner FROM subscriptions WHERE id = NEW.subscription_id; \
           END IF; \
           IF owner IS NOT NULL THEN PERFORM plangate_bump_customer_revision(owner); END IF; \
           RETURN NULL; \
         END $$"
            .to_owned(),
    ];
    for table in CATALOG_TABLES {
        statements.push(format!(
            "CREATE TRIGGER tr_{table}_catalog_revision AFTER INSERT OR UPDATE OR DELETE ON {table} \
             FOR EACH STATEMENT EXECUTE FUNCTION plangate_catalog_revision()"
        ));
    }
    for table in CUSTOMER_TABLES {
        statements.push(format!(
            "CREATE TRIGGER tr_{table}_customer_revision AFTER INSERT OR UPDATE OR DELETE ON {table} \
             FOR EACH ROW EXECUTE FUNCTION plangate_customer_revision()"
        ));
    }
    for table in SUBSCRIPTION_TABLES {
        statements.push(format!(
            "CREATE TRIGGER tr_{table}_customer_revision AFTER INSERT OR UPDATE OR DELETE ON {table} \
             FOR EACH ROW EXECUTE FUNCTION plangate_subscription_part_revision()"
        ));
    }
    statements
}

fn down_statements(backend: DbBackend) -> Vec<String> {
    let mut statements = Vec::new();
    match backend {
        DbBackend::Postgres => {
            for table in CATALOG_TABLES {
                statements.push(format!(
                    "DROP TRIGGER IF EXISTS tr_{table}_catalog_revision ON {table}"
                ));
            }
            for table in CUSTOMER_TABLES.iter().chain(&SUBSCRIPTION_TABLES) {
                statements.push(format!(
                    "DROP TRIGGER IF EXISTS tr_{table}_customer_revision ON {table}"
                ));
            }
            for function in [
                "plangate_catalog_revision()",
                "plangate_customer_revision()",
                "plangate_subscription_part_revision()",
                "plangate_bump_customer_revision(uuid)",
            ] {
                statements.push(format!("DROP FUNCTION IF EXISTS {function}"));
            }
        }
        _ => {
            for op in OPERATIONS.map(str::to_lowercase) {
                for table in CATALOG_TABLES {
                    statements.push(format!(
                        "DROP TRIGGER IF EXISTS tr_{table}_catalog_revision_{op}"
                    ));
                }
                for table in CUSTOMER_TABLES.iter().chain(&SUBSCRIPTION_TABLES) {
                    statements.push(format!(
                        "DROP TRIGGER IF EXISTS tr_{table}_customer_revision_{op}"
                    ));
                }
            }
        }
    }
    statements.push("DROP TABLE IF EXISTS customer_revisions".to_owned());
    statements.push("DROP TABLE IF EXISTS catalog_revisions".to_owned());
    statements
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements = match manager.get_database_backend() {
            DbBackend::Postgres => postgres_up(),
            _ => sqlite_up(),
        };
        let db = manager.get_connection();
        for statement in statements {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for statement in down_statements(manager.get_database_backend()) {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }
}
