//! The diaries the case lists show, read from the `diary` module as the
//! request's caller (peer reads): this module keeps no copy of them, so
//! the diary module's rules (only published diaries whose date has come)
//! hold in every list here too. A company without the diary module sees
//! its cases without diaries.

use leida_module_sdk::{peer, Failure, Json};
use serde::Deserialize;
use std::collections::HashMap;

/// The slot that keeps the diaries.
const DIARY_SLOT: &str = "diary";
/// Where its reads for this module live.
const READS: &str = "/zhugeleida/xiaochengxu/diary_manage/for_cases";

/// A diary's place in a merged list: its id and creation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// The diary (or, for footprints, the diary browsed).
    pub id: u64,
    /// When it was written (or browsed), epoch milliseconds.
    pub at: i64,
}

#[derive(Deserialize)]
struct Rows {
    rows: Vec<(u64, i64)>,
    total: u64,
}

#[derive(Deserialize)]
struct Items<T> {
    ret_data: T,
}

fn pairs(list: &[(&str, String)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn joined(ids: &[u64]) -> String {
    ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",")
}

/// A peer read of `op` of the reads for this module.
fn read<T: serde::de::DeserializeOwned>(
    op: &str,
    query: &[(&str, String)],
) -> Result<Option<T>, Failure> {
    read_path(&format!("{READS}/{op}"), query)
}

/// A peer read of `path`, with "the company has no diary module" read as
/// no diaries.
fn read_path<T: serde::de::DeserializeOwned>(
    path: &str,
    query: &[(&str, String)],
) -> Result<Option<T>, Failure> {
    match peer::read(DIARY_SLOT, path, &pairs(query)) {
        Ok(v) => Ok(Some(v)),
        Err(f) if f.code == leida_module_sdk::code::NOT_FOUND => Ok(None),
        Err(f) => Err(f),
    }
}

/// The first `limit` diaries of normal cases (only of `cases`, when
/// given), newest first, and how many there are.
pub fn newest_normal(limit: u32, cases: Option<&[u64]>) -> Result<(Vec<Row>, u64), Failure> {
    let mut query = vec![("limit", limit.to_string())];
    if let Some(ids) = cases {
        if ids.is_empty() {
            return Ok((Vec::new(), 0));
        }
        query.push(("case_ids", joined(ids)));
    }
    Ok(
        read::<Rows>("newest_normal", &query)?.map_or((Vec::new(), 0), |r| {
            let rows = r.rows.into_iter().map(|(id, at)| Row { id, at }).collect();
            (rows, r.total)
        }),
    )
}

/// The calling customer's latest `limit` footprints on diaries, and how many.
pub fn browsed(limit: u32) -> Result<(Vec<Row>, u64), Failure> {
    Ok(
        read::<Rows>("browsed", &[("limit", limit.to_string())])?.map_or((Vec::new(), 0), |r| {
            let rows = r.rows.into_iter().map(|(id, at)| Row { id, at }).collect();
            (rows, r.total)
        }),
    )
}

/// The list items of diaries `ids` readers may see, by diary id.
pub fn items(ids: &[u64]) -> Result<HashMap<u64, Json>, Failure> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let items: Vec<Json> = read::<Items<Vec<Json>>>("items", &[("diary_ids", joined(ids))])?
        .map_or_else(Vec::new, |i| i.ret_data);
    Ok(items
        .into_iter()
        .filter_map(|i| Some((i.get("diary_id")?.as_u64()?, i)))
        .collect())
}

/// The newest diary readers may see of each of `cases`, by case id.
pub fn latest_of(cases: &[u64]) -> Result<HashMap<u64, Json>, Failure> {
    if cases.is_empty() {
        return Ok(HashMap::new());
    }
    let by_case: HashMap<String, Json> =
        read::<Items<HashMap<String, Json>>>("latest_of_cases", &[("case_ids", joined(cases))])?
            .map_or_else(HashMap::new, |i| i.ret_data);
    Ok(by_case
        .into_iter()
        .filter_map(|(k, v)| Some((k.parse().ok()?, v)))
        .collect())
}

/// How many diaries (of any status but deleted) case `id` has; 0 when the
/// company has no diary module. Asked as the back office.
pub fn count_of_case(id: u64) -> Result<u64, Failure> {
    #[derive(Deserialize)]
    struct Count {
        count: u64,
    }
    let path = format!("/zhugeleida/admin/diary_manage/for_cases/count_of_case/{id}");
    Ok(read_path::<Count>(&path, &[])?.map_or(0, |c| c.count))
}
