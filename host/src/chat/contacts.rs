//! The radar user's message contacts (`qiyeweixin/contact`, DOMAIN §4.4):
//! the newest message per customer, unread per contact and in total,
//! computed live from the chat indexes.

use super::items::contact_item;
use crate::app::AppState;
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiResult, Envelope};
use crate::http::fields::{Fields, Page};
use crate::local_time::now_ms;
use crate::store::chat::{self, Reader};
use crate::store::tags;
use axum::extract::State;
use serde_json::{json, Value};

/// `GET qiyeweixin/contact`: a page (default 20) of the caller's contacts.
pub async fn contact(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let page = fields.page(20)?;
    let data = contact_page(&app.db, me.company_id, me.id, page).await?;
    Ok(Envelope::ok(data).msg("查询成功"))
}

/// `GET qiyeweixin/contact/query_num`: the caller's unread total, for the tab badge.
pub async fn query_num(State(app): State<AppState>, Caller(me): Caller) -> ApiResult {
    let n = unread_of_user(&app.db, me.company_id, me.id).await?;
    Ok(Envelope::ok(json!({ "chatinfo_count": n, "company_id": me.company_id })).msg("查询成功"))
}

/// The user's unread total (`unread_msg_num`).
pub async fn unread_of_user(db: &Db, company_id: i64, user_id: i64) -> sqlx::Result<i64> {
    chat::unread_count(db, company_id, Reader::User, Some(user_id), None).await
}

/// `{ret_data, data_count, unread_msg_num}` of one page of the user's contacts.
pub async fn contact_page(
    db: &Db,
    company_id: i64,
    user_id: i64,
    page: Page,
) -> sqlx::Result<Value> {
    let contacts = chat::contacts(db, company_id, user_id, page.offset, page.limit).await?;
    let ids: Vec<i64> = contacts.iter().map(|c| c.customer_id).collect();
    let tags = tags::on_customers(db, company_id, user_id, &ids).await?;
    let now = now_ms();
    let items: Vec<Value> = contacts
        .iter()
        .map(|c| {
            // Tags apply to one client type (DOMAIN §4.4): the customer's.
            let names = tags
                .iter()
                .filter(|(id, kind, _)| *id == c.customer_id && *kind == c.user_type)
                .map(|(_, _, name)| name.clone())
                .collect();
            contact_item(c, names, now)
        })
        .collect();
    Ok(json!({
        "ret_data": items,
        "data_count": chat::contact_count(db, company_id, user_id).await?,
        "unread_msg_num": unread_of_user(db, company_id, user_id).await?,
    }))
}
