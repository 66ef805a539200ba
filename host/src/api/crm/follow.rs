//! The follow-up log of a customer: what the salesperson wrote, and the
//! lines recorded for changes of the expected closing.

use super::input;
use crate::crm::pair::{self, PairError};
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::http::path_id::PathId;
use crate::local_time::iso;
use crate::store::follow;
use axum::extract::State;
use serde_json::json;

/// Page length of the log when the client sends none.
const DEFAULT_LENGTH: i64 = 20;
/// The longest follow-up line, in characters.
const LINE_MAX: usize = 256;

/// `GET qiyeweixin/follow_info` (`customer_id`): the caller's follow-up
/// lines on the customer, newest first, under the radar app's field names.
pub async fn list(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let customer_id = fields.required_int("customer_id")?;
    let page = fields.page(DEFAULT_LENGTH)?;
    pair::related(&db, &me, customer_id).await?;
    let lines = follow::lines(
        &db,
        me.company_id,
        me.id,
        customer_id,
        page.offset,
        page.limit,
    )
    .await?;
    let count = follow::count_lines(&db, me.company_id, me.id, customer_id).await?;
    let ret_data: Vec<_> = lines
        .into_iter()
        .map(|l| {
            json!({
                "user_customer_flowup__customer__headimgurl": l.customer_headimgurl,
                "user_customer_flowup__user__avatar": l.user_avatar,
                "user_customer_flowup__user__username": l.user_username,
                "user_customer_flowup__user_id": l.user_id,
                "user_customer_flowup__customer_id": l.customer_id,
                "follow_info": l.follow_info,
                "create_date": iso(l.created_at),
            })
        })
        .collect();
    Ok(Envelope::ok(json!({ "ret_data": ret_data, "data_count": count })).msg("查询成功"))
}

/// `POST qiyeweixin/follow_info/add/{id}` (`follow_info`, at most 256
/// characters): writes a line and marks the customer as followed up now.
pub async fn add(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(customer_id): PathId,
    fields: Fields,
) -> ApiResult {
    let text = input::bounded("follow_info", fields.required("follow_info")?, LINE_MAX)?;
    pair::related(&db, &me, customer_id).await?;
    if !follow::add_line(&db, me.company_id, me.id, customer_id, text).await? {
        // The relation went away between the check and the write.
        return Err(PairError::Unrelated.into());
    }
    Ok(Envelope::ok(json!({})).msg("添加成功"))
}
