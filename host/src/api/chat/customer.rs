//! The customer's side of a conversation (`xiaochengxu/chat*` and
//! `gongzhonghao/chat*`, one customers table): history, sending, unread
//! messages and their count. The customer is the signed caller; `u_id`
//! names the radar user, who must be related to them in their company.

use crate::app::AppState;
use crate::chat::contacts::unread_of_customer;
use crate::chat::items::{customer_item, Parties};
use crate::chat::read;
use crate::chat::send;
use crate::chat::Sender;
use crate::crm::pair::{self, PairError};
use crate::http::caller::Caller;
use crate::http::envelope::{ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::identity::Principal;
use crate::local_time::iso;
use crate::store::chat::{self, Reader};
use axum::extract::State;
use serde_json::{json, Value};

/// The conversation `u_id` of the request names, checked against the caller.
async fn conversation(app: &AppState, me: &Principal, fields: &Fields) -> ApiResult<Parties> {
    let user_id = fields.required_int("u_id")?;
    pair::related_user(&app.db, me, user_id).await?;
    let parties = Parties::load(&app.db, me.company_id, (user_id, me.id)).await?;
    Ok(parties.ok_or(PairError::UnknownUser)?)
}

/// `GET …/chat`: a page (default 20) of the conversation, newest page first
/// and oldest first within it, with the user's card contact details; marks
/// the conversation read for the customer (the radar side gets a receipt).
pub async fn history(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let page = fields.page(20)?;
    let p = conversation(&app, &me, &fields).await?;
    let ids = (p.user.id, me.id);
    read::mark(
        &app.db,
        &app.bus,
        me.company_id,
        Reader::Customer,
        ids,
        None,
    )
    .await?;
    let mut rows = chat::page(
        &app.db,
        me.company_id,
        ids.0,
        me.id,
        page.offset,
        page.limit,
    )
    .await?;
    rows.reverse();
    let first = chat::first_id(&app.db, me.company_id, ids.0, me.id).await?;
    let total = chat::count(&app.db, me.company_id, ids.0, Some(me.id), None, None, None).await?;
    let items: Vec<Value> = rows
        .iter()
        .map(|m| customer_item(m, &p, first, iso))
        .collect();
    Ok(Envelope::ok(json!({
        "ret_data": items,
        "data_count": total,
        "mingpian_phone": p.card_phone(),
        "wechat": p.user.wechat,
        "position": p.user.position,
        "user_name": p.user_name(),
        "user_avatar": p.user.avatar,
    }))
    .msg("分页获取-全部聊天消息成功"))
}

/// `POST …/chat/send_msg/{id}`: the caller writes `content` to `u_id`.
pub async fn send_msg(
    State(app): State<AppState>,
    Caller(me): Caller,
    fields: Fields,
) -> ApiResult {
    let raw = fields.required("content")?;
    let content = send::checked_content(&app.db, me.company_id, raw, Sender::Customer).await?;
    let p = conversation(&app, &me, &fields).await?;
    send::post_checked(
        &app.db,
        &app.bus,
        me.company_id,
        (p.user.id, me.id),
        Sender::Customer,
        &content,
    )
    .await?;
    Ok(Envelope::ok(json!({})).msg("send msg successful"))
}

/// `GET …/chat/getmsg/{id}`: the user's messages the caller has not read,
/// oldest first; marks them read.
pub async fn getmsg(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let p = conversation(&app, &me, &fields).await?;
    let ids = (p.user.id, me.id);
    let rows =
        chat::unread_messages(&app.db, me.company_id, Reader::Customer, ids.0, me.id).await?;
    if let Some(last) = rows.last() {
        read::mark(
            &app.db,
            &app.bus,
            me.company_id,
            Reader::Customer,
            ids,
            Some(last.id),
        )
        .await?;
    }
    let first = chat::first_id(&app.db, me.company_id, ids.0, me.id).await?;
    let items: Vec<Value> = rows
        .iter()
        .map(|m| customer_item(m, &p, first, iso))
        .collect();
    Ok(
        Envelope::ok(json!({ "ret_data": items, "data_count": items.len() }))
            .msg("实时获取-最新聊天信息成功"),
    )
}

/// `GET …/chat/query_num/{id}`: how many of `u_id`'s messages the caller has not read.
pub async fn query_num(
    State(app): State<AppState>,
    Caller(me): Caller,
    fields: Fields,
) -> ApiResult {
    let p = conversation(&app, &me, &fields).await?;
    let n = unread_of_customer(&app.db, me.company_id, me.id, Some(p.user.id)).await?;
    Ok(Envelope::ok(json!({ "chatinfo_count": n })).msg("查询成功"))
}
