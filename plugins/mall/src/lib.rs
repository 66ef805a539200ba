//! Leida business module `mall` (slot `mall`): company and personal
//! products with their content and pictures, in the mini-program (list,
//! single product, forward, enquiry), the radar app and the back office.
//!
//! `lib.rs` holds the routing table; each concern lives in its own file.

mod admin;
mod content;
mod descriptor;
mod editing;
mod forms;
mod legacy_form;
mod listing;
mod pictures;
mod product;
mod qiyeweixin;
mod remarks;
mod rights;
mod status;
mod views;
mod xiaochengxu;

use leida_module_sdk::{Descriptor, Guest, Handler, Request, Response};

const X: &str = "/zhugeleida/xiaochengxu";
const Q: &str = "/zhugeleida/qiyeweixin/product";
const A: &str = "/zhugeleida/admin/product";

/// Every route: method, path (without a trailing object id), handler.
fn routes() -> Vec<(&'static str, String, Handler)> {
    vec![
        (
            "GET",
            format!("{X}/product/product_list"),
            xiaochengxu::product_list,
        ),
        (
            "GET",
            format!("{X}/product/product_single"),
            xiaochengxu::product_single,
        ),
        (
            "GET",
            format!("{X}/product/forward_product"),
            xiaochengxu::forward_product,
        ),
        (
            "GET",
            format!("{X}/mallManage/forward_product"),
            xiaochengxu::forward_product,
        ),
        (
            "GET",
            format!("{X}/mallManage/consult_product"),
            xiaochengxu::consult_product,
        ),
        ("GET", format!("{Q}/product_list"), qiyeweixin::product_list),
        (
            "GET",
            format!("{Q}/product_single"),
            qiyeweixin::product_single,
        ),
        ("POST", format!("{Q}/add"), qiyeweixin::add),
        ("POST", format!("{Q}/update"), qiyeweixin::update),
        (
            "GET",
            format!("{Q}/delete_article"),
            qiyeweixin::delete_article,
        ),
        ("POST", format!("{Q}/add_picture"), pictures::add_picture),
        (
            "POST",
            format!("{Q}/upload_complete"),
            pictures::upload_complete,
        ),
        (
            "POST",
            format!("{Q}/delete_picture"),
            pictures::delete_picture,
        ),
        ("POST", format!("{Q}/change_status"), editing::change_status),
        ("POST", format!("{Q}/delete"), editing::delete),
        ("GET", format!("{A}/product_list"), admin::product_list),
        ("POST", format!("{A}/add"), admin::add),
        ("POST", format!("{A}/update"), admin::update),
        ("POST", format!("{A}/delete"), editing::delete),
        ("POST", format!("{A}/add_picture"), pictures::add_picture),
        (
            "POST",
            format!("{A}/upload_complete"),
            pictures::upload_complete,
        ),
        ("POST", format!("{A}/change_status"), editing::change_status),
    ]
}

struct Mall;

impl Guest for Mall {
    fn describe() -> Descriptor {
        descriptor::describe()
    }

    fn handle(req: Request) -> Response {
        leida_module_sdk::serve(&routes(), &req)
    }
}

leida_module_sdk::export!(Mall);

#[cfg(test)]
mod tests {
    use super::*;
    use leida_module_sdk::Failure;

    fn route(method: &str, path: &str) -> Result<Handler, Failure> {
        leida_module_sdk::find_route(&routes(), method, path)
    }

    #[test]
    fn serves_the_22_seed_routes_under_declared_prefixes() {
        let routes = routes();
        assert_eq!(routes.len(), 22);
        for (_, path, _) in &routes {
            assert!(
                descriptor::ROUTES
                    .iter()
                    .any(|p| path.starts_with(&format!("{p}/"))),
                "{path}"
            );
        }
        let mut paths: Vec<&str> = routes.iter().map(|(_, p, _)| p.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), routes.len());
    }

    #[test]
    fn dispatch_codes() {
        assert!(route("GET", "/zhugeleida/xiaochengxu/product/product_list").is_ok());
        assert_eq!(
            route("GET", "/zhugeleida/admin/product/add")
                .err()
                .map(|f| f.code),
            Some(402)
        );
        assert_eq!(
            route("GET", "/zhugeleida/admin/product/nope")
                .err()
                .map(|f| f.code),
            Some(404)
        );
    }
}
