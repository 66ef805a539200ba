//! A stored product: its owner (0 for a company product, else the radar
//! user whose personal product it is), texts, status and content.

use crate::content::Content;
use crate::descriptor::PRODUCTS;
use crate::status::Status;
use leida_module_sdk::store::{self, Stored};
use leida_module_sdk::{Failure, Input};
use serde::{Deserialize, Serialize};

/// `owner_id` of a company product.
pub const COMPANY: u64 = 0;

/// Longest product name, in characters.
const MAX_NAME_CHARS: usize = 100;
/// Longest price text, in characters.
const MAX_PRICE_CHARS: usize = 50;
/// Longest recommendation reason, in characters.
const MAX_REASON_CHARS: usize = 1000;

/// One product document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductDoc {
    /// [`COMPANY`], or the radar user owning this personal product.
    pub owner_id: u64,
    /// `name`.
    pub name: String,
    /// `price`, as the client typed it (e.g. `50-1380元`).
    pub price: String,
    /// `reason`, the recommendation reason.
    pub reason: String,
    /// The status code (1, 2, 3).
    pub status: u8,
    /// The list position of the status (see [`Status::shelf_rank`]).
    pub shelf_rank: u8,
    /// Cover and introduction.
    pub content: Content,
    /// When it was added (epoch ms): `publisher_date`, `create_date`.
    pub published_at: i64,
}

/// The texts every add and update form carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    /// `name`.
    pub name: String,
    /// `price`.
    pub price: String,
    /// `reason`.
    pub reason: String,
}

impl Texts {
    /// `name`, `price` and `reason`: 303 when missing, 301 when too long.
    pub fn of(input: &Input<'_>) -> Result<Texts, Failure> {
        let field = |name: &str, max: usize| {
            let value = input.required_text(name)?;
            if value.chars().count() > max {
                return Err(Failure::invalid(format!("{name} 最多 {max} 个字符")));
            }
            Ok(value.to_string())
        };
        Ok(Texts {
            name: field("name", MAX_NAME_CHARS)?,
            price: field("price", MAX_PRICE_CHARS)?,
            reason: field("reason", MAX_REASON_CHARS)?,
        })
    }
}

impl ProductDoc {
    /// A new published product.
    pub fn new(owner_id: u64, texts: Texts, content: Content, now: i64) -> ProductDoc {
        let mut doc = ProductDoc {
            owner_id,
            name: texts.name,
            price: texts.price,
            reason: texts.reason,
            status: 0,
            shelf_rank: 0,
            content,
            published_at: now,
        };
        doc.set_status(Status::Published);
        doc
    }

    /// Whether this is a company product.
    pub fn is_company(&self) -> bool {
        self.owner_id == COMPANY
    }

    /// The status (a stored code out of range reads as off the shelf).
    pub fn status(&self) -> Status {
        Status::from_code(i64::from(self.status)).unwrap_or(Status::OffShelf)
    }

    /// Sets the status and the list position that goes with it.
    pub fn set_status(&mut self, status: Status) {
        self.status = status.code();
        self.shelf_rank = status.shelf_rank();
    }

    /// Replaces the texts.
    pub fn set_texts(&mut self, texts: Texts) {
        self.name = texts.name;
        self.price = texts.price;
        self.reason = texts.reason;
    }
}

/// Product `id` of this tenant; 302 `产品不存在` otherwise.
pub fn load(id: u64) -> Result<Stored<ProductDoc>, Failure> {
    store::get(PRODUCTS, id)?.ok_or_else(missing)
}

/// The 302 of a product the caller may not see (or that does not exist).
pub fn missing() -> Failure {
    Failure::not_found("产品不存在")
}

/// What the edit forms change; the status has routes of its own.
#[derive(Serialize)]
struct Edits<'a> {
    name: &'a str,
    price: &'a str,
    reason: &'a str,
    content: &'a Content,
}

/// Stores the texts and content of `product` back, leaving the stored status
/// alone so that a status change made meanwhile is kept; 302 when the
/// product vanished meanwhile.
pub fn save_edits(product: &Stored<ProductDoc>) -> Result<(), Failure> {
    let p = &product.data;
    let edits = Edits {
        name: &p.name,
        price: &p.price,
        reason: &p.reason,
        content: &p.content,
    };
    patched(store::patch(PRODUCTS, product.id, &edits)?)
}

/// Stores the status of `product` back; 302 when it vanished meanwhile.
pub fn save_status(product: &Stored<ProductDoc>) -> Result<(), Failure> {
    let status = serde_json::json!({
        "status": product.data.status,
        "shelf_rank": product.data.shelf_rank,
    });
    patched(store::patch(PRODUCTS, product.id, &status)?)
}

fn patched(found: bool) -> Result<(), Failure> {
    if found {
        Ok(())
    } else {
        Err(missing())
    }
}

/// List order: shelf rank (recommended first, off the shelf last), then newest.
pub fn list_order() -> Vec<leida_module_sdk::storage::Order> {
    vec![
        store::desc("shelf_rank"),
        store::desc("published_at"),
        store::desc("id"),
    ]
}
