//! The mini-program's tags: the list with a fuzzy search (which the
//! customer's history keeps, the latest 13), the history, and the hot tags.

use crate::descriptor::{SEARCHES, TAGS};
use crate::entries;
use crate::merged;
use crate::tags::TagDoc;
use leida_module_sdk::storage::{self, Comparison};
use leida_module_sdk::store::{self, cond, desc, eq};
use leida_module_sdk::types::{Page, Principal};
use leida_module_sdk::{
    clock, json, ok, require_customer, Failure, Input, Outcome, Paging, Request,
};
use serde::{Deserialize, Serialize};

/// The longest search keyword, in characters.
const MAX_KEYWORD: usize = 60;
/// Terms of the search history shown and kept per customer.
const HISTORY: u32 = 13;
/// Hot tags shown.
const HOT: u32 = 13;
/// Default page length of the tag list.
const PAGE_LENGTH: u32 = 100;
/// Entries of `data_list` beside a search's tags.
const DATA_LIST_LENGTH: u32 = 10;

/// One term of a customer's search history.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchDoc {
    /// The customer.
    pub customer_id: u64,
    /// What they typed.
    pub keyword: String,
    /// The tag named exactly so, when there is one.
    pub tag_id: Option<u64>,
    /// The last time they searched it, epoch milliseconds.
    pub searched_at: i64,
}

fn tag_items(tags: &[store::Stored<TagDoc>]) -> Vec<serde_json::Value> {
    tags.iter()
        .map(|t| json!({ "id": t.id, "name": t.data.name, "search_amount": t.data.search_amount }))
        .collect()
}

/// `GET xiaochengxu/case_tag/case_list?name`: the company's tags, most
/// searched first; with `name`, those whose name contains it, the cases and
/// diaries of the best match as `data_list`, and the term in the
/// customer's history.
pub fn case_list(req: &Request) -> Outcome {
    let input = Input::of(req);
    let keyword = input.text("name");
    if let Some(k) = keyword {
        if k.chars().count() > MAX_KEYWORD {
            return Err(Failure::invalid(format!("name 不能超过{MAX_KEYWORD}个字")));
        }
    }
    let paging = Paging::from_input(&input, PAGE_LENGTH)?;
    let filters = keyword
        .map(|k| vec![cond("name", Comparison::Contains, k)])
        .unwrap_or_default();
    let (tags, total) =
        store::find::<TagDoc>(TAGS, filters, vec![desc("search_amount")], paging.page())?;
    let mut data = json!({ "ret_data": tag_items(&tags), "data_count": total });
    if let Some(k) = keyword {
        let best = tags.first().map(|t| t.id);
        let entries = match best {
            Some(tag) => {
                let first_page = Paging {
                    current_page: 1,
                    length: Some(DATA_LIST_LENGTH),
                };
                entries::draw(&merged::page(Some(tag), first_page)?.0)?
            }
            None => Vec::new(),
        };
        data["data_list"] = json!(entries);
        if let Principal::Customer(customer_id) = req.caller {
            let exact = tags.iter().find(|t| t.data.name == k).map(|t| t.id);
            remember(customer_id, k, exact)?;
        }
    }
    Ok(ok("", data))
}

/// Puts `keyword` at the top of the customer's history, dropping what
/// falls beyond the latest [`HISTORY`].
fn remember(customer_id: u64, keyword: &str, tag_id: Option<u64>) -> Result<(), Failure> {
    let now = clock::now();
    let (term, created) = store::get_or_create(
        SEARCHES,
        vec![
            eq("customer_id", customer_id as i64),
            eq("keyword", keyword),
        ],
        &SearchDoc {
            customer_id,
            keyword: keyword.to_string(),
            tag_id,
            searched_at: now,
        },
    )?;
    if !created {
        store::patch(
            SEARCHES,
            term.id,
            &json!({ "searched_at": now, "tag_id": tag_id }),
        )?;
        return Ok(());
    }
    let older = store::find_page::<SearchDoc>(
        SEARCHES,
        vec![eq("customer_id", customer_id as i64)],
        vec![desc("searched_at")],
        Page {
            offset: HISTORY,
            limit: None,
        },
    )?;
    for o in older {
        storage::delete(SEARCHES, o.id)?;
    }
    Ok(())
}

/// `GET xiaochengxu/case_tag/history_case_list`: the customer's latest 13
/// search terms, each with the tag it names exactly (`id`, else null).
pub fn history_case_list(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let terms = store::find_page::<SearchDoc>(
        SEARCHES,
        vec![eq("customer_id", customer_id as i64)],
        vec![desc("searched_at")],
        Page {
            offset: 0,
            limit: Some(HISTORY),
        },
    )?;
    let items: Vec<_> = terms
        .iter()
        .map(|t| json!({ "id": t.data.tag_id, "name": t.data.keyword }))
        .collect();
    Ok(ok(
        "",
        json!({ "ret_data": items, "data_count": items.len() }),
    ))
}

/// `GET xiaochengxu/case_tag/top_search_tag_list`: the 13 most searched tags.
pub fn top_search_tag_list(_req: &Request) -> Outcome {
    let tags = store::find_page::<TagDoc>(
        TAGS,
        vec![],
        vec![desc("search_amount")],
        Page {
            offset: 0,
            limit: Some(HOT),
        },
    )?;
    let items = tag_items(&tags);
    Ok(ok(
        "",
        json!({ "ret_data": items, "data_count": items.len() }),
    ))
}
