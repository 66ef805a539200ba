//! [`Files`]: the one way a file enters `statics/` (its type read from its
//! bytes, a server-chosen name, a temporary file renamed into place so no
//! reader ever sees half a file, and a `stored_files` row naming its company
//! and owner) and the one way a stored file is read back (plain paths only,
//! no symlink followed).

use super::file_type::FileType;
use super::MediaError;
use crate::db::Db;
use crate::store::stored_files::{self, FileOwner};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The stored files of every tenant: the public root on disk and their records.
#[derive(Clone)]
pub struct Files {
    root: Arc<PathBuf>,
    db: Db,
}

impl Files {
    /// Files under `root` (the data directory), recorded in `db`.
    pub fn new(root: PathBuf, db: Db) -> Files {
        Files {
            root: Arc::new(root),
            db,
        }
    }

    /// The public root: stored files live under `statics/` in it, unfinished
    /// uploads under `uploads/`.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Stores `bytes` as `<folder>/<stem>.<ext>` (the extension from the
    /// bytes' type) for `owner` (through module `slot`, if one asked);
    /// returns the path relative to the root.
    pub async fn save(
        &self,
        owner: impl Into<FileOwner>,
        slot: Option<&str>,
        folder: &str,
        stem: &str,
        bytes: &[u8],
    ) -> Result<String, MediaError> {
        let kind = FileType::sniff(bytes).ok_or(MediaError::NotAllowed)?;
        let path = format!("{folder}/{stem}.{}", kind.extension());
        let target = self.root.join(&path);
        let dir = target.parent().unwrap_or(&self.root);
        tokio::fs::create_dir_all(dir).await?;
        // A leading dot: `/statics/` never serves it, even mid-write.
        let temporary = dir.join(format!(".{stem}.tmp"));
        tokio::fs::write(&temporary, bytes).await?;
        if let Err(e) = tokio::fs::rename(&temporary, &target).await {
            let _ = tokio::fs::remove_file(&temporary).await;
            return Err(e.into());
        }
        let size = bytes.len() as i64;
        let recorded = stored_files::record(
            &self.db,
            owner.into(),
            slot,
            &path,
            size,
            kind.content_type(),
        );
        if let Err(e) = recorded.await {
            let _ = tokio::fs::remove_file(&target).await;
            return Err(e.into());
        }
        Ok(path)
    }

    /// Removes a stored file that nothing refers to any more (its record goes
    /// too); a failure is only logged.
    pub async fn discard(&self, company_id: i64, path: &str) {
        if let Err(e) = stored_files::forget(&self.db, company_id, path).await {
            tracing::warn!(path, error = %e, "forgetting an unused stored file");
        }
        if let Err(e) = tokio::fs::remove_file(self.root.join(path)).await {
            tracing::warn!(path, error = %e, "removing an unused stored file");
        }
    }

    /// The regular file at `path` under the root, unless the path is unsafe
    /// or a symlink lies anywhere on it.
    pub async fn open(&self, path: &str) -> Option<(tokio::fs::File, std::fs::Metadata)> {
        if !safe_public_path(path) {
            return None;
        }
        let mut full = PathBuf::from(self.root.as_path());
        for segment in path.split('/') {
            full.push(segment);
            let meta = tokio::fs::symlink_metadata(&full).await.ok()?;
            if meta.file_type().is_symlink() {
                return None;
            }
        }
        let file = tokio::fs::File::open(&full).await.ok()?;
        let meta = file.metadata().await.ok()?;
        meta.is_file().then_some((file, meta))
    }
}

/// Whether `path` is a plain relative path under `statics/`: segments of
/// `[0-9A-Za-z_.-]` that are not empty and do not start with a dot (so no
/// `..`, no `.`, no root, no backslash, no percent-encoding).
pub fn safe_public_path(path: &str) -> bool {
    path.starts_with("statics/")
        && path.split('/').all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_under_statics() {
        assert!(safe_public_path("statics/zhugeleida/imgs/a.jpg"));
        for bad in [
            "statics/../etc/passwd",
            "statics/%2e%2e/x",
            "statics/./a.jpg",
            "statics//a.jpg",
            "statics/a\\..\\b",
            "statics/.hidden",
            "/etc/passwd",
            "other/a.jpg",
            "statics/",
        ] {
            assert!(!safe_public_path(bad), "{bad}");
        }
    }
}
