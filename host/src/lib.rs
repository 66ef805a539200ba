//! The Leida host: HTTP API, signed-request auth, storage, multi-tenancy and
//! the runtime that hosts the business modules (wasm components).
//!
//! Where a request goes, top to bottom: [`router`] is the one route table;
//! it hands each native route to its handler in [`api`] and every other
//! `/zhugeleida/…` path to [`api::modules`], which runs the plugin serving
//! that module in [`runtime`], whose imports are the [`capabilities`]. The
//! handlers use the services ([`auth`], [`chat`], [`crm`], [`media`],
//! [`public_account`], [`qr_codes`], [`realtime`], [`scan_login`],
//! [`wechat`], [`wecom`], [`images`], [`modules`]) held in [`app::App`],
//! which sit over [`store`], the only place SQL is written. [`identity`],
//! [`settings`] and [`local_time`] are shared by all of them.

pub mod api;
pub mod app;
pub mod auth;
pub mod capabilities;
pub mod chat;
pub mod cli;
pub mod crm;
pub mod db;
pub mod expiring_cache;
pub mod http;
pub mod identity;
pub mod images;
pub mod local_time;
pub mod media;
pub mod modules;
pub mod public_account;
pub mod qr_codes;
pub mod realtime;
pub mod router;
pub mod runtime;
pub mod scan_login;
pub mod settings;
pub mod store;
pub mod wechat;
pub mod wecom;
