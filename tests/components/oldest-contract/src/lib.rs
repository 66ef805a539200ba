//! A test-only module (slot `notes`) generated straight from
//! `wit/platform@0.1.0`, not through the SDK, so it stays a component of the
//! oldest contract however the SDK moves on. Its routes touch every
//! interface a module of that version could import, so a host that stopped
//! serving any of them fails the test that calls it.
//!
//! Paths under `/zhugeleida/xiaochengxu/notes`: `add?text=…` stores a note
//! of the caller (storage, directory, clock, log), `list` pages the caller's
//! notes newest first with the company name (storage, directory), `visits`
//! counts the radar events and chat messages of the caller's radar user
//! today (radar, chat, clock), `badge` draws a small PNG of its own
//! (images) and `files` lists the tenant's stored files (files).

wit_bindgen::generate!({
    world: "business-module",
    path: "../../../wit/platform@0.1.0",
});

use exports::leida::platform::module::{Collection, Descriptor, Guest, Index, Request, Response};
use leida::platform::types::{Error, Page, Principal, Value, Window};
use leida::platform::{chat, clock, directory, files, images, log, radar, storage};

const PREFIX: &str = "/zhugeleida/xiaochengxu/notes";

struct Notes;

impl Guest for Notes {
    fn describe() -> Descriptor {
        Descriptor {
            name: "notes".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            routes: vec![PREFIX.to_string()],
            collections: vec![Collection {
                name: "notes".to_string(),
                indexes: vec![Index {
                    name: "by_customer".to_string(),
                    fields: vec!["customer_id".to_string(), "at".to_string()],
                    unique: false,
                }],
            }],
        }
    }

    fn handle(req: Request) -> Response {
        let result = match req.path.strip_prefix(PREFIX) {
            Some("/add") => add(&req),
            Some("/list") => list(),
            Some("/visits") => visits(),
            Some("/files") => Ok(stored_files()),
            Some("/badge") => badge(),
            _ => return reply(404, "非法请求", "{}".into()),
        };
        match result {
            Ok(data) => reply(200, "", data),
            Err(Error::NotFound) => reply(302, "对应ID不存在", "{}".into()),
            Err(Error::Invalid(why) | Error::Denied(why) | Error::Unavailable(why)) => {
                reply(301, &why, "{}".into())
            }
            Err(Error::Conflict) => reply(300, "重复", "{}".into()),
        }
    }
}

fn reply(code: u16, msg: &str, data: String) -> Response {
    Response {
        code,
        msg: msg.to_string(),
        data,
        note: None,
    }
}

/// The customer making the request.
fn customer() -> Result<u64, Error> {
    match directory::caller() {
        Principal::Customer(id) => Ok(id),
        _ => Err(Error::Denied("customers only".into())),
    }
}

fn add(req: &Request) -> Result<String, Error> {
    let customer_id = customer()?;
    let text = req
        .query
        .iter()
        .chain(req.form.iter())
        .find(|(k, _)| k == "text")
        .map(|(_, v)| v.clone())
        .ok_or_else(|| Error::Invalid("text is required".into()))?;
    let at = clock::now();
    let doc = format!(
        r#"{{"customer_id":{customer_id},"at":{at},"text":{}}}"#,
        quote(&text)
    );
    let id = storage::insert("notes", &doc)?;
    log::write(log::Level::Info, &format!("note {id} added"));
    Ok(format!(r#"{{"id":{id}}}"#))
}

fn list() -> Result<String, Error> {
    let customer_id = customer()?;
    let found = storage::find(&storage::Query {
        collection: "notes".to_string(),
        filters: vec![storage::Filter {
            field: "customer_id".to_string(),
            op: storage::Comparison::Eq,
            value: Value::Integer(customer_id as i64),
        }],
        order: vec![storage::Order {
            field: "id".to_string(),
            descending: true,
        }],
        page: Page {
            offset: 0,
            limit: Some(10),
        },
    })?;
    let company = directory::get_company();
    let notes: Vec<String> = found.documents.iter().map(|d| d.data.clone()).collect();
    Ok(format!(
        r#"{{"company":{},"total":{},"notes":[{}]}}"#,
        quote(&company.name),
        found.total,
        notes.join(",")
    ))
}

fn visits() -> Result<String, Error> {
    let customer_id = customer()?;
    let relation = directory::find_relations(
        directory::RelationFilter {
            user_id: None,
            customer_id: Some(customer_id),
            created: open(),
            expected_pr_min: None,
            expected_pr_max: None,
            followed: open(),
        },
        Page {
            offset: 0,
            limit: Some(1),
        },
    )?;
    let user_id = relation.first().map(|r| r.user_id).ok_or(Error::NotFound)?;
    let today = Window {
        since: Some(clock::now() - 86_400_000),
        until: None,
    };
    let events = radar::count(&radar::EventFilter {
        user_ids: vec![user_id],
        customer_ids: vec![customer_id],
        codes: Vec::new(),
        target: None,
        window: today,
    })?;
    let messages = chat::count(user_id, Some(customer_id), None, today)?;
    Ok(format!(
        r#"{{"user_id":{user_id},"events":{events},"messages":{messages}}}"#
    ))
}

/// A 40×20 PNG: a rounded green rect on white.
fn badge() -> Result<String, Error> {
    let canvas = images::Canvas {
        width: 40,
        height: 20,
        background: 0xffffffff,
        layers: vec![images::Layer::Rect(images::RectLayer {
            at: images::Region {
                x: 2,
                y: 2,
                width: 36,
                height: 16,
            },
            color: 0x00aa00ff,
            radius: 4,
        })],
    };
    let file = images::render(&canvas, images::Format::Png)?;
    Ok(format!(
        r#"{{"path":{},"content_type":{}}}"#,
        quote(&file.path),
        quote(&file.content_type)
    ))
}

fn open() -> Window {
    Window {
        since: None,
        until: None,
    }
}

fn stored_files() -> String {
    let paths: Vec<String> = files::list_stored()
        .iter()
        .map(|f| quote(&f.path))
        .collect();
    format!(r#"{{"files":[{}]}}"#, paths.join(","))
}

/// A JSON string literal (the component has no JSON library, on purpose:
/// it depends on nothing but its own bindings).
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

export!(Notes);
