//! Mini-program customers: login through WeChat, binding to a radar user
//! (with the pair's mini-program code), the authorised profile and formIds.

use crate::app::AppState;
use crate::auth::credentials::new_token;
use crate::chat::content::Content;
use crate::chat::send;
use crate::chat::Sender;
use crate::crm::binding;
use crate::crm::labels::user_name;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::identity::ClientKind;
use crate::store::{actions, companies, customers, login_codes, relations, users};
use axum::extract::State;
use serde_json::json;

/// Client type of a mini-program customer.
const MINI_PROGRAM: i64 = 2;
/// The most formIds kept per customer (each is usable for one notification).
const MAX_FORM_IDS: usize = 100;

/// `GET xiaochengxu/login`: exchanges the WeChat code and returns the customer's session.
pub async fn login(State(app): State<AppState>, fields: Fields) -> ApiResult {
    let code = fields
        .required("code")?
        .trim_matches(|c| c == '\'' || c == '"')
        .to_string();
    let user_type = fields.int("user_type")?.unwrap_or(MINI_PROGRAM);
    if user_type != MINI_PROGRAM {
        return Err(ApiError::bad_value(
            "user_type",
            "小程序登录的 user_type 必须是 2",
        ));
    }
    let uid = fields.int("uid")?;
    let company_id = match (fields.int("company_id")?, uid) {
        (Some(c), _) => c,
        (None, Some(uid)) => users::company_of(&app.db, uid)
            .await?
            .ok_or_else(|| ApiError::no_such("用户"))?,
        (None, None) => return Err(ApiError::missing("company_id")),
    };
    let company = companies::get(&app.db, company_id)
        .await?
        .ok_or_else(|| ApiError::no_such("公司"))?;
    if company.status != 1 {
        return Err(ApiError::disabled());
    }
    let (Some(appid), Some(secret)) = (
        company.wechat_appid.as_deref(),
        company.wechat_secret.as_deref(),
    ) else {
        return Err(ApiError::bad_form("该公司未配置小程序"));
    };
    if !login_codes::claim(&app.db, &code).await? {
        return Err(ApiError::new(401, "登录失败: code 已使用"));
    }
    let session = match app.wechat.code_to_session(appid, secret, &code).await {
        Ok(s) => s,
        Err(e) => {
            login_codes::release(&app.db, &code).await?;
            tracing::warn!(company_id, error = %e, "mini-program login refused by WeChat");
            return Err(ApiError::new(401, format!("登录失败: {e}")));
        }
    };
    let customer = customers::upsert_by_openid(
        &app.db,
        company_id,
        MINI_PROGRAM,
        &session.openid,
        &session.session_key,
        &new_token(),
    )
    .await?;
    let uid = match uid {
        Some(uid) if users::get(&app.db, company_id, uid).await?.is_some() => Some(uid),
        Some(_) => return Err(ApiError::no_such("用户")),
        None => match relations::latest_user_of(&app.db, company_id, customer.id).await? {
            Some(u) => Some(u),
            None => users::any_enabled(&app.db, company_id).await?,
        },
    };
    Ok(Envelope::ok(json!({
        "cid": customer.id,
        "token": customer.token,
        "uid": uid,
        "company_id": company_id,
        "is_release_version_num": true,
    }))
    .msg("登录成功"))
}

/// `GET xiaochengxu/login/binding`: relates the customer to a radar user of the same company.
pub async fn binding(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    ensure_customer(me.kind)?;
    let uid = fields.required_int("uid")?;
    let source = fields.int("source")?.unwrap_or(1);
    if !(1..=5).contains(&source) {
        return Err(ApiError::bad_value("source", "取值 1..5"));
    }
    let pid = fields.int("pid")?.filter(|p| *p != me.id);
    let company = companies::get(&app.db, me.company_id)
        .await?
        .ok_or_else(ApiError::bad_token)?;
    let user = users::get(&app.db, me.company_id, uid)
        .await?
        .ok_or_else(|| ApiError::no_such("用户"))?;
    if let Some(pid) = pid {
        customers::get(&app.db, me.company_id, pid)
            .await?
            .ok_or_else(|| ApiError::no_such("父级客户"))?;
    }
    if !binding::relate(&app.db, &company, uid, me.id, source, pid).await? {
        return Err(ApiError::new(302, "关系存在"));
    }
    let greeting = format!(
        "您好,我是{}的{},欢迎进入我的名片,有什么可以帮到您的吗?您可以在这里和我及时沟通。",
        company.name,
        user_name(&user.nickname, &user.username)
    );
    send::post(
        &app.db,
        &app.bus,
        me.company_id,
        (uid, me.id),
        Sender::User,
        &Content::text(&greeting),
    )
    .await?;
    app.qr_codes.spawn_pair_code(me.company_id, uid, me.id);
    Ok(Envelope::ok(json!({})).msg("绑定关系成功"))
}

