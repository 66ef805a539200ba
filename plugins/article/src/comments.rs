//! Comments on articles: readers write them, everyone sees the approved
//! ones and their own, the back office approves (the SDK's reviewed
//! comments).

use crate::article::{existing, published};
use crate::descriptor::COMMENTS;
use leida_module_sdk::comments::Comments;
use leida_module_sdk::{
    json, object_id, ok, require_admin, require_customer, Input, Outcome, Request,
};

/// The articles' comments.
const ARTICLE_COMMENTS: Comments = Comments::new(COMMENTS, "article_id");

/// `POST gongzhonghao/article/review_article/{id}` (`content`): a new
/// comment, shown to others once approved.
pub fn review_article(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let article = published(object_id(req)?)?;
    let id = ARTICLE_COMMENTS.write(article.id, customer_id, &Input::of(req))?;
    Ok(ok("成功", json!({ "comment_id": id })))
}

/// `GET gongzhonghao/article/article_review_list/{id}`: the approved
/// comments and the caller's own, newest first.
pub fn article_review_list(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let article = published(object_id(req)?)?;
    let list = ARTICLE_COMMENTS.visible_to(article.id, customer_id, &Input::of(req))?;
    Ok(ok("查询成功", list))
}

/// `GET admin/article/comment_list/{id}?is_audit_pass`: the article's
/// comments for review, newest first.
pub fn comment_list(req: &Request) -> Outcome {
    require_admin(req)?;
    let article = existing(object_id(req)?)?;
    Ok(ok(
        "查询成功",
        ARTICLE_COMMENTS.for_review(article.id, &Input::of(req))?,
    ))
}

/// `POST admin/article/audit_comment/{comment_id}` (`is_audit_pass` 1 or 0):
/// approves a comment or takes the approval back.
pub fn audit_comment(req: &Request) -> Outcome {
    require_admin(req)?;
    let reply = ARTICLE_COMMENTS.audit(object_id(req)?, &Input::of(req))?;
    Ok(ok("审核成功", reply))
}
