//! Stored media: chunked uploads and their merge into files under the data
//! directory, and serving stored files back under `/statics/`.

pub mod chunks;
pub mod file_type;
pub mod merge;
pub mod sources;
pub mod statics;
pub mod storage;
mod upload;

use crate::app::AppState;
use axum::routing::{get, post};
use axum::Router;

/// Routes of the upload endpoints and the static files.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/zhugeleida/public/img_upload", post(upload::img_upload))
        .route("/zhugeleida/public/img_merge", post(merge::img_merge))
        .route("/statics/{*path}", get(statics::serve))
}
