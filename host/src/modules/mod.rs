//! Business modules: the bundled builds, the registry of installed modules
//! with their routes, and the dispatcher that runs a request in one.

mod bundled;
pub mod descriptor;
pub mod dispatch;
pub mod registry;
mod routes;
