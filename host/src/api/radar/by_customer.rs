//! `action/customer` and `action/customer_detail`: the caller's log counted
//! per customer and action.

use super::filters;
use super::labels::action_name;
use super::timeline::PAGE_LENGTH;
use crate::crm::labels::customer_name;
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::store::actions::{self, LogFilter};
use axum::extract::State;
use serde_json::{json, Map, Value};

/// `GET qiyeweixin/action/customer`: customers by their number of entries in
/// the window (default: the last 7 days), most first, each with its counts
/// per action.
pub async fn customer(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let (since, until) = filters::window(&fields, true)?;
    let page = fields.page(PAGE_LENGTH)?;
    let f = LogFilter {
        user_id: me.id,
        since,
        until,
        ..LogFilter::default()
    };
    let tallies = actions::top_customers(&db, me.company_id, &f, page.offset, page.limit).await?;
    let ids: Vec<i64> = tallies.iter().map(|t| t.customer_id).collect();
    let counts = actions::count_by_customer_and_code(&db, me.company_id, &f, &ids).await?;
    let items: Vec<Value> = tallies
        .iter()
        .map(|t| {
            let detail: Map<String, Value> = counts
                .iter()
                .filter(|(customer, _, _)| *customer == t.customer_id)
                .map(|(_, code, n)| {
                    (
                        code.to_string(),
                        json!({ "count": n, "name": action_name(*code) }),
                    )
                })
                .collect();
            let name = customer_name(&t.customer_name, t.customer_id);
            // Clients read either `totalCount` and `customer__username` or
            // `action_count` and `customer_username`: both are sent.
            json!({
                "customer_id": t.customer_id,
                "totalCount": t.total,
                "action_count": t.total,
                "customer__username": name,
                "customer_username": name,
                "user_id": me.id,
                "headimgurl": t.headimgurl,
                "detail": detail,
            })
        })
        .collect();
    Ok(Envelope::ok(Value::Array(items)).msg("查询日志记录成功"))
}

/// `GET qiyeweixin/action/customer_detail`: one of the caller's customers,
/// their number of entries in the window (default: the last 7 days) and the
/// count per action.
pub async fn customer_detail(
    State(db): State<Db>,
    Caller(me): Caller,
    fields: Fields,
) -> ApiResult {
    fields.required("customer_id")?;
    let customer_id = filters::own_customer(&db, &me, &fields)
        .await?
        .ok_or_else(|| ApiError::missing("customer_id"))?;
    let (since, until) = filters::window(&fields, true)?;
    let f = LogFilter {
        user_id: me.id,
        since,
        until,
        ..LogFilter::default()
    };
    let counts =
        actions::count_by_customer_and_code(&db, me.company_id, &f, &[customer_id]).await?;
    let detail: Vec<Value> = counts
        .iter()
        .map(|(_, code, n)| json!({ "count": n, "action": code, "name": action_name(*code) }))
        .collect();
    let total: i64 = counts.iter().map(|(_, _, n)| n).sum();
    let summary = json!({ "totalCount": total, "customer_id": customer_id, "detail": detail });
    // Some clients read the summary keyed by customer id, others flat: the
    // one item carries both.
    let mut item = summary.as_object().cloned().unwrap_or_default();
    item.insert(customer_id.to_string(), summary);
    Ok(Envelope::ok(json!([item])).msg("查询日志记录成功"))
}
