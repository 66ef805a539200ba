//! Comments on articles: readers write them, everyone sees the approved
//! ones and their own, the back office approves.

use crate::article::{existing, published};
use crate::descriptor::COMMENTS;
use crate::people;
use leida_module_sdk::store::{self, desc, eq};
use leida_module_sdk::{
    clock, json, object_id, ok, require_admin, require_customer, time, Failure, Input, Outcome,
    Paging, Request,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The longest comment, in characters.
const MAX_COMMENT: usize = 500;
/// Default page length of the lists.
const PAGE_LENGTH: u32 = 20;

/// A comment as stored (its text as written, UTF-8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentDoc {
    /// The article.
    pub article_id: u64,
    /// The writer.
    pub customer_id: u64,
    /// The text.
    pub content: String,
    /// Approved by the back office.
    pub approved: bool,
}

/// `POST gongzhonghao/article/review_article/{id}` (`content`): a new
/// comment, shown to others once approved.
pub fn review_article(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let article = published(object_id(req)?)?;
    let content = Input::of(req).required_text("content")?;
    if content.chars().count() > MAX_COMMENT {
        return Err(Failure::invalid(format!("评论不能超过{MAX_COMMENT}个字")));
    }
    let id = store::insert(
        COMMENTS,
        &CommentDoc {
            article_id: article.id,
            customer_id,
            content: content.to_string(),
            approved: false,
        },
    )?;
    Ok(ok("成功", json!({ "comment_id": id })))
}

fn items(comments: &[store::Stored<CommentDoc>]) -> Result<Vec<Value>, Failure> {
    let ids: Vec<u64> = comments.iter().map(|c| c.data.customer_id).collect();
    let faces = people::faces(&ids)?;
    let offset = clock::utc_offset();
    Ok(comments
        .iter()
        .map(|c| {
            let face = faces.get(&c.data.customer_id).cloned().unwrap_or_default();
            json!({
                "comment_id": c.id,
                "from_customer_id": c.data.customer_id,
                "from_customer_name": face.name,
                "from_customer_headimgurl": face.headimgurl,
                "content": c.data.content,
                "is_audit_pass": c.data.approved as u8,
                "create_time": time::local_datetime(c.created_at, offset),
            })
        })
        .collect())
}

/// `GET gongzhonghao/article/article_review_list/{id}`: the approved
/// comments and the caller's own, newest first.
pub fn article_review_list(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let article = published(object_id(req)?)?;
    let paging = Paging::from_input(&Input::of(req), PAGE_LENGTH)?;
    let of_article = eq("article_id", article.id as i64);
    let (comments, total) = store::find_any::<CommentDoc>(
        COMMENTS,
        vec![
            vec![of_article.clone(), eq("approved", true)],
            vec![of_article, eq("customer_id", customer_id as i64)],
        ],
        vec![desc("id")],
        paging.page(),
    )?;
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items(&comments)?, "data_count": total }),
    ))
}

/// `GET admin/article/comment_list/{id}?is_audit_pass`: the article's
/// comments for review, newest first (only unapproved with 0, approved with 1).
pub fn comment_list(req: &Request) -> Outcome {
    require_admin(req)?;
    let article = existing(object_id(req)?)?;
    let input = Input::of(req);
    let mut filters = vec![eq("article_id", article.id as i64)];
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

/// `POST admin/article/audit_comment/{comment_id}` (`is_audit_pass` 1 or 0):
/// approves a comment or takes the approval back.
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
