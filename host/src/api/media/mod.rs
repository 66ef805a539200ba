//! The upload endpoints (`public/img_upload`, `public/img_merge`) and the
//! stored files served back under `/statics/`.

mod merge;
mod statics;
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
