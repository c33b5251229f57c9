//! SeaORM entities of plangate, one module per table. The migrations in `migration/` are the
//! schema source; these mirror them.

pub mod api_key;
pub mod customer;
pub mod environment;
