//! Where host failures become the WIT `error` a module sees: one `From` per
//! service error. Failures on our side are logged here in full (the module
//! may handle them and answer anyway) and reach the module without detail.

use crate::chat::ChatError;
use crate::images::DrawError;
use crate::media::MediaError;
use crate::runtime::bindings::types::Error;
use crate::store::documents::DocError;
use crate::store::StoreError;

/// A failure on our side: logged, reported to the module without detail.
pub fn unavailable(e: impl std::fmt::Display) -> Error {
    tracing::error!(error = %e, "capability call failed");
    Error::Unavailable("storage unavailable".into())
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        unavailable(e)
    }
}

impl From<DocError> for Error {
    fn from(e: DocError) -> Error {
        match e {
            DocError::Invalid(why) => Error::Invalid(why),
            DocError::Conflict => Error::Conflict,
            DocError::Store(e) => e.into(),
        }
    }
}

impl From<MediaError> for Error {
    fn from(e: MediaError) -> Error {
        match e {
            MediaError::Refused(why) => Error::Invalid(why),
            MediaError::NotAllowed => Error::Invalid(e.to_string()),
            MediaError::Io(_) | MediaError::Store(_) => unavailable(e),
        }
    }
}

impl From<ChatError> for Error {
    fn from(e: ChatError) -> Error {
        match e {
            ChatError::Invalid { .. } | ChatError::Missing(_) | ChatError::MallOff => {
                Error::Invalid(e.to_string())
            }
            ChatError::CompanyGone | ChatError::Pair(_) => Error::NotFound,
            ChatError::Store(e) => e.into(),
        }
    }
}

impl From<DrawError> for Error {
    fn from(e: DrawError) -> Error {
        match e {
            DrawError::Invalid(why) => Error::Invalid(why),
            DrawError::NoFont(_) => Error::Unavailable(e.to_string()),
            DrawError::Encode(e) => unavailable(e),
        }
    }
}
