//! The back office's cases (`admin/case_manage/<op>/{id}`): write, edit,
//! publish or hold back, delete (status 3), list with filters, read one.
//! A case with diaries keeps its type and cannot be deleted (304), so no
//! diary is ever left without its case or listed the wrong way.

use crate::case::{
    existing, timeline_published, CaseDoc, CaseFields, DELETED, NORMAL, PUBLISHED, TIMELINE,
    UNPUBLISHED,
};
use crate::descriptor::{BROWSES, CASES, COLLECTIONS};
use crate::diaries;
use crate::entries::{case_type_text, paths_text, status_text};
use crate::tags;
use leida_module_sdk::storage::Comparison;
use leida_module_sdk::store::{self, cond, desc, eq, Stored};
use leida_module_sdk::{
    clock, json, object_id, ok, pictures, require_admin, storage, tally, time, Failure, Input,
    Outcome, Paging, Request,
};
use serde_json::Value;

/// Default page length of the list.
const PAGE_LENGTH: u32 = 10;
/// The longest name of the person or the case, in characters.
const MAX_NAME: usize = 100;
/// The answer to an edit a case's diaries forbid.
const HAS_DIARIES: &str = "含有子级数据,请先删除或转移子级数据";

/// Stored pictures of field `name`, or `old` when an edit leaves it out.
fn pictures_of(
    input: &Input<'_>,
    name: &str,
    old: Option<&Vec<String>>,
) -> Result<Vec<String>, Failure> {
    match (input.raw(name), old) {
        (None, Some(o)) => Ok(o.clone()),
        _ => pictures::stored(input, name),
    }
}

/// The fields a form sets; `old` supplies those left out of an edit.
fn fields_of(input: &Input<'_>, old: Option<&CaseFields>) -> Result<CaseFields, Failure> {
    let headimgurl = match (input.raw("headimgurl"), old) {
        (None, Some(o)) => o.headimgurl.clone(),
        _ => {
            let mut one = pictures::stored(input, "headimgurl")?;
            if one.len() > 1 {
                return Err(Failure::invalid("headimgurl 只能是一张图片"));
            }
            one.pop().unwrap_or_default()
        }
    };
    let tag_ids = match (input.raw("tag_list"), old) {
        (None, Some(o)) => o.tag_ids.clone(),
        (None, None) => Vec::new(),
        (Some(text), _) => tags::ids_of(text)?,
    };
    Ok(CaseFields {
        customer_name: input.bounded_text(
            "customer_name",
            MAX_NAME,
            true,
            old.map(|o| o.customer_name.as_str()),
        )?,
        headimgurl,
        case_name: input.bounded_text(
            "case_name",
            MAX_NAME,
            false,
            old.map(|o| o.case_name.as_str()),
        )?,
        cover_picture: pictures_of(input, "cover_picture", old.map(|o| &o.cover_picture))?,
        poster_cover: pictures_of(input, "poster_cover", old.map(|o| &o.poster_cover))?,
        become_beautiful_cover: pictures_of(
            input,
            "become_beautiful_cover",
            old.map(|o| &o.become_beautiful_cover),
        )?,
        tag_ids,
        status: input.choice(
            "status",
            &[PUBLISHED, UNPUBLISHED],
            old.map(|o| o.status),
            UNPUBLISHED,
        )?,
        case_type: input.choice(
            "case_type",
            &[NORMAL, TIMELINE],
            old.map(|o| o.case_type),
            TIMELINE,
        )?,
    })
}

/// `POST admin/case_manage/add/0`: a new case (held back unless `status` 1;
/// a timeline case unless `case_type` 1), with its tags (`tag_list`).
pub fn add(req: &Request) -> Outcome {
    let admin = require_admin(req)?;
    let fields = fields_of(&Input::of(req), None)?;
    let kept = timeline_published().keep()?;
    let counted = fields.is_timeline_published();
    let id = store::insert(
        CASES,
        &CaseDoc {
            fields,
            author_id: admin,
            read_count: 0,
            up_count: 0,
        },
    )?;
    kept.add(tally::delta(false, counted))?;
    let case = existing(id)?;
    tags::sync(&case, &[])?;
    Ok(ok("添加成功", json!({ "case_id": id })))
}

