//! Who sees which trees: radar users their own, a tenant admin any user's
//! of the company. (Only back-office admins write content: the SDK's
//! `require_admin`.)

use leida_module_sdk::directory::{self, Authority};
use leida_module_sdk::types::Principal;
use leida_module_sdk::{Failure, Input, Request};

/// The radar user whose trees a radar-side view shows: the calling radar
/// user, or `uid` for a tenant admin or a back-office admin (who must name
/// one). `uid` of another company is 302; a member naming someone else 404.
pub fn tree_owner(req: &Request) -> Result<directory::User, Failure> {
    let asked = Input::of(req).id("uid")?;
    let uid = match (req.caller, asked) {
        (Principal::RadarUser(me), None) => me,
        (Principal::RadarUser(me), Some(uid)) if uid == me => me,
        (Principal::RadarUser(_), Some(uid)) => {
            if directory::caller_authority() == Authority::Member {
                return Err(Failure::illegal());
            }
            uid
        }
        (Principal::Admin(_), Some(uid)) => uid,
        (Principal::Admin(_), None) => return Err(Failure::form("uid 不能为空")),
        (Principal::Customer(_), _) => return Err(Failure::illegal()),
    };
    radar_user(uid)
}

/// The radar user `uid` of the company; 302 `用户不存在` otherwise.
pub fn radar_user(uid: u64) -> Result<directory::User, Failure> {
    directory::get_user(uid).map_err(|e| Failure::from(e).or_not_found("用户不存在"))
}
