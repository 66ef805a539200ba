//! The salesperson's CRM endpoints: customer details and private notes,
//! expected closing, tags, the address book, follow-up phrases and the
//! follow-up log. Each acts on a customer through the caller's relation
//! (`crm::pair`).

mod address_book;
mod customers;
mod expected;
mod follow;
mod input;
mod notes;
mod phrases;
mod tags;

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
        // The address book.
        .route(
            "/zhugeleida/qiyeweixin/tongxunlu",
            get(address_book::tongxunlu),
        )
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
