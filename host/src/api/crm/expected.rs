//! The expected closing of a relation: its date and probability. Each
//! change is also a follow-up: it sets the relation's
//! `last_follow_at` and writes its follow-up line in the same transaction.
//! Sending the value already stored is no change and writes nothing.

use super::input;
use crate::crm::pair;
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::http::path_id::PathId;
use crate::identity::Principal;
use crate::store::relations::{self, ExpectedChange};
use axum::extract::State;
use serde_json::json;

/// The names clients send the probability under: the API's spelling, and
/// the endpoint's own name, which some clients use.
const PR_FIELDS: [&str; 2] = ["expedted_pr", "update_expected_pr"];

/// `POST qiyeweixin/customer/update_expected_time/{id}` (`expected_time`).
pub async fn update_expected_time(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(customer_id): PathId,
    fields: Fields,
) -> ApiResult {
    let date = input::day("expected_time", fields.required("expected_time")?)?;
    change(&db, &me, customer_id, ExpectedChange::Date(date)).await
}

/// `POST qiyeweixin/customer/update_expected_pr/{id}` (`expedted_pr`, or
/// `update_expected_pr`; `80` or `80%`; `NaN` is 0).
pub async fn update_expected_pr(
    State(db): State<Db>,
    Caller(me): Caller,
    PathId(customer_id): PathId,
    fields: Fields,
) -> ApiResult {
    let (name, value) = PR_FIELDS
        .iter()
        .find_map(|n| fields.present(n).map(|v| (*n, v)))
        .ok_or_else(|| ApiError::missing("expedted_pr"))?;
    let pr = input::percent(name, value)?;
    change(&db, &me, customer_id, ExpectedChange::Pr(pr)).await
}

async fn change(db: &Db, me: &Principal, customer_id: i64, change: ExpectedChange) -> ApiResult {
    pair::related(db, me, customer_id).await?;
    relations::change_expected(db, me.company_id, me.id, customer_id, &[change]).await?;
    Ok(Envelope::ok(json!({})).msg("添加成功"))
}
