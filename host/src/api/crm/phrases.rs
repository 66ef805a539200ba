//! Follow-up phrases: the global ones every salesperson sees, and each
//! salesperson's own.

use super::input;
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::http::path_id::PathId;
use crate::store::follow;
use axum::extract::State;
use serde_json::json;

/// Page length of the phrases when the client sends none.
const DEFAULT_LENGTH: i64 = 20;
/// The longest phrase, in characters.
const PHRASE_MAX: usize = 256;

/// `GET qiyeweixin/follow_language`: the caller's phrases and the global
/// ones, newest first, in the shape the radar app reads (the list sits in
/// `data_count`, `ret_data` stays empty).
pub async fn list(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let page = fields.page(DEFAULT_LENGTH)?;
    let phrases = follow::phrases(&db, me.company_id, me.id, page.offset, page.limit).await?;
    let data: Vec<_> = phrases
        .into_iter()
        .map(|p| json!({ "language_id": p.id, "user_id": p.user_id, "language": p.language }))
        .collect();
    Ok(Envelope::ok(json!({
        "ret_data": [],
        "data_count": { "user_id": me.id.to_string(), "follow_language_data": data },
    }))
    .msg("查询成功"))
}

/// `POST qiyeweixin/follow_language/add/{id}` (`custom_language`; the path
/// id means nothing, clients send 0): returns `{language_id}`.
pub async fn add(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(_): PathId,
    fields: Fields,
) -> ApiResult {
    let language = input::bounded(
        "custom_language",
        fields.required("custom_language")?,
        PHRASE_MAX,
    )?;
    let id = follow::add_phrase(&db, me.company_id, me.id, language)
        .await?
        .ok_or_else(ApiError::bad_token)?;
    Ok(Envelope::ok(json!({ "language_id": id })).msg("添加成功"))
}

/// `POST qiyeweixin/follow_language/delete/{id}`: deletes one of the
/// caller's own phrases; 302 for global phrases and other users'.
pub async fn delete(State(db): State<Db>, Caller(me): Caller, PathId(id): PathId) -> ApiResult {
    if !follow::delete_phrase(&db, me.company_id, me.id, id).await? {
        return Err(ApiError::no_such("常用语"));
    }
    Ok(Envelope::ok(json!({})).msg("删除成功"))
}
