//! The per-user card document: the view and forward counters, the signature
//! text and the country. Counters change only through the host's atomic
//! `increment`. (Like counts are counted from the like rows, see `likes`.)

use crate::descriptor::CARDS;
use leida_module_sdk::store::{self, Stored};
use leida_module_sdk::{storage, Failure};
use serde::{Deserialize, Serialize};

/// The stored card of one radar user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardDoc {
    /// The radar user owning the card.
    pub user_id: u64,
    /// Views (`popularity_num`).
    #[serde(default)]
    pub popularity: i64,
    /// Forwards (`forward_num`).
    #[serde(default)]
    pub forward: i64,
    /// The personal signature.
    #[serde(default)]
    pub sign: String,
    /// 1 domestic, 2 abroad.
    #[serde(default = "domestic")]
    pub country: u8,
}

fn domestic() -> u8 {
    1
}

impl CardDoc {
    /// A fresh card of `user_id` with zero counters.
    pub fn new(user_id: u64) -> Self {
        CardDoc {
            user_id,
            popularity: 0,
            forward: 0,
            sign: String::new(),
            country: domestic(),
        }
    }
}

/// A counter of the card document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// Views.
    Popularity,
    /// Forwards.
    Forward,
}

impl Counter {
    /// The document field holding this counter.
    pub fn field(self) -> &'static str {
        match self {
            Counter::Popularity => "popularity",
            Counter::Forward => "forward",
        }
    }

    fn slot(self, card: &mut CardDoc) -> &mut i64 {
        match self {
            Counter::Popularity => &mut card.popularity,
            Counter::Forward => &mut card.forward,
        }
    }
}

/// The card document of `user_id`, created on first use.
pub fn card_of(user_id: u64) -> Result<Stored<CardDoc>, Failure> {
    let key = vec![store::eq("user_id", user_id)];
    Ok(store::get_or_create(CARDS, key, &CardDoc::new(user_id))?.0)
}

/// Atomically adds `delta` to a counter and keeps `card` in step; returns
/// the new value.
pub fn bump(card: &mut Stored<CardDoc>, counter: Counter, delta: i64) -> Result<i64, Failure> {
    let value = storage::increment(CARDS, card.id, counter.field(), delta)?;
    *counter.slot(&mut card.data) = value;
    Ok(value)
}

/// A counter as shown to clients (never negative).
pub fn shown(value: i64) -> i64 {
    value.max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_documents_get_defaults() {
        let doc: CardDoc = serde_json::from_str(r#"{"user_id":3,"forward":2}"#).unwrap();
        assert_eq!(doc.forward, 2);
        assert_eq!((doc.popularity, doc.country, doc.sign.as_str()), (0, 1, ""));
    }

    #[test]
    fn counters_name_their_fields() {
        let mut card = CardDoc::new(1);
        *Counter::Forward.slot(&mut card) = 5;
        assert_eq!(card.forward, 5);
        assert_eq!(Counter::Popularity.field(), "popularity");
        assert_eq!(shown(-1), 0);
    }
}
