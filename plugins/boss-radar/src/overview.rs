//! The overview counts: `boosleida/home_page/acount_data` (the Boss radar)
//! and `admin/home_page/acount_data` (the back office), each over all time
//! and whole days before today.

use crate::codes::{
    self, BROWSE, COPIED_WECHAT, FORWARD, PRAISE, PRODUCT_ENQUIRY, SAVED_PHONE, WEBSITE,
};
use crate::counts::{self, sum};
use crate::days::{Today, ALL_TIME};
use crate::who::{self, Whose};
use leida_module_sdk::chat::Direction;
use leida_module_sdk::types::Window;
use leida_module_sdk::{json, ok, Failure, Json, Outcome, Request};

/// The Boss radar's numbers of one window.
fn boss_window(whose: Whose, window: Window) -> Result<Json, Failure> {
    let actions = counts::actions_by_code(whose, &codes::overview(), window)?;
    Ok(json!({
        "customer_num": counts::new_customers(whose, window)?,
        "browse_num": sum(&actions, BROWSE),
        "follow_num": counts::chatting_customers(whose, Direction::UserToCustomer, window)?,
        "comm_num_of_customer": counts::chatting_customers(whose, Direction::CustomerToUser, window)?,
        "forward_num": sum(&actions, FORWARD),
        "saved_total_num": sum(&actions, COPIED_WECHAT),
        "praise_num": sum(&actions, PRAISE),
        "query_product_num": sum(&actions, PRODUCT_ENQUIRY),
        "view_website_num": sum(&actions, WEBSITE),
    }))
}

/// `GET boosleida/home_page/acount_data[?type=personal]`.
pub fn boss(req: &Request) -> Outcome {
    let whose = who::boss(req)?;
    let today = Today::now();
    Ok(ok(
        "查询成功",
        json!({ "ret_data": {
            "count_data": boss_window(whose, ALL_TIME)?,
            "yesterday_data": boss_window(whose, today.last(1))?,
            "nearly_seven_days": boss_window(whose, today.last(7))?,
            "nearly_thirty_days": boss_window(whose, today.last(30))?,
        }}),
    ))
}

/// The back office's numbers of one window.
fn admin_window(whose: Whose, window: Window) -> Result<Json, Failure> {
    let actions = counts::actions_by_code(whose, &codes::overview(), window)?;
    Ok(json!({
        "customer_num": counts::new_customers(whose, window)?,
        "follow_num": counts::follow_ups(whose, window)?,
        "browse_num": sum(&actions, BROWSE),
        "forward_num": sum(&actions, FORWARD),
        "saved_total_num": sum(&actions, SAVED_PHONE),
        "praise_sum": sum(&actions, PRAISE),
    }))
}

/// `GET admin/home_page/acount_data`: also today so far.
pub fn admin(req: &Request) -> Outcome {
    let whose = who::back_office(req)?;
    let today = Today::now();
    Ok(ok(
        "查询成功",
        json!({ "ret_data": {
            "count_data": admin_window(whose, ALL_TIME)?,
            "today_data": admin_window(whose, today.today())?,
            "yesterday_data": admin_window(whose, today.last(1))?,
            "nearly_seven_days": admin_window(whose, today.last(7))?,
            "nearly_thirty_days": admin_window(whose, today.last(30))?,
        }}),
    ))
}
