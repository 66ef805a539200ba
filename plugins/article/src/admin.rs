//! The back office's articles (`admin/article/<op>/{id}`): write, edit,
//! publish or hold back, delete (status 3, so trees and logs keep their
//! article), list and read one.

use crate::article::{existing, Ads, ArticleDoc, ArticleFields, DELETED, PUBLISHED, UNPUBLISHED};
use crate::descriptor::{ARTICLES, COMMENTS};
use crate::reports;
use leida_module_sdk::storage::Comparison;
use leida_module_sdk::store::{self, cond, desc, eq};
use leida_module_sdk::{
    clock, json, object_id, ok, require_admin, storage, time, Failure, Input, Outcome, Paging,
    Request,
};
use serde_json::Value;

/// Default page length of the list.
const PAGE_LENGTH: u32 = 10;
/// The longest title, in characters.
const MAX_TITLE: usize = 200;
/// The longest summary, in characters.
const MAX_SUMMARY: usize = 1000;
/// The longest picture path, in characters.
const MAX_PATH: usize = 512;

/// The advert of an edit: `insert_ads` as the earlier clients send it
/// (`{"type":"mingpian"}`, `{"type":"baoming","id":N}`, `{}`), or
/// `plugin_report_id` for a sign-up plug-in.
fn ads_of(input: &Input<'_>, old: Option<&ArticleFields>) -> Result<(Ads, u64), Failure> {
    let report = input.id("plugin_report_id")?;
    let ads = input.json("insert_ads")?;
    let (ads, id) = match (ads, report) {
        (None, Some(id)) => (Ads::Baoming, id),
        (None, None) => return Ok(old.map_or((Ads::None, 0), |o| (o.ads, o.report_id))),
        (Some(v), report) => match v.get("type").and_then(Value::as_str) {
            None | Some("") => (Ads::None, 0),
            Some("mingpian") => (Ads::Mingpian, 0),
            Some("baoming") => {
                let id = report
                    .or_else(|| v.get("id").and_then(Value::as_u64))
                    .ok_or_else(|| Failure::form("plugin_report_id 不能为空"))?;
                (Ads::Baoming, id)
            }
            Some(_) => {
                return Err(Failure::invalid(
                    "insert_ads.type 只能是 mingpian 或 baoming",
                ))
            }
        },
    };
    if ads == Ads::Baoming {
        reports::active(id)?;
    }
    Ok((ads, id))
}

/// The edit a form asks for; `old` supplies the fields left out.
fn edit_of(input: &Input<'_>, old: Option<&ArticleFields>) -> Result<ArticleFields, Failure> {
    let title = input.bounded_text("title", MAX_TITLE, true, old.map(|o| o.title.as_str()))?;
    let (ads, report_id) = ads_of(input, old)?;
    Ok(ArticleFields {
        title,
        summary: input.bounded_text(
            "summary",
            MAX_SUMMARY,
            false,
            old.map(|o| o.summary.as_str()),
        )?,
        // The host bounds the body; the text is kept as written.
        content: match (input.raw("content"), old) {
            (None, Some(o)) => o.content.clone(),
            _ => input.raw("content").unwrap_or("").to_string(),
        },
        cover_picture: input.bounded_text(
            "cover_picture",
            MAX_PATH,
            false,
            old.map(|o| o.cover_picture.as_str()),
        )?,
        source: input.choice("source", &[1, 2], old.map(|o| o.source), 1)?,
        status: input.choice(
            "status",
            &[PUBLISHED, UNPUBLISHED],
            old.map(|o| o.status),
            PUBLISHED,
        )?,
        ads,
        report_id,
    })
}

/// `POST admin/article/add/0`: a new article (published unless `status` 2).
pub fn add(req: &Request) -> Outcome {
    let admin = require_admin(req)?;
    let doc = ArticleDoc {
        fields: edit_of(&Input::of(req), None)?,
        author_id: admin,
        read_count: 0,
        forward_count: 0,
        up_count: 0,
    };
    let id = store::insert(ARTICLES, &doc)?;
    Ok(ok("添加成功", json!({ "article_id": id })))
}

/// `POST admin/article/update/{id}`: changes the fields sent.
pub fn update(req: &Request) -> Outcome {
    require_admin(req)?;
    let a = existing(object_id(req)?)?;
    let e = edit_of(&Input::of(req), Some(&a.data.fields))?;
    store::patch(ARTICLES, a.id, &e)?;
    Ok(ok("修改成功", json!({ "article_id": a.id })))
}

/// `POST admin/article/delete/{id}`: the article leaves every list and
/// reader (status 3).
pub fn delete(req: &Request) -> Outcome {
    require_admin(req)?;
    let a = existing(object_id(req)?)?;
    storage::patch(ARTICLES, a.id, &json!({ "status": DELETED }).to_string())?;
    Ok(ok("删除成功", json!({})))
}

fn ads_value(doc: &ArticleFields) -> Value {
    match doc.ads {
        Ads::None => json!({}),
        Ads::Mingpian => json!({ "type": "mingpian", "mingpian": true }),
        Ads::Baoming => json!({ "type": "baoming", "id": doc.report_id }),
    }
}

fn item(a: &store::Stored<ArticleDoc>, with_content: bool) -> Result<Value, Failure> {
    let offset = clock::utc_offset();
    let d = &a.data.fields;
    let comments = storage::count(
        COMMENTS,
        &[eq("article_id", a.id as i64), eq("approved", true)],
    )?;
    let mut v = json!({
        "id": a.id,
        "title": d.title,
        "summary": d.summary,
        "cover_picture": d.cover_picture,
        "status": d.status,
        "status_text": if d.status == PUBLISHED { "已发" } else { "未发" },
        "source": d.source,
        "source_text": if d.source == 1 { "原创" } else { "转载" },
        "read_count": a.data.read_count,
        "forward_count": a.data.forward_count,
        "up_count": a.data.up_count,
        "comment_count": comments,
        "insert_ads": ads_value(d),
        "plugin_report_id": if d.ads == Ads::Baoming { json!(d.report_id) } else { Value::Null },
        "author_id": a.data.author_id,
        "create_date": time::local_datetime(a.created_at, offset),
        "update_date": time::local_datetime(a.updated_at, offset),
    });
    if with_content {
        v["content"] = json!(d.content);
    }
    Ok(v)
}

/// `GET admin/article/article_list?status&title`: the company's articles
/// (published and held back, or one `status`), newest first.
pub fn article_list(req: &Request) -> Outcome {
    require_admin(req)?;
    let input = Input::of(req);
    let mut filters = match input.int("status")? {
        None => vec![cond("status", Comparison::Ne, DELETED as i64)],
        Some(s) if s == PUBLISHED as i64 || s == UNPUBLISHED as i64 => vec![eq("status", s)],
        Some(_) => return Err(Failure::invalid("status 只能是 1 或 2")),
    };
    if let Some(title) = input.text("title") {
        filters.push(cond("title", Comparison::Contains, title));
    }
    let paging = Paging::from_input(&input, PAGE_LENGTH)?;
    let (articles, total) =
        store::find::<ArticleDoc>(ARTICLES, filters, vec![desc("id")], paging.page())?;
    let items = articles
        .iter()
        .map(|a| item(a, false))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": total }),
    ))
}

/// `GET admin/article/article_detail/{id}`: one article with its content.
pub fn article_detail(req: &Request) -> Outcome {
    require_admin(req)?;
    let a = existing(object_id(req)?)?;
    Ok(ok("查询成功", json!({ "ret_data": item(&a, true)? })))
}
