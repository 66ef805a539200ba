//! Installed plugins: compiled, described, indexed and routed at start-up,
//! one per module slot. The catalog is an immutable snapshot behind a lock,
//! so a later swap replaces it without stopping requests in flight.

use super::bundled::BUNDLED;
use super::descriptor::{self, Descriptor};
use super::routes::RouteTable;
use crate::db::Db;
use crate::runtime::{Prepared, Runtime};
use crate::store::{documents, module_registry};
use anyhow::Context;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

/// One installed plugin: a build serving a module slot.
pub struct Plugin {
    /// What the plugin said about itself.
    pub info: Descriptor,
    /// The compiled component.
    pub prepared: Prepared,
    /// Shipped inside the binary: its module is on for companies by default.
    pub bundled: bool,
}

#[derive(Default)]
struct Catalog {
    by_slot: HashMap<String, Arc<Plugin>>,
    routes: RouteTable,
}

/// The installed plugins and the routes of the modules they serve.
pub struct Registry {
    catalog: RwLock<Arc<Catalog>>,
}

impl Registry {
    /// Installs the bundled plugins and every `*.wasm` in `plugins_dir`.
    pub async fn install(
        db: &Db,
        runtime: &Runtime,
        plugins_dir: &Path,
    ) -> anyhow::Result<Registry> {
        let mut sources: Vec<(String, Vec<u8>, bool)> = BUNDLED
            .iter()
            .map(|(name, bytes)| (name.to_string(), bytes.to_vec(), true))
            .collect();
        if let Ok(entries) = std::fs::read_dir(plugins_dir) {
            let mut paths: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
                .collect();
            paths.sort();
            for p in paths {
                let bytes =
                    std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?;
                sources.push((p.display().to_string(), bytes, false));
            }
        }
        let mut catalog = Catalog::default();
        for (origin, bytes, bundled) in sources {
            match install_one(db, runtime, &bytes, bundled).await {
                Ok(plugin) => {
                    let slot = plugin.info.slot.clone();
                    if let Some(old) = catalog.by_slot.get(&slot) {
                        tracing::warn!(slot, replaced = %old.info.label(), by = %plugin.info.label(), %origin, "plugin replaces an earlier one");
                        catalog.routes.remove_slot(&slot);
                    }
                    let routed: Result<(), String> = plugin
                        .info
                        .routes
                        .iter()
                        .try_for_each(|r| catalog.routes.add(r, &slot));
                    if let Err(e) = routed {
                        catalog.routes.remove_slot(&slot);
                        tracing::error!(plugin = %plugin.info.label(), %origin, error = %e, "plugin not installed");
                        continue;
                    }
                    tracing::info!(plugin = %plugin.info.label(), %origin, routes = ?plugin.info.routes, "plugin installed");
                    catalog.by_slot.insert(slot, Arc::new(plugin));
                }
                Err(e) => {
                    tracing::error!(%origin, error = %format!("{e:#}"), "plugin not installed")
                }
            }
        }
        Ok(Registry {
            catalog: RwLock::new(Arc::new(catalog)),
        })
    }

    fn snapshot(&self) -> Arc<Catalog> {
        self.catalog.read().expect("registry lock").clone()
    }

    /// The plugin serving the module whose route `path` is.
    pub fn route(&self, path: &str) -> Option<Arc<Plugin>> {
        let c = self.snapshot();
        c.routes
            .lookup(path)
            .and_then(|slot| c.by_slot.get(slot))
            .cloned()
    }
}

async fn install_one(
    db: &Db,
    runtime: &Runtime,
    bytes: &[u8],
    bundled: bool,
) -> anyhow::Result<Plugin> {
    let prepared = runtime.prepare(bytes)?;
    let described = runtime
        .describe(&prepared, "plugin being installed")
        .await?;
    let info = descriptor::check(described).map_err(anyhow::Error::msg)?;
    for (collection, index) in &info.indexes {
        documents::ensure_index(db, &info.slot, collection, index).await?;
    }
    let descriptor_json = serde_json::to_string(&info)?;
    let origin = if bundled { "bundled" } else { "plugins-dir" };
    module_registry::record_install(
        db,
        &info.slot,
        &info.version,
        &prepared.digest,
        &descriptor_json,
        origin,
    )
    .await?;
    Ok(Plugin {
        info,
        prepared,
        bundled,
    })
}