/// `POST admin/case_manage/update/{id}`: changes the fields sent; the tags
/// sent replace the case's tags.
pub fn update(req: &Request) -> Outcome {
    require_admin(req)?;
    let case = existing(object_id(req)?)?;
    let fields = fields_of(&Input::of(req), Some(&case.data.fields))?;
    if fields.case_type != case.data.fields.case_type && diaries::count_of_case(case.id)? > 0 {
        return Err(Failure::new(304, HAS_DIARIES));
    }
    let before = case.data.fields.tag_ids.clone();
    let kept = timeline_published().keep()?;
    store::patch(CASES, case.id, &fields)?;
    kept.add(tally::delta(
        case.data.fields.is_timeline_published(),
        fields.is_timeline_published(),
    ))?;
    let updated = existing(case.id)?;
    tags::sync(&updated, &before)?;
    Ok(ok("修改成功", json!({ "case_id": case.id })))
}

/// `POST admin/case_manage/delete/{id}`: the case leaves every list
/// (status 3), its tags, collections and footprints; 304 while it has
/// diaries.
pub fn delete(req: &Request) -> Outcome {
    require_admin(req)?;
    let case = existing(object_id(req)?)?;
    if diaries::count_of_case(case.id)? > 0 {
        return Err(Failure::new(304, HAS_DIARIES));
    }
    let kept = timeline_published().keep()?;
    storage::patch(CASES, case.id, &json!({ "status": DELETED }).to_string())?;
    kept.add(tally::delta(
        case.data.fields.is_timeline_published(),
        false,
    ))?;
    tags::detach_all(case.id, &case.data.fields.tag_ids)?;
    storage::delete_where(COLLECTIONS, &[eq("case_id", case.id as i64)])?;
    storage::delete_where(BROWSES, &[eq("case_id", case.id as i64)])?;
    Ok(ok("删除成功", json!({})))
}

fn item(c: &Stored<CaseDoc>, names: &std::collections::HashMap<u64, String>) -> Value {
    let offset = clock::utc_offset();
    let f = &c.data.fields;
    json!({
        "case_id": c.id,
        "customer_name": f.customer_name,
        "headimgurl": f.headimgurl,
        "case_name": f.case_name,
        "cover_picture": paths_text(&f.cover_picture),
        "poster_cover": paths_text(&f.poster_cover),
        "become_beautiful_cover": paths_text(&f.become_beautiful_cover),
        "tag_list": tags::tag_list(&f.tag_ids, names),
        "status": f.status,
        "status_text": status_text(f.status),
        "case_type": f.case_type,
        "case_type_text": case_type_text(f.case_type),
        "read_count": c.data.read_count,
        "author_id": c.data.author_id,
        "update_date": time::local_datetime(c.updated_at, offset),
        "create_date": time::local_datetime(c.created_at, offset),
    })
}

/// `GET admin/case_manage/case_list?status&case_type&customer_name&case_name`:
/// the company's cases (not deleted), newest first.
pub fn case_list(req: &Request) -> Outcome {
    require_admin(req)?;
    let input = Input::of(req);
    let mut filters = match input.int("status")? {
        None => vec![cond("status", Comparison::Ne, DELETED as i64)],
        Some(s) if s == PUBLISHED as i64 || s == UNPUBLISHED as i64 => vec![eq("status", s)],
        Some(_) => return Err(Failure::invalid("status 只能是 1 或 2")),
    };
    match input.int("case_type")? {
        None => {}
        Some(t) if t == NORMAL as i64 || t == TIMELINE as i64 => filters.push(eq("case_type", t)),
        Some(_) => return Err(Failure::invalid("case_type 只能是 1 或 2")),
    }
    for field in ["customer_name", "case_name"] {
        if let Some(text) = input.text(field) {
            filters.push(cond(field, Comparison::Contains, text));
        }
    }
    let paging = Paging::from_input(&input, PAGE_LENGTH)?;
    let (cases, total) = store::find::<CaseDoc>(CASES, filters, vec![desc("id")], paging.page())?;
    let all_tags: Vec<u64> = cases
        .iter()
        .flat_map(|c| c.data.fields.tag_ids.clone())
        .collect();
    let names = tags::names(&all_tags)?;
    let items: Vec<_> = cases.iter().map(|c| item(c, &names)).collect();
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": total }),
    ))
}

/// `GET admin/case_manage/case_detail/{id}`: one case (the diary module
/// reads a case's type here when a diary is written).
pub fn case_detail(req: &Request) -> Outcome {
    require_admin(req)?;
    let case = existing(object_id(req)?)?;
    let names = tags::names(&case.data.fields.tag_ids)?;
    Ok(ok("查询成功", json!({ "ret_data": item(&case, &names) })))
}
