//! Compiled components cached on disk, keyed by the component's content
//! digest and the engine's compatibility hash. Only files this host wrote are
//! ever deserialized.

use sha2::{Digest, Sha256};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use wasmtime::component::Component;
use wasmtime::Engine;

/// The hex SHA-256 of a component's bytes.
pub fn digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Loads the compiled form of `bytes` from `dir`, compiling and storing it on a miss.
pub fn load(engine: &Engine, dir: &Path, bytes: &[u8], digest: &str) -> anyhow::Result<Component> {
    let path = artifact_path(engine, dir, digest);
    if path.exists() {
        // SAFETY: the file is one this host serialized with a compatible engine
        // (the engine hash is part of its name), in a directory it owns.
        match unsafe { Component::deserialize_file(engine, &path) } {
            Ok(c) => return Ok(c),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "discarding unreadable compiled module")
            }
        }
    }
    let component = Component::new(engine, bytes)?;
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension(format!("tmp{:016x}", rand::random::<u64>()));
    std::fs::write(&tmp, component.serialize()?)?;
    std::fs::rename(&tmp, &path)?;
    Ok(component)
}

/// Whether the compiled form of `digest` is in `dir`.
pub fn is_cached(engine: &Engine, dir: &Path, digest: &str) -> bool {
    artifact_path(engine, dir, digest).exists()
}

fn artifact_path(engine: &Engine, dir: &Path, digest: &str) -> PathBuf {
    let mut h = DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut h);
    dir.join(format!("{digest}-{:016x}.cwasm", h.finish()))
}
