//! Who is calling: the verified principal of a request, by kind.
//!
//! The host authenticates every request before the module runs;
//! `req.caller` (also `directory::caller()`) is the verified
//! [`Principal`]. These helpers keep an endpoint to one kind of caller and
//! answer 404 (`非法请求`) to the others.
//!
//! ```no_run
//! use leida_module_sdk::{directory, json, ok, require_radar_user, Outcome, Request};
//!
//! /// `GET /zhugeleida/qiyeweixin/…`: the calling radar user's own profile.
//! fn own_profile(req: &Request) -> Outcome {
//!     let user_id = require_radar_user(req)?;
//!     let user = directory::get_user(user_id)?;
//!     Ok(ok("查询成功", json!({ "username": user.username, "boss": user.boss })))
//! }
//! ```

use crate::bindings::exports::leida::platform::module::Request;
use crate::bindings::leida::platform::types::Principal;
use crate::failure::Failure;

/// The customer id of a mini-program or public-account caller; 404 otherwise.
pub fn require_customer(req: &Request) -> Result<u64, Failure> {
    match req.caller {
        Principal::Customer(id) => Ok(id),
        _ => Err(Failure::illegal()),
    }
}

/// The radar user id of an enterprise-WeChat caller; 404 otherwise.
pub fn require_radar_user(req: &Request) -> Result<u64, Failure> {
    match req.caller {
        Principal::RadarUser(id) => Ok(id),
        _ => Err(Failure::illegal()),
    }
}

/// The account id of a back-office caller (a company admin, or the
/// operator acting in the company the host bound); 404 otherwise.
pub fn require_admin(req: &Request) -> Result<u64, Failure> {
    match req.caller {
        Principal::Admin(id) => Ok(id),
        _ => Err(Failure::illegal()),
    }
}
