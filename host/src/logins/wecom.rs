//! `GET qiyeweixin/work_weixin_auth/{company_id}?code=…`: a radar user logs
//! in through the company's WeCom app (DOMAIN §2.2, the per-company route):
//! the OAuth code names a WeCom UserID, which names the radar user.

use crate::app::AppState;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::modules::dispatch;
use crate::store::{companies, login_codes, users};
use crate::wecom::{corp_credentials, WeComError};
use axum::extract::{Path, State};
use axum::http::{Method, Uri};
use serde_json::json;

/// Exchanges the code with WeCom and answers the user's session.
pub async fn login(
    State(app): State<AppState>,
    method: Method,
    uri: Uri,
    Path(company): Path<String>,
    fields: Fields,
) -> ApiResult {
    let Ok(company_id) = company.trim().parse::<i64>() else {
        // Other endpoints share the prefix (`work_weixin_auth/<op>`): they
        // are signed requests served like any other path.
        return dispatch::handle(State(app), method, uri, fields).await;
    };
    let code = fields.required("code")?;
    let company = companies::get(&app.db, company_id)
        .await?
        .ok_or_else(|| ApiError::no_such("公司"))?;
    if company.status != 1 {
        return Err(ApiError::disabled());
    }
    let (corp_id, secret) = corp_credentials(&company)?;
    // Namespaced: WeChat and WeCom codes share the table of used codes.
    let claimed = format!("wecom:{code}");
    if !login_codes::claim(&app.db, &claimed).await? {
        return Err(ApiError::new(401, "登录失败: code 已使用"));
    }
    let wecom_userid = match app.wecom.user_id(corp_id, secret, code).await {
        Ok(id) => id,
        Err(e) => {
            login_codes::release(&app.db, &claimed).await?;
            tracing::warn!(company_id, error = %e, "WeCom login refused");
            return Err(match e {
                WeComError::Api { code, msg } => {
                    ApiError::new(401, format!("登录失败: 企业微信拒绝了code ({code} {msg})"))
                }
                other => other.into(),
            });
        }
    };
    let not_member = || ApiError::new(302, "用户不存在: 该企业微信成员没有雷达账号");
    let user = users::by_wecom_userid(&app.db, company_id, &wecom_userid.ok_or_else(not_member)?)
        .await?
        .ok_or_else(not_member)?;
    if user.status != 1 {
        return Err(ApiError::disabled());
    }
    users::record_login(&app.db, company_id, user.id).await?;
    Ok(Envelope::ok(json!({
        "user_id": user.id,
        "id": user.id,
        "token": user.token,
        "username": user.username,
        "avatar": user.avatar,
        "is_first_login": if user.last_login_at.is_none() { "Yes" } else { "No" },
        "company_id": company.id,
        "company_name": company.name,
        "product_function_type": company.product_function_type,
    }))
    .msg("登录成功"))
}
