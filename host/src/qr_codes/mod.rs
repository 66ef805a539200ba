//! Mini-program codes of radar users and of user–customer pairs: fetched from
//! WeChat's `wxacode` API when the company has mini-program credentials,
//! rendered locally as a standard QR code otherwise.

use crate::app::AppState;
use axum::Router;

/// Routes of the QR-code endpoints.
pub fn routes() -> Router<AppState> {
    Router::new()
}
