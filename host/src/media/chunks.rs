//! The chunk store: base64 text chunks of unfinished uploads under
//! `<data-dir>/uploads/<kind>-<caller id>/<upload id>/<chunk>` (outside
//! `statics/`, so never served), their limits, and the expiry of abandoned
//! uploads.

use super::file_type::FileType;
use super::MediaError;
use crate::identity::Principal;
use crate::settings::MAX_BODY_BYTES;
use base64::Engine;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The most chunks one upload may have.
pub const MAX_CHUNKS: i64 = 1024;
/// The largest stored file, in bytes (after base64 decoding).
pub const MAX_FILE_BYTES: usize = 10 << 20;
/// The largest chunk of base64 text: a quarter of the body limit stays free
/// for URL-encoding (`+`, `/`, `=`) and the other fields.
pub const MAX_CHUNK_TEXT: usize = MAX_BODY_BYTES / 4 * 3;
/// The most base64 text all chunks of one upload may hold together.
const MAX_UPLOAD_TEXT: u64 = (MAX_FILE_BYTES.div_ceil(3) * 4) as u64;

/// A validated upload id (the form field `timestamp`): `[0-9A-Za-z_-]{1,64}`.
pub struct UploadId(String);

impl UploadId {
    /// Checks the client's upload id; refused unless it is safe as a file name.
    pub fn parse(text: &str) -> Result<UploadId, MediaError> {
        let ok = (1..=64).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok {
            Ok(UploadId(text.to_string()))
        } else {
            Err(MediaError::refused(
                "timestamp: 上传标识只能包含字母、数字、_ 和 -（最多64个字符）",
            ))
        }
    }
}

/// Where the chunks of `upload` by `who` live.
pub fn upload_dir(root: &Path, who: &Principal, upload: &UploadId) -> PathBuf {
    root.join("uploads")
        .join(format!("{}-{}", who.kind.as_str(), who.id))
        .join(&upload.0)
}

/// A chunk index in `0..MAX_CHUNKS`.
pub fn check_chunk(chunk: i64) -> Result<i64, MediaError> {
    if (0..MAX_CHUNKS).contains(&chunk) {
        Ok(chunk)
    } else {
        Err(MediaError::refused(format!(
            "chunk: 分片序号必须在 0 到 {} 之间",
            MAX_CHUNKS - 1
        )))
    }
}

/// A chunk count in `1..=MAX_CHUNKS`.
pub fn check_chunk_num(n: i64) -> Result<i64, MediaError> {
    if (1..=MAX_CHUNKS).contains(&n) {
        Ok(n)
    } else {
        Err(MediaError::refused(format!(
            "chunk_num: 分片数必须在 1 到 {MAX_CHUNKS} 之间"
        )))
    }
}

