//! End-to-end tests of Leida: each test drives the real `leida` binary over
//! HTTP and its CLI, with a fake WeChat, on SQLite or (when
//! `LEIDA_TEST_POSTGRES_URL` is set) PostgreSQL.

mod harness;

mod auth;
mod card_customer;
mod card_radar;
mod logins;
mod modules;
mod runtime_limits;
mod tenancy;
