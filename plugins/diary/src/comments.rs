//! Comments on diaries: customers write them, readers see the approved ones
//! and their own, the back office approves (the SDK's reviewed comments);
//! the diary counts those written.

use crate::descriptor::{COMMENTS, DIARIES};
use crate::diary::{existing, shown};
use leida_module_sdk::comments::Comments;
use leida_module_sdk::{
    json, object_id, ok, require_admin, require_customer, storage, Input, Outcome, Request,
};

/// The diaries' comments.
const DIARY_COMMENTS: Comments = Comments::new(COMMENTS, "diary_id");

/// `POST xiaochengxu/diary_manage/review_diary/{id}` (`content`): a new
/// comment, shown to others once approved.
pub fn review_diary(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let diary = shown(object_id(req)?)?;
    let id = DIARY_COMMENTS.write(diary.id, customer_id, &Input::of(req))?;
    storage::increment(DIARIES, diary.id, "comment_count", 1)?;
    Ok(ok("成功", json!({ "comment_id": id })))
}

/// `GET xiaochengxu/diary_manage/diary_id_review_list/{id}`: the approved
/// comments and the caller's own, newest first.
pub fn diary_id_review_list(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let diary = shown(object_id(req)?)?;
    let list = DIARY_COMMENTS.visible_to(diary.id, customer_id, &Input::of(req))?;
    Ok(ok("查询成功", list))
}

/// `GET admin/diary_manage/comment_list/{id}?is_audit_pass`: the diary's
/// comments for review, newest first.
pub fn comment_list(req: &Request) -> Outcome {
    require_admin(req)?;
    let diary = existing(object_id(req)?)?;
    Ok(ok(
        "查询成功",
        DIARY_COMMENTS.for_review(diary.id, &Input::of(req))?,
    ))
}

/// `POST admin/diary_manage/audit_comment/{comment_id}` (`is_audit_pass` 1
/// or 0): approves a comment or takes the approval back.
pub fn audit_comment(req: &Request) -> Outcome {
    require_admin(req)?;
    let reply = DIARY_COMMENTS.audit(object_id(req)?, &Input::of(req))?;
    Ok(ok("审核成功", reply))
}
