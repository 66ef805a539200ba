//! The bundled plugin of Leida's `card` module: the business card
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

use leida_module_sdk::{get, post, Descriptor, Guest, Request, Response, Route};

/// Every route the card serves.
const ROUTES: &[Route] = &[
    get("/zhugeleida/xiaochengxu/mingpian", customer_view::show),
    get("/zhugeleida/xiaochengxu/mingpian/all", customer_view::all),
    get(
        "/zhugeleida/xiaochengxu/mingpian/calling",
        customer_actions::calling,
    ),
    get(
        "/zhugeleida/xiaochengxu/mingpian/praise",
        customer_actions::praise,
    ),
    get(
        "/zhugeleida/xiaochengxu/mingpian/forward",
        customer_actions::forward,
    ),
    get(
        "/zhugeleida/xiaochengxu/mingpian/up_sign",
        customer_actions::up_sign,
    ),
    get(
        "/zhugeleida/xiaochengxu/mingpian/save_wechat",
        customer_actions::save_wechat,
    ),
    get(
        "/zhugeleida/xiaochengxu/mingpian/save_phone",
        customer_actions::save_phone,
    ),
    get(
        "/zhugeleida/xiaochengxu/mingpian/create_poster",
        poster::create_poster,
    ),
    get(
        "/zhugeleida/xiaochengxu/mingpian/save_poster",
        poster::save_poster,
    ),
    get("/zhugeleida/xiaochengxu/website", website::show),
    get("/zhugeleida/qiyeweixin/mingpian", own_card::show),
    post(
        "/zhugeleida/qiyeweixin/mingpian/save_phone",
        own_card::save_phone,
    ),
    post(
        "/zhugeleida/qiyeweixin/mingpian/save_info",
        own_card::save_info,
    ),
    post(
        "/zhugeleida/qiyeweixin/mingpian/save_sign",
        own_card::save_sign,
    ),
    get(
        "/zhugeleida/qiyeweixin/mingpian/show_photo",
        photos::show_photo,
    ),
    post(
        "/zhugeleida/qiyeweixin/mingpian/delete_photo",
        photos::delete_photo,
    ),
    post(
        "/zhugeleida/qiyeweixin/mingpian/upload_complete",
        photos::upload_complete,
    ),
    post("/zhugeleida/qiyeweixin/mingpian/feedback", feedback::submit),
    get("/zhugeleida/qiyeweixin/tag_user", tags::list),
    post("/zhugeleida/qiyeweixin/tag_user/add", tags::add),
    post("/zhugeleida/qiyeweixin/tag_user/save", tags::save),
    post("/zhugeleida/qiyeweixin/tag_user/delete", tags::delete),
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
    use leida_module_sdk::{find_route, table_problems, Failure, Handler};

    fn route(method: &str, path: &str) -> Result<Handler, Failure> {
        find_route(ROUTES, method, path)
    }

    #[test]
    fn every_route_is_once_under_a_declared_prefix() {
        assert_eq!(
            table_problems(ROUTES, &descriptor::ROUTES),
            Vec::<String>::new()
        );
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
