//! The back office's diaries (`admin/diary_manage/<op>/{id}`): write one
//! into a case of the `cases` module, edit, delete (status 3).

use crate::descriptor::{BROWSES, DIARIES, LIKES};
use crate::diary::{
    existing, normal_published, DiaryDoc, DiaryFields, DELETED, IMAGES_ONLY, PUBLISHED,
    UNPUBLISHED, VIDEO_ONLY,
};
use leida_module_sdk::store::{self, eq};
use leida_module_sdk::{
    clock, json, object_id, ok, peer, pictures, require_admin, storage, tally, time, Failure,
    Input, Outcome, Request,
};
use serde::Deserialize;

/// The longest title, in characters.
const MAX_TITLE: usize = 100;
/// The longest summary, in characters.
const MAX_SUMMARY: usize = 200;
/// The slot that keeps the cases.
pub const CASES_SLOT: &str = "cases";

/// What the case module says of a case.
#[derive(Debug, Deserialize)]
struct CaseFacts {
    case_type: u8,
}

/// The case `case_id` as the `cases` module shows it to the back office;
/// 302 `案例不存在` when it has none (or the slot is off).
fn case_type_of(case_id: u64) -> Result<u8, Failure> {
    #[derive(Deserialize)]
    struct Answer {
        ret_data: CaseFacts,
    }
    let path = format!("/zhugeleida/admin/case_manage/case_detail/{case_id}");
    let answer: Answer =
        peer::read(CASES_SLOT, &path, &[]).map_err(|f| f.or_not_found("案例不存在"))?;
    Ok(answer.ret_data.case_type)
}

/// The fields a form sets; `old` supplies those left out of an edit.
fn fields_of(input: &Input<'_>, old: Option<&DiaryFields>) -> Result<DiaryFields, Failure> {
    let title = input.bounded_text("title", MAX_TITLE, true, old.map(|o| o.title.as_str()))?;
    let diary_date = match (input.text("diary_date"), old) {
        (None, Some(o)) => o.diary_date,
        (None, None) => return Err(Failure::form("diary_date 不能为空")),
        (Some(text), _) => time::parse_local(text, clock::utc_offset())
            .ok_or_else(|| Failure::invalid("diary_date 格式应为 YYYY-MM-DD HH:MM:SS"))?,
    };
    let cover_picture = match (input.raw("cover_picture"), old) {
        (None, Some(o)) => o.cover_picture.clone(),
        _ => pictures::stored(input, "cover_picture")?,
    };
    Ok(DiaryFields {
        title,
        summary: input.bounded_text(
            "summary",
            MAX_SUMMARY,
            false,
            old.map(|o| o.summary.as_str()),
        )?,
        diary_date,
        cover_picture,
        cover_show_type: input.choice(
            "cover_show_type",
            &[IMAGES_ONLY, VIDEO_ONLY],
            old.map(|o| o.cover_show_type),
            VIDEO_ONLY,
        )?,
        // The host bounds the body; the text is kept as written.
        content: match (input.raw("content"), old) {
            (None, Some(o)) => o.content.clone(),
            _ => input.raw("content").unwrap_or("").to_string(),
        },
        status: input.choice(
            "status",
            &[PUBLISHED, UNPUBLISHED],
            old.map(|o| o.status),
            UNPUBLISHED,
        )?,
    })
}

/// `POST admin/diary_manage/add/0` (`case_id`, `title`, `diary_date`, …):
/// a new diary of the case (held back unless `status` 1).
pub fn add(req: &Request) -> Outcome {
    let admin = require_admin(req)?;
    let input = Input::of(req);
    let case_id = input.required_id("case_id")?;
    let fields = fields_of(&input, None)?;
    let case_type = case_type_of(case_id)?;
    let diary = DiaryDoc {
        fields,
        case_id,
        case_type,
        author_id: admin,
        read_count: 0,
        up_count: 0,
        comment_count: 0,
    };
    let kept = normal_published().keep()?;
    let id = store::insert(DIARIES, &diary)?;
    kept.add(tally::delta(false, diary.is_normal_published()))?;
    Ok(ok("添加成功", json!({ "diary_id": id })))
}

/// `POST admin/diary_manage/update/{id}`: changes the fields sent (a diary
/// stays in its case).
pub fn update(req: &Request) -> Outcome {
    require_admin(req)?;
    let d = existing(object_id(req)?)?;
    let input = Input::of(req);
    if let Some(case_id) = input.id("case_id")? {
        if case_id != d.data.case_id {
            return Err(Failure::invalid("日记不能移到别的案例"));
        }
    }
    let fields = fields_of(&input, Some(&d.data.fields))?;
    let kept = normal_published().keep()?;
    store::patch(DIARIES, d.id, &fields)?;
    let after = DiaryDoc {
        fields,
        ..d.data.clone()
    };
    kept.add(tally::delta(
        d.data.is_normal_published(),
        after.is_normal_published(),
    ))?;
    Ok(ok("修改成功", json!({ "diary_id": d.id })))
}

/// `POST admin/diary_manage/delete/{id}`: the diary leaves every list
/// (status 3), with its likes and footprints.
pub fn delete(req: &Request) -> Outcome {
    require_admin(req)?;
    let d = existing(object_id(req)?)?;
    let kept = normal_published().keep()?;
    storage::patch(DIARIES, d.id, &json!({ "status": DELETED }).to_string())?;
    kept.add(tally::delta(d.data.is_normal_published(), false))?;
    storage::delete_where(LIKES, &[eq("diary_id", d.id as i64)])?;
    storage::delete_where(BROWSES, &[eq("diary_id", d.id as i64)])?;
    Ok(ok("删除成功", json!({})))
}
