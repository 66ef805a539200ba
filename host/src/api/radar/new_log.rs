//! `action/get_new_log`: what the caller has not seen yet (entries whose
//! `is_new_msg` flag is still set).

use super::filters;
use super::labels::action_name;
use super::timeline::PAGE_LENGTH;
use crate::crm::labels::customer_name;
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::local_time::iso;
use crate::store::actions::{self, LogFilter};
use axum::extract::State;
use serde_json::{json, Value};

/// `GET qiyeweixin/action/get_new_log`: the newest unseen entries (optionally
/// of one `action`) and how many are unseen; all of them are then marked seen.
pub async fn get_new_log(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let code = filters::action(&fields)?;
    let page = fields.page(PAGE_LENGTH)?;
    let unseen = LogFilter {
        user_id: me.id,
        code,
        unseen: true,
        ..LogFilter::default()
    };
    let (count, newest) = actions::unseen_snapshot(&db, me.company_id, &unseen).await?;
    let mut items: Vec<Value> = Vec::new();
    if let Some(newest) = newest {
        // Bounded by the snapshot: entries logged after it stay new for the next call.
        let f = LogFilter {
            max_id: Some(newest),
            ..unseen
        };
        let (entries, _) =
            actions::log_page(&db, me.company_id, &f, page.offset, page.limit).await?;
        actions::mark_seen(&db, me.company_id, &f).await?;
        items = entries
            .iter()
            .map(|e| {
                json!({
                    "user_id": e.user_id,
                    "customer_id": e.customer_id,
                    "action": action_name(e.code),
                    "log": format!("{}{}", customer_name(&e.customer_name, e.customer_id), e.remark),
                    "create_date": iso(e.created_at),
                })
            })
            .collect();
    }
    Ok(Envelope::ok(json!({ "ret_data": items, "data_count": count })).msg("查询日志记录成功"))
}
