//! The sign-up plug-in (report activity): an advert strip in articles and a
//! sign-up page. The back office keeps them; customers sign up, once per
//! phone and activity (a second sign-up with the same phone updates it).

use crate::article::{Ads, DELETED};
use crate::descriptor::{ARTICLES, REPORTS, SIGNUPS};
use leida_module_sdk::storage::Comparison;
use leida_module_sdk::store::{self, cond, desc, eq};
use leida_module_sdk::types::Principal;
use leida_module_sdk::{
    clock, json, object_id, ok, radar, require_admin, storage, time, Failure, Input, Outcome,
    Paging, Request,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `status` of a report in use.
const ACTIVE: u8 = 1;
/// `status` of a deleted report.
const REMOVED: u8 = 3;
/// Radar code 17: signed up for an article's activity.
const SIGNED_UP: u16 = 17;
/// Default page length of the lists.
const PAGE_LENGTH: u32 = 20;
/// The longest text field, in characters.
const MAX_TEXT: usize = 500;

/// A sign-up plug-in as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDoc {
    /// The sign-up page's title.
    pub title: String,
    /// The sign-up page's introduction.
    pub introduce: String,
    /// The advert strip's slogan.
    pub ad_slogan: String,
    /// The advert strip's button text.
    pub sign_up_button: String,
    /// The hint of the message field.
    pub leave_message: String,
    /// Whether the page asks for a phone verification code.
    pub is_get_phone_code: bool,
    /// Where the page leads after signing up.
    pub skip_link: String,
    /// The back-office admin who made it.
    pub author_id: u64,
    /// [`ACTIVE`] or [`REMOVED`].
    pub status: u8,
    /// Readers of articles that show it.
    #[serde(default)]
    pub read_count: i64,
    /// Sign-ups.
    #[serde(default)]
    pub join_num: i64,
}

/// The texts an add or update sets.
#[derive(Debug, Clone, Serialize)]
struct ReportEdit {
    title: String,
    introduce: String,
    ad_slogan: String,
    sign_up_button: String,
    leave_message: String,
    is_get_phone_code: bool,
    skip_link: String,
}

/// A sign-up as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignupDoc {
    /// The activity.
    pub report_id: u64,
    /// The phone, the sign-up's key within the activity.
    pub phone: String,
    /// The name given.
    pub customer_name: String,
    /// The message left.
    pub leave_message: String,
    /// The address given.
    pub address: String,
    /// The customer who signed up; 0 for a sign-up the back office entered.
    pub customer_id: u64,
    /// The radar user whose article it came through; 0 when none.
    pub user_id: u64,
}

/// The active report `id`; 302 otherwise.
pub fn active(id: u64) -> Result<store::Stored<ReportDoc>, Failure> {
    match store::get::<ReportDoc>(REPORTS, id)? {
        Some(r) if r.data.status == ACTIVE => Ok(r),
        _ => Err(Failure::not_found("报名活动不存在")),
    }
}

/// What an article shows of its report.
pub fn advert(r: &store::Stored<ReportDoc>) -> Value {
    let d = &r.data;
    json!({
        "type": "baoming",
        "id": r.id,
        "title": d.title,
        "introduce": d.introduce,
        "ad_slogan": d.ad_slogan,
        "sign_up_button": d.sign_up_button,
        "leave_message": d.leave_message,
        "is_get_phone_code": d.is_get_phone_code,
        "skip_link": d.skip_link,
    })
}

fn text(input: &Input<'_>, name: &str, required: bool) -> Result<String, Failure> {
    input.bounded_text(name, MAX_TEXT, required, None)
}

fn edit_of(input: &Input<'_>, old: Option<&ReportDoc>) -> Result<ReportEdit, Failure> {
    let keep = |name: &str, old: Option<&String>| {
        input.bounded_text(name, MAX_TEXT, false, old.map(String::as_str))
    };
    Ok(ReportEdit {
        title: input.bounded_text("title", MAX_TEXT, true, old.map(|o| o.title.as_str()))?,
        introduce: keep("introduce", old.map(|o| &o.introduce))?,
        ad_slogan: keep("ad_slogan", old.map(|o| &o.ad_slogan))?,
        sign_up_button: keep("sign_up_button", old.map(|o| &o.sign_up_button))?,
        leave_message: keep("leave_message", old.map(|o| &o.leave_message))?,
        is_get_phone_code: input
            .bool("is_get_phone_code")?
            .or(old.map(|o| o.is_get_phone_code))
            .unwrap_or(false),
        skip_link: keep("skip_link", old.map(|o| &o.skip_link))?,
    })
}

