//! Business modules and the plugins that serve them: the bundled plugin
//! builds, their checked descriptors, the registry of installed plugins (one
//! per module slot) and the route table that finds the module serving a
//! path. Requests reach them through `api::modules`.

mod bundled;
pub mod descriptor;
pub mod registry;
mod routes;
