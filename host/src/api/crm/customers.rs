//! One customer as the salesperson sees it: the detail, their tags and
//! expected closing on it, and removing it from the address book.

use super::input;
use crate::crm::labels::{customer_name, source_label};
use crate::crm::pair::{self, PairError};
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::http::path_id::PathId;
use crate::identity::{Authority, Principal};
use crate::local_time::{days_between, now_ms};
use crate::store::relations::{self, ExpectedChange};
use crate::store::{customers, notes, roles, tags};
use axum::extract::State;
use serde_json::json;

/// `GET qiyeweixin/customer`: the customer with the caller's relation,
/// notes and the tags they see. A tenant admin may read any customer of the
/// company (the relation fields are null when they have none).
pub async fn detail(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let customer_id = fields.required_int("customer_id")?;
    let customer = pair::customer(&db, &me, customer_id).await?;
    let relation = relations::get(&db, me.company_id, me.id, customer_id).await?;
    if relation.is_none() && roles::authority_of(&db, &me).await? < Authority::TenantAdmin {
        return Err(PairError::Unrelated.into());
    }
    let notes = notes::get(&db, me.company_id, me.id, customer_id).await?;
    let superior = match relation.as_ref().and_then(|r| r.parent_customer_id) {
        Some(parent) => customers::get(&db, me.company_id, parent)
            .await?
            .map(|p| customer_name(&p.username, p.id)),
        None => None,
    };
    let tag = tags::names_on(&db, me.company_id, me.id, customer_id).await?;
    let note = |f: fn(&notes::Notes) -> &str| notes.as_ref().map_or("", f).to_string();
    // The salesperson's own notes override what the customer's profile says.
    let phone = Some(note(|n| &n.phone))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| customer.phone.clone());
    let sex = notes.as_ref().and_then(|n| n.sex).unwrap_or(customer.sex);
    let pr = relation.as_ref().map(|r| r.expected_pr.to_string());
    let item = json!({
        "id": customer.id,
        "username": customer_name(&customer.username, customer.id),
        "headimgurl": customer.headimgurl,
        "expected_time": relation.as_ref().and_then(|r| r.expected_date.clone()),
        "expedted_pr": pr,
        "ai_pr": pr,
        "superior": superior,
        "source": relation.as_ref().map(|r| source_label(r.source)),
        "memo_name": notes.as_ref().map(|n| n.note_name.clone()).filter(|n| !n.is_empty()),
        "phone": phone,
        "email": note(|n| &n.email),
        "company": note(|n| &n.company),
        "position": note(|n| &n.position),
        "address": note(|n| &n.address),
        "birthday": notes.as_ref().and_then(|n| n.birthday.clone()).unwrap_or_default(),
        "mem": note(|n| &n.mem),
        "sex": sex,
        "user_type": customer.user_type,
        "tag": tag,
        "day_interval": days_between(customer.created_at, now_ms()),
    });
    Ok(Envelope::ok(json!({ "ret_data": [item], "data_count": 1 })).msg("查询成功"))
}

/// `POST qiyeweixin/customer/update_customer/{id}`: the caller's tags on the
/// customer (`tag_list`), the expected probability (`expedted_pr`) and date
/// (`expected_time`), each optional. Every field is checked before anything
/// is written, and the tags (the one write that can be refused) go first.
pub async fn update_customer(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(customer_id): PathId,
    fields: Fields,
) -> ApiResult {
    let tag_ids = fields
        .present("tag_list")
        .map(|v| input::id_list("tag_list", v))
        .transpose()?;
    let mut changes = Vec::new();
    if let Some(v) = fields.present("expedted_pr") {
        changes.push(ExpectedChange::Pr(input::percent("expedted_pr", v)?));
    }
    if let Some(v) = fields.present("expected_time") {
        changes.push(ExpectedChange::Date(input::day("expected_time", v)?));
    }
    pair::related(&db, &me, customer_id).await?;
    if let Some(ids) = tag_ids {
        replace_tags(&db, &me, customer_id, &ids).await?;
    }
    relations::change_expected(&db, me.company_id, me.id, customer_id, &changes).await?;
    Ok(Envelope::ok(json!({})).msg("添加成功"))
}

/// `POST qiyeweixin/customer/update_tag/{id}`: replaces the tags the caller
/// sees on the customer with `tag_list` (`[]` clears them).
pub async fn update_tag(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(customer_id): PathId,
    fields: Fields,
) -> ApiResult {
    let raw = input::submitted(&fields, "tag_list")
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::missing("tag_list"))?;
    let ids = input::id_list("tag_list", raw)?;
    pair::related(&db, &me, customer_id).await?;
    replace_tags(&db, &me, customer_id, &ids).await?;
    Ok(Envelope::ok(json!({})).msg("添加成功"))
}

/// Replaces the caller's visible tags on the customer; 302, nothing changed,
/// when an id is not a tag the caller may use.
async fn replace_tags(db: &Db, me: &Principal, customer_id: i64, ids: &[i64]) -> ApiResult<()> {
    if tags::replace_on_customer(db, me.company_id, me.id, customer_id, ids).await? {
        Ok(())
    } else {
        Err(ApiError::no_such("标签"))
    }
}

/// `GET qiyeweixin/customer/delete/{id}`: removes the customer from the
/// caller's address book (the relation with its notes and follow-up lines;
/// actions and chat history stay).
pub async fn delete(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(customer_id): PathId,
) -> ApiResult {
    if !relations::remove(&db, me.company_id, me.id, customer_id).await? {
        return Err(pair::missing(&db, &me, customer_id).await.into());
    }
    Ok(Envelope::ok(json!({})).msg("删除成功"))
}
