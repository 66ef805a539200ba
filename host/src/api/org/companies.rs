//! `qiyeweixin/company*`: the operator creates, lists, renames and deletes
//! companies; a tenant admin sees and renames their own; members see their own.

use crate::api::scope;
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::http::path_id::PathId;
use crate::identity::Authority;
use crate::local_time::iso;
use crate::store::{companies, roles, Updated};
use axum::extract::State;
use serde_json::json;

/// `GET qiyeweixin/company`: every company for the operator (`name` filters
/// by substring), the caller's own for anyone else.
pub async fn list(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let authority = roles::authority_of(&db, &me).await?;
    let only = (authority != Authority::Operator).then_some(me.company_id);
    let page = fields.page(10)?;
    let (rows, total) =
        companies::search(&db, only, fields.present("name"), page.offset, page.limit).await?;
    let ret: Vec<_> = rows
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name,
                "company_id": c.id,
                "area": c.area,
                "address": c.address,
                "status": scope::status_label(c.status),
                "create_date": iso(c.created_at),
            })
        })
        .collect();
    Ok(Envelope::ok(json!({ "ret_data": ret, "data_count": total })).msg("查询成功"))
}

/// `POST qiyeweixin/company/add/{id}`: a new company named `name` (operator only).
pub async fn add(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(_): PathId,
    fields: Fields,
) -> ApiResult {
    scope::require(&db, &me, Authority::Operator).await?;
    let name = super::short_text(&fields, "name")?.ok_or_else(|| ApiError::missing("name"))?;
    let id = companies::create(&db, name)
        .await?
        .ok_or_else(|| ApiError::new(300, "公司名已存在"))?;
    Ok(Envelope::ok(json!({ "company_id": id })).msg("添加成功"))
}

/// `POST qiyeweixin/company/update/{id}`: `name`, `area`, `address` of the
/// caller's company (tenant admin) or any company (operator).
pub async fn update(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(id): PathId,
    fields: Fields,
) -> ApiResult {
    let authority = scope::require(&db, &me, Authority::TenantAdmin).await?;
    let id = scope::company(&db, &me, authority, Some(id)).await?;
    let name = super::short_text(&fields, "name")?;
    let (area, address) = (fields.present("area"), fields.present("address"));
    if name.is_none() && area.is_none() && address.is_none() {
        return Err(ApiError::missing("name"));
    }
    match companies::update(&db, id, name, area, address).await? {
        Updated::Done => Ok(Envelope::ok(json!({})).msg("修改成功")),
        Updated::Taken => Err(ApiError::new(300, "公司名已存在")),
        Updated::NotFound => Err(ApiError::no_such("公司")),
    }
}

/// `POST qiyeweixin/company/delete/{id}`: removes an empty company (operator
/// only; never their own; 304 while users, customers or roles remain).
pub async fn delete(State(db): State<Db>, Caller(me): Caller, PathId(id): PathId) -> ApiResult {
    scope::require(&db, &me, Authority::Operator).await?;
    if id == me.company_id {
        return Err(ApiError::new(305, "不允许删除自己所在的公司"));
    }
    scope::removal(companies::delete_empty(&db, id).await?, "公司")
}
