//! The salesperson's CRM: customer details and private notes, expected
//! closing, tags, the address book, follow-up phrases and the follow-up log
//! (DOMAIN §4.5).

pub mod tags;

use crate::app::AppState;
use axum::routing::{get, post};
use axum::Router;

/// Routes of the CRM endpoints.
pub fn routes() -> Router<AppState> {
    Router::new()
        // Customer tags.
        .route(
            "/zhugeleida/qiyeweixin/tag_customer",
            get(tags::tag_customer),
        )
        .route(
            "/zhugeleida/qiyeweixin/tag_customer/add/{id}",
            post(tags::tag_customer_add),
        )
        .route("/zhugeleida/qiyeweixin/tag_list", get(tags::tag_list))
        .route(
            "/zhugeleida/qiyeweixin/tag_list/add_tag/{id}",
            post(tags::add_tag),
        )
        .route(
            "/zhugeleida/qiyeweixin/tag_list/delete_tag/{id}",
            post(tags::delete_tag),
        )
        .route(
            "/zhugeleida/qiyeweixin/tag_list/customer_tag/{id}",
            post(tags::customer_tag),
        )
}
