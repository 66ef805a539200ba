//! The radar user's side of a conversation (`qiyeweixin/chat*`): history,
//! sending, and the unread messages. The sender is always the signed caller.

use crate::app::AppState;
use crate::chat::items::{radar_item, Parties};
use crate::chat::read;
use crate::chat::send;
use crate::chat::Sender;
use crate::crm::pair::{self, PairError};
use crate::http::caller::Caller;
use crate::http::envelope::{ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::local_time::iso;
use crate::store::chat::{self, Reader};
use axum::extract::State;
use serde_json::{json, Value};

/// `GET qiyeweixin/chat`: a page (default 20) of the conversation with
/// `customer_id`, newest page first and oldest first within it; marks the
/// conversation read for the caller.
pub async fn history(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let customer_id = fields.required_int("customer_id")?;
    let page = fields.page(20)?;
    pair::related(&app.db, &me, customer_id).await?;
    let ids = (me.id, customer_id);
    let parties = Parties::load(&app.db, me.company_id, ids)
        .await?
        .ok_or(PairError::UnknownCustomer)?;
    read::mark(&app.db, &app.bus, me.company_id, Reader::User, ids, None).await?;
    let mut rows = chat::page(
        &app.db,
        me.company_id,
        me.id,
        customer_id,
        page.offset,
        page.limit,
    )
    .await?;
    rows.reverse();
    let total = chat::count(
        &app.db,
        me.company_id,
        me.id,
        Some(customer_id),
        None,
        None,
        None,
    )
    .await?;
    let items: Vec<Value> = rows.iter().map(|m| radar_item(m, &parties, iso)).collect();
    Ok(Envelope::ok(json!({
        "ret_data": items,
        "data_count": total,
        "company_id": me.company_id,
    }))
    .msg("分页获取-全部聊天消息成功"))
}

/// `POST qiyeweixin/chat/send_msg/{id}`: the caller writes `content` to
/// `customer_id` (a `user_id` or `send_type` in the body is ignored).
pub async fn send_msg(
    State(app): State<AppState>,
    Caller(me): Caller,
    fields: Fields,
) -> ApiResult {
    let customer_id = fields.required_int("customer_id")?;
    let raw = fields.required("content")?;
    let content = send::checked_content(&app.db, me.company_id, raw, Sender::User).await?;
    pair::related(&app.db, &me, customer_id).await?;
    send::post_checked(
        &app.db,
        &app.bus,
        me.company_id,
        (me.id, customer_id),
        Sender::User,
        &content,
    )
    .await?;
    Ok(Envelope::ok(json!({})).msg("send msg successful"))
}

/// `GET qiyeweixin/chat/getmsg/{id}`: the customer's messages the caller
/// has not read, oldest first; marks them read.
pub async fn getmsg(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let customer_id = fields.required_int("customer_id")?;
    pair::related(&app.db, &me, customer_id).await?;
    let ids = (me.id, customer_id);
    let parties = Parties::load(&app.db, me.company_id, ids)
        .await?
        .ok_or(PairError::UnknownCustomer)?;
    let rows =
        chat::unread_messages(&app.db, me.company_id, Reader::User, me.id, customer_id).await?;
    if let Some(last) = rows.last() {
        read::mark(
            &app.db,
            &app.bus,
            me.company_id,
            Reader::User,
            ids,
            Some(last.id),
        )
        .await?;
    }
    let items: Vec<Value> = rows.iter().map(|m| radar_item(m, &parties, iso)).collect();
    Ok(Envelope::ok(Value::Array(items)).msg("实时获取-最新聊天记录成功"))
}