/// `POST admin/plugin_report/add/0`: a new sign-up plug-in.
pub fn add(req: &Request) -> Outcome {
    let admin = require_admin(req)?;
    let e = edit_of(&Input::of(req), None)?;
    let doc = ReportDoc {
        title: e.title,
        introduce: e.introduce,
        ad_slogan: e.ad_slogan,
        sign_up_button: e.sign_up_button,
        leave_message: e.leave_message,
        is_get_phone_code: e.is_get_phone_code,
        skip_link: e.skip_link,
        author_id: admin,
        status: ACTIVE,
        read_count: 0,
        join_num: 0,
    };
    let id = store::insert(REPORTS, &doc)?;
    Ok(ok("添加成功", json!({ "id": id })))
}

/// `POST admin/plugin_report/update/{id}`: new texts (absent fields are
/// kept). Articles show the report as it is now, so nothing else changes.
pub fn update(req: &Request) -> Outcome {
    require_admin(req)?;
    let r = active(object_id(req)?)?;
    let e = edit_of(&Input::of(req), Some(&r.data))?;
    store::patch(REPORTS, r.id, &e)?;
    Ok(ok("修改成功", json!({ "id": r.id })))
}

/// Articles (published or not, not deleted) that show report `id`.
fn articles_using(id: u64) -> Result<u64, Failure> {
    Ok(storage::count(
        ARTICLES,
        &[
            eq("report_id", id as i64),
            cond("status", Comparison::Ne, DELETED as i64),
        ],
    )?)
}

/// `POST admin/plugin_report/delete/{id}`: deletes (status 3) a report no
/// article uses; 300 while one does.
pub fn delete(req: &Request) -> Outcome {
    require_admin(req)?;
    let r = active(object_id(req)?)?;
    if articles_using(r.id)? > 0 {
        return Err(Failure::new(300, "该报名插件正在被文章使用,不能删除"));
    }
    storage::patch(REPORTS, r.id, &json!({ "status": REMOVED }).to_string())?;
    Ok(ok("删除成功", json!({})))
}

/// `join / read` with two decimals; `0.00` before anyone read.
fn conversion(join: i64, read: i64) -> String {
    if read <= 0 {
        "0.00".to_string()
    } else {
        format!("{:.2}", join as f64 / read as f64)
    }
}

/// `GET admin/plugin_report/plugin_list`: the company's reports, newest first.
pub fn plugin_list(req: &Request) -> Outcome {
    require_admin(req)?;
    let paging = Paging::from_input(&Input::of(req), PAGE_LENGTH)?;
    let (reports, total) = store::find::<ReportDoc>(
        REPORTS,
        vec![eq("status", ACTIVE as i64)],
        vec![desc("id")],
        paging.page(),
    )?;
    let offset = clock::utc_offset();
    let mut items = Vec::with_capacity(reports.len());
    for r in &reports {
        let d = &r.data;
        items.push(json!({
            "id": r.id,
            "belong_user_id": d.author_id,
            "title": d.title,
            "ad_slogan": d.ad_slogan,
            "sign_up_button": d.sign_up_button,
            "read_count": d.read_count,
            "join_num": d.join_num,
            "convert_pr": conversion(d.join_num, d.read_count),
            "leave_message": d.leave_message,
            "introduce": d.introduce,
            "is_get_phone_code": d.is_get_phone_code,
            "skip_link": d.skip_link,
            "is_update_plugin": articles_using(r.id)? == 0,
            "create_date": time::local_datetime(r.created_at, offset),
        }));
    }
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": total }),
    ))
}

