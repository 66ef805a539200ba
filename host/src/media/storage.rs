//! The one way a file enters `statics/`: its type read from its bytes, a
//! server-chosen name, a temporary file renamed into place (no reader ever
//! sees half a file), and a `stored_files` row naming its company and owner.

use super::file_type::FileType;
use crate::db::Db;
use crate::store::stored_files::{self, FileOwner};
use std::path::Path;

/// Why a file was not stored.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The bytes are not of an allowed type.
    #[error("not an allowed file type")]
    NotAllowed,
    /// The file could not be written.
    #[error("writing the file: {0}")]
    Io(#[from] std::io::Error),
    /// The file could not be recorded (it was removed again).
    #[error("recording the file: {0}")]
    Db(#[from] sqlx::Error),
}

/// Stores `bytes` as `<root>/<folder>/<stem>.<ext>` (the extension from the
/// bytes' type) for `owner` (through module `slot`, if one asked); returns the
/// path relative to `root`.
pub async fn save(
    root: &Path,
    db: &Db,
    owner: impl Into<FileOwner>,
    slot: Option<&str>,
    folder: &str,
    stem: &str,
    bytes: &[u8],
) -> Result<String, StoreError> {
    let kind = FileType::sniff(bytes).ok_or(StoreError::NotAllowed)?;
    let path = format!("{folder}/{stem}.{}", kind.extension());
    let target = root.join(&path);
    let dir = target.parent().unwrap_or(root);
    tokio::fs::create_dir_all(dir).await?;
    // A leading dot: `/statics/` never serves it, even mid-write.
    let temporary = dir.join(format!(".{stem}.tmp"));
    tokio::fs::write(&temporary, bytes).await?;
    if let Err(e) = tokio::fs::rename(&temporary, &target).await {
        let _ = tokio::fs::remove_file(&temporary).await;
        return Err(e.into());
    }
    let size = bytes.len() as i64;
    if let Err(e) =
        stored_files::record(db, owner.into(), slot, &path, size, kind.content_type()).await
    {
        let _ = tokio::fs::remove_file(&target).await;
        return Err(e.into());
    }
    Ok(path)
}

/// Removes a stored file that nothing refers to any more (its record goes too);
/// a failure is only logged.
pub async fn discard(root: &Path, db: &Db, company_id: i64, path: &str) {
    if let Err(e) = stored_files::forget(db, company_id, path).await {
        tracing::warn!(path, error = %e, "forgetting an unused stored file");
    }
    if let Err(e) = tokio::fs::remove_file(root.join(path)).await {
        tracing::warn!(path, error = %e, "removing an unused stored file");
    }
}
