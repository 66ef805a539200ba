//! Stored media: chunked uploads and their merge into files under the data
//! directory, and serving stored files back under `/statics/`.

use crate::app::AppState;
use axum::Router;

/// Routes of the upload endpoints and the static files.
pub fn routes() -> Router<AppState> {
    Router::new()
}
