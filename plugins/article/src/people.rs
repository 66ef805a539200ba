//! The customers a list shows, read in one batch per page: name, avatar,
//! sex and area (province and city).

use leida_module_sdk::{directory, Failure};
use serde_json::{json, Value};
use std::collections::HashMap;

/// What lists show of one customer.
#[derive(Debug, Clone, Default)]
pub struct Face {
    /// The nickname, or `客户ID{id}` before the customer authorised.
    pub name: String,
    /// The avatar URL.
    pub headimgurl: String,
    /// 1 male, 2 female, 0 unknown.
    pub sex: u8,
    /// Province and city, as WeChat reported them.
    pub area: String,
}

impl Face {
    /// `sex` as a number, null when unknown.
    pub fn sex_number(&self) -> Value {
        match self.sex {
            1 | 2 => json!(self.sex),
            _ => Value::Null,
        }
    }

    /// `男`, `女`, or null when unknown.
    pub fn sex_text(&self) -> Value {
        match self.sex {
            1 => json!("男"),
            2 => json!("女"),
            _ => Value::Null,
        }
    }
}

/// The faces of `ids` (customers of the company); unknown ids get an empty face.
pub fn faces(ids: &[u64]) -> Result<HashMap<u64, Face>, Failure> {
    let mut unique: Vec<u64> = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let mut out = HashMap::new();
    for chunk in unique.chunks(500) {
        let places: HashMap<u64, directory::CustomerPlace> = directory::get_customer_places(chunk)?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        for c in directory::get_customers(chunk)? {
            let area = places
                .get(&c.id)
                .map(|p| format!("{}{}", p.province, p.city))
                .unwrap_or_default();
            let name = if c.username.is_empty() {
                format!("客户ID{}", c.id)
            } else {
                c.username
            };
            out.insert(
                c.id,
                Face {
                    name,
                    headimgurl: c.headimgurl,
                    sex: c.sex,
                    area,
                },
            );
        }
    }
    Ok(out)
}

/// The face of one customer of the company; 302 when there is none.
pub fn face(id: u64) -> Result<Face, Failure> {
    faces(&[id])?
        .remove(&id)
        .ok_or_else(|| Failure::not_found("客户不存在"))
}

/// The radar users `customer_id` is related to (the first few; a company
/// that keeps customers unique has at most one).
pub fn related_users(customer_id: u64) -> Result<Vec<u64>, Failure> {
    let open = || leida_module_sdk::types::Window {
        since: None,
        until: None,
    };
    let filter = directory::RelationFilter {
        user_id: None,
        customer_id: Some(customer_id),
        created: open(),
        expected_pr_min: None,
        expected_pr_max: None,
        followed: open(),
    };
    let page = leida_module_sdk::types::Page {
        offset: 0,
        limit: Some(10),
    };
    Ok(directory::find_relations(filter, page)?
        .into_iter()
        .map(|r| r.user_id)
        .collect())
}
