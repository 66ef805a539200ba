//! Plugin builds and module slots: installing components with the CLI,
//! distinct builds of a bundled plugin, and which build answered a request.

use super::{Server, Tenant, WASM_DIR};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// A built test or bundled component by file name (e.g. `leida_card.wasm`).
pub fn component(file: &str) -> PathBuf {
    PathBuf::from(WASM_DIR).join(file)
}

/// `bytes` with a custom section `leida-test-variant` holding `tag`
/// appended: the same plugin, a distinct build (another digest).
pub fn variant(bytes: &[u8], tag: &str) -> Vec<u8> {
    fn leb128(mut n: usize, out: &mut Vec<u8>) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }
    let name = b"leida-test-variant";
    let mut content = Vec::new();
    leb128(name.len(), &mut content);
    content.extend_from_slice(name);
    content.extend_from_slice(tag.as_bytes());
    let mut out = bytes.to_vec();
    out.push(0);
    leb128(content.len(), &mut out);
    out.extend(content);
    out
}

/// The lowercase hex SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Server {
    /// Writes `bytes` into this server's data dir as `name` and returns the path.
    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.data_dir.join(name);
        std::fs::write(&path, bytes).expect("writing a component");
        path
    }

    /// `leida module install FILE`: the printed line.
    pub async fn install(&self, file: &std::path::Path) -> Value {
        self.cli(&["module", "install", &file.display().to_string()])
            .await
    }

    /// `leida module install FILE` that must be refused: its stderr.
    pub async fn install_refused(&self, file: &std::path::Path) -> String {
        let (ok, stdout, stderr) = self
            .cli_raw(&["module", "install", &file.display().to_string()])
            .await;
        assert!(!ok, "installed what must be refused: {stdout}");
        assert!(stdout.trim().is_empty(), "printed on refusal: {stdout}");
        stderr
    }

    /// The digests `leida module builds` lists.
    pub async fn build_digests(&self) -> Vec<String> {
        self.cli(&["module", "builds"]).await["builds"]
            .as_array()
            .expect("a builds list")
            .iter()
            .map(|b| b["digest"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

impl Tenant {
    /// `leida module <args…> --company ID`, once the server applied it.
    pub async fn module(&self, args: &[&str]) -> Value {
        let company = self.company_id.to_string();
        let mut all: Vec<&str> = vec!["module"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--company", &company]);
        self.server.module_change(&all).await
    }

    /// This company's entry for `slot` in `leida module list`.
    pub async fn slot(&self, slot: &str) -> Value {
        let company = self.company_id.to_string();
        let out = self
            .server
            .cli(&["module", "list", "--company", &company])
            .await;
        out["modules"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["slot"] == slot))
            .unwrap_or_else(|| panic!("{slot} not listed in {out}"))
            .clone()
    }
}

/// Whether the `x-leida-build` header names build `digest`.
pub fn built_by(build: &Option<String>, digest: &str) -> bool {
    build
        .as_deref()
        .and_then(|b| b.rsplit('+').next())
        .is_some_and(|prefix| digest.starts_with(prefix))
}
