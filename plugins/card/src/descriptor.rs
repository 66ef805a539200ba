//! What the card plugin tells the host: the slot it serves, its version,
//! route prefixes and the collections it keeps.

use leida_module_sdk::{collection, index, unique_index, Descriptor};

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

/// The route prefixes the card serves.
pub const ROUTES: [&str; 4] = [
    "/zhugeleida/xiaochengxu/mingpian",
    "/zhugeleida/xiaochengxu/website",
    "/zhugeleida/qiyeweixin/mingpian",
    "/zhugeleida/qiyeweixin/tag_user",
];

/// The plugin's descriptor.
pub fn describe() -> Descriptor {
    Descriptor {
        name: "card".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        routes: ROUTES.iter().map(|r| r.to_string()).collect(),
        collections: vec![
            collection(CARDS, vec![unique_index("cards_user", &["user_id"])]),
            collection(
                PRAISES,
                vec![unique_index("praises_pair", &["user_id", "customer_id"])],
            ),
            collection(
                SIGN_LIKES,
                vec![unique_index("sign_likes_pair", &["user_id", "customer_id"])],
            ),
            collection(
                TAGS,
                vec![unique_index("tags_user_name", &["user_id", "name"])],
            ),
            collection(
                PHOTOS,
                vec![index("photos_user_type", &["user_id", "photo_type"])],
            ),
            collection(FEEDBACK, vec![index("feedback_user", &["user_id"])]),
            collection(
                POSTERS,
                vec![unique_index("posters_pair", &["user_id", "customer_id"])],
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leida_module_sdk::name_problems;

    #[test]
    fn names_are_valid_storage_identifiers() {
        let d = describe();
        assert_eq!((d.name.as_str(), d.version.as_str()), ("card", "0.1.0"));
        assert_eq!(name_problems(&d), Vec::<String>::new());
    }
}
