//! The tenant's organisation: radar users, roles and their permission
//! entries, companies, managed by tenant admins and the platform operator.

mod companies;
mod roles;
mod status;
mod users;

use crate::app::AppState;
use axum::routing::{get, post};
use axum::Router;

/// Routes of the organisation endpoints.
pub fn routes() -> Router<AppState> {
    const Q: &str = "/zhugeleida/qiyeweixin";
    Router::new()
        .route(&format!("{Q}/user"), get(users::list))
        .route(&format!("{Q}/user/add/{{id}}"), post(users::add))
        .route(&format!("{Q}/user/update/{{id}}"), post(users::update))
        .route(&format!("{Q}/user/delete/{{id}}"), post(users::delete))
        .route(&format!("{Q}/role"), get(roles::list).post(roles::create))
        .route(&format!("{Q}/role/add/{{id}}"), post(roles::add))
        .route(&format!("{Q}/role/update/{{id}}"), post(roles::update))
        .route(&format!("{Q}/role/delete/{{id}}"), post(roles::delete))
        .route(&format!("{Q}/company"), get(companies::list))
        .route(&format!("{Q}/company/add/{{id}}"), post(companies::add))
        .route(
            &format!("{Q}/company/update/{{id}}"),
            post(companies::update),
        )
        .route(
            &format!("{Q}/company/delete/{{id}}"),
            post(companies::delete),
        )
        .route(
            "/zhugeleida/admin/user/update_status/{id}",
            post(status::update_status),
        )
}
