//! The bundled plugin of Leida's `mall` module: company and personal
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

use leida_module_sdk::{get, post, Descriptor, Guest, Request, Response, Route};

/// Every route the mall serves.
const ROUTES: &[Route] = &[
    get(
        "/zhugeleida/xiaochengxu/product/product_list",
        xiaochengxu::product_list,
    ),
    get(
        "/zhugeleida/xiaochengxu/product/product_single",
        xiaochengxu::product_single,
    ),
    get(
        "/zhugeleida/xiaochengxu/product/forward_product",
        xiaochengxu::forward_product,
    ),
    get(
        "/zhugeleida/xiaochengxu/mallManage/forward_product",
        xiaochengxu::forward_product,
    ),
    get(
        "/zhugeleida/xiaochengxu/mallManage/consult_product",
        xiaochengxu::consult_product,
    ),
    get(
        "/zhugeleida/qiyeweixin/product/product_list",
        qiyeweixin::product_list,
    ),
    get(
        "/zhugeleida/qiyeweixin/product/product_single",
        qiyeweixin::product_single,
    ),
    post("/zhugeleida/qiyeweixin/product/add", qiyeweixin::add),
    post("/zhugeleida/qiyeweixin/product/update", qiyeweixin::update),
    get(
        "/zhugeleida/qiyeweixin/product/delete_article",
        qiyeweixin::delete_article,
    ),
    post(
        "/zhugeleida/qiyeweixin/product/add_picture",
        pictures::add_picture,
    ),
    post(
        "/zhugeleida/qiyeweixin/product/upload_complete",
        pictures::upload_complete,
    ),
    post(
        "/zhugeleida/qiyeweixin/product/delete_picture",
        pictures::delete_picture,
    ),
    post(
        "/zhugeleida/qiyeweixin/product/change_status",
        editing::change_status,
    ),
    post("/zhugeleida/qiyeweixin/product/delete", editing::delete),
    get(
        "/zhugeleida/admin/product/product_list",
        admin::product_list,
    ),
    post("/zhugeleida/admin/product/add", admin::add),
    post("/zhugeleida/admin/product/update", admin::update),
    post("/zhugeleida/admin/product/delete", editing::delete),
    post(
        "/zhugeleida/admin/product/add_picture",
        pictures::add_picture,
    ),
    post(
        "/zhugeleida/admin/product/upload_complete",
        pictures::upload_complete,
    ),
    post(
        "/zhugeleida/admin/product/change_status",
        editing::change_status,
    ),
];

struct Mall;

impl Guest for Mall {
    fn describe() -> Descriptor {
        descriptor::describe()
    }

    fn handle(req: Request) -> Response {
        leida_module_sdk::serve(ROUTES, &req)
    }
}

leida_module_sdk::export!(Mall);

#[cfg(test)]
mod tests {
    use super::*;
    use leida_module_sdk::{find_route, table_problems, Failure, Handler};

    fn route(method: &str, path: &str) -> Result<Handler, Failure> {
        find_route(ROUTES, method, path)
    }

    #[test]
    fn serves_22_routes_each_once_under_a_declared_prefix() {
        assert_eq!(ROUTES.len(), 22);
        assert_eq!(
            table_problems(ROUTES, &descriptor::ROUTES),
            Vec::<String>::new()
        );
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
