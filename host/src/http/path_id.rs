//! The numeric `{id}` at the end of a route (`…/update/{id}`), answered with
//! an envelope when it is not a number.

use super::envelope::ApiError;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

/// The route's `{id}` segment as an integer; a malformed id is a 301 envelope.
#[derive(Debug, Clone, Copy)]
pub struct PathId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::bad_value("id", "路径中缺少ID"))?;
        raw.trim()
            .parse::<i64>()
            .map(PathId)
            .map_err(|_| ApiError::bad_value("id", "必须是整数"))
    }
}
