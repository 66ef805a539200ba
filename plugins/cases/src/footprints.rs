//! A customer's own lists: the cases and diaries they opened ("my
//! footprints") and the cases they collected ("my collections"), newest
//! first; and collecting a case.

use crate::case::published;
use crate::descriptor::BROWSES;
use crate::descriptor::COLLECTIONS;
use crate::diaries;
use crate::entries::{self, page_of, Shown};
use crate::listing::BrowseDoc;
use crate::merged::depth;
use leida_module_sdk::store::{self, desc, eq};
use leida_module_sdk::types::Page;
use leida_module_sdk::{
    clock, json, ok, require_customer, storage, Failure, Input, Outcome, Paging, Request,
};
use serde::{Deserialize, Serialize};

/// Default page length.
const PAGE_LENGTH: u32 = 10;

/// A case a customer collected.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CollectionDoc {
    /// The collector.
    pub customer_id: u64,
    /// The case.
    pub case_id: u64,
    /// When it was collected, epoch milliseconds.
    pub collected_at: i64,
}

/// `GET xiaochengxu/case_manage/browse_case_list_record`: the cases and
/// diaries the customer opened, latest visit first.
pub fn browse_case_list_record(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let paging = Paging::from_input(&Input::of(req), PAGE_LENGTH)?;
    let (p, depth) = depth(&paging)?;
    let (cases, case_total) = store::find::<BrowseDoc>(
        BROWSES,
        vec![eq("customer_id", customer_id as i64)],
        vec![desc("browsed_at")],
        Page {
            offset: 0,
            limit: Some(depth),
        },
    )?;
    let (diaries, diary_total) = diaries::browsed(depth)?;
    let mut all: Vec<Shown> = cases
        .iter()
        .map(|b| Shown::Case {
            id: b.data.case_id,
            at: b.data.browsed_at,
        })
        .collect();
    all.extend(
        diaries
            .into_iter()
            .map(|r| Shown::Diary { id: r.id, at: r.at }),
    );
    let page = page_of(all, p.offset as usize, p.limit.map(|l| l as usize));
    let items = entries::draw(&page)?;
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": case_total + diary_total }),
    ))
}

/// `GET xiaochengxu/case_manage/collection_case_list_record`: the cases the
/// customer collected, latest first.
pub fn collection_case_list_record(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let paging = Paging::from_input(&Input::of(req), PAGE_LENGTH)?;
    let (collected, total) = store::find::<CollectionDoc>(
        COLLECTIONS,
        vec![eq("customer_id", customer_id as i64)],
        vec![desc("collected_at")],
        paging.page(),
    )?;
    let shown: Vec<Shown> = collected
        .iter()
        .map(|c| Shown::Case {
            id: c.data.case_id,
            at: c.data.collected_at,
        })
        .collect();
    let items = entries::draw(&shown)?;
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": total }),
    ))
}

/// `POST xiaochengxu/case_manage/collection_case` (`case_id`, `status` 1
/// collect, 0 take back): sets whether the customer collected the case.
pub fn collection_case(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let input = Input::of(req);
    let case_id = input.required_id("case_id")?;
    let collect = match input.required_int("status")? {
        1 => true,
        0 => false,
        _ => return Err(Failure::invalid("status 只能是 0 或 1")),
    };
    let case = published(case_id)?;
    let key = vec![
        eq("customer_id", customer_id as i64),
        eq("case_id", case.id as i64),
    ];
    if collect {
        store::get_or_create(
            COLLECTIONS,
            key,
            &CollectionDoc {
                customer_id,
                case_id: case.id,
                collected_at: clock::now(),
            },
        )?;
    } else {
        storage::delete_where(COLLECTIONS, &key)?;
    }
    Ok(ok(
        if collect {
            "收藏成功"
        } else {
            "取消收藏成功"
        },
        json!({ "case_id": case.id, "is_collection": collect as u8, "status": collect as u8 }),
    ))
}
