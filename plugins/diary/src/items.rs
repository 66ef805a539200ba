//! A diary as the lists show it, with its day in its case's timeline and
//! whether the caller likes it.

use crate::descriptor::{DIARIES, LIKES};
use crate::diary::{DiaryDoc, IMAGES_ONLY, PUBLISHED};
use leida_module_sdk::storage::Filter;
use leida_module_sdk::store::{self, asc, eq, Stored};
use leida_module_sdk::types::{Page, Principal, Value as Scalar};
use leida_module_sdk::{directory, time, Failure, Json, Request};
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

/// What the items of one list share: the company, the caller's likes and
/// where each case's timeline starts.
pub struct Lister {
    company_id: u64,
    offset: i32,
    liked: HashSet<u64>,
    starts: HashMap<u64, i64>,
}

impl Lister {
    /// Reads, for `diaries`, the caller's likes and the first date of each
    /// of their cases among the diaries `visible` selects.
    pub fn for_page(
        req: &Request,
        diaries: &[Stored<DiaryDoc>],
        visible: &[Filter],
        offset: i32,
    ) -> Result<Lister, Failure> {
        let ids: Vec<Scalar> = diaries
            .iter()
            .map(|d| Scalar::Integer(d.id as i64))
            .collect();
        let liked = match req.caller {
            Principal::Customer(me) if !ids.is_empty() => store::find_in::<Json>(
                LIKES,
                "diary_id",
                ids,
                vec![eq("customer_id", me as i64)],
                vec![],
                all(),
            )?
            .0
            .into_iter()
            .filter_map(|l| l.data.get("diary_id").and_then(Json::as_u64))
            .collect(),
            _ => HashSet::new(),
        };
        let mut starts = HashMap::new();
        for case_id in diaries.iter().map(|d| d.data.case_id) {
            if starts.contains_key(&case_id) {
                continue;
            }
            let mut filters = vec![eq("case_id", case_id as i64)];
            filters.extend(visible.iter().cloned());
            let first = store::find_page::<DiaryDoc>(
                DIARIES,
                filters,
                vec![asc("diary_date")],
                Page {
                    offset: 0,
                    limit: Some(1),
                },
            )?;
            if let Some(f) = first.first() {
                starts.insert(case_id, f.data.fields.diary_date);
            }
        }
        Ok(Lister {
            company_id: directory::get_company().id,
            offset,
            liked,
            starts,
        })
    }

    /// The day of `d` in its case's timeline: 0 for its first diary.
    fn interval_days(&self, d: &DiaryDoc) -> i64 {
        let local_day = |ms: i64| (ms + i64::from(self.offset) * 1000).div_euclid(DAY_MS);
        let start = self
            .starts
            .get(&d.case_id)
            .copied()
            .unwrap_or(d.fields.diary_date);
        (local_day(d.fields.diary_date) - local_day(start)).max(0)
    }

    /// The list item of `d`.
    pub fn item(&self, d: &Stored<DiaryDoc>) -> Json {
        let f = &d.data.fields;
        let liked = self.liked.contains(&d.id);
        json!({
            "diary_id": d.id,
            "case_id": d.data.case_id,
            "company_id": self.company_id,
            "title": f.title,
            "summary": f.summary,
            "diary_date": time::local_datetime(f.diary_date, self.offset),
            "cover_picture": cover_text(&f.cover_picture),
            "content": f.content,
            "status": f.status,
            "status_text": if f.status == PUBLISHED { "已发" } else { "未发" },
            "interval_days": self.interval_days(&d.data),
            "read_count": d.data.read_count,
            "comment_count": d.data.comment_count,
            "up_count": d.data.up_count,
            "is_praise_diary": liked as u8,
            "is_praise_diary_text": if liked { "已点赞" } else { "未点赞" },
            "cover_show_type": f.cover_show_type,
            "cover_show_type_text": if f.cover_show_type == IMAGES_ONLY { "只展示图片" } else { "只展示视频" },
            "create_date": time::local_datetime(d.created_at, self.offset),
        })
    }
}

/// The cover's paths as the JSON text the clients parse.
pub fn cover_text(paths: &[String]) -> String {
    serde_json::to_string(paths).unwrap_or_else(|_| "[]".into())
}

/// No paging.
pub fn all() -> Page {
    Page {
        offset: 0,
        limit: None,
    }
}
