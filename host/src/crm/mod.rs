//! The salesperson's CRM: customer details and private notes, expected
//! closing, tags, the address book, follow-up phrases and the follow-up log
//! (DOMAIN §4.5).

use crate::app::AppState;
use axum::Router;

/// Routes of the CRM endpoints.
pub fn routes() -> Router<AppState> {
    Router::new()
}
