//! The salesperson's CRM: customer details and private notes, expected
//! closing, tags, the address book, follow-up phrases and the follow-up log
//! (DOMAIN §4.5).

mod address_book;

use crate::app::AppState;
use axum::routing::get;
use axum::Router;

/// Routes of the CRM endpoints.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/zhugeleida/qiyeweixin/tongxunlu",
        get(address_book::tongxunlu),
    )
}
