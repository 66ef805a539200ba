//! Turning host failures into the WIT `error` a module sees.

use crate::runtime::bindings::types::Error;
use crate::store::documents::DocError;

/// A database failure: logged in full, reported to the module without detail.
pub fn unavailable(e: impl std::fmt::Display) -> Error {
    tracing::error!(error = %e, "capability call failed");
    Error::Unavailable("storage unavailable".into())
}

impl From<DocError> for Error {
    fn from(e: DocError) -> Error {
        match e {
            DocError::Invalid(why) => Error::Invalid(why),
            DocError::Conflict => Error::Conflict,
            DocError::Db(e) => unavailable(e),
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Error {
        unavailable(e)
    }
}
