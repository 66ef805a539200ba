//! Installing a plugin build: every check a component must pass (one line
//! saying why it does not), then its indexes and its bytes in the database,
//! keyed by SHA-256, so every host sharing the database can load it.

use super::descriptor::{self, Descriptor};
use super::inspect::{self, Outline};
use super::ModuleError;
use crate::db::Db;
use crate::runtime::artifact_cache::digest;
use crate::runtime::{Prepared, Runtime};
use crate::store::documents;
use crate::store::plugin_builds::{self, NewBuild};
use serde::Serialize;
use std::sync::Arc;

/// What `leida module install` prints: the build's slot, version and digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Installed {
    /// The module slot the build serves.
    pub slot: String,
    /// Its version.
    pub version: String,
    /// The lowercase hex SHA-256 of its bytes.
    pub digest: String,
}

/// A build that passed every check, compiled and described.
pub struct Checked {
    /// Its outline (contract, imports, exports, core instances).
    pub outline: Outline,
    /// The compiled build.
    pub prepared: Prepared,
    /// What it says about itself.
    pub descriptor: Descriptor,
}

/// Runs every check on `bytes`: a component, of a contract version this
/// host serves, linking with the host's imports, within the runtime limits,
/// describing itself without failing, with a valid descriptor. Compiling can
/// take seconds; it runs on a blocking thread.
pub async fn check(runtime: &Arc<Runtime>, bytes: Arc<Vec<u8>>) -> Result<Checked, ModuleError> {
    let outline = inspect::outline(&bytes).map_err(ModuleError::Refused)?;
    runtime
        .limits()
        .allow(&outline.needs)
        .map_err(ModuleError::Refused)?;
    let compiling = {
        let (runtime, bytes) = (runtime.clone(), bytes.clone());
        let needs = outline.needs;
        tokio::task::spawn_blocking(move || runtime.prepare(&bytes, needs))
    };
    let prepared = compiling
        .await
        .map_err(|e| ModuleError::Runtime(e.to_string()))?
        .map_err(|e| ModuleError::Refused(format!("does not compile or link here: {e:#}")))?;
    let described = runtime
        .describe(&prepared, "plugin being installed")
        .await
        .map_err(|e| ModuleError::Refused(format!("describe() failed: {e}")))?;
    let descriptor = descriptor::check(described).map_err(ModuleError::Refused)?;
    Ok(Checked {
        outline,
        prepared,
        descriptor,
    })
}

/// Installs `bytes` as a build of the slot it describes (`origin`:
/// `bundled`, `plugins-dir`, `cli`, `upload`; `actor`: who). The same bytes
/// again change nothing and answer the same.
pub async fn install(
    db: &Db,
    runtime: &Arc<Runtime>,
    bytes: Vec<u8>,
    origin: &str,
    actor: &str,
) -> Result<(Installed, Option<Checked>), ModuleError> {
    let digest = digest(&bytes);
    if let Some(row) = plugin_builds::get(db, &digest).await? {
        let installed = Installed {
            slot: row.slot,
            version: row.version,
            digest,
        };
        return Ok((installed, None));
    }
    let bytes = Arc::new(bytes);
    let checked = check(runtime, bytes.clone()).await?;
    let d = &checked.descriptor;
    routes_free(db, d).await?;
    // Before any company can use the build, its indexes exist.
    for (collection, index) in &d.indexes {
        documents::ensure_index(db, &d.slot, collection, index)
            .await
            .map_err(|e| match e {
                documents::DocError::Store(e) => ModuleError::Store(e),
                other => ModuleError::Refused(format!("index {:?}: {other}", index.name)),
            })?;
    }
    let descriptor_json =
        serde_json::to_string(d).map_err(|e| ModuleError::Runtime(e.to_string()))?;
    plugin_builds::record(
        db,
        NewBuild {
            digest: &digest,
            slot: &d.slot,
            version: &d.version,
            contract: &checked.outline.contract,
            descriptor: &descriptor_json,
            bytes: &bytes,
            origin,
            installed_by: actor,
        },
    )
    .await?;
    let installed = Installed {
        slot: d.slot.clone(),
        version: d.version.clone(),
        digest,
    };
    Ok((installed, Some(checked)))
}

/// Refuses a build that claims a route prefix a build of another slot serves.
async fn routes_free(db: &Db, d: &Descriptor) -> Result<(), ModuleError> {
    for other in plugin_builds::list(db, None).await? {
        if other.slot == d.slot {
            continue;
        }
        let theirs = descriptor::routes_of(&other.descriptor);
        if let Some(taken) = d.routes.iter().find(|r| theirs.contains(r)) {
            return Err(ModuleError::Refused(format!(
                "route {taken} is served by slot {}",
                other.slot
            )));
        }
    }
    Ok(())
}

/// What `leida module check` says of a component: its outline, what it
/// needs against the limits, its descriptor, and every problem `install`
/// would refuse it for (route clashes with installed builds aside: they
/// depend on a database).
#[derive(Debug, Serialize)]
pub struct Report {
    /// The lowercase hex SHA-256 of the bytes.
    pub digest: String,
    /// Their size.
    pub size: usize,
    /// The contract version it targets.
    pub contract: Option<String>,
    /// Its top-level imports.
    pub imports: Vec<String>,
    /// Its top-level exports.
    pub exports: Vec<String>,
    /// What one instance holds.
    pub needs: Option<serde_json::Value>,
    /// The runtime limits it is held to.
    pub limits: serde_json::Value,
    /// What it says about itself.
    pub descriptor: Option<Descriptor>,
    /// Every reason it cannot be installed; empty when it can.
    pub problems: Vec<String>,
}

/// Checks `bytes` as `install` does, naming every problem found.
pub async fn report(runtime: &Arc<Runtime>, bytes: Vec<u8>) -> Report {
    use crate::runtime::limits::{
        MAX_CORE_INSTANCES, MAX_MEMORIES, MAX_TABLES, MAX_TABLE_ELEMENTS,
    };
    let limits = runtime.limits();
    let mut r = Report {
        digest: digest(&bytes),
        size: bytes.len(),
        contract: None,
        imports: vec![],
        exports: vec![],
        needs: None,
        limits: serde_json::json!({
            "core_instances": MAX_CORE_INSTANCES,
            "memories": MAX_MEMORIES,
            "memory_mib": limits.memory_bytes >> 20,
            "tables": MAX_TABLES,
            "table_elements": MAX_TABLE_ELEMENTS,
            "deadline_ms": limits.deadline.as_millis() as u64,
        }),
        descriptor: None,
        problems: vec![],
    };
    let outline = match inspect::outline(&bytes) {
        Ok(o) => o,
        Err(why) => {
            r.problems.push(why);
            return r;
        }
    };
    let n = &outline.needs;
    r.needs = Some(serde_json::json!({
        "core_instances": n.core_instances,
        "memories": n.memories,
        "initial_memory_mib": n.initial_memory_bytes.div_ceil(1 << 20),
        "tables": n.tables,
        "initial_table_elements": n.initial_table_elements,
    }));
    r.contract = Some(outline.contract.clone());
    r.imports = outline.imports.clone();
    r.exports = outline.exports.clone();
    r.problems.extend(limits.exceeded(&outline.needs));
    if !r.problems.is_empty() {
        // It would not compile under these limits: nothing more to learn.
        return r;
    }
    match check(runtime, Arc::new(bytes)).await {
        Ok(checked) => r.descriptor = Some(checked.descriptor),
        Err(e) => r.problems.push(e.to_string()),
    }
    r
}
