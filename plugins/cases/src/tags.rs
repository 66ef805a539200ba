//! Case tags: the back office keeps them and attaches them to cases (their
//! `use_number` follows), customers list, search and filter by them (their
//! `search_amount` counts the filters).

use crate::case::CaseDoc;
use crate::descriptor::{CASE_TAGS, TAGS};
use leida_module_sdk::store::{self, eq, Stored};
use leida_module_sdk::{storage, Failure};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;

/// The longest tag name, in characters.
pub const MAX_NAME: usize = 20;
/// Most tags on one case.
pub const MAX_TAGS_PER_CASE: usize = 20;

/// A tag as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagDoc {
    /// The name, unique in the company.
    pub name: String,
    /// How often customers filtered by it.
    #[serde(default)]
    pub search_amount: i64,
    /// How many cases carry it.
    #[serde(default)]
    pub use_number: i64,
}

/// One (case, tag) pair, with what the tag search filters and orders by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseTagDoc {
    /// The case.
    pub case_id: u64,
    /// The tag.
    pub tag_id: u64,
    /// The case's type.
    pub case_type: u8,
    /// The case's status.
    pub status: u8,
    /// When the case was written, so a tag's cases page newest first.
    pub case_created_at: i64,
}

/// Tag `id` of the company; 302 `标签不存在` otherwise.
pub fn existing(id: u64) -> Result<Stored<TagDoc>, Failure> {
    store::get::<TagDoc>(TAGS, id)?.ok_or_else(|| Failure::not_found("标签不存在"))
}

/// The tag ids of a form (a JSON list or comma-separated ids), each an
/// existing tag, once each, at most [`MAX_TAGS_PER_CASE`].
pub fn ids_of(text: &str) -> Result<Vec<u64>, Failure> {
    let text = text.trim();
    let ids: Vec<u64> = if text.starts_with('[') {
        serde_json::from_str(text).map_err(|_| Failure::invalid("tag_list 应为标签ID的列表"))?
    } else if text.is_empty() {
        Vec::new()
    } else {
        text.split(',')
            .map(|s| s.trim().parse::<u64>())
            .collect::<Result<_, _>>()
            .map_err(|_| Failure::invalid("tag_list 应为标签ID的列表"))?
    };
    let mut unique = Vec::new();
    for id in ids {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    if unique.len() > MAX_TAGS_PER_CASE {
        return Err(Failure::invalid(format!(
            "一个案例最多{MAX_TAGS_PER_CASE}个标签"
        )));
    }
    let found = store::get_many::<TagDoc>(TAGS, &unique)?;
    if found.len() != unique.len() {
        return Err(Failure::not_found("标签不存在"));
    }
    Ok(unique)
}

/// `{id, name}` of each tag, by id.
pub fn names(ids: &[u64]) -> Result<HashMap<u64, String>, Failure> {
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let mut out = HashMap::new();
    for chunk in unique.chunks(500) {
        for t in store::get_many::<TagDoc>(TAGS, chunk)? {
            out.insert(t.id, t.data.name);
        }
    }
    Ok(out)
}

/// The `tag_list` of an item: `[{id, name}]` in the case's order.
pub fn tag_list(tag_ids: &[u64], names: &HashMap<u64, String>) -> Value {
    Value::Array(
        tag_ids
            .iter()
            .filter_map(|id| Some(json!({ "id": id, "name": names.get(id)? })))
            .collect(),
    )
}

/// Makes the case's links match its tags, type and status: links of tags
/// it no longer carries go (the tag's `use_number` down), new ones come
/// (up), the rest follow the case's type and status. `before` is the tags
/// the case carried until now.
pub fn sync(case: &Stored<CaseDoc>, before: &[u64]) -> Result<(), Failure> {
    let now = &case.data.fields.tag_ids;
    let case_id = case.id as i64;
    for gone in before.iter().filter(|t| !now.contains(t)) {
        let removed = storage::delete_where(
            CASE_TAGS,
            &[eq("case_id", case_id), eq("tag_id", *gone as i64)],
        )?;
        if removed > 0 {
            bump_use(*gone, -1)?;
        }
    }
    for tag_id in now {
        let link = CaseTagDoc {
            case_id: case.id,
            tag_id: *tag_id,
            case_type: case.data.fields.case_type,
            status: case.data.fields.status,
            case_created_at: case.created_at,
        };
        let key = vec![eq("case_id", case_id), eq("tag_id", *tag_id as i64)];
        let (stored, created) = store::get_or_create(CASE_TAGS, key, &link)?;
        if created {
            bump_use(*tag_id, 1)?;
        } else if stored.data != link {
            store::patch(CASE_TAGS, stored.id, &link)?;
        }
    }
    Ok(())
}

/// Detaches every tag of a deleted case.
pub fn detach_all(case_id: u64, tag_ids: &[u64]) -> Result<(), Failure> {
    for tag_id in tag_ids {
        let removed = storage::delete_where(
            CASE_TAGS,
            &[eq("case_id", case_id as i64), eq("tag_id", *tag_id as i64)],
        )?;
        if removed > 0 {
            bump_use(*tag_id, -1)?;
        }
    }
    Ok(())
}

fn bump_use(tag_id: u64, delta: i64) -> Result<(), Failure> {
    match storage::increment(TAGS, tag_id, "use_number", delta) {
        // A tag deleted meanwhile has nothing to count.
        Ok(_) | Err(storage::Error::NotFound) => Ok(()),
        Err(e) => Err(e.into()),
    }
}
