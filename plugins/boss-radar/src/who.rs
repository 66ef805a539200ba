//! Whose numbers a request shows, and who may see them: a company's
//! numbers for its tenant admins (radar users with admin authority, and
//! back-office admins); `type=personal` for any radar user about themself;
//! drill-downs only into radar users of the caller's company.

use leida_module_sdk::directory::{self, Authority};
use leida_module_sdk::{require_admin, require_radar_user, Failure, Input, Request};

/// Whose records a number counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// The whole company's.
    Company,
    /// One radar user's (their customers, their messages, their log).
    User(u64),
}

impl Whose {
    /// The radar user filter of this scope (empty: everyone).
    pub fn user_ids(&self) -> Vec<u64> {
        match self {
            Whose::Company => Vec::new(),
            Whose::User(id) => vec![*id],
        }
    }

    /// The one radar user of this scope, if it is one.
    pub fn user_id(&self) -> Option<u64> {
        match self {
            Whose::Company => None,
            Whose::User(id) => Some(*id),
        }
    }
}

/// The scope of a Boss-radar page: `type=personal` is the calling radar
/// user; without it the company, for a tenant admin only (404 otherwise).
pub fn boss(req: &Request) -> Result<Whose, Failure> {
    let me = require_radar_user(req)?;
    match Input::of(req).text("type") {
        Some("personal") => Ok(Whose::User(me)),
        None | Some("") => {
            if directory::caller_authority() == Authority::Member {
                Err(Failure::new(
                    404,
                    "无权查看全公司数据 (只能查看自己的数据: type=personal)",
                ))
            } else {
                Ok(Whose::Company)
            }
        }
        Some(_) => Err(Failure::invalid("type 只能是 personal")),
    }
}

/// The scope of a back-office home page: the company, for its admins.
pub fn back_office(req: &Request) -> Result<Whose, Failure> {
    require_admin(req)?;
    Ok(Whose::Company)
}

/// The radar user a drill-down lists the customers of: `query_user_id`,
/// a radar user of the caller's company (302 `用户不存在` otherwise); a
/// radar user without admin authority may only name themself (404).
pub fn drilled_user(req: &Request) -> Result<directory::User, Failure> {
    let me = require_radar_user(req)?;
    let asked = Input::of(req).required_id("query_user_id")?;
    if asked != me && directory::caller_authority() == Authority::Member {
        return Err(Failure::new(404, "无权查看其他用户的客户"));
    }
    directory::get_user(asked).map_err(|e| Failure::from(e).or_not_found("用户不存在"))
}
