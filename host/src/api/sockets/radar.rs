//! The radar user's channels: one conversation (`leida_chat`, also at the
//! older path `public/websocket/leida`), the unread badge
//! (`leida_query_info_num`) and the contact list (`leida_query_contact_list`).

use super::protocol::{data_frame, frame, ClientFrame, Op};
use super::session::{Reply, Session};
use super::Channel;
use crate::chat::contacts::{contact_page, unread_of_user};
use crate::chat::items::{radar_item, Parties};
use crate::chat::read;
use crate::chat::send;
use crate::chat::Sender;
use crate::crm::pair::{self, PairError};
use crate::http::envelope::{ApiError, ApiResult};
use crate::identity::Principal;
use crate::local_time::datetime;
use crate::realtime::Signal;
use crate::store::chat::{self, Reader};
use crate::store::Page;
use serde_json::{json, Value};

/// Messages per push frame.
const PUSH_BATCH: i64 = 20;
/// The contact page pushed when the list changes: its first ten entries.
const PUSHED_CONTACTS: Page = Page {
    offset: 0,
    limit: Some(10),
};

/// Answers a radar user's frame.
pub async fn on_frame(s: &mut Session, me: Principal, op: Op, f: &ClientFrame) -> ApiResult<Reply> {
    match op {
        Op::Register if s.channel == Channel::RadarChat => {
            let customer_id = f.fields.required_int("customer_id")?;
            pair::related(&s.app.db, &me, customer_id).await?;
            s.peer = Some(customer_id);
            s.last_shown = chat::latest_id(&s.app.db, me.company_id, me.id, customer_id).await?;
            Ok(Reply::one(frame(199, "注册成功")))
        }
        Op::QueryNum if s.channel == Channel::RadarContacts => {
            let page = f.fields.page(10)?;
            let data = contact_page(&s.app.db, me.company_id, me.id, page).await?;
            s.last_count = data["unread_msg_num"].as_i64();
            Ok(Reply::one(data_frame(200, "查询成功", data)))
        }
        Op::Register | Op::QueryNum => {
            let n = unread_of_user(&s.app.db, me.company_id, me.id).await?;
            s.last_count = Some(n);
            let data = json!({ "unread_msg_num": n });
            Ok(Reply::one(data_frame(200, "查询成功", data)))
        }
        _ => send(s, me, f).await,
    }
}

/// A chat message over the socket: stored exactly as `qiyeweixin/chat/send_msg`.
async fn send(s: &mut Session, me: Principal, f: &ClientFrame) -> ApiResult<Reply> {
    let customer_id = match f.fields.int("customer_id")?.or(s.peer) {
        Some(id) => id,
        None => return Err(ApiError::missing("customer_id")),
    };
    let raw = f.fields.required("content")?;
    let content = send::checked_content(&s.app.db, me.company_id, raw, Sender::User).await?;
    pair::related(&s.app.db, &me, customer_id).await?;
    let ids = (me.id, customer_id);
    send::post_checked(
        &s.app.db,
        &s.app.bus,
        me.company_id,
        ids,
        Sender::User,
        &content,
    )
    .await?;
    Ok(Reply::one(frame(200, "雷达消息-发送成功")))
}

/// Pushes what the wake-ups say changed for this channel.
pub async fn on_signals(s: &mut Session, me: Principal, signals: &[Signal]) -> ApiResult<Reply> {
    let mut reply = Reply::none();
    for signal in signals {
        match (s.channel, *signal) {
            (
                Channel::RadarChat,
                Signal::Message {
                    user_id,
                    customer_id,
                },
            ) if user_id == me.id && Some(customer_id) == s.peer => {
                reply.frames.extend(new_messages(s, me, customer_id).await?);
            }
            (
                Channel::RadarChat,
                Signal::ReadByCustomer {
                    user_id,
                    customer_id,
                },
            ) if user_id == me.id && Some(customer_id) == s.peer => {
                let data = json!({ "is_customer_already_read": 1 });
                reply.frames.push(data_frame(202, "客户已读", data));
            }
            (Channel::RadarUnread, Signal::Message { .. } | Signal::Unread) => {
                let n = unread_of_user(&s.app.db, me.company_id, me.id).await?;
                if s.last_count != Some(n) {
                    s.last_count = Some(n);
                    let data = json!({ "unread_msg_num": n });
                    reply
                        .frames
                        .push(data_frame(200, "实时获取雷达【消息数量】成功", data));
                }
            }
            (Channel::RadarContacts, Signal::Message { .. } | Signal::Unread) => {
                let data = contact_page(&s.app.db, me.company_id, me.id, PUSHED_CONTACTS).await?;
                s.last_count = data["unread_msg_num"].as_i64();
                reply
                    .frames
                    .push(data_frame(200, "实时推送-消息联系人成功", data));
            }
            _ => {}
        }
    }
    Ok(reply)
}

/// The conversation's messages this socket has not shown (both sides'),
/// oldest first in frames of [`PUSH_BATCH`]; they count as read by the user.
async fn new_messages(s: &mut Session, me: Principal, customer_id: i64) -> ApiResult<Vec<Value>> {
    let ids = (me.id, customer_id);
    let parties = Parties::load(&s.app.db, me.company_id, ids)
        .await?
        .ok_or(PairError::UnknownCustomer)?;
    let mut frames = Vec::new();
    loop {
        let rows = chat::after(
            &s.app.db,
            me.company_id,
            me.id,
            customer_id,
            s.last_shown,
            PUSH_BATCH,
        )
        .await?;
        let Some(last) = rows.last() else {
            return Ok(frames);
        };
        s.last_shown = last.id;
        read::mark(
            &s.app.db,
            &s.app.bus,
            me.company_id,
            Reader::User,
            ids,
            Some(last.id),
        )
        .await?;
        let items: Vec<Value> = rows
            .iter()
            .map(|m| radar_item(m, &parties, datetime))
            .collect();
        let data = json!({ "ret_data": items, "count": items.len() });
        frames.push(data_frame(200, "实时推送雷达-最新聊天信息成功", data));
    }
}
