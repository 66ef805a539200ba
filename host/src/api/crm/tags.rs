//! Customer tags of a radar user: the grouped
//! listing with one customer's selection, the tags with their customers,
//! and creating, deleting and assigning the user's own tags. A user sees the
//! presets and their own tags; a salesperson tags only customers related to
//! them, a tenant admin any customer of the company.

use super::input;
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::http::path_id::PathId;
use crate::identity::{Authority, Principal};
use crate::store::roles;
use crate::store::tags::{self, NewTag};
use axum::extract::State;
use serde_json::{json, Value};
use std::collections::HashSet;

/// The longest tag name, in characters.
const MAX_NAME_CHARS: usize = 32;

/// `GET qiyeweixin/tag_customer`: the visible tags that carry customers the
/// caller may see, with those customers, most customers first.
pub async fn tag_customer(State(db): State<Db>, Caller(me): Caller) -> ApiResult {
    let whole_company = sees_whole_company(&db, &me).await?;
    let pairs = tags::customers_by_tag(&db, me.company_id, me.id, whole_company).await?;
    let mut groups: Vec<(i64, String, Vec<Value>)> = Vec::new();
    for p in pairs {
        let customer = json!({"id": p.customer_id, "headimgurl": p.headimgurl, "name": p.username});
        match groups.last_mut() {
            Some((id, _, customers)) if *id == p.tag_id => customers.push(customer),
            _ => groups.push((p.tag_id, p.tag_name, vec![customer])),
        }
    }
    // Stable: equal counts keep tag id order.
    groups.sort_by_key(|(_, _, customers)| std::cmp::Reverse(customers.len()));
    let ret_data: Vec<Value> = groups
        .into_iter()
        .map(|(id, name, customers)| {
            json!({
                "id": id,
                "name": name,
                "tag_id": id,
                "customer_num": customers.len(),
                "customer_list": customers,
            })
        })
        .collect();
    Ok(Envelope::ok(json!({ "ret_count": ret_data.len(), "ret_data": ret_data })).msg("查询成功"))
}

/// `POST qiyeweixin/tag_customer/add/{id}` (`name`, `customer_list`): a new
/// own tag on those customers.
pub async fn tag_customer_add(
    State(db): State<Db>,
    Caller(me): Caller,
    // Checked (a malformed id is 301), then unused: clients send 0.
    _unused: PathId,
    fields: Fields,
) -> ApiResult {
    let name = tag_name(&fields)?;
    let customers = input::id_list("customer_list", fields.required("customer_list")?)?;
    create(&db, &me, name, &customers).await
}

/// `GET qiyeweixin/tag_list` (`customer_id`, `tag_type` optional): the
/// preset groups with the visible tags under each, `is_select` when the
/// customer carries the tag.
pub async fn tag_list(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let tag_type = fields.int("tag_type")?;
    if tag_type.is_some_and(|t| !(1..=2).contains(&t)) {
        return Err(ApiError::bad_value("tag_type", "取值 1 或 2"));
    }
    let selected: HashSet<i64> = match fields.int("customer_id")? {
        Some(customer_id) => {
            ensure_in_reach(&db, &me, &[customer_id]).await?;
            tags::ids_on(&db, me.company_id, customer_id)
                .await?
                .into_iter()
                .collect()
        }
        None => HashSet::new(),
    };
    let rows = tags::listing(&db, me.company_id, me.id, tag_type).await?;
    let ret_data: Vec<Value> = rows
        .iter()
        .filter(|g| g.parent_id.is_none())
        .map(|g| {
            let children: Vec<Value> = rows
                .iter()
                .filter(|t| t.parent_id == Some(g.id))
                .map(|t| json!({"id": t.id, "name": t.name, "is_select": selected.contains(&t.id)}))
                .collect();
            json!({"name": g.name, "tags": children})
        })
        .collect();
    Ok(Envelope::ok(json!({ "tag_count": ret_data.len(), "ret_data": ret_data })).msg("请求成功"))
}

/// `POST qiyeweixin/tag_list/add_tag/{customer_id}` (`name`): a new own tag
/// on that customer.
pub async fn add_tag(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(customer_id): PathId,
    fields: Fields,
) -> ApiResult {
    let name = tag_name(&fields)?;
    create(&db, &me, name, &[customer_id]).await
}

/// `POST qiyeweixin/tag_list/delete_tag/{tag_id}`: deletes an own tag.
pub async fn delete_tag(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(tag_id): PathId,
) -> ApiResult {
    if !tags::delete_own(&db, me.company_id, me.id, tag_id).await? {
        return Err(ApiError::no_such("标签"));
    }
    Ok(Envelope::ok(json!({})).msg("删除成功"))
}

/// `POST qiyeweixin/tag_list/customer_tag/{customer_id}` (`tag_list`, a
/// JSON list; absent clears): replaces the customer's tags that the caller
/// sees; colleagues' tags on the customer stay.
pub async fn customer_tag(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(customer_id): PathId,
    fields: Fields,
) -> ApiResult {
    let tag_ids = match fields.present("tag_list") {
        Some(text) => input::id_list("tag_list", text)?,
        None => Vec::new(),
    };
    ensure_in_reach(&db, &me, &[customer_id]).await?;
    if !tags::replace_on_customer(&db, me.company_id, me.id, customer_id, &tag_ids).await? {
        return Err(ApiError::no_such("标签"));
    }
    Ok(Envelope::ok(json!({})).msg("保存成功"))
}

/// Creates the caller's tag on `customers` after checking every id.
async fn create(db: &Db, me: &Principal, name: &str, customers: &[i64]) -> ApiResult {
    ensure_in_reach(db, me, customers).await?;
    match tags::create_own(db, me.company_id, me.id, name, customers).await? {
        NewTag::Created(id) => Ok(Envelope::ok(json!({"id": id, "name": name})).msg("添加成功")),
        NewTag::NameTaken => Err(ApiError::new(300, "标签名已存在")),
        NewTag::UnknownCustomer => Err(ApiError::no_such("客户")),
    }
}

/// A tenant admin (or the operator) tags any customer of the company.
async fn sees_whole_company(db: &Db, me: &Principal) -> ApiResult<bool> {
    Ok(roles::authority_of(db, me).await? >= Authority::TenantAdmin)
}

/// 302 unless the caller may tag every customer in `ids`.
async fn ensure_in_reach(db: &Db, me: &Principal, ids: &[i64]) -> ApiResult<()> {
    let whole_company = sees_whole_company(db, me).await?;
    if tags::customers_in_reach(db, me.company_id, me.id, ids, whole_company).await? {
        Ok(())
    } else {
        Err(ApiError::no_such("客户"))
    }
}

/// The `name` field: 1 to 32 characters.
fn tag_name(fields: &Fields) -> ApiResult<&str> {
    let name = fields.required("name")?;
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::bad_form(format!(
            "name: 标签名最多{MAX_NAME_CHARS}个字符"
        )));
    }
    Ok(name)
}
