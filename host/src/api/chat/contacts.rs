//! The radar user's message contacts (`qiyeweixin/contact`): the newest
//! message per customer with unread counts, and the unread total.

use crate::chat::contacts::{contact_page, unread_of_user};
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiResult, Envelope};
use crate::http::fields::Fields;
use axum::extract::State;
use serde_json::json;

/// `GET qiyeweixin/contact`: a page (default 20) of the caller's contacts.
pub async fn contact(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let page = fields.page(20)?;
    let data = contact_page(&db, me.company_id, me.id, page).await?;
    Ok(Envelope::ok(data).msg("查询成功"))
}

/// `GET qiyeweixin/contact/query_num`: the caller's unread total, for the tab badge.
pub async fn query_num(State(db): State<Db>, Caller(me): Caller) -> ApiResult {
    let n = unread_of_user(&db, me.company_id, me.id).await?;
    Ok(Envelope::ok(json!({ "chatinfo_count": n, "company_id": me.company_id })).msg("查询成功"))
}
