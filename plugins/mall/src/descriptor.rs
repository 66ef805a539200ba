//! What the mall plugin tells the host: the slot it serves, its version,
//! route prefixes and the collections it keeps, with the indexes its lists
//! run on.

use leida_module_sdk::{collection, index, Descriptor};

/// One document per product (company products have owner 0).
pub const PRODUCTS: &str = "products";
/// One document per uploaded product picture (product 0 until attached).
pub const PICTURES: &str = "pictures";

/// The route prefixes the mall serves.
pub const ROUTES: [&str; 4] = [
    "/zhugeleida/xiaochengxu/product",
    "/zhugeleida/xiaochengxu/mallManage",
    "/zhugeleida/qiyeweixin/product",
    "/zhugeleida/admin/product",
];

/// The plugin's descriptor. Every list reads one owner's products in shelf
/// order (`shelf_rank`, then newest), an index range of `products_shelf`.
pub fn describe() -> Descriptor {
    Descriptor {
        name: "mall".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        routes: ROUTES.iter().map(|r| r.to_string()).collect(),
        collections: vec![
            collection(
                PRODUCTS,
                vec![index(
                    "products_shelf",
                    &["owner_id", "shelf_rank", "published_at"],
                )],
            ),
            collection(PICTURES, vec![index("pictures_product", &["product_id"])]),
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
        assert_eq!(d.name, "mall");
        assert_eq!(name_problems(&d), Vec::<String>::new());
    }
}
