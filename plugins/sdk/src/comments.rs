//! Comments customers write under a module's content (an article, a diary)
//! and the back office reviews: others see a comment once it is approved,
//! its writer at once. Each is one document
//! `{<parent>: id, customer_id, content, approved}` of the module's
//! collection, its text kept as written.
//!
//! ```no_run
//! use leida_module_sdk::comments::Comments;
//! use leida_module_sdk::{json, object_id, ok, require_customer, Input, Outcome, Request};
//!
//! /// Comments on notes: collection `comments`, parent field `note_id`.
//! const NOTE_COMMENTS: Comments = Comments::new("comments", "note_id");
//!
//! fn comment(req: &Request) -> Outcome {
//!     let customer_id = require_customer(req)?;
//!     let id = NOTE_COMMENTS.write(object_id(req)?, customer_id, &Input::of(req))?;
//!     Ok(ok("成功", json!({ "comment_id": id })))
//! }
//! ```
//!
//! Declare indexes `(<parent>, approved)` and `(<parent>, customer_id)`
//! so both lists are index reads.

use crate::bindings::leida::platform::{clock, directory};
use crate::failure::Failure;
use crate::input::Input;
use crate::paging::Paging;
use crate::store::{self, desc, eq, Stored};
use crate::time;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The longest comment, in characters.
pub const MAX_COMMENT: usize = 500;
/// Default page length of the lists.
pub const PAGE_LENGTH: u32 = 20;

/// The comments of one collection, under parents named by one field.
#[derive(Debug, Clone, Copy)]
pub struct Comments {
    collection: &'static str,
    parent: &'static str,
}

impl Comments {
    /// Comments kept in `collection`, each naming its parent in field `parent`.
    pub const fn new(collection: &'static str, parent: &'static str) -> Comments {
        Comments { collection, parent }
    }

    /// Stores the form's `content` as `customer_id`'s comment on
    /// `parent_id`, not yet approved; its id. 303 when blank, 301 beyond
    /// [`MAX_COMMENT`] characters.
    pub fn write(
        &self,
        parent_id: u64,
        customer_id: u64,
        input: &Input<'_>,
    ) -> Result<u64, Failure> {
        let content = input.required_text("content")?;
        if content.chars().count() > MAX_COMMENT {
            return Err(Failure::invalid(format!("评论不能超过{MAX_COMMENT}个字")));
        }
        let mut doc = json!({
            "customer_id": customer_id,
            "content": content,
            "approved": false,
        });
        doc[self.parent] = json!(parent_id);
        store::insert(self.collection, &doc)
    }

    /// The approved comments of `parent_id` and `customer_id`'s own, newest
    /// first: `{ret_data, data_count}`.
    pub fn visible_to(
        &self,
        parent_id: u64,
        customer_id: u64,
        input: &Input<'_>,
    ) -> Result<Value, Failure> {
        let paging = Paging::from_input(input, PAGE_LENGTH)?;
        let of_parent = eq(self.parent, parent_id as i64);
        let (comments, total) = store::find_any::<Value>(
            self.collection,
            vec![
                vec![of_parent.clone(), eq("approved", true)],
                vec![of_parent, eq("customer_id", customer_id as i64)],
            ],
            vec![desc("id")],
            paging.page(),
        )?;
        Ok(json!({ "ret_data": items(&comments)?, "data_count": total }))
    }

    /// Every comment of `parent_id` for review, newest first (only the
    /// unapproved with `is_audit_pass=0`, the approved with 1).
    pub fn for_review(&self, parent_id: u64, input: &Input<'_>) -> Result<Value, Failure> {
        let mut filters = vec![eq(self.parent, parent_id as i64)];
        if let Some(pass) = input.bool("is_audit_pass")? {
            filters.push(eq("approved", pass));
        }
        let paging = Paging::from_input(input, PAGE_LENGTH)?;
        let (comments, total) =
            store::find::<Value>(self.collection, filters, vec![desc("id")], paging.page())?;
        Ok(json!({ "ret_data": items(&comments)?, "data_count": total }))
    }

    /// Approves comment `id` (`is_audit_pass` 1) or takes the approval back
    /// (0): `{comment_id, is_audit_pass}`; 302 `评论不存在` when it is none.
    pub fn audit(&self, id: u64, input: &Input<'_>) -> Result<Value, Failure> {
        let pass = input
            .bool("is_audit_pass")?
            .ok_or_else(|| Failure::form("is_audit_pass 不能为空"))?;
        if !store::patch(self.collection, id, &json!({ "approved": pass }))? {
            return Err(Failure::not_found("评论不存在"));
        }
        Ok(json!({ "comment_id": id, "is_audit_pass": pass as u8 }))
    }
}

/// The list items, with each writer's name and avatar read in one batch.
fn items(comments: &[Stored<Value>]) -> Result<Vec<Value>, Failure> {
    let customer = |c: &Stored<Value>| c.data["customer_id"].as_u64().unwrap_or_default();
    let mut ids: Vec<u64> = comments.iter().map(customer).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut writers = HashMap::new();
    for chunk in ids.chunks(500) {
        for c in directory::get_customers(chunk)? {
            writers.insert(c.id, c);
        }
    }
    let offset = clock::utc_offset();
    Ok(comments
        .iter()
        .map(|c| {
            let id = customer(c);
            let (name, avatar) = match writers.get(&id) {
                Some(w) if !w.username.is_empty() => (w.username.clone(), w.headimgurl.clone()),
                Some(w) => (format!("客户ID{id}"), w.headimgurl.clone()),
                None => (format!("客户ID{id}"), String::new()),
            };
            json!({
                "comment_id": c.id,
                "from_customer_id": id,
                "from_customer_name": name,
                "from_customer_headimgurl": avatar,
                "content": c.data["content"],
                "is_audit_pass": u8::from(c.data["approved"].as_bool().unwrap_or(false)),
                "create_time": time::local_datetime(c.created_at, offset),
            })
        })
        .collect())
}
