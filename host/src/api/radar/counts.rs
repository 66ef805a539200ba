//! `action/count`: the caller's log counted per action.

use super::filters;
use super::labels::{action_label, COUNTED_ACTIONS};
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::store::actions::{self, LogFilter};
use axum::extract::State;
use serde_json::{json, Map, Value};

/// `GET qiyeweixin/action/count`: the labels of actions 1..12 and the
/// caller's number of entries per action code in the window (default: the
/// last 7 days).
pub async fn count(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let (since, until) = filters::window(&fields, true)?;
    let f = LogFilter {
        user_id: me.id,
        since,
        until,
        ..LogFilter::default()
    };
    let labels: Map<String, Value> = COUNTED_ACTIONS
        .map(|code| (code.to_string(), json!(action_label(code))))
        .collect();
    let detail: Map<String, Value> = actions::count_by_code(&db, me.company_id, &f)
        .await?
        .into_iter()
        .map(|(code, n)| (code.to_string(), json!(n)))
        .collect();
    Ok(
        Envelope::ok(json!({ "action": labels, "detail": detail, "user_id": me.id }))
            .msg("查询日志记录成功"),
    )
}
