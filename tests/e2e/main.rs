//! End-to-end tests of Leida: each test drives the real `leida` binary over
//! HTTP and its CLI, with a fake WeChat, on SQLite or (when
//! `LEIDA_TEST_POSTGRES_URL` is set) PostgreSQL.

mod harness;

mod address_book;
mod article;
mod article_admin;
mod auth;
mod boss_radar;
mod card_customer;
mod card_poster;
mod card_radar;
mod cases;
mod cases_admin;
mod chat;
mod chat_sockets;
mod crm_customers;
mod crm_follow;
mod crm_tags;
mod cross_host;
mod cross_tenant;
mod logins;
mod mall;
mod mall_admin;
mod module_builds;
mod modules;
mod org;
mod plugin_languages;
mod plugin_walkthrough;
mod public_account;
mod qr_codes;
mod radar_views;
mod runtime_limits;
mod scan_login;
mod tenancy;
mod uploads;
mod wecom;
