//! `leida:platform/files`: stored files under the public root of the data directory.

use super::ModuleState;
use crate::runtime::bindings::leida::platform::files::{Host, StoredFile};
use crate::runtime::bindings::types::Error;
use std::path::{Component, Path};

/// Whether `path` is a plain relative path under `statics/` (no `..`, no root, no drive).
pub fn safe_public_path(path: &str) -> bool {
    let p = Path::new(path);
    path.starts_with("statics/") && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// The content type of a stored file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    match path
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("mp4") => "video/mp4",
        _ => "application/octet-stream",
    }
}

impl Host for ModuleState {
    async fn public_url(&mut self, path: String) -> String {
        path.trim_start_matches('/').to_string()
    }

    async fn resolve(&mut self, path: String) -> Result<StoredFile, Error> {
        let scope = self.scope()?;
        let path = path.trim_start_matches('/').to_string();
        if !safe_public_path(&path) {
            return Err(Error::Invalid(format!("not a stored file path: {path:?}")));
        }
        let full = scope.files_root.join(&path);
        // symlink_metadata: a link is never followed out of the root.
        let meta = tokio::fs::symlink_metadata(&full)
            .await
            .map_err(|_| Error::NotFound)?;
        if !meta.is_file() {
            return Err(Error::NotFound);
        }
        Ok(StoredFile {
            url: path.clone(),
            content_type: content_type(&path).into(),
            size: meta.len(),
            path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_under_statics() {
        assert!(safe_public_path("statics/zhugeleida/imgs/a.jpg"));
        assert!(!safe_public_path("statics/../etc/passwd"));
        assert!(!safe_public_path("/etc/passwd"));
        assert!(!safe_public_path("other/a.jpg"));
        assert_eq!(content_type("a.JPG"), "image/jpeg");
    }
}
