//! `GET admin/home_page`: the back office's first page, the company's
//! subscription and size.

use crate::counts;
use crate::days::{Today, ALL_TIME, DAY_MS};
use crate::who::{self, Whose};
use leida_module_sdk::time::local_date;
use leida_module_sdk::{directory, json, ok, Outcome, Request};

/// `GET admin/home_page`: the company's name, the caller's, its cards
/// (enabled radar users) and users, the subscription's dates and days,
/// and its customers.
pub fn home_page(req: &Request) -> Outcome {
    who::back_office(req)?;
    let company = directory::get_company();
    let licence = directory::get_licence()?;
    let today = Today::now();
    let used_days = today.days_since(licence.opened_at).max(0);
    // Whole days from the start of today to the end; none when there is no end.
    let available_days = licence
        .expires_at
        .map(|end| ((end - today.midnight).div_euclid(DAY_MS)).max(0));
    Ok(ok(
        "查询成功",
        json!({ "ret_data": {
            "company_name": company.name,
            "username": directory::caller_name()?,
            "mingpian_num": licence.enabled_users,
            "user_count": licence.users,
            "expired_time": licence.expires_at.map(|t| local_date(t, today.offset)),
            "open_up_date": local_date(licence.opened_at, today.offset),
            "available_days": available_days,
            "used_days": used_days,
            "customer_num": counts::new_customers(Whose::Company, ALL_TIME)?,
        }}),
    ))
}
