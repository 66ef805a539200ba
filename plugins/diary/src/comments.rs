//! Comments on diaries: customers write them, readers see the approved ones
//! and their own, the back office approves.

use crate::descriptor::{COMMENTS, DIARIES};
use crate::diary::{existing, shown};
use leida_module_sdk::store::{self, desc, eq};
use leida_module_sdk::{
    clock, directory, json, object_id, ok, require_admin, require_customer, storage, time, Failure,
    Input, Outcome, Paging, Request,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

/// The longest comment, in characters.
const MAX_COMMENT: usize = 500;
/// Default page length of the lists.
const PAGE_LENGTH: u32 = 20;

/// A comment as stored (its text as written, UTF-8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentDoc {
    /// The diary.
    pub diary_id: u64,
    /// The writer.
    pub customer_id: u64,
    /// The text.
    pub content: String,
    /// Approved by the back office.
    pub approved: bool,
}

/// `POST xiaochengxu/diary_manage/review_diary/{id}` (`content`): a new
/// comment, shown to others once approved.
pub fn review_diary(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let diary = shown(object_id(req)?)?;
    let content = Input::of(req).required_text("content")?;
    if content.chars().count() > MAX_COMMENT {
        return Err(Failure::invalid(format!("评论不能超过{MAX_COMMENT}个字")));
    }
    let id = store::insert(
        COMMENTS,
        &CommentDoc {
            diary_id: diary.id,
            customer_id,
            content: content.to_string(),
            approved: false,
        },
    )?;
    storage::increment(DIARIES, diary.id, "comment_count", 1)?;
    Ok(ok("成功", json!({ "comment_id": id })))
}

fn items(comments: &[store::Stored<CommentDoc>]) -> Result<Vec<Value>, Failure> {
    let mut ids: Vec<u64> = comments.iter().map(|c| c.data.customer_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let writers: HashMap<u64, directory::Customer> = directory::get_customers(&ids)?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let offset = clock::utc_offset();
    Ok(comments
        .iter()
        .map(|c| {
            let writer = writers.get(&c.data.customer_id);
            json!({
                "comment_id": c.id,
                "from_customer_id": c.data.customer_id,
                "from_customer_name": writer.map_or("", |w| w.username.as_str()),
                "from_customer_headimgurl": writer.map_or("", |w| w.headimgurl.as_str()),
                "content": c.data.content,
                "is_audit_pass": c.data.approved as u8,
                "create_time": time::local_datetime(c.created_at, offset),
            })
        })
        .collect())
}

/// `GET xiaochengxu/diary_manage/diary_id_review_list/{id}`: the approved
/// comments and the caller's own, newest first.
pub fn diary_id_review_list(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let diary = shown(object_id(req)?)?;
    let paging = Paging::from_input(&Input::of(req), PAGE_LENGTH)?;
    let of_diary = eq("diary_id", diary.id as i64);
    let (comments, total) = store::find_any::<CommentDoc>(
        COMMENTS,
        vec![
            vec![of_diary.clone(), eq("approved", true)],
            vec![of_diary, eq("customer_id", customer_id as i64)],
        ],
        vec![desc("id")],
        paging.page(),
    )?;
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items(&comments)?, "data_count": total }),
    ))
}

/// `GET admin/diary_manage/comment_list/{id}?is_audit_pass`: the diary's
/// comments for review, newest first (only unapproved with 0, approved with 1).
pub fn comment_list(req: &Request) -> Outcome {
    require_admin(req)?;
    let diary = existing(object_id(req)?)?;
    let input = Input::of(req);
    let mut filters = vec![eq("diary_id", diary.id as i64)];
    if let Some(pass) = input.bool("is_audit_pass")? {
        filters.push(eq("approved", pass));
    }
    let paging = Paging::from_input(&input, PAGE_LENGTH)?;
    let (comments, total) =
        store::find::<CommentDoc>(COMMENTS, filters, vec![desc("id")], paging.page())?;
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items(&comments)?, "data_count": total }),
    ))
}

/// `POST admin/diary_manage/audit_comment/{comment_id}` (`is_audit_pass` 1
/// or 0): approves a comment or takes the approval back.
pub fn audit_comment(req: &Request) -> Outcome {
    require_admin(req)?;
    let id = object_id(req)?;
    let pass = Input::of(req)
        .bool("is_audit_pass")?
        .ok_or_else(|| Failure::form("is_audit_pass 不能为空"))?;
    if store::get::<CommentDoc>(COMMENTS, id)?.is_none() {
        return Err(Failure::not_found("评论不存在"));
    }
    store::patch(COMMENTS, id, &json!({ "approved": pass }))?;
    Ok(ok(
        "审核成功",
        json!({ "comment_id": id, "is_audit_pass": pass as u8 }),
    ))
}
