//! What the cases plugin tells the host: the slot, its version, route
//! prefixes and the collections it keeps, with the indexes its reads run on.

use leida_module_sdk::{collection, index, tallies, unique_index, Descriptor};

/// One document per case.
pub const CASES: &str = "cases";
/// One document per tag.
pub const TAGS: &str = "tags";
/// One document per (case, tag): the tag search's index, with the case's
/// type, status and creation time.
pub const CASE_TAGS: &str = "case_tags";
/// One document per (customer, keyword): the search history.
pub const SEARCHES: &str = "searches";
/// One document per case a customer collected.
pub const COLLECTIONS: &str = "collections";
/// One document per case a customer opened: their footprints.
pub const BROWSES: &str = "browses";
/// The counts the module keeps itself (see `case::timeline_published`).
pub const TALLIES: &str = "tallies";

/// The route prefixes the cases module serves.
pub const ROUTES: [&str; 4] = [
    "/zhugeleida/xiaochengxu/case_manage",
    "/zhugeleida/xiaochengxu/case_tag",
    "/zhugeleida/admin/case_manage",
    "/zhugeleida/admin/case_tag",
];

/// The plugin's descriptor. The merged case list reads one range of
/// `cases_list` (or of `case_tags_tag` for a tag) newest first.
pub fn describe() -> Descriptor {
    Descriptor {
        name: "cases".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        routes: ROUTES.iter().map(|r| r.to_string()).collect(),
        collections: vec![
            collection(CASES, vec![index("cases_list", &["status", "case_type"])]),
            collection(
                TAGS,
                vec![
                    unique_index("tags_name", &["name"]),
                    index("tags_hot", &["search_amount"]),
                ],
            ),
            collection(
                CASE_TAGS,
                vec![
                    unique_index("case_tags_key", &["case_id", "tag_id"]),
                    index(
                        "case_tags_tag",
                        &["tag_id", "case_type", "status", "case_created_at"],
                    ),
                ],
            ),
            collection(
                SEARCHES,
                vec![
                    unique_index("searches_key", &["customer_id", "keyword"]),
                    index("searches_recent", &["customer_id", "searched_at"]),
                ],
            ),
            collection(
                COLLECTIONS,
                vec![
                    unique_index("collections_key", &["customer_id", "case_id"]),
                    index("collections_recent", &["customer_id", "collected_at"]),
                    index("collections_case", &["case_id"]),
                ],
            ),
            collection(
                BROWSES,
                vec![
                    unique_index("browses_key", &["customer_id", "case_id"]),
                    index("browses_recent", &["customer_id", "browsed_at"]),
                    index("browses_case", &["case_id"]),
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
        assert_eq!(d.name, "cases");
        assert_eq!(name_problems(&d), Vec::<String>::new());
    }
}
