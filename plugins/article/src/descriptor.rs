//! What the article plugin tells the host: the slot, its version, route
//! prefixes and the collections it keeps, with the indexes its reads run on.

use leida_module_sdk::{collection, index, unique_index, Descriptor};

/// One document per article.
pub const ARTICLES: &str = "articles";
/// One document per forward-tree node: a customer reached by a radar
/// user's article, through a parent customer or directly.
pub const NODES: &str = "nodes";
/// One document per (article, radar user) tree: its running totals.
pub const TREES: &str = "trees";
/// One document per page view of an article (the access log).
pub const VISITS: &str = "visits";
/// One document per customer who liked an article.
pub const LIKES: &str = "likes";
/// One document per comment.
pub const COMMENTS: &str = "comments";
/// One document per sign-up plug-in (report activity).
pub const REPORTS: &str = "reports";
/// One document per sign-up, unique per activity and phone.
pub const SIGNUPS: &str = "signups";

/// The route prefixes the article module serves.
pub const ROUTES: [&str; 7] = [
    "/zhugeleida/qiyeweixin/article",
    "/zhugeleida/qiyeweixin/work_weixin_auth/create_gongzhonghao_share_auth_url",
    "/zhugeleida/gongzhonghao/article",
    "/zhugeleida/gongzhonghao/work_gongzhonghao_auth/create_gongzhonghao_share_auth_url",
    "/zhugeleida/gongzhonghao/plugin_report",
    "/zhugeleida/admin/article",
    "/zhugeleida/admin/plugin_report",
];

/// The plugin's descriptor. Every radar-side list is one index range of a
/// tree (`article_id`, `user_id`, then the list's order), ending with `id`
/// so that pages in descending order are a backward scan.
pub fn describe() -> Descriptor {
    Descriptor {
        name: "article".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        routes: ROUTES.iter().map(|r| r.to_string()).collect(),
        collections: vec![
            collection(
                ARTICLES,
                vec![index("articles_by_reads", &["status", "read_count"])],
            ),
            collection(
                NODES,
                vec![
                    unique_index(
                        "nodes_key",
                        &["article_id", "user_id", "customer_id", "parent_id"],
                    ),
                    index("nodes_recent", &["article_id", "user_id", "last_access_at"]),
                    index("nodes_stay", &["article_id", "user_id", "stay_time"]),
                    index("nodes_reads", &["article_id", "user_id", "read_count"]),
                    index(
                        "nodes_level",
                        &["article_id", "user_id", "level", "stay_time"],
                    ),
                    index("nodes_parent", &["article_id", "user_id", "parent_id"]),
                    index("nodes_reader", &["article_id", "customer_id"]),
                    index("nodes_customer", &["user_id", "customer_id"]),
                ],
            ),
            collection(
                TREES,
                vec![unique_index("trees_key", &["article_id", "user_id"])],
            ),
            collection(VISITS, vec![index("visits_node", &["node_id"])]),
            collection(
                LIKES,
                vec![unique_index("likes_key", &["article_id", "customer_id"])],
            ),
            collection(
                COMMENTS,
                vec![
                    index("comments_approved", &["article_id", "approved"]),
                    index("comments_writer", &["article_id", "customer_id"]),
                ],
            ),
            collection(REPORTS, vec![index("reports_status", &["status"])]),
            collection(
                SIGNUPS,
                vec![
                    unique_index("signups_key", &["report_id", "phone"]),
                    index("signups_report", &["report_id"]),
                ],
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
        assert_eq!(d.name, "article");
        assert_eq!(name_problems(&d), Vec::<String>::new());
    }
}
