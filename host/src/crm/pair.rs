//! The one access rule of the CRM: a radar user acts on a customer through
//! their relation to it. A customer id that is not of the caller's company
//! is unknown (302, exactly as an id that exists nowhere, so nothing leaks
//! across companies); a customer of the company without a relation to the
//! caller is 307. (The `qiyeweixin` prefix makes every caller a radar user.)
//! The customer's side of the rule is the same: a customer reaches a radar
//! user only through their relation, and only in their own company.

use crate::app::AppState;
use crate::auth::Principal;
use crate::http::envelope::{ApiError, ApiResult};
use crate::store::customers::{self, Customer};
use crate::store::relations::{self, Relation};
use crate::store::users;

/// 307: the caller has no relation to the customer.
pub fn unrelated() -> ApiError {
    ApiError::new(307, "用户与客户的关系不存在")
}

/// 302: no such customer in the caller's company.
pub fn unknown_customer() -> ApiError {
    ApiError::no_such("客户")
}

/// The customer `customer_id` of the caller's company; 302 otherwise.
pub async fn customer(app: &AppState, me: &Principal, customer_id: i64) -> ApiResult<Customer> {
    customers::get(&app.db, me.company_id, customer_id)
        .await?
        .ok_or_else(unknown_customer)
}

/// The caller's relation to `customer_id`; 302 for a customer outside the
/// company, 307 for one they are not related to.
pub async fn related(app: &AppState, me: &Principal, customer_id: i64) -> ApiResult<Relation> {
    match relations::get(&app.db, me.company_id, me.id, customer_id).await? {
        Some(r) => Ok(r),
        None => Err(missing(app, me, customer_id).await),
    }
}

/// Why the caller has no relation to `customer_id`: 302 or 307 as above.
pub async fn missing(app: &AppState, me: &Principal, customer_id: i64) -> ApiError {
    match customers::get(&app.db, me.company_id, customer_id).await {
        Ok(Some(_)) => unrelated(),
        Ok(None) => unknown_customer(),
        Err(e) => e.into(),
    }
}

/// 302: no such radar user in the caller's company.
pub fn unknown_user() -> ApiError {
    ApiError::no_such("用户")
}

/// The customer caller's relation to the radar user `user_id`; 302 for a
/// user outside the company, 307 for one the customer is not related to.
pub async fn related_user(app: &AppState, me: &Principal, user_id: i64) -> ApiResult<Relation> {
    if let Some(r) = relations::get(&app.db, me.company_id, user_id, me.id).await? {
        return Ok(r);
    }
    match users::get(&app.db, me.company_id, user_id).await? {
        Some(_) => Err(unrelated()),
        None => Err(unknown_user()),
    }
}
