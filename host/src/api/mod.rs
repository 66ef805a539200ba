//! The handlers, one folder (or file) per area of the HTTP API, each with
//! its `routes()`; `router` assembles them. Handlers read the request
//! (`http`), call the services, and answer the envelope. Nothing but
//! `router` imports this module.

pub mod chat;
pub mod crm;
pub mod jssdk;
pub mod logins;
pub mod media;
pub mod module_admin;
pub mod modules;
pub mod org;
pub mod qr_codes;
pub mod radar;
mod scope;
pub mod sockets;
