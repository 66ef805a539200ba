//! `action/time`: the caller's log, newest first.

use super::filters;
use super::labels::log_type;
use crate::crm::labels::{customer_name, customer_type_label};
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::local_time::iso;
use crate::store::actions::{self, LogEntry, LogFilter};
use axum::extract::State;
use serde_json::{json, Value};

/// Default page length of the radar's lists, as the radar app pages them.
pub const PAGE_LENGTH: i64 = 10;

/// `GET qiyeweixin/action/time`: the caller's log entries, optionally of one
/// customer, one action and a window (the last 7 days when an action is
/// asked for without a start); every matching entry is marked seen.
pub async fn time(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let code = filters::action(&fields)?;
    let customer_id = filters::own_customer(&db, &me, &fields).await?;
    let (since, until) = filters::window(&fields, code.is_some())?;
    let page = fields.page(PAGE_LENGTH)?;
    let f = LogFilter {
        user_id: me.id,
        customer_id,
        code,
        since,
        until,
        ..LogFilter::default()
    };
    // Marked before reading: an entry logged in between stays new for get_new_log.
    actions::mark_seen(&db, me.company_id, &f).await?;
    let (entries, count) =
        actions::log_page(&db, me.company_id, &f, page.offset, page.limit).await?;
    let items: Vec<Value> = entries.iter().map(item).collect();
    Ok(Envelope::ok(json!({ "ret_data": items, "data_count": count })).msg("查询日志记录成功"))
}

fn item(e: &LogEntry) -> Value {
    let name = customer_name(&e.customer_name, e.customer_id);
    json!({
        "user_id": e.user_id,
        "customer_id": e.customer_id,
        "customer_username": name,
        "headimgurl": e.headimgurl,
        "customer_source": e.customer_type,
        "customer_source_text": customer_type_label(e.customer_type),
        "log": format!("{name}{}", e.remark),
        "log_type": log_type(e.code),
        "create_date": iso(e.created_at),
    })
}
