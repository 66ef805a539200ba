//! `GET xiaochengxu/case_manage/case_list` (`case_id`, `search_tag_id`,
//! `uid` or `u_id`, paging): the merged case list, one tag's part of it,
//! or one case. A customer's call is a visit of the radar user named (radar
//! action 21); opening a case counts a read and leaves a footprint.

use crate::case::published;
use crate::descriptor::{BROWSES, CASES, TAGS};
use crate::entries::{self, Shown};
use crate::merged;
use crate::remarks::{view_remark, CASES_VIEW};
use crate::tags;
use leida_module_sdk::radar::{self, EventFilter};
use leida_module_sdk::store::{self, eq};
use leida_module_sdk::types::{Principal, Window};
use leida_module_sdk::{clock, json, ok, storage, Failure, Input, Outcome, Paging, Request, Visit};
use serde::{Deserialize, Serialize};

/// Default page length.
const PAGE_LENGTH: u32 = 10;

/// A customer's footprint on one case.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BrowseDoc {
    /// The reader.
    pub customer_id: u64,
    /// The case.
    pub case_id: u64,
    /// The last visit, epoch milliseconds.
    pub browsed_at: i64,
}

/// Logs the visit (action 21) with the remark its count calls for.
fn log_visit(visit: &Visit) -> Result<(), Failure> {
    let previous = radar::count(&EventFilter {
        user_ids: vec![visit.user.id],
        customer_ids: vec![visit.customer_id],
        codes: vec![CASES_VIEW],
        target: None,
        window: Window {
            since: None,
            until: None,
        },
    })?;
    visit.record(CASES_VIEW, &view_remark(previous), None)
}

/// The case list (see the module doc).
pub fn case_list(req: &Request) -> Outcome {
    let input = Input::of(req);
    let visit = Visit::named(req, "用户不存在")?;
    if let Some(case_id) = input.id("case_id")? {
        let case = published(case_id)?;
        if let Principal::Customer(customer_id) = req.caller {
            storage::increment(CASES, case.id, "read_count", 1)?;
            record_browse(customer_id, case.id)?;
        }
        if let Some(v) = &visit {
            log_visit(v)?;
        }
        let items = entries::draw(&[Shown::Case {
            id: case.id,
            at: case.created_at,
        }])?;
        return Ok(ok(
            "查询成功",
            json!({ "ret_data": items, "data_count": items.len() }),
        ));
    }
    let tag = match input.id("search_tag_id")? {
        Some(id) => Some(tags::existing(id)?.id),
        None => None,
    };
    let paging = Paging::from_input(&input, PAGE_LENGTH)?;
    let (shown, total) = merged::page(tag, paging)?;
    let items = entries::draw(&shown)?;
    if let Some(tag) = tag {
        storage::increment(TAGS, tag, "search_amount", 1)?;
    }
    if let Some(v) = &visit {
        log_visit(v)?;
    }
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": total }),
    ))
}

/// Keeps (or refreshes) the customer's footprint on case `case_id`.
fn record_browse(customer_id: u64, case_id: u64) -> Result<(), Failure> {
    let now = clock::now();
    let (footprint, created) = store::get_or_create(
        BROWSES,
        vec![
            eq("customer_id", customer_id as i64),
            eq("case_id", case_id as i64),
        ],
        &BrowseDoc {
            customer_id,
            case_id,
            browsed_at: now,
        },
    )?;
    if !created {
        store::patch(BROWSES, footprint.id, &json!({ "browsed_at": now }))?;
    }
    Ok(())
}
