//! plangate's database migrations. The same migrations run on SQLite and PostgreSQL; they are
//! applied at start-up and by `plangate migrate`.

pub use sea_orm_migration::prelude::*;

pub mod m20261130_000001_environments_and_customers;

pub use m20261130_000001_environments_and_customers::CUSTOMER_REF_ID_INDEX;

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(
            m20261130_000001_environments_and_customers::Migration,
        )]
    }
}
