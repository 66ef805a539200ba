//! The product lists, each an index range of `products_shelf` per owner
//! (company products are owner 0), in list order: recommended first, then
//! newest.

use crate::descriptor::PRODUCTS;
use crate::product::{list_order, ProductDoc, COMPANY};
use crate::status::StatusFilter;
use leida_module_sdk::storage::{Comparison, Filter};
use leida_module_sdk::store::{self, Stored};
use leida_module_sdk::types::Page;
use leida_module_sdk::Failure;

/// A page of products and the number of matches.
pub type ProductPage = (Vec<Stored<ProductDoc>>, u64);

/// Company products and the personal products of `user_id` with `shelf`.
pub fn company_and_own(
    user_id: u64,
    shelf: StatusFilter,
    page: Page,
) -> Result<ProductPage, Failure> {
    let of = |owner: u64| {
        let mut filters = vec![store::eq("owner_id", owner)];
        filters.extend(shelf.filters());
        filters
    };
    store::find_any(PRODUCTS, vec![of(COMPANY), of(user_id)], list_order(), page)
}

/// Which products the back office lists (`product_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 1: company products.
    Company,
    /// 2: every radar user's personal products.
    Personal,
}

/// The back office's list: products of `kind` with `shelf` whose name
/// contains `name`.
pub fn of_kind(
    kind: Kind,
    shelf: StatusFilter,
    name: Option<&str>,
    page: Page,
) -> Result<ProductPage, Failure> {
    let mut filters: Vec<Filter> = vec![match kind {
        Kind::Company => store::eq("owner_id", COMPANY),
        Kind::Personal => store::cond("owner_id", Comparison::Gt, COMPANY),
    }];
    filters.extend(shelf.filters());
    if let Some(name) = name {
        filters.push(store::cond("name", Comparison::Contains, name));
    }
    store::find(PRODUCTS, filters, list_order(), page)
}
