//! The customer's channels: one conversation with a radar user
//! (`xiaochengxu_chat`, also at the older path
//! `public/websocket/xiaochengxu`, and `gongzhonghao_chat`) and the
//! public account's unread badge (`gongzhonghao_query_info_num`, whose
//! frames carry `msg_data`).

use super::protocol::{data_frame, frame, ClientFrame, Op};
use super::session::{Reply, Session};
use super::Channel;
use crate::chat::contacts::unread_of_customer;
use crate::chat::items::{customer_item, Parties};
use crate::chat::read;
use crate::chat::send;
use crate::chat::Sender;
use crate::crm::pair::{self, PairError};
use crate::http::envelope::{ApiError, ApiResult};
use crate::identity::Principal;
use crate::local_time::datetime;
use crate::realtime::Signal;
use crate::store::chat::{self, Reader};
use crate::store::{customers, StoreError};
use serde_json::{json, Value};

/// Messages per push frame.
const PUSH_BATCH: i64 = 20;
/// `query_num` answers that still carry the customer's phone: the first
/// three after registering, so the page can show it without asking again.
const PHONE_ANSWERS: u8 = 3;

/// Answers a customer's frame.
pub async fn on_frame(s: &mut Session, me: Principal, op: Op, f: &ClientFrame) -> ApiResult<Reply> {
    match (s.channel, op) {
        (Channel::CustomerChat { public_account }, Op::Register) => {
            let user_id = f.fields.required_int("u_id")?;
            pair::related_user(&s.app.db, &me, user_id).await?;
            s.peer = Some(user_id);
            s.last_shown = chat::latest_id(&s.app.db, me.company_id, user_id, me.id).await?;
            s.on_screen = true;
            Ok(Reply::one(frame(
                if public_account { 199 } else { 200 },
                "注册成功",
            )))
        }
        (Channel::CustomerChat { .. }, Op::QueryNum) => {
            let user_id = peer_of(s, &me, f).await?;
            s.on_screen = false;
            let n = chat::unread_count(
                &s.app.db,
                me.company_id,
                Reader::Customer,
                user_id,
                Some(me.id),
            )
            .await?;
            let mut answer = data_frame(200, "查询成功", json!({ "unread_msg_num": n }));
            if s.phone_answers < PHONE_ANSWERS {
                s.phone_answers += 1;
                let phone = customers::get(&s.app.db, me.company_id, me.id)
                    .await?
                    .map(|c| c.phone)
                    .unwrap_or_default();
                answer["phone"] = phone.into();
            }
            Ok(Reply::one(answer))
        }
        (Channel::PublicAccountUnread, Op::Register | Op::QueryNum) => {
            if f.fields.int("u_id")?.is_some() {
                s.peer = peer_of(s, &me, f).await?;
            }
            let n = unread(s, &me).await?;
            s.last_count = Some(n);
            Ok(Reply::one(badge_frame("查询成功", n)))
        }
        _ => send(s, me, f).await,
    }
}

/// The radar user a frame names (`u_id`, checked) or the registered one.
async fn peer_of(s: &Session, me: &Principal, f: &ClientFrame) -> ApiResult<Option<i64>> {
    match f.fields.int("u_id")? {
        Some(user_id) => {
            pair::related_user(&s.app.db, me, user_id).await?;
            Ok(Some(user_id))
        }
        None => Ok(s.peer),
    }
}

/// The customer's unread count: in the registered conversation, else in all.
async fn unread(s: &Session, me: &Principal) -> Result<i64, StoreError> {
    unread_of_customer(&s.app.db, me.company_id, me.id, s.peer).await
}

/// The public account's badge frame: its count sits under `msg_data`, where
/// the public-account page reads it.
fn badge_frame(msg: &str, n: i64) -> Value {
    json!({ "code": 200, "msg": msg, "msg_data": { "unread_msg_num": n } })
}

/// A chat message over the socket: stored exactly as `…/chat/send_msg`.
async fn send(s: &mut Session, me: Principal, f: &ClientFrame) -> ApiResult<Reply> {
    let raw = f.fields.required("content")?;
    let content = send::checked_content(&s.app.db, me.company_id, raw, Sender::Customer).await?;
    let user_id = peer_of(s, &me, f)
        .await?
        .ok_or_else(|| ApiError::missing("u_id"))?;
    let ids = (user_id, me.id);
    send::post_checked(
        &s.app.db,
        &s.app.bus,
        me.company_id,
        ids,
        Sender::Customer,
        &content,
    )
    .await?;
    Ok(Reply::one(frame(200, "小程序消息-发送成功")))
}

/// Pushes what the wake-ups say changed for this channel.
pub async fn on_signals(s: &mut Session, me: Principal, signals: &[Signal]) -> ApiResult<Reply> {
    let mut reply = Reply::none();
    for signal in signals {
        match (s.channel, *signal) {
            (
                Channel::CustomerChat { .. },
                Signal::Message {
                    user_id,
                    customer_id,
                },
            ) if customer_id == me.id && Some(user_id) == s.peer => {
                reply.frames.extend(new_messages(s, me, user_id).await?);
            }
            (Channel::PublicAccountUnread, Signal::Message { .. } | Signal::Unread) => {
                let n = unread(s, &me).await?;
                if s.last_count != Some(n) {
                    s.last_count = Some(n);
                    reply
                        .frames
                        .push(badge_frame("实时获取公众号【消息数量】成功", n));
                }
            }
            _ => {}
        }
    }
    Ok(reply)
}

/// The conversation's messages this socket has not shown, oldest first in
/// frames of [`PUSH_BATCH`]. With the chat on screen they count as read
/// (the radar side gets its receipt); off screen they stay unread for the badge.
async fn new_messages(s: &mut Session, me: Principal, user_id: i64) -> ApiResult<Vec<Value>> {
    let ids = (user_id, me.id);
    let parties = Parties::load(&s.app.db, me.company_id, ids)
        .await?
        .ok_or(PairError::UnknownUser)?;
    let first = chat::first_id(&s.app.db, me.company_id, user_id, me.id).await?;
    let mut frames = Vec::new();
    loop {
        let rows = chat::after(
            &s.app.db,
            me.company_id,
            user_id,
            me.id,
            s.last_shown,
            PUSH_BATCH,
        )
        .await?;
        let Some(last) = rows.last() else {
            return Ok(frames);
        };
        s.last_shown = last.id;
        if s.on_screen {
            read::mark(
                &s.app.db,
                &s.app.bus,
                me.company_id,
                Reader::Customer,
                ids,
                Some(last.id),
            )
            .await?;
        }
        let unread_now = unread(s, &me).await?;
        let items: Vec<Value> = rows
            .iter()
            .map(|m| customer_item(m, &parties, first, datetime))
            .collect();
        let data = json!({
            "ret_data": items,
            "data_count": items.len(),
            "unread_msg_num": unread_now,
        });
        frames.push(data_frame(200, "实时推送小程序-最新聊天信息成功", data));
    }
}
