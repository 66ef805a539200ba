//! The allowed file types: by extension (what the client names) and by magic
//! bytes (what the file is); a stored file must be both the same type.

use crate::http::envelope::{ApiError, ApiResult};

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
        let at =
            |offset: usize, magic: &[u8]| bytes.get(offset..offset + magic.len()) == Some(magic);
        if at(0, &[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if at(0, b"\x89PNG\r\n\x1a\n") {
            Some(FileType::Png)
        } else if at(0, b"GIF87a") || at(0, b"GIF89a") {
            Some(FileType::Gif)
        } else if at(0, b"RIFF") && at(8, b"WEBP") {
            Some(FileType::Webp)
        } else if at(4, b"ftyp") {
            Some(FileType::Mp4)
        } else {
            None
        }
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

/// The lower-cased extension of a client file name and its type; 303 unless
/// it is in the allow-list (the rest of the name is never used).
pub fn extension_of(img_name: &str) -> ApiResult<(String, FileType)> {
    let ext = img_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    FileType::from_extension(&ext)
        .map(|t| (ext, t))
        .ok_or_else(|| ApiError::bad_form("img_name: 只允许 jpg, jpeg, png, gif, webp, mp4 文件"))
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
            assert_eq!(extension_of(bad).unwrap_err().code, 303, "{bad}");
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
        assert_eq!(FileType::sniff(b"<?php"), None);
        assert_eq!(FileType::sniff(&[0xFF]), None);
    }
}
