//! What a customer does on a card in the mini-program: call, copy the WeChat
//! id, save the phone, forward, praise ("靠谱") and like the signature. Each
//! logs its radar action.

use crate::counters::{bump, card_of, Counter};
use crate::likes;
use crate::remarks::{
    praise_remark, CALLED, CALLING_REMARK, COPIED_WECHAT, FORWARDED_CARD, FORWARD_REMARK, RELIABLE,
    SAVED_PHONE, SAVE_PHONE_REMARK, SIGN_REMARK, WECHAT_REMARK,
};
use crate::visit::Visit;
use leida_module_sdk::{json, ok, Outcome, Request};

/// The message of the action-logging endpoints.
const LOGGED: &str = "记录日志成功";

/// `GET xiaochengxu/mingpian/calling?uid`: action 10.
pub fn calling(req: &Request) -> Outcome {
    log_only(req, CALLED, CALLING_REMARK)
}

/// `GET xiaochengxu/mingpian/save_wechat?uid`: action 5.
pub fn save_wechat(req: &Request) -> Outcome {
    log_only(req, COPIED_WECHAT, WECHAT_REMARK)
}

/// `GET xiaochengxu/mingpian/save_phone?uid` (deprecated): action 8.
pub fn save_phone(req: &Request) -> Outcome {
    log_only(req, SAVED_PHONE, SAVE_PHONE_REMARK)
}

/// `GET xiaochengxu/mingpian/forward?uid`: one more forward, action 6.
pub fn forward(req: &Request) -> Outcome {
    let visit = Visit::of(req)?;
    let mut card = card_of(visit.user.id)?;
    bump(&mut card, Counter::Forward, 1)?;
    visit.record(FORWARDED_CARD, FORWARD_REMARK)?;
    Ok(ok(LOGGED, json!({})))
}

/// `GET xiaochengxu/mingpian/praise?uid`: toggles the customer's praise and
/// logs action 9; returns `{ret_data: {praise_num, is_praise}}`.
pub fn praise(req: &Request) -> Outcome {
    let visit = Visit::of(req)?;
    let uid = visit.user.id;
    let is_praise = likes::toggle_praise(uid, visit.customer_id)?;
    visit.record(RELIABLE, praise_remark(is_praise))?;
    let praise_num = likes::praise_count(uid)?;
    Ok(ok(
        LOGGED,
        json!({ "ret_data": { "praise_num": praise_num, "is_praise": is_praise } }),
    ))
}

/// `GET xiaochengxu/mingpian/up_sign?uid`: likes the signature once (action
/// 9); a repeated like changes nothing and answers `已经点过赞`.
pub fn up_sign(req: &Request) -> Outcome {
    let visit = Visit::of(req)?;
    let uid = visit.user.id;
    let created = likes::like_sign(uid, visit.customer_id)?;
    if created {
        visit.record(RELIABLE, SIGN_REMARK)?;
    }
    let sign_num = likes::sign_like_count(uid)?;
    let msg = if created { LOGGED } else { "已经点过赞" };
    Ok(ok(
        msg,
        json!({ "ret_data": { "sign_num": sign_num, "is_sign": true } }),
    ))
}

fn log_only(req: &Request, code: u16, remark: &str) -> Outcome {
    let visit = Visit::of(req)?;
    visit.record(code, remark)?;
    Ok(ok(LOGGED, json!({})))
}
