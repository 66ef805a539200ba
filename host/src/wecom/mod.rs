//! Enterprise WeChat (WeCom): the API client (configurable base URL, access
//! token and JS-SDK ticket cached until they expire) and the endpoints that
//! use it.

use crate::app::AppState;
use axum::Router;

/// Routes of the WeCom endpoints.
pub fn routes() -> Router<AppState> {
    Router::new()
}