fn ensure_customer(kind: ClientKind) -> ApiResult<()> {
    if kind == ClientKind::Customer {
        Ok(())
    } else {
        Err(ApiError::bad_token())
    }
}

/// The page names of action 13, by the client's `page` number.
const AUTHORISED_PAGES: [&str; 6] = [
    "名片详情",
    "产品列表",
    "商品详情",
    "公司官网",
    "日记首页",
    "日记详情",
];

/// `POST xiaochengxu/login/send_user_info`: stores the profile the customer authorised.
pub async fn send_user_info(
    State(app): State<AppState>,
    Caller(me): Caller,
    fields: Fields,
) -> ApiResult {
    ensure_customer(me.kind)?;
    let username = fields.required("username")?;
    let sex = fields.int("sex")?.unwrap_or(0);
    if !(0..=2).contains(&sex) {
        return Err(ApiError::bad_value("sex", "取值 0..2"));
    }
    // Check everything before writing anything: bad input changes nothing.
    let authorised_page = match fields.int("uid")? {
        Some(uid) => {
            users::get(&app.db, me.company_id, uid)
                .await?
                .ok_or_else(|| ApiError::no_such("用户"))?;
            let page = fields.int("page")?.unwrap_or(1);
            if !(1..=AUTHORISED_PAGES.len() as i64).contains(&page) {
                return Err(ApiError::bad_value("page", "取值 1..6"));
            }
            Some((uid, AUTHORISED_PAGES[page as usize - 1]))
        }
        None => None,
    };
    let text = |name: &str| fields.present(name).unwrap_or("").to_string();
    let (headimgurl, country, province, city, language) = (
        text("headimgurl"),
        text("country"),
        text("province"),
        text("city"),
        text("language"),
    );
    let profile = customers::AuthorisedProfile {
        username,
        headimgurl: if headimgurl.is_empty() {
            "statics/imgs/Avator.jpg"
        } else {
            &headimgurl
        },
        sex,
        country: &country,
        province: &province,
        city: &city,
        language: &language,
    };
    customers::set_profile(&app.db, me.company_id, me.id, profile).await?;
    if let Some((uid, page)) = authorised_page {
        let remark = format!("已向您授权访问【{page}】页面");
        let action = actions::NewAction {
            user_id: uid,
            customer_id: me.id,
            code: 13,
            target: None,
            remark: &remark,
        };
        actions::record(&app.db, me.company_id, action)
            .await?
            .ok_or_else(|| ApiError::no_such("用户"))?;
    }
    Ok(Envelope::ok(json!({})).msg("保存成功"))
}

/// `POST xiaochengxu/login/send_form_id`: keeps a formId for later notifications.
pub async fn send_form_id(
    State(app): State<AppState>,
    Caller(me): Caller,
    fields: Fields,
) -> ApiResult {
    ensure_customer(me.kind)?;
    let form_id = fields.required("formId")?;
    let customer = customers::get(&app.db, me.company_id, me.id)
        .await?
        .ok_or_else(ApiError::bad_token)?;
    // The developer tools send a mock id containing "formId"; it can never be used.
    if !form_id.contains("formId") {
        let mut ids: Vec<String> = serde_json::from_str(&customer.form_ids).unwrap_or_default();
        if !ids.iter().any(|i| i == form_id) {
            ids.push(form_id.to_string());
            let excess = ids.len().saturating_sub(MAX_FORM_IDS);
            ids.drain(..excess);
            customers::set_form_ids(
                &app.db,
                me.company_id,
                me.id,
                &serde_json::Value::from(ids).to_string(),
            )
            .await?;
        }
    }
    Ok(Envelope::ok(json!({})).msg("保存成功"))
}
