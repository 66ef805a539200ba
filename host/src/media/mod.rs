//! Stored media: the chunks of unfinished uploads, the allowed file types,
//! the folders uploads go to, and [`Files`], the one way a file enters
//! `statics/` and is read back. The endpoints are in `api::media`.

pub mod chunks;
pub mod file_type;
pub mod files;
pub mod sources;

pub use files::Files;

use crate::store::StoreError;

/// Why an upload or a stored file was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The client's upload is refused (a field, a size, a type, missing
    /// chunks); the text says why.
    #[error("{0}")]
    Refused(String),
    /// The bytes are not of an allowed type.
    #[error("not an allowed file type")]
    NotAllowed,
    /// The file system failed.
    #[error("file system: {0}")]
    Io(#[from] std::io::Error),
    /// The file could not be recorded.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl MediaError {
    /// A refusal saying why.
    pub fn refused(why: impl Into<String>) -> MediaError {
        MediaError::Refused(why.into())
    }
}
