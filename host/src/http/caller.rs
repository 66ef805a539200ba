//! The authenticated caller of a native route, from the signed query.

use super::envelope::ApiError;
use crate::app::AppState;
use crate::auth::{ClientKind, Principal};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// The verified principal; the client prefix of the path says which kind
/// (under `/zhugeleida/public/` the kind whose token verifies the signature).
pub struct Caller(pub Principal);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let kinds =
            ClientKind::accepted_for_path(parts.uri.path()).ok_or_else(ApiError::bad_token)?;
        let query: Vec<(String, String)> =
            serde_urlencoded::from_str(parts.uri.query().unwrap_or(""))
                .map_err(|_| ApiError::bad_token())?;
        app.auth.verify_any(kinds, &query).await.map(Caller)
    }
}
