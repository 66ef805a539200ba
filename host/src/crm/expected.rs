//! The expected closing of a relation: its date and probability. Each
//! change is also a follow-up (DOMAIN §4.5): it sets the relation's
//! `last_follow_at` and writes its follow-up line in the same transaction.
//! Sending the value already stored is no change and writes nothing.

use super::input;
use super::pair;
use crate::app::AppState;
use crate::auth::Principal;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::http::path_id::PathId;
use crate::store::relations::{self, ExpectedChange};
use axum::extract::State;
use serde_json::json;

/// The names clients send the probability under: the API's spelling, and
/// the one the seed of `update_expected_pr` shows.
const PR_FIELDS: [&str; 2] = ["expedted_pr", "update_expected_pr"];

/// `POST qiyeweixin/customer/update_expected_time/{id}` (`expected_time`).
pub async fn update_expected_time(
    State(app): State<AppState>,
    Caller(me): Caller,
    PathId(customer_id): PathId,
    fields: Fields,
) -> ApiResult {
    let date = input::day("expected_time", fields.required("expected_time")?)?;
    change(&app, &me, customer_id, ExpectedChange::Date(date)).await
}

/// `POST qiyeweixin/customer/update_expected_pr/{id}` (`expedted_pr`, or
/// `update_expected_pr`; `80` or `80%`; `NaN` is 0).
pub async fn update_expected_pr(
    State(app): State<AppState>,
    Caller(me): Caller,
    PathId(customer_id): PathId,
    fields: Fields,
) -> ApiResult {
    let (name, value) = PR_FIELDS
        .iter()
        .find_map(|n| fields.present(n).map(|v| (*n, v)))
        .ok_or_else(|| ApiError::bad_form("expedted_pr: 该字段是必填项"))?;
    let pr = input::percent(name, value)?;
    change(&app, &me, customer_id, ExpectedChange::Pr(pr)).await
}

async fn change(
    app: &AppState,
    me: &Principal,
    customer_id: i64,
    change: ExpectedChange,
) -> ApiResult {
    pair::related(app, me, customer_id).await?;
    relations::change_expected(&app.db, me.company_id, me.id, customer_id, &[change]).await?;
    Ok(Envelope::ok(json!({})).msg("添加成功"))
}
