//! The salesperson's private notes on a customer (`update_information`).

use super::input;
use crate::crm::pair::{self, PairError};
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::http::path_id::PathId;
use crate::store::notes::{self, Notes};
use axum::extract::State;
use serde_json::json;

/// The longest note name, in characters.
const NAME_MAX: usize = 64;
/// The longest phone number.
const PHONE_MAX: usize = 32;
/// The longest email, company or position.
const SHORT_TEXT_MAX: usize = 128;
/// The longest address.
const ADDRESS_MAX: usize = 256;
/// The longest free-text memo.
const MEM_MAX: usize = 1024;

/// `POST qiyeweixin/customer/update_information/{id}`: creates or updates
/// the caller's notes on the customer. Fields not sent keep their value, an
/// empty one clears it. The note name is `username` (or `memo_name` when
/// `username` is not sent); `sex` is 1 or 2; `birthday` a date. The
/// relation facts clients also send (`superior`, `source`, `belonger`)
/// are not edited here and are ignored.
pub async fn update_information(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(customer_id): PathId,
    fields: Fields,
) -> ApiResult {
    // Check everything before writing anything: bad input changes nothing.
    let text = |name: &str, max: usize| -> ApiResult<Option<String>> {
        input::submitted(&fields, name)
            .map(|v| input::bounded(name, v, max).map(str::to_string))
            .transpose()
    };
    let note_name = match text("username", NAME_MAX)? {
        Some(name) => Some(name),
        None => text("memo_name", NAME_MAX)?,
    };
    let phone = text("phone", PHONE_MAX)?;
    let email = text("email", SHORT_TEXT_MAX)?;
    if let Some(e) = email.as_deref().filter(|e| !e.is_empty()) {
        if !looks_like_email(e) {
            return Err(ApiError::bad_value("email", "不是有效的邮箱"));
        }
    }
    let company = text("company", SHORT_TEXT_MAX)?;
    let position = text("position", SHORT_TEXT_MAX)?;
    let address = text("address", ADDRESS_MAX)?;
    let mem = text("mem", MEM_MAX)?;
    let sex = match fields.int("sex")? {
        Some(s @ (1 | 2)) => Some(s),
        Some(_) => return Err(ApiError::bad_value("sex", "取值 1 或 2")),
        None => None,
    };
    let birthday = match input::submitted(&fields, "birthday") {
        Some("") => Some(None),
        Some(v) => Some(Some(input::day("birthday", v)?)),
        None => None,
    };

    pair::related(&db, &me, customer_id).await?;
    let mut n: Notes = notes::get(&db, me.company_id, me.id, customer_id)
        .await?
        .unwrap_or_default();
    for (slot, value) in [
        (&mut n.note_name, note_name),
        (&mut n.phone, phone),
        (&mut n.email, email),
        (&mut n.company, company),
        (&mut n.position, position),
        (&mut n.address, address),
        (&mut n.mem, mem),
    ] {
        if let Some(v) = value {
            *slot = v;
        }
    }
    if sex.is_some() {
        n.sex = sex;
    }
    if let Some(b) = birthday {
        n.birthday = b;
    }
    if !notes::save(&db, me.company_id, me.id, customer_id, &n).await? {
        // The relation went away between the check and the write.
        return Err(PairError::Unrelated.into());
    }
    Ok(Envelope::ok(json!({})).msg("添加成功"))
}

/// One `@` with text on both sides and no spaces: enough to catch a
/// mistyped field without rejecting real addresses.
fn looks_like_email(e: &str) -> bool {
    matches!(e.split_once('@'), Some((user, host))
        if !user.is_empty() && !host.is_empty() && !host.contains('@') && !e.contains(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::looks_like_email;

    #[test]
    fn emails() {
        assert!(looks_like_email("1224423@qq.com"));
        for bad in ["1224423", "@qq.com", "a@", "a@b@c", "a b@c"] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}
