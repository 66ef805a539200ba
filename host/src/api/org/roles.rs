//! `qiyeweixin/role*`: the company's roles and their permission entries (the
//! console menu items a role opens). A role's `authority` (0 member, 1 tenant
//! admin, 2 operator) is what the other management endpoints check; nobody
//! creates or raises a role above their own authority.
//!
//! The role routes also serve permission entries: a body with
//! `path` and `title` adds an entry to role `{id}`, and `rule_id` addresses
//! an existing entry for update and delete.

use crate::api::scope;
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::http::path_id::PathId;
use crate::identity::{Authority, Principal};
use crate::local_time::iso;
use crate::store::roles::{self, RuleFields};
use crate::store::Updated;
use axum::extract::State;
use serde_json::{json, Value};

/// `GET qiyeweixin/role`: roles with their entries and holders.
pub async fn list(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let (_, company_id) = scope::managed(&db, &me, &fields).await?;
    let rules = roles::rules(&db, company_id).await?;
    let mut ret = Vec::new();
    for role in roles::list(&db, company_id).await? {
        let entries: Vec<Value> = rules
            .iter()
            .filter(|r| r.role_id == role.id)
            .map(|r| {
                json!({
                    "id": r.id, "path": r.path, "icon": r.icon, "title": r.title,
                    "pid_id": r.parent_id, "order_num": r.order_num,
                })
            })
            .collect();
        ret.push(json!({
            "id": role.id,
            "name": role.name,
            "role_id": role.id,
            "authority": role.authority,
            "user_count": roles::holders(&db, company_id, role.id).await?,
            "rules": entries,
            "create_date": iso(role.created_at),
        }));
    }
    let count = ret.len();
    Ok(Envelope::ok(json!({ "ret_data": ret, "data_count": count })).msg("查询成功"))
}

/// `POST qiyeweixin/role`: a new role (`name`, optional `authority`).
pub async fn create(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    add_to(&db, &me, 0, &fields).await
}

/// `POST qiyeweixin/role/add/{id}`: with `name`, a new role (`authority`
/// optional); with `path` and `title`, a new entry of role `{id}`.
pub async fn add(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(id): PathId,
    fields: Fields,
) -> ApiResult {
    add_to(&db, &me, id, &fields).await
}

async fn add_to(db: &Db, me: &Principal, role_id: i64, fields: &Fields) -> ApiResult {
    let (authority, company_id) = scope::managed(db, me, fields).await?;
    if fields.present("name").is_none() && fields.present("path").is_some() {
        let role = roles::get(db, company_id, role_id)
            .await?
            .ok_or_else(|| ApiError::no_such("角色"))?;
        scope::allow(authority, Authority::from_level(role.authority))?;
        let rule = rule_fields(fields)?;
        let rule_id = roles::add_rule(db, company_id, role_id, rule)
            .await?
            .ok_or_else(|| ApiError::no_such("上级权限"))?;
        return Ok(Envelope::ok(json!({ "rule_id": rule_id })).msg("添加成功"));
    }
    let name = super::short_text(fields, "name")?.ok_or_else(|| ApiError::missing("name"))?;
    let level = granted(fields, authority)?.unwrap_or(Authority::Member);
    let role_id = roles::create(db, company_id, name, level)
        .await?
        .ok_or_else(|| ApiError::new(300, "角色名已存在"))?;
    Ok(Envelope::ok(json!({ "role_id": role_id })).msg("添加成功"))
}

/// `POST qiyeweixin/role/update/{id}`: `name`/`authority` of the role, or with
/// `rule_id` the fields of one of its entries.
pub async fn update(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(id): PathId,
    fields: Fields,
) -> ApiResult {
    let (authority, company_id) = role_in_reach(&db, &me, &fields, id).await?;
    if let Some(rule_id) = fields.int("rule_id")? {
        let rule = rule_fields(&fields)?;
        if !roles::update_rule(&db, company_id, id, rule_id, rule).await? {
            return Err(ApiError::no_such("权限条目或上级权限"));
        }
        return Ok(Envelope::ok(json!({})).msg("修改成功"));
    }
    let name = super::short_text(&fields, "name")?;
    let level = granted(&fields, authority)?;
    if name.is_none() && level.is_none() {
        return Err(ApiError::missing("name"));
    }
    match roles::update(&db, company_id, id, name, level).await? {
        Updated::Done => Ok(Envelope::ok(json!({})).msg("修改成功")),
        Updated::NotFound => Err(ApiError::no_such("角色")),
        Updated::Taken => Err(ApiError::new(300, "角色名已存在")),
    }
}

/// `POST qiyeweixin/role/delete/{id}`: the role (304 while users hold it), or
/// with `rule_id` one of its entries (304 while entries hang under it).
pub async fn delete(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(id): PathId,
    fields: Fields,
) -> ApiResult {
    let (_, company_id) = role_in_reach(&db, &me, &fields, id).await?;
    let outcome = match fields.int("rule_id")? {
        Some(rule_id) => roles::delete_rule(&db, company_id, id, rule_id).await?,
        None => roles::delete_unheld(&db, company_id, id).await?,
    };
    scope::removal(outcome, "角色或权限条目")
}

/// The caller's authority and the company of role `id`, which the caller
/// manages and whose authority does not exceed their own.
async fn role_in_reach(
    db: &Db,
    me: &Principal,
    fields: &Fields,
    id: i64,
) -> ApiResult<(Authority, i64)> {
    let (authority, company_id) = scope::managed(db, me, fields).await?;
    let role = roles::get(db, company_id, id)
        .await?
        .ok_or_else(|| ApiError::no_such("角色"))?;
    scope::allow(authority, Authority::from_level(role.authority))?;
    Ok((authority, company_id))
}

/// The `authority` field (0, 1, 2), refused above the caller's own.
fn granted(fields: &Fields, caller: Authority) -> ApiResult<Option<Authority>> {
    let Some(level) = fields.int("authority")? else {
        return Ok(None);
    };
    if !(0..=2).contains(&level) {
        return Err(ApiError::bad_value("authority", "取值 0, 1, 2"));
    }
    let wanted = Authority::from_level(level);
    scope::allow(caller, wanted)?;
    Ok(Some(wanted))
}

/// The fields of a permission entry: `path` and `title` required.
fn rule_fields(fields: &Fields) -> ApiResult<RuleFields<'_>> {
    let title = super::checked_length("title", fields.required("title")?)?;
    Ok(RuleFields {
        path: fields.required("path")?,
        icon: fields.present("icon").unwrap_or(""),
        title,
        parent_id: fields.int("pid_id")?.filter(|p| *p != 0),
        order_num: fields
            .int("order_num")?
            .or(fields.int("order")?)
            .unwrap_or(0),
    })
}
