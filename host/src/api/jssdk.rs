//! The signatures a page needs to use the JS-SDK (`wx.config`): the WeCom
//! corp's (`qiyeweixin/enterprise_weixin_sign`) and, for the article pages a
//! radar user shares, the company's public account's
//! (`qiyeweixin/work_weixin_auth/gongzhonghao_share_sign`).

use crate::app::AppState;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::public_account;
use crate::store::companies::{self, Company};
use crate::wechat::jssdk::{page_address, sign_page};
use crate::wecom::corp_credentials;
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use serde_json::json;

/// Routes of the JS-SDK signatures. The public account's sits under
/// `work_weixin_auth/`, whose `{company_id}` route (the WeCom login) a
/// static segment outranks.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/zhugeleida/qiyeweixin/enterprise_weixin_sign", get(sign))
        .route(
            "/zhugeleida/qiyeweixin/work_weixin_auth/gongzhonghao_share_sign",
            get(public_account_sign),
        )
}

/// Answers the WeCom `{signature, timestamp, nonceStr, appId}` for the page `url`.
pub async fn sign(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let url = page_url(&fields)?;
    let company = company_of(&app, me.company_id).await?;
    let (corp_id, secret) = corp_credentials(&company)?;
    let ticket = app.wecom.jsapi_ticket(corp_id, secret).await?;
    Ok(signed(&ticket, url, corp_id))
}

/// Answers the public account's `{signature, timestamp, nonceStr, appId}`
/// for the page `url`, signed with its jsapi ticket.
pub async fn public_account_sign(
    State(app): State<AppState>,
    Caller(me): Caller,
    fields: Fields,
) -> ApiResult {
    let url = page_url(&fields)?;
    let company = company_of(&app, me.company_id).await?;
    let (appid, secret) = public_account::credentials(&company)?;
    let ticket = app.wechat.jsapi_ticket(appid, secret).await?;
    Ok(signed(&ticket, url, appid))
}

/// The page to sign: `url` without its fragment; 303 when there is none.
fn page_url(fields: &Fields) -> ApiResult<&str> {
    let url = page_address(fields.required("url")?);
    if url.is_empty() {
        return Err(ApiError::missing("url"));
    }
    Ok(url)
}

async fn company_of(app: &AppState, company_id: i64) -> ApiResult<Company> {
    companies::get(&app.db, company_id)
        .await?
        .ok_or_else(ApiError::bad_token)
}

fn signed(ticket: &str, url: &str, app_id: &str) -> Envelope {
    let s = sign_page(ticket, url);
    Envelope::ok(json!({
        "signature": s.signature,
        "timestamp": s.timestamp,
        "nonceStr": s.nonce,
        "appId": app_id,
    }))
    .msg("查询成功")
}
