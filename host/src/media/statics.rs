//! `GET /statics/{*path}`: stored files, streamed, from `<data-dir>/statics/`
//! only. Paths are checked on the raw request (no decoding), and no symlink
//! on the way is followed.

use super::file_type::content_type;
use crate::app::AppState;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use tokio::io::AsyncReadExt;

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

/// Serves the stored file the request path names; plain 404 otherwise.
pub async fn serve(State(app): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    match open(&app.files_root, path).await {
        Some((file, meta)) => answer(path, file, &meta, &headers),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The regular file at `path` under `root`, unless the path is unsafe or a
/// symlink lies anywhere on it.
pub async fn open(root: &Path, path: &str) -> Option<(tokio::fs::File, std::fs::Metadata)> {
    if !safe_public_path(path) {
        return None;
    }
    let mut full = PathBuf::from(root);
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

fn answer(
    path: &str,
    file: tokio::fs::File,
    meta: &std::fs::Metadata,
    request: &HeaderMap,
) -> Response {
    let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
    let nanos = modified
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let etag = format!("\"{:x}-{nanos:x}\"", meta.len());
    let last_modified = chrono::DateTime::<chrono::Utc>::from(modified)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let not_modified = request
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes());
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = Body::from_stream(chunks_of(file)).into_response();
        r.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(meta.len()));
        r
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    // Stored names are random and never reused: a file never changes.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    for (name, value) in [(header::ETAG, etag), (header::LAST_MODIFIED, last_modified)] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    response
}

/// The file as a stream of 64 KiB pieces, never whole in memory.
fn chunks_of(
    file: tokio::fs::File,
) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send {
    futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buf = vec![0; 64 << 10];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Bytes::from(buf)), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
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