/// The chunk text without whitespace; refused when too long or not base64.
pub fn clean_text(img_data: &str) -> Result<String, MediaError> {
    let text: String = img_data
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if text.len() > MAX_CHUNK_TEXT {
        return Err(MediaError::refused(format!(
            "img_data: 分片过大（最多 {MAX_CHUNK_TEXT} 字节）"
        )));
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    {
        return Err(MediaError::refused("img_data: 不是有效的base64文本"));
    }
    Ok(text)
}

/// Stores chunk `chunk` of the upload in `dir` (replacing a resent one);
/// 303, and the upload discarded, when the chunks together exceed the size
/// limit.
pub async fn put(dir: &Path, chunk: i64, text: &str) -> Result<(), MediaError> {
    tokio::fs::create_dir_all(dir).await?;
    // Written aside and renamed: a merge never reads half a chunk.
    let part = dir.join(format!(".{chunk}.part"));
    tokio::fs::write(&part, text).await?;
    tokio::fs::rename(&part, dir.join(chunk.to_string())).await?;
    if stored_text(dir).await? > MAX_UPLOAD_TEXT {
        discard(dir).await;
        return Err(too_large());
    }
    Ok(())
}

/// The refusal of a file over the size limit.
pub fn too_large() -> MediaError {
    MediaError::refused(format!("文件过大（最多 {} MiB）", MAX_FILE_BYTES >> 20))
}

/// Bytes of chunk text stored in `dir`.
async fn stored_text(dir: &Path) -> Result<u64, MediaError> {
    let mut total = 0;
    let mut entries = tokio::fs::read_dir(dir).await?;
    while let Some(e) = entries.next_entry().await? {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        total += e.metadata().await?.len();
    }
    Ok(total)
}

/// The text of chunks `0..chunk_num` joined; refused naming the missing ones.
pub async fn join(dir: &Path, chunk_num: i64) -> Result<String, MediaError> {
    let mut missing = Vec::new();
    for i in 0..chunk_num {
        if !tokio::fs::try_exists(dir.join(i.to_string()))
            .await
            .unwrap_or(false)
        {
            missing.push(i.to_string());
        }
    }
    if !missing.is_empty() {
        let shown = missing.len().min(20);
        let more = if missing.len() > shown { " …" } else { "" };
        return Err(MediaError::refused(format!(
            "缺少分片: {}{more}",
            missing[..shown].join(", ")
        )));
    }
    let mut text = String::new();
    for i in 0..chunk_num {
        let chunk = tokio::fs::read_to_string(dir.join(i.to_string())).await?;
        text.push_str(&chunk);
        if text.len() as u64 > MAX_UPLOAD_TEXT {
            return Err(too_large());
        }
    }
    Ok(text)
}

/// The decoded file; refused unless it is base64, within the size limit, of
/// an allowed type and, when the client named one, of that type.
pub fn decode(text: &str, named: Option<FileType>) -> Result<Vec<u8>, MediaError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| MediaError::refused("img_data: 不是有效的base64文本"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    match FileType::sniff(&bytes) {
        Some(found) if named.is_none_or(|n| n == found) => Ok(bytes),
        Some(_) => Err(MediaError::refused("文件内容与扩展名不符")),
        None => Err(MediaError::refused("文件类型不允许")),
    }
}

/// Removes the upload in `dir` with its chunks (absent is fine).
pub async fn discard(dir: &Path) {
    if let Err(e) = tokio::fs::remove_dir_all(dir).await {
        if e.kind() != std::io::ErrorKind::NotFound {
            tracing::warn!(dir = %dir.display(), error = %e, "removing an upload");
        }
    }
}

/// Removes the uploads under `root` untouched for `max_age`; returns how many.
pub async fn expire(root: &Path, max_age: Duration) -> usize {
    let now = SystemTime::now();
    let mut removed = 0;
    let Ok(mut owners) = tokio::fs::read_dir(root.join("uploads")).await else {
        return 0;
    };
    while let Ok(Some(owner)) = owners.next_entry().await {
        let Ok(mut uploads) = tokio::fs::read_dir(owner.path()).await else {
            continue;
        };
        while let Ok(Some(upload)) = uploads.next_entry().await {
            // A directory's mtime moves whenever a chunk lands in it.
            let touched = upload.metadata().await.and_then(|m| m.modified());
            let stale = touched.is_ok_and(|t| now.duration_since(t).unwrap_or_default() > max_age);
            if stale {
                discard(&upload.path()).await;
                removed += 1;
            }
        }
    }
    removed
}

/// Starts the background task that expires abandoned uploads: every minute,
/// or more often when `max_age` is shorter.
pub fn spawn_expiry(root: PathBuf, max_age: Duration) {
    let every = (max_age / 2).clamp(Duration::from_millis(100), Duration::from_secs(60));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let removed = expire(&root, max_age).await;
            if removed > 0 {
                tracing::info!(removed, "expired abandoned uploads");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_ids_are_plain_names() {
        assert!(UploadId::parse("1530156149132").is_ok());
        assert!(UploadId::parse("a_B-9").is_ok());
        for bad in ["", "..", "../x", "a/b", "a\\b", "%2e", &"1".repeat(65)] {
            assert!(
                matches!(UploadId::parse(bad), Err(MediaError::Refused(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn chunk_numbers_and_text_are_bounded() {
        assert!(check_chunk(0).is_ok() && check_chunk(MAX_CHUNKS).is_err());
        assert!(check_chunk(-1).is_err());
        assert!(check_chunk_num(MAX_CHUNKS).is_ok() && check_chunk_num(0).is_err());
        assert_eq!(clean_text("QU\r\nJD").unwrap(), "QUJD");
        assert!(clean_text("data:image/png;base64,QUJD").is_err());
        assert!(clean_text(&"A".repeat(MAX_CHUNK_TEXT + 1)).is_err());
    }
}
