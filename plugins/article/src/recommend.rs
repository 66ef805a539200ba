//! `recommend_article_list`: the company's most read published articles
//! besides the one open, each with the sharer's own link.

use crate::article::{optional_id, published, ArticleDoc, PUBLISHED};
use crate::descriptor::ARTICLES;
use crate::share::share_url;
use leida_module_sdk::storage::Comparison;
use leida_module_sdk::store::{self, cond, desc, eq};
use leida_module_sdk::types::Page;
use leida_module_sdk::{
    clock, json, object_id, ok, require_customer, time, Input, Outcome, Request,
};

/// How many articles are recommended.
const RECOMMENDED: u32 = 3;

/// `GET gongzhonghao/article/recommend_article_list/{id}?uid`: the three
/// most read other published articles; `data_count` counts every other
/// published one. With `uid`, each carries that radar user's share link.
pub fn recommend_article_list(req: &Request) -> Outcome {
    require_customer(req)?;
    let current = published(object_id(req)?)?;
    let uid = optional_id(&Input::of(req), "uid")?;
    if let Some(uid) = uid {
        crate::rights::radar_user(uid)?;
    }
    let (articles, total) = store::find::<ArticleDoc>(
        ARTICLES,
        vec![
            eq("status", PUBLISHED as i64),
            cond("id", Comparison::Ne, current.id as i64),
        ],
        vec![desc("read_count"), desc("id")],
        Page {
            offset: 0,
            limit: Some(RECOMMENDED),
        },
    )?;
    let offset = clock::utc_offset();
    let mut items = Vec::with_capacity(articles.len());
    for a in &articles {
        let url = match uid {
            Some(uid) => share_url(a.id, uid, None, 1)?,
            None => String::new(),
        };
        items.push(json!({
            "article_id": a.id,
            "title": a.data.fields.title,
            "article_url": url,
            "read_count": a.data.read_count,
            "create_date": time::local_datetime(a.created_at, offset),
        }));
    }
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": total }),
    ))
}
