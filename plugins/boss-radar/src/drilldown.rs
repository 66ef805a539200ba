//! The customers behind a ranking row: `query_have_customer_detail_people`
//! (one radar user's customers, bound in a window or in an
//! expected-closing bucket) and `query_hudong_have_customer_detail_people`
//! (the customers a radar user followed up or was consulted by).

use crate::counts;
use crate::days::{days_field, Today};
use crate::rankings::{bucket, window_of};
use crate::who::{self, Whose};
use leida_module_sdk::chat::Direction;
use leida_module_sdk::directory::{self, Customer, Relation};
use leida_module_sdk::{json, ok, Failure, Input, Json, Outcome, Paging, Request};
use std::collections::HashMap;

/// How long ago the radar user last followed the customer up.
fn follow_status(today: &Today, last_follow_at: Option<i64>) -> String {
    match last_follow_at.map(|at| today.days_since(at)) {
        None => "还未跟进过".to_string(),
        Some(d) if d <= 0 => "今天跟进".to_string(),
        Some(1) => "昨天跟进".to_string(),
        Some(d) => format!("{d}天前跟进过"),
    }
}

/// One customer of the list, under both spellings the clients read.
fn item(today: &Today, r: &Relation, c: &Customer) -> Json {
    let status = follow_status(today, r.last_follow_at);
    json!({
        "customer_id": c.id,
        "customer_username": c.username,
        "headimgurl": c.headimgurl,
        "customer_sex": c.sex,
        "expected_time": r.expected_date,
        "expedted_pr": r.expected_pr,
        "source": r.source,
        "customer_status": status,
        "customer__username": c.username,
        "customer__headimgurl": c.headimgurl,
        "customer__sex": c.sex,
        "customer__expected_time": r.expected_date,
        "customer__expedted_pr": r.expected_pr,
    })
}

/// The list of `relations`' customers, in their order.
fn items(today: &Today, relations: &[Relation]) -> Result<Vec<Json>, Failure> {
    let ids: Vec<u64> = relations.iter().map(|r| r.customer_id).collect();
    let customers: HashMap<u64, Customer> = directory::get_customers(&ids)?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(relations
        .iter()
        .filter_map(|r| customers.get(&r.customer_id).map(|c| item(today, r, c)))
        .collect())
}

/// `POST boosleida/home_page/query_have_customer_detail_people`
/// (`query_user_id`; `days` 0 all, 1, 7, 15 or 30 before today;
/// `expedted_pr` a bucket key): the user's customers, newest first.
pub fn customers(req: &Request) -> Outcome {
    let user = who::drilled_user(req)?;
    let input = Input::of(req);
    let paging = Paging::from_input(&input, 10)?;
    let days = days_field(&input, &[0, 1, 7, 15, 30], 0)?;
    let pr = match input.text("expedted_pr") {
        None | Some("") => None,
        Some(key) => Some(bucket(key)?),
    };
    let today = Today::now();
    let filter = counts::relation_filter(Whose::User(user.id), window_of(&today, days), pr);
    let relations = directory::find_relations(filter, paging.page())?;
    let count = directory::count_relations(filter)?;
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items(&today, &relations)?, "count": count }),
    ))
}

/// `POST boosleida/home_page/query_hudong_have_customer_detail_people`
/// (`type` follow or chat, `query_user_id`, `days` 1, 7, 15 or 30): the
/// user's customers they followed up, or who consulted them, in the
/// window, most interaction first.
pub fn interacting(req: &Request) -> Outcome {
    let user = who::drilled_user(req)?;
    let input = Input::of(req);
    let paging = Paging::from_input(&input, 5)?;
    let days = days_field(&input, &[1, 7, 15, 30], 1)?;
    let today = Today::now();
    let window = today.last(days);
    let (ids, count) = match input.text("type") {
        Some("follow") => counts::followed_customers_of(user.id, window, paging.page())?,
        Some("chat") => counts::chatting_customers_of(
            user.id,
            Direction::CustomerToUser,
            window,
            paging.page(),
        )?,
        _ => return Err(Failure::invalid("type 只能是 follow 或 chat")),
    };
    let mut relations = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(r) = directory::get_relation(user.id, id)? {
            relations.push(r);
        }
    }
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items(&today, &relations)?, "count": count }),
    ))
}
