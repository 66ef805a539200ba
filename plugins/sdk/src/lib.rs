//! Guest SDK for Leida business modules.
//!
//! A module crate (`crate-type = ["cdylib"]`, target `wasm32-wasip2`)
//! implements [`Guest`] and exports it with `leida_module_sdk::export!(T);`.
//! The SDK re-exports the host interfaces and adds small helpers: reading
//! request fields ([`Input`]), paging ([`Paging`]), responses ([`ok`],
//! [`error`]), failures mapped to envelope codes ([`Failure`]), local time
//! formatting ([`time`]), typed storage access ([`store`]), canvas layers
//! for the host's image rendering ([`draw`]) and a customer's visit to a
//! radar user's content ([`Visit`]).
//!
//! ```ignore
//! use leida_module_sdk::{json, ok, Descriptor, Guest, Request, Response};
//!
//! struct Hello;
//!
//! impl Guest for Hello {
//!     fn describe() -> Descriptor {
//!         Descriptor {
//!             name: "hello".into(),
//!             version: "0.1.0".into(),
//!             routes: vec!["/zhugeleida/xiaochengxu/hello".into()],
//!             collections: vec![],
//!         }
//!     }
//!     fn handle(_req: Request) -> Response {
//!         ok("", json!({ "hello": true }))
//!     }
//! }
//!
//! leida_module_sdk::export!(Hello);
//! ```

pub mod bindings;
pub mod caller;
pub mod code;
pub mod describe;
pub mod draw;
pub mod failure;
pub mod input;
pub mod paging;
pub mod response;
pub mod route;
pub mod store;
pub mod time;
pub mod value;
pub mod visit;

/// Exports a [`Guest`] implementation as the component's `module` export.
pub use bindings::export;
pub use bindings::exports::leida::platform::module::{
    Collection, Descriptor, Guest, Index, Request, Response,
};
pub use bindings::leida::platform::{
    chat, clock, directory, files, images, log, radar, storage, types,
};
pub use caller::{require_customer, require_radar_user};
pub use describe::{collection, index, unique_index};
pub use failure::{Failure, Outcome};
pub use input::Input;
pub use paging::Paging;
pub use response::{error, ok, ok_with_note};
pub use route::{find_route, get, post, route_path, serve, table_problems, Handler, Route};
pub use visit::Visit;

/// JSON values, re-exported so module crates need no direct dependency.
pub use serde_json::{json, Value as Json};
