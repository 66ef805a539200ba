//! Typed access to the module's `storage` collections: documents are
//! (de)serialised with serde, host errors become [`Failure`]s.
//!
//! A collection must be declared in the module's descriptor (with
//! [`collection`](crate::collection) and its indexes); the host refuses
//! undeclared ones. Documents belong to the request's company and the
//! module's slot, so no filter names a company.
//!
//! # Example
//!
//! A radar user's notes: one handler adds a note, one lists the caller's
//! notes newest first, a page at a time (`current_page`, `length`). The
//! document type derives serde's traits (`serde = { version = "1",
//! features = ["derive"] }` in the module's `Cargo.toml`).
//!
//! ```no_run
//! use leida_module_sdk::{
//!     collection, index, json, ok, require_radar_user, store, Collection, Input, Outcome,
//!     Paging, Request,
//! };
//! use serde::{Deserialize, Serialize};
//!
//! const NOTES: &str = "notes";
//!
//! #[derive(Serialize, Deserialize)]
//! struct Note {
//!     user_id: u64,
//!     text: String,
//! }
//!
//! /// In `Descriptor::collections`: the list below reads this index as a range.
//! fn notes_collection() -> Collection {
//!     collection(NOTES, vec![index("notes_by_user", &["user_id"])])
//! }
//!
//! /// `POST …/note/add`: `text`; answers the new id.
//! fn add(req: &Request) -> Outcome {
//!     let user_id = require_radar_user(req)?;
//!     let text = Input::of(req).required_text("text")?.to_string();
//!     let id = store::insert(NOTES, &Note { user_id, text })?;
//!     Ok(ok("添加成功", json!({ "id": id })))
//! }
//!
//! /// `GET …/note?current_page&length`: the caller's notes, newest first.
//! fn list(req: &Request) -> Outcome {
//!     let user_id = require_radar_user(req)?;
//!     let paging = Paging::from_input(&Input::of(req), 10)?;
//!     let (notes, total) = store::find::<Note>(
//!         NOTES,
//!         vec![store::eq("user_id", user_id)],
//!         vec![store::desc("id")],
//!         paging.page(),
//!     )?;
//!     let items: Vec<_> = notes
//!         .iter()
//!         .map(|n| json!({ "id": n.id, "text": n.data.text, "created_at": n.created_at }))
//!         .collect();
//!     Ok(ok("查询成功", json!({ "ret_data": items, "data_count": total })))
//! }
//! ```
//!
//! [`get`], [`find_one`], [`find_all`], [`find_any`], [`find_page`], [`find_in`], [`get_many`],
//! [`patch`] and [`get_or_create`] follow the same pattern; [`cond`] builds
//! the other comparisons (`cond("price", Comparison::Le, 100i64)`).

