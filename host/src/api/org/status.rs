//! `POST admin/user/update_status/{id}`: a back-office admin enables (1) or
//! disables (2) a radar user of their company; the operator of any company.
//! A disabled user's signed requests answer 306.

use crate::api::scope;
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::http::path_id::PathId;
use crate::store::users;
use axum::extract::State;
use serde_json::json;

/// Sets `status` of radar user `{id}`.
pub async fn update_status(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(id): PathId,
    fields: Fields,
) -> ApiResult {
    let (_, company_id) = scope::managed(&db, &me, &fields).await?;
    let status = fields.required_int("status")?;
    if !matches!(status, 1 | 2) {
        return Err(ApiError::bad_value("status", "取值 1(启用) 或 2(未启用)"));
    }
    if !users::set_status(&db, company_id, id, status).await? {
        return Err(ApiError::no_such("用户"));
    }
    Ok(Envelope::ok(json!({ "id": id, "status": scope::status_label(status) })).msg("修改成功"))
}
