//! Share links of an article: the radar user's own (level 1) and a
//! reader's re-share (one level below the reader, who becomes the parent).
//! The host builds the links (`links.public-account-share`), so a link can
//! only name a radar user of the company that made it.

use crate::article::{optional_id, published};
use crate::tree;
use leida_module_sdk::{
    json, links, ok, require_customer, require_radar_user, types, Failure, Input, Outcome, Request,
};

/// The public-account page articles open on.
const ARTICLE_PAGE: &str = "article";

/// The share link of `article_id` from radar user `uid`, passed on by
/// `pid` (none: the user's own) to readers at `level`.
pub fn share_url(
    article_id: u64,
    uid: u64,
    pid: Option<u64>,
    level: u32,
) -> Result<String, Failure> {
    let pairs = vec![
        ("article_id".to_string(), article_id.to_string()),
        (
            "pid".to_string(),
            pid.map(|p| p.to_string()).unwrap_or_default(),
        ),
        ("level".to_string(), level.to_string()),
    ];
    links::public_account_share(ARTICLE_PAGE, uid, &pairs).map_err(|e| match e {
        types::Error::Unavailable(_) => Failure::invalid("该公司未配置公众号"),
        other => Failure::from(other).or_not_found("用户不存在"),
    })
}

/// `GET qiyeweixin/work_weixin_auth/create_gongzhonghao_share_auth_url?article_id`:
/// the calling radar user's own link to a published article.
pub fn radar_user_link(req: &Request) -> Outcome {
    let me = require_radar_user(req)?;
    let article = published(Input::of(req).required_id("article_id")?)?;
    let url = share_url(article.id, me, None, 1)?;
    Ok(ok("返回成功", json!({ "share_url": url })))
}

/// `GET gongzhonghao/work_gongzhonghao_auth/create_gongzhonghao_share_auth_url?uid&level&article_id`:
/// a reader's link, one level below the reader's own place in the radar
/// user's tree (the `level` sent is used only when the reader has none).
pub fn reader_link(req: &Request) -> Outcome {
    let me = require_customer(req)?;
    let input = Input::of(req);
    let article = published(input.required_id("article_id")?)?;
    let uid = input.required_id("uid")?;
    crate::rights::radar_user(uid)?;
    let level = match tree::first_node_of(article.id, uid, me)? {
        Some(node) => node.data.level + 1,
        None => match optional_id(&input, "level")? {
            Some(l) => u32::try_from(l).unwrap_or(u32::MAX - 1).saturating_add(1),
            None => 2,
        },
    };
    let url = share_url(article.id, uid, Some(me), level)?;
    Ok(ok("返回成功", json!({ "share_url": url })))
}
