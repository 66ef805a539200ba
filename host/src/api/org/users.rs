//! `qiyeweixin/user*`: a tenant admin manages the company's radar users; the
//! operator those of any company. Nobody grants more authority than they hold.

use crate::api::scope;
use crate::auth::credentials::{hash_password, new_token};
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::http::path_id::PathId;
use crate::identity::{Authority, Principal};
use crate::local_time::{iso, parse_date};
use crate::store::users::{self, AccountChange, ListFilter};
use crate::store::Updated;
use crate::store::{roles, users::NewUser};
use axum::extract::State;
use serde_json::json;

/// `GET qiyeweixin/user`: the company's users (every company's for the
/// operator), filtered by `username`, `role__name`, `company__name` (substrings)
/// and `create_date` (a day).
pub async fn list(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let authority = scope::require(&db, &me, Authority::TenantAdmin).await?;
    let company_id = match (authority, fields.int("company_id")?) {
        (Authority::Operator, None) => None,
        (_, requested) => Some(scope::company(&db, &me, authority, requested).await?),
    };
    let created_on = fields
        .present("create_date")
        .map(|d| {
            parse_date(d).ok_or_else(|| ApiError::bad_value("create_date", "日期格式为 YYYY-MM-DD"))
        })
        .transpose()?;
    let filter = ListFilter {
        company_id,
        username_contains: fields.present("username").map(str::to_string),
        role_name_contains: fields.present("role__name").map(str::to_string),
        company_name_contains: fields.present("company__name").map(str::to_string),
        created_on,
    };
    let page = fields.page(10)?;
    let (rows, total) = users::search(&db, &filter, page.offset, page.limit).await?;
    let ret: Vec<_> = rows
        .iter()
        .map(|u| {
            json!({
                "id": u.id,
                "username": u.username,
                "userid": u.wecom_userid,
                "role_name": u.role_name,
                "role_id": u.role_id,
                "company_id": u.company_id,
                "company_name": u.company_name,
                "create_date": iso(u.created_at),
                "last_login_date": u.last_login_at.map(iso),
                "status": scope::status_label(u.status),
                "status_code": u.status,
                "boss_status": u.boss_status,
            })
        })
        .collect();
    Ok(Envelope::ok(json!({ "ret_data": ret, "data_count": total })).msg("查询成功"))
}

/// `POST qiyeweixin/user/add/{id}`: `username`, `password`, `role_id`,
/// `company_id` (the caller's when absent), `userid` (WeCom UserID).
pub async fn add(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let (authority, company_id) = scope::managed(&db, &me, &fields).await?;
    let username =
        super::short_text(&fields, "username")?.ok_or_else(|| ApiError::missing("username"))?;
    let password = fields.required("password")?;
    let role_id =
        grantable_role(&db, company_id, authority, fields.required_int("role_id")?).await?;
    let hash = hash_password(password)?;
    let token = new_token();
    let new = NewUser {
        company_id,
        username,
        password_hash: Some(&hash),
        token: &token,
        boss: false,
        role_id: Some(role_id),
        wecom_userid: fields.present("userid"),
    };
    let id = users::create(&db, new).await?.ok_or_else(taken)?;
    Ok(Envelope::ok(json!({ "user_id": id })).msg("添加成功"))
}

/// `POST qiyeweixin/user/update/{id}`: changes `username`, `password`,
/// `role_id`, `userid` of a user the caller outranks or equals.
pub async fn update(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(id): PathId,
    fields: Fields,
) -> ApiResult {
    let (authority, company_id) = scope::managed(&db, &me, &fields).await?;
    managed_user(&db, &me, authority, company_id, id).await?;
    let role_id = match fields.int("role_id")? {
        Some(r) => Some(grantable_role(&db, company_id, authority, r).await?),
        None => None,
    };
    let change = AccountChange {
        username: super::short_text(&fields, "username")?.map(str::to_string),
        password_hash: fields.present("password").map(hash_password).transpose()?,
        role_id,
        wecom_userid: fields.present("userid").map(str::to_string),
    };
    match users::update_account(&db, company_id, id, change).await? {
        Updated::Done => Ok(Envelope::ok(json!({})).msg("修改成功")),
        Updated::NotFound => Err(ApiError::no_such("用户")),
        Updated::Taken => Err(taken()),
    }
}

/// `POST qiyeweixin/user/delete/{id}`: removes a user who has no customers,
/// actions or messages left; never the caller.
pub async fn delete(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(id): PathId,
    fields: Fields,
) -> ApiResult {
    let (authority, company_id) = scope::managed(&db, &me, &fields).await?;
    if company_id == me.company_id && id == me.id {
        return Err(ApiError::new(305, "不允许删除自己"));
    }
    managed_user(&db, &me, authority, company_id, id).await?;
    scope::removal(users::delete(&db, company_id, id).await?, "用户")
}

/// 300: another user of the company has the name or the WeCom UserID.
fn taken() -> ApiError {
    ApiError::new(300, "用户名或企业微信UserID已存在")
}

/// Role `role_id` of `company_id` if the caller may grant it (302 unknown, 404 above them).
async fn grantable_role(
    db: &Db,
    company_id: i64,
    authority: Authority,
    role_id: i64,
) -> ApiResult<i64> {
    let role = roles::get(db, company_id, role_id)
        .await?
        .ok_or_else(|| ApiError::no_such("角色"))?;
    scope::allow(authority, Authority::from_level(role.authority))?;
    Ok(role.id)
}

/// Checks that user `id` exists in `company_id` (302) and does not outrank the caller (404).
async fn managed_user(
    db: &Db,
    me: &Principal,
    authority: Authority,
    company_id: i64,
    id: i64,
) -> ApiResult<()> {
    let level = users::authority_level(db, company_id, id)
        .await?
        .ok_or_else(|| ApiError::no_such("用户"))?;
    if !(company_id == me.company_id && id == me.id) {
        scope::allow(authority, Authority::from_level(level))?;
    }
    Ok(())
}
