//! What the Boss-radar plugin tells the host: the slot, its version and
//! route prefixes. It keeps no documents: every number is counted by the
//! host from the company's own records when it is asked for.

use leida_module_sdk::Descriptor;

/// The route prefixes the Boss-radar module serves.
pub const ROUTES: [&str; 2] = [
    "/zhugeleida/boosleida/home_page",
    "/zhugeleida/admin/home_page",
];

/// The plugin's descriptor.
pub fn describe() -> Descriptor {
    Descriptor {
        name: "boss-radar".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        routes: ROUTES.iter().map(|r| r.to_string()).collect(),
        collections: Vec::new(),
    }
}
