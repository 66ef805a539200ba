//! `rust-notes`: the notes example of `plugins/examples` in Rust, with the
//! SDK. Customers keep short notes in the mini-program; the radar user a
//! customer is related to reads them in enterprise WeChat. The Python and
//! JavaScript examples beside it serve the same routes, and `pick` shows
//! what contract 0.2.0 added: `storage.get-many`.

use leida_module_sdk::store::{self, Stored};
use leida_module_sdk::{
    clock, collection, directory, get, index, json, log, ok, post, require_customer,
    require_radar_user, serve, Descriptor, Failure, Guest, Input, Json, Outcome, Paging, Request,
    Response, Route,
};
use serde::{Deserialize, Serialize};

const CUSTOMER_PREFIX: &str = "/zhugeleida/xiaochengxu/rust_notes";
const RADAR_PREFIX: &str = "/zhugeleida/qiyeweixin/rust_notes";
const NOTES: &str = "notes";
const MAX_TEXT_CHARS: usize = 200;
const MAX_LENGTH: u32 = 50;

/// Every route the module serves.
const ROUTES: &[Route] = &[
    post("/zhugeleida/xiaochengxu/rust_notes/add", add),
    get("/zhugeleida/xiaochengxu/rust_notes/list", my_notes),
    get("/zhugeleida/qiyeweixin/rust_notes/list", customer_notes),
    get("/zhugeleida/xiaochengxu/rust_notes/pick", pick),
];

/// One stored note.
#[derive(Serialize, Deserialize)]
struct Note {
    customer_id: u64,
    text: String,
    at: i64,
}

struct Notes;

impl Guest for Notes {
    fn describe() -> Descriptor {
        Descriptor {
            name: "rust-notes".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            routes: vec![CUSTOMER_PREFIX.to_string(), RADAR_PREFIX.to_string()],
            collections: vec![collection(
                NOTES,
                vec![index("by_customer", &["customer_id", "id"])],
            )],
        }
    }

    fn handle(req: Request) -> Response {
        serve(ROUTES, &req)
    }
}

/// Stores a note of the calling customer.
fn add(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let text = Input::of(req).text("text").unwrap_or_default().trim();
    if text.is_empty() {
        return Err(Failure::invalid("text 不能为空"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Failure::invalid("text 过长"));
    }
    let note = Note {
        customer_id,
        text: text.to_string(),
        at: clock::now(),
    };
    let id = store::insert(NOTES, &note)?;
    log::write(
        log::Level::Info,
        &format!("note {id} added by customer {customer_id}"),
    );
    Ok(ok("添加成功", json!({ "id": id })))
}

/// The caller's own notes, newest first, with the company's name.
fn my_notes(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let (total, notes) = notes_of(customer_id, paging(req)?)?;
    let company = directory::get_company();
    Ok(ok(
        "",
        json!({ "company": company.name, "total": total, "notes": notes }),
    ))
}

/// A related customer's notes, for their radar user.
fn customer_notes(req: &Request) -> Outcome {
    let user_id = require_radar_user(req)?;
    let customer_id = Input::of(req).required_id("customer_id")?;
    if directory::get_relation(user_id, customer_id)?.is_none() {
        return Err(Failure::not_found("对应ID不存在"));
    }
    let customer = directory::get_customer(customer_id)?;
    let (total, notes) = notes_of(customer_id, paging(req)?)?;
    Ok(ok(
        "",
        json!({ "customer": customer.username, "total": total, "notes": notes }),
    ))
}

/// The caller's notes of `ids` (comma-separated), in that order, in one
/// host call; ids of anyone else's notes are left out.
fn pick(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let ids = Input::of(req)
        .required_text("ids")?
        .split(',')
        .map(|id| id.trim().parse::<u64>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| Failure::invalid("ids 须为逗号分隔的正整数"))?;
    let notes: Vec<Json> = store::get_many::<Note>(NOTES, &ids)?
        .into_iter()
        .filter(|n| n.data.customer_id == customer_id)
        .map(|Stored { id, data, .. }| json!({ "id": id, "text": data.text, "at": data.at }))
        .collect();
    Ok(ok("", json!({ "notes": notes })))
}

fn paging(req: &Request) -> Result<Paging, Failure> {
    let mut paging = Paging::from_input(&Input::of(req), 10)?;
    paging.length = Some(paging.length.unwrap_or(MAX_LENGTH).min(MAX_LENGTH));
    Ok(paging)
}

/// One page of a customer's notes, newest first, and how many there are.
fn notes_of(customer_id: u64, paging: Paging) -> Result<(u64, Vec<Json>), Failure> {
    let (found, total) = store::find::<Note>(
        NOTES,
        vec![store::eq("customer_id", customer_id as i64)],
        vec![store::desc("id")],
        paging.page(),
    )?;
    let notes = found
        .into_iter()
        .map(|Stored { id, data, .. }| json!({ "id": id, "text": data.text, "at": data.at }))
        .collect();
    Ok((total, notes))
}

leida_module_sdk::export!(Notes);

#[cfg(test)]
mod tests {
    use super::*;
    use leida_module_sdk::table_problems;

    #[test]
    fn every_route_is_once_under_a_declared_prefix() {
        assert_eq!(
            table_problems(ROUTES, &[CUSTOMER_PREFIX, RADAR_PREFIX]),
            Vec::<String>::new()
        );
    }
}
