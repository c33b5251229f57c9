//! plangate: a self-hosted customer-management server that speaks Stigg's GraphQL API.
//!
//! Layers (data flows one way): [`http`] → [`graphql`] resolvers → domain ([`customer`],
//! [`catalog`], [`subscription`], [`environment`], [`billing`], with [`paging`], [`values`] and
//! [`change`] shared by them) → `entity` (SeaORM). [`app`] builds the router
//! used by the binary and by the tests.
//!
//! Futures over 16 KiB are boxed where they are awaited (`clippy::large_futures`): a
//! resolver's future is moved whole into the heap by async-graphql for every field it
//! resolves, and one large resolver made every root field of its type that large (46 KB
//! copied per entitlement check, callgrind 2026-11-30).
#![warn(clippy::large_futures)]

pub mod auth;
pub mod billing;
pub mod catalog;
pub mod change;
pub mod config;
pub mod coupon;
pub mod customer;
pub mod database;
pub mod delivery;
pub mod entitlement;
pub mod environment;
pub mod error;
pub mod graphql;
pub mod http;
pub mod paging;
pub mod realtime;
pub mod startup;
pub mod subscription;
pub mod telemetry;
pub mod time;
pub mod usage;
pub mod values;
pub mod webhook;

pub use config::Config;
pub use startup::{app, serve};
