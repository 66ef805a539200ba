//! A case as stored: the person it shows, its pictures, tags, type and
//! status.

use crate::descriptor::{CASES, TALLIES};
use leida_module_sdk::store::{self, eq, Stored};
use leida_module_sdk::{Failure, Tally};
use serde::{Deserialize, Serialize};

/// `status` of a published case.
pub const PUBLISHED: u8 = 1;
/// `status` of a case held back (the default).
pub const UNPUBLISHED: u8 = 2;
/// `status` of a deleted case.
pub const DELETED: u8 = 3;
/// `case_type` of a normal case: its diaries are listed one by one.
pub const NORMAL: u8 = 1;
/// `case_type` of a timeline case (the default): listed as one entry.
pub const TIMELINE: u8 = 2;

/// What the back office writes of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseFields {
    /// The person the case shows.
    pub customer_name: String,
    /// Their picture: a stored path, or empty.
    pub headimgurl: String,
    /// The case's name.
    pub case_name: String,
    /// Stored paths of the cover.
    pub cover_picture: Vec<String>,
    /// Stored paths of the poster's cover.
    pub poster_cover: Vec<String>,
    /// Stored paths of the before/after pictures.
    pub become_beautiful_cover: Vec<String>,
    /// The tags, in the order given.
    pub tag_ids: Vec<u64>,
    /// 1 published, 2 held back, 3 deleted.
    pub status: u8,
    /// 1 normal, 2 timeline.
    pub case_type: u8,
}

impl CaseFields {
    /// Whether [`timeline_published`] counts a case with these fields.
    pub fn is_timeline_published(&self) -> bool {
        self.case_type == TIMELINE && self.status == PUBLISHED
    }
}

/// The published timeline cases: one entry each in the case list.
pub fn timeline_published() -> Tally {
    Tally {
        collection: TALLIES,
        name: "timeline_published",
        counted: CASES,
        filters: vec![
            eq("status", PUBLISHED as i64),
            eq("case_type", TIMELINE as i64),
        ],
    }
}

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseDoc {
    /// The written fields.
    #[serde(flatten)]
    pub fields: CaseFields,
    /// The back-office account that wrote it.
    pub author_id: u64,
    /// Opened by customers.
    #[serde(default)]
    pub read_count: i64,
    /// Likes of the case as a whole.
    #[serde(default)]
    pub up_count: i64,
}

/// Case `id` unless deleted; 302 `案例不存在` otherwise.
pub fn existing(id: u64) -> Result<Stored<CaseDoc>, Failure> {
    match store::get::<CaseDoc>(CASES, id)? {
        Some(c) if c.data.fields.status != DELETED => Ok(c),
        _ => Err(Failure::not_found("案例不存在")),
    }
}

/// Case `id` if published; 302 `案例不存在` otherwise.
pub fn published(id: u64) -> Result<Stored<CaseDoc>, Failure> {
    match store::get::<CaseDoc>(CASES, id)? {
        Some(c) if c.data.fields.status == PUBLISHED => Ok(c),
        _ => Err(Failure::not_found("案例不存在")),
    }
}
