//! The bundled plugin of Leida's `diary` module: the diaries of the case
//! library (a normal case's diaries one by one, a timeline case's as its
//! days), read by customers in the mini-program with likes and reviewed
//! comments, written in the back office. Readers only ever see published
//! diaries whose `diary_date` has come. The `cases` module shows diaries
//! through this module's reads (`for_cases`), never its documents.
//!
//! `lib.rs` holds the routing table; each concern lives in its own file.

mod admin;
mod comments;
mod descriptor;
mod diary;
mod for_cases;
mod items;
mod likes;
mod listing;
mod remarks;

use leida_module_sdk::{get, post, Descriptor, Guest, Request, Response, Route};

/// Every route the diary module serves.
const ROUTES: &[Route] = &[
    // The mini-program.
    get(
        "/zhugeleida/xiaochengxu/diary_manage/diary_list",
        listing::diary_list,
    ),
    post(
        "/zhugeleida/xiaochengxu/diary_manage/praise_diary",
        likes::praise_diary,
    ),
    post(
        "/zhugeleida/xiaochengxu/diary_manage/review_diary",
        comments::review_diary,
    ),
    get(
        "/zhugeleida/xiaochengxu/diary_manage/diary_id_review_list",
        comments::diary_id_review_list,
    ),
    // What the cases module reads.
    get(
        "/zhugeleida/xiaochengxu/diary_manage/for_cases/newest_normal",
        for_cases::newest_normal,
    ),
    get(
        "/zhugeleida/xiaochengxu/diary_manage/for_cases/items",
        for_cases::items,
    ),
    get(
        "/zhugeleida/xiaochengxu/diary_manage/for_cases/latest_of_cases",
        for_cases::latest_of_cases,
    ),
    get(
        "/zhugeleida/xiaochengxu/diary_manage/for_cases/browsed",
        for_cases::browsed,
    ),
    get(
        "/zhugeleida/admin/diary_manage/for_cases/count_of_case",
        for_cases::count_of_case,
    ),
    // The back office.
    get(
        "/zhugeleida/admin/diary_manage/diary_list",
        listing::diary_list,
    ),
    post("/zhugeleida/admin/diary_manage/add", admin::add),
    post("/zhugeleida/admin/diary_manage/update", admin::update),
    post("/zhugeleida/admin/diary_manage/delete", admin::delete),
    get(
        "/zhugeleida/admin/diary_manage/comment_list",
        comments::comment_list,
    ),
    post(
        "/zhugeleida/admin/diary_manage/audit_comment",
        comments::audit_comment,
    ),
];

struct DiaryModule;

impl Guest for DiaryModule {
    fn describe() -> Descriptor {
        descriptor::describe()
    }

    fn handle(req: Request) -> Response {
        leida_module_sdk::serve(ROUTES, &req)
    }
}

leida_module_sdk::export!(DiaryModule);

#[cfg(test)]
mod tests {
    use super::*;
    use leida_module_sdk::{find_route, table_problems};

    #[test]
    fn serves_15_routes_each_once_under_a_declared_prefix() {
        assert_eq!(ROUTES.len(), 15);
        assert_eq!(
            table_problems(ROUTES, &descriptor::ROUTES),
            Vec::<String>::new()
        );
    }

    #[test]
    fn dispatch_codes() {
        assert!(find_route(
            ROUTES,
            "GET",
            "/zhugeleida/xiaochengxu/diary_manage/diary_list"
        )
        .is_ok());
        assert_eq!(
            find_route(
                ROUTES,
                "GET",
                "/zhugeleida/xiaochengxu/diary_manage/praise_diary"
            )
            .err()
            .map(|f| f.code),
            Some(402)
        );
    }
}
