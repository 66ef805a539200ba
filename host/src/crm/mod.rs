//! The salesperson's CRM: customer details and private notes, expected
//! closing, tags, the address book, follow-up phrases and the follow-up log
//! (DOMAIN §4.5).

mod customers;
mod expected;
mod follow;
pub mod input;
pub mod labels;
mod notes;
pub mod pair;
mod phrases;

use crate::app::AppState;
use axum::routing::{get, post};
use axum::Router;

/// Routes of the CRM endpoints.
pub fn routes() -> Router<AppState> {
    Router::new()
        // One customer, the caller's notes, tags and expected closing on it.
        .route("/zhugeleida/qiyeweixin/customer", get(customers::detail))
        .route(
            "/zhugeleida/qiyeweixin/customer/update_information/{id}",
            post(notes::update_information),
        )
        .route(
            "/zhugeleida/qiyeweixin/customer/update_customer/{id}",
            post(customers::update_customer),
        )
        .route(
            "/zhugeleida/qiyeweixin/customer/update_tag/{id}",
            post(customers::update_tag),
        )
        .route(
            "/zhugeleida/qiyeweixin/customer/delete/{id}",
            get(customers::delete),
        )
        .route(
            "/zhugeleida/qiyeweixin/customer/update_expected_time/{id}",
            post(expected::update_expected_time),
        )
        .route(
            "/zhugeleida/qiyeweixin/customer/update_expected_pr/{id}",
            post(expected::update_expected_pr),
        )
        // The follow-up log and phrases.
        .route("/zhugeleida/qiyeweixin/follow_info", get(follow::list))
        .route(
            "/zhugeleida/qiyeweixin/follow_info/add/{id}",
            post(follow::add),
        )
        .route("/zhugeleida/qiyeweixin/follow_language", get(phrases::list))
        .route(
            "/zhugeleida/qiyeweixin/follow_language/add/{id}",
            post(phrases::add),
        )
        .route(
            "/zhugeleida/qiyeweixin/follow_language/delete/{id}",
            post(phrases::delete),
        )
}
