//! Who is calling: the verified principal of a request, by kind.

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