/// `GET admin/plugin_report/report_customer/{id}` (or `?activity_id`): the
/// activity's sign-ups, newest first.
pub fn report_customer(req: &Request) -> Outcome {
    require_admin(req)?;
    let input = Input::of(req);
    let id = match req.object_id.filter(|id| *id > 0) {
        Some(id) => id,
        None => input.required_id("activity_id")?,
    };
    let r = active(id)?;
    let paging = Paging::from_input(&input, PAGE_LENGTH)?;
    let (signups, total) = store::find::<SignupDoc>(
        SIGNUPS,
        vec![eq("report_id", r.id as i64)],
        vec![desc("id")],
        paging.page(),
    )?;
    let offset = clock::utc_offset();
    let items: Vec<Value> = signups
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "activity_id": r.id,
                "customer_id": s.data.customer_id,
                "customer_name": s.data.customer_name,
                "phone": s.data.phone,
                "leave_message": s.data.leave_message,
                "address": s.data.address,
                "uid": s.data.user_id,
                "create_date": time::local_datetime(s.created_at, offset),
            })
        })
        .collect();
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": total, "title": r.data.title }),
    ))
}

fn valid_phone(phone: &str) -> bool {
    let digits = phone.strip_prefix('+').unwrap_or(phone);
    (5..=20).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit() || c == '-')
}

/// `POST gongzhonghao/plugin_report/sign_up_activity/{id}` (`customer_name`,
/// `phone`, `leave_message`, `address`, `uid`, `article_id`): a customer
/// signs up (again with the same phone: the sign-up is updated). Through a
/// radar user's article (`uid`) the radar shows it (action 17). The back
/// office may enter a sign-up too (`admin/…`), without a customer.
pub fn sign_up(req: &Request) -> Outcome {
    let customer_id = match req.caller {
        Principal::Customer(id) => id,
        Principal::Admin(_) => 0,
        Principal::RadarUser(_) => return Err(Failure::illegal()),
    };
    let report = active(object_id(req)?)?;
    let input = Input::of(req);
    let customer_name = text(&input, "customer_name", true)?;
    let phone = input.required_text("phone")?.to_string();
    if !valid_phone(&phone) {
        return Err(Failure::invalid("手机号格式不正确"));
    }
    let leave_message = text(&input, "leave_message", true)?;
    let address = text(&input, "address", false)?;
    let uid = crate::article::optional_id(&input, "uid")?;
    if let Some(uid) = uid {
        crate::rights::radar_user(uid)?;
    }
    // The article it came through names the activity in the radar; it must
    // show this report.
    let article = match crate::article::optional_id(&input, "article_id")? {
        Some(id) => {
            let a = crate::article::existing(id)?;
            if a.data.fields.ads != Ads::Baoming || a.data.fields.report_id != report.id {
                return Err(Failure::invalid("文章未使用该报名活动"));
            }
            Some(a)
        }
        None => None,
    };
    let doc = SignupDoc {
        report_id: report.id,
        phone: phone.clone(),
        customer_name,
        leave_message,
        address,
        customer_id,
        user_id: uid.unwrap_or(0),
    };
    let key = vec![
        eq("report_id", report.id as i64),
        eq("phone", phone.as_str()),
    ];
    let (stored, created) = store::get_or_create(SIGNUPS, key, &doc)?;
    if created {
        storage::increment(REPORTS, report.id, "join_num", 1)?;
    } else {
        store::patch(SIGNUPS, stored.id, &doc)?;
    }
    if let (Some(uid), true) = (uid, customer_id != 0) {
        let title = article
            .as_ref()
            .map(|a| a.data.fields.title.clone())
            .unwrap_or_else(|| report.data.title.clone());
        radar::record_action(&radar::Action {
            code: SIGNED_UP,
            user_id: uid,
            customer_id,
            target: article.as_ref().map(|a| radar::Target {
                kind: "article".into(),
                id: a.id,
            }),
            remark: format!(
                "报名参加了文章《{}》的活动,具体详情在后台查看",
                crate::article::remark_title(&title)
            ),
        })?;
    }
    Ok(ok("报名成功", json!({})))
}

/// Counts a reader of an article showing report `id`.
pub fn count_reader(id: u64) -> Result<(), Failure> {
    storage::increment(REPORTS, id, "read_count", 1)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_has_two_decimals_and_no_division_by_zero() {
        assert_eq!(conversion(0, 0), "0.00");
        assert_eq!(conversion(3, 0), "0.00");
        assert_eq!(conversion(1, 4), "0.25");
        assert_eq!(conversion(2, 3), "0.67");
    }

    #[test]
    fn phones() {
        assert!(valid_phone("13020002341"));
        assert!(valid_phone("+86-10-1234"));
        assert!(!valid_phone("12"));
        assert!(!valid_phone("1302000234a"));
    }
}
