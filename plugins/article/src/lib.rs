//! The bundled plugin of Leida's `article` module: articles and report
//! activities (the sign-up plug-in) written in the back office, read in the
//! public account with stay time, forwards, likes and comments, and the
//! forward tree the radar shows: who read a salesperson's article, how
//! long, and who passed it on to whom.
//!
//! `lib.rs` holds the routing table; each concern lives in its own file.

mod admin;
mod article;
mod comments;
mod descriptor;
mod duration;
mod people;
mod reading;
mod recommend;
mod reports;
mod rights;
mod share;
mod tree;
mod tree_views;
mod visits;

use leida_module_sdk::{get, post, Descriptor, Guest, Request, Response, Route};

/// Every route the article module serves.
const ROUTES: &[Route] = &[
    // The radar app: share links and the forward tree.
    get(
        "/zhugeleida/qiyeweixin/work_weixin_auth/create_gongzhonghao_share_auth_url",
        share::radar_user_link,
    ),
    get(
        "/zhugeleida/qiyeweixin/article/hide_customer_data",
        tree_views::hide_customer_data,
    ),
    get(
        "/zhugeleida/qiyeweixin/article/get_article_access_log",
        tree_views::get_article_access_log,
    ),
    get(
        "/zhugeleida/qiyeweixin/article/get_article_forward_info",
        tree_views::get_article_forward_info,
    ),
    get(
        "/zhugeleida/qiyeweixin/article/customer_effect_ranking_by_level",
        tree_views::customer_effect_ranking_by_level,
    ),
    get(
        "/zhugeleida/qiyeweixin/article/query_customer_transmit_path",
        tree_views::query_customer_transmit_path,
    ),
    get(
        "/zhugeleida/qiyeweixin/article/customer_read_info",
        tree_views::customer_read_info,
    ),
    get(
        "/zhugeleida/qiyeweixin/article/query_customer_table_by_level",
        tree_views::query_customer_table_by_level,
    ),
    // The public account: reading, re-sharing, comments, sign-ups.
    get(
        "/zhugeleida/gongzhonghao/work_gongzhonghao_auth/create_gongzhonghao_share_auth_url",
        share::reader_link,
    ),
    get(
        "/zhugeleida/gongzhonghao/article/myarticle",
        reading::myarticle,
    ),
    get(
        "/zhugeleida/gongzhonghao/article/staytime",
        reading::staytime,
    ),
    get(
        "/zhugeleida/gongzhonghao/article/forward_article",
        reading::forward_article,
    ),
    get(
        "/zhugeleida/gongzhonghao/article/praise_article",
        reading::praise_article,
    ),
    post(
        "/zhugeleida/gongzhonghao/article/review_article",
        comments::review_article,
    ),
    get(
        "/zhugeleida/gongzhonghao/article/article_review_list",
        comments::article_review_list,
    ),
    get(
        "/zhugeleida/gongzhonghao/article/recommend_article_list",
        recommend::recommend_article_list,
    ),
    post(
        "/zhugeleida/gongzhonghao/plugin_report/sign_up_activity",
        reports::sign_up,
    ),
    // The back office: content, comments, sign-ups, the tree as a table.
    post("/zhugeleida/admin/article/add", admin::add),
    post("/zhugeleida/admin/article/update", admin::update),
    post("/zhugeleida/admin/article/delete", admin::delete),
    get(
        "/zhugeleida/admin/article/article_list",
        admin::article_list,
    ),
    get(
        "/zhugeleida/admin/article/article_detail",
        admin::article_detail,
    ),
    get(
        "/zhugeleida/admin/article/comment_list",
        comments::comment_list,
    ),
    post(
        "/zhugeleida/admin/article/audit_comment",
        comments::audit_comment,
    ),
    get(
        "/zhugeleida/admin/article/query_customer_table_by_level",
        tree_views::query_customer_table_by_level,
    ),
    post("/zhugeleida/admin/plugin_report/add", reports::add),
    post("/zhugeleida/admin/plugin_report/update", reports::update),
    post("/zhugeleida/admin/plugin_report/delete", reports::delete),
    get(
        "/zhugeleida/admin/plugin_report/plugin_list",
        reports::plugin_list,
    ),
    get(
        "/zhugeleida/admin/plugin_report/report_customer",
        reports::report_customer,
    ),
    post(
        "/zhugeleida/admin/plugin_report/sign_up_activity",
        reports::sign_up,
    ),
];

struct ArticleModule;

impl Guest for ArticleModule {
    fn describe() -> Descriptor {
        descriptor::describe()
    }

    fn handle(req: Request) -> Response {
        leida_module_sdk::serve(ROUTES, &req)
    }
}

leida_module_sdk::export!(ArticleModule);

#[cfg(test)]
mod tests {
    use super::*;
    use leida_module_sdk::{find_route, table_problems};

    #[test]
    fn serves_31_routes_each_once_under_a_declared_prefix() {
        assert_eq!(ROUTES.len(), 31);
        assert_eq!(
            table_problems(ROUTES, &descriptor::ROUTES),
            Vec::<String>::new()
        );
    }

    #[test]
    fn dispatch_codes() {
        assert!(find_route(ROUTES, "GET", "/zhugeleida/gongzhonghao/article/myarticle").is_ok());
        assert_eq!(
            find_route(ROUTES, "GET", "/zhugeleida/admin/article/add")
                .err()
                .map(|f| f.code),
            Some(402)
        );
    }
}
