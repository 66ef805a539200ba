//! The bundled plugin of Leida's `cases` module: the case library of a
//! clinic or studio. Customers browse the merged case list (timeline cases
//! and the diaries of normal cases), search it by tag (with their search
//! history and the hot tags), open cases, collect them and see their
//! footprints; each visit reaches the salesperson's radar. The back office
//! writes cases and tags. Diaries are the `diary` module's: this module
//! shows them through that module's reads, never its documents.
//!
//! `lib.rs` holds the routing table; each concern lives in its own file.

mod admin;
mod case;
mod descriptor;
mod diaries;
mod entries;
mod footprints;
mod listing;
mod merged;
mod remarks;
mod search;
mod tag_admin;
mod tags;

use leida_module_sdk::{get, post, Descriptor, Guest, Request, Response, Route};

/// Every route the cases module serves.
const ROUTES: &[Route] = &[
    // The mini-program.
    get(
        "/zhugeleida/xiaochengxu/case_manage/case_list",
        listing::case_list,
    ),
    post(
        "/zhugeleida/xiaochengxu/case_manage/collection_case",
        footprints::collection_case,
    ),
    get(
        "/zhugeleida/xiaochengxu/case_manage/browse_case_list_record",
        footprints::browse_case_list_record,
    ),
    get(
        "/zhugeleida/xiaochengxu/case_manage/collection_case_list_record",
        footprints::collection_case_list_record,
    ),
    get(
        "/zhugeleida/xiaochengxu/case_tag/case_list",
        search::case_list,
    ),
    get(
        "/zhugeleida/xiaochengxu/case_tag/history_case_list",
        search::history_case_list,
    ),
    get(
        "/zhugeleida/xiaochengxu/case_tag/top_search_tag_list",
        search::top_search_tag_list,
    ),
    // The back office.
    post("/zhugeleida/admin/case_manage/add", admin::add),
    post("/zhugeleida/admin/case_manage/update", admin::update),
    post("/zhugeleida/admin/case_manage/delete", admin::delete),
    get("/zhugeleida/admin/case_manage/case_list", admin::case_list),
    get(
        "/zhugeleida/admin/case_manage/case_detail",
        admin::case_detail,
    ),
    get("/zhugeleida/admin/case_tag", tag_admin::tag_list),
    post("/zhugeleida/admin/case_tag/add", tag_admin::add),
    post("/zhugeleida/admin/case_tag/update", tag_admin::update),
    post("/zhugeleida/admin/case_tag/delete", tag_admin::delete),
];

struct CasesModule;

impl Guest for CasesModule {
    fn describe() -> Descriptor {
        descriptor::describe()
    }

    fn handle(req: Request) -> Response {
        leida_module_sdk::serve(ROUTES, &req)
    }
}

leida_module_sdk::export!(CasesModule);

#[cfg(test)]
mod tests {
    use super::*;
    use leida_module_sdk::{find_route, table_problems};

    #[test]
    fn serves_16_routes_each_once_under_a_declared_prefix() {
        assert_eq!(ROUTES.len(), 16);
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
            "/zhugeleida/xiaochengxu/case_manage/case_list"
        )
        .is_ok());
        assert!(find_route(ROUTES, "GET", "/zhugeleida/admin/case_tag").is_ok());
        assert_eq!(
            find_route(ROUTES, "GET", "/zhugeleida/admin/case_tag/add")
                .err()
                .map(|f| f.code),
            Some(402)
        );
    }
}
