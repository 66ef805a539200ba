//! The tenant's organisation: radar users, roles and their permission
//! entries, companies (DOMAIN §1.1–1.2), managed by tenant admins and the
//! platform operator.

use crate::app::AppState;
use axum::Router;

/// Routes of the organisation endpoints.
pub fn routes() -> Router<AppState> {
    Router::new()
}
