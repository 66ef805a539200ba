//! What the card module tells the host: slot, version, route prefixes and
//! the collections it keeps.

use leida_module_sdk::{Collection, Descriptor, Index};

/// One document per radar user: view/praise/forward counters, signature and
/// signature-like count, country.
pub const CARDS: &str = "cards";
/// One document per (radar user, customer): the "reliable" like and its state.
pub const PRAISES: &str = "praises";
/// One document per (radar user, customer) that liked the signature.
pub const SIGN_LIKES: &str = "sign_likes";
/// A radar user's impression tags.
pub const TAGS: &str = "tags";
/// A radar user's photos: photo_type 1 photo wall, 2 card avatar.
pub const PHOTOS: &str = "photos";
/// Feedback sent from the radar app.
pub const FEEDBACK: &str = "feedback";
/// One document per (radar user, customer): the stored card poster and the
/// fingerprint of what it shows.
pub const POSTERS: &str = "posters";

/// The route prefixes this module serves.
pub const ROUTES: [&str; 4] = [
    "/zhugeleida/xiaochengxu/mingpian",
    "/zhugeleida/xiaochengxu/website",
    "/zhugeleida/qiyeweixin/mingpian",
    "/zhugeleida/qiyeweixin/tag_user",
];

/// The module descriptor.
pub fn describe() -> Descriptor {
    Descriptor {
        name: "card".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        routes: ROUTES.iter().map(|r| r.to_string()).collect(),
        collections: vec![
            collection(CARDS, &[("cards_user", &["user_id"], true)]),
            collection(
                PRAISES,
                &[("praises_pair", &["user_id", "customer_id"], true)],
            ),
            collection(
                SIGN_LIKES,
                &[("sign_likes_pair", &["user_id", "customer_id"], true)],
            ),
            collection(TAGS, &[("tags_user_name", &["user_id", "name"], true)]),
            collection(
                PHOTOS,
                &[("photos_user_type", &["user_id", "photo_type"], false)],
            ),
            collection(FEEDBACK, &[("feedback_user", &["user_id"], false)]),
            collection(
                POSTERS,
                &[("posters_pair", &["user_id", "customer_id"], true)],
            ),
        ],
    }
}

fn collection(name: &str, indexes: &[(&str, &[&str], bool)]) -> Collection {
    Collection {
        name: name.to_string(),
        indexes: indexes
            .iter()
            .map(|(index, fields, unique)| Index {
                name: index.to_string(),
                fields: fields.iter().map(|f| f.to_string()).collect(),
                unique: *unique,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_storage_identifiers() {
        let valid = |s: &str| {
            let mut chars = s.chars();
            chars
                .next()
                .is_some_and(|c| c == '_' || c.is_ascii_lowercase())
                && chars.all(|c| c == '_' || c.is_ascii_lowercase() || c.is_ascii_digit())
        };
        let d = describe();
        assert_eq!((d.name.as_str(), d.version.as_str()), ("card", "0.1.0"));
        for c in &d.collections {
            assert!(valid(&c.name), "{}", c.name);
            for i in &c.indexes {
                assert!(valid(&i.name), "{}", i.name);
                assert!(i.fields.iter().all(|f| valid(f)), "{:?}", i.fields);
            }
        }
    }
}
