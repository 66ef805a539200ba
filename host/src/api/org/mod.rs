//! The tenant's organisation: radar users, roles and their permission
//! entries, companies, managed by tenant admins and the platform operator.

mod companies;
mod roles;
mod status;
mod users;

use crate::app::AppState;
use crate::http::envelope::{ApiError, ApiResult};
use crate::http::fields::Fields;
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

/// The longest name (of a company, role, user or permission entry), in characters.
const MAX_NAME_CHARS: usize = 64;

/// The field `name` when present, refused (301) when longer than a name may be.
fn short_text<'a>(fields: &'a Fields, name: &str) -> ApiResult<Option<&'a str>> {
    match fields.present(name) {
        Some(n) => checked_length(name, n).map(Some),
        None => Ok(None),
    }
}

/// `value` of field `name`, refused (301) when longer than a name may be.
fn checked_length<'a>(name: &str, value: &'a str) -> ApiResult<&'a str> {
    if value.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::bad_value(name, "长度不能超过64个字符"));
    }
    Ok(value)
}
