//! `GET qiyeweixin/work_weixin_auth/{company_id}?code=…`: a radar user logs
//! in through the company's WeCom app (each company's app has its own
//! route): the OAuth code names a WeCom UserID, which names the radar user.
//! With `state=scan_code_web_login|<auth code>` the same login confirms a web
//! console's scan-code login instead (`scan::completion`).

use super::scan::completion;
use crate::app::{App, AppState};
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::scan_login::auth_code_of;
use crate::store::companies::{self, Company};
use crate::store::login_codes;
use crate::store::users::{self, RadarUser};
use crate::wecom::{corp_credentials, WeComError};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Exchanges the code with WeCom and answers the user's session (or, for a
/// scan login, sends the phone to the page that tells how it went).
pub async fn login(
    State(app): State<AppState>,
    Path(company): Path<String>,
    fields: Fields,
) -> Response {
    // Other endpoints under this prefix (`work_weixin_auth/<op>`) are routes
    // of their own; a segment that is neither is no path at all.
    let Ok(company_id) = company.trim().parse::<i64>() else {
        return ApiError::unknown_path().into_response();
    };
    let resolved = resolve(&app, company_id, &fields).await;
    if let Some(auth_code) = auth_code_of(fields.get("state")) {
        return completion::complete(&app.db, company_id, auth_code, resolved).await;
    }
    session(&app, resolved).await.into_response()
}

/// The user's session after a successful login.
async fn session(app: &App, resolved: ApiResult<(Company, RadarUser)>) -> ApiResult {
    let (company, user) = resolved?;
    users::record_login(&app.db, company.id, user.id).await?;
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

/// The enabled company and radar user the request's OAuth `code` names;
/// 306 when either is disabled.
async fn resolve(app: &App, company_id: i64, fields: &Fields) -> ApiResult<(Company, RadarUser)> {
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
    Ok((company, user))
}
