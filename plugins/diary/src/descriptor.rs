//! What the diary plugin tells the host: the slot, its version, route
//! prefixes and the collections it keeps, with the indexes its reads run on.

use leida_module_sdk::{collection, index, tallies, unique_index, Descriptor};

/// One document per diary.
pub const DIARIES: &str = "diaries";
/// One document per customer who likes a diary.
pub const LIKES: &str = "likes";
/// One document per comment.
pub const COMMENTS: &str = "comments";
/// One document per (customer, diary) read: the customer's footprints.
pub const BROWSES: &str = "browses";
/// The counts the module keeps itself (see `diary::normal_published`).
pub const TALLIES: &str = "tallies";

/// The route prefixes the diary module serves.
pub const ROUTES: [&str; 2] = [
    "/zhugeleida/xiaochengxu/diary_manage",
    "/zhugeleida/admin/diary_manage",
];

/// The plugin's descriptor. A case's diaries are one range of
/// `diaries_case`; the normal cases' diaries, newest first, one range of
/// `diaries_normal`.
pub fn describe() -> Descriptor {
    Descriptor {
        name: "diary".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        routes: ROUTES.iter().map(|r| r.to_string()).collect(),
        collections: vec![
            collection(
                DIARIES,
                vec![
                    index("diaries_case", &["case_id", "status", "diary_date"]),
                    index("diaries_normal", &["case_type", "status"]),
                    // The normal cases' diaries still to come, counted from the
                    // index (their lists read `diaries_normal`, in id order).
                    index(
                        "diaries_normal_dated",
                        &["case_type", "status", "diary_date"],
                    ),
                    index("diaries_dated", &["status", "diary_date"]),
                ],
            ),
            collection(
                LIKES,
                vec![unique_index("likes_key", &["diary_id", "customer_id"])],
            ),
            collection(
                COMMENTS,
                vec![
                    index("comments_approved", &["diary_id", "approved"]),
                    index("comments_writer", &["diary_id", "customer_id"]),
                ],
            ),
            collection(
                BROWSES,
                vec![
                    unique_index("browses_key", &["customer_id", "diary_id"]),
                    index("browses_recent", &["customer_id", "browsed_at"]),
                ],
            ),
            tallies(TALLIES),
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
        assert_eq!(d.name, "diary");
        assert_eq!(name_problems(&d), Vec::<String>::new());
    }
}
