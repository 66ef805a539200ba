//! A customer's visit to a radar user's content in the mini-program: the
//! calling customer, the radar user named by `uid` (looked up in the
//! customer's company) and the radar actions the visit records.
//!
//! # Example
//!
//! A customer copies the WeChat id shown on a card (`?uid=…`): action 5.
//!
//! ```no_run
//! use leida_module_sdk::{json, ok, Outcome, Request, Visit};
//!
//! /// Radar code 5: copied the WeChat id.
//! const COPIED_WECHAT: u16 = 5;
//!
//! fn save_wechat(req: &Request) -> Outcome {
//!     // 404 for a non-customer, 303/301 for a bad `uid`, 302 with this
//!     // message when `uid` is no radar user of the customer's company.
//!     let visit = Visit::of(req, "名片用户不存在")?;
//!     visit.record(COPIED_WECHAT, "复制了您的微信号", None)?;
//!     Ok(ok("记录日志成功", json!({ "wechat": visit.user.wechat })))
//! }
//! ```

use crate::bindings::exports::leida::platform::module::Request;
use crate::bindings::leida::platform::{directory, radar};
use crate::caller::require_customer;
use crate::failure::Failure;
use crate::input::Input;

/// The calling customer and the radar user (`uid`) whose content they see.
pub struct Visit {
    /// The calling customer.
    pub customer_id: u64,
    /// The radar user named by `uid`.
    pub user: directory::User,
}

impl Visit {
    /// The visit of `req`: 404 for a caller who is not a customer, 303/301
    /// for a missing or malformed `uid`, 302 with `unknown_user` when `uid`
    /// is not a radar user of the customer's company.
    pub fn of(req: &Request, unknown_user: &str) -> Result<Visit, Failure> {
        let customer_id = require_customer(req)?;
        let uid = Input::of(req).required_id("uid")?;
        let user =
            directory::get_user(uid).map_err(|e| Failure::from(e).or_not_found(unknown_user))?;
        Ok(Visit { customer_id, user })
    }

    /// The visit `req` names, if any: for a customer caller with `uid` (or
    /// `u_id`, as the case-library clients send it), the radar user it
    /// names, 302 with `unknown_user` when that is no radar user of the
    /// company; none for other callers or when no user is named.
    pub fn named(req: &Request, unknown_user: &str) -> Result<Option<Visit>, Failure> {
        let crate::types::Principal::Customer(customer_id) = req.caller else {
            return Ok(None);
        };
        let input = Input::of(req);
        let uid = match input.id("uid")? {
            Some(uid) => Some(uid),
            None => input.id("u_id")?,
        };
        let Some(uid) = uid else {
            return Ok(None);
        };
        let user =
            directory::get_user(uid).map_err(|e| Failure::from(e).or_not_found(unknown_user))?;
        Ok(Some(Visit { customer_id, user }))
    }

    /// Logs radar action `code` of this customer for this user, about `target`.
    pub fn record(
        &self,
        code: u16,
        remark: &str,
        target: Option<radar::Target>,
    ) -> Result<(), Failure> {
        radar::record_action(&radar::Action {
            code,
            user_id: self.user.id,
            customer_id: self.customer_id,
            target,
            remark: remark.to_string(),
        })?;
        Ok(())
    }
}
