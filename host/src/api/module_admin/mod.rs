//! The back office of modules, under `/zhugeleida/admin/module`: the
//! operator uploads plugin builds and makes them available to chosen
//! companies; a company's admins see the builds available to it and use,
//! canary, promote, roll back, enable or disable them for their own company
//! only (the operator for any, naming `company_id`). Anyone else gets 404.

mod builds;
mod slots;

use crate::app::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

/// The largest component the back office accepts.
const MAX_UPLOAD_BYTES: usize = 64 << 20;

/// Routes of the module back office.
pub fn routes() -> Router<AppState> {
    let admin = "/zhugeleida/admin/module";
    Router::new()
        .route(admin, get(slots::list))
        .route(&format!("{admin}/history"), get(slots::history))
        .route(&format!("{admin}/use"), post(slots::use_build))
        .route(&format!("{admin}/promote"), post(slots::promote))
        .route(&format!("{admin}/rollback"), post(slots::rollback))
        .route(&format!("{admin}/enable"), post(slots::enable))
        .route(&format!("{admin}/disable"), post(slots::disable))
        .route(&format!("{admin}/builds"), get(builds::list))
        .route(
            &format!("{admin}/upload"),
            post(builds::upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route(&format!("{admin}/grant"), post(builds::grant))
        .route(&format!("{admin}/revoke"), post(builds::revoke))
}