use crate::bindings::leida::platform::storage::{self, Comparison, Filter, Order, Query};
use crate::bindings::leida::platform::types::{Page, Value};
use crate::failure::Failure;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A stored document with its data decoded into `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    /// The host-assigned id, unique in the collection.
    pub id: u64,
    /// The decoded JSON object.
    pub data: T,
    /// Insert time, epoch milliseconds.
    pub created_at: i64,
    /// Last change, epoch milliseconds.
    pub updated_at: i64,
}

/// The condition `field == value`.
pub fn eq(field: &str, value: impl Into<Value>) -> Filter {
    Filter {
        field: field.to_string(),
        op: Comparison::Eq,
        value: value.into(),
    }
}

/// The condition `field <op> value`.
pub fn cond(field: &str, op: Comparison, value: impl Into<Value>) -> Filter {
    Filter {
        field: field.to_string(),
        op,
        value: value.into(),
    }
}

/// Ascending order by `field` (`id`, `created-at`, `updated-at` or a document field).
pub fn asc(field: &str) -> Order {
    Order {
        field: field.to_string(),
        descending: false,
    }
}

/// Descending order by `field`.
pub fn desc(field: &str) -> Order {
    Order {
        field: field.to_string(),
        descending: true,
    }
}

/// Inserts `data` (a JSON object) and returns the new id; 300 on a unique-index conflict.
pub fn insert<T: Serialize>(collection: &str, data: &T) -> Result<u64, Failure> {
    Ok(storage::insert(collection, &encode(data)?)?)
}

/// The document `id`, if it exists.
pub fn get<T: DeserializeOwned>(collection: &str, id: u64) -> Result<Option<Stored<T>>, Failure> {
    storage::get(collection, id)?.map(decode).transpose()
}

/// The documents of `ids` that exist, in the order of `ids`, each once (at
/// most 500 ids): one host call instead of one per id.
pub fn get_many<T: DeserializeOwned>(
    collection: &str,
    ids: &[u64],
) -> Result<Vec<Stored<T>>, Failure> {
    storage::get_many(collection, ids)?
        .into_iter()
        .map(decode)
        .collect()
}

/// Merges the top-level keys of `data` into document `id`; false when absent.
pub fn patch<T: Serialize>(collection: &str, id: u64, data: &T) -> Result<bool, Failure> {
    Ok(storage::patch(collection, id, &encode(data)?)?)
}

/// One page of matching documents and the total number of matches.
pub fn find<T: DeserializeOwned>(
    collection: &str,
    filters: Vec<Filter>,
    order: Vec<Order>,
    page: Page,
) -> Result<(Vec<Stored<T>>, u64), Failure> {
    decode_found(storage::find(&Query {
        collection: collection.to_string(),
        filters,
        order,
        page,
    })?)
}

/// One page of matching documents, without the total (contract 0.3.0): for
/// lists whose size the module keeps itself, e.g. in a counter it
/// increments, since counting a large match reads every match.
pub fn find_page<T: DeserializeOwned>(
    collection: &str,
    filters: Vec<Filter>,
    order: Vec<Order>,
    page: Page,
) -> Result<Vec<Stored<T>>, Failure> {
    storage::find_page(&Query {
        collection: collection.to_string(),
        filters,
        order,
        page,
    })?
    .into_iter()
    .map(decode)
    .collect()
}

/// One page of the documents whose `field` is one of `values` (at most
/// 500) and that match `filters`, and their total (contract 0.4.0): the
/// documents of several parents in one ordered read.
pub fn find_in<T: DeserializeOwned>(
    collection: &str,
    field: &str,
    values: Vec<Value>,
    filters: Vec<Filter>,
    order: Vec<Order>,
    page: Page,
) -> Result<(Vec<Stored<T>>, u64), Failure> {
    let q = Query {
        collection: collection.to_string(),
        filters,
        order,
        page,
    };
    decode_found(storage::find_in(&q, field, &values)?)
}

/// One page of the documents matching any of `alternatives` (each a list of
/// AND-ed filters; at most 8), the OR that `find` lacks (e.g. "company
/// products or mine"), each document once, and the total of the union. The
/// host reads each alternative up to the page's end, so each stays an index
/// range where one fits.
pub fn find_any<T: DeserializeOwned>(
    collection: &str,
    alternatives: Vec<Vec<Filter>>,
    order: Vec<Order>,
    page: Page,
) -> Result<(Vec<Stored<T>>, u64), Failure> {
    decode_found(storage::find_any(collection, &alternatives, &order, page)?)
}

fn decode_found<T: DeserializeOwned>(
    found: storage::Found,
) -> Result<(Vec<Stored<T>>, u64), Failure> {
    let docs = found
        .documents
        .into_iter()
        .map(decode)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((docs, found.total))
}

/// Every matching document, in `order`.
pub fn find_all<T: DeserializeOwned>(
    collection: &str,
    filters: Vec<Filter>,
    order: Vec<Order>,
) -> Result<Vec<Stored<T>>, Failure> {
    let page = Page {
        offset: 0,
        limit: None,
    };
    Ok(find(collection, filters, order, page)?.0)
}

/// The first matching document in `order` (oldest first when `order` is empty).
pub fn find_one<T: DeserializeOwned>(
    collection: &str,
    filters: Vec<Filter>,
    order: Vec<Order>,
) -> Result<Option<Stored<T>>, Failure> {
    let order = if order.is_empty() {
        vec![asc("id")]
    } else {
        order
    };
    let page = Page {
        offset: 0,
        limit: Some(1),
    };
    Ok(find_page(collection, filters, order, page)?
        .into_iter()
        .next())
}

/// The document matching the unique `key` filters, inserting `init` (which
/// must carry the key fields) when there is none. Returns the document and
/// whether this call created it; a concurrent insert of the same key
/// (`conflict`) is resolved by reading the winner's document.
pub fn get_or_create<T: Serialize + DeserializeOwned>(
    collection: &str,
    key: Vec<Filter>,
    init: &T,
) -> Result<(Stored<T>, bool), Failure> {
    if let Some(doc) = find_one(collection, key.clone(), Vec::new())? {
        return Ok((doc, false));
    }
    match storage::insert(collection, &encode(init)?) {
        Ok(id) => match get(collection, id)? {
            Some(doc) => Ok((doc, true)),
            None => Err(Failure::not_found("对应ID不存在")),
        },
        Err(storage::Error::Conflict) => find_one(collection, key, Vec::new())?
            .map(|doc| (doc, false))
            .ok_or_else(|| Failure::from(storage::Error::Conflict)),
        Err(e) => Err(e.into()),
    }
}

fn encode<T: Serialize>(data: &T) -> Result<String, Failure> {
    serde_json::to_string(data).map_err(|e| Failure::new(crate::code::UNAVAILABLE, e.to_string()))
}

fn decode<T: DeserializeOwned>(doc: storage::Document) -> Result<Stored<T>, Failure> {
    let data = serde_json::from_str(&doc.data).map_err(|e| {
        Failure::new(
            crate::code::UNAVAILABLE,
            format!("stored document {} is malformed: {e}", doc.id),
        )
    })?;
    Ok(Stored {
        id: doc.id,
        data,
        created_at: doc.created_at,
        updated_at: doc.updated_at,
    })
}
