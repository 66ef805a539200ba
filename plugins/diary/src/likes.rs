//! `POST xiaochengxu/diary_manage/praise_diary/{id}`: a customer's like of
//! a diary, a toggle; the diary's `up_count` follows.

use crate::descriptor::{DIARIES, LIKES};
use crate::diary::shown;
use leida_module_sdk::store::{self, eq};
use leida_module_sdk::{json, object_id, ok, require_customer, storage, Outcome, Request};
use serde::{Deserialize, Serialize};

/// One customer's like of one diary.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LikeDoc {
    /// The diary.
    pub diary_id: u64,
    /// Who likes it.
    pub customer_id: u64,
}

/// Likes the diary, or takes the like back when the customer already likes it.
pub fn praise_diary(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let diary = shown(object_id(req)?)?;
    let key = vec![
        eq("diary_id", diary.id as i64),
        eq("customer_id", customer_id as i64),
    ];
    let (like, created) = store::get_or_create(
        LIKES,
        key,
        &LikeDoc {
            diary_id: diary.id,
            customer_id,
        },
    )?;
    // Only the call that inserted or deleted the like moves the counter, so
    // two toggles at once cannot count one like twice.
    let (liked, delta) = if created {
        (true, 1)
    } else if storage::delete(LIKES, like.id)? {
        (false, -1)
    } else {
        (false, 0)
    };
    let up_count = if delta == 0 {
        diary.data.up_count
    } else {
        storage::increment(DIARIES, diary.id, "up_count", delta)?
    };
    Ok(ok(
        if liked {
            "点赞成功"
        } else {
            "取消点赞成功"
        },
        json!({
            "diary_id": diary.id,
            "up_count": up_count,
            "is_praise_diary": liked as u8,
            "is_praise_diary_text": if liked { "已点赞" } else { "未点赞" },
        }),
    ))
}
