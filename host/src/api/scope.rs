//! Whose company a request acts on, and whether the caller may manage it:
//! the rule the management endpoints and module requests share.

use crate::db::Db;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::identity::{Authority, Principal};
use crate::store::{companies, roles, Removed};
use serde_json::json;

/// 404 unless `authority` reaches `needed`.
pub fn allow(authority: Authority, needed: Authority) -> ApiResult<()> {
    if authority >= needed {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// The caller's authority, refused (404) below `needed`.
pub async fn require(db: &Db, me: &Principal, needed: Authority) -> ApiResult<Authority> {
    let authority = roles::authority_of(db, me).await?;
    allow(authority, needed)?;
    Ok(authority)
}

/// The company a request names with `company_id`: the caller's own when
/// absent; another one only for the operator (404 for anyone else, so a
/// tenant cannot even probe which ids exist), and 302 when it does not exist.
pub async fn company(
    db: &Db,
    me: &Principal,
    authority: Authority,
    requested: Option<i64>,
) -> ApiResult<i64> {
    let id = requested.unwrap_or(me.company_id);
    if !authority.reaches(me.company_id, id) {
        return Err(ApiError::forbidden());
    }
    if id != me.company_id && companies::get(db, id).await?.is_none() {
        return Err(ApiError::no_such("公司"));
    }
    Ok(id)
}

/// A tenant admin's (or the operator's) management request: who may do
/// what, and on which company (`company_id` of the request, else their own).
pub async fn managed(db: &Db, me: &Principal, fields: &Fields) -> ApiResult<(Authority, i64)> {
    let authority = require(db, me, Authority::TenantAdmin).await?;
    let company_id = company(db, me, authority, fields.int("company_id")?).await?;
    Ok((authority, company_id))
}

/// The answer to a delete of `what`: 200, 302 when absent, 304 while other
/// rows still depend on it.
pub fn removal(outcome: Removed, what: &str) -> ApiResult {
    match outcome {
        Removed::Done => Ok(Envelope::ok(json!({})).msg("删除成功")),
        Removed::NotFound => Err(ApiError::no_such(what)),
        Removed::InUse => Err(ApiError::new(304, "含有子级数据,请先删除或转移子级数据")),
    }
}

/// `1` enabled / `2` disabled as the listings label them.
pub fn status_label(status: i64) -> &'static str {
    if status == 1 {
        "启用"
    } else {
        "未启用"
    }
}
