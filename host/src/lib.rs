//! The Leida host: HTTP API, signed-request auth, storage, multi-tenancy and
//! the runtime that hosts the business modules (wasm components).
//!
//! Where a request goes: [`http`] routes it (native handlers in [`logins`],
//! [`org`], [`crm`], [`chat`], [`radar`], [`wecom`], [`media`] and [`qr_codes`];
//! everything else to [`modules::dispatch`]), [`auth`] verifies the signed
//! query, [`runtime`] runs the module in a fresh instance whose imports are
//! the [`capabilities`], each bound to the request's company, over [`store`].
//! WebSocket channels ([`realtime::channels`]) push chat as it happens.

pub mod app;
pub mod auth;
pub mod capabilities;
pub mod chat;
pub mod cli;
pub mod crm;
pub mod db;
pub mod expiring_cache;
pub mod http;
pub mod images;
pub mod local_time;
pub mod logins;
pub mod media;
pub mod modules;
pub mod org;
pub mod qr_codes;
pub mod radar;
pub mod realtime;
pub mod runtime;
pub mod store;
pub mod wechat;
pub mod wecom;
