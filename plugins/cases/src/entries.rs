//! Entries of the case lists: a case (with its newest diary) or one diary
//! of a normal case (with its case), in the one shape every list shows.

use crate::case::{CaseDoc, DELETED, NORMAL, PUBLISHED};
use crate::descriptor::CASES;
use crate::diaries;
use crate::tags;
use leida_module_sdk::store::{self, Stored};
use leida_module_sdk::{clock, directory, time, Failure, Json};
use serde_json::json;
use std::collections::HashMap;

/// What a list shows, before it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// A case, listed at `at`.
    Case {
        /// The case.
        id: u64,
        /// The time the list shows for it (creation, browse or collection).
        at: i64,
    },
    /// A diary of a normal case, listed at `at`.
    Diary {
        /// The diary.
        id: u64,
        /// The time the list shows for it.
        at: i64,
    },
}

impl Shown {
    /// The time the list orders by.
    pub fn at(&self) -> i64 {
        match self {
            Shown::Case { at, .. } | Shown::Diary { at, .. } => *at,
        }
    }
}

/// Sorts newest first (ties: diaries after cases, then by id) and keeps
/// `[offset, offset + length)`.
pub fn page_of(mut all: Vec<Shown>, offset: usize, length: Option<usize>) -> Vec<Shown> {
    all.sort_by_key(|s| {
        let (kind, id) = match s {
            Shown::Case { id, .. } => (0, *id),
            Shown::Diary { id, .. } => (1, *id),
        };
        (std::cmp::Reverse(s.at()), kind, std::cmp::Reverse(id))
    });
    let end = length.map_or(all.len(), |l| offset.saturating_add(l).min(all.len()));
    all.into_iter().take(end).skip(offset).collect()
}

/// Draws `shown` as list entries: reads the cases, the diaries (from the
/// diary module) and the tags of the page in a few batches. Entries whose
/// case or diary readers may no longer see are left out.
pub fn draw(shown: &[Shown]) -> Result<Vec<Json>, Failure> {
    let diary_ids: Vec<u64> = shown
        .iter()
        .filter_map(|s| match s {
            Shown::Diary { id, .. } => Some(*id),
            Shown::Case { .. } => None,
        })
        .collect();
    let diary_items = diaries::items(&diary_ids)?;
    let mut case_ids: Vec<u64> = shown
        .iter()
        .filter_map(|s| match s {
            Shown::Case { id, .. } => Some(*id),
            Shown::Diary { id, .. } => case_of(diary_items.get(id)?),
        })
        .collect();
    case_ids.sort_unstable();
    case_ids.dedup();
    let cases: HashMap<u64, Stored<CaseDoc>> = store::get_many::<CaseDoc>(CASES, &case_ids)?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let listed_cases: Vec<u64> = shown
        .iter()
        .filter_map(|s| match s {
            Shown::Case { id, .. } => Some(*id),
            Shown::Diary { .. } => None,
        })
        .collect();
    let latest = diaries::latest_of(&listed_cases)?;
    let all_tags: Vec<u64> = cases
        .values()
        .flat_map(|c| c.data.fields.tag_ids.iter().copied())
        .collect();
    let names = tags::names(&all_tags)?;
    let canvas = Canvas {
        company_id: directory::get_company().id,
        offset: clock::utc_offset(),
        names,
    };
    Ok(shown
        .iter()
        .filter_map(|s| match *s {
            Shown::Case { id, at } => {
                let case = cases
                    .get(&id)
                    .filter(|c| c.data.fields.status == PUBLISHED)?;
                Some(canvas.case_entry(case, latest.get(&id), at))
            }
            Shown::Diary { id, at } => {
                let diary = diary_items.get(&id)?;
                let case = cases
                    .get(&case_of(diary)?)
                    .filter(|c| c.data.fields.status != DELETED)?;
                Some(canvas.diary_entry(case, diary, at))
            }
        })
        .collect())
}

fn case_of(diary: &Json) -> Option<u64> {
    diary.get("case_id")?.as_u64()
}

struct Canvas {
    company_id: u64,
    offset: i32,
    names: HashMap<u64, String>,
}

impl Canvas {
    /// The fields every entry has, from its case.
    fn base(&self, case: &Stored<CaseDoc>, at: i64) -> Json {
        let f = &case.data.fields;
        json!({
            "case_id": case.id,
            "company_id": self.company_id,
            "case_name": f.case_name,
            "customer_name": f.customer_name,
            "headimgurl": f.headimgurl,
            "customer_headimgurl": f.headimgurl,
            "cover_picture": paths_text(&f.cover_picture),
            "poster_cover": paths_text(&f.poster_cover),
            "become_beautiful_cover": paths_text(&f.become_beautiful_cover),
            "status": f.status,
            "status_text": status_text(f.status),
            "case_type": f.case_type,
            "case_type_text": case_type_text(f.case_type),
            "tag_list": tags::tag_list(&f.tag_ids, &self.names),
            "read_count": case.data.read_count,
            "update_date": time::local_datetime(case.updated_at, self.offset),
            "create_date": time::local_datetime(at, self.offset),
        })
    }

    /// A case with its newest diary (`{}` when none is shown yet).
    fn case_entry(&self, case: &Stored<CaseDoc>, latest: Option<&Json>, at: i64) -> Json {
        let mut e = self.base(case, at);
        e["diary_list_id"] = json!(case.id);
        e["last_diary_data"] = latest.cloned().unwrap_or_else(|| json!({}));
        e["diary_give_like"] = json!(case.data.up_count);
        e["is_give_like"] = json!(false);
        e["cover_show_type"] = latest
            .and_then(|d| d.get("cover_show_type").cloned())
            .unwrap_or(json!(1));
        e
    }

    /// One diary of a normal case, shown with the diary's cover and likes.
    fn diary_entry(&self, case: &Stored<CaseDoc>, diary: &Json, at: i64) -> Json {
        let mut e = self.base(case, at);
        let field = |name: &str| diary.get(name).cloned().unwrap_or(Json::Null);
        e["diary_list_id"] = field("diary_id");
        e["cover_picture"] = field("cover_picture");
        e["cover_show_type"] = field("cover_show_type");
        e["diary_give_like"] = field("up_count");
        e["is_give_like"] = json!(diary.get("is_praise_diary").and_then(Json::as_u64) == Some(1));
        e["last_diary_data"] = diary.clone();
        e
    }
}

/// `已发` for a published case, else `未发`.
pub fn status_text(status: u8) -> &'static str {
    if status == PUBLISHED {
        "已发"
    } else {
        "未发"
    }
}

/// `普通案例` for a normal case, else `时间轴案例`.
pub fn case_type_text(case_type: u8) -> &'static str {
    if case_type == NORMAL {
        "普通案例"
    } else {
        "时间轴案例"
    }
}

/// Stored paths as the JSON text the clients parse.
pub fn paths_text(paths: &[String]) -> String {
    serde_json::to_string(paths).unwrap_or_else(|_| "[]".into())
}
