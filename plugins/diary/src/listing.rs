//! `GET xiaochengxu/diary_manage/diary_list` and `admin/diary_manage/diary_list`
//! (`diary_id`, `case_id`, paging): the diaries readers see, one case's as
//! its timeline (oldest first, with each one's day), else the company's
//! newest first. A customer opening one (`diary_id`) reads it: its read
//! count, the customer's footprint and, with the radar user `uid` (or
//! `u_id`) whose case library they came from, radar action 22.

use crate::descriptor::{BROWSES, DIARIES};
use crate::diary::{existing, shown, shown_filters, DiaryDoc, DELETED};
use crate::items::Lister;
use crate::remarks::{view_remark, DIARY_VIEW};
use leida_module_sdk::radar::{self, EventFilter, Target};
use leida_module_sdk::storage::{self, Comparison};
use leida_module_sdk::store::{self, asc, cond, desc, eq, Stored};
use leida_module_sdk::types::{Principal, Window};
use leida_module_sdk::{clock, json, ok, Failure, Input, Outcome, Paging, Request, Visit};
use serde::{Deserialize, Serialize};

/// Default page length.
const PAGE_LENGTH: u32 = 10;

/// A customer's footprint on one diary.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BrowseDoc {
    /// The reader.
    pub customer_id: u64,
    /// The diary.
    pub diary_id: u64,
    /// The last read, epoch milliseconds.
    pub browsed_at: i64,
}

/// Whether the caller asked for every diary but the deleted ones, as only
/// a back-office admin may (`include_scheduled=1`): held back and future
/// ones too.
fn all_but_deleted(req: &Request, input: &Input<'_>) -> Result<bool, Failure> {
    match (
        req.caller,
        input.bool("include_scheduled")?.unwrap_or(false),
    ) {
        (_, false) => Ok(false),
        (Principal::Admin(_), true) => Ok(true),
        (_, true) => Err(Failure::illegal()),
    }
}

/// The diary list (see the module doc).
pub fn diary_list(req: &Request) -> Outcome {
    let input = Input::of(req);
    let now = clock::now();
    let offset = clock::utc_offset();
    let everything = all_but_deleted(req, &input)?;
    let visible = if everything {
        vec![cond("status", Comparison::Ne, DELETED as i64)]
    } else {
        shown_filters(now)
    };
    if let Some(id) = input.id("diary_id")? {
        let d = if everything {
            existing(id)?
        } else {
            shown(id)?
        };
        let d = read(req, d)?;
        let lister = Lister::for_page(req, std::slice::from_ref(&d), &visible, offset)?;
        return Ok(ok(
            "查询成功",
            json!({ "ret_data": [lister.item(&d)], "data_count": 1 }),
        ));
    }
    let paging = Paging::from_input(&input, PAGE_LENGTH)?;
    let mut filters = visible.clone();
    let order = match input.id("case_id")? {
        Some(case_id) => {
            filters.insert(0, eq("case_id", case_id as i64));
            vec![asc("diary_date")]
        }
        None => vec![desc("diary_date")],
    };
    let (diaries, total) = store::find::<DiaryDoc>(DIARIES, filters, order, paging.page())?;
    let lister = Lister::for_page(req, &diaries, &visible, offset)?;
    let items: Vec<_> = diaries.iter().map(|d| lister.item(d)).collect();
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": total }),
    ))
}

/// A customer's read of `d`: counted, kept as a footprint and, when the
/// request names the radar user, logged on the radar. Others only look.
fn read(req: &Request, mut d: Stored<DiaryDoc>) -> Result<Stored<DiaryDoc>, Failure> {
    let Principal::Customer(customer_id) = req.caller else {
        return Ok(d);
    };
    // The radar user is checked before anything is written.
    let visit = Visit::named(req, "用户不存在")?;
    d.data.read_count = storage::increment(DIARIES, d.id, "read_count", 1)?;
    let now = clock::now();
    let (footprint, created) = store::get_or_create(
        BROWSES,
        vec![
            eq("customer_id", customer_id as i64),
            eq("diary_id", d.id as i64),
        ],
        &BrowseDoc {
            customer_id,
            diary_id: d.id,
            browsed_at: now,
        },
    )?;
    if !created {
        store::patch(BROWSES, footprint.id, &json!({ "browsed_at": now }))?;
    }
    if let Some(visit) = visit {
        let target = Target {
            kind: "diary".into(),
            id: d.id,
        };
        let previous = radar::count(&EventFilter {
            user_ids: vec![visit.user.id],
            customer_ids: vec![customer_id],
            codes: vec![DIARY_VIEW],
            target: Some(target.clone()),
            window: Window {
                since: None,
                until: None,
            },
        })?;
        visit.record(
            DIARY_VIEW,
            &view_remark(&d.data.fields.title, previous),
            Some(target),
        )?;
    }
    Ok(d)
}
