//! Reads the `cases` module asks for (peer reads, as the request's caller;
//! also served to clients, since they disclose nothing a reader cannot
//! see): the normal cases' diaries newest first, some diaries by id, each
//! case's newest diary, the caller's footprints, and how many diaries a
//! case has. Each obeys the date rule, so the case list does too.

use crate::descriptor::{BROWSES, DIARIES};
use crate::diary::{normal_published, shown_filters, DiaryDoc, DELETED, NORMAL_CASE, PUBLISHED};
use crate::items::Lister;
use crate::listing::BrowseDoc;
use leida_module_sdk::storage::{Comparison, Filter};
use leida_module_sdk::store::{self, cond, desc, eq, Stored};
use leida_module_sdk::types::{Page, Value as Scalar};
use leida_module_sdk::{
    clock, json, object_id, ok, require_admin, require_customer, storage, Failure, Input, Json,
    Outcome, Request,
};
use std::collections::BTreeMap;

/// Most ids one read takes.
const MAX_IDS: usize = 500;
/// The deepest a merged list may page (`limit`).
pub const MAX_LIMIT: u32 = 5_000;

/// The ids of `name`: comma-separated positive integers, at most 500.
fn ids(input: &Input<'_>, name: &str) -> Result<Vec<u64>, Failure> {
    let Some(text) = input.text(name) else {
        return Ok(Vec::new());
    };
    let ids = text
        .split(',')
        .map(|s| s.trim().parse::<u64>().ok().filter(|id| *id > 0))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| Failure::invalid(format!("{name} 应为逗号分隔的ID")))?;
    if ids.len() > MAX_IDS {
        return Err(Failure::invalid(format!("{name} 最多{MAX_IDS}个")));
    }
    Ok(ids)
}

fn limit(input: &Input<'_>) -> Result<u32, Failure> {
    match input.int("limit")? {
        Some(n) if (1..=i64::from(MAX_LIMIT)).contains(&n) => Ok(n as u32),
        None => Ok(10),
        Some(_) => Err(Failure::invalid(format!("limit 应在1到{MAX_LIMIT}之间"))),
    }
}

fn integers(ids: &[u64]) -> Vec<Scalar> {
    ids.iter().map(|id| Scalar::Integer(*id as i64)).collect()
}

fn first(limit: u32) -> Page {
    Page {
        offset: 0,
        limit: Some(limit),
    }
}

/// Most future-dated diaries [`newest_normal`] reads past and drops; with
/// more, it lets the database apply the date rule.
const MAX_SKIPPED_FUTURE: u64 = 500;

/// `GET …/for_cases/newest_normal?limit&case_ids`: the first `limit`
/// diaries of normal cases (of `case_ids` only, when given), newest first,
/// as `[diary_id, created_at]`, and how many there are.
pub fn newest_normal(req: &Request) -> Outcome {
    let input = Input::of(req);
    let limit = limit(&input)?;
    let list = match input.text("case_ids") {
        Some(_) => Normal::Of(integers(&ids(&input, "case_ids")?)),
        None => Normal::All,
    };
    let (diaries, total) = newest_shown(&list, clock::now(), limit)?;
    let rows: Vec<_> = diaries
        .iter()
        .map(|d| json!([d.id, d.created_at]))
        .collect();
    Ok(ok("查询成功", json!({ "rows": rows, "total": total })))
}

/// Whose diaries a list of normal cases' diaries shows.
enum Normal {
    /// Every normal case's.
    All,
    /// Those of these cases, which the cases module names as normal: the
    /// type is not asked again, so the case index alone answers.
    Of(Vec<Scalar>),
}

impl Normal {
    /// The first `limit` of the list's diaries matching `filters` too,
    /// newest first, and how many match.
    fn find(&self, filters: Vec<Filter>, limit: u32) -> Result<(Vec<Stored<Json>>, u64), Failure> {
        match self {
            Normal::All => {
                let mut all = vec![eq("case_type", NORMAL_CASE as i64)];
                all.extend(filters);
                store::find::<Json>(DIARIES, all, vec![desc("id")], first(limit))
            }
            Normal::Of(cases) => store::find_in::<Json>(
                DIARIES,
                "case_id",
                cases.clone(),
                filters,
                vec![desc("id")],
                first(limit),
            ),
        }
    }

