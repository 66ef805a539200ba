//! The authenticated caller of a native route, from the signed query.

use super::envelope::ApiError;
use crate::auth::Authenticator;
use crate::identity::{ClientKind, Principal};
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;

/// The verified principal; the client prefix of the path says which kind
/// (under `/zhugeleida/public/` the kind whose token verifies the signature).
pub struct Caller(pub Principal);

impl<S> FromRequestParts<S> for Caller
where
    Authenticator: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let kinds =
            ClientKind::accepted_for_path(parts.uri.path()).ok_or_else(ApiError::bad_token)?;
        let query: Vec<(String, String)> =
            serde_urlencoded::from_str(parts.uri.query().unwrap_or(""))
                .map_err(|_| ApiError::bad_token())?;
        let auth = Authenticator::from_ref(state);
        let me = auth.verify_any(kinds, &query).await?;
        record_tenant(&me);
        Ok(Caller(me))
    }
}

/// Names the caller's company in the request's trace span.
pub fn record_tenant(me: &Principal) {
    tracing::Span::current().record("company", me.company_id);
}
