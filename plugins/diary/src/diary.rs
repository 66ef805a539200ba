//! A diary as stored, and the rule every reader's view obeys: only
//! published diaries whose `diary_date` has come are shown.

use crate::descriptor::{DIARIES, TALLIES};
use leida_module_sdk::storage::{Comparison, Filter};
use leida_module_sdk::store::{self, cond, eq, Stored};
use leida_module_sdk::{clock, Failure, Tally};
use serde::{Deserialize, Serialize};

/// `status` of a published diary.
pub const PUBLISHED: u8 = 1;
/// `status` of a diary held back (the default).
pub const UNPUBLISHED: u8 = 2;
/// `status` of a deleted diary.
pub const DELETED: u8 = 3;
/// `case_type` of a normal case: its diaries are listed one by one.
pub const NORMAL_CASE: u8 = 1;
/// `cover_show_type` showing only the cover's pictures.
pub const IMAGES_ONLY: u8 = 1;
/// `cover_show_type` showing only a video (the default).
pub const VIDEO_ONLY: u8 = 2;

/// What the back office writes of a diary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiaryFields {
    /// The title.
    pub title: String,
    /// A short text shown in lists.
    pub summary: String,
    /// When the diary appears, epoch milliseconds.
    pub diary_date: i64,
    /// Stored picture (or video) paths of the cover.
    pub cover_picture: Vec<String>,
    /// 1 images only, 2 video only.
    pub cover_show_type: u8,
    /// The HTML body, as written.
    pub content: String,
    /// 1 published, 2 held back, 3 deleted.
    pub status: u8,
}

/// A diary as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiaryDoc {
    /// The written fields.
    #[serde(flatten)]
    pub fields: DiaryFields,
    /// The case it belongs to (in the `cases` module).
    pub case_id: u64,
    /// That case's type when the diary was written (1 normal, 2 timeline);
    /// the case module keeps a case with diaries from changing type.
    pub case_type: u8,
    /// The back-office account that wrote it.
    pub author_id: u64,
    /// Reads by customers.
    #[serde(default)]
    pub read_count: i64,
    /// Likes.
    #[serde(default)]
    pub up_count: i64,
    /// Comments written.
    #[serde(default)]
    pub comment_count: i64,
}

impl DiaryDoc {
    /// Whether readers may see it at `now`.
    pub fn is_shown(&self, now: i64) -> bool {
        self.fields.status == PUBLISHED && self.fields.diary_date <= now
    }

    /// Whether [`normal_published`] counts it.
    pub fn is_normal_published(&self) -> bool {
        self.case_type == NORMAL_CASE && self.fields.status == PUBLISHED
    }
}

/// The published diaries of normal cases, whatever their date: the case
/// list's total is this less the few still to come.
pub fn normal_published() -> Tally {
    Tally {
        collection: TALLIES,
        name: "normal_published",
        counted: DIARIES,
        filters: vec![
            eq("case_type", NORMAL_CASE as i64),
            eq("status", PUBLISHED as i64),
        ],
    }
}

/// The filters of the diaries readers see at `now`.
pub fn shown_filters(now: i64) -> Vec<Filter> {
    vec![
        eq("status", PUBLISHED as i64),
        cond("diary_date", Comparison::Le, now),
    ]
}

/// Diary `id` unless deleted; 302 `日记不存在` otherwise.
pub fn existing(id: u64) -> Result<Stored<DiaryDoc>, Failure> {
    match store::get::<DiaryDoc>(DIARIES, id)? {
        Some(d) if d.data.fields.status != DELETED => Ok(d),
        _ => Err(Failure::not_found("日记不存在")),
    }
}

/// Diary `id` if readers may see it now; 302 `日记不存在` otherwise, so a
/// diary before its date looks like none at all.
pub fn shown(id: u64) -> Result<Stored<DiaryDoc>, Failure> {
    match store::get::<DiaryDoc>(DIARIES, id)? {
        Some(d) if d.data.is_shown(clock::now()) => Ok(d),
        _ => Err(Failure::not_found("日记不存在")),
    }
}