    /// The first `limit` published diaries of the list, newest first, and
    /// how many there are.
    fn published(&self, limit: u32) -> Result<(Vec<Stored<Json>>, u64), Failure> {
        match self {
            Normal::All => {
                let tally = normal_published();
                let page = store::find_page::<Json>(
                    DIARIES,
                    tally.filters.clone(),
                    vec![desc("id")],
                    first(limit),
                )?;
                Ok((page, tally.count()?))
            }
            Normal::Of(_) => self.find(vec![eq("status", PUBLISHED as i64)], limit),
        }
    }
}

/// The first `limit` shown diaries of `list` and their number. Nearly
/// every diary's date has come, so the date rule is applied here: an `id`
/// order over the published ones reads just the page, where a date range
/// in the query would sort every shown diary to find it (and leads
/// PostgreSQL to the date index rather than the case index); the count is
/// the published ones (for all normal cases, a tally) less the few still
/// to come (an index range).
fn newest_shown(list: &Normal, now: i64, limit: u32) -> Result<(Vec<Stored<Json>>, u64), Failure> {
    let to_come = vec![
        eq("status", PUBLISHED as i64),
        cond("diary_date", Comparison::Gt, now),
    ];
    let (_, future) = list.find(to_come, 0)?;
    if future > MAX_SKIPPED_FUTURE {
        return list.find(shown_filters(now), limit);
    }
    let (read, published) = list.published(limit + future as u32)?;
    let shown = read
        .into_iter()
        .filter(|d| {
            d.data
                .get("diary_date")
                .and_then(Json::as_i64)
                .is_some_and(|at| at <= now)
        })
        .take(limit as usize)
        .collect();
    Ok((shown, published.saturating_sub(future)))
}

/// `GET …/for_cases/items?diary_ids`: the list items of those diaries
/// readers may see, in the order asked.
pub fn items(req: &Request) -> Outcome {
    let input = Input::of(req);
    let wanted = ids(&input, "diary_ids")?;
    let now = clock::now();
    let diaries: Vec<_> = store::get_many::<DiaryDoc>(DIARIES, &wanted)?
        .into_iter()
        .filter(|d| d.data.is_shown(now))
        .collect();
    let lister = Lister::for_page(req, &diaries, &shown_filters(now), clock::utc_offset())?;
    let items: Vec<_> = diaries.iter().map(|d| lister.item(d)).collect();
    Ok(ok("查询成功", json!({ "ret_data": items })))
}

/// `GET …/for_cases/latest_of_cases?case_ids`: each case's newest diary
/// readers may see (by `diary_date`), keyed by case id; cases without one
/// are left out.
pub fn latest_of_cases(req: &Request) -> Outcome {
    let input = Input::of(req);
    let cases = ids(&input, "case_ids")?;
    let now = clock::now();
    let mut latest = Vec::new();
    for case_id in cases {
        let mut filters = vec![eq("case_id", case_id as i64)];
        filters.extend(shown_filters(now));
        latest.extend(store::find_page::<DiaryDoc>(
            DIARIES,
            filters,
            vec![desc("diary_date")],
            first(1),
        )?);
    }
    let lister = Lister::for_page(req, &latest, &shown_filters(now), clock::utc_offset())?;
    let by_case: BTreeMap<String, Json> = latest
        .iter()
        .map(|d| (d.data.case_id.to_string(), lister.item(d)))
        .collect();
    Ok(ok("查询成功", json!({ "ret_data": by_case })))
}

/// `GET …/for_cases/browsed?limit`: the calling customer's latest
/// footprints on diaries, as `[diary_id, browsed_at]`, and how many.
pub fn browsed(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let input = Input::of(req);
    let (rows, total) = store::find::<BrowseDoc>(
        BROWSES,
        vec![eq("customer_id", customer_id as i64)],
        vec![desc("browsed_at")],
        first(limit(&input)?),
    )?;
    let rows: Vec<_> = rows
        .iter()
        .map(|b| json!([b.data.diary_id, b.data.browsed_at]))
        .collect();
    Ok(ok("查询成功", json!({ "rows": rows, "total": total })))
}

/// `GET admin/diary_manage/for_cases/count_of_case/{case_id}`: how many
/// diaries of the company name case `{case_id}`, of any status but deleted
/// (the back office; a case with diaries keeps its type and is not
/// deleted). The case is not looked up: the cases module asks this inside
/// its own request, where a peer read could not ask it back.
pub fn count_of_case(req: &Request) -> Outcome {
    require_admin(req)?;
    let case_id = object_id(req)?;
    let count = storage::count(
        DIARIES,
        &[
            eq("case_id", case_id as i64),
            cond("status", Comparison::Ne, DELETED as i64),
        ],
    )?;
    Ok(ok("查询成功", json!({ "count": count })))
}
