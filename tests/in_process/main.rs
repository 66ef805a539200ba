//! In-process tests of the host: the router driven with `oneshot` (no
//! binary, no sockets), and each capability's host functions called directly
//! on a `ModuleState` over a temporary SQLite database, without wasm. The
//! end-to-end suite (`tests/e2e`) remains the check of the wire contract
//! against the real binary.

mod capabilities;
mod contracts;
mod harness;
mod modules;
mod routes;
