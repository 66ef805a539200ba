//! Writing code images under the public root. Kept to one function so it can
//! later be folded into the shared media store.

use std::io;
use std::path::Path;

/// Where code images live, relative to the public root (the earlier
/// system's directory, so clients that build URLs from it keep working).
pub const QR_DIR: &str = "statics/zhugeleida/imgs/xiaochengxu/qr_code";

/// The file extension of an image by its magic bytes (PNG or JPEG only).
pub fn image_extension(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else {
        None
    }
}

/// Writes `bytes` as `<root>/QR_DIR/<stem>.<ext>` (the extension from the
/// magic bytes) through a temporary file and a rename, so a reader never
/// sees half an image; returns the path relative to `root`.
pub async fn save_image(root: &Path, stem: &str, bytes: &[u8]) -> io::Result<String> {
    let ext = image_extension(bytes)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not a PNG or JPEG image"))?;
    let dir = root.join(QR_DIR);
    tokio::fs::create_dir_all(&dir).await?;
    let name = format!("{stem}.{ext}");
    let temporary = dir.join(format!(".{name}.tmp"));
    tokio::fs::write(&temporary, bytes).await?;
    if let Err(e) = tokio::fs::rename(&temporary, dir.join(&name)).await {
        let _ = tokio::fs::remove_file(&temporary).await;
        return Err(e);
    }
    Ok(format!("{QR_DIR}/{name}"))
}

/// Removes a stored image that nothing refers to; a failure is only logged.
pub async fn remove_image(root: &Path, stored: &str) {
    if let Err(e) = tokio::fs::remove_file(root.join(stored)).await {
        tracing::warn!(stored, error = %e, "removing an unused QR code");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_known_by_their_magic_bytes() {
        assert_eq!(image_extension(b"\x89PNG\r\n\x1a\nrest"), Some("png"));
        assert_eq!(image_extension(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("jpg"));
        assert_eq!(image_extension(b"{\"errcode\":1}"), None);
        assert_eq!(image_extension(b""), None);
    }
}
