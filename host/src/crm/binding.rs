//! Relating a customer to a radar user, by a mini-program binding or a
//! public-account share link: the company's `customer_unique` rule decides
//! whether a new relation may be made.

use crate::db::Db;
use crate::store::companies::Company;
use crate::store::relations::{self, RelationFilter};
use crate::store::StoreError;

/// Creates the relation of `user_id` and `customer_id` (referred by
/// `parent`) unless the company's rule forbids it: with `customer_unique`
/// a customer related to anyone in the company gets no other relation;
/// without it only an existing pair blocks. True when it was created.
pub async fn relate(
    db: &Db,
    company: &Company,
    user_id: i64,
    customer_id: i64,
    source: i64,
    parent: Option<i64>,
) -> Result<bool, StoreError> {
    if company.customer_unique == 1 {
        let f = RelationFilter {
            customer_id: Some(customer_id),
            ..Default::default()
        };
        if relations::count(db, company.id, &f).await? > 0 {
            return Ok(false);
        }
    }
    relations::create(db, company.id, user_id, customer_id, source, parent).await
}
