//! The daily series: `boosleida/home_page/line_info` (every series of the
//! Boss radar at once) and `admin/home_page/line_info` (one series of the
//! back office). Each point is one whole local day before today.

use crate::codes::{
    self, BROWSE, CALL, COPIED_WECHAT, FORWARD, PRAISE, PRODUCT_ENQUIRY, PRODUCT_VIEW, SAVED_PHONE,
    WEBSITE,
};
use crate::counts::{self, sum};
use crate::days::{days_field, Today, ALL_TIME};
use crate::who::{self, Whose};
use leida_module_sdk::chat::Direction;
use leida_module_sdk::{json, ok, Failure, Input, Json, Outcome, Request};
use std::collections::HashMap;

/// The points of the last `days` days from per-day values (days without
/// any are 0), oldest first.
fn series(today: &Today, days: u32, values: &HashMap<String, u64>) -> Json {
    Json::Array(
        today
            .dates(days)
            .into_iter()
            .map(|d| {
                let value = values.get(&d).copied().unwrap_or(0);
                json!({ "statics_date": d, "value": value })
            })
            .collect(),
    )
}

/// The 7-, 15- and 30-day series of one count made over the last 30 days.
fn three_series(today: &Today, values: &HashMap<String, u64>) -> Json {
    json!({
        "nearly_seven_days": series(today, 7, values),
        "nearly_fifteen_days": series(today, 15, values),
        "nearly_thirty_days": series(today, 30, values),
    })
}

/// `part` of `whole` in percent with two decimals; `"0.00"` of nothing.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0.00".to_string();
    }
    format!("{:.2}", part as f64 * 100.0 / whole as f64)
}

/// `GET boosleida/home_page/line_info[?type=personal]`.
pub fn boss(req: &Request) -> Outcome {
    let whose = who::boss(req)?;
    let today = Today::now();
    let month = today.last(30);
    let totals = counts::actions_by_code(whose, &codes::overview(), ALL_TIME)?;
    let views = [BROWSE, PRODUCT_VIEW, WEBSITE].map(|c| sum(&totals, c));
    let all_views: u64 = views.iter().sum();
    Ok(ok(
        "查询成功",
        json!({ "ret_data": {
            "index_type_1": three_series(&today, &counts::new_customers_by_day(whose, month)?),
            "index_type_2": three_series(
                &today,
                &counts::chatting_customers_by_day(whose, Direction::CustomerToUser, month)?,
            ),
            "index_type_3": three_series(
                &today,
                &counts::chatting_customers_by_day(whose, Direction::UserToCustomer, month)?,
            ),
            "index_type_4": {
                "nearly_fifteen_days": series(
                    &today,
                    15,
                    &counts::actors_by_day(whose, BROWSE, today.last(15))?,
                ),
            },
            "index_type_5": {
                "praise_num": sum(&totals, PRAISE),
                "query_product_num": sum(&totals, PRODUCT_ENQUIRY),
                "forward_mingpian_num": sum(&totals, FORWARD),
                "call_phone_num": sum(&totals, CALL),
                "saved_phone_num": sum(&totals, COPIED_WECHAT),
            },
            "index_type_6": {
                "view_mingpian": percent(views[0], all_views),
                "view_product_num": percent(views[1], all_views),
                "view_website_num": percent(views[2], all_views),
            },
        }}),
    ))
}

/// The back office's per-day values of series `index_type` (1 customers,
/// 2 follow-up notes, 3 browse, 4 forwards, 5 saved phones, 6 likes).
fn admin_values(
    whose: Whose,
    index_type: i64,
    today: &Today,
    days: u32,
) -> Result<HashMap<String, u64>, Failure> {
    let window = today.last(days);
    let actions = |codes: &[u16]| counts::actions_by_day(whose, codes, window);
    match index_type {
        1 => counts::new_customers_by_day(whose, window),
        2 => counts::follow_ups_by_day(whose, window),
        3 => actions(BROWSE),
        4 => actions(FORWARD),
        5 => actions(SAVED_PHONE),
        6 => actions(PRAISE),
        _ => Err(Failure::invalid("index_type 只能是 1 到 6")),
    }
}

/// `POST admin/home_page/line_info` (`days` 7 or 15, `index_type` 1–6).
pub fn admin(req: &Request) -> Outcome {
    let whose = who::back_office(req)?;
    let input = Input::of(req);
    let days = days_field(&input, &[7, 15], 7)?;
    let index_type = input.int("index_type")?.unwrap_or(1);
    let today = Today::now();
    let values = admin_values(whose, index_type, &today, days)?;
    Ok(ok(
        "查询成功",
        json!({ "ret_data": series(&today, days, &values) }),
    ))
}
