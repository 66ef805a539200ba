//! What a plugin says about itself (`describe()`), checked before the plugin
//! is installed: the module slot it serves, its routes and its collections.

use crate::runtime::bindings::guest::Descriptor as Described;
use crate::store::documents::{valid_field, valid_name, IndexSpec};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::Arc;

/// A plugin's checked descriptor.
#[derive(Debug, Clone, Serialize)]
pub struct Descriptor {
    /// The module (slot) the plugin serves.
    pub slot: String,
    /// The plugin's version.
    pub version: String,
    /// Path prefixes it serves.
    pub routes: Vec<String>,
    /// Collection names it declared.
    #[serde(skip)]
    pub collections: Arc<HashSet<String>>,
    /// Indexes to create: (collection, index).
    #[serde(skip)]
    pub indexes: Vec<(String, IndexSpec)>,
}

/// The route prefixes of a stored descriptor (its JSON).
pub fn routes_of(json: &str) -> Vec<String> {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| serde_json::from_value(v["routes"].clone()).ok())
        .unwrap_or_default()
}

impl Descriptor {
    /// `slot@version`, naming the plugin in logs.
    pub fn label(&self) -> String {
        format!("{}@{}", self.slot, self.version)
    }
}

/// Checks a descriptor: valid names, routes under a client prefix, indexes
/// over valid fields; the error names every problem, `; `-separated.
pub fn check(d: Described) -> Result<Descriptor, String> {
    let mut problems = Vec::new();
    if !valid_name(&d.name) {
        problems.push(format!("invalid module slot name {:?}", d.name));
    }
    if d.routes.is_empty() {
        problems.push("a plugin must serve at least one route".into());
    }
    for r in &d.routes {
        let ok = crate::identity::ClientKind::for_path(r).is_some()
            && r.split('/').skip(1).all(|seg| {
                !seg.is_empty()
                    && seg
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            });
        if !ok {
            problems.push(format!(
                "route {r:?} is not a /zhugeleida/<client>/… prefix"
            ));
        }
    }
    let mut collections = HashSet::new();
    let mut indexes = Vec::new();
    for c in d.collections {
        if !valid_name(&c.name) || !collections.insert(c.name.clone()) {
            problems.push(format!("invalid or repeated collection {:?}", c.name));
        }
        for i in c.indexes {
            if !valid_name(&i.name)
                || i.fields.is_empty()
                || !i.fields.iter().all(|f| valid_field(f))
            {
                problems.push(format!("invalid index {:?} on {:?}", i.name, c.name));
            }
            indexes.push((
                c.name.clone(),
                IndexSpec {
                    name: i.name,
                    fields: i.fields,
                    unique: i.unique,
                },
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    Ok(Descriptor {
        slot: d.name,
        version: d.version,
        routes: d.routes,
        collections: Arc::new(collections),
        indexes,
    })
}
