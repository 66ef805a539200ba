//! The allowed file types: by extension (what the client names) and by magic
//! bytes (what the file is, read by `infer`); a stored file must be both the
//! same type.

use super::MediaError;

/// A type of file the host stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Jpeg,
    Png,
    Gif,
    Webp,
    Mp4,
}

impl FileType {
    /// The type an allowed, lower-cased extension names.
    pub fn from_extension(ext: &str) -> Option<FileType> {
        Some(match ext {
            "jpg" | "jpeg" => FileType::Jpeg,
            "png" => FileType::Png,
            "gif" => FileType::Gif,
            "webp" => FileType::Webp,
            "mp4" => FileType::Mp4,
            _ => return None,
        })
    }

    /// The type the first bytes of a file show, if allowed.
    pub fn sniff(bytes: &[u8]) -> Option<FileType> {
        Some(match infer::get(bytes)?.mime_type() {
            "image/jpeg" => FileType::Jpeg,
            "image/png" => FileType::Png,
            "image/gif" => FileType::Gif,
            "image/webp" => FileType::Webp,
            "video/mp4" => FileType::Mp4,
            _ => return None,
        })
    }

    /// The extension a stored file of this type gets.
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
            FileType::Gif => "gif",
            FileType::Webp => "webp",
            FileType::Mp4 => "mp4",
        }
    }

    /// The MIME type served for it.
    pub fn content_type(self) -> &'static str {
        match self {
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
            FileType::Gif => "image/gif",
            FileType::Webp => "image/webp",
            FileType::Mp4 => "video/mp4",
        }
    }
}

/// The lower-cased extension of a client file name and its type; refused
/// unless it is in the allow-list (the rest of the name is never used).
pub fn extension_of(img_name: &str) -> Result<(String, FileType), MediaError> {
    let ext = img_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    FileType::from_extension(&ext)
        .map(|t| (ext, t))
        .ok_or_else(|| MediaError::refused("img_name: 只允许 jpg, jpeg, png, gif, webp, mp4 文件"))
}

/// The content type of a stored file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    path.rsplit_once('.')
        .and_then(|(_, ext)| FileType::from_extension(&ext.to_ascii_lowercase()))
        .map_or("application/octet-stream", FileType::content_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_allow_listed_and_lower_cased() {
        assert_eq!(
            extension_of("A.JPG").unwrap(),
            ("jpg".into(), FileType::Jpeg)
        );
        assert_eq!(extension_of("../../x.png").unwrap().1, FileType::Png);
        for bad in ["a.php", "a.jpg/../../x", "noext", "a.jpg.exe", ""] {
            assert!(
                matches!(extension_of(bad), Err(MediaError::Refused(_))),
                "{bad}"
            );
        }
        assert_eq!(content_type("statics/a.JPG"), "image/jpeg");
        assert_eq!(content_type("statics/a.txt"), "application/octet-stream");
    }

    #[test]
    fn magic_bytes_name_the_type() {
        assert_eq!(
            FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileType::Jpeg)
        );
        assert_eq!(
            FileType::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(FileType::Png)
        );
        assert_eq!(FileType::sniff(b"GIF89a"), Some(FileType::Gif));
        assert_eq!(
            FileType::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(FileType::Webp)
        );
        assert_eq!(FileType::sniff(b"\0\0\0\x18ftypmp42"), Some(FileType::Mp4));
        // Other ISO media (HEIF pictures) are not videos.
        assert_eq!(FileType::sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), None);
        assert_eq!(FileType::sniff(b"<?php"), None);
        assert_eq!(FileType::sniff(&[0xFF]), None);
    }
}
