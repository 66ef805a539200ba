//! A module's self-description, checked before the module is installed.

use crate::runtime::bindings::guest::Descriptor;
use crate::store::documents::{valid_field, valid_name, IndexSpec};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::Arc;

/// A checked module descriptor.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleInfo {
    /// The slot the module serves.
    pub name: String,
    /// Its version.
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

/// Checks a descriptor: valid names, routes under a client prefix, indexes over valid fields.
pub fn check(d: Descriptor) -> Result<ModuleInfo, String> {
    if !valid_name(&d.name) {
        return Err(format!("invalid module name {:?}", d.name));
    }
    if d.routes.is_empty() {
        return Err("a module must serve at least one route".into());
    }
    for r in &d.routes {
        let ok = crate::auth::ClientKind::for_path(r).is_some()
            && r.split('/').skip(1).all(|seg| {
                !seg.is_empty()
                    && seg
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            });
        if !ok {
            return Err(format!(
                "route {r:?} is not a /zhugeleida/<client>/… prefix"
            ));
        }
    }
    let mut collections = HashSet::new();
    let mut indexes = Vec::new();
    for c in d.collections {
        if !valid_name(&c.name) || !collections.insert(c.name.clone()) {
            return Err(format!("invalid or repeated collection {:?}", c.name));
        }
        for i in c.indexes {
            if !valid_name(&i.name)
                || i.fields.is_empty()
                || !i.fields.iter().all(|f| valid_field(f))
            {
                return Err(format!("invalid index {:?} on {:?}", i.name, c.name));
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
    Ok(ModuleInfo {
        name: d.name,
        version: d.version,
        routes: d.routes,
        collections: Arc::new(collections),
        indexes,
    })
}
