//! The customer's likes of a card: the "reliable" praise (a toggle) and the
//! signature like (one-way). Counts are counted from the rows, so a race
//! between two toggles can never leave a wrong number.

use crate::descriptor::{PRAISES, SIGN_LIKES};
use leida_module_sdk::store::{self, Stored};
use leida_module_sdk::{json, storage, Failure};
use serde::{Deserialize, Serialize};

/// One customer's praise of one card.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PraiseDoc {
    user_id: u64,
    customer_id: u64,
    /// Whether the like currently stands.
    up: bool,
}

/// One customer's like of one signature.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SignLikeDoc {
    user_id: u64,
    customer_id: u64,
}

fn pair(user_id: u64, customer_id: u64) -> Vec<storage::Filter> {
    vec![
        store::eq("user_id", user_id),
        store::eq("customer_id", customer_id),
    ]
}

/// Whether the customer currently praises the card.
pub fn is_praised(user_id: u64, customer_id: u64) -> Result<bool, Failure> {
    let doc: Option<Stored<PraiseDoc>> =
        store::find_one(PRAISES, pair(user_id, customer_id), vec![])?;
    Ok(doc.is_some_and(|d| d.data.up))
}

/// Flips the customer's praise of the card; returns whether it now stands.
pub fn toggle_praise(user_id: u64, customer_id: u64) -> Result<bool, Failure> {
    let init = PraiseDoc {
        user_id,
        customer_id,
        up: true,
    };
    let (doc, created) = store::get_or_create(PRAISES, pair(user_id, customer_id), &init)?;
    if created {
        return Ok(true);
    }
    let up = !doc.data.up;
    store::patch(PRAISES, doc.id, &json!({ "up": up }))?;
    Ok(up)
}

/// Number of customers currently praising the card (`praise_num`).
pub fn praise_count(user_id: u64) -> Result<u64, Failure> {
    let filters = vec![store::eq("user_id", user_id), store::eq("up", true)];
    Ok(storage::count(PRAISES, &filters)?)
}

/// Whether the customer has liked the card's signature.
pub fn is_sign_liked(user_id: u64, customer_id: u64) -> Result<bool, Failure> {
    Ok(storage::count(SIGN_LIKES, &pair(user_id, customer_id))? > 0)
}

/// Records the customer's signature like; false when it already existed.
pub fn like_sign(user_id: u64, customer_id: u64) -> Result<bool, Failure> {
    let init = SignLikeDoc {
        user_id,
        customer_id,
    };
    Ok(store::get_or_create(SIGN_LIKES, pair(user_id, customer_id), &init)?.1)
}

/// Number of customers who liked the card's signature (`sign_num`).
pub fn sign_like_count(user_id: u64) -> Result<u64, Failure> {
    Ok(storage::count(
        SIGN_LIKES,
        &[store::eq("user_id", user_id)],
    )?)
}
