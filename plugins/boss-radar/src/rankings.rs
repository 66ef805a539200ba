//! The rankings of the team: radar users by customers
//! (`sales_ranking_customer_num`), by interaction (`hudong_pinlv_…`) and by
//! expected closing (`expect_chengjiaolv_…`). Each list is largest first;
//! with `type=personal` it holds the caller's own row only.

use crate::counts;
use crate::days::{Today, ALL_TIME};
use crate::roster::Roster;
use crate::who;
use leida_module_sdk::chat::Direction;
use leida_module_sdk::types::Window;
use leida_module_sdk::{json, ok, Failure, Json, Outcome, Request};

/// The expected-closing buckets: key and `expected-pr` range (0 is in none).
pub const BUCKETS: [(&str, (u8, u8)); 4] = [
    ("1_50_pr", (1, 50)),
    ("51_80_pr", (51, 80)),
    ("81_99_pr", (81, 99)),
    ("100_pr", (100, 100)),
];

/// The windows of the rankings by customers: key and days before today
/// (0: all time).
pub const NEW_CUSTOMER_WINDOWS: [(&str, u32); 5] = [
    ("total_num_have_customer", 0),
    ("yesterday_new_customer", 1),
    ("nearly_seven_new_customer", 7),
    ("nearly_fifteen_new_customer", 15),
    ("nearly_thirty_new_customer", 30),
];

/// The windows of the interaction ranking: key and days before today.
const INTERACTION_WINDOWS: [(&str, u32); 4] = [
    ("yesterday_data", 1),
    ("nearly_seven_data", 7),
    ("nearly_fifteen_data", 15),
    ("nearly_thirty_data", 30),
];

/// `days` before today, or all time for 0.
pub fn window_of(today: &Today, days: u32) -> Window {
    if days == 0 {
        ALL_TIME
    } else {
        today.last(days)
    }
}

/// The `{user_id, user__username, user__avatar, …}` row of a ranking.
fn user_row(u: &leida_module_sdk::directory::User, n: u64) -> Json {
    json!({
        "user_id": u.id,
        "user__username": u.username,
        "user__avatar": u.avatar,
        "user__gender": u.gender,
        "have_customer_num": n,
    })
}

/// `GET boosleida/home_page/sales_ranking_customer_num`: customers per
/// radar user, in all and bound in each window.
pub fn by_customers(req: &Request) -> Outcome {
    let whose = who::boss(req)?;
    let today = Today::now();
    let roster = Roster::load()?;
    let mut ret = serde_json::Map::new();
    for (key, days) in NEW_CUSTOMER_WINDOWS {
        let filter = counts::relation_filter(whose, window_of(&today, days), None);
        let groups = counts::relations_by_user(filter)?;
        ret.insert(key.into(), Json::Array(roster.rows(&groups, user_row)));
    }
    Ok(ok("查询成功", json!({ "ret_data": ret })))
}

/// `GET boosleida/home_page/hudong_pinlv_customer_num`: follow-up notes and
/// customer messages per radar user (rows, not customers), per window.
pub fn by_interaction(req: &Request) -> Outcome {
    let whose = who::boss(req)?;
    let today = Today::now();
    let roster = Roster::load()?;
    let (mut follow, mut consult) = (serde_json::Map::new(), serde_json::Map::new());
    for (key, days) in INTERACTION_WINDOWS {
        let window = today.last(days);
        let notes = counts::follow_ups_by_user(whose, window)?;
        follow.insert(
            key.into(),
            Json::Array(roster.rows(&notes, |u, n| {
                json!({
                    "user_customer_flowup__user_id": u.id,
                    "user_customer_flowup__user__avatar": u.avatar,
                    "user_customer_flowup__user__username": u.username,
                    "user_customer_flowup__user__gender": u.gender.to_string(),
                    "have_customer_num": n,
                })
            })),
        );
        let asked = counts::messages_by_user(whose, Direction::CustomerToUser, window)?;
        consult.insert(
            key.into(),
            Json::Array(roster.rows(&asked, |u, n| {
                json!({
                    "userprofile_id": u.id,
                    "userprofile__avatar": u.avatar,
                    "userprofile__username": u.username,
                    "have_customer_num": n,
                })
            })),
        );
    }
    Ok(ok(
        "查询成功",
        json!({ "ret_data": { "follow_num": follow, "consult_num": consult } }),
    ))
}

/// `GET boosleida/home_page/expect_chengjiaolv_customer_num`: customers
/// per radar user in each expected-closing bucket.
pub fn by_expected_closing(req: &Request) -> Outcome {
    let whose = who::boss(req)?;
    let roster = Roster::load()?;
    let mut ret = serde_json::Map::new();
    for (key, range) in BUCKETS {
        let filter = counts::relation_filter(whose, ALL_TIME, Some(range));
        let groups = counts::relations_by_user(filter)?;
        ret.insert(
            key.into(),
            Json::Array(roster.rows(&groups, |u, n| {
                json!({
                    "have_customer_num": n,
                    "user_id": u.id,
                    "user__avatar": u.avatar,
                    "user__username": u.username,
                })
            })),
        );
    }
    Ok(ok("查询成功", json!({ "ret_data": ret })))
}

/// The `expected-pr` range of a bucket key; 301 for any other.
pub fn bucket(key: &str) -> Result<(u8, u8), Failure> {
    BUCKETS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, r)| *r)
        .ok_or_else(|| Failure::invalid("expedted_pr 只能是 1_50_pr、51_80_pr、81_99_pr 或 100_pr"))
}
