//! The radar views of a salesperson's action log: by time, by customer, by
//! action, one customer's detail and the newest entries (DOMAIN §4.6).

use crate::app::AppState;
use axum::Router;

/// Routes of the radar views.
pub fn routes() -> Router<AppState> {
    Router::new()
}
