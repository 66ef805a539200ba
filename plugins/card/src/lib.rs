//! Leida business module `card` (slot `card`): the business card
//! ("mingpian") in the mini-program and the radar app, the company website
//! page, and the radar user's impression tags.
//!
//! `lib.rs` holds the routing table; each concern lives in its own file.

mod checks;
mod counters;
mod customer_actions;
mod customer_view;
mod descriptor;
mod feedback;
mod labels;
mod likes;
mod own_card;
mod photos;
mod poster;
mod poster_layout;
mod posters;
mod profile;
mod remarks;
mod tags;
mod visit;
mod website;

use leida_module_sdk::{Descriptor, Guest, Handler, Request, Response};

/// Every route: method, path (without a trailing object id), handler.
const ROUTES: &[(&str, &str, Handler)] = &[
    (
        "GET",
        "/zhugeleida/xiaochengxu/mingpian",
        customer_view::show,
    ),
    (
        "GET",
        "/zhugeleida/xiaochengxu/mingpian/all",
        customer_view::all,
    ),
    (
        "GET",
        "/zhugeleida/xiaochengxu/mingpian/calling",
        customer_actions::calling,
    ),
    (
        "GET",
        "/zhugeleida/xiaochengxu/mingpian/praise",
        customer_actions::praise,
    ),
    (
        "GET",
        "/zhugeleida/xiaochengxu/mingpian/forward",
        customer_actions::forward,
    ),
    (
        "GET",
        "/zhugeleida/xiaochengxu/mingpian/up_sign",
        customer_actions::up_sign,
    ),
    (
        "GET",
        "/zhugeleida/xiaochengxu/mingpian/save_wechat",
        customer_actions::save_wechat,
    ),
    (
        "GET",
        "/zhugeleida/xiaochengxu/mingpian/save_phone",
        customer_actions::save_phone,
    ),
    (
        "GET",
        "/zhugeleida/xiaochengxu/mingpian/create_poster",
        poster::create_poster,
    ),
    (
        "GET",
        "/zhugeleida/xiaochengxu/mingpian/save_poster",
        poster::save_poster,
    ),
    ("GET", "/zhugeleida/xiaochengxu/website", website::show),
    ("GET", "/zhugeleida/qiyeweixin/mingpian", own_card::show),
    (
        "POST",
        "/zhugeleida/qiyeweixin/mingpian/save_phone",
        own_card::save_phone,
    ),
    (
        "POST",
        "/zhugeleida/qiyeweixin/mingpian/save_info",
        own_card::save_info,
    ),
    (
        "POST",
        "/zhugeleida/qiyeweixin/mingpian/save_sign",
        own_card::save_sign,
    ),
    (
        "GET",
        "/zhugeleida/qiyeweixin/mingpian/show_photo",
        photos::show_photo,
    ),
    (
        "POST",
        "/zhugeleida/qiyeweixin/mingpian/delete_photo",
        photos::delete_photo,
    ),
    (
        "POST",
        "/zhugeleida/qiyeweixin/mingpian/upload_complete",
        photos::upload_complete,
    ),
    (
        "POST",
        "/zhugeleida/qiyeweixin/mingpian/feedback",
        feedback::submit,
    ),
    ("GET", "/zhugeleida/qiyeweixin/tag_user", tags::list),
    ("POST", "/zhugeleida/qiyeweixin/tag_user/add", tags::add),
    ("POST", "/zhugeleida/qiyeweixin/tag_user/save", tags::save),
    (
        "POST",
        "/zhugeleida/qiyeweixin/tag_user/delete",
        tags::delete,
    ),
];

struct Card;

impl Guest for Card {
    fn describe() -> Descriptor {
        descriptor::describe()
    }

    fn handle(req: Request) -> Response {
        leida_module_sdk::serve(ROUTES, &req)
    }
}

leida_module_sdk::export!(Card);

#[cfg(test)]
mod tests {
    use super::*;
    use leida_module_sdk::Failure;

    fn route(method: &str, path: &str) -> Result<Handler, Failure> {
        leida_module_sdk::find_route(ROUTES, method, path)
    }

    #[test]
    fn every_route_is_under_a_declared_prefix() {
        for (_, path, _) in ROUTES {
            assert!(
                descriptor::ROUTES
                    .iter()
                    .any(|p| path == p || path.starts_with(&format!("{p}/"))),
                "{path}"
            );
        }
    }

    #[test]
    fn routes_are_unique() {
        let mut paths: Vec<&str> = ROUTES.iter().map(|(_, p, _)| *p).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), ROUTES.len());
    }

    #[test]
    fn dispatch_codes() {
        assert!(route("GET", "/zhugeleida/xiaochengxu/mingpian").is_ok());
        assert!(route("get", "/zhugeleida/xiaochengxu/mingpian/all").is_ok());
        assert_eq!(
            route("GET", "/zhugeleida/qiyeweixin/tag_user/add")
                .err()
                .map(|f| f.code),
            Some(402)
        );
        assert_eq!(
            route("GET", "/zhugeleida/xiaochengxu/mingpian/nope")
                .err()
                .map(|f| f.code),
            Some(404)
        );
    }
}
